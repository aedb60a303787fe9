import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A child process of its own: the test runner keeps its own handlers on this one.
function runChild(installGuard: boolean) {
  const script = [
    "import { logUnhandledRejections } from './server/platform/errors/process-guards.ts';",
    installGuard ? "logUnhandledRejections({ error: (d, m) => console.log('logged:', m, d.err.message) });" : '',
    "Promise.reject(new Error('a job forgot to catch'));",
    "setTimeout(() => { console.log('still alive'); process.exit(0); }, 200);",
  ].join('\n');
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 20_000 });
}

describe('process guards', () => {
  it('an unhandled rejection is logged and the process keeps running (without the guard Node exits)', () => {
    const without = runChild(false);
    expect(without.status).toBe(1);
    expect(without.stdout).not.toContain('still alive');

    const guarded = runChild(true);
    expect(guarded.status, guarded.stderr).toBe(0);
    expect(guarded.stdout).toContain('logged: unhandled rejection a job forgot to catch');
    expect(guarded.stdout).toContain('still alive');
  });
});
