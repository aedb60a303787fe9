import { CameraOutlined, CheckCircleFilled, DeleteOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Radio, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { DEFAULT_CONCERN_CATEGORIES } from '../../../contracts/concerns';
import { FIELD_RECORD_KIND_NAMES, FIELD_RECORD_KINDS, MAX_RECORD_PHOTOS, type FieldRecordKind } from '../../../contracts/rotation-records';
import { TARGET_GROUP_NAMES, TARGET_GROUPS } from '../../../contracts/target-groups';
import { ROTATION_ROLES, type RotationRole } from '../../../contracts/workforce';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { useLang } from '../workforce/worker-labels';
import { fieldQueue, seasonOf, syncFieldQueue, useAutoSync, useConcernCategories, useFieldQueue, useMyAssignments, useOnline, type Assignment } from './field-api';
import { newQueueItem, type QueuedPhoto, type QueueItem } from './field-queue';
import { roleName } from './rotation-labels';
import './field.css';

/** The activity a role usually leads to (the form's first guess; the worker may pick another). */
const KIND_OF_ROLE: Record<RotationRole, FieldRecordKind> = { policyExplainer: 'briefing', resourceLinker: 'resourceLinking', charityPromoter: 'charityAdvocacy', concernCollector: 'concernVisit' };

interface CheckIn {
  at: string;
  location: { lat: number; lng: number; accuracy: number | null } | null;
}

interface ConcernDraft {
  categoryCode?: string;
  description?: string;
  address?: string;
}

interface FormValues {
  gridId?: string;
  role: RotationRole;
  kind: FieldRecordKind;
  minutes: number;
  participants: number;
  beneficiaries: Record<string, number | null>;
  note?: string;
  concerns?: ConcernDraft[];
}

const checkInKey = (assignmentId: string) => `shezhi.field.checkIn.${assignmentId}`;
/** A check-in survives a reload until its record is saved. */
function loadCheckIn(assignmentId: string): CheckIn | null {
  try {
    return JSON.parse(localStorage.getItem(checkInKey(assignmentId)) ?? 'null') as CheckIn | null;
  } catch {
    return null;
  }
}

/** Where the phone is, if it can tell within 10 s; null otherwise (no permission, no fix, no GPS). */
function locate(): Promise<CheckIn['location']> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    ),
  );
}

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Photos picked on the phone (camera or album), kept as blobs until they go up with the record. */
function PhotoPicker({ photos, onChange }: { photos: QueuedPhoto[]; onChange: (p: QueuedPhoto[]) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p.blob)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  const add = (files: FileList | null) => {
    const picked = [...(files ?? [])];
    const images = picked.filter((f) => f.type.startsWith('image/'));
    if (images.length < picked.length) void message.warning(t('rotation.field.photo.onlyImages'));
    const room = MAX_RECORD_PHOTOS - photos.length;
    if (images.length > room) void message.warning(t('rotation.field.photo.max', { n: MAX_RECORD_PHOTOS }));
    onChange([...photos, ...images.slice(0, Math.max(0, room)).map((f) => ({ clientKey: crypto.randomUUID(), name: f.name || 'photo.jpg', type: f.type, blob: f, fileId: null }))]);
  };
  return (
    <div>
      <div className="sz-field-photos">
        {photos.map((p, i) => (
          <div key={p.clientKey} className="sz-field-photo" data-testid="field-photo">
            <img src={urls[i]} alt={p.name} />
            <Button size="small" shape="circle" danger icon={<DeleteOutlined />} aria-label={t('rotation.field.photo.remove')} onClick={() => onChange(photos.filter((x) => x !== p))} />
          </div>
        ))}
        {photos.length < MAX_RECORD_PHOTOS ? (
          <button type="button" className="sz-field-photo-add" onClick={() => input.current?.click()} data-testid="field-photo-add">
            <CameraOutlined />
            <span>{t('rotation.field.photo.add')}</span>
          </button>
        ) : null}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        className="sz-field-file"
        data-testid="field-photo-input"
        onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }}
      />
    </div>
  );
}

/** 签到 and the record of one visit: saved on the phone first, sent when there is a signal. */
function RecordForm({ assignment, editing }: { assignment: Assignment; editing: QueueItem | null }) {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const online = useOnline();
  const { userId } = useFieldQueue();
  const categories = useConcernCategories();
  const [form] = Form.useForm<FormValues>();
  const body = editing?.body as (Partial<FormValues> & { checkedInAt?: string; location?: CheckIn['location']; beneficiaries?: Record<string, number> }) | undefined;
  const [checkIn, setCheckIn] = useState<CheckIn | null>(() => (body?.checkedInAt ? { at: body.checkedInAt, location: body.location ?? null } : loadCheckIn(assignment.id)));
  const [locating, setLocating] = useState(false);
  const [photos, setPhotos] = useState<QueuedPhoto[]>(editing?.photos ?? []);
  const [saving, setSaving] = useState(false);

  const doCheckIn = async () => {
    const at = new Date().toISOString();
    setCheckIn({ at, location: null });
    setLocating(true);
    const location = await locate();
    setLocating(false);
    const next = { at, location };
    setCheckIn(next);
    if (!editing) localStorage.setItem(checkInKey(assignment.id), JSON.stringify(next));
  };

  const categoryOptions = (categories.data ?? DEFAULT_CONCERN_CATEGORIES.map((c) => ({ code: c.code, name: c.name }))).map((c) => ({ value: c.code, label: c.name }));

  const save = async (v: FormValues) => {
    if (!checkIn) return;
    setSaving(true);
    try {
      const clientKey = editing?.clientKey ?? crypto.randomUUID();
      const beneficiaries = Object.fromEntries(TARGET_GROUPS.map((g) => [g, v.beneficiaries?.[g] ?? 0]));
      const record = newQueueItem({
        clientKey,
        userId,
        kind: 'record',
        body: { assignmentId: assignment.id, checkedInAt: checkIn.at, location: checkIn.location, gridId: v.gridId ?? null, role: v.role, kind: v.kind, minutes: v.minutes, participants: v.participants, beneficiaries, note: v.note?.trim() ?? '' },
        photos,
        label: { place: `${assignment.town.name} · ${assignment.community.name}`, title: `${FIELD_RECORD_KIND_NAMES[v.kind].zh} · ${v.minutes} 分钟` },
      });
      await fieldQueue.put(editing ? { ...record, createdAt: editing.createdAt } : record);
      for (const c of (v.concerns ?? []).filter((x) => x.description?.trim())) {
        const category = categoryOptions.find((o) => o.value === c.categoryCode);
        await fieldQueue.put(
          newQueueItem({
            clientKey: crypto.randomUUID(),
            userId,
            kind: 'concern',
            body: { categoryCode: c.categoryCode ?? 'other', regionId: v.gridId ?? assignment.community.id, address: c.address?.trim() || null, lat: checkIn.location?.lat ?? null, lng: checkIn.location?.lng ?? null, description: c.description!.trim() },
            photos: [],
            label: { place: `${assignment.town.name} · ${assignment.community.name}`, title: `${t('rotation.field.concern.short')} · ${category?.label ?? ''}` },
          }),
        );
      }
      localStorage.removeItem(checkInKey(assignment.id));
      if (navigator.onLine) {
        const report = await syncFieldQueue(userId, true).catch(() => null);
        void message.success(report && report.waiting === 0 && report.refused === 0 ? t('rotation.field.savedSynced') : t('rotation.field.savedQueued'));
      } else void message.success(t('rotation.field.savedOffline'));
      navigate('/rotation/mine', { replace: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {!online ? <Alert type="warning" showIcon className="sz-mb-12" title={t('rotation.field.offlineHint')} data-testid="field-offline" /> : null}
      {editing?.lastError ? <Alert type="error" showIcon className="sz-mb-12" title={editing.lastError.message} description={editing.lastError.fields.map((f) => f.message).join('；') || undefined} /> : null}
      <Card size="small" className="sz-mb-12" title={t('rotation.field.step.checkIn')}>
        {checkIn ? (
          <Space direction="vertical" size={2} data-testid="field-checked-in">
            <Typography.Text>
              <CheckCircleFilled className="sz-text-success" /> {t('rotation.field.checkedInAt', { time: time(checkIn.at) })}
            </Typography.Text>
            <Typography.Text type="secondary">
              <EnvironmentOutlined /> {locating ? t('rotation.field.locating') : checkIn.location ? t('rotation.field.located', { m: checkIn.location.accuracy ?? '?' }) : t('rotation.field.noLocation')}
            </Typography.Text>
            <Button size="small" onClick={() => void doCheckIn()}>
              {t('rotation.field.checkInAgain')}
            </Button>
          </Space>
        ) : (
          <Space direction="vertical" className="sz-w-full">
            <Typography.Text type="secondary">{t('rotation.field.checkInHint')}</Typography.Text>
            <Button type="primary" size="large" block onClick={() => void doCheckIn()} data-testid="field-check-in">
              {t('rotation.field.checkIn')}
            </Button>
          </Space>
        )}
      </Card>
      {checkIn ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void save(v)}
          initialValues={{
            role: body?.role ?? assignment.role,
            kind: body?.kind ?? KIND_OF_ROLE[assignment.role],
            minutes: body?.minutes ?? 60,
            participants: body?.participants ?? 0,
            gridId: body?.gridId ?? undefined,
            note: body?.note ?? '',
            beneficiaries: body?.beneficiaries ?? {},
            concerns: [],
          }}
        >
          <Card size="small" className="sz-mb-12" title={t('rotation.field.step.activity')}>
            <Form.Item name="kind" label={t('rotation.field.kind')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" buttonStyle="solid" className="sz-field-kinds" options={FIELD_RECORD_KINDS.map((k) => ({ value: k, label: FIELD_RECORD_KIND_NAMES[k][lang] }))} data-testid="field-kind" />
            </Form.Item>
            <Form.Item name="role" label={t('rotation.field.role')} rules={[{ required: true }]}>
              <Select options={ROTATION_ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))} data-testid="field-role" />
            </Form.Item>
            {assignment.grids.length > 0 ? (
              <Form.Item name="gridId" label={t('rotation.field.grid')}>
                <Select allowClear placeholder={t('rotation.field.gridPlaceholder')} options={assignment.grids.map((g) => ({ value: g.id, label: g.name }))} data-testid="field-grid" />
              </Form.Item>
            ) : null}
            <Space.Compact block>
              <Form.Item name="minutes" label={t('rotation.field.minutes')} rules={[{ required: true, message: t('rotation.field.minutesRequired') }]} className="sz-flex-1">
                <InputNumber min={1} max={1440} step={15} inputMode="numeric" className="sz-w-full" data-testid="field-minutes" />
              </Form.Item>
              <Form.Item name="participants" label={t('rotation.field.participants')} rules={[{ required: true }]} className="sz-flex-1 sz-ml-8">
                <InputNumber min={0} max={100000} inputMode="numeric" className="sz-w-full" data-testid="field-participants" />
              </Form.Item>
            </Space.Compact>
          </Card>
          <Card size="small" className="sz-mb-12" title={t('rotation.field.step.beneficiaries')} extra={<Typography.Text type="secondary">{t('rotation.field.beneficiariesHint')}</Typography.Text>}>
            <div className="sz-field-groups">
              {TARGET_GROUPS.map((g) => (
                <Form.Item key={g} name={['beneficiaries', g]} label={TARGET_GROUP_NAMES[g][lang]} className="sz-mb-8">
                  <InputNumber min={0} max={100000} inputMode="numeric" placeholder="0" className="sz-w-full" data-testid={`field-group-${g}`} />
                </Form.Item>
              ))}
            </div>
          </Card>
          <Card size="small" className="sz-mb-12" title={t('rotation.field.step.photos')}>
            <PhotoPicker photos={photos} onChange={setPhotos} />
          </Card>
          <Card size="small" className="sz-mb-12" title={t('rotation.field.step.note')}>
            <Form.Item name="note" className="sz-mb-0">
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('rotation.field.notePlaceholder')} data-testid="field-note" />
            </Form.Item>
          </Card>
          {editing ? null : (
            <Card size="small" className="sz-mb-12" title={t('rotation.field.step.concerns')}>
              <Typography.Paragraph type="secondary">{t('rotation.field.concern.hint')}</Typography.Paragraph>
              <Form.List name="concerns">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f, i) => (
                      <Card key={f.key} size="small" type="inner" className="sz-mb-8" title={t('rotation.field.concern.title', { n: i + 1 })} extra={<Button type="link" danger size="small" onClick={() => remove(f.name)}>{t('rotation.field.delete')}</Button>}>
                        <Form.Item name={[f.name, 'categoryCode']} label={t('rotation.field.concern.category')} rules={[{ required: true, message: t('rotation.field.concern.categoryRequired') }]}>
                          <Select options={categoryOptions} data-testid="field-concern-category" />
                        </Form.Item>
                        <Form.Item name={[f.name, 'description']} label={t('rotation.field.concern.description')} rules={[{ required: true, min: 5, message: t('rotation.field.concern.descriptionRequired') }]}>
                          <Input.TextArea rows={3} maxLength={2000} data-testid="field-concern-description" />
                        </Form.Item>
                        <Form.Item name={[f.name, 'address']} label={t('rotation.field.concern.address')} className="sz-mb-0">
                          <Input maxLength={200} placeholder={assignment.community.name} />
                        </Form.Item>
                      </Card>
                    ))}
                    <Button block icon={<PlusOutlined />} onClick={() => add({ categoryCode: undefined, description: '' })} data-testid="field-concern-add">
                      {t('rotation.field.concern.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
          )}
          <Button type="primary" size="large" block htmlType="submit" loading={saving} data-testid="field-save">
            {editing ? t('rotation.field.saveEdited') : t('rotation.field.save')}
          </Button>
          <Typography.Paragraph type="secondary" className="sz-mt-8 sz-text-center">
            {t('rotation.field.saveHint')}
          </Typography.Paragraph>
        </Form>
      ) : null}
    </>
  );
}

/** /rotation/mine/record/:assignmentId (?edit=<clientKey> for a record the server refused). */
export function FieldRecordPage() {
  const t = useT();
  const { assignmentId = '' } = useParams();
  const [params] = useSearchParams();
  const editKey = params.get('edit');
  const { userId } = useFieldQueue();
  useAutoSync(userId);
  const [editing, setEditing] = useState<QueueItem | null | undefined>(editKey ? undefined : null);
  useEffect(() => {
    if (editKey) void fieldQueue.get(editKey).then((i) => setEditing(i ?? null));
  }, [editKey]);
  const body = editing?.body as { checkedInAt?: string } | undefined;
  const { year, season } = seasonOf(body?.checkedInAt ? new Date(body.checkedInAt) : new Date());
  const mine = useMyAssignments(year, season);
  const assignment = mine.data?.items.find((a) => a.id === assignmentId);
  return (
    <>
      <PageHeader title={t('rotation.field.recordTitle')} description={assignment ? `${assignment.town.name} · ${assignment.community.name} · ${assignment.roleName}` : undefined} extra={<Link to="/rotation/mine">{t('rotation.field.backToMine')}</Link>} />
      {mine.isPending || editing === undefined ? (
        <Skeleton active />
      ) : !assignment ? (
        <Empty description={mine.data ? t('rotation.field.assignmentGone') : t('rotation.field.assignmentsOffline')} />
      ) : (
        <RecordForm key={editing?.clientKey ?? 'new'} assignment={assignment} editing={editing} />
      )}
    </>
  );
}
