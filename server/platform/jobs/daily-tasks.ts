import type { Db } from '../db/client.js';

/**
 * Work a module needs done with the overdue check (e.g. flag overdue rectifications). Modules register at
 * start; the platform runs them after marking overdue cases. Each task takes its own advisory lock, so with
 * several instances each runs once.
 */
export interface DailyTask {
  name: string;
  run: (db: Db, today: string) => Promise<number | null>;
}

const tasks = new Map<string, DailyTask>();

export function registerDailyTask(task: DailyTask): void {
  tasks.set(task.name, task);
}

export function dailyTasks(): DailyTask[] {
  return [...tasks.values()];
}
