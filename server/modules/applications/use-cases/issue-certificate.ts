import { clockNow } from '../../../platform/clock.js';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CertificateKind } from '../../../../contracts/certificates.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { certificates } from '../certificates.tables.js';

/** Province abbreviations by the first two digits of the division code (GB/T 2260). */
const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑', '31': '沪', '32': '苏', '33': '浙',
  '34': '皖', '35': '闽', '36': '赣', '37': '鲁', '41': '豫', '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝',
  '51': '川', '52': '贵', '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新', '71': '台', '81': '港', '82': '澳',
};

/** The city (registration authority's area) an org belongs to: the city region above its domicile. */
export async function cityOfOrg(tx: DbOrTx, orgId: string): Promise<{ name: string; code: string }> {
  const [city] = await rows<{ name: string; code: string }>(
    tx,
    sql`select r.name, r.code from org_directory o join regions r on r.level = 'city' and o.region_path like r.path || '%' where o.id = ${orgId} order by r.depth limit 1`,
  );
  if (!city) throw new Error(`org ${orgId} lies in no city`);
  return city;
}

/** The registration authority is the city's civil affairs bureau (《社会组织登记管理条例》: 县级以上民政部门). */
export const issuingAuthorityOf = (cityName: string) => `${cityName}民政局`;

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
  const [last] = await rows<{ serial: string }>(tx, sql`select serial from certificates where serial like ${`${prefix}%`} order by serial desc limit 1`);
  const sequence = String(last ? Number(last.serial.slice(prefix.length)) + 1 : 1).padStart(6, '0');
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

/** Revokes the org's certificates still in force (deregistration), in the decision's transaction. */
export async function revokeCertificates(tx: Tx, orgId: string, reason: string): Promise<number> {
  const revoked = await tx
    .update(certificates)
    .set({ revokedAt: clockNow(), revokeReason: reason })
    .where(and(eq(certificates.orgId, orgId), isNull(certificates.revokedAt)))
    .returning({ id: certificates.id });
  return revoked.length;
}
