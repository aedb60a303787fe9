// Colours live in web/app/theme.ts (tokens and palettes) and web/app/global.css (classes over --sz-* variables): a
// hex literal anywhere else is a colour the theme cannot change (issue 14 §2: there were 116 of them).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appTheme, brand, cssVariables, fontFamily } from './theme';

const webDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
const HEX_COLOUR = /(?<![\w&])#(?:[0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})(?![\w-])/gi;

describe('the theme', () => {
  it('is the only place in web/ that writes a hex colour', () => {
    const found = sources(webDir)
      .filter((f) => path.relative(webDir, f) !== path.join('app', 'theme.ts'))
      .flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (line.match(HEX_COLOUR) ?? []).map((hex) => `${path.relative(webDir, f)}:${i + 1} ${hex}`)),
      );
    expect(found).toEqual([]);
  });

  it('gives antd the brand colours and a font stack that ends in a generic family', () => {
    expect(appTheme.token?.colorPrimary).toBe(brand.primary);
    expect(appTheme.token?.fontFamily).toBe(fontFamily);
    expect(fontFamily).toMatch(/'PingFang SC'.*'Microsoft YaHei'.*'Noto Sans CJK SC'.*sans-serif/);
    expect(cssVariables['--sz-primary']).toBe(brand.primary);
  });

  it('defines every --sz-* variable that global.css and the components read', () => {
    const texts = [path.join(webDir, 'app', 'global.css'), ...sources(webDir)].map((f) => fs.readFileSync(f, 'utf8'));
    const used = [...new Set(texts.flatMap((text) => [...text.matchAll(/var\((--sz-[\w-]+)\)/g)].map((m) => m[1])))];
    expect(used.filter((name) => !(name in cssVariables))).toEqual([]);
  });
});
