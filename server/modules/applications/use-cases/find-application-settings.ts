import { APPLICATION_KINDS } from '../../../../contracts/applications.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { timeLimitOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { presentApplicationSetting } from '../applications.presenter.js';
import { departmentShortNames, selectApplicationSettings, selectSettingReviewers } from '../applications.queries.js';

/** Per kind: the promise, the joint-review departments and each step's limit — the rules as data. */
export async function listApplicationSettings(db: Db, lang: Lang) {
  const settings = await selectApplicationSettings(db);
  const reviewing = await selectSettingReviewers(db);
  const names = await departmentShortNames(db);
  const def = caseTypeOf('application');
  const out = [];
  for (const kind of APPLICATION_KINDS) {
    const stateDays = {
      submitted: await timeLimitOf(db, def, kind, 'submitted'),
      reviewing: await timeLimitOf(db, def, kind, 'reviewing'),
      deciding: await timeLimitOf(db, def, kind, 'deciding'),
      supplementRequested: await timeLimitOf(db, def, kind, 'supplementRequested'),
    };
    const reviewers = reviewing.filter((r) => r.kind === kind).map((r) => r.departmentId);
    out.push(presentApplicationSetting(kind, settings.find((x) => x.kind === kind), reviewers, names, stateDays, lang));
  }
  return out;
}
