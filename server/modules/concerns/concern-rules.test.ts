// The concerns module's pure rules (issue 17 §4), no database: tracking numbers, masking personal data in public
// text, spam, routing rules, and the Open311 GeoReport v2 serializers and form reading.
import { describe, expect, it } from 'vitest';
import { makeTrackingNumber, normalizeTrackingNumber } from './tracking-number.js';
import { maskPublicText, spamVerdict } from './moderation.js';
import { routeConcern, type RoutingRuleFacts } from './routing.js';
import { open311Status, parseW3cDatetime, readPostForm, requestOf, serviceDefinitionOf, serviceOf, statusNotes, w3cDatetime, Open311Failure } from './open311.js';

describe('tracking numbers', () => {
  it('are MQ-XXXXX-XXXXX-C in Crockford base 32 with a mod-37 check symbol', () => {
    const n = makeTrackingNumber(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(n).toBe('MQ-01234-56789-' + n.slice(-1));
    expect(normalizeTrackingNumber(n)).toBe(n);
    for (let i = 0; i < 200; i++) {
      const t = makeTrackingNumber();
      expect(t).toMatch(/^MQ-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z*~$=U]$/);
      expect(normalizeTrackingNumber(t)).toBe(t);
    }
  });
  it('read back whatever the case, spacing and hyphens; I and L as 1, O as 0', () => {
    const n = makeTrackingNumber(new Uint8Array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]));
    expect(n.slice(3, 8)).toBe('10101');
    const typed = n.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l').replace(/0/g, 'o');
    expect(normalizeTrackingNumber(typed)).toBe(n);
  });
  it('refuse a typo by the check symbol, a wrong length or a foreign character', () => {
    const n = makeTrackingNumber(new Uint8Array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]));
    const typo = n.slice(0, 3) + (n[3] === '3' ? '4' : '3') + n.slice(4);
    expect(normalizeTrackingNumber(typo)).toBeNull();
    expect(normalizeTrackingNumber(n.slice(0, -2))).toBeNull();
    expect(normalizeTrackingNumber('MQ-3141U-92653-0')).toBeNull();
    expect(normalizeTrackingNumber('SQ202600001')).toBeNull();
  });
});

describe('public text', () => {
  it('masks ID numbers, mobiles and landlines, and stars abusive words', () => {
    expect(maskPublicText('我叫张三，身份证330481199001011234，电话13812345678。')).toBe('我叫张三，身份证330481********1234，电话138****5678。');
    expect(maskPublicText('身份证号 33048119900101123X 请联系')).toBe('身份证号 330481********123X 请联系');
    expect(maskPublicText('老证 330481900101123')).toBe('老证 330481*****1123');
    expect(maskPublicText('打 +86 138-1234-5678 或 0573-87654321')).toBe('打 138****5678 或 0573-******21');
    expect(maskPublicText('楼上那个混蛋天天半夜装修')).toBe('楼上那个**天天半夜装修');
    // Numbers that are neither: a house number, a year, an amount.
    expect(maskPublicText('文苑路 128 号，2026 年 5 月，损失 3000 元')).toBe('文苑路 128 号，2026 年 5 月，损失 3000 元');
  });
  it('refuses spam: links, adverts, one character over and over, no words', () => {
    expect(spamVerdict('小区门口路灯坏了三天，晚上很黑')).toBeNull();
    expect(spamVerdict('Street light broken near the gate')).toBeNull();
    expect(spamVerdict('优惠活动 http://example.com 快来')?.zh).toContain('链接');
    expect(spamVerdict('看这里 www.abc.cn')?.zh).toContain('链接');
    expect(spamVerdict('兼职日结，加微信 abc123')?.zh).toContain('广告');
    expect(spamVerdict('啊啊啊啊啊啊啊啊啊啊啊啊')?.zh).toContain('重复');
    expect(spamVerdict('1234567 89012 !!!')?.zh).toContain('文字');
  });
});

describe('routing rules', () => {
  const city = '/c/';
  const townA = '/c/a/';
  const rules: RoutingRuleFacts[] = [
    { id: '1', categoryCode: null, regionPath: null, target: 'town', departmentId: null },
    { id: '2', categoryCode: 'safety', regionPath: city, target: 'department', departmentId: 'fire' },
    { id: '3', categoryCode: null, regionPath: townA, target: 'station', departmentId: null },
    { id: '4', categoryCode: 'safety', regionPath: townA, target: 'department', departmentId: 'police' },
  ];
  it('takes the deepest region, then the rule naming the category', () => {
    expect(routeConcern(rules, { categoryCode: 'safety', placePath: '/c/a/x/' })).toEqual({ target: 'department', departmentId: 'police', ruleId: '4' });
    expect(routeConcern(rules, { categoryCode: 'elderly', placePath: '/c/a/x/' })).toEqual({ target: 'station', departmentId: null, ruleId: '3' });
    expect(routeConcern(rules, { categoryCode: 'safety', placePath: '/c/b/y/' })).toEqual({ target: 'department', departmentId: 'fire', ruleId: '2' });
    expect(routeConcern(rules, { categoryCode: 'elderly', placePath: '/c/b/y/' })).toEqual({ target: 'town', departmentId: null, ruleId: '1' });
  });
  it('goes to the town of the place without any rule', () => {
    expect(routeConcern([], { categoryCode: 'other', placePath: '/c/b/' })).toEqual({ target: 'town', departmentId: null, ruleId: null });
    // A rule for a path that only shares a prefix of characters is not an ancestor: paths end with a slash.
    expect(routeConcern([{ id: '9', categoryCode: null, regionPath: '/c/a/', target: 'station', departmentId: null }], { categoryCode: 'x', placePath: '/c/ab/' }).ruleId).toBeNull();
  });
});

describe('Open311 GeoReport v2', () => {
  const facts = {
    number: 'MQ202600001',
    state: 'handling' as const,
    categoryCode: 'environment',
    categoryName: '环境卫生',
    description: '垃圾堆放，电话138****5678',
    reply: null,
    mergedIntoNumber: null,
    agencyResponsible: '许村镇',
    address: '许村镇某村 12 号',
    lat: 30.43,
    lng: 120.5,
    submittedAt: new Date('2026-05-20T01:02:03Z'),
    updatedAt: new Date('2026-05-21T08:00:00Z'),
    dueOn: '2026-05-27',
  };
  it('writes a service request with the specification’s field names and nothing else', () => {
    const r = requestOf(facts);
    expect(Object.keys(r).sort()).toEqual(
      ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'].sort(),
    );
    expect(r).toMatchObject({ service_request_id: 'MQ202600001', status: 'open', status_notes: '办理中', service_code: 'environment', requested_datetime: '2026-05-20T09:02:03+08:00', updated_datetime: '2026-05-21T16:00:00+08:00', expected_datetime: '2026-05-27T17:30:00+08:00', lat: 30.43, long: 120.5 });
  });
  it('has two statuses: open until the reply, closed from it on, the reply in status_notes', () => {
    expect(open311Status('submitted')).toBe('open');
    expect(open311Status('accepted')).toBe('open');
    expect(open311Status('replied')).toBe('closed');
    expect(open311Status('merged')).toBe('closed');
    expect(statusNotes({ state: 'closed', reply: '已清运', mergedIntoNumber: null })).toBe('已办结：已清运');
    expect(statusNotes({ state: 'merged', reply: null, mergedIntoNumber: 'MQ202600002' })).toContain('MQ202600002');
  });
  it('lists a service and its definition with the place attribute', () => {
    expect(serviceOf({ code: 'environment', name: '环境卫生', description: null })).toEqual({ service_code: 'environment', service_name: '环境卫生', description: '', metadata: true, type: 'realtime', keywords: '', group: '民情' });
    const d = serviceDefinitionOf('environment', [{ code: '330481101201', name: '某村' }]);
    expect(Object.keys(d.attributes[0]).sort()).toEqual(['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
    expect(d.attributes[0].values).toEqual([{ key: '330481101201', name: '某村' }]);
  });
  it('reads W3C datetimes with or without a zone, a date as midnight in China', () => {
    expect(parseW3cDatetime('2026-05-20T09:02:03+08:00')?.toISOString()).toBe('2026-05-20T01:02:03.000Z');
    expect(parseW3cDatetime('2026-05-20T01:02:03Z')?.toISOString()).toBe('2026-05-20T01:02:03.000Z');
    expect(parseW3cDatetime('2026-05-20')?.toISOString()).toBe('2026-05-19T16:00:00.000Z');
    expect(parseW3cDatetime('2026-05-20T09:02:03-0800')?.toISOString()).toBe('2026-05-20T17:02:03.000Z');
    expect(parseW3cDatetime('yesterday')).toBeNull();
    expect(parseW3cDatetime('2026-13-40')).toBeNull();
    expect(w3cDatetime(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
  });
  it('reads the POST form, refusing a coordinate out of range in the error format', () => {
    const f = readPostForm({ api_key: 'k', service_code: 'environment', lat: '30.5', long: '120.6', description: ' 垃圾 ', 'attribute[region]': '330481101201', email: '' });
    expect(f).toMatchObject({ apiKey: 'k', serviceCode: 'environment', lat: 30.5, lng: 120.6, description: '垃圾', region: '330481101201', email: null });
    try {
      readPostForm({ lat: '91' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Open311Failure);
      expect((e as Open311Failure).errors).toEqual([{ code: 400, description: 'lat must be a decimal number between -90 and 90' }]);
    }
  });
});
