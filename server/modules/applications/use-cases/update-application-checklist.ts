import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApplicationKind, ZApplicationChecklistBody } from '../../../../contracts/applications.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { checklistOf, liveItems, type ChecklistItem } from '../application-checklists.js';
import { requireSettingsManage } from '../applications.policy.js';
import { applicationChecklistItems, applicationSettings } from '../applications.tables.js';
import { lockSettingAt } from './update-application-setting.js';

type Body = z.infer<typeof ZApplicationChecklistBody>;

/**
 * Replaces a kind's materials checklist in the caller's city (the one named, for someone who keeps several; another
 * city's is a 404), checked against the kind's settings version and audited. Items left out are retired, never
 * deleted; new items get the next free key (item1, item2…), which never changes afterwards.
 */
export async function updateApplicationChecklist(db: Db, ctx: RequestContext, kind: ApplicationKind, input: Body): Promise<{ cityId: string }> {
  const actor = requireSettingsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'application.manage', input.cityId);
    const setting = await lockSettingAt(tx, city.id, kind, input.version);
    const current = await checklistOf(tx, city.id, kind);
    const next = nextChecklist(current, input.items);
    const at = clockNow();
    const kept = new Set(next.map((i) => i.key));
    const retired = current.filter((i) => !kept.has(i.key)).map((i) => ({ ...i, retired: true }));
    await tx.delete(applicationChecklistItems).where(and(eq(applicationChecklistItems.cityId, city.id), eq(applicationChecklistItems.kind, kind)));
    await tx.insert(applicationChecklistItems).values(
      [...next, ...retired].map((i, position) => ({ cityId: city.id, kind, key: i.key, name: i.name, nameEn: i.nameEn, required: i.required, position, retiredAt: i.retired ? at : null, updatedAt: at, updatedBy: actor.userId })),
    );
    await tx.update(applicationSettings).set({ version: setting.version + 1, updatedAt: at, updatedBy: actor.userId }).where(eq(applicationSettings.id, setting.id));
    const brief = (items: readonly ChecklistItem[]) => items.map((i) => ({ key: i.key, name: i.name, required: i.required }));
    await appendAudit(tx, ctx, {
      action: 'application.checklist',
      permission: 'application.manage',
      entityType: 'applicationSetting',
      entityId: setting.id,
      changes: { checklist: { before: brief(liveItems(current)), after: brief(next) } },
      detail: { kind, city: city.name, retired: retired.filter((r) => !current.find((c) => c.key === r.key)?.retired).map((r) => r.key) },
    });
    return { cityId: city.id };
  });
}

/** The list asked for, checked as a whole (every problem at once, on its row), with keys for the new items. */
function nextChecklist(current: readonly ChecklistItem[], items: Body['items']): ChecklistItem[] {
  const errors: FieldError[] = [];
  const byKey = new Map(current.map((i) => [i.key, i]));
  const seenKeys = new Set<string>();
  const seenNames = new Map<string, number>();
  items.forEach((item, k) => {
    if (item.key !== undefined) {
      if (!byKey.has(item.key)) errors.push({ path: `items.${k}.key`, message: `本市的材料清单没有编码为“${item.key}”的材料`, messageEn: `The city's checklist has no item ${item.key}` });
      else if (seenKeys.has(item.key)) errors.push({ path: `items.${k}.key`, message: `材料“${item.name}”重复出现`, messageEn: `Item ${item.key} appears twice` });
      seenKeys.add(item.key);
    }
    const first = seenNames.get(item.name);
    if (first !== undefined) errors.push({ path: `items.${k}.name`, message: `材料名称“${item.name}”与第 ${first + 1} 项重复`, messageEn: `The name repeats item ${first + 1}` });
    else seenNames.set(item.name, k);
  });
  if (errors.length) throw new AppError('validation', {}, errors);
  let n = Math.max(0, ...[...byKey.keys()].map((key) => Number(/^item(\d+)$/.exec(key)?.[1] ?? 0)));
  return items.map((item) => {
    const had = item.key === undefined ? undefined : byKey.get(item.key);
    return {
      key: had?.key ?? `item${++n}`,
      name: item.name,
      // A renamed item without a new English name keeps its old one only while its Chinese name is unchanged.
      nameEn: item.nameEn ?? (had && had.name === item.name ? had.nameEn : item.name),
      required: item.required,
      retired: false,
    };
  });
}
