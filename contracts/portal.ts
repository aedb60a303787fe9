import { z } from 'zod';

/**
 * The city a public list is read for (issue 16 §3: every public page is per city): its 6-digit division code, as
 * the portal's address carries it (`?city=330483`) — a code people can read and link to, unlike an id. Without it a
 * list answers for every city the installation serves, as it did before there were several.
 */
export const ZPortalCityCode = z.string().regex(/^\d{6}$/, { error: '城市应为 6 位行政区划代码，如 330481' });

/** The `city` query every public list takes. */
export const ZPortalCityQuery = z.strictObject({ city: ZPortalCityCode.optional() });
