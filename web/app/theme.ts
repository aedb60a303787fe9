import type { ThemeConfig } from 'antd';

/**
 * The design tokens: the one place in web/ (with global.css) where a colour is written as hex
 * (web/app/theme.test.ts keeps it so). Components take colours from antd's tokens (`theme.useToken()`), from
 * component props (Typography `type`, Tag preset colours, Badge `status`), from the `--sz-*` variables below
 * through global.css, or — for charts and swatches — from the palettes here.
 */
export const brand = {
  /** 政务蓝: buttons, links, the selected menu item. */
  primary: '#1f5fbf',
  /** The header band and the login page's gradient. */
  header: '#163a70',
  /** The brand mark's dot and the public menu's underline. */
  accent: '#ffd666',
  /** Behind every page's cards. */
  pageBg: '#f3f5f8',
  /** A quoted text block (a call notice, minutes): a shade off white. */
  softBg: '#fafbfc',
  /** Hairlines inside cards: quoted blocks, repeated form groups, the side menu's edge. */
  border: '#eef0f3',
  success: '#389e0d',
  warning: '#d46b08',
  error: '#cf1322',
} as const;

/**
 * Latin faces first, then each platform's Simplified Chinese face, then the generic family. No face is required:
 * with `<html lang="zh-CN">` (index.html; i18n sets it) the generic sans-serif falls back to the SC glyph forms, so
 * hanzi stay correct on a machine that has none of the named fonts.
 */
export const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  'Roboto',
  "'Helvetica Neue'",
  'Arial',
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans SC'",
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Micro Hei'",
  'sans-serif',
  "'Apple Color Emoji'",
  "'Segoe UI Emoji'",
].join(', ');

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: brand.primary,
    colorInfo: brand.primary,
    // antd derives each status's tag, alert and badge backgrounds from these seeds; darker seeds make muddy
    // backgrounds, so the seeds stay antd's and the darker shades (brand.success …) colour figures and text.
    colorSuccess: '#52c41a',
    colorWarning: '#faad14',
    colorError: '#ff4d4f',
    colorBgLayout: brand.pageBg,
    borderRadius: 6,
    fontFamily,
  },
  components: {
    Layout: { headerBg: brand.header },
  },
};

/** The colours global.css reads (`var(--sz-primary)` …), set on :root once at start (web/main.tsx). */
export const cssVariables: Record<`--sz-${string}`, string> = {
  '--sz-primary': brand.primary,
  '--sz-header': brand.header,
  '--sz-accent': brand.accent,
  '--sz-page-bg': brand.pageBg,
  '--sz-soft-bg': brand.softBg,
  '--sz-border': brand.border,
  '--sz-success': brand.success,
  '--sz-warning': brand.warning,
  '--sz-error': brand.error,
  '--sz-primary-soft': '#e6f0ff',
  '--sz-error-soft': '#fff1f0',
  '--sz-error-border': '#ffccc7',
  '--sz-muted': '#8c9bb0',
  /** Body text on a plain surface (a calendar pill), and the three greys of a month grid. */
  '--sz-ink': '#1f2937',
  '--sz-text-1': '#262626',
  '--sz-text-2': '#595959',
  '--sz-text-3': '#8c8c8c',
  '--sz-weekend': '#a0a0a0',
  /** A bar's empty track and its edge (the fund's split bar). */
  '--sz-track': '#e8ecf2',
  '--sz-track-border': '#d0d7e2',
  /** The login page's gradient, where the blue ends. */
  '--sz-login-fade': '#e9eff8',
};

export function applyCssVariables(root: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(cssVariables)) root.style.setProperty(name, value);
}

/** Where money stands, the same colour in every chart, bar and figure (funds, projects, dashboard). */
export const moneyColors = {
  reserved: '#fa8c16',
  committed: '#722ed1',
  paid: brand.success,
  available: brand.primary,
  unallocated: '#bfc8d6',
  /** Money owed and not yet paid: a payment waiting for its voucher. */
  waiting: brand.warning,
} as const;

/** The 123X catalogue's tiers (core, brand, basic, featured): the catalogue's badges and the dashboard's bars. */
export const tierColors = { core: '#c41d1d', brand: brand.primary, basic: '#13a8a8', featured: brand.warning } as const;

/** ECharts: series colours in order, and the text and grid colours of every chart. */
export const chartColors = {
  series: [brand.primary, '#13a8a8', '#fa8c16', '#722ed1', brand.success, '#d4380d', '#faad14', '#8c9bb0'],
  primary: brand.primary,
  teal: '#13a8a8',
  muted: '#8c9bb0',
  /** A stage that ended without result, or a part not yet allocated. */
  faded: '#bfc8d6',
  /** A stage before approval. */
  early: '#8fb0e0',
  good: '#52c41a',
  late: '#d4380d',
  target: '#faad14',
  axisText: '#374151',
  labelText: '#1f2937',
  splitLine: brand.border,
  /** The funds flow's nodes: fund → line → department → project. */
  fund: brand.header,
  line: brand.primary,
  department: '#13a8a8',
  project: '#fa8c16',
} as const;

/** The meeting kinds' colour pairs: a Tag preset, a solid edge and a soft fill (calendar pills, public cards). */
export const meetingKindColors = {
  launchBriefing: { tag: 'blue', solid: brand.primary, soft: '#e8f0fc' },
  supervisionMeeting: { tag: 'orange', solid: brand.warning, soft: '#fff4e6' },
  evaluationBriefing: { tag: 'green', solid: brand.success, soft: '#eef8e8' },
} as const;

/** A working-day calendar's special days: official holidays and adjusted workdays. */
export const calendarDayColors = {
  holiday: { color: brand.error, background: '#fff1f0' },
  workday: { color: '#0958d9', background: '#e6f4ff' },
} as const;

/** The rotation's coverage, none → all (the towns' tiles, the heatmap's scale); an empty cell of a plan. */
export const coverageColors = {
  full: '#389e0d',
  most: '#95de64',
  half: '#ffd666',
  some: '#ff9c6e',
  none: '#f5f5f5',
  scale: ['#fff1f0', '#ffd666', '#389e0d'],
  heatBorder: '#333333',
  emptyCell: '#fff1f0',
  dropTarget: '#91caff',
} as const;

/** 民情统计: the tile map's count scale (none → most), its overdue edge, and the within-limit gauge's parts. */
export const concernColors = {
  scale: ['#f5f7fa', '#d6e4ff', '#adc6ff', '#85a5ff', '#4f75e0', '#1f5fbf'],
  overdue: brand.error,
  within: brand.success,
  late: '#d4380d',
  open: '#8fb0e0',
} as const;
