import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOcdsPolicyQuery, ZOcdsReleaseQuery, ZOcidParams } from '../../../contracts/opendata.js';
import { openDataHeaders, OPENDATA_ROUTE_CONFIG } from './opendata.policy.js';
import { POLICY_PATH, RECORDS_PATH, RELEASES_PATH, type OcdsSettings } from './opendata.presenter.js';
import { exportReleasePackage } from './use-cases/export-releases.js';
import { findRecordPackage } from './use-cases/find-record-package.js';
import { publicationPolicy } from './use-cases/get-publication-policy.js';

/** For the OpenAPI document only: the body is written by the use case (streamed), not by the serializer. */
const ZOcdsPackage = z.any().meta({ type: 'object', description: 'OCDS 1.1 package (https://standard.open-contracting.org/1.1/)' });

/** http://localhost:80/ → http://localhost: the same spelling in every link of a package. */
function originOf(raw: string): string {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** OCDS open data of purchased service projects, without login (docs/opendata.md). */
export async function opendataRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['opendata'];
  // Public and rate-limited (opendata.policy.ts).
  const config = OPENDATA_ROUTE_CONFIG;
  // Links in the packages must point where people reach the API; behind a proxy, set PUBLIC_ORIGIN (or TRUST_PROXY).
  const settingsOf = (req: FastifyRequest): OcdsSettings => ({
    prefix: app.config.OCDS_PREFIX,
    license: app.config.OCDS_LICENSE,
    origin: originOf(app.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`),
  });
  const openData = openDataHeaders;

  app.get(
    RELEASES_PATH,
    {
      exposeHeadRoute: false,
      config,
      schema: {
        tags,
        summary: 'OCDS 发布包（开放数据，无需登录）/ OCDS release package',
        description:
          '每个已立项项目一个 release（当前状态），按项目编号排序；city（城市的 6 位行政区划代码）只取该城市的项目，ocid 形如 ocds-shezhi-330481-XM202600001；since 只取此后有变化的项目；分页见 links.next。流式输出。/ One release per published project (its current state), in case-number order; `city` (a city’s 6-digit division code) keeps that city’s projects, ocids read ocds-shezhi-330481-XM202600001; `since` keeps projects changed since then; follow `links.next`. Streamed.',
        querystring: ZOcdsReleaseQuery,
        response: { 200: { description: 'OCDS release package', content: { 'application/json': { schema: ZOcdsPackage } } } },
      },
    },
    async (req, reply) => {
      const settings = settingsOf(req);
      // The package's `uri` is this page's canonical address (since normalized to UTC), as links.next spells the next one.
      const { body } = await exportReleasePackage(db, settings, req.query);
      // Pulled as the client reads: a slow client holds back the next batch instead of filling memory.
      const stream = Readable.from(body, { objectMode: false, highWaterMark: 64 * 1024 });
      return openData(reply).type('application/json; charset=utf-8').send(stream);
    },
  );

  app.get(
    `${RECORDS_PATH}/:ocid`,
    {
      config,
      schema: {
        tags,
        summary: 'OCDS 记录包（一个项目）/ OCDS record package for one ocid',
        description: 'ocid 含城市代码（ocds-shezhi-330481-XM202600001）；此前发布的不含城市代码的 ocid 仍可查询。/ The ocid carries its city’s code; ocids published before, without one, still resolve.',
        params: ZOcidParams,
        response: { 200: { description: 'OCDS record package', content: { 'application/json': { schema: ZOcdsPackage } } } },
      },
    },
    async (req, reply) => {
      const pkg = await findRecordPackage(db, settingsOf(req), req.params.ocid);
      return openData(reply).type('application/json; charset=utf-8').send(JSON.stringify(pkg));
    },
  );

  app.get(
    POLICY_PATH,
    { config, schema: { tags, summary: '开放数据发布政策 / Publication policy', querystring: ZOcdsPolicyQuery, response: { 200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } } } } },
    async (req, reply) => openData(reply).type('text/markdown; charset=utf-8').send(await publicationPolicy(db, settingsOf(req), req.query.city)),
  );
}
