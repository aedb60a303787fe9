import { Card, Flex, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { useT, type MessageKey } from '../../app/i18n';
import { chinaDay } from '../../components/china-time';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useStations, type Station } from './assessment-api';

/** A contract is shown as running out when it ends within this many days: time to renew or call for a new operator. */
const ENDING_SOON_DAYS = 90;

type ContractState = 'none' | 'notStarted' | 'running' | 'endingSoon' | 'ended';

function contractStateOf(s: Station, today: string): ContractState {
  if (!s.contractFrom && !s.contractTo) return 'none';
  if (s.contractFrom && s.contractFrom > today) return 'notStarted';
  if (s.contractTo && s.contractTo < today) return 'ended';
  if (s.contractTo && (Date.parse(s.contractTo) - Date.parse(today)) / 86_400_000 <= ENDING_SOON_DAYS) return 'endingSoon';
  return 'running';
}

const CONTRACT_COLOR: Record<ContractState, string> = { none: 'default', notStarted: 'blue', running: 'green', endingSoon: 'orange', ended: 'red' };
const CONTRACT_NAME: Record<ContractState, MessageKey> = {
  none: 'assess.station.contractNone',
  notStarted: 'assess.station.contractNotStarted',
  running: 'assess.station.contractRunning',
  endingSoon: 'assess.station.contractEndingSoon',
  ended: 'assess.station.contractEnded',
};

function ContractTag({ state }: { state: ContractState }) {
  const t = useT();
  return (
    <Tag color={CONTRACT_COLOR[state]} className="sz-me-0" data-testid="station-contract-state">
      {t(CONTRACT_NAME[state])}
    </Tag>
  );
}

/** The contract's term as one line: 2025-01-01 至 2027-12-31. */
function Term({ s }: { s: Station }) {
  const t = useT();
  if (!s.contractFrom && !s.contractTo) return <Typography.Text type="secondary">{t('assess.station.noContract')}</Typography.Text>;
  return <span className="sz-nowrap">{t('assess.station.term', { from: s.contractFrom ?? '—', to: s.contractTo ?? '—' })}</span>;
}

/** The operating agency, a link into the registry for those who may read it. */
function Operator({ s }: { s: Station }) {
  const t = useT();
  const can = useCan();
  if (!s.operatorName) return <Typography.Text type="secondary">{t('assess.station.selfRun')}</Typography.Text>;
  return s.operatorOrgId && can('org.read') ? (
    <Link to={`/orgs/${s.operatorOrgId}`} onClick={(e) => e.stopPropagation()} data-testid="station-operator">
      {s.operatorName}
    </Link>
  ) : (
    <span data-testid="station-operator">{s.operatorName}</span>
  );
}

/**
 * 社工站: the city's social work stations (一镇一街道一社会工作站), each in its town, integrated with the social
 * organizations' service centre (二合一) and run by a professional agency on a contract (托管运营) — the subjects of
 * the SPPE assessment. The contracts running out within 90 days stand out.
 */
export function StationsPage() {
  const t = useT();
  const stations = useStations();
  const today = chinaDay(new Date());
  const list = stations.data ?? [];
  const states = new Map(list.map((s) => [s.id, contractStateOf(s, today)]));
  const operated = list.filter((s) => s.operatorName).length;
  const count = (state: ContractState) => list.filter((s) => states.get(s.id) === state).length;
  const attention = [
    count('ended') ? t('assess.station.ended', { n: count('ended') }) : null,
    count('endingSoon') ? t('assess.station.endingSoon', { n: count('endingSoon'), days: ENDING_SOON_DAYS }) : null,
    count('none') ? t('assess.station.unrecorded', { n: count('none') }) : null,
  ].filter(Boolean);
  const columns: ColumnsType<Station> = [
    { title: t('assess.edit.code'), dataIndex: 'code', width: 110 },
    {
      title: t('assess.station.name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Flex vertical gap={2} className="sz-min-w-0">
          <Typography.Text strong data-testid="station-name">
            {name}
          </Typography.Text>
          {s.integratedWithCenter ? <Typography.Text type="secondary" className="sz-text-sm">{t('assess.station.integrated')}</Typography.Text> : null}
        </Flex>
      ),
    },
    { title: t('assess.station.town'), dataIndex: 'townName', width: 110 },
    { title: t('assess.station.operator'), key: 'operator', render: (_: unknown, s) => <Operator s={s} /> },
    { title: t('assess.station.contract'), key: 'term', width: 230, render: (_: unknown, s) => <Term s={s} /> },
    { title: t('assess.state'), key: 'state', width: 110, render: (_: unknown, s) => <ContractTag state={states.get(s.id)!} /> },
  ];
  return (
    <>
      <PageHeader title={t('assess.station.nav')} description={t('assess.station.description')} extra={<Link to="/assessment/rounds">{t('assess.backToRounds')}</Link>} />
      <Card>
        {list.length ? (
          <Typography.Paragraph data-testid="station-summary">
            {t('assess.station.summary', { n: list.length, operated })}
            {attention.length ? <Typography.Text type="warning">{t('assess.station.attention', { list: attention.join(t('assess.station.and')) })}</Typography.Text> : null}
          </Typography.Paragraph>
        ) : null}
        <ListShell<Station>
          list={{ items: list, isPending: stations.isPending, error: stations.error, refetch: stations.refetch }}
          columns={columns}
          rowKey="id"
          empty={t('assess.station.none')}
          scrollX={900}
          tableTestId="station-table"
          listTestId="station-cards"
          renderCard={(s) => (
            <div data-testid="station-card">
              <Flex justify="space-between" gap={8} align="flex-start">
                <Typography.Text strong className="sz-min-w-0">
                  {s.name}
                </Typography.Text>
                <ContractTag state={states.get(s.id)!} />
              </Flex>
              <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mt-4">
                {s.townName} · {s.code}
                {s.integratedWithCenter ? ` · ${t('assess.station.integratedShort')}` : ''}
              </Typography.Text>
              <div className="sz-text-sm sz-mt-4">
                {t('assess.station.operator')}：<Operator s={s} />
              </div>
              <div className="sz-text-sm">
                {t('assess.station.contract')}：<Term s={s} />
              </div>
            </div>
          )}
        />
      </Card>
    </>
  );
}
