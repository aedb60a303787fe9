import { Alert, Button, Card, Form, type FormInstance, Input, Modal, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../../app/i18n';
import { applyProblemToForm, useFeedback } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { actedFirst, actionButtons, commentRule, type CaseEvent, type EventLook } from './case-kit';
import { useTransition } from './cases-api';

/** The dialog's values: the comment, and whatever fields the feature's event adds. */
export type ActionValues = { comment?: string } & Record<string, unknown>;

/** What a feature adds to one of its events: the look, a help text, its own fields and how they become the input. */
export interface EventSpec<V extends ActionValues = ActionValues> extends Omit<EventLook, 'form'> {
  /** What happens (and what the server checks), above the dialog's form. */
  help?: ReactNode;
  /** The event's own fields, inside the dialog's form (a contract, a call notice, a supplement notice's items…). */
  fields?: (form: FormInstance<V>) => ReactNode;
  /** The transition's `input`, from the dialog's values. */
  input?: (values: V) => Record<string, unknown> | undefined;
  /** Puts a refusal's per-field messages on the fields (default: `input.<name>` onto the field of that name). */
  showProblem?: (form: FormInstance<V>, error: unknown) => void;
  /** The comment box's label (default: "意见说明", with "（选填）" when the server does not require it). */
  commentLabel?: string;
  initialValues?: Partial<V>;
  /** A wide dialog, for events with a table of fields. */
  wide?: boolean;
  /** Asks in a dialog even without fields, help or a required comment (e.g. an approval, to add a word). */
  ask?: boolean;
}

export interface CaseActionsProps<V extends ActionValues> {
  /** The case as the server answered it: its version (a stale one is refused with 409) and its `abilities`. */
  c: { id: string; version: number; abilities: { events: readonly CaseEvent[] } };
  /** The feature's events; one the feature does not list still shows, with a plain button and a comment box. */
  events: Readonly<Record<string, EventSpec<V>>>;
  /** Every act asks first (projects); otherwise only those with a form, a help text or a required comment. */
  askAlways?: boolean;
  /** Reloads whatever shows the case; called after every act, a refused one included. */
  onActed: () => unknown;
  title?: ReactNode;
  testId?: string;
  /** Before the event buttons (e.g. "edit the draft"). */
  extra?: ReactNode;
}

/** The default: a refusal's `input.<field>` messages onto the form's field of that name. */
function showOnFields(form: FormInstance, error: unknown) {
  applyProblemToForm(form, error, (path) => path.replace(/^input\./, '').split('.')[0] ?? null);
}

/**
 * 可办理的操作: one button per event the server says this user may fire now (`case.abilities.events`; the page
 * never decides who may act), each with the dialog its input needs. The transition goes with `Prefer:
 * return=minimal` and the case is reloaded after it; a refusal stays in the dialog in the server's words (fields
 * named), and a 409 says someone else acted first — the reloaded case then shows what they did.
 */
export function CaseActions<V extends ActionValues>({ c, events, askAlways = false, onActed, title, testId = 'case-actions', extra }: CaseActionsProps<V>) {
  const t = useT();
  const isPhone = useIsPhone();
  const { notifySuccess } = useFeedback();
  const transition = useTransition(c.id, onActed);
  const [open, setOpen] = useState<string | null>(null);
  const [firing, setFiring] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();
  const looks = Object.fromEntries(Object.entries(events).map(([event, s]) => [event, { tone: s.tone, comment: s.comment, form: !!s.fields || !!s.help || !!s.ask }]));
  const buttons = actionButtons(c.abilities.events, looks, askAlways);
  if (buttons.length === 0 && !extra) return null;

  const current = c.abilities.events.find((e) => e.event === open);
  const spec: EventSpec<V> = (open ? events[open] : undefined) ?? {};
  const comment = commentRule(current, spec);
  const close = () => {
    setOpen(null);
    setError(null);
  };
  const fire = (event: string, values: V) => {
    const s = events[event] ?? {};
    setError(null);
    setFiring(event);
    transition.mutate(
      { event, version: c.version, comment: values.comment?.trim() || undefined, input: s.input?.(values) },
      {
        onSuccess: () => {
          notifySuccess(t('case.done', { action: c.abilities.events.find((e) => e.event === event)?.name ?? event }));
          close();
        },
        onError: (e) => {
          setError(e);
          if (open) (s.showProblem ?? showOnFields)(form, e);
        },
        onSettled: () => setFiring(null),
      },
    );
  };
  const problem = error ? <ErrorAlert error={error} className="sz-mb-16" testId="action-problem" description={actedFirst(error) ? t('case.actedFirst') : undefined} /> : null;

  return (
    <Card size="small" className="sz-mb-16" title={title ?? t('case.actions')} data-testid={testId}>
      {!open ? problem : null}
      <Space wrap>
        {extra}
        {buttons.map((b) => (
          <Button
            key={b.event}
            type={b.tone === 'primary' ? 'primary' : 'default'}
            danger={b.tone === 'danger'}
            loading={firing === b.event && !open}
            onClick={() => {
              setError(null);
              if (!b.asks) return fire(b.event, {} as V);
              form.resetFields();
              setOpen(b.event);
            }}
            data-testid={`action-${b.event}`}
          >
            {b.name}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={current?.name ?? ''}
        onCancel={close}
        onOk={() => form.submit()}
        okText={t('case.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: spec.tone === 'danger', disabled: !current, 'data-testid': 'action-confirm' }}
        confirmLoading={transition.isPending}
        width={isPhone ? '100%' : spec.wide ? 860 : 560}
        destroyOnHidden
        maskClosable={false}
      >
        {open && !current ? <Alert type="info" showIcon className="sz-mb-16" title={t('case.actionGone')} /> : null}
        {open ? problem : null}
        {spec.help ? (
          <Typography.Paragraph type="secondary" className="sz-mt-0">
            {spec.help}
          </Typography.Paragraph>
        ) : null}
        <Form<V> form={form} layout="vertical" preserve={false} initialValues={spec.initialValues} onFinish={(values) => open && fire(open, values)} scrollToFirstError>
          {spec.fields?.(form)}
          {comment.shown ? (
            <Form.Item
              name="comment"
              label={spec.commentLabel ?? t(comment.required ? 'case.comment' : 'case.commentOptional')}
              rules={[{ required: comment.required, whitespace: true, message: t('case.commentMissing') }, { max: 2000 }]}
            >
              <Input.TextArea rows={comment.required ? 3 : 2} maxLength={2000} data-testid="action-comment" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </Card>
  );
}
