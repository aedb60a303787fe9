import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { ROTATION_RULES, ROTATION_RULE_DEFS, type ZRotationRules, type ZRotationRulesBody } from '../../../../contracts/rotation.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, conflict, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { cityToManage, cityToRead } from '../rotation.policy.js';
import { selectRuleRows } from '../rotation.queries.js';
import { rotationRules } from '../rotation.tables.js';
import type { RuleSet } from '../solver/rules.js';

/** A city's rules as the solver and the checker read them: its own rows over the platform's defaults. */
export async function cityRules(db: DbOrTx, cityId: string): Promise<{ rules: RuleSet; version: number; own: Set<string> }> {
  const rows = await selectRuleRows(db, cityId);
  const rules = Object.fromEntries(ROTATION_RULES.map((code) => [code, { hard: ROTATION_RULE_DEFS[code].hard, weight: ROTATION_RULE_DEFS[code].weight }])) as RuleSet;
  for (const r of rows) rules[r.code] = { hard: r.hard, weight: r.weight };
  return { rules, version: rows.reduce((v, r) => Math.max(v, r.version), 0), own: new Set(rows.map((r) => r.code)) };
}

export async function getRules(db: Db, ctx: RequestContext, cityId: string | undefined): Promise<z.infer<typeof ZRotationRules>> {
  const city = await cityToRead(db, ctx.actor, cityId);
  const { rules, version, own } = await cityRules(db, city.id);
  const en = ctx.lang === 'en';
  return {
    cityId: city.id,
    version,
    items: ROTATION_RULES.map((code) => ({ code, name: en ? ROTATION_RULE_DEFS[code].en : ROTATION_RULE_DEFS[code].zh, description: ROTATION_RULE_DEFS[code].description, hard: rules[code].hard, weight: rules[code].weight, may: [...ROTATION_RULE_DEFS[code].may], isDefault: !own.has(code) })),
  };
}

/**
 * Saves the rules the caller sends (the others keep their setting), against the version the caller saw, audited. A
 * rule may only be what its definition allows: pairing always hard, balance always soft.
 */
export async function putRules(db: Db, ctx: RequestContext, input: z.infer<typeof ZRotationRulesBody>) {
  const city = await cityToManage(db, ctx.actor, input.cityId);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.items.forEach((item, i) => {
    const def = ROTATION_RULE_DEFS[item.code];
    if (seen.has(item.code)) errors.push({ path: `items.${i}.code`, message: `规则“${def.zh}”重复`, messageEn: `Rule ${def.en} is listed twice` });
    seen.add(item.code);
    if (!def.may.includes(item.hard ? 'hard' : 'soft')) errors.push({ path: `items.${i}.hard`, message: item.hard ? `“${def.zh}”只能是软性规则` : `“${def.zh}”只能是硬性规则`, messageEn: item.hard ? `${def.en} can only be soft` : `${def.en} can only be hard` });
    if (!item.hard && item.weight === 0 && item.code !== 'pairing') errors.push({ path: `items.${i}.weight`, message: `软性规则“${def.zh}”的权重须大于 0`, messageEn: `Soft rule ${def.en} needs a weight above 0` });
  });
  if (errors.length) throw new AppError('validation', {}, errors);
  await db.transaction(async (tx) => {
    const current = await tx.select().from(rotationRules).where(eq(rotationRules.cityId, city.id)).for('update');
    const version = current.reduce((v, r) => Math.max(v, r.version), 0);
    if (version !== input.version) throw conflict(version);
    const { rules: before } = await cityRules(tx, city.id);
    const at = clockNow();
    const next = version + 1;
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const item of input.items) {
      const b = before[item.code];
      if (b.hard !== item.hard || b.weight !== item.weight) changes[item.code] = { before: b, after: { hard: item.hard, weight: item.weight } };
    }
    const byCode = new Map(input.items.map((i) => [i.code, i]));
    const rows = ROTATION_RULES.map((code) => ({ cityId: city.id, code, hard: byCode.get(code)?.hard ?? before[code].hard, weight: byCode.get(code)?.weight ?? before[code].weight, version: next, updatedAt: at, updatedBy: ctx.actor!.userId }));
    await tx.delete(rotationRules).where(eq(rotationRules.cityId, city.id));
    await tx.insert(rotationRules).values(rows);
    await appendAudit(tx, ctx, { action: 'rotation.rules', permission: 'rotation.manage', entityType: 'city', entityId: city.id, changes, detail: { city: city.name } });
  });
  return getRules(db, ctx, city.id);
}
