// Headless Chromium for tests, with no network: Debian's chromium driven by playwright-core (no
// browser download). Where /usr/bin/chromium is absent the tests skip with a visible message;
// under PAPERGRAPH_REQUIRE_BROWSER=1 (CI, whose .ci/run installs it) they fail instead.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { describe } from 'vitest';

export const CHROMIUM = process.env.PAPERGRAPH_CHROMIUM || '/usr/bin/chromium';

/** The flags NOTES.md gives: without the background-networking ones Chromium tries to call home. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A describe block that needs Chromium: skipped, loudly, where it is absent. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return void describe(name, body);
  if (process.env.PAPERGRAPH_REQUIRE_BROWSER === '1') {
    throw new Error(`PAPERGRAPH_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install -y chromium)`);
  }
  console.warn(`[papergraph] SKIPPING "${name}": no ${CHROMIUM} (apt-get install -y chromium, or set PAPERGRAPH_CHROMIUM)`);
  describe.skip(name, body);
}

export interface OfflineBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Every URL the pages asked for, in order (loopback and the rest). */
  requested: string[];
  /** The URLs refused because they were not on 127.0.0.1 (none should be asked for). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * Chromium whose every request off 127.0.0.1 is aborted and recorded. playwright gives each
 * launch a fresh profile of its own (it refuses a --user-data-dir flag).
 */
export async function launchOffline(): Promise<OfflineBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const requested: string[] = [];
  const blocked: string[] = [];
  context.on('request', (request) => void requested.push(request.url()));
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return {
    browser,
    context,
    requested,
    blocked,
    close: () => browser.close(),
  };
}

/** A request that stays on this machine: loopback, or the page's own blob:/data: URLs (GraphiQL's editor workers). */
export function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'blob:' || protocol === 'data:' || hostname === '127.0.0.1';
}
