// Resident memory of a process from /proc (Linux only; elsewhere NaN).
import fs from 'node:fs';

/** VmRSS (now) and VmHWM (the peak since the process started), in MiB. */
export function memoryMiB(pid: number): { rss: number; hwm: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** Samples a process's RSS every `everyMs` until stopped; `stop()` returns the highest seen. */
export function sampleRss(pid: number, everyMs = 50): { stop: () => { peak: number; samples: number } } {
  let peak = memoryMiB(pid).rss;
  let samples = 1;
  const timer = setInterval(() => {
    const { rss } = memoryMiB(pid);
    if (Number.isFinite(rss)) peak = Math.max(peak, rss);
    samples += 1;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      const { rss } = memoryMiB(pid);
      if (Number.isFinite(rss)) peak = Math.max(peak, rss);
      return { peak, samples: samples + 1 };
    },
  };
}
