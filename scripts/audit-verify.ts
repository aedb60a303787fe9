// `npm run audit:verify`: walk the hash chain; exit 1 and name the first broken event if any.
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/platform/db/open.js';
import { verifyAuditChain } from '../server/platform/audit/audit.js';

const config = loadConfig();
const database = await openDatabase(config);
const result = await verifyAuditChain(database.db);
await database.close();
if (result.ok) {
  process.stdout.write(`审计链完整 / audit chain intact: ${result.checked} events verified\n`);
} else {
  console.error(`审计链断裂 / audit chain broken at event #${result.firstBroken!.seq} (${result.firstBroken!.id}): ${result.firstBroken!.reason}; ${result.checked} events before it are intact`);
  process.exit(1);
}
