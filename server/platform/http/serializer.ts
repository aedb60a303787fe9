import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';

/**
 * Responses are written by fast-json-stringify from the JSON Schema of the route's zod response
 * schema: the same contract as the OpenAPI document, without re-parsing every response with zod
 * (which cost ~7 % of a list request's CPU). Fields a handler returns beyond the schema are dropped,
 * so a row with internal columns cannot leak.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  if (schema instanceof z.ZodType) {
    // Compiled on the route's first answer, not at start: compiling all of them took ~0.3 s of every start
    // (issue 14 §4) and a route's first answer pays a few ms. fuzz.test.ts answers every route once.
    let write: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      write ??= fastJson(simplifyNullable(z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' })) as Parameters<typeof fastJson>[0]);
      return write(data);
    };
  }
  return (data: unknown) => JSON.stringify(data);
};

type JsonSchema = Record<string, unknown>;

/**
 * zod writes `.nullable()` as `anyOf: [T, {type: 'null'}]`, which fast-json-stringify resolves per
 * value with a validator; `type: [T, 'null']` says the same and is written directly.
 */
export function simplifyNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(simplifyNullable);
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema as JsonSchema)) out[k] = simplifyNullable(v);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2 && Object.keys(out).length === 1) {
    const nullIndex = anyOf.findIndex((s) => s.type === 'null' && Object.keys(s).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex >= 0 && typeof other?.type === 'string' && ['string', 'number', 'integer', 'boolean'].includes(other.type) && Object.keys(other).every((key) => key === 'type' || key === 'format')) {
      return { type: [other.type, 'null'] };
    }
  }
  return out;
}
