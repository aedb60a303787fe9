import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CertificateKind } from '../../../../contracts/certificates.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { Tx } from '../../../platform/db/client.js';
import { cityOfOrg, selectLastSerial } from '../applications.queries.js';
import { certificates } from '../certificates.tables.js';

/** Province abbreviations by the first two digits of the division code (GB/T 2260). */
const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑', '31': '沪', '32': '苏', '33': '浙',
  '34': '皖', '35': '闽', '36': '赣', '37': '鲁', '41': '豫', '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝',
  '51': '川', '52': '贵', '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新', '71': '台', '81': '港', '82': '澳',
};

/**
 * Issues the certificate of a newly registered (or filed) org, in the approval's transaction.
 * Numbers run per city, kind and year: 330481R2026000123, printed 浙海民证字第2026000123号
 * (province and city abbreviations, 证 for registration, 备 for filing).
 */
export async function issueCertificate(tx: Tx, input: { orgId: string; caseId: string; kind: CertificateKind }): Promise<{ id: string; serial: string }> {
  const city = await cityOfOrg(tx, input.orgId);
  const year = todayInChina().slice(0, 4);
  const prefix = `${city.code}${input.kind === 'registration' ? 'R' : 'F'}${year}`;
  const word = input.kind === 'registration' ? '证' : '备';
  // Serialize numbering per prefix; the unique index is the backstop.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`certificate-serial:${prefix}`}))`);
  const last = await selectLastSerial(tx, prefix);
  const sequence = String(last ? Number(last.slice(prefix.length)) + 1 : 1).padStart(6, '0');
  const province = PROVINCE_ABBREVIATIONS[city.code.slice(0, 2)] ?? '';
  const [row] = await tx
    .insert(certificates)
    .values({
      orgId: input.orgId,
      caseId: input.caseId,
      kind: input.kind,
      serial: `${prefix}${sequence}`,
      serialText: `${province}${city.name.slice(0, 1)}民${word}字第${year}${sequence}号`,
      verifyToken: randomBytes(24).toString('base64url'),
    })
    .returning({ id: certificates.id, serial: certificates.serial });
  return row;
}
