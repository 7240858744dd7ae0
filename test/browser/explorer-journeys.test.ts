// The Explorer in headless Chromium with no network, as a person walks it: search "contrastive"
// as you type → (keyboard) the concept → a paper of it → one of its related papers. At each step
// the page must show what the API answers for the same question (asked of the same server),
// nothing may leave loopback and no script may fail. Then axe-core on each screen at 375 px
// wide: no serious or critical violation, and no sideways scrolling.

import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { buildNeurips2020, NEURIPS_BUILD_FILES } from '../../src/ingest/neurips-build.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { paperHref } from '../../web/src/urls.js';
import { describeDataset, SHARED_DIR } from '../support/datasets.js';
import { describeWithBrowser, isLocal, launchOffline, type OfflineBrowser } from './browser.js';
import { buildExplorerIfStale, type ExplorerServer, startExplorerServer } from './explorer.js';

const PAPER = 'id title arxivId doi year';

describeWithBrowser('the Explorer in a browser with no network', () => {
  let server: ExplorerServer;
  let browser: OfflineBrowser;
  beforeAll(async () => {
    buildExplorerIfStale();
    server = await startExplorerServer();
    browser = await launchOffline();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

  it('search "contrastive" → the concept → a paper → its related papers, each showing what the API answers', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => void pageErrors.push(error.message));
    await page.goto(`${server.base}/`);

    // The empty search lists the guides and the concepts with most papers, as the API does.
    const home = await server.api(
      `{ collections(first: 10) { edges { node { title } } } concepts(first: 15, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { name paperCount } } } }`,
    );
    await expect
      .poll(() => texts(page, '[aria-labelledby=guides-title] li > a'), { timeout: 15_000 })
      .toEqual(home.collections.edges.map((e: any) => e.node.title));
    expect(await texts(page, '[aria-labelledby=concepts-home-title] li > a')).toEqual(
      home.concepts.edges.map((e: any) => `${e.node.name} (${e.node.paperCount})`),
    );

    // As you type: the hits, in the API's order, with its highlights marked.
    const searched = await server.api(
      `query($q: String!) { search(query: $q, first: 20) { totalCount edges { highlights { field snippet } node { __typename ... on Paper { title } ... on Concept { name slug } ... on Topic { name } ... on Author { name } ... on Venue { name } } } } }`,
      { q: 'contrastive' },
    );
    const labels = searched.search.edges.map((e: any) => e.node.title ?? e.node.name);
    expect(labels.length).toBeGreaterThan(3);
    await page.locator('#search-box').pressSequentially('contrastive', { delay: 40 });
    await expect.poll(() => texts(page, '.hit-title'), { timeout: 15_000 }).toEqual(labels);
    expect(page.url()).toBe(`${server.base}/search?q=contrastive`);
    const first = searched.search.edges[0];
    expect(first.node).toMatchObject({ __typename: 'Concept', slug: 'contrastive-learning' });
    expect((await page.locator('.hit').first().locator('mark').allInnerTexts()).map((t) => t.toLowerCase())).toContain('contrastive');
    await expect
      .poll(() => page.locator('[role=status], [aria-live]').allInnerTexts())
      .toContain(`${searched.search.totalCount} results for contrastive`);

    // Keyboard: ↓ into the results, ↓ ↑ between them, Enter opens the concept.
    await page.locator('#search-box').press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(labels[0]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(labels[1]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.base}/concept/contrastive-learning`);

    // The concept: its name, breadcrumbs, timeline and papers as the API gives them.
    const { concept } = await server.api(
      `{ concept(by: { slug: "contrastive-learning" }) { name ancestors { name } narrower { name } timeline { year count }
         papers(first: 20, orderBy: [{ field: YEAR, direction: DESC }]) { totalCount edges { node { ${PAPER} related(first: 10) { id } } } } } }`,
    );
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe(concept.name);
    expect(await texts(page, '.breadcrumbs li')).toEqual([...concept.ancestors.map((c: any) => c.name).reverse(), concept.name]);
    // The tab says where it is, and keyboard focus moved to the new screen's content.
    await expect.poll(() => page.title()).toBe(`${concept.name} · papergraph Explorer`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const timeline = await page.locator('svg.timeline').getAttribute('aria-label');
    for (const { year, count } of concept.timeline) expect(timeline).toContain(`${year}: ${count}`);
    const paperTitles = concept.papers.edges.map((e: any) => e.node.title);
    await expect.poll(() => texts(page, '[aria-labelledby=papers-title] ol > li > a'), { timeout: 15_000 }).toEqual(paperTitles);
    await expect.poll(() => page.locator('#papers-title').innerText()).toBe(`Papers (${concept.papers.totalCount})`);

    // A paper of the concept (the first with related papers), opened by its link.
    const chosen = concept.papers.edges.map((e: any) => e.node).find((p: any) => p.related.length > 0);
    expect(chosen).toBeDefined();
    await page.locator('[aria-labelledby=papers-title] ol > li > a', { hasText: chosen.title }).first().click();
    await page.waitForURL(chosen.arxivId ? `${server.base}/paper/arxiv/${chosen.arxivId}` : /\/paper\//);
    const { paper } = await server.api(
      `query($id: ID!) { paper(by: { id: $id }) { title citation referenceCount citationCount
         references(first: 10) { edges { node { title } } } citedBy(first: 10) { edges { node { title } } }
         authors(first: 100) { edges { node { name } } }
         concepts(first: 100) { edges { role node { name } } }
         related(first: 10) { paper { ${PAPER} } evidence { sharedReferenceCount sharedConceptCount } } } }`,
      { id: chosen.id },
    );
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe(paper.title);
    expect(await page.locator('.byline').innerText()).toBe(paper.authors.edges.map((e: any) => e.node.name).join(', '));
    expect(await texts(page, '[aria-labelledby=concepts-title] li > a')).toEqual(paper.concepts.edges.map((e: any) => e.node.name));
    expect(await page.locator('#references-title').innerText()).toBe(`References (${paper.referenceCount})`);
    expect(await page.locator('#citers-title').innerText()).toBe(`Cited by (${paper.citationCount})`);
    const listed = (id: string) => texts(page, `[aria-labelledby=${id}] ol > li > a`);
    await expect.poll(() => listed('references-title')).toEqual(paper.references.edges.map((e: any) => e.node.title));
    await expect.poll(() => listed('citers-title')).toEqual(paper.citedBy.edges.map((e: any) => e.node.title));
    expect((await page.locator('pre[aria-label="BibTeX entry"]').innerText()).trim()).toBe(paper.citation.trim());

    // Its related papers, in the API's order, each with the API's evidence.
    const related = paper.related.map((r: any) => r.paper.title);
    expect(await texts(page, '#related > li > a')).toEqual(related);
    const why = await texts(page, '#related > li .evidence');
    paper.related.forEach((r: any, i: number) => {
      const { sharedReferenceCount: refs, sharedConceptCount: concepts } = r.evidence;
      if (refs > 0) expect(why[i]).toContain(`${refs} shared reference`);
      if (concepts > 0) expect(why[i]).toContain(`${concepts} shared concept`);
    });

    // …and the first of them opens on its own page.
    await page.locator('#related > li > a').first().click();
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe(related[0]);
    await page.goBack();
    await expect.poll(() => page.locator('h1').innerText()).toBe(paper.title);

    expect(pageErrors).toEqual([]);
    expect(browser.blocked).toEqual([]);
    expect(browser.requested.filter((r) => !isLocal(r))).toEqual([]);
    await page.close();
  });

  it("serves a production build: the first screen's script minified React's production bundle, under 250 KB gzipped", async () => {
    const html = await (await fetch(`${server.base}/`)).text();
    const entry = /<script type="module" crossorigin src="(\/assets\/index-[\w-]+\.js)"><\/script>/.exec(html)?.[1];
    expect(entry).toBeTruthy();
    const gz = await fetch(`${server.base}${entry}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gz.headers.get('content-length'))).toBeLessThan(250 * 1024);
    // React's development build (what a NODE_ENV=test build ships) names itself throughout.
    expect(await gz.text()).not.toContain('development');
  });

  it('shows a clear message, not a blank page, for a paper or concept that does not exist', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/paper/arxiv/9999.99999`);
    await expect
      .poll(() => page.locator('[role=alert]').innerText(), { timeout: 15_000 })
      .toContain('No paper has the arXiv id “9999.99999”');
    await page.goto(`${server.base}/concept/no-such-concept`);
    await expect
      .poll(() => page.locator('[role=alert]').innerText(), { timeout: 15_000 })
      .toContain('No concept is called “no-such-concept”');
    // An address that is no screen: the app's own page, with a 404 status.
    const response = await page.goto(`${server.base}/nowhere-here`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe('No such page');
    // A script's request to an unknown path is still the API's plain 404.
    expect((await fetch(`${server.base}/nowhere-here`)).status).toBe(404);
    expect(await (await fetch(`${server.base}/nowhere-here`, { headers: { accept: 'text/html' } })).text()).toContain(
      'papergraph Explorer',
    );
    await page.close();
  });

  const SCREENS: [string, string][] = [
    ['home', '/'],
    ['search', '/search?q=contrastive'],
    ['concept', '/concept/contrastive-learning'],
    ['paper', '/paper/arxiv/2006.07733'],
    ['collection', '/collection/zeta-alpha-neurips-2020'],
    ['papers of a venue', '/papers?venue=neurips-2020'],
  ];
  it.each(SCREENS)(
    '%s screen (%s): axe finds no serious or critical violation at 375 px, and nothing scrolls sideways',
    async (_, path) => {
      const context = await browser.browser.newContext({ viewport: { width: 375, height: 812 }, serviceWorkers: 'block' });
      await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
      const page = await context.newPage();
      await page.goto(`${server.base}${path}`);
      await page.locator('h1').first().waitFor({ timeout: 15_000 });
      // Loaded: no loading indicator left.
      await expect.poll(() => page.locator('.status').count(), { timeout: 15_000 }).toBe(0);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(bad).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await context.close();
    },
  );
});

describeWithBrowser('the Explorer on the NeurIPS 2020 build (real data: paging and facets)', () => {
  describeDataset('NeurIPS 2020 build', Object.values(NEURIPS_BUILD_FILES), () => {
    let server: ExplorerServer;
    let browser: OfflineBrowser;
    beforeAll(async () => {
      buildExplorerIfStale();
      const build = await buildNeurips2020({ datasets: join(SHARED_DIR, 'datasets'), base: loadCuratedCorpus(CURATED_DATA_DIR) });
      server = await startExplorerServer(new MemoryStore(new KnowledgeGraph(build.corpus)));
      browser = await launchOffline();
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });
    const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();
    const titles = (connection: any) => connection.edges.map((e: any) => e.node.title);

    it("pages a large concept's papers and filters them by a facet, as the API pages and filters them", async () => {
      const { concepts } = await server.api(
        `{ concepts(first: 1, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { slug name } } } }`,
      );
      const { slug, name } = concepts.edges[0].node;
      const PAGE = `papers(first: 20, after: $after, where: $where, orderBy: [{ field: YEAR, direction: DESC }]) {
        totalCount pageInfo { endCursor } edges { node { title } } facets { byTopic(first: 20) { count node { ... on Topic { slug } } } } }`;
      const ask = async (after: string | null, where: unknown = null) =>
        (await server.api(`query($after: String, $where: PaperWhere) { concept(by: { slug: "${slug}" }) { ${PAGE} } }`, { after, where }))
          .concept.papers;
      const first = await ask(null);
      expect(first.totalCount).toBeGreaterThan(40);
      const second = await ask(first.pageInfo.endCursor);

      const page = await browser.context.newPage();
      await page.goto(`${server.base}/concept/${slug}`);
      await expect.poll(() => page.locator('h1').innerText(), { timeout: 30_000 }).toBe(name);
      const listed = () => texts(page, '[aria-labelledby=papers-title] ol > li > a');
      await expect.poll(listed, { timeout: 30_000 }).toEqual(titles(first));
      await page.getByRole('navigation', { name: 'Pages of papers' }).getByRole('button', { name: 'Next' }).click();
      await expect.poll(listed, { timeout: 30_000 }).toEqual(titles(second));
      expect(await page.getByRole('navigation', { name: 'Pages of papers' }).innerText()).toContain(`21–40 of ${first.totalCount}`);

      const topic = first.facets.byTopic.find((b: any) => b.node?.slug)?.node.slug;
      expect(topic).toBeTruthy();
      await page.getByLabel('Topic').selectOption(topic);
      await page.waitForURL(`${server.base}/concept/${slug}?topic=${topic}`);
      const filtered = await ask(null, { topic });
      await expect.poll(listed, { timeout: 30_000 }).toEqual(titles(filtered));
      await expect.poll(() => page.locator('#papers-title').innerText()).toBe(`Papers (${filtered.totalCount})`);
      await page.close();
    });

    it("pages a paper's references as the API pages them", async () => {
      const { papers } = await server.api(
        `{ papers(first: 1, orderBy: [{ field: REFERENCE_COUNT, direction: DESC }]) { edges { node { id title arxivId doi referenceCount references(first: 10) { pageInfo { endCursor } edges { node { title } } } } } } }`,
      );
      const paper = papers.edges[0].node;
      expect(paper.referenceCount).toBeGreaterThan(10);
      const { node } = await server.api(
        `query($id: ID!, $after: String) { node(id: $id) { ... on Paper { references(first: 10, after: $after) { edges { node { title } } } } } }`,
        {
          id: paper.id,
          after: paper.references.pageInfo.endCursor,
        },
      );
      const page = await browser.context.newPage();
      await page.goto(`${server.base}${paperHref(paper)}`);
      await expect.poll(() => page.locator('h1').innerText(), { timeout: 30_000 }).toBe(paper.title);
      const listed = () => texts(page, '[aria-labelledby=references-title] ol > li > a');
      await expect.poll(listed, { timeout: 30_000 }).toEqual(titles(paper.references));
      await page.getByRole('navigation', { name: 'References pages' }).getByRole('button', { name: 'Next' }).click();
      await expect.poll(listed, { timeout: 30_000 }).toEqual(titles(node.references));
      await page.getByRole('navigation', { name: 'References pages' }).getByRole('button', { name: 'Previous' }).click();
      await expect.poll(listed, { timeout: 30_000 }).toEqual(titles(paper.references));
      await page.close();
    });
  });
});
