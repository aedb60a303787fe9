/** Masks used wherever personal data could leave the server unrevealed (responses, audit, logs). */
export function maskIdNumber(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/** Field names whose values are personal data or secrets and must never be written in clear to the audit trail. */
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'newPassword', 'currentPassword', 'csrfToken', 'token']);
const PHONE_FIELDS = new Set(['phone', 'mobile', 'contactPhone', 'legalRepPhone']);
const ID_FIELDS = new Set(['idNumber', 'legalRepIdNumber', 'residentId']);

export function maskField(field: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (SECRET_FIELDS.has(field)) return '******';
  if (typeof value === 'string' && PHONE_FIELDS.has(field)) return maskPhone(value);
  if (typeof value === 'string' && ID_FIELDS.has(field)) return maskIdNumber(value);
  return value;
}
