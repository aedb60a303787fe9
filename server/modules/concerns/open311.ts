import { CONCERN_STATE_NAMES, OPEN311_CLOSED_STATES, type ConcernState } from '../../../contracts/concerns.js';

/*
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON: the field names, the two statuses (open /
 * closed, the detail in status_notes), W3C/ISO 8601 datetimes with their offset and the error list
 * [{ code, description }] exactly as the specification writes them. Pure functions here; the routes read and write.
 * A city's categories are its services (service_code = the category's code); a concern is a service request whose
 * service_request_id is its case number. Never in an answer: the resident's name, phone or email.
 */

export const GEOREPORT_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** The GET requests.json window when no dates are given, and the widest span a query may ask for. */
export const DEFAULT_WINDOW_DAYS = 90;
/** At most this many requests in one answer, the most recent first. */
export const MAX_REQUESTS = 1000;

/** An Open311 error: `code` is the HTTP status, `description` says what was wrong. */
export interface Open311Error {
  code: number;
  description: string;
}

export class Open311Failure extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311Error[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const open311Error = (status: number, description: string) => new Open311Failure(status, [{ code: status, description }]);

/** A datetime in China's offset, as the specification's examples write them (2010-04-14T06:37:38-08:00). */
export function w3cDatetime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** A W3C datetime from a query (start_date, end_date); null when it is not one. A date alone is its midnight in China. */
export function parseW3cDatetime(value: string): Date | null {
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const offset = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface ServiceFacts {
  code: string;
  name: string;
  description: string | null;
}

/** One entry of services.json. `metadata` is true: every service takes the place attribute (servicesDefinition). */
export function serviceOf(s: ServiceFacts) {
  return { service_code: s.code, service_name: s.name, description: s.description ?? '', metadata: true, type: 'realtime' as const, keywords: '', group: '民情' };
}

/**
 * services/{code}.json: the one attribute, the place. A concern belongs to a village or community (its grid when
 * known); a client names it by its division code in attribute[region], or names the town and community in
 * address_string.
 */
export function serviceDefinitionOf(code: string, places: readonly { code: string; name: string }[]) {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'region',
        datatype: 'singlevaluelist' as const,
        required: false,
        datatype_description: '所在村（社区）的行政区划代码；不填时须在 address_string 中写明镇街和村（社区）名称',
        order: 1,
        description: '所在村（社区）',
        values: places.map((p) => ({ key: p.code, name: p.name })),
      },
    ],
  };
}

export interface RequestFacts {
  number: string;
  state: ConcernState;
  categoryCode: string;
  categoryName: string;
  /** The public text: personal data already masked. */
  description: string;
  reply: string | null;
  mergedIntoNumber: string | null;
  agencyResponsible: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  submittedAt: Date;
  updatedAt: Date;
  dueOn: string | null;
}

export function open311Status(state: ConcernState): 'open' | 'closed' {
  return OPEN311_CLOSED_STATES.includes(state) ? 'closed' : 'open';
}

/** The status in words: the reply once given, the concern it was merged into, else where it stands. */
export function statusNotes(f: Pick<RequestFacts, 'state' | 'reply' | 'mergedIntoNumber'>): string {
  if (f.state === 'merged') return `与 ${f.mergedIntoNumber ?? ''} 反映的是同一事项，已合并办理。`;
  if (f.reply && OPEN311_CLOSED_STATES.includes(f.state)) return `${CONCERN_STATE_NAMES[f.state].zh}：${f.reply}`;
  return CONCERN_STATE_NAMES[f.state].zh;
}

/** One service request as GET requests.json and requests/{id}.json answer it. */
export function requestOf(f: RequestFacts) {
  return {
    service_request_id: f.number,
    status: open311Status(f.state),
    status_notes: statusNotes(f),
    service_name: f.categoryName,
    service_code: f.categoryCode,
    description: f.description,
    agency_responsible: f.agencyResponsible,
    service_notice: '',
    requested_datetime: w3cDatetime(f.submittedAt),
    updated_datetime: w3cDatetime(f.updatedAt),
    // The promised day ends at the close of the working day in China.
    expected_datetime: f.dueOn ? `${f.dueOn}T17:30:00+08:00` : null,
    address: f.address ?? '',
    address_id: '',
    zipcode: '',
    lat: f.lat,
    long: f.lng,
    media_url: '',
  };
}

export function discoveryOf(origin: string, changeset: Date, contact: string) {
  const at = w3cDatetime(changeset);
  return {
    changeset: at,
    contact,
    key_service: '向所在城市的社工办申请 Open311 api_key（平台“民情”设置中签发）',
    endpoints: [{ specification: GEOREPORT_SPECIFICATION, url: `${origin}/open311/v2`, changeset: at, type: 'production', formats: ['application/json'] }],
  };
}

/** The form of a POST requests.json, read field by field (x-www-form-urlencoded, as the specification sends it). */
export interface PostRequestForm {
  apiKey: string | null;
  jurisdictionId: string | null;
  serviceCode: string | null;
  lat: number | null;
  lng: number | null;
  addressString: string | null;
  description: string | null;
  phone: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  region: string | null;
}

const text = (v: string | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};

/** Reads the POST form; a coordinate that is not a number in range is a 400 as the specification's error list. */
export function readPostForm(fields: Record<string, string | undefined>): PostRequestForm {
  const coordinate = (name: 'lat' | 'long', max: number): number | null => {
    const raw = text(fields[name]);
    if (raw === null) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || Math.abs(n) > max) throw open311Error(400, `${name} must be a decimal number between -${max} and ${max}`);
    return n;
  };
  return {
    apiKey: text(fields.api_key),
    jurisdictionId: text(fields.jurisdiction_id),
    serviceCode: text(fields.service_code),
    lat: coordinate('lat', 90),
    lng: coordinate('long', 180),
    addressString: text(fields.address_string),
    description: text(fields.description),
    phone: text(fields.phone),
    email: text(fields.email),
    firstName: text(fields.first_name),
    lastName: text(fields.last_name),
    region: text(fields['attribute[region]']),
  };
}
