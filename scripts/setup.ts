// `npm run setup -- <step> [options]`: the steps a city takes to go live (issue 16 §1), each idempotent, each through
// the platform's own API as the platform administrator (ADMIN_USERNAME + ADMIN_PASSWORD_FILE / ADMIN_PASSWORD, the
// variables of the first start). Without --url it opens the database itself (DATA_DIR or DATABASE_URL, as `npm start`;
// stop a PGlite server first); with --url it talks to a running server.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { buildApp } from '../server/app.js';
import { openDatabase } from '../server/platform/db/open.js';
import { runMigrations } from '../server/platform/db/migrate.js';
import { createPiiCipher } from '../server/platform/pii/cipher.js';
import { resolvePiiKey } from '../server/platform/pii/key-guard.js';
import { ensureOfficialCalendar } from '../server/platform/calendar/calendar.js';
import { ensureFirstAdmin, passwordFrom, StartRefused } from '../server/platform/auth/first-admin.js';

const HELP = `社治通上线步骤 / Shezhi city setup

用法 / usage: npm run setup -- <步骤 step> [选项 options]

步骤（每一步都可重复执行，已完成的不会重复做）/ steps (each idempotent):
  city --code 330483 --name 桐乡市
      新增城市（县级市、区）/ create the city this installation serves
  import-regions --file 区划.csv [--apply] [--skip-invalid]
      导入区划代码（国家统计数据的 CSV/XLSX 格式，或 code,name,parentCode）；不加 --apply 只预演
      import official division codes; a dry run unless --apply
  copy-settings --from 330481 --to 330483
      从已有城市复制成员单位、项目清单、申报条件、办事时限等设置 / copy another city's settings
  settings --city 330483 [--cert-prefix 浙桐] [--authority 桐乡市民政局] [--portal-name …] [--contact …] [--address …]
      修改城市的证书字号、登记管理机关、门户名称与联系方式 / a city's certificate prefix, authority, portal
  city-admin --city 330483 --username tx_admin --display-name 桐乡市社工办管理员 --password-file 密码.txt
      为城市开设社工办管理员账号（首次登录须修改密码）/ the city's first office administrator
  status
      列出城市及其区划、成员单位数量 / list the cities

身份 / who acts: ADMIN_USERNAME 与 ADMIN_PASSWORD_FILE（或 ADMIN_PASSWORD）指定的平台管理员
      (the platform administrator of the first start; created if the database has none)
数据库 / database: 与 npm start 相同（DATA_DIR 或 DATABASE_URL）；或 --url http://host:port 连接运行中的服务
`;

interface Reply {
  status: number;
  body: unknown;
}
type Send = (method: string, url: string, payload?: unknown, file?: { name: string; content: Buffer }) => Promise<Reply>;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function problem(r: Reply): string {
  const b = r.body as { detail?: string; errors?: { path: string; message: string }[] } | null;
  return [`HTTP ${r.status}${b?.detail ? `：${b.detail}` : ''}`, ...(b?.errors ?? []).map((e) => `  ${e.path}：${e.message}`)].join('\n');
}

function multipart(file: { name: string; content: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----shezhi${Date.now().toString(16)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(file.name)}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Signs in as the platform administrator and answers a sender carrying the session. */
async function signIn(raw: (method: string, url: string, body: Buffer | string | undefined, headers: Record<string, string>) => Promise<Reply & { cookie?: string }>, username: string, password: string): Promise<Send> {
  const login = await raw('POST', '/api/v1/auth/login', JSON.stringify({ username, password }), { 'content-type': 'application/json' });
  if (login.status !== 200 || !login.cookie) fail(`平台管理员 ${username} 登录失败 / sign-in failed\n${problem(login)}`);
  const user = (login.body as { user: { csrfToken: string; mustChangePassword?: boolean } }).user;
  const headers = { cookie: login.cookie, 'x-csrf-token': user.csrfToken };
  return async (method, url, payload, file) => {
    if (file) {
      const m = multipart(file);
      return raw(method, url, m.payload, { ...headers, 'content-type': m.contentType });
    }
    return raw(method, url, payload === undefined ? undefined : JSON.stringify(payload), payload === undefined ? headers : { ...headers, 'content-type': 'application/json' });
  };
}

async function cityByCode(send: Send, code: string): Promise<{ id: string; name: string; code: string; settings: Record<string, unknown> & { version: number } }> {
  const r = await send('GET', '/api/v1/cities');
  if (r.status !== 200) fail(problem(r));
  const city = (r.body as { items: { id: string; name: string; code: string; settings: Record<string, unknown> & { version: number } }[] }).items.find((c) => c.code === code);
  if (!city) fail(`没有代码为 ${code} 的城市：请先执行 city 步骤 / no city ${code}: run the city step first`);
  return city;
}

async function run(step: string, o: Record<string, string | boolean | undefined>, send: Send): Promise<void> {
  const need = (k: string) => (typeof o[k] === 'string' && o[k] ? o[k] : fail(`${step} 需要 --${k}（npm run setup -- --help）`));
  switch (step) {
    case 'city': {
      const code = need('code');
      const existing = ((await send('GET', '/api/v1/cities')).body as { items: { code: string; name: string }[] }).items.find((c) => c.code === code);
      if (existing) return void process.stdout.write(`已存在 / exists: ${existing.name}（${code}）\n`);
      const r = await send('POST', '/api/v1/regions', { kind: 'city', code, name: need('name') });
      if (r.status !== 201) fail(problem(r));
      return void process.stdout.write(`已新增城市 / created: ${need('name')}（${code}）\n`);
    }
    case 'import-regions': {
      const file = need('file');
      const q = `?apply=${o.apply ? 'true' : 'false'}${o['skip-invalid'] ? '&skipInvalid=true' : ''}`;
      const r = await send('POST', `/api/v1/regions/import${q}`, undefined, { name: path.basename(file), content: fs.readFileSync(file) });
      const report = (r.body as { report?: unknown }).report ?? r.body;
      const { counts, errors } = report as { counts?: Record<string, number>; errors?: { row: number; code: string; message: string }[] };
      process.stdout.write(`${o.apply && r.status === 200 ? '已导入 / applied' : '预演 / dry run'}：${JSON.stringify(counts ?? {})}\n`);
      for (const e of (errors ?? []).slice(0, 20)) process.stdout.write(`  第 ${e.row} 行 ${e.code}：${e.message}\n`);
      if (r.status !== 200) fail(problem(r));
      return;
    }
    case 'copy-settings': {
      const from = await cityByCode(send, need('from'));
      const to = await cityByCode(send, need('to'));
      const r = await send('POST', `/api/v1/cities/${to.id}/copy-template`, { fromCityId: from.id });
      if (r.status !== 200) fail(problem(r));
      for (const p of (r.body as { parts: { label: string; copied: number; skipped: number }[] }).parts) process.stdout.write(`${p.label}：复制 ${p.copied}，已有 ${p.skipped}\n`);
      return;
    }
    case 'settings': {
      const city = await cityByCode(send, need('city'));
      const s = city.settings;
      const body = {
        version: s.version,
        certPrefix: (o['cert-prefix'] as string) ?? s.certPrefix,
        registrationAuthority: (o.authority as string) ?? s.registrationAuthority,
        portalName: (o['portal-name'] as string) ?? s.portalName,
        portalContact: (o.contact as string) ?? s.portalContact,
        portalAddress: (o.address as string) ?? s.portalAddress,
      };
      const r = await send('PUT', `/api/v1/cities/${city.id}/settings`, body);
      if (r.status !== 200) fail(problem(r));
      return void process.stdout.write(`已保存 ${city.name} 的设置 / saved\n`);
    }
    case 'city-admin': {
      const city = await cityByCode(send, need('city'));
      const username = need('username');
      const found = await send('GET', `/api/v1/users?q=${encodeURIComponent(username)}&limit=100`);
      const existing = (found.body as { items: { username: string; grants: { role: string; scopeId: string | null }[] }[] }).items.find((u) => u.username.toLowerCase() === username.toLowerCase());
      if (existing) {
        const has = existing.grants.some((g) => g.role === "officeAdmin" && g.scopeId === city.id);
        return void process.stdout.write(has ? `已存在 / exists: ${username} 是 ${city.name} 的社工办管理员\n` : fail(`用户名 ${username} 已被使用，且不是 ${city.name} 的社工办管理员`));
      }
      const password = fs.readFileSync(need('password-file'), 'utf8').replace(/\r?\n$/, '');
      const r = await send('POST', '/api/v1/users', { username, displayName: (o['display-name'] as string) ?? `${city.name}社工办管理员`, password, grants: [{ role: 'officeAdmin', regionId: city.id }] });
      if (r.status !== 201) fail(problem(r));
      return void process.stdout.write(`已开设 / created: ${username}（${city.name}社工办管理员，首次登录须修改密码）\n`);
    }
    case 'status': {
      const r = await send('GET', '/api/v1/cities');
      if (r.status !== 200) fail(problem(r));
      for (const c of (r.body as { items: { id: string; name: string; code: string }[] }).items) {
        const depts = await send('GET', `/api/v1/departments?cityId=${c.id}`);
        const region = await send('GET', `/api/v1/regions/${c.id}`);
        const counts = region.body as { childCount?: number; counts?: { communities: number } };
        process.stdout.write(`${c.name}（${c.code}）：镇街 ${counts.childCount ?? '?'}，村社区 ${counts.counts?.communities ?? '?'}，成员单位 ${(depts.body as { items: unknown[] }).items?.length ?? '?'}\n`);
      }
      return;
    }
    default:
      fail(`不认识的步骤 / unknown step: ${step}\n\n${HELP}`);
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    url: { type: 'string' },
    code: { type: 'string' },
    name: { type: 'string' },
    file: { type: 'string' },
    apply: { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    city: { type: 'string' },
    'cert-prefix': { type: 'string' },
    authority: { type: 'string' },
    'portal-name': { type: 'string' },
    contact: { type: 'string' },
    address: { type: 'string' },
    username: { type: 'string' },
    'display-name': { type: 'string' },
    'password-file': { type: 'string' },
  },
});
const step = positionals[0];
if (values.help || !step) {
  process.stdout.write(HELP);
  process.exit(0);
}

const config = loadConfig();
if (!config.ADMIN_USERNAME) fail('请设置 ADMIN_USERNAME 与 ADMIN_PASSWORD_FILE（或 ADMIN_PASSWORD）：setup 以平台管理员身份执行 / set ADMIN_USERNAME and ADMIN_PASSWORD_FILE');
let password: string;
try {
  password = passwordFrom(config);
} catch (err) {
  fail((err as Error).message);
}

if (values.url) {
  const base = values.url.replace(/\/$/, '');
  const send = await signIn(
    async (method, url, body, headers) => {
      const res = await fetch(`${base}${url}`, { method, body: typeof body === "string" || body === undefined ? body : new Uint8Array(body), headers });
      const text = await res.text();
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sz_session='))?.split(';')[0];
      return { status: res.status, body: text ? JSON.parse(text) : null, cookie };
    },
    config.ADMIN_USERNAME,
    password,
  );
  await run(step, values, send);
} else {
  const database = await openDatabase(config);
  try {
    await runMigrations(database);
    const pii = createPiiCipher(await resolvePiiKey(database.db, { envKey: config.PII_KEY, dataDir: config.dataDir }), config.PII_CIPHER);
    await ensureOfficialCalendar(database.db);
    await ensureFirstAdmin(database.db, config);
    const app = await buildApp({ config: { ...config, LOG_LEVEL: 'warn' }, database, pii, logger: false });
    await app.ready();
    try {
      const send = await signIn(
        async (method, url, body, headers) => {
          const res = await app.inject({ method: method as 'GET', url, payload: body, headers });
          const cookie = res.cookies.find((c) => c.name === 'sz_session');
          return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, cookie: cookie ? `sz_session=${cookie.value}` : undefined };
        },
        config.ADMIN_USERNAME,
        password,
      );
      await run(step, values, send);
    } finally {
      await app.close();
    }
  } catch (err) {
    if (err instanceof StartRefused) fail(err.message);
    throw err;
  } finally {
    await database.close();
  }
}
