import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_SYNC_BATCH, ZFieldRecord, ZFieldRecordInput, ZMyAssignments, ZMyAssignmentsQuery, ZRecordListQuery, ZRecordPage, ZRecordPhoto, ZResourceRecordTotals, ZSyncBody, ZSyncResult } from '../../../contracts/rotation-records.js';
import { ZResourceParams, ZYearQuery } from '../../../contracts/rotation.js';
import { ZId } from '../../../contracts/common.js';
import { readUpload } from '../../platform/files/upload.js';
import { createFieldRecord, findFieldRecords, myAssignments, resourceRecordTotals, syncFieldRecords } from './use-cases/field-records.js';
import { sendRecordPhoto, uploadRecordPhoto } from './use-cases/record-photos.js';

/**
 * Field records of the rotation (issue 17 §3), made for a phone that is often offline: photos go up first (each with
 * the phone's key), then the queued records in batches — each record with its own UUID, so a retry never counts
 * twice and one bad record never blocks the rest. Staff read the records and each resource's totals.
 */
export async function rotationRecordRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['rotation'];
  const record = { permission: 'rotation.record' } as const;

  app.get(
    '/api/v1/rotation/mine/assignments',
    { config: record, schema: { tags, summary: '我本季度的轮值安排（手机）/ My assignments of a season (phone)', description: 'Published assignments only, with the community’s grids and the records already synced.', querystring: ZMyAssignmentsQuery, response: { 200: ZMyAssignments } } },
    (req) => myAssignments(db, req.ctx, req.query.year, req.query.season),
  );
  app.post(
    '/api/v1/rotation/records/photos',
    {
      config: record,
      schema: {
        tags,
        summary: '上传服务记录照片（JPEG/PNG）/ Upload a record photo',
        description: 'multipart/form-data: an optional `clientKey` field (the phone’s UUID for the photo, sent before the file), then `file`. A retry with the same key answers the file kept the first time (200).',
        consumes: ['multipart/form-data'],
        response: { 200: ZRecordPhoto, 201: ZRecordPhoto },
      },
    },
    async (req, reply) => {
      const out = await uploadRecordPhoto(db, app.storage, req.ctx, await readUpload(req));
      reply.code(out.created ? 201 : 200);
      return out.photo;
    },
  );
  app.post(
    '/api/v1/rotation/records',
    {
      config: record,
      schema: { tags, summary: '提交一条服务记录 / Record one activity', description: '201 when kept; 200 with the record kept before when its clientKey was synced already.', body: ZFieldRecordInput, response: { 200: ZFieldRecord, 201: ZFieldRecord } },
    },
    async (req, reply) => {
      const out = await createFieldRecord(db, req.ctx, req.body);
      reply.code(out.created ? 201 : 200);
      return out.record;
    },
  );
  app.post(
    '/api/v1/rotation/records/sync',
    {
      // A full batch: 500 records of about 30 values each, photos included, is more than the guard's general bound.
      config: { ...record, maxJsonValues: MAX_SYNC_BATCH * 100 },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: '同步离线服务记录（每批至多 500 条）/ Sync queued records (up to 500)',
        description: 'Each item is a record as POST /api/v1/rotation/records takes it, checked on its own. Answers per item: created, alreadySynced (its clientKey was kept before: the record kept then) or refused (the reasons, field by field).',
        body: ZSyncBody,
        response: { 200: ZSyncResult },
      },
    },
    (req) => syncFieldRecords(db, req.ctx, req.body.records),
  );
  app.get(
    '/api/v1/rotation/records',
    { config: { permission: 'rotation.read' }, schema: { tags, summary: '服务记录（社区、力量、季度）/ Field records', querystring: ZRecordListQuery, response: { 200: ZRecordPage } } },
    (req) => findFieldRecords(db, req.ctx, req.query),
  );
  app.get(
    '/api/v1/rotation/records/:id/photos/:fileId',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '服务记录照片 / A record’s photo', params: z.strictObject({ id: ZId, fileId: ZId }) } },
    (req, reply) => sendRecordPhoto(db, app.storage, req.ctx, req.params.id, req.params.fileId, req, reply),
  );
  app.get(
    '/api/v1/rotation/resources/:kind/:id/records/totals',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '力量的服务记录与时长（按季度）/ A resource’s records and hours', params: ZResourceParams, querystring: z.strictObject({ year: ZYearQuery.shape.year }), response: { 200: ZResourceRecordTotals } } },
    (req) => resourceRecordTotals(db, req.ctx, req.params.kind, req.params.id, req.query.year),
  );
}
