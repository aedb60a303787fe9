import { ErrorAlert } from '../../components/error-alert';
import { UserAddOutlined } from '@ant-design/icons';
import {  Button, Card, Flex, Modal, Popconfirm, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import {  useFeedback } from '../../app/query';
import { useProjectSupervisors, useSupervisorCandidates, useSupervisorMutations } from './supervision-api';


/**
 * 第三方督导: who supervises the project. The office names supervisors from its pool and removes them;
 * everyone who sees the project sees who they are (the provider expects the visit).
 */
export function SupervisorsCard({ projectId, mayAssign }: { projectId: string; mayAssign: boolean }) {
  const { t } = useI18n();
  const { notifyError, notifySuccess } = useFeedback();
  const supervisors = useProjectSupervisors(projectId);
  const candidates = useSupervisorCandidates(mayAssign);
  const { assign, remove } = useSupervisorMutations(projectId);
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  // The tag's close icon stops its click before the Popconfirm sees it: the icon opens the confirm itself.
  const [confirming, setConfirming] = useState<string | null>(null);
  const named = new Set((supervisors.data ?? []).map((s) => s.userId));
  const options = (candidates.data ?? []).filter((c) => !named.has(c.id)).map((c) => ({ value: c.id, label: c.name }));

  if (supervisors.isError) return <ErrorAlert error={supervisors.error} className="sz-mb-12" />;
  const list = supervisors.data ?? [];
  if (!mayAssign && list.length === 0) return null;
  return (
    <Card size="small" className="sz-mb-12" data-testid="project-supervisors">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div className="sz-min-w-0">
          <Typography.Text strong>{t('supervision.cardTitle')}</Typography.Text>
          <Flex wrap gap={6} className="sz-mt-6">
            {list.length === 0 ? (
              <Typography.Text type="secondary">{t('supervision.noneNamed')}</Typography.Text>
            ) : (
              list.map((s) =>
                mayAssign ? (
                  <Popconfirm
                    key={s.userId}
                    title={t('supervision.removeConfirm', { name: s.name })}
                    description={t('supervision.removeHint')}
                    okText={t('supervision.remove')}
                    okButtonProps={{ danger: true }}
                    open={confirming === s.userId}
                    onOpenChange={(open) => setConfirming(open ? s.userId : null)}
                    onConfirm={() => remove.mutateAsync(s.userId).then(() => notifySuccess(t('supervision.removed')), (err: unknown) => notifyError(err))}
                  >
                    <Tag
                      closable
                      onClose={(e) => {
                        e.preventDefault();
                        setConfirming(s.userId);
                      }}
                      color="purple"
                      data-testid="supervisor-tag"
                      title={t('supervision.addedBy', { name: s.addedByName, at: s.addedAt.slice(0, 10) })}
                    >
                      {s.name}
                    </Tag>
                  </Popconfirm>
                ) : (
                  <Tag key={s.userId} color="purple" data-testid="supervisor-tag">
                    {s.name}
                  </Tag>
                ),
              )
            )}
          </Flex>
        </div>
        {mayAssign ? (
          <Button icon={<UserAddOutlined />} onClick={() => setPicking(true)} data-testid="supervisor-add">
            {t('supervision.assign')}
          </Button>
        ) : null}
      </Flex>
      <Modal
        open={picking}
        title={t('supervision.assign')}
        okText={t('supervision.assignOk')}
        okButtonProps={{ disabled: picked.length === 0, loading: assign.isPending, id: 'supervisor-assign-ok' }}
        onCancel={() => setPicking(false)}
        onOk={() =>
          assign.mutateAsync(picked).then(
            () => {
              notifySuccess(t('supervision.assigned'));
              setPicked([]);
              setPicking(false);
            },
            (err: unknown) => notifyError(err),
          )
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('supervision.assignHint')}</Typography.Paragraph>
        <Select
          mode="multiple"
          className="sz-w-full"
          value={picked}
          onChange={setPicked}
          options={options}
          loading={candidates.isPending}
          placeholder={t('supervision.pick')}
          notFoundContent={t('supervision.noCandidates')}
          data-testid="supervisor-select"
        />
      </Modal>
    </Card>
  );
}
