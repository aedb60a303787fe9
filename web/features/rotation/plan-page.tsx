import { Alert, App, Button, Card, Collapse, Empty, List, Modal, Popconfirm, Popover, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type DragEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ROTATION_ROLES, type RotationRole } from '../../../contracts/workforce';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { coverageColors } from '../../app/theme';
import { problemMessage } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCatalog } from '../catalog/catalog-api';
import { useLang } from '../workforce/worker-labels';
import { KIND_COLORS, KIND_NAMES, roleName, seasonName, STATUS_COLORS } from './rotation-labels';
import { usePlan, useRotationMutations, type Plan, type PlanEditBody, type PlanEditResult } from './rotation-api';

type Assignment = Plan['assignments'][number];
interface Move {
  assignment: Assignment;
  communityId: string | null;
  role: RotationRole;
  /** The one resource in the target cell, which goes to the moved one's place: a swap keeps both cells covered. */
  swapWith?: Assignment;
}

/** What a move sends: the old assignment out, the new one in (or only out); a swap trades the two places. */
const editOf = (plan: Plan, m: Move): PlanEditBody => {
  const add: PlanEditBody['add'] = m.communityId ? [{ communityId: m.communityId, role: m.role, resourceKind: m.assignment.resource.kind, resourceId: m.assignment.resource.id }] : [];
  if (m.swapWith) add.push({ communityId: m.assignment.communityId, role: m.assignment.role, resourceKind: m.swapWith.resource.kind, resourceId: m.swapWith.resource.id });
  return { version: plan.version, remove: m.swapWith ? [m.assignment.id, m.swapWith.id] : [m.assignment.id], add };
};

/**
 * 季度方案: one town at a time, its communities × the four roles with the resources in each; the solver's report; the
 * rules the plan breaks. Staff drag a resource to another community or role (or use 移动 on a phone): the server
 * checks the plan as it would be and shows the breaches before anything is saved; a hard rule refuses the move.
 */
export function PlanPage() {
  const t = useT();
  const lang = useLang();
  const phone = useIsPhone();
  const { message, modal } = App.useApp();
  const params = useParams();
  const year = Number(params.year);
  const season = Number(params.season);
  const plan = usePlan(year, season);
  const catalog = useCatalog();
  const { edit, publish } = useRotationMutations();
  const [townId, setTownId] = useState<string | null>(null);
  const [check, setCheck] = useState<{ move: Move; result: PlanEditResult } | null>(null);
  const [dragged, setDragged] = useState<Assignment | null>(null);
  const p = plan.data;
  const town = townId ?? p?.towns[0]?.town.id ?? null;
  const communities = useMemo(() => (p ? p.communities.filter((c) => c.townId === town) : []), [p, town]);
  const cells = useMemo(() => {
    const m = new Map<string, Assignment[]>();
    for (const a of p?.assignments ?? []) m.set(`${a.communityId}|${a.role}`, [...(m.get(`${a.communityId}|${a.role}`) ?? []), a]);
    return m;
  }, [p]);

  if (plan.isPending) return <Skeleton active />;
  if (!p) return <ErrorAlert error={plan.error} onRetry={plan.refetch} />;
  const editable = p.abilities.edit;
  const tw = p.towns.find((x) => x.town.id === town);
  const breaches = p.breaches.filter((b) => b.townId === town);
  const hard = breaches.filter((b) => b.hard);
  const communityName = new Map(p.communities.map((c) => [c.id, c.name]));
  const domainName = new Map((catalog.data?.domains ?? []).filter((d) => d.cityId === p.cityId).map((d) => [d.code, d.name]));
  const needsText = (needs: string[]) => (needs.length ? `${t('rotation.needs')}：${needs.map((n) => domainName.get(n) ?? n).join('、')}` : '');
  const byRule = [...breaches.reduce((m, b) => m.set(b.ruleName + (b.hard ? '*' : ''), { hard: b.hard, name: b.ruleName, n: (m.get(b.ruleName + (b.hard ? '*' : ''))?.n ?? 0) + 1 }), new Map<string, { hard: boolean; name: string; n: number }>()).values()];
  const cell = (c: Plan['communities'][number], role: RotationRole) => {
    const list = cells.get(`${c.id}|${role}`) ?? [];
    return (
      <div
        onDragOver={(e) => editable && e.preventDefault()}
        onDrop={drop(c.id, role)}
        style={{ minHeight: 28, padding: 2, borderRadius: 4, background: list.length ? undefined : coverageColors.emptyCell, outline: dragged ? `1px dashed ${coverageColors.dropTarget}` : undefined }}
        data-testid={`cell-${c.id}-${role}`}
      >
        {list.length ? list.map(tag) : <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('rotation.plan.empty')}</Typography.Text>}
      </div>
    );
  };

  const tryMove = (move: Move) =>
    edit.mutate(
      { id: p.id, ...editOf(p, move), dryRun: true },
      { onSuccess: (result) => setCheck({ move, result }), onError: (e) => void message.error(problemMessage(e, t)) },
    );
  const confirmMove = () => {
    if (!check) return;
    edit.mutate(
      { id: p.id, ...editOf(p, check.move) },
      {
        onSuccess: () => {
          setCheck(null);
          void message.success(t('rotation.plan.moved'));
        },
        onError: (e) => {
          setCheck(null);
          void modal.error({ title: t('rotation.plan.moveRefused'), content: problemMessage(e, t) });
        },
      },
    );
  };
  /** Onto an empty cell: a move; onto a cell held by one resource: a swap (a plan covers every cell once). */
  const moveTo = (a: Assignment, communityId: string, role: RotationRole): Move => {
    const there = (cells.get(`${communityId}|${role}`) ?? []).filter((x) => x.id !== a.id);
    return { assignment: a, communityId, role, swapWith: there.length === 1 ? there[0] : undefined };
  };
  const drop = (communityId: string, role: RotationRole) => (e: DragEvent) => {
    e.preventDefault();
    if (dragged && (dragged.communityId !== communityId || dragged.role !== role)) tryMove(moveTo(dragged, communityId, role));
    setDragged(null);
  };
  const doPublish = () =>
    publish.mutate(
      { id: p.id, version: p.version },
      {
        onSuccess: (r) => void modal.success({ title: t('rotation.plan.published'), content: t('rotation.plan.publishedDetail', { assignees: r.assignees, notified: r.assigneesNotified }) }),
        onError: (e) => void modal.error({ title: t('rotation.plan.publishRefused'), content: e instanceof ProblemError && e.errors.length ? e.errors.map((x) => x.message).join('\n') : problemMessage(e, t) }),
      },
    );

  const tag = (a: Assignment) => {
    const inner = (
      <Tag
        key={a.id}
        color={KIND_COLORS[a.resource.kind]}
        draggable={editable && !phone}
        onDragStart={() => setDragged(a)}
        onDragEnd={() => setDragged(null)}
        style={{ cursor: editable ? 'grab' : 'default', marginBottom: 4, maxWidth: 168, overflow: 'hidden', textOverflow: 'ellipsis' }}
        title={`${KIND_NAMES[a.resource.kind][lang]} · ${a.resource.name}${a.source === 'office' ? ` · ${t('rotation.plan.byOffice')}` : ''}`}
        data-testid="rotation-assignment"
      >
        {a.source === 'office' ? '✎ ' : ''}
        {a.resource.name}
      </Tag>
    );
    if (!editable) return inner;
    return (
      <Popover
        key={a.id}
        trigger="click"
        title={a.resource.name}
        content={
          <MoveForm
            assignment={a}
            communities={communities.map((c) => ({ value: c.id, label: c.name }))}
            occupant={(communityId, role) => moveTo(a, communityId, role).swapWith?.resource.name ?? null}
            onMove={(communityId, role) => tryMove(moveTo(a, communityId, role))}
            onRemove={() => tryMove({ assignment: a, communityId: null, role: a.role })}
          />
        }
      >
        {inner}
      </Popover>
    );
  };

  return (
    <>
      <PageHeader
        title={t('rotation.plan.title', { year, season: seasonName(season, lang) })}
        description={
          <Space wrap size={4}>
            <Tag color={p.state === 'published' ? 'green' : 'gold'}>{t(p.state === 'published' ? 'rotation.state.published' : 'rotation.state.draft')}</Tag>
            <Typography.Text type="secondary">{editable ? (phone ? t('rotation.plan.hintPhone') : t('rotation.plan.hint')) : t('rotation.plan.readOnly')}</Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            <Link to={`/rotation?year=${year}`}>{t('rotation.back')}</Link>
            {p.abilities.publish ? (
              <Popconfirm title={t('rotation.plan.publishConfirm')} onConfirm={doPublish} okText={t('rotation.plan.publish')} cancelText={t('common.cancel')}>
                <Button type="primary" loading={publish.isPending} data-testid="rotation-publish">
                  {t('rotation.plan.publish')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 200 }} value={town ?? undefined} onChange={setTownId} aria-label={t('rotation.town')} data-testid="rotation-plan-town" options={p.towns.map((x) => ({ value: x.town.id, label: `${x.town.name}（${x.covered}/${x.communities}）` }))} />
        {tw ? (
          <Typography.Text type="secondary" data-testid="rotation-town-status">
            <Tag color={STATUS_COLORS[tw.status]}>{t(`rotation.status.${tw.status}`)}</Tag>
            {tw.status !== 'infeasible' ? t('rotation.plan.solverLine', { objective: tw.objective === null ? '—' : Math.round(tw.objective), gap: tw.gap === null ? '—' : (tw.gap * 100).toFixed(2), s: (tw.millis / 1000).toFixed(1) }) : null}
          </Typography.Text>
        ) : null}
      </Space>
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        {(['org', 'socialWorker', 'certifiedEmployee'] as const).map((k) => (
          <Tag key={k} color={KIND_COLORS[k]}>
            {KIND_NAMES[k][lang]}
          </Tag>
        ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rotation.plan.legend')}
        </Typography.Text>
      </Space>
      {tw?.status === 'infeasible' ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('rotation.plan.infeasible', { rule: tw.infeasibleRule ? t(`rotation.rule.${tw.infeasibleRule}`) : '—' })} description={tw.infeasibleDetail} /> : null}
      {tw?.status === 'timeLimit' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('rotation.plan.timeLimit')} description={tw.infeasibleDetail} /> : null}
      {breaches.length ? (
        <Alert
          type={hard.length ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rotation-breaches"
          message={hard.length ? t('rotation.plan.hardBreaches', { n: hard.length, soft: breaches.length - hard.length }) : t('rotation.plan.softBreaches', { n: breaches.length })}
          description={
            <>
              <Space wrap size={4}>
                {byRule.map((r) => (
                  <Tag key={r.name + String(r.hard)} color={r.hard ? 'red' : 'orange'}>
                    {r.name} × {r.n}
                  </Tag>
                ))}
              </Space>
              <Collapse
                ghost
                size="small"
                defaultActiveKey={hard.length ? ['list'] : []}
                items={[
                  {
                    key: 'list',
                    label: t('rotation.plan.breachList'),
                    children: (
                      <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 200, overflow: 'auto' }}>
                        {breaches.slice(0, 60).map((b, i) => (
                          <li key={i}>
                            <Tag color={b.hard ? 'red' : 'orange'}>{b.ruleName}</Tag>
                            {b.message}
                          </li>
                        ))}
                        {breaches.length > 60 ? <li>…</li> : null}
                      </ul>
                    ),
                  },
                ]}
              />
            </>
          }
        />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('rotation.plan.noBreach')} />
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {communities.length === 0 ? (
          <Empty description={t('rotation.plan.noCommunities')} />
        ) : phone ? (
          <List
            dataSource={communities}
            renderItem={(c) => (
              <List.Item style={{ display: 'block', padding: '10px 12px' }}>
                <b>{c.name}</b>
                <div style={{ fontSize: 11, color: 'var(--sz-text-3)', marginBottom: 4 }}>{needsText(c.needs)}</div>
                {ROTATION_ROLES.map((role) => (
                  <div key={role} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', marginTop: 4 }}>
                    <span style={{ width: 76, flex: 'none', fontSize: 12, color: 'var(--sz-text-2)', paddingTop: 4 }}>{roleName(role, lang)}</span>
                    <div style={{ flex: 1 }}>{cell(c, role)}</div>
                  </div>
                ))}
              </List.Item>
            )}
          />
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={communities}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('rotation.community'),
                dataIndex: 'name',
                fixed: 'left',
                width: phone ? 96 : 150,
                render: (name: string, c) => (
                  <span>
                    <b>{name}</b>
                    <div style={{ fontSize: 11, color: 'var(--sz-text-3)' }}>{needsText(c.needs)}</div>
                  </span>
                ),
              },
              ...ROTATION_ROLES.map((role) => ({
                title: roleName(role, lang),
                key: role,
                render: (_: unknown, c: Plan['communities'][number]) => cell(c, role),
              })),
            ]}
          />
        )}
      </Card>
      <Modal
        open={check !== null}
        title={
          check
            ? check.move.swapWith
              ? t('rotation.plan.swapTitle', { a: check.move.assignment.resource.name, b: check.move.swapWith.resource.name })
              : t('rotation.plan.checkTitle', { name: check.move.assignment.resource.name, to: check.move.communityId ? `${communityName.get(check.move.communityId) ?? ''} · ${roleName(check.move.role, lang)}` : t('rotation.plan.removed') })
            : ''
        }
        onCancel={() => setCheck(null)}
        okText={t('rotation.plan.confirmMove')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !check || check.result.newBreaches.some((b) => b.hard), loading: edit.isPending }}
        onOk={confirmMove}
      >
        {check && check.result.newBreaches.length === 0 ? <Alert type="success" showIcon message={t('rotation.plan.moveClean')} /> : null}
        {check?.result.newBreaches.some((b) => b.hard) ? <Alert type="error" showIcon style={{ marginBottom: 8 }} message={t('rotation.plan.moveHard')} /> : null}
        {check?.result.newBreaches.length ? (
          <ul style={{ paddingLeft: 18 }} data-testid="rotation-move-breaches">
            {check.result.newBreaches.map((b, i) => (
              <li key={i}>
                <Tag color={b.hard ? 'red' : 'orange'}>{b.ruleName}{b.hard ? `（${t('rotation.rules.hard')}）` : ''}</Tag>
                {b.message}
              </li>
            ))}
          </ul>
        ) : null}
      </Modal>
    </>
  );
}

function MoveForm({
  assignment,
  communities,
  occupant,
  onMove,
  onRemove,
}: {
  assignment: Assignment;
  communities: { value: string; label: string }[];
  occupant: (communityId: string, role: RotationRole) => string | null;
  onMove: (communityId: string, role: RotationRole) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const [communityId, setCommunityId] = useState(assignment.communityId);
  const [role, setRole] = useState<RotationRole>(assignment.role);
  const same = communityId === assignment.communityId && role === assignment.role;
  const other = same ? null : occupant(communityId, role);
  return (
    <Space direction="vertical" style={{ width: 220 }}>
      <Select value={communityId} onChange={setCommunityId} options={communities} style={{ width: '100%' }} aria-label={t('rotation.community')} data-testid="rotation-move-community" />
      <Select value={role} onChange={setRole} options={ROTATION_ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))} style={{ width: '100%' }} aria-label={t('rotation.role')} />
      <Space>
        <Button size="small" type="primary" disabled={same} onClick={() => onMove(communityId, role)} data-testid="rotation-move">
          {other ? t('rotation.plan.swapWith', { name: other }) : t('rotation.plan.move')}
        </Button>
        <Button size="small" danger onClick={onRemove}>
          {t('rotation.plan.remove')}
        </Button>
      </Space>
    </Space>
  );
}
