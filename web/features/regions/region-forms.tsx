import { Alert, Form, Input, Modal, Select } from 'antd';
import { useT } from '../../app/i18n';
import { ProblemError } from '../../app/api';
import { useFeedback } from '../../app/query';
import { KIND_TAG } from './region-labels';
import { RegionTreeSelect } from './region-tree-select';
import { CHILD_LEVEL, KINDS_BY_LEVEL, PARENT_LEVEL, type Region, type RegionKind, type useRegionMutations } from './regions-api';

type Mutations = ReturnType<typeof useRegionMutations>;

/** Each modal is mounted only while open, so its form starts from the region as it is now. */
interface ModalProps {
  region: Region;
  open: boolean;
  onClose: () => void;
  mutations: Mutations;
  /** After a 409 the region on screen is stale: reload it. */
  onConflict: () => void;
}

const NO_KINDS: readonly RegionKind[] = [];
const CODE_PATTERN = /^[0-9A-Za-z-]{1,32}$/;

function useConflictAwareError(onConflict: () => void) {
  const { notifyError } = useFeedback();
  return (error: unknown, form?: Parameters<typeof notifyError>[1]) => {
    notifyError(error, form);
    if (error instanceof ProblemError && error.code === 'conflict') onConflict();
  };
}

/** What a root may be, with the code its level takes (GB/T 2260's six-digit forms are read as the short ones). */
const ROOT_KINDS = [
  { kind: 'city', pattern: /^\d{6}$/, max: 6, placeholder: '桐乡市', help: 'region.cityCodeHelp', invalid: 'region.cityCodeInvalid' },
  { kind: 'prefecture', pattern: /^\d{4}(00)?$/, max: 6, placeholder: '嘉兴市', help: 'region.prefectureCodeHelp', invalid: 'region.prefectureCodeInvalid' },
  { kind: 'province', pattern: /^\d{2}(0000)?$/, max: 6, placeholder: '浙江省', help: 'region.provinceCodeHelp', invalid: 'region.provinceCodeInvalid' },
] as const;

/** A root of the tree: a city this installation serves, or a prefecture or province above cities (the platform administrator's; the server checks it). */
export function CreateCityModal({ open, onClose, mutations, onCreated }: { open: boolean; onClose: () => void; mutations: Mutations; onCreated: (city: Region) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ name: string; code: string; kind: (typeof ROOT_KINDS)[number]['kind'] }>();
  const kind = Form.useWatch('kind', form) ?? 'city';
  const look = ROOT_KINDS.find((k) => k.kind === kind) ?? ROOT_KINDS[0];
  const { notifyError, notifySuccess } = useFeedback();
  return (
    <Modal open={open} title={t('region.createCityTitle')} okText={t('common.create')} onCancel={onClose} confirmLoading={mutations.create.isPending} onOk={() => form.submit()}>
      <Form
        form={form}
        name="cityCreate"
        layout="vertical"
        initialValues={{ kind: 'city' }}
        onFinish={(values) =>
          mutations.create.mutate(
            { name: values.name.trim(), code: values.code.trim(), kind: values.kind },
            {
              onSuccess: (city) => {
                notifySuccess(t('region.created', { name: city.name }));
                onClose();
                onCreated(city);
              },
              onError: (error) => notifyError(error, form),
            },
          )
        }
      >
        <Form.Item name="kind" label={t('region.field.rootKind')} extra={t('region.rootKindHelp')}>
          <Select data-testid="city-form-kind" options={ROOT_KINDS.map((k) => ({ value: k.kind, label: t(KIND_TAG[k.kind].label) }))} onChange={() => form.validateFields(['code']).catch(() => undefined)} />
        </Form.Item>
        <Form.Item name="name" label={t('region.field.name')} rules={[{ required: true, whitespace: true, message: t('region.nameRequired') }, { max: 60 }]}>
          <Input maxLength={60} placeholder={look.placeholder} data-testid="city-form-name" />
        </Form.Item>
        <Form.Item name="code" label={t('region.field.code')} extra={t(look.help)} rules={[{ required: true, message: t('region.codeRequired') }, { pattern: look.pattern, message: t(look.invalid) }]}>
          <Input maxLength={look.max} inputMode="numeric" data-testid="city-form-code" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CreateChildModal({ region, open, onClose, mutations, onCreated }: Omit<ModalProps, 'onConflict'> & { onCreated: (child: Region) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ name: string; code: string; kind: RegionKind }>();
  const { notifyError, notifySuccess } = useFeedback();
  const childLevel = CHILD_LEVEL[region.level];
  const kinds = childLevel ? KINDS_BY_LEVEL[childLevel] : NO_KINDS;


  return (
    <Modal
      open={open}
      title={t('region.createChildTitle', { parent: region.name })}
      okText={t('common.create')}
      onCancel={onClose}
      confirmLoading={mutations.create.isPending}
      onOk={() => form.submit()}

    >
      <Form
        form={form}
        name="regionCreate"
        layout="vertical"
        initialValues={{ name: '', code: region.code, kind: kinds[0] }}
        onFinish={(values) =>
          mutations.create.mutate(
            { parentId: region.id, name: values.name.trim(), code: values.code.trim(), kind: values.kind },
            {
              onSuccess: (child) => {
                notifySuccess(t('region.created', { name: child.name }));
                onClose();
                onCreated(child);
              },
              onError: (error) => notifyError(error, form),
            },
          )
        }
      >
        <Form.Item name="kind" label={t('region.field.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((kind) => ({ value: kind, label: t(KIND_TAG[kind].label) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('region.field.name')} rules={[{ required: true, whitespace: true, message: t('region.nameRequired') }, { max: 60 }]}>
          <Input maxLength={60} data-testid="region-form-name" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('region.field.code')}
          extra={t('region.codeHelp')}
          rules={[{ required: true, message: t('region.codeRequired') }, { pattern: CODE_PATTERN, message: t('region.codeInvalid') }]}
        >
          <Input maxLength={32} data-testid="region-form-code" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EditRegionModal({ region, open, onClose, mutations, onConflict }: ModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ name: string; code: string }>();
  const { notifySuccess } = useFeedback();
  const onError = useConflictAwareError(onConflict);


  return (
    <Modal open={open} title={t('region.editTitle')} okText={t('common.save')} onCancel={onClose} confirmLoading={mutations.update.isPending} onOk={() => form.submit()}>
      <Form
        form={form}
        name="regionEdit"
        layout="vertical"
        initialValues={{ name: region.name, code: region.code }}
        onFinish={(values) => {
          const name = values.name.trim();
          const code = values.code.trim();
          if (name === region.name && code === region.code) return onClose();
          mutations.update.mutate(
            { id: region.id, previousParentId: region.parentId, version: region.version, name: name === region.name ? undefined : name, code: code === region.code ? undefined : code },
            {
              onSuccess: () => {
                notifySuccess(t('common.saved'));
                onClose();
              },
              onError: (error) => onError(error, form),
            },
          );
        }}
      >
        <Form.Item name="name" label={t('region.field.name')} rules={[{ required: true, whitespace: true, message: t('region.nameRequired') }, { max: 60 }]}>
          <Input maxLength={60} data-testid="region-form-name" />
        </Form.Item>
        <Form.Item name="code" label={t('region.field.code')} rules={[{ required: true, message: t('region.codeRequired') }, { pattern: CODE_PATTERN, message: t('region.codeInvalid') }]}>
          <Input maxLength={32} data-testid="region-form-code" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MoveRegionModal({ region, open, onClose, mutations, onConflict }: ModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ parentId?: string }>();
  const { notifySuccess } = useFeedback();
  const onError = useConflictAwareError(onConflict);
  const parentLevel = PARENT_LEVEL[region.level];


  return (
    <Modal open={open} title={t('region.moveTitle', { name: region.name })} okText={t('region.move')} onCancel={onClose} confirmLoading={mutations.update.isPending} onOk={() => form.submit()}>
      <Alert type="info" showIcon title={t('region.moveHelp')} className="sz-mb-16" />
      <Form
        form={form}
        name="regionMove"
        layout="vertical"
        onFinish={(values) =>
          mutations.update.mutate(
            { id: region.id, previousParentId: region.parentId, version: region.version, parentId: values.parentId },
            {
              onSuccess: () => {
                notifySuccess(t('region.moved'));
                onClose();
              },
              onError: (error) => onError(error, form),
            },
          )
        }
      >
        <Form.Item
          name="parentId"
          label={t('region.newParent')}
          rules={[
            { required: true, message: t('region.newParentRequired') },
            { validator: async (_rule, value?: string) => { if (value && value === region.parentId) throw new Error(t('region.sameParent')); } },
          ]}
        >
          {parentLevel ? <RegionTreeSelect levels={[parentLevel]} excludeId={region.parentId ?? undefined} data-testid="region-move-parent" /> : <span />}
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RetireRegionModal({ region, open, onClose, mutations, onConflict }: ModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const { notifySuccess } = useFeedback();
  const onError = useConflictAwareError(onConflict);


  return (
    <Modal
      open={open}
      title={t('region.retireTitle', { name: region.name })}
      okText={t('region.retireConfirm')}
      okButtonProps={{ danger: true, 'data-testid': 'region-retire-confirm' }}
      onCancel={onClose}
      confirmLoading={mutations.retire.isPending}
      onOk={() => form.submit()}

    >
      <Alert type="warning" showIcon title={t('region.retireWarning')} className="sz-mb-16" />
      <Form
        form={form}
        name="regionRetire"
        layout="vertical"
        onFinish={(values) =>
          mutations.retire.mutate(
            { id: region.id, version: region.version, reason: values.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('region.retiredDone', { name: region.name }));
                onClose();
              },
              onError: (error) => onError(error, form),
            },
          )
        }
      >
        <Form.Item name="reason" label={t('region.retireReason')} rules={[{ required: true, whitespace: true, message: t('region.retireReasonRequired') }, { min: 2, message: t('region.retireReasonRequired') }, { max: 200 }]}>
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="region-retire-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
