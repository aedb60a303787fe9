import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));
// The API server the dev server forwards /api to; override when it runs elsewhere.
const apiTarget = process.env.SHEZHI_API ?? 'http://127.0.0.1:3000';

/**
 * Put the big, rarely-changing libraries in their own chunks so app releases don't bust their cache.
 * A module matching several groups goes to the one with the highest priority.
 */
const vendorGroups = [
  // Charts load only with the pages that draw them (lazy routes).
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 50 },
  { name: 'vendor-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 40 },
  { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|@babel[\\/]runtime)[\\/]/, priority: 30 },
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/, priority: 20 },
  { name: 'vendor-lib', test: /node_modules[\\/]/, priority: 10 },
];

/**
 * The installable app (issue 17 §3: field records with no signal). The service worker precaches the app shell — the
 * HTML, every script and style but the charts — so the app opens with no signal after one visit. Pages are asked of
 * the network first and answered from the precached shell only when there is none, so a deploy never leaves anyone on
 * stale HTML; a new worker takes over at once (autoUpdate: skipWaiting + clientsClaim) and its hashed assets replace
 * the old ones. The few API reads a phone needs in the field (who is signed in, this season's assignments, the
 * concern categories) are cached network-first in `shezhi-field-api`, emptied at sign-out (web/app/auth.tsx).
 */
const pwa = VitePWA({
  registerType: 'autoUpdate',
  // A script file, not an inline one: our CSP allows scripts from 'self' only.
  injectRegister: 'script',
  includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon-180.png'],
  manifest: {
    name: '社治通',
    short_name: '社治通',
    description: '社治通 · 社会组织参与社会治理服务平台',
    lang: 'zh-CN',
    start_url: '/rotation/mine',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#163a70',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
    // Charts are not needed in the field; they load from the network like before.
    globIgnores: ['**/vendor-echarts-*.js'],
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    // Hashed file names need no cache-busting revision.
    dontCacheBustURLsMatching: /-[\w-]{8,}\.(js|css)$/,
    navigateFallback: null,
    // A new worker takes over the open tabs at once instead of waiting for every tab to close.
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        // Pages: the network first (a deploy shows at once), the precached shell when there is no signal.
        urlPattern: ({ request, url }) => request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/open311/'),
        handler: 'NetworkFirst',
        // No network timeout: a slow answer is still the current HTML, a cached one could name assets a deploy removed.
        options: { cacheName: 'shezhi-pages', precacheFallback: { fallbackURL: 'index.html' }, expiration: { maxEntries: 1 } },
      },
      {
        urlPattern: ({ url }) => /^\/api\/v1\/(auth\/me|rotation\/mine(\/assignments)?|concern-categories)$/.test(url.pathname),
        handler: 'NetworkFirst',
        options: { cacheName: 'shezhi-field-api', networkTimeoutSeconds: 6, cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 40, maxAgeSeconds: 120 * 24 * 3600 } },
      },
    ],
  },
});

export default defineConfig({
  root,
  plugins: [react(), pwa],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
