import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
const port = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
for (const path of ['/search?q=contrastive', '/concept/contrastive-learning', '/paper/arxiv/2006.07733', '/collection/zeta-alpha-neurips-2020', '/papers?venue=neurips-2020', '/']) {
  await page.goto(`http://127.0.0.1:${port}${path}`);
  await page.waitForSelector('h1', { timeout: 15000 });
  await page.waitForTimeout(1500);
  const text = await page.locator('main').innerText();
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  const axe = await new AxeBuilder({ page }).analyze();
  console.log('=====', path, 'scrollWidth', sw, 'violations', axe.violations.map((v) => `${v.impact}:${v.id}:${v.nodes.length}:${v.nodes[0]?.target}`));
  console.log(text.slice(0, 700));
}
await browser.close();
