import { Flex, Typography } from 'antd';
import { useI18n } from '../../../app/i18n';
import { useIsPhone } from '../../../components/use-is-phone';
import { useRefreshProjects, type Project } from '../projects-api';
import { CaseAttachments } from '../../cases/case-attachments';
import { CaseComments } from '../../cases/case-comments';
import { CaseTimeline } from '../../cases/case-timeline';

/** 办理记录: every step of the case (who, when, what they wrote), the case's files (and their upload while the case allows), and the comments. */
export function HistoryTab({ project: p }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const c = p.case;
  const refresh = useRefreshProjects();
  return (
    <Flex gap={24} vertical={isPhone} align="flex-start" data-testid="project-history">
      <div style={{ flex: 3, minWidth: 0, width: '100%' }}>
        <div data-testid="case-timeline">
          <CaseTimeline steps={c.steps} />
        </div>
      </div>
      <div style={{ flex: 2, minWidth: 0, width: '100%' }}>
        {c.attachments.length || c.abilities.attach ? (
          <div className="sz-mb-16">
            <Typography.Title level={5} className="sz-mt-0">
              {t('project.files')}
            </Typography.Title>
            <CaseAttachments caseId={p.id} attachments={c.attachments} canUpload={c.abilities.attach} onUploaded={refresh} />
          </div>
        ) : null}
        <div data-testid="project-comments">
          <CaseComments c={c} everyoneLabel={t('project.visibleToAll')} onPosted={refresh} title={<Typography.Title level={5} className="sz-mt-0">{t('project.comments')}</Typography.Title>} />
        </div>
      </div>
    </Flex>
  );
}
