import { z } from 'zod';
import { ZId } from './common.js';

/** What a city keeps of its own beyond its tables (issue 16 §3): how its certificates and its public portal read. */
export const ZCitySettings = z.object({
  /** Before 民证字 on a certificate: the province's and the city's abbreviation (浙海, 浙桐). */
  certPrefix: z.string(),
  /** The registration authority printed on certificates (海宁市民政局). */
  registrationAuthority: z.string(),
  /** The public portal's name in its header. */
  portalName: z.string(),
  /** Where residents and organizations reach the office: a phone, an address. */
  portalContact: z.string(),
  portalAddress: z.string(),
  /** 0 while the city still runs on the defaults (nothing saved yet). */
  version: z.number().int(),
});
export type CitySettings = z.infer<typeof ZCitySettings>;

export const ZCity = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  settings: ZCitySettings,
  /** The caller may change its settings (and copy a template into it). */
  manageable: z.boolean(),
});
export type City = z.infer<typeof ZCity>;

/** The public part, for the portal: no version, nothing internal. */
export const ZPublicCity = z.object({ id: z.string(), name: z.string(), code: z.string(), portalName: z.string(), portalContact: z.string(), portalAddress: z.string() });

const han = /^[\u3400-\u9fff]+$/u;
export const ZCitySettingsInput = z.strictObject({
  /** The version read (0 for a city still on the defaults): two people saving at once, one gets 409. */
  version: z.number().int().min(0),
  certPrefix: z.string().trim().min(1, { error: '请填写证书字号前缀' }).max(4, { error: '证书字号前缀不超过 4 个字' }).regex(han, { error: '证书字号前缀只能是汉字，如“浙海”' }),
  registrationAuthority: z.string().trim().min(2, { error: '请填写登记管理机关' }).max(40, { error: '登记管理机关不超过 40 个字' }),
  portalName: z.string().trim().min(2, { error: '请填写门户名称' }).max(40, { error: '门户名称不超过 40 个字' }),
  portalContact: z.string().trim().max(60, { error: '联系方式不超过 60 个字' }).default(''),
  portalAddress: z.string().trim().max(120, { error: '地址不超过 120 个字' }).default(''),
});

export const ZCityTemplateInput = z.strictObject({
  /** The city whose settings are copied. */
  fromCityId: ZId,
});

export const ZCityTemplateReport = z.object({
  parts: z.array(z.object({ module: z.string(), label: z.string(), copied: z.number().int(), skipped: z.number().int() })),
});

/** One promised step limit of a city (issue 16 §3), for every case type's states that have one. */
export const ZCityTimeLimit = z.object({
  caseType: z.string(),
  caseTypeName: z.string(),
  /** `*` for a type without variants; else the variant (establishment, change …) and its name. */
  variant: z.string(),
  variantName: z.string().nullable(),
  state: z.string(),
  stateName: z.string(),
  /** The platform's default in working days (null: none). */
  defaultDays: z.number().int().nullable(),
  /** What the city's cases are given now. */
  days: z.number().int().nullable(),
  /** The city set this one itself (else it runs on the default). */
  own: z.boolean(),
});
export type CityTimeLimit = z.infer<typeof ZCityTimeLimit>;

export const ZCityTimeLimits = z.object({ items: z.array(ZCityTimeLimit), manageable: z.boolean() });

export const ZCityTimeLimitsInput = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        caseType: z.string().min(1).max(40),
        variant: z.string().min(1).max(40),
        state: z.string().min(1).max(40),
        /** What the caller saw (`days` of the list): it moved meanwhile → 409, nothing saved. */
        expectedDays: z.number().int().nullable(),
        /** Working days; null returns the step to the platform's default. */
        workingDays: z.number({ error: '时限须为整数个工作日' }).int({ error: '时限须为整数个工作日' }).min(0, { error: '时限不能为负数' }).max(365, { error: '时限最多 365 个工作日' }).nullable(),
      }),
    )
    .min(1, { error: '没有要修改的时限' })
    .max(200),
});
