// The graph screen in headless Chromium with no network, over the curated corpus: BYOL's
// neighbourhood drawn (sigma over WebGL) and listed, one node expanded from the keyboard, a path
// to GPT-3 chosen by searching for it, an edge type filtered out, a shared URL with the path in
// it opened afresh; at each step the page must show what the same server's API answers. axe-core
// on the screen (wide and at 375 px): no serious or critical violation.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, isLocal, launchOffline, type OfflineBrowser } from './browser.js';
import { buildExplorerIfStale, type GraphTestServer, paperGid, startGraphTestServer } from './explorer-graph-harness.js';

const BYOL = paperGid('grill2020bootstrap');
const GPT3 = paperGid('brown2020language');
const DEFAULT_EDGES = ['CITES', 'HAS_CONCEPT', 'BROADER'];

const NEIGHBORHOOD = `query($id: ID!, $edgeTypes: [EdgeType!], $exclude: [ID!], $limit: Int, $depth: Int) {
  neighborhood(id: $id, depth: $depth, edgeTypes: $edgeTypes, limit: $limit, exclude: $exclude, hubDegree: 100) {
    truncated nodes { id label nodeKind degree(edgeTypes: $edgeTypes) } edges { id type source target } } }`;
const PATH = `query($from: ID!, $to: ID!, $edgeTypes: [EdgeType!]) {
  path(from: $from, to: $to, edgeTypes: $edgeTypes, maxDepth: 6) { length nodes { id label } edges { id type source } } }`;

/** The screen once a drawing of generation ≥ `generation` is on screen. */
async function drawn(page: Page, generation = 1) {
  await page.waitForFunction(
    (g) => {
      const s = document.querySelector('.graph-screen');
      return s?.getAttribute('data-state') === 'drawn' && Number(s.getAttribute('data-drawn')) >= g;
    },
    generation,
    { timeout: 20_000 },
  );
}
const count = async (page: Page, what: 'nodes' | 'edges') => Number(await page.locator('.graph-screen').getAttribute(`data-${what}`));

/** Every node label listed in the nodes table (all its pages). */
async function tableLabels(page: Page): Promise<string[]> {
  const details = page.locator('.graph-table-details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  const labels: string[] = [];
  const pager = page.getByRole('group', { name: 'Pages of nodes' });
  const first = pager.getByRole('button', { name: /^Previous/ });
  while ((await first.count()) && (await first.isEnabled())) await first.click();
  for (;;) {
    labels.push(...(await page.locator('.graph-tables table').first().locator('tbody th').allInnerTexts()));
    const next = pager.getByRole('button', { name: /^Next/ });
    if (!(await next.count()) || !(await next.isEnabled())) break;
    await next.click();
  }
  return labels;
}

describeWithBrowser('the graph screen in a browser with no network', () => {
  let server: GraphTestServer;
  let browser: OfflineBrowser;
  beforeAll(async () => {
    buildExplorerIfStale();
    server = await startGraphTestServer();
    browser = await launchOffline();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws BYOL’s neighbourhood, expands a node from the keyboard, finds the path to GPT-3, filters, and shares it by URL', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => void pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.base}/graph?focus=${encodeURIComponent(BYOL)}`);
    await drawn(page);

    // The drawing and its tables hold what the API answers for the same question.
    const start = (await server.api(NEIGHBORHOOD, { id: BYOL, edgeTypes: DEFAULT_EDGES, limit: 300, depth: 1 })).neighborhood;
    expect(start.nodes.length).toBeGreaterThan(5);
    expect(await count(page, 'nodes')).toBe(start.nodes.length);
    expect(await count(page, 'edges')).toBe(start.edges.length);
    await expect.poll(() => page.locator('h1').innerText()).toBe(`Graph around “${start.nodes[0].label}”`);
    expect((await tableLabels(page)).sort()).toEqual(start.nodes.map((n: any) => n.label).sort());
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toEqual(expect.arrayContaining(['graph:answer', 'graph:drawn']));
    // The legend counts the kinds drawn.
    const concepts = start.nodes.filter((n: any) => n.nodeKind === 'CONCEPT').length;
    await expect.poll(() => page.locator('.legend label', { hasText: 'Concept' }).innerText()).toContain(`(${concepts})`);
    // sigma drew on its WebGL canvases.
    expect(await page.locator('.graph-canvas canvas').count()).toBeGreaterThan(1);

    // Expand a concept of BYOL with the keyboard: its neighbourhood without the drawn nodes is added.
    const concept = start.nodes.find((n: any) => n.nodeKind === 'CONCEPT' && n.degree > 2);
    expect(concept).toBeDefined();
    const expansion = (
      await server.api(NEIGHBORHOOD, {
        id: concept.id,
        edgeTypes: DEFAULT_EDGES,
        limit: 150,
        depth: 1,
        exclude: start.nodes.map((n: any) => n.id).filter((id: string) => id !== concept.id),
      })
    ).neighborhood;
    const added = expansion.nodes.filter((n: any) => n.id !== concept.id);
    expect(added.length).toBeGreaterThan(0);
    await page
      .locator('.graph-tables')
      .getByRole('button', { name: `Expand ${concept.label}`, exact: true })
      .focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page, 'nodes'), { timeout: 15_000 }).toBe(start.nodes.length + added.length);
    await expect.poll(() => page.locator('.graph-status').innerText()).toContain(`Expanded ${concept.label}: ${added.length} new nodes`);
    const labels = await tableLabels(page);
    for (const node of added) expect(labels).toContain(node.label);
    await expect.poll(() => page.locator('.node-card strong').innerText()).toBe(concept.label);

    // A path to GPT-3, chosen by searching for it: the steps the API's path gives, highlighted.
    const { path } = await server.api(PATH, { from: BYOL, to: GPT3, edgeTypes: DEFAULT_EDGES });
    expect(path.nodes.at(-1).label).toBe('Language Models are Few-Shot Learners');
    await page.getByLabel('Path to (search)').pressSequentially('Language Models are Few-Shot', { delay: 20 });
    await page.locator('.picker-hits button', { hasText: 'Language Models are Few-Shot Learners' }).first().click();
    await page.waitForFunction(() => document.querySelector('.graph-screen')?.getAttribute('data-path') === 'found', null, {
      timeout: 15_000,
    });
    expect(new URL(page.url()).searchParams.get('to')).toBe(GPT3);
    const steps = page.locator('.path-steps li');
    await expect.poll(() => steps.count()).toBe(path.nodes.length);
    for (const [i, node] of path.nodes.entries()) expect(await steps.nth(i).getAttribute('data-node')).toBe(node.id);
    expect(await page.locator('.path-result').innerText()).toContain(`${path.length} step`);
    // The path's nodes are drawn (merged in when they were not).
    for (const node of path.nodes) expect(await tableLabels(page)).toContain(node.label);

    // Filter out citations: the URL says so and the neighbourhood is fetched again without them.
    await page.getByRole('checkbox', { name: /^cites/ }).uncheck();
    await expect.poll(() => new URL(page.url()).searchParams.get('edges')).toBe('HAS_CONCEPT,BROADER');
    await drawn(page, 2);
    const filtered = (await server.api(NEIGHBORHOOD, { id: BYOL, edgeTypes: ['HAS_CONCEPT', 'BROADER'], limit: 300, depth: 1 }))
      .neighborhood;
    await expect.poll(() => count(page, 'nodes')).toBeGreaterThanOrEqual(filtered.nodes.length);
    expect((await tableLabels(page)).sort()).toEqual(expect.arrayContaining(filtered.nodes.map((n: any) => n.label)));

    // The URL is the view: opened afresh it draws the same start and path.
    const shared = page.url();
    const again = await browser.context.newPage();
    await again.goto(shared);
    await drawn(again);
    await again.waitForFunction(() => document.querySelector('.graph-screen')?.getAttribute('data-path') !== 'loading', null, {
      timeout: 15_000,
    });
    const { path: noCites } = await server.api(PATH, { from: BYOL, to: GPT3, edgeTypes: ['HAS_CONCEPT', 'BROADER'] });
    if (noCites) expect(await again.locator('.path-steps li').count()).toBe(noCites.nodes.length);
    else await expect.poll(() => again.locator('.graph-side').innerText()).toContain('No path within 6 steps');

    expect(pageErrors).toEqual([]);
    expect(browser.requested.filter((r) => !isLocal(r))).toEqual([]);
  });

  it('a mistyped id says so instead of a blank page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/graph?focus=${encodeURIComponent(paperGid('no-such-paper'))}`);
    await expect
      .poll(() => page.locator('[role=alert]').first().innerText(), { timeout: 15_000 })
      .toContain('Could not draw this neighbourhood');
  });

  for (const width of [1280, 375]) {
    it(`axe-core finds no serious or critical violation on the graph screen at ${width} px`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.base}/graph?focus=${encodeURIComponent(BYOL)}&to=${encodeURIComponent(GPT3)}`);
      await drawn(page);
      await page.waitForFunction(() => document.querySelector('.graph-screen')?.getAttribute('data-path') === 'found', null, {
        timeout: 15_000,
      });
      await page.locator('.graph-table-details summary').click();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      // Nothing scrolls sideways at this width (the tables scroll inside their own box).
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    });
  }
});
