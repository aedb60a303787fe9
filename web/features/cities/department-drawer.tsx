import { Alert, Button, Checkbox, Drawer, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DEPARTMENT_KIND_NAMES, DEPARTMENT_KINDS } from '../../../contracts/departments';
import { ProblemError } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { useIsPhone } from '../../components/use-is-phone';
import { useDepartmentMutations, type Department, type DepartmentInput } from './cities-api';

interface DepartmentDrawerProps {
  cityId: string;
  /** null: a new one. */
  department: Department | null;
  /** The next free sort order, for a new one: it goes to the end of the list. */
  nextSortOrder: number;
  onClose: () => void;
}

/** Adds a member unit or service department to a city, or changes one. Mounted only while open. */
export function DepartmentDrawer({ cityId, department, nextSortOrder, onClose }: DepartmentDrawerProps) {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const isPhone = useIsPhone();
  const [form] = Form.useForm<DepartmentInput>();
  const { create, update } = useDepartmentMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const mutation = department ? update : create;
  const isConflict = mutation.error instanceof ProblemError && mutation.error.code === 'conflict';

  const submit = (values: DepartmentInput) => {
    const fields: DepartmentInput = { ...values, name: values.name.trim(), shortName: values.shortName.trim(), sortOrder: values.sortOrder ?? 0 };
    const onError = (error: unknown) => notifyError(error, form);
    if (department) {
      update.mutate(
        { id: department.id, version: department.version, ...fields },
        {
          onSuccess: () => {
            notifySuccess(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { cityId, ...fields },
        {
          onSuccess: (created) => {
            notifySuccess(t('city.dept.created', { name: created.name }));
            onClose();
          },
          onError,
        },
      );
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      title={department ? t('city.dept.editTitle', { name: department.name }) : t('city.dept.addTitle')}
      size={isPhone ? '100%' : 480}
      destroyOnHidden
      footer={
        <Flex justify="flex-end">
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={() => form.submit()} loading={mutation.isPending} disabled={isConflict} data-testid="department-submit">
              {department ? t('common.save') : t('common.create')}
            </Button>
          </Space>
        </Flex>
      }
    >
      {isConflict ? <Alert type="warning" showIcon className="sz-mb-16" title={t('city.dept.conflict')} data-testid="department-conflict" /> : null}
      <Form<DepartmentInput>
        form={form}
        name="department"
        layout="vertical"
        initialValues={
          department
            ? { name: department.name, shortName: department.shortName, kind: department.kind, isMemberUnit: department.isMemberUnit, isServiceDepartment: department.isServiceDepartment, sortOrder: department.sortOrder }
            : { name: '', shortName: '', kind: 'government', isMemberUnit: true, isServiceDepartment: false, sortOrder: nextSortOrder }
        }
        onFinish={submit}
      >
        <Form.Item name="name" label={t('city.dept.name')} extra={t('city.dept.nameHelp')} rules={[{ required: true, whitespace: true, message: t('city.dept.nameRequired') }, { min: 2, message: t('city.settings.tooShort') }, { max: 60 }]}>
          <Input maxLength={60} data-testid="department-name" />
        </Form.Item>
        <Form.Item name="shortName" label={t('city.dept.shortName')} extra={t('city.dept.shortNameHelp')} rules={[{ required: true, whitespace: true, message: t('city.dept.shortNameRequired') }, { max: 20 }]}>
          <Input maxLength={20} data-testid="department-short-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('city.dept.kind')} rules={[{ required: true, message: t('city.dept.kindRequired') }]}>
          <Select options={DEPARTMENT_KINDS.map((kind) => ({ value: kind, label: DEPARTMENT_KIND_NAMES[kind][lang] }))} data-testid="department-kind" />
        </Form.Item>
        <Form.Item label={t('city.dept.roles')}>
          <Flex vertical gap={8}>
            <Form.Item name="isMemberUnit" valuePropName="checked" noStyle>
              <Checkbox data-testid="department-member-unit">
                {t('city.dept.isMemberUnit')}
                <Typography.Text type="secondary" className="sz-block sz-text-sm">
                  {t('city.dept.isMemberUnitHelp')}
                </Typography.Text>
              </Checkbox>
            </Form.Item>
            <Form.Item name="isServiceDepartment" valuePropName="checked" noStyle>
              <Checkbox data-testid="department-service">
                {t('city.dept.isServiceDepartment')}
                <Typography.Text type="secondary" className="sz-block sz-text-sm">
                  {t('city.dept.isServiceDepartmentHelp')}
                </Typography.Text>
              </Checkbox>
            </Form.Item>
          </Flex>
        </Form.Item>
        <Form.Item name="sortOrder" label={t('city.dept.sortOrder')} extra={t('city.dept.sortOrderHelp')}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: 140 }} data-testid="department-sort-order" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
