/**
 * A promise nobody awaited (a scheduled job, a listener, a hook that forgot to catch) is a bug to log, not a
 * reason to end the process: nothing would restart it. Node's default since v15 is to exit on the first one.
 */
export function logUnhandledRejections(log: { error: (details: object, message: string) => void }): void {
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
}
