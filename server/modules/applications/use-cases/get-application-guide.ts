import type { z } from 'zod';
import { APPLICATION_KIND_NAMES, SUPPLEMENT_OVERDUE_RULE_NAMES, type ApplicationKind, type TemplateItem, type ZApplicationGuide } from '../../../../contracts/applications.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { timeLimitOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { templatesOf } from '../application-templates.js';
import { docxOf } from '../docx.js';
import { selectKindRules } from '../applications.queries.js';
import { DEFAULT_KIND_RULES, kindRulesOr } from '../application-defaults.js';
import { selectCities } from '../../../platform/access/cities.js';
import { checklistOf, liveItems } from '../application-checklists.js';

const templateUrl = (kind: ApplicationKind, item: string) => `/api/v1/application-guides/${kind}/templates/${item}.docx`;

/**
 * 办事指南: what a kind asks before anyone fills in a form — conditions, materials (with the templates to download),
 * the promised time limit and the 补正 period, fees, the legal basis and how it is handled — from the settings of the
 * city asked for (the first city until the portal asks for one). Public, as a government service guide is.
 */
export async function getApplicationGuide(db: Db, ctx: RequestContext, kind: ApplicationKind, query: { cityId?: string }): Promise<z.infer<typeof ZApplicationGuide>> {
  const [city] = await selectCities(db, query.cityId ? [query.cityId] : undefined);
  if (query.cityId && !city) throw new AppError('not_found', { entity: 'city' });
  const rules = kindRulesOr(kind, city ? await selectKindRules(db, city.id, kind) : undefined);
  const guide = rules.guide ?? DEFAULT_KIND_RULES[kind].guide;
  const templates = templatesOf(kind);
  const lang = ctx.lang;
  return {
    kind,
    kindName: labelOf(APPLICATION_KIND_NAMES[kind], lang),
    conditions: guide.conditions,
    materials: liveItems(await checklistOf(db, city?.id ?? null, kind)).map((i) => ({
      key: i.key,
      name: labelOf({ zh: i.name, en: i.nameEn }, lang),
      required: i.required,
      templateUrl: templates.some((t) => t.item === i.key) ? templateUrl(kind, i.key) : null,
    })),
    promisedDays: rules.promisedDays,
    supplementDays: await timeLimitOf(db, caseTypeOf('application'), kind, 'supplementRequested', city?.id ?? null),
    supplementOverdueName: labelOf(SUPPLEMENT_OVERDUE_RULE_NAMES[rules.supplementOverdue], lang),
    fees: guide.fees,
    legalBasis: guide.legalBasis,
    channel: guide.channel,
    templates: templates.map((t) => ({ item: t.item, name: t.name, url: templateUrl(kind, t.item) })),
  };
}

/** A template as a Word document, named for the download. */
export function getApplicationTemplate(kind: ApplicationKind, item: TemplateItem): { name: string; bytes: Buffer } {
  const found = templatesOf(kind).find((t) => t.item === item);
  if (!found) throw new AppError('not_found', { entity: 'file' });
  return { name: `${found.name}.docx`, bytes: docxOf(found.blocks) };
}
