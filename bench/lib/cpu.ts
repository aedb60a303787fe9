// CPU time from /proc (Linux only; elsewhere the figures are left out).
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** User + system CPU milliseconds a process has used so far, or NaN. */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return NaN;
  }
}

/** Machine-wide busy and total CPU milliseconds so far (all cores), or NaN. */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** Measures what `fn` cost: the process's CPU ms and the machine's busy share. */
export async function withCpu<T>(pid: number, fn: () => Promise<T>): Promise<{ value: T; processCpuMs: number; machineBusyPct: number }> {
  const p0 = processCpuMs(pid);
  const m0 = machineCpuMs();
  const value = await fn();
  const p1 = processCpuMs(pid);
  const m1 = machineCpuMs();
  return { value, processCpuMs: p1 - p0, machineBusyPct: (100 * (m1.busy - m0.busy)) / (m1.total - m0.total) };
}
