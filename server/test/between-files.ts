import { setClock } from '../platform/clock.js';
import { onCaptchaIssued } from '../platform/auth/captcha.js';
import { setEnabledChannels } from '../platform/notify/notify.js';

/**
 * The unit suite runs without isolation (vitest.config.ts: `isolate: false`): a worker imports the server's modules
 * once and runs file after file in them, which saves each file's import of the app (~2 s a file). Module state a
 * test may set is put back here, before each file, to what a fresh import holds — so no file sees what the one
 * before it left: the business clock, the in-process captcha listener, the external notification channels.
 * (Case types, daily tasks and region-move handlers are registered again by every app a file builds; counters
 * such as the factories' serials only need to stay unique.)
 */
setClock({ shiftMs: 0 });
onCaptchaIssued(null);
setEnabledChannels([]);
