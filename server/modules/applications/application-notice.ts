import { isDeepStrictEqual } from 'node:util';
import { FORM_FIELDS, type ApplicationKind } from '../../../contracts/applications.js';
import type { ChecklistItem } from './application-checklists.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { unsealForm } from './application-form.js';

/*
 * 一次性告知 as the applicant answers it. Each item points at one form field (its path in the form, FORM_FIELDS) or
 * one material (its checklist key). An item is answered when the field now holds another value than when the notice
 * went out, when a file for the material was uploaded after it, or when the applicant explained why it is right;
 * nothing is stored about an answer but the explanation, so an answer cannot drift from the form and the files.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export type NoticeAnswer = 'changed' | 'replaced' | 'explained';

export interface NoticeItemRow {
  notice: number;
  no: number;
  field: string | null;
  material: string | null;
  problem: string;
  noticedValue: unknown;
  noticedAt: Date;
  explanation: string | null;
}

/** The part of a stored (sealed) form that holds one field, kept as it is stored: `{ changes: { legalRepPhoneSealed } }`. */
export function fragmentOf(form: Json, path: string): Json {
  const [head, ...rest] = path.split('.');
  if (rest.length > 0) return isObject(form[head]) ? { [head]: fragmentOf(form[head], rest.join('.')) } : {};
  const out: Json = {};
  if (head in form) out[head] = form[head];
  if (`${head}Sealed` in form) out[`${head}Sealed`] = form[`${head}Sealed`];
  return out;
}

/** A field's value in clear (personal data opened), or null when it is absent or empty. */
export function clearValueAt(form: Json, path: string, pii: PiiCipher): unknown {
  let at: unknown = unsealForm(fragmentOf(form, path), pii);
  for (const part of path.split('.')) at = isObject(at) ? at[part] : undefined;
  return at === undefined || at === '' ? null : at;
}

/** How an item stands: answered (and how), or not yet. */
export function answerOf(item: NoticeItemRow, form: Json, materials: readonly { item: string | null; createdAt: Date }[], pii: PiiCipher): NoticeAnswer | null {
  if (item.explanation) return 'explained';
  if (item.field) {
    const before = clearValueAt(isObject(item.noticedValue) ? item.noticedValue : {}, item.field, pii);
    return isDeepStrictEqual(before, clearValueAt(form, item.field, pii)) ? null : 'changed';
  }
  return materials.some((m) => m.item === item.material && m.createdAt.getTime() > item.noticedAt.getTime()) ? 'replaced' : null;
}

/** The name of an item's target in the kind's words (Chinese, or English for English requests); a material by the city's checklist. */
export function targetName(kind: ApplicationKind, checklist: readonly ChecklistItem[], item: { field: string | null; material: string | null }, lang: 'zh' | 'en'): string | null {
  const found = item.field ? FORM_FIELDS[kind].find((f) => f.key === item.field) : checklist.find((i) => i.key === item.material);
  if (!found) return item.field ?? item.material;
  return lang === 'en' ? found.nameEn : found.name;
}

/** The form path or material an unanswered item blocks, with why: the applicant's page puts it under that field. */
export function unansweredErrors(kind: ApplicationKind, checklist: readonly ChecklistItem[], items: readonly (NoticeItemRow & { answer: NoticeAnswer | null })[]): FieldError[] {
  return items
    .filter((i) => !i.answer)
    .map((i) => {
      const name = targetName(kind, checklist, i, 'zh');
      const nameEn = targetName(kind, checklist, i, 'en');
      return i.field
        ? { path: `form.${i.field}`, message: `一次性告知第 ${i.no} 项（${name}）尚未补正：请修改此项，或说明无需修改的理由`, messageEn: `Item ${i.no} of the one-time notice (${nameEn}) is not answered: change this field or explain why it is right` }
        : { path: `materials.${i.material}`, message: `一次性告知第 ${i.no} 项（${name}）尚未补正：请重新上传此项材料，或说明无需更换的理由`, messageEn: `Item ${i.no} of the one-time notice (${nameEn}) is not answered: upload this material again or explain why it is right` };
    });
}

/** A notice's targets must be the kind's fields and the city's materials (retired ones too, for what was attached before): anything else could never be answered. */
export function noticeTargetErrors(kind: ApplicationKind, checklist: readonly ChecklistItem[], items: readonly { field?: string | null; item?: string | null }[]): FieldError[] {
  const errors: FieldError[] = [];
  items.forEach((i, k) => {
    if (i.field && !FORM_FIELDS[kind].some((f) => f.key === i.field)) errors.push({ path: `input.items.${k}.field`, message: `申请表没有“${i.field}”这一项`, messageEn: `The form has no field ${i.field}` });
    if (i.item && !checklist.some((c) => c.key === i.item)) errors.push({ path: `input.items.${k}.item`, message: `材料清单没有“${i.item}”这一项`, messageEn: `The checklist has no item ${i.item}` });
  });
  return errors;
}
