// The curation screen in headless Chromium with no network, over a server that takes writes (a
// change log and a key store in a temporary directory; the key is made in this test). A curator
// walks it: a write without a key is refused with the API's message, the key entered, a concept
// linked (refused first with an invalid score, the field named), the tagger's two suggestions
// accepted and rejected, a citation added, the guide edited (move, notes, remove, add back), and a
// change made by another client appears live. After each step the API, asked directly, must hold
// what the page shows. axe-core on the screen: no serious or critical violation.

import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, isLocal, launchOffline, type OfflineBrowser } from './browser.js';
import { buildExplorerIfStale, conceptGid, type GraphTestServer, paperGid, startGraphTestServer } from './explorer-graph-harness.js';

const BIG_BIRD = paperGid('zaheer2020big');
const BYOL = paperGid('grill2020bootstrap');
const PAPER_LINKS = `query($id: ID!) { node(id: $id) { ... on Paper { title arxivId
  concepts(first: 100) { edges { role score status node { id name } } }
  references(first: 100) { edges { node { id title } } } } } }`;
const GUIDE = `{ collection(by: { slug: "zeta-alpha-neurips-2020" }) { id entries(first: 100) { totalCount edges { node { rank why paper { id title } } } } } }`;
const LINK = `mutation($input: LinkConceptInput!) { linkConcept(input: $input) { __typename ... on UserError { message } } }`;

/** Whether the paper page is the web helper's (not the scaffold's placeholder, before the branches meet). */
const PAPER_SCREEN_BUILT = !readFileSync(new URL('../../web/src/screens/PaperScreen.tsx', import.meta.url), 'utf8').includes(
  'Placeholder of the scaffold',
);

describeWithBrowser('the curation screen in a browser with no network', () => {
  let server: GraphTestServer;
  let browser: OfflineBrowser;
  beforeAll(async () => {
    buildExplorerIfStale();
    server = await startGraphTestServer({ writable: true });
    browser = await launchOffline();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const links = async (id: string) => (await server.api(PAPER_LINKS, { id })).node.concepts.edges as any[];
  const outcome = (page: Page) => page.locator('.outcome').innerText();

  it('a curator with a key links, accepts, rejects, cites and edits the guide; the API holds each change; another client’s change appears live', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => void pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${server.base}/curation?paper=${encodeURIComponent(BIG_BIRD)}`);

    // The paper's links as the API has them, the tagger's two marked as suggestions.
    const before = await links(BIG_BIRD);
    await expect.poll(() => page.locator('.links > li').count(), { timeout: 15_000 }).toBe(before.length);
    const suggested = before.filter((l) => l.status === 'SUGGESTED').map((l) => l.node.name);
    expect(suggested).toHaveLength(2);
    expect(await page.locator('.links > li[data-status=SUGGESTED]').count()).toBe(2);
    // The live stream is open (server-sent events over fetch).
    await page.waitForSelector('.curation[data-live=on]', { timeout: 15_000 });

    // Without a key: refused, with the API's own words; nothing changed.
    await page.getByRole('button', { name: `Reject the suggestion ${suggested[1]}` }).click();
    await expect.poll(() => outcome(page)).toMatch(/^Forbidden: /);
    expect((await links(BIG_BIRD)).length).toBe(before.length);

    // The key, made in this test's key store, entered in the form.
    await page.getByLabel('Key', { exact: true }).fill(server.key!);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect.poll(() => page.locator('.key-state').innerText()).toContain(`…${server.key!.slice(-4)}`);

    // Link "Contrastive learning": first with a score out of range (the API names the field), then right.
    await page.getByLabel('Concept', { exact: true }).pressSequentially('contrastive learn', { delay: 20 });
    await page.locator('.link-form .picker-hits button', { hasText: /^Contrastive learning$/ }).click();
    await page.getByLabel(/^Score/).fill('1.5');
    await page.getByLabel('Role').selectOption('STUDIES');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect.poll(() => outcome(page)).toMatch(/^Invalid Input: .*\(field score\)/);
    expect((await links(BIG_BIRD)).some((l) => l.node.name === 'Contrastive learning')).toBe(false);
    await page.getByLabel(/^Score/).fill('0.6');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect.poll(() => outcome(page)).toMatch(/^Linked Contrastive learning \(change #\d+\)\.$/);
    const linked = (await links(BIG_BIRD)).find((l) => l.node.name === 'Contrastive learning');
    expect(linked).toMatchObject({ role: 'STUDIES', score: 0.6, status: 'CONFIRMED' });
    await expect.poll(() => page.locator(`.links > li[data-concept="${linked.node.id}"]`).innerText()).toContain('studies · score 0.6');

    // Accept one suggestion, reject the other.
    await page.getByRole('button', { name: `Accept the suggestion ${suggested[0]}` }).click();
    await expect.poll(() => outcome(page)).toContain(`Accepted ${suggested[0]}`);
    await page.getByRole('button', { name: `Reject the suggestion ${suggested[1]}` }).click();
    await expect.poll(() => outcome(page)).toContain(`Rejected ${suggested[1]}`);
    const after = await links(BIG_BIRD);
    expect(after.find((l) => l.node.name === suggested[0])?.status).toBe('CONFIRMED');
    expect(after.some((l) => l.node.name === suggested[1])).toBe(false);
    await expect.poll(() => page.locator('.links > li').count()).toBe(after.length);
    expect(await page.locator('.links > li[data-status=SUGGESTED]').count()).toBe(0);

    // A citation: Big Bird cites BYOL (it did not).
    await page.getByLabel('Add a citation: this paper cites…').pressSequentially('Bootstrap Your Own Latent', { delay: 20 });
    await page.locator('.curation-paper .picker-hits button', { hasText: 'Bootstrap Your Own Latent' }).first().click();
    await expect.poll(() => outcome(page)).toContain('Added the citation of Bootstrap Your Own Latent');
    const refs = (await server.api(PAPER_LINKS, { id: BIG_BIRD })).node.references.edges.map((e: any) => e.node.id);
    expect(refs).toContain(BYOL);
    await expect.poll(() => page.locator('#refs-title').innerText()).toBe(`References (${refs.length})`);

    // The guide: move the second entry up, edit the first one's notes, remove the last, add it back.
    const guide0 = (await server.api(GUIDE)).collection;
    const [e1, e2] = guide0.entries.edges.map((e: any) => e.node);
    await page.getByRole('button', { name: `Move ${e2.paper.title} up` }).click();
    await expect.poll(() => outcome(page)).toContain(`Moved ${e2.paper.title} to rank 1`);
    let guide = (await server.api(GUIDE)).collection.entries.edges.map((e: any) => e.node);
    expect(guide.slice(0, 2).map((e: any) => e.paper.id)).toEqual([e2.paper.id, e1.paper.id]);
    await expect.poll(() => page.locator('.entries > li').first().getAttribute('data-paper')).toBe(e2.paper.id);

    await page.getByRole('button', { name: `Edit the notes of ${e2.paper.title}` }).click();
    await page.getByLabel('Why it matters').fill('Read first: it frames the rest of the guide.');
    await page.getByRole('button', { name: 'Save the notes' }).click();
    await expect.poll(() => outcome(page)).toContain(`Saved the notes of ${e2.paper.title}`);
    guide = (await server.api(GUIDE)).collection.entries.edges.map((e: any) => e.node);
    expect(guide[0].why).toBe('Read first: it frames the rest of the guide.');
    await expect.poll(() => page.locator('.entries > li').first().innerText()).toContain('Read first: it frames the rest of the guide.');

    const lastEntry = guide.at(-1);
    await page.getByRole('button', { name: `Remove ${lastEntry.paper.title}` }).click();
    await expect.poll(() => outcome(page)).toContain(`Removed ${lastEntry.paper.title}`);
    expect((await server.api(GUIDE)).collection.entries.totalCount).toBe(guide.length - 1);
    await expect.poll(() => page.locator('.entries > li').count()).toBe(guide.length - 1);
    await page.getByLabel('Choose a paper').pressSequentially(lastEntry.paper.title.slice(0, 30), { delay: 15 });
    await page.locator('.curation-paper .picker-hits button', { hasText: lastEntry.paper.title }).first().click();
    await page.getByRole('button', { name: `Add “${lastEntry.paper.title}” to the collection` }).click();
    await expect.poll(() => outcome(page)).toContain(`Added ${lastEntry.paper.title} to the collection`);
    const back = (await server.api(GUIDE)).collection.entries.edges.map((e: any) => e.node);
    expect(back.at(-1).paper.id).toBe(lastEntry.paper.id);
    await expect.poll(() => page.locator('.entries > li').last().getAttribute('data-paper')).toBe(lastEntry.paper.id);

    // Another curator, another client: a link made through the API appears on this page, live.
    const shownPaper = lastEntry.paper.id;
    const other = server.makeKey('other-curator');
    const attention = conceptGid('attention');
    const countBefore = await page.locator('.links > li').count();
    const hadAttention = (await links(shownPaper)).some((l) => l.node.id === attention);
    expect(countBefore).toBe((await links(shownPaper)).length);
    const made = await server.api(
      LINK,
      { input: { paperId: shownPaper, conceptId: attention, role: 'USES', score: 0.42, reason: 'seen live' } },
      other,
    );
    expect(made.linkConcept.__typename).toBe('LinkConceptPayload');
    const live = page.locator('.live-feed li', { hasText: 'by other-curator' });
    await expect.poll(() => live.count(), { timeout: 10_000 }).toBe(1);
    expect(await live.innerText()).toContain('concept link by other-curator');
    expect(await live.innerText()).toContain('“seen live”');
    const expected = await links(shownPaper);
    expect(expected.some((l) => l.node.id === attention)).toBe(true);
    await expect.poll(() => page.locator('.links > li').count(), { timeout: 10_000 }).toBe(expected.length);
    expect(expected.length).toBe(countBefore + (hadAttention ? 0 : 1));
    await expect.poll(() => page.locator(`.links > li[data-concept="${attention}"]`).innerText()).toContain('score 0.42');

    // The paper page (the web helper's screen) shows the concept linked here.
    if (PAPER_SCREEN_BUILT) {
      const { node } = await server.api(PAPER_LINKS, { id: BIG_BIRD });
      await page.goto(`${server.base}/paper/arxiv/${node.arxivId}`);
      await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('Contrastive learning');
    } else {
      console.warn('[papergraph] the paper page is still the scaffold placeholder on this branch: its check waits for h/web');
    }

    expect(pageErrors).toEqual([]);
    expect(browser.requested.filter((r) => !isLocal(r))).toEqual([]);
  });

  for (const width of [1280, 375]) {
    it(`axe-core finds no serious or critical violation on the curation screen at ${width} px`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.base}/curation?paper=${encodeURIComponent(BIG_BIRD)}`);
      await page.locator('.links > li').first().waitFor({ timeout: 15_000 });
      await page.locator('.entries > li').first().waitFor({ timeout: 15_000 });
      await page.locator('.entries button', { hasText: 'Notes' }).first().click();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    });
  }
});
