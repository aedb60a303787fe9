// Issue 16 §3: open data per city. Each city publishes its own releases under its own ocids
// (ocds-shezhi-<division code>-<case number>), with its own Social Work Office as publisher and procuring entity;
// `?city=` keeps one city's, and without it the package holds every city's, each under its city's ocid.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, failedFields, useTestApp } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { publishInSecondCity, type SecondCityPublic } from '../../test/second-city-public.js';
import type { OcdsRelease } from './ocds-mapping.js';

// The official OCDS 1.1.5 schemas (standards/, as ocds.test.ts reads them): a city's package is as valid as the whole.
const STANDARD = fileURLToPath(new URL('../../../standards/ocds-1.1.5/', import.meta.url));
const load = (file: string) => JSON.parse(fs.readFileSync(`${STANDARD}${file}`, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(load('release-schema.json'));
ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json' });
const validateReleasePackage = ajv.compile(load('release-package-schema.json'));
const validateRecordPackage = ajv.compile(load('record-package-schema.json'));
function expectValid(validate: typeof validateReleasePackage, data: unknown) {
  const ok = validate(data);
  expect(ok ? [] : validate.errors!.slice(0, 10).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
}

const ctx = useTestApp();
const app = () => ctx.t.app;
let tx: SecondCity;
let tongxiang: SecondCityPublic;

type ReleasePackage = { uri: string; publisher: { name: string }; publicationPolicy: string; releases: OcdsRelease[]; links?: { next?: string } };
type RecordPackage = { uri: string; publisher: { name: string }; publicationPolicy: string; records: { ocid: string; releases: OcdsRelease[] }[] };

async function releases(query: string): Promise<ReleasePackage> {
  const res = await call(app(), null, 'GET', `/api/v1/opendata/ocds/releases${query}`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  const pkg = res.json<ReleasePackage>();
  expectValid(validateReleasePackage, pkg);
  return pkg;
}

async function record(ocid: string): Promise<RecordPackage> {
  const res = await call(app(), null, 'GET', `/api/v1/opendata/ocds/records/${encodeURIComponent(ocid)}`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  const pkg = res.json<RecordPackage>();
  expectValid(validateRecordPackage, pkg);
  return pkg;
}

const HAINING_OFFICE = '中共海宁市委社会工作委员会办公室';
const TONGXIANG_OFFICE = '中共桐乡市委社会工作委员会办公室';
const procuringEntity = (r: OcdsRelease) => r.parties.find((p) => p.roles.includes('procuringEntity'))!.name;

beforeAll(async () => {
  tx = await addSecondCity(app());
  tongxiang = await publishInSecondCity(app(), tx);
});

describe('OCDS per city', () => {
  it('publishes one city’s releases with ?city=, under its ocids, its office as publisher and procuring entity', async () => {
    const pkg = await releases('?city=330483');
    expect(pkg.releases.map((r) => r.ocid)).toEqual([`ocds-shezhi-330483-${tongxiang.projectNumber}`]);
    expect(pkg.publisher).toEqual({ name: TONGXIANG_OFFICE });
    expect(procuringEntity(pkg.releases[0])).toBe(TONGXIANG_OFFICE);
    expect(pkg.uri).toBe('http://localhost/api/v1/opendata/ocds/releases?city=330483&limit=1000');
    expect(pkg.publicationPolicy).toBe('http://localhost/api/v1/opendata/ocds/publication-policy?city=330483');

    const haining = await releases('?city=330481&limit=10000');
    expect(haining.releases.length).toBeGreaterThan(200);
    expect(haining.releases.every((r) => r.ocid.startsWith('ocds-shezhi-330481-XM'))).toBe(true);
    expect(haining.releases.some((r) => r.ocid.endsWith(tongxiang.projectNumber))).toBe(false);
    expect(new Set(haining.releases.map(procuringEntity))).toEqual(new Set([HAINING_OFFICE]));
    expect(haining.publisher).toEqual({ name: HAINING_OFFICE });
    const ocids = haining.releases.map((r) => r.ocid);
    expect(ocids).toEqual([...ocids].sort());
  });

  it('without a city, holds every city’s releases, each under its own city’s ocid and office', async () => {
    const pkg = await releases('?limit=10000');
    const haining = await releases('?city=330481&limit=10000');
    expect(pkg.releases).toHaveLength(haining.releases.length + 1);
    const theirs = pkg.releases.find((r) => r.ocid === `ocds-shezhi-330483-${tongxiang.projectNumber}`)!;
    expect(procuringEntity(theirs)).toBe(TONGXIANG_OFFICE);
    expect(pkg.releases.filter((r) => r !== theirs).every((r) => r.ocid.startsWith('ocds-shezhi-330481-') && procuringEntity(r) === HAINING_OFFICE)).toBe(true);
    expect(pkg.publisher).toEqual({ name: `${HAINING_OFFICE}、${TONGXIANG_OFFICE}` });
    expect(pkg.publicationPolicy).toBe('http://localhost/api/v1/opendata/ocds/publication-policy');
  });

  it('keeps the city in links.next, page after page', async () => {
    const first = await releases('?city=330481&limit=100');
    expect(first.links!.next).toMatch(/^http:\/\/localhost\/api\/v1\/opendata\/ocds\/releases\?city=330481&limit=100&cursor=/);
    const next = new URL(first.links!.next!);
    const second = await releases(next.search);
    expect(second.releases.length).toBeGreaterThan(0);
    expect(second.releases.every((r) => r.ocid.startsWith('ocds-shezhi-330481-'))).toBe(true);
  });

  it('answers a city’s record by its ocid, by the ocid without a city code, and not under the other city’s code', async () => {
    const ocid = `ocds-shezhi-330483-${tongxiang.projectNumber}`;
    const pkg = await record(ocid);
    expect(pkg.records[0].ocid).toBe(ocid);
    expect(pkg.publisher).toEqual({ name: TONGXIANG_OFFICE });
    expect(pkg.publicationPolicy).toBe('http://localhost/api/v1/opendata/ocds/publication-policy?city=330483');
    expect(await record(`ocds-shezhi-${tongxiang.projectNumber}`)).toEqual(pkg);
    expectProblem(await call(app(), null, 'GET', `/api/v1/opendata/ocds/records/ocds-shezhi-330481-${tongxiang.projectNumber}`), 404, 'not_found');
    expectProblem(await call(app(), null, 'GET', '/api/v1/opendata/ocds/records/ocds-shezhi-330483-XM201600001'), 404, 'not_found');
  });

  it('states each city’s publication policy, and every city’s without one', async () => {
    const one = await call(app(), null, 'GET', '/api/v1/opendata/ocds/publication-policy?city=330483');
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain(`发布者 Publisher：${TONGXIANG_OFFICE}\n`);
    expect(one.body).toContain('ocds-shezhi-330483-<项目编号>');
    const all = await call(app(), null, 'GET', '/api/v1/opendata/ocds/publication-policy');
    expect(all.body).toContain(`发布者 Publisher：${HAINING_OFFICE}、${TONGXIANG_OFFICE}\n`);
    expect(all.body).toContain('?city=<城市代码>');
  });

  it('answers a code no city has with a 404 problem in Chinese, a malformed one with a 422', async () => {
    for (const url of ['/api/v1/opendata/ocds/releases?city=999999', '/api/v1/opendata/ocds/publication-policy?city=999999']) {
      expect(expectProblem(await call(app(), null, 'GET', url), 404, 'not_found')).toMatchObject({ title: '未找到', detail: '请求的城市不存在或您无权查看。' });
    }
    expect(failedFields(await call(app(), null, 'GET', '/api/v1/opendata/ocds/releases?city=tongxiang'), 'validation')).toEqual(['city']);
    expect(failedFields(await call(app(), null, 'GET', '/api/v1/opendata/ocds/publication-policy?city=33048'), 'validation')).toEqual(['city']);
  });
});
