import { Alert, DatePicker, Flex, Form, Input, Modal, Radio, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { MEETING_KINDS, type MeetingKind, type ProjectState } from '../../../contracts/projects';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { chinaDayjs, toChinaIso } from '../../components/china-time';
import { useIsPhone } from '../../components/use-is-phone';
import { useKindName } from './meeting-labels';
import { useMeetingMutations, useProjectOptions, type Meeting } from './meetings-api';

interface Values {
  kind: MeetingKind;
  title: string;
  startsAt: Dayjs;
  place: string;
  projectIds: string[];
  attendees: string[];
}

/** Waits until typing stops before searching the server. */
function useDebounced<T>(value: T, ms = 300): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setShown(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

const NOT_ON_AGENDA = new Set<ProjectState>(['draft', 'proposed', 'rejected', 'cancelled']);

/** Server paths that are not field names of the form. */
const mapPath = (path: string) => path.split('.')[0];

/**
 * 安排会议 / 修改会议: kind, title, date and time in China time, place, the projects on the agenda (searched
 * among one year's projects) and the attendees as tags. An edit sends the version it started from.
 */
export function MeetingFormModal({ meeting, defaultYear, onClose, onSaved }: { meeting?: Meeting; defaultYear: number; onClose: () => void; onSaved: (meeting: Meeting) => void }) {
  const t = useT();
  const kindName = useKindName();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<Values>();
  const { create, update } = useMeetingMutations();
  const saving = create.isPending || update.isPending;
  const [error, setError] = useState<unknown>(null);
  const [projectYear, setProjectYear] = useState(meeting ? chinaDayjs(meeting.startsAt).year() : defaultYear);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const options = useProjectOptions(projectYear, q, true);
  // Labels of projects already chosen stay known when the search or the year shows others.
  const [known, setKnown] = useState<Map<string, { title: string; number: string; detail?: string }>>(
    () => new Map((meeting?.projects ?? []).map((p) => [p.id, { title: p.title, number: p.number }])),
  );
  useEffect(() => {
    if (!options.data) return;
    setKnown((current) => {
      const next = new Map(current);
      for (const p of options.data) next.set(p.id, { title: p.title, number: p.number, detail: `${p.departmentName} · ${p.stateName}` });
      return next;
    });
  }, [options.data]);
  const chosen: string[] | undefined = Form.useWatch('projectIds', form);
  const selectOptions = useMemo(() => {
    // Meetings are held about projects in the plan: not drafts, proposals under review, refusals or cancellations.
    const candidates = (options.data ?? []).filter((p) => !NOT_ON_AGENDA.has(p.state));
    const shown = new Set(candidates.map((p) => p.id));
    const list = candidates.map((p) => ({ value: p.id, label: p.title, number: p.number, detail: `${p.departmentName} · ${p.stateName}` }));
    // Chosen projects outside the current search still need an option, or the select would show their id.
    for (const id of chosen ?? []) if (!shown.has(id) && known.has(id)) list.push({ value: id, label: known.get(id)!.title, number: known.get(id)!.number, detail: known.get(id)!.detail ?? '' });
    return list;
  }, [options.data, chosen, known]);
  const thisYear = chinaDayjs().year();
  const years = Array.from({ length: 4 }, (_, i) => thisYear + 1 - i);

  const submit = (values: Values) => {
    setError(null);
    const body = {
      title: values.title.trim(),
      startsAt: toChinaIso(values.startsAt),
      place: values.place.trim(),
      projectIds: values.projectIds,
      attendees: values.attendees.map((a) => a.trim()).filter(Boolean),
    };
    const fail = (err: unknown) => {
      setError(err);
      applyProblemToForm(form, err, mapPath);
    };
    if (meeting) update.mutate({ id: meeting.id, version: meeting.version, ...body }, { onSuccess: onSaved, onError: fail });
    else create.mutate({ kind: values.kind, ...body }, { onSuccess: onSaved, onError: fail });
  };

  return (
    <Modal
      open
      title={meeting ? t('meeting.editTitle') : t('meeting.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={meeting ? t('common.save') : t('meeting.createSubmit')}
      okButtonProps={{ loading: saving, 'data-testid': 'meeting-submit' }}
      cancelText={t('common.cancel')}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
      maskClosable={false}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          className="sz-mb-16"
          title={error instanceof ProblemError && error.code === 'conflict' ? t('meeting.conflict') : problemMessage(error, t)}
          data-testid="meeting-form-problem"
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        onFinish={submit}
        initialValues={
          meeting
            ? { kind: meeting.kind, title: meeting.title, startsAt: chinaDayjs(meeting.startsAt), place: meeting.place, projectIds: meeting.projects.map((p) => p.id), attendees: meeting.attendees }
            : { kind: undefined, title: '', place: '', projectIds: [], attendees: [] }
        }
      >
        <Form.Item name="kind" label={t('meeting.kind')} rules={[{ required: true, message: t('meeting.kindRequired') }]} extra={meeting ? t('meeting.kindFixed') : undefined}>
          <Radio.Group disabled={Boolean(meeting)} optionType="button" buttonStyle="solid" data-testid="meeting-kind" options={MEETING_KINDS.map((k) => ({ value: k, label: <span data-testid={`meeting-kind-${k}`}>{kindName(k)}</span> }))} />
        </Form.Item>
        <Form.Item name="title" label={t('meeting.titleLabel')} rules={[{ required: true, whitespace: true, min: 4, message: t('meeting.titleRequired') }, { max: 80 }]}>
          <Input maxLength={80} placeholder={t('meeting.titlePlaceholder')} data-testid="meeting-title" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="startsAt" label={t('meeting.startsAt')} rules={[{ required: true, message: t('meeting.startsAtRequired') }]} style={{ flex: '1 1 220px' }} extra={t('meeting.startsAtHelp')}>
            <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" className="sz-w-full" placeholder={t('meeting.startsAtPlaceholder')} data-testid="meeting-starts-at" />
          </Form.Item>
          <Form.Item name="place" label={t('meeting.place')} rules={[{ required: true, whitespace: true, min: 2, message: t('meeting.placeRequired') }, { max: 100 }]} style={{ flex: '1 1 220px' }}>
            <Input maxLength={100} placeholder={t('meeting.placePlaceholder')} data-testid="meeting-place" />
          </Form.Item>
        </Flex>
        <Form.Item
          label={t('meeting.projects')}
          required
          extra={t('meeting.projectsHelp')}
          // The year only narrows the choices; it is not sent.
        >
          <Flex gap={8} align="flex-start">
            <Select
              value={projectYear}
              onChange={setProjectYear}
              options={years.map((y) => ({ value: y, label: t('meeting.projectYear', { year: y }) }))}
              style={{ width: 110, flex: 'none' }}
              aria-label={t('meeting.projectYearLabel')}
              data-testid="meeting-project-year"
            />
            <Form.Item name="projectIds" noStyle rules={[{ required: true, type: 'array', min: 1, message: t('meeting.projectsRequired') }]}>
              <Select
                mode="multiple"
                style={{ flex: 1, minWidth: 0 }}
                placeholder={t('meeting.projectsPlaceholder')}
                showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search, autoClearSearchValue: false }}
                onBlur={() => setSearch('')}
                loading={options.isFetching}
                notFoundContent={options.isFetching ? t('meeting.projectsLoading') : t('meeting.projectsNone')}
                options={selectOptions}
                optionRender={(option) => (
                  <div style={{ whiteSpace: 'normal', lineHeight: 1.4 }}>
                    <div>{option.label}</div>
                    <Typography.Text type="secondary" className="sz-text-sm">
                      {option.data.number} · {option.data.detail}
                    </Typography.Text>
                  </div>
                )}
                maxTagTextLength={isPhone ? 12 : 24}
                data-testid="meeting-projects"
              />
            </Form.Item>
          </Flex>
        </Form.Item>
        <Form.Item name="attendees" label={t('meeting.attendees')} extra={t('meeting.attendeesHelp')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ';', '；']} placeholder={t('meeting.attendeesPlaceholder')} suffixIcon={null} data-testid="meeting-attendees" tagRender={({ label, closable, onClose }) => (
            <Tag closable={closable} onClose={onClose} className="sz-me-4">
              {label}
            </Tag>
          )} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
