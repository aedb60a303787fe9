import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZTrackingParams } from '../../../contracts/concerns.js';
import { readUpload } from '../../platform/files/upload.js';
import { addPublicConcernPhoto } from './use-cases/public-concern-photos.js';

/** Six photos for each of the ten concerns an address may raise in a quarter of an hour, with room for a retry. */
export const PUBLIC_PHOTO_LIMIT = { max: 40, timeWindow: 15 * 60_000 };

const ZPublicPhoto = z.object({ id: z.string(), fileName: z.string(), photos: z.number().int() });

/** The public page's photo upload (issue 17 §4): bound to the tracking number, images only, rate-limited per address. */
export async function concernsPublicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  app.post(
    '/api/v1/public/concerns/:trackingNumber/photos',
    {
      config: {
        permission: 'public',
        skipCsrf: true,
        rateLimit: { ...PUBLIC_PHOTO_LIMIT, errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }) },
      },
      schema: {
        tags: ['concerns'],
        summary: '群众为反映的民情添加照片（JPEG/PNG，凭受理编号）/ Add a photo to a concern raised on the public page',
        description: '答复之前可添加，每条最多 6 张；只收图片（按内容识别），公开页面不显示照片。/ Until it is answered, at most six; images only (by content); never shown in public.',
        consumes: ['multipart/form-data'],
        params: ZTrackingParams,
        response: { 201: ZPublicPhoto },
      },
    },
    async (req, reply) => {
      const part = await readUpload(req);
      const out = await addPublicConcernPhoto(db, app.storage, req.ctx, req.params.trackingNumber, part);
      reply.code(201);
      return out;
    },
  );
}
