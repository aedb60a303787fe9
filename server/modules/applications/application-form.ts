import { maskIdNumber, maskPhone } from '../../platform/pii/mask.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';

/**
 * Personal data inside an application form is sealed before it is stored: each key below is replaced
 * by `<key>Sealed`, at any depth (a change application nests them under `changes`).
 */
const ID_KEYS = new Set(['legalRepIdNumber']);
const PHONE_KEYS = new Set(['legalRepPhone', 'contactPhone']);
const isPersonal = (k: string) => ID_KEYS.has(k) || PHONE_KEYS.has(k);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export function sealForm(form: Json, pii: PiiCipher): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(form)) {
    if (k.endsWith('Sealed')) continue; // never accept ciphertext from a client
    if (isPersonal(k) && typeof v === 'string' && v.trim()) out[`${k}Sealed`] = pii.encrypt(v.trim().toUpperCase());
    else if (isPersonal(k)) out[k] = null;
    else out[k] = isObject(v) ? sealForm(v, pii) : v;
  }
  return out;
}

export function unsealForm(form: Json, pii: PiiCipher): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(form)) {
    if (k.endsWith('Sealed') && typeof v === 'string') out[k.slice(0, -'Sealed'.length)] = pii.decrypt(v);
    else out[k] = isObject(v) ? unsealForm(v, pii) : v;
  }
  return out;
}

/** What responses carry: masked values under the plain keys. */
export function maskForm(form: Json, pii: PiiCipher): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(form)) {
    if (k.endsWith('Sealed') && typeof v === 'string') {
      const key = k.slice(0, -'Sealed'.length);
      const clear = pii.decrypt(v);
      out[key] = ID_KEYS.has(key) ? maskIdNumber(clear) : maskPhone(clear);
    } else out[k] = isObject(v) ? maskForm(v, pii) : v;
  }
  return out;
}

/** A draft update keeps personal values the client sent back still masked (it never saw them in clear). */
export function mergeDraft(previousSealed: Json, incoming: Json, pii: PiiCipher): Json {
  const sealed = sealForm(incoming, pii);
  const keep = (prev: Json, next: Json, raw: Json): Json => {
    for (const [k, v] of Object.entries(raw)) {
      if (isPersonal(k) && typeof v === 'string' && v.includes('*') && typeof prev[`${k}Sealed`] === 'string') {
        next[`${k}Sealed`] = prev[`${k}Sealed`];
      } else if (isObject(v) && isObject(prev[k]) && isObject(next[k])) keep(prev[k], next[k], v);
    }
    return next;
  };
  return keep(previousSealed, sealed, incoming);
}
