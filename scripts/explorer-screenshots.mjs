// `node scripts/explorer-screenshots.mjs`: screenshots of the Explorer's screens for the README
// (web/screenshots/*.png), taken in headless Chromium (Debian's, PAPERGRAPH_CHROMIUM to change)
// from a papergraph started here on a free port over the curated corpus. Builds the app first
// if web/ is newer than its build. Needs tsx (a devDependency) to start the server.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'web', 'screenshots');
execFileSync(process.execPath, ['scripts/explorer-build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });

const dataDir = mkdtempSync(join(tmpdir(), 'explorer-shots-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PAPERGRAPH_DATA_DIR: dataDir, PAPERGRAPH_LOG: 'off' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const match = /Explorer at (http:\/\/\S+?)\/?$/m.exec(seen);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`papergraph exited (${code}) before listening`)));
});

const SHOTS = [
  ['search', '/search?q=contrastive', 1280],
  ['concept', '/concept/contrastive-learning', 1280],
  ['paper', '/paper/arxiv/2006.07733', 1280],
  ['collection', '/collection/zeta-alpha-neurips-2020', 1280],
  ['search-375', '/search?q=contrastive', 375],
];
const browser = await chromium.launch({
  executablePath: process.env.PAPERGRAPH_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  mkdirSync(out, { recursive: true });
  for (const [name, path, width] of SHOTS) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(base + path);
    await page.locator('h1').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.status').length === 0);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`web/screenshots/${name}.png (${base}${path}, ${width} px wide)`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
