// `npm run setup` (scripts/setup.ts), run as a deployment runs it: a fresh data folder without the demo, the platform
// administrator from the environment, each step twice (the second changes nothing).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-setup-'));
fs.writeFileSync(path.join(dir, 'admin.txt'), 'Platform#Start2026\n');
fs.writeFileSync(path.join(dir, 'office.txt'), 'Tongxiang#Office2026\n');
const env = { ...process.env, DATA_DIR: path.join(dir, 'data'), SEED_DEMO: 'false', ADMIN_USERNAME: 'ops', ADMIN_PASSWORD_FILE: path.join(dir, 'admin.txt'), ADMIN_PASSWORD_CHANGE: 'false', DATABASE_URL: '', LOG_LEVEL: 'warn' };
const setup = async (...args: string[]) => {
  try {
    // `node --import tsx` rather than `npx tsx`: the same loader without npx's own start, about 0.5 s a step.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', ...args], { env, cwd: process.cwd() });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
};
const FIXTURES = 'server/modules/regions/fixtures';

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The CLI opens a PGlite folder of its own whatever the suite runs on: the PostgreSQL leg would repeat this leg's run.
describe.skipIf(inject('testDb').kind === 'postgres')('npm run setup', () => {
  it('says its steps, then makes a city, imports its codes, names its office administrator — each step idempotent', { timeout: 240_000 }, async () => {
    expect((await setup('--help')).out).toContain('import-regions');
    expect(await setup('city', '--code', '330483', '--name', '桐乡市')).toEqual({ code: 0, out: expect.stringContaining('已新增城市') });
    expect((await setup('city', '--code', '330483', '--name', '桐乡市')).out).toContain('已存在');
    for (const f of ['areas', 'streets', 'villages']) expect((await setup('import-regions', '--file', `${FIXTURES}/tongxiang-330483-${f}.csv`, '--apply')).code).toBe(0);
    expect((await setup('import-regions', '--file', `${FIXTURES}/tongxiang-330483-streets.csv`, '--apply')).out).toContain('"created":0');
    expect((await setup('city-admin', '--city', '330483', '--username', 'tx_admin', '--password-file', path.join(dir, 'office.txt'))).out).toContain('已开设');
    expect((await setup('city-admin', '--city', '330483', '--username', 'tx_admin', '--password-file', path.join(dir, 'office.txt'))).out).toContain('已存在');
    // Bad input is said in Chinese, with the field, and changes nothing.
    const bad = await setup('settings', '--city', '330483', '--cert-prefix', 'ZT');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('certPrefix');
    expect((await setup('status')).out).toMatch(/桐乡市（330483）：镇街 3，村社区 8/);
  });
});
