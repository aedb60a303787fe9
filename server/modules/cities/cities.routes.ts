import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCity, ZCitySettingsInput, ZCityTemplateInput, ZCityTemplateReport, ZCityTimeLimits, ZCityTimeLimitsInput, ZPublicCity } from '../../../contracts/cities.js';
import { getCityTimeLimits, updateCityTimeLimits } from './use-cases/city-time-limits.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { copyCityTemplate } from './use-cases/copy-city-template.js';
import { findCities, getCity } from './use-cases/find-cities.js';
import { findPublicCities } from './use-cases/find-public-cities.js';
import { updateCitySettings } from './use-cases/update-city-settings.js';

export async function cityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['cities'];
  app.get('/api/v1/cities', { config: { permission: 'city.read' }, schema: { tags, summary: '城市及其设置 / Cities and their settings', response: { 200: z.object({ items: z.array(ZCity) }) } } }, (req) =>
    findCities(db, req.ctx),
  );
  app.get('/api/v1/cities/:id', { config: { permission: 'city.read' }, schema: { tags, summary: '一个城市的设置 / One city and its settings', params: ZIdParams, response: { 200: ZCity } } }, (req) =>
    getCity(db, req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/cities/:id/settings',
    { config: { permission: 'city.manage' }, schema: { tags, summary: '保存城市设置 / Save a city’s settings', params: ZIdParams, body: ZCitySettingsInput, response: { 200: ZCity } } },
    (req) => updateCitySettings(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/cities/:id/copy-template',
    { config: { permission: 'city.manage' }, schema: { tags, summary: '从其他城市复制设置 / Copy settings from another city', params: ZIdParams, body: ZCityTemplateInput, response: { 200: ZCityTemplateReport } } },
    (req) => copyCityTemplate(db, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/v1/cities/:id/time-limits',
    { config: { permission: 'city.read' }, schema: { tags, summary: '城市的办理时限 / A city’s step time limits', params: ZIdParams, response: { 200: ZCityTimeLimits } } },
    (req) => getCityTimeLimits(db, req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/cities/:id/time-limits',
    { config: { permission: 'city.manage' }, schema: { tags, summary: '修改城市的办理时限 / Change a city’s step time limits', params: ZIdParams, body: ZCityTimeLimitsInput, response: { 200: ZCityTimeLimits } } },
    (req) => updateCityTimeLimits(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/public/cities', { config: { permission: 'public' }, schema: { tags, summary: '门户的城市 / The portal’s cities', response: { 200: z.object({ items: z.array(ZPublicCity) }) } } }, () =>
    findPublicCities(db),
  );
}
