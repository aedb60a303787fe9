import type { FastifyInstance } from 'fastify';
import { Cron } from 'croner';
import { markOverdueCases } from '../cases/overdue.js';
import { todayInChina } from '../calendar/calendar.js';
import { dailyTasks } from './daily-tasks.js';
import { deliverOutbox, emailAdapter, setEnabledChannels, webhookAdapter, type DeliveryAdapter } from '../notify/notify.js';

/**
 * The instance's scheduled work. Every instance may run the scheduler; the jobs themselves take an
 * advisory lock (overdue) or claim rows with SKIP LOCKED (delivery), so each run happens once.
 */
export function startJobs(app: FastifyInstance): () => void {
  const { config, database, pii, log } = app;
  const adapters: DeliveryAdapter[] = [];
  if (config.SMS_WEBHOOK_URL) adapters.push(webhookAdapter('sms', config.SMS_WEBHOOK_URL, (s) => pii.decrypt(s)));
  if (config.SMTP_URL) adapters.push(emailAdapter(config.SMTP_URL, config.SMTP_FROM, config.PUBLIC_ORIGIN ?? null));
  if (config.DINGTALK_WEBHOOK_URL) adapters.push(webhookAdapter('dingtalk', config.DINGTALK_WEBHOOK_URL, (s) => pii.decrypt(s)));
  setEnabledChannels(adapters.map((a) => a.channel));

  const jobs = [
    new Cron(config.OVERDUE_CRON, { protect: true, timezone: 'Asia/Shanghai' }, async () => {
      try {
        const r = await markOverdueCases(database.db);
        if (r?.marked) log.info({ marked: r.marked }, 'overdue cases marked');
      } catch (err) {
        log.error({ err }, 'overdue job failed');
      }
      for (const task of dailyTasks()) {
        try {
          const n = await task.run(database.db, todayInChina());
          if (n) log.info({ task: task.name, n }, 'daily task done');
        } catch (err) {
          log.error({ err, task: task.name }, 'daily task failed');
        }
      }
    }),
  ];
  if (adapters.length > 0) {
    jobs.push(
      new Cron('*/30 * * * * *', { protect: true }, async () => {
        try {
          await deliverOutbox(database.db, adapters);
        } catch (err) {
          log.error({ err }, 'notification delivery failed');
        }
      }),
    );
  }
  return () => {
    for (const j of jobs) j.stop();
  };
}
