import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZCertificateLookupQuery, ZCertificateSummary, ZCertificateTokenParams, ZCertificateVerification } from '../../../contracts/certificates.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { contentDisposition } from '../../platform/files/files.js';
import { getApplicationCertificate, renderApplicationCertificate } from './use-cases/get-certificate.js';
import { verifyCertificate, verifyCertificateByNumber } from './use-cases/verify-certificate.js';

/** Verification is public: enough for anyone scanning a certificate, too few to walk the token space. */
const VERIFY_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

/** Electronic certificates: the summary and PDF for those who may see the application, and public verification. */
export async function certificateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['applications'];
  // The QR code must point where people reach the app; behind a proxy, set PUBLIC_ORIGIN (or TRUST_PROXY).
  const originOf = (req: FastifyRequest) => (app.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

  app.get(
    '/api/v1/applications/:id/certificate',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '电子登记证书（摘要）/ The certificate an approval issued', params: ZIdParams, response: { 200: ZCertificateSummary } } },
    (req) => getApplicationCertificate(db, req.ctx, req.params.id),
  );

  app.get(
    '/api/v1/applications/:id/certificate.pdf',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '下载电子登记证书（PDF）/ Download the certificate', params: ZIdParams } },
    async (req, reply) => {
      const { pdf, fileName } = await renderApplicationCertificate(db, req.ctx, req.params.id, originOf(req));
      return reply
        .type('application/pdf')
        .header('content-length', String(pdf.length))
        .header('content-disposition', contentDisposition(fileName))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/public/certificates/:token',
    {
      config: {
        permission: 'public',
        rateLimit: { ...VERIFY_RATE_LIMIT, errorResponseBuilder: (_req, context) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }) },
      },
      schema: { tags, summary: '核验电子证书（无需登录）/ Verify a certificate', params: ZCertificateTokenParams, response: { 200: ZCertificateVerification } },
    },
    (req) => verifyCertificate(db, req.params.token, req.ctx.lang),
  );

  app.get(
    '/api/v1/public/certificates',
    {
      config: {
        permission: 'public',
        // The same budget as the QR code's page: a number or a code names one certificate; guessing others is slow.
        rateLimit: { ...VERIFY_RATE_LIMIT, errorResponseBuilder: (_req, context) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }) },
      },
      schema: {
        tags,
        summary: '按证书编号或统一社会信用代码核验（无需登录）/ Verify by certificate number or credit code',
        querystring: ZCertificateLookupQuery,
        response: { 200: ZCertificateVerification },
      },
    },
    (req) => verifyCertificateByNumber(db, req.query.number, req.ctx.lang),
  );
}
