// One place that undoes everything a benchmark set up (servers, temp folders, databases), run in
// order on success, on failure and on Ctrl-C.
type Task = { label: string; run: () => Promise<void> | void; sync?: () => void };

const tasks: Task[] = [];

/** Registers an undo step; returns a function that runs it now (and forgets it). */
export function onCleanup(label: string, run: () => Promise<void> | void, sync?: () => void): () => Promise<void> {
  const task: Task = { label, run, sync };
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i < 0) return;
    tasks.splice(i, 1);
    await task.run();
  };
}

let running: Promise<void> | null = null;

/** Undoes everything registered, newest first; concurrent callers share one pass. */
export function cleanupAll(): Promise<void> {
  running ??= drain().finally(() => {
    running = null;
  });
  return running;
}

async function drain(): Promise<void> {
  while (tasks.length) {
    const task = tasks.pop()!;
    try {
      await task.run();
    } catch (err) {
      process.stderr.write(`cleanup "${task.label}" failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

/** Last resort when the process exits without awaiting: only synchronous steps (killing children). */
export function cleanupSync(): void {
  for (const task of tasks) {
    try {
      task.sync?.();
    } catch {
      // nothing more can be done
    }
  }
}
