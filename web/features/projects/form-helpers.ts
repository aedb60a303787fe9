import type { FormInstance } from 'antd';
import { parseYuan, type Fen } from '../../../contracts/money';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';

/**
 * Puts a 422's per-field messages on the form's fields, nested ones included ("indicators.1.target",
 * "input.milestones.0.amountFen"). `rename` maps a server field name to the form's (budgetFen → budget).
 * Returns true when some field got a message; the page's alert lists them all anyway.
 */
export function showFieldErrors(form: FormInstance, error: unknown, rename: Record<string, string> = {}): boolean {
  if (!(error instanceof ProblemError) || error.errors.length === 0) return false;
  const store = form.getFieldsValue(true) as Record<string, unknown>;
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const e of error.errors) {
    const parts: (string | number)[] = e.path
      .replace(/^input\./, '')
      .split('.')
      .map((p) => (/^\d+$/.test(p) ? Number(p) : (rename[p] ?? p)));
    if (parts.length === 0 || !(String(parts[0]) in store)) continue;
    const key = parts.join('.');
    const entry = byName.get(key) ?? { name: parts, errors: [] };
    entry.errors.push(e.message);
    byName.set(key, entry);
  }
  form.setFields([...byName.values()].map(({ name, errors }) => ({ name, errors })));
  return byName.size > 0;
}

/** The rule for an amount typed in yuan ("200000", "200,000.50"): at most two decimals, not negative, optionally within a cap. */
export function useYuanRule(options: { required?: boolean; minFen?: Fen; maxFen?: Fen; maxMessage?: string } = {}) {
  const t = useT();
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value || !String(value).trim()) {
        if (options.required ?? true) throw new Error(t('project.amountRequired'));
        return;
      }
      const fen = parseYuan(String(value));
      if (fen === null) throw new Error(t('project.amountInvalid'));
      if (fen < 0) throw new Error(t('project.amountNegative'));
      if (options.minFen !== undefined && fen < options.minFen) throw new Error(t('project.amountTooSmall'));
      if (options.maxFen !== undefined && fen > options.maxFen) throw new Error(options.maxMessage ?? t('project.amountTooLarge'));
    },
  };
}

/** Yuan text to fen, 0 for what cannot be read (running totals while typing). */
export function fenOf(text: string | undefined): Fen {
  const fen = text ? parseYuan(String(text)) : null;
  return fen !== null && fen >= 0 ? fen : 0;
}
