import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOcdsReleaseQuery, ZOcidParams } from '../../../contracts/opendata.js';
import { exportReleasePackage, findRecordPackage, POLICY_PATH, publicationPolicy, RECORDS_PATH, RELEASES_PATH, type OcdsSettings } from './use-cases/export-releases.js';

/** Open data is public, but one page can be 10,000 projects: enough for any harvester, too few to load the database at will. */
const OPENDATA_RATE_LIMIT = { max: 120, timeWindow: 60_000 };

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
  const config = {
    permission: 'public' as const,
    rateLimit: { ...OPENDATA_RATE_LIMIT, errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }) },
  };
  // Links in the packages must point where people reach the API; behind a proxy, set PUBLIC_ORIGIN (or TRUST_PROXY).
  const settingsOf = (req: FastifyRequest): OcdsSettings => ({
    prefix: app.config.OCDS_PREFIX,
    license: app.config.OCDS_LICENSE,
    origin: originOf(app.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`),
  });
  // Anyone may read open data from a web page on another site: no credentials are involved.
  const openData = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60');

  app.get(
    RELEASES_PATH,
    {
      exposeHeadRoute: false,
      config,
      schema: {
        tags,
        summary: 'OCDS 发布包（开放数据，无需登录）/ OCDS release package',
        description:
          '每个已立项项目一个 release（当前状态），按 ocid 排序；since 只取此后有变化的项目；分页见 links.next。流式输出。/ One release per published project (its current state), in ocid order; `since` keeps projects changed since then; follow `links.next`. Streamed.',
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
        params: ZOcidParams,
        response: { 200: { description: 'OCDS record package', content: { 'application/json': { schema: ZOcdsPackage } } } },
      },
    },
    async (req, reply) => {
      const pkg = await findRecordPackage(db, settingsOf(req), req.params.ocid);
      return openData(reply).type('application/json; charset=utf-8').send(JSON.stringify(pkg));
    },
  );

  app.get(POLICY_PATH, { config, schema: { tags, summary: '开放数据发布政策 / Publication policy', response: { 200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } } } } }, async (req, reply) =>
    openData(reply).type('text/markdown; charset=utf-8').send(await publicationPolicy(db, settingsOf(req))),
  );
}
