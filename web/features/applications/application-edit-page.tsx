import { Alert, App, Button, Card, Flex, Form, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ProblemError } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { applyProblemToForm } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { CaseAttachments } from '../cases/case-attachments';
import { fieldOfPath, fromForm, KindForm, toForm, type FieldNotice } from './application-form';
import { useApplication, useFire, useUpdateForm, type Application } from './applications-api';
import { DeadlineText } from './application-labels';

type NoticeItem = NonNullable<Application['supplementNotice']>['items'][number];

const ANSWER_NAMES: Record<NonNullable<NoticeItem['answer']>, MessageKey> = { changed: 'application.answer.changed', replaced: 'application.answer.replaced', explained: 'application.answer.explained' };

/** How an item of the notice stands, as a tag. */
export function AnswerTag({ item }: { item: NoticeItem }) {
  const t = useT();
  return item.answer ? <Tag color="success">{t(ANSWER_NAMES[item.answer])}</Tag> : <Tag color="warning">{t('application.answer.pending')}</Tag>;
}

/**
 * 修改申请: a draft, or an application answering a one-time notice, edited field by field. The fields and materials
 * the notice points at are marked with what to correct; each may instead be explained. Every save is checked by the
 * server, which names each wrong field — its message appears under it; the resubmission is refused until every item
 * is answered, and says which.
 */
export function ApplicationEditPage() {
  const { id = '' } = useParams();
  const { data: a, isPending, error, refetch } = useApplication(id);
  const t = useT();
  if (isPending) return <Spin className="sz-block sz-m-48" />;
  if (error || !a) return <ErrorAlert error={error} onRetry={refetch} />;
  if (!a.abilities.edit) {
    return (
      <Alert
        type="info"
        showIcon
        message={t('application.edit.locked')}
        description={
          <span>
            {t('application.edit.lockedHelp')}<Link to={`/applications/${a.id}`}>{t('application.edit.back')}</Link>
          </span>
        }
      />
    );
  }
  return <EditForm a={a} onUploaded={refetch} />;
}

function EditForm({ a, onUploaded }: { a: Application; onUploaded: () => unknown }) {
  const [form] = Form.useForm();
  const save = useUpdateForm(a.id);
  const fire = useFire(a.id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const t = useT();
  const [problem, setProblem] = useState<unknown>(null);
  const notice = a.supplementNotice?.open ? a.supplementNotice : null;
  const items = useMemo(() => notice?.items ?? [], [notice]);
  const fieldNotices = useMemo(() => {
    const out: Record<string, FieldNotice> = {};
    for (const i of items) if (i.field) out[fieldOfPath(i.field)] = { no: i.no, problem: i.problem, answered: !!i.answer };
    return out;
  }, [items]);
  const materialNotes = Object.fromEntries(
    items
      .filter((i) => i.item)
      .map((i) => [
        i.item!,
        <Space key={i.no} wrap size={4} data-testid={`notice-material-${i.item}`}>
          <AnswerTag item={i} />
          <Typography.Text type={i.answer ? 'secondary' : 'warning'}>
            {t('application.edit.materialNote', { no: i.no, problem: i.problem })}
          </Typography.Text>
        </Space>,
      ]),
  );
  const explanationValues = Object.fromEntries(items.map((i) => [`explain${i.no}`, i.explanation ?? '']));
  useEffect(() => {
    form.setFieldsValue({ ...fromForm(a.kind, a.form), ...explanationValues });
    // Once, when the page opens: what is typed stays (and the server's messages under it) while saves reload the case.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a.id]);

  const materialErrors = problem instanceof ProblemError ? problem.errors.filter((e) => e.path.startsWith('materials.')) : [];

  /** Saves the form (and the explanations); null when the server refused it, its messages then under the fields. */
  const saveAll = async (): Promise<Application | null> => {
    setProblem(null);
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return null;
    }
    const formValues = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('explain')));
    const explanations = items.map((i) => {
      const text = typeof values[`explain${i.no}`] === 'string' ? (values[`explain${i.no}`] as string).trim() : '';
      return { no: i.no, explanation: text || null };
    });
    try {
      return await save.mutateAsync({ version: a.version, form: toForm(a.kind, { ...formValues, orgId: a.form.orgId ?? formValues.orgId }), explanations: notice ? explanations : undefined });
    } catch (e) {
      setProblem(e);
      applyProblemToForm(form, e, (p) => (p.startsWith('explanations.') ? `explain${items[Number(p.split('.')[1])]?.no}` : p.startsWith('form.') ? fieldOfPath(p) : null));
      return null;
    }
  };
  const event = a.state === 'draft' ? 'submit' : 'resubmit';
  const submit = async () => {
    const saved = await saveAll();
    if (!saved) return;
    try {
      await fire.mutateAsync({ event, version: saved.case.version });
      message.success(t(event === 'submit' ? 'application.edit.submitted' : 'application.edit.resubmitted'));
      navigate(`/applications/${a.id}`);
    } catch (e) {
      setProblem(e);
      applyProblemToForm(form, e, (p) => (p.startsWith('form.') ? fieldOfPath(p) : null));
    }
  };

  return (
    <div data-testid="application-edit-page">
      <PageHeader title={t('application.edit.title', { title: a.title })} description={`${a.number} · ${a.kindName}`} extra={<Link to={`/applications/${a.id}`}>{t('application.edit.back')}</Link>} />
      {notice ? (
        <Alert
          className="sz-mb-16"
          type={notice.overdue ? 'error' : 'warning'}
          showIcon
          data-testid="edit-notice"
          message={
            <Space wrap>
              <span>{t('application.edit.noticeTitle', { count: notice.items.length })}</span>
              {notice.dueOn ? (
                <span>
                  {t('application.notice.dueOn', { date: notice.dueOn })} <DeadlineText overdue={notice.overdue} workingDaysLeft={notice.workingDaysLeft} dueOn={notice.dueOn} />
                </span>
              ) : null}
            </Space>
          }
          description={
            <>
              <Typography.Paragraph className="sz-mb-8">{t('application.edit.noticeHelp', { rule: notice.overdueRuleName })}</Typography.Paragraph>
              <List
                size="small"
                dataSource={notice.items}
                renderItem={(i) => (
                  <List.Item data-testid={`edit-notice-item-${i.no}`}>
                    <Space wrap size={4}>
                      <AnswerTag item={i} />
                      <strong>
                        {i.no}. {t('application.notice.itemName', { name: i.itemName ?? '' })}
                      </strong>
                      <span className="sz-pre-wrap">{i.problem}</span>
                    </Space>
                  </List.Item>
                )}
              />
            </>
          }
        />
      ) : null}
      {/* The whole refusal, every problem named (those on fields also stand under their field). */}
      {problem ? <ErrorAlert error={problem} className="sz-mb-16" testId="edit-problem" description={materialErrors.length ? t('application.edit.materialErrors') : undefined} /> : null}
      <Form form={form} layout="vertical" scrollToFirstError>
        <Card size="small" title={t('application.edit.form')} className="sz-mb-16">
          <KindForm kind={a.kind} orgs={typeof a.form.orgId === 'string' ? [{ id: a.form.orgId, name: a.title }] : []} notices={fieldNotices} />
        </Card>
        {notice ? (
          <Card size="small" title={t('application.edit.explainTitle')} className="sz-mb-16">
            {notice.items.map((i) => (
              <Form.Item key={i.no} name={`explain${i.no}`} label={t('application.edit.explainLabel', { no: i.no, name: i.itemName ?? '' })} rules={[{ min: 4, message: t('application.edit.explainMin') }]} extra={t('application.edit.explainHelp')}>
                <Input.TextArea rows={2} maxLength={500} data-testid={`explain-${i.no}`} />
              </Form.Item>
            ))}
          </Card>
        ) : null}
      </Form>
      <Card size="small" title={t('application.materials')} className="sz-mb-16" data-testid="materials">
        <CaseAttachments caseId={a.id} attachments={a.case.attachments} canUpload={a.case.abilities.attach} onUploaded={onUploaded} items={a.checklist} notes={materialNotes} />
      </Card>
      <Flex gap={8} wrap>
        <Button
          loading={save.isPending && !fire.isPending}
          data-testid="edit-save"
          onClick={() =>
            void saveAll().then((saved) => {
              if (saved) message.success(t('common.saved'));
            })
          }
        >
          {t('common.save')}
        </Button>
        <Button type="primary" loading={fire.isPending} data-testid="edit-submit" onClick={() => void submit()}>
          {t(event === 'submit' ? 'application.edit.saveSubmit' : 'application.edit.saveResubmit')}
        </Button>
        <Button onClick={() => navigate(`/applications/${a.id}`)}>{t('common.cancel')}</Button>
      </Flex>
    </div>
  );
}
