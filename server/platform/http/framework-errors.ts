import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../errors/error-handler.js';
import { PROBLEMS, fill, type ProblemCode } from '../errors/messages.js';

/**
 * Errors Fastify meets before there is a route (a path parameter over `maxParamLength`, a path that is not
 * valid percent-encoding) answer problem+json like everything else. Fastify's own answer echoed the whole
 * URL; these name no part of it, `instance` included.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const noEcho = { instance: undefined };
  // Fastify expects nothing back from this handler: the reply is sent here (a returned reply is a thenable).
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(request, reply, 'uri_too_long', {}, undefined, noEcho);
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    sendProblem(request, reply, 'bad_request', { reason: '请求地址无效（百分号编码不完整）。', reasonEn: 'The request address is not valid (broken percent-encoding).' }, undefined, noEcho);
    return;
  }
  request.log.error({ err: error }, 'framework error');
  sendProblem(request, reply, 'internal', {}, undefined, noEcho);
}

/**
 * Node refuses some requests before Fastify sees them (headers over 16 KiB → 431, a request that does not
 * parse → 400, too slow → 408) and writes to the socket itself; Fastify's default answer is plain JSON. Same
 * shape as every other problem here, in Chinese (there is no parsed Accept-Language to go by), with
 * nothing of the request in it.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, params]: [number, ProblemCode, Record<string, unknown>] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', {}]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', {}]
        : [400, 'bad_request', { reason: '请求无法解析。' }];
  const [title, detail] = PROBLEMS[code].zh;
  const body = JSON.stringify({ type: `https://shezhi.dev/problems/${code}`, title, status, code, detail: fill(detail, params) });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
