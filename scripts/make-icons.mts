// The app's PNG icons (PWA manifest, iOS home screen) drawn from public/icons/*.svg by the test browser:
// `npx tsx scripts/make-icons.mts`. The PNGs are committed; run this again only when an SVG changes.
import fs from 'node:fs';
import { launchBrowser } from '../e2e/fixtures/browser.ts';

const dir = 'public/icons';
const outputs = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'maskable.svg', png: 'maskable-512.png', size: 512 },
  // iOS draws its own rounded corners on a square icon.
  { svg: 'maskable.svg', png: 'apple-touch-icon-180.png', size: 180 },
];
const browser = await launchBrowser();
for (const { svg, png, size } of outputs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const markup = fs.readFileSync(`${dir}/${svg}`, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup}</body></html>`);
  await page.screenshot({ path: `${dir}/${png}`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  console.info(png, size);
}
await browser.close();
