import { describe, expect, it } from 'vitest';
import type { AppRoute } from '../app-route';
import { collectAppRoutes } from '../routes';
import { messageCatalogs } from './catalogs';
import { defineMessages, mergeMessages, type Messages } from './define';

/** The routes whose menu label no part of the dictionary declares, in either language. */
function unlabelledRoutes(routes: readonly AppRoute[], catalogs: { zh: Record<string, string>; en: Record<string, string> }): string[] {
  return routes.filter((route) => !(route.labelKey in catalogs.zh) || !(route.labelKey in catalogs.en)).map((route) => route.path);
}

describe('the dictionary collected from the features', () => {
  it('merges with no key defined twice, the same keys in Chinese and English, no empty text', () => {
    const catalogs = messageCatalogs();
    const zhKeys = Object.keys(catalogs['zh-CN']).sort();
    expect(Object.keys(catalogs['en-US']).sort()).toEqual(zhKeys);
    expect(zhKeys.length).toBeGreaterThan(1000);
    const blank = [...Object.entries(catalogs['zh-CN']), ...Object.entries(catalogs['en-US'])].filter(([, text]) => !text.trim());
    expect(blank).toEqual([]);
  });

  it('labels every page of the menu', () => {
    const catalogs = messageCatalogs();
    const routes = collectAppRoutes();
    expect(routes.length).toBeGreaterThan(20);
    expect(unlabelledRoutes(routes, { zh: catalogs['zh-CN'], en: catalogs['en-US'] })).toEqual([]);
  });
});

describe('mergeMessages and the route check fail on', () => {
  const orgs = defineMessages({ zh: { 'org.name': '名称' }, en: { 'org.name': 'Name' } });

  it('a key two parts define', () => {
    const copy = defineMessages({ zh: { 'org.name': '组织名称', 'meeting.title': '会议' }, en: { 'org.name': 'Org name', 'meeting.title': 'Meeting' } });
    expect(() => mergeMessages([{ name: 'orgs', messages: orgs }, { name: 'meetings', messages: copy }])).toThrow('the text org.name is defined twice: by orgs and by meetings');
  });

  it('a part whose languages differ', () => {
    // Only past the types: defineMessages refuses this at compile time.
    const uneven = { zh: { 'org.name': '名称', 'org.type': '类型' }, en: { 'org.name': 'Name' } } as Messages<string>;
    expect(() => mergeMessages([{ name: 'orgs', messages: uneven }])).toThrow('orgs: zh and en differ (only in zh: org.type; only in en: —)');
  });

  it('a route whose label no part declares', () => {
    const merged = mergeMessages([{ name: 'orgs', messages: orgs }]);
    // Only past the types: labelKey is a MessageKey.
    const route = { path: '/orgs', labelKey: 'org.nav', icon: null, testId: 'menu-orgs', element: null } as unknown as AppRoute;
    expect(unlabelledRoutes([route], merged)).toEqual(['/orgs']);
  });
});
