import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { applicationKeys, type ApplicationSetting } from './applications-api';

/** A row being edited: `key` absent for a material added here; `uid` only tells React the rows apart. */
interface Row {
  uid: string;
  key?: string;
  name: string;
  nameEn: string;
  required: boolean;
}

type Item = ApplicationSetting['checklist'][number];

const rowOf = (i: Item): Row => ({ uid: i.key, key: i.key, name: i.name, nameEn: i.nameEn === i.name ? '' : i.nameEn, required: i.required });

/**
 * A city's materials checklist for one kind: rename, reorder, mark required, add, take off and restore. Saved whole;
 * the server's row errors (items.N.name…) show under their row.
 */
export function ChecklistEditor({ setting, title, onClose }: { setting: ApplicationSetting | null; title: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [rows, setRows] = useState<Row[]>([]);
  const [retired, setRetired] = useState<Item[]>([]);
  const [errors, setErrors] = useState<Map<number, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const [added, setAdded] = useState(0);

  useEffect(() => {
    if (!setting) return;
    setRows(setting.checklist.filter((i) => !i.retired).map(rowOf));
    setRetired(setting.checklist.filter((i) => i.retired));
    setErrors(new Map());
  }, [setting]);

  const change = (k: number, patch: Partial<Row>) => setRows((all) => all.map((r, i) => (i === k ? { ...r, ...patch } : r)));
  const move = (k: number, by: -1 | 1) =>
    setRows((all) => {
      const next = [...all];
      [next[k], next[k + by]] = [next[k + by], next[k]];
      return next;
    });
  const remove = (k: number) => {
    const row = rows[k];
    const known = setting?.checklist.find((i) => i.key === row.key);
    if (known) setRetired((all) => [...all, known]);
    setRows((all) => all.filter((_, i) => i !== k));
  };
  const restore = (item: Item) => {
    setRetired((all) => all.filter((i) => i.key !== item.key));
    setRows((all) => [...all, rowOf({ ...item, retired: false })]);
  };

  const save = async () => {
    const empty = new Map(rows.flatMap((r, k) => (r.name.trim() ? [] : [[k, t('application.checklist.nameNeeded')] as const])));
    setErrors(empty);
    if (empty.size || !setting) return;
    setSaving(true);
    try {
      await api.put(`/application-settings/${setting.kind}/checklist`, {
        cityId: setting.cityId,
        version: setting.version,
        items: rows.map((r) => ({ ...(r.key ? { key: r.key } : {}), name: r.name.trim(), ...(r.nameEn.trim() ? { nameEn: r.nameEn.trim() } : {}), required: r.required })),
      });
      await client.invalidateQueries({ queryKey: applicationKeys.settings });
      message.success(t('application.checklist.saved'));
      onClose();
    } catch (e) {
      const onRows = new Map<number, string>();
      if (e instanceof ProblemError) for (const f of e.errors) {
        const k = /^items\.(\d+)/.exec(f.path)?.[1];
        if (k !== undefined) onRows.set(Number(k), f.message);
      }
      setErrors(onRows);
      message.error(problemMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={!!setting} title={title} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} width={720} destroyOnHidden>
      <Alert type="info" showIcon message={t('application.checklist.hint')} style={{ marginBottom: 12 }} />
      <div data-testid="checklist-rows">
        {rows.map((r, k) => (
          <div key={r.uid} className="sz-checklist-row" data-testid={`checklist-row-${k}`}>
            <Space.Compact className="sz-checklist-names">
              <Input value={r.name} maxLength={60} status={errors.has(k) ? 'error' : undefined} placeholder={t('application.checklist.name')} aria-label={t('application.checklist.name')} onChange={(e) => change(k, { name: e.target.value })} />
              <Input value={r.nameEn} maxLength={120} placeholder={t('application.checklist.nameEn')} aria-label={t('application.checklist.nameEn')} onChange={(e) => change(k, { nameEn: e.target.value })} />
            </Space.Compact>
            <Space size={4} wrap={false}>
              <Switch checked={r.required} checkedChildren={t('application.checklist.required')} unCheckedChildren={t('application.checklist.optional')} onChange={(v) => change(k, { required: v })} />
              <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={k === 0} aria-label={t('application.checklist.up')} title={t('application.checklist.up')} onClick={() => move(k, -1)} />
              <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={k === rows.length - 1} aria-label={t('application.checklist.down')} title={t('application.checklist.down')} onClick={() => move(k, 1)} />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={rows.length === 1} aria-label={t('application.checklist.remove')} title={t('application.checklist.remove')} onClick={() => remove(k)} />
            </Space>
            {errors.has(k) && <Typography.Text type="danger" className="sz-checklist-error">{errors.get(k)}</Typography.Text>}
          </div>
        ))}
      </div>
      <Button
        type="dashed"
        block
        icon={<PlusOutlined />}
        disabled={rows.length >= 30}
        data-testid="checklist-add"
        onClick={() => {
          setRows((all) => [...all, { uid: `new-${added}`, name: '', nameEn: '', required: true }]);
          setAdded((n) => n + 1);
        }}
      >
        {t('application.checklist.add')}
      </Button>
      {retired.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('application.checklist.retired')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            {retired.map((i) => (
              <Tag key={i.key} style={{ marginBottom: 8 }}>
                {i.name}{' '}
                <Button size="small" type="link" icon={<UndoOutlined />} onClick={() => restore(i)}>
                  {t('application.checklist.restore')}
                </Button>
              </Tag>
            ))}
          </div>
        </div>
      )}
    </Modal>
  );
}
