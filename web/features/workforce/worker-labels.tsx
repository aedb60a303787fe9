import { Space, Tag, Tooltip } from 'antd';
import { CERTIFICATE_LEVEL_NAMES, ROTATION_ROLE_NAMES, WORKER_KIND_NAMES, WORKER_STATUS_NAMES, type CertificateLevel, type RotationRole, type WorkerKind, type WorkerStatus } from '../../../contracts/workforce';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import type { Worker } from './workforce-api';

/** 'zh' or 'en', to read the contract's name maps. */
export function useLang(): 'zh' | 'en' {
  return useI18n().locale === 'en-US' ? 'en' : 'zh';
}

export const kindName = (kind: WorkerKind, lang: 'zh' | 'en') => WORKER_KIND_NAMES[kind][lang];
export const levelName = (level: CertificateLevel, lang: 'zh' | 'en') => CERTIFICATE_LEVEL_NAMES[level][lang];
export const statusName = (status: WorkerStatus, lang: 'zh' | 'en') => WORKER_STATUS_NAMES[status][lang];
export const roleName = (role: RotationRole, lang: 'zh' | 'en') => ROTATION_ROLE_NAMES[role][lang];

/** The record's field names, as they appear in the history's `changes` and the import's report. */
export const WORKER_FIELD_LABELS: Record<string, MessageKey> = {
  kind: 'workforce.kind',
  name: 'workforce.name',
  gender: 'workforce.gender',
  idNumber: 'workforce.idNumber',
  phone: 'workforce.phone',
  certificateLevel: 'workforce.certificateLevel',
  certificateNo: 'workforce.certificateNo',
  employerOrgId: 'workforce.employerOrg',
  departmentId: 'workforce.department',
  homeTownId: 'workforce.homeTownLong',
  serviceDomains: 'workforce.serviceDomains',
  status: 'workforce.status',
  note: 'workforce.note',
  seasons: 'workforce.field.seasons',
  capacity: 'workforce.field.capacity',
  roles: 'workforce.field.roles',
  active: 'workforce.field.active',
};

const STATUS_COLOR: Record<WorkerStatus, string> = { active: 'green', paused: 'orange', left: 'default' };

export function WorkerStatusTag({ status }: { status: WorkerStatus }) {
  const lang = useLang();
  return <Tag color={STATUS_COLOR[status]}>{statusName(status, lang)}</Tag>;
}

export function KindTag({ kind }: { kind: WorkerKind }) {
  const lang = useLang();
  return <Tag color={kind === 'socialWorker' ? 'blue' : 'purple'}>{kindName(kind, lang)}</Tag>;
}

/** A social worker's organization or a certified employee's department. */
export const employerOf = (w: Worker): string | null => w.employerOrg?.name ?? w.department?.name ?? null;

/** The service domains as tags; past `max`, the rest in a tooltip. */
export function DomainTags({ domains, max = 3 }: { domains: Worker['serviceDomains']; max?: number }) {
  const t = useT();
  if (domains.length === 0) return <>{t('workforce.none')}</>;
  const shown = domains.slice(0, max);
  const rest = domains.slice(max);
  return (
    <Space size={[0, 4]} wrap>
      {shown.map((d) => (
        <Tag key={d.code}>{d.name}</Tag>
      ))}
      {rest.length ? (
        <Tooltip title={rest.map((d) => d.name).join('、')}>
          <Tag>+{rest.length}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}
