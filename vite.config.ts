import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  root,
  plugins: [react()],
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
