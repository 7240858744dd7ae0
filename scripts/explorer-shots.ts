// `npm run explorer:screenshots`: every screen of the Explorer (search, paper, concept,
// collection, graph, curation) at 1280 px and at 375 px wide, into docs/screenshots/<screen>-
// <width>.png for the README. Headless Chromium (Debian's; PAPERGRAPH_CHROMIUM to change) against
// a papergraph started here on a free loopback port over the curated corpus, with writes on (the
// curation screen shows the tagger's suggestions on Big Bird). Builds the app first if web/ is
// newer than its build. Viewport-sized shots (not the whole page), to keep the files small.

import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { paperGid, startGraphTestServer } from '../test/browser/explorer-graph-harness.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'docs/screenshots');
execFileSync(process.execPath, ['scripts/explorer-build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });

const ready = (selector: string) => async (page: Page) => {
  await page.locator(selector).first().waitFor({ timeout: 20_000 });
};
const SCREENS: [string, string, (page: Page) => Promise<void>][] = [
  ['search', '/search?q=contrastive', ready('.hit')],
  ['paper', '/paper/arxiv/2006.07733', ready('#related > li')],
  ['concept', '/concept/contrastive-learning', ready('svg.timeline')],
  ['collection', '/collection/zeta-alpha-neurips-2020', ready('.entry')],
  [
    'graph',
    `/graph?focus=${encodeURIComponent(paperGid('grill2020bootstrap'))}&to=${encodeURIComponent(paperGid('brown2020language'))}`,
    async (page) => {
      await page.waitForFunction(() => document.querySelector('.graph-screen')?.getAttribute('data-path') === 'found', null, { timeout: 20_000 });
      await page.waitForTimeout(2500); // the layout settles
    },
  ],
  ['curation', `/curation?paper=${encodeURIComponent(paperGid('zaheer2020big'))}`, ready('.links > li')],
];

const server = await startGraphTestServer({ writable: true });
const browser = await chromium.launch({
  executablePath: process.env.PAPERGRAPH_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  mkdirSync(OUT, { recursive: true });
  for (const [name, path, wait] of SCREENS) {
    for (const [width, height] of [
      [1280, 900],
      [375, 812],
    ]) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(server.base + path);
      await wait(page);
      await page.waitForFunction(() => document.querySelectorAll('.status .spinner').length === 0, null, { timeout: 20_000 }).catch(() => {});
      const file = join(OUT, `${name}-${width}.png`);
      await page.screenshot({ path: file });
      console.log(`docs/screenshots/${name}-${width}.png  ${(statSync(file).size / 1024).toFixed(0)} KB  (${path}, ${width} px)`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
