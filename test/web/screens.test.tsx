// The Explorer's screens rendered in happy-dom against the real API in process (yoga.fetch over
// the curated corpus, through the app's own urql + graphcache client): search shows the API's
// hits in its order with its highlights marked, moves with the keyboard and opens the first hit
// on Enter; the concept screen then shows the API's concept; a failing API shows an error with a
// retry, never a blank screen.
//
// The file runs in vitest's node environment and installs happy-dom itself once the API is
// loaded: in vitest's happy-dom environment modules are transformed for a browser, which
// turns the server's `new URL('../../data/', import.meta.url)` into an http URL.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';
import type { PapergraphApp } from '../../src/api/yoga.js';
import { curatedApp, query } from '../support/app.js';

const dom = await builtinEnvironments['happy-dom'].setup(globalThis, { happyDOM: { url: 'http://localhost/' } });
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const { act, cleanup, fireEvent, render, screen, waitFor } = await import('@testing-library/react');
const { App } = await import('../../web/src/App.tsx');
const { createClient } = await import('../../web/src/client');

afterAll(() => dom.teardown(globalThis));

let app: PapergraphApp;
const client = () =>
  createClient({
    url: 'http://papergraph.test/graphql',
    // The API in process: yoga's own fetch, no socket.
    fetch: ((input: string, init?: RequestInit) =>
      (app.fetch as (url: string, init?: RequestInit) => Promise<Response>)(String(input), init)) as typeof fetch,
  });

beforeAll(() => {
  app = curatedApp();
});
afterEach(() => {
  cleanup();
});

function at(path: string) {
  window.history.replaceState(null, '', path);
}

describe('search screen', () => {
  it("shows the API's hits in its order, with the highlighted words marked", async () => {
    const expected = await query(
      app,
      '{ search(query: "contrastive", first: 20) { edges { highlights { snippet ranges { start end } } node { ... on Paper { title } ... on Concept { name } ... on Topic { name } ... on Author { name } ... on Venue { name } } } } }',
    );
    const labels = expected.search.edges.map((e: any) => e.node.title ?? e.node.name);
    at('/search?q=contrastive');
    const { container } = render(<App client={client()} />);
    await waitFor(() => expect([...container.querySelectorAll('.hit-title')].map((a) => a.textContent)).toEqual(labels), {
      timeout: 10_000,
    });
    const marks = [...container.querySelectorAll('.hits mark')].map((m) => m.textContent?.toLowerCase());
    // Only what the API marked is marked (its ranges, not a client-side search of the text).
    const marked = new Set(
      expected.search.edges.flatMap((e: any) =>
        e.highlights.flatMap((h: any) => h.ranges.map((r: any) => h.snippet.slice(r.start, r.end).toLowerCase())),
      ),
    );
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(marked).toContain(mark);
    expect(container.querySelector('.hit mark')?.textContent).toBe('Contrastive');
    expect(screen.getByRole('link', { name: /^Papers \(\d+\)$/ })).toBeTruthy();
  });

  it('moves through the results with ↓ ↑, back to the box, and opens the first hit with Enter', async () => {
    at('/search?q=contrastive');
    const { container } = render(<App client={client()} />);
    const box = screen.getByLabelText('Search') as HTMLInputElement;
    expect(box.value).toBe('contrastive');
    await waitFor(() => expect(container.querySelectorAll('a[data-hit]').length).toBeGreaterThan(2), { timeout: 10_000 });
    const hits = [...container.querySelectorAll<HTMLAnchorElement>('a[data-hit]')];
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(hits[0]);
    fireEvent.keyDown(hits[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(hits[1]);
    fireEvent.keyDown(hits[1], { key: 'End' });
    expect(document.activeElement).toBe(hits[hits.length - 1]);
    fireEvent.keyDown(hits[hits.length - 1], { key: 'Home' });
    fireEvent.keyDown(hits[0], { key: 'ArrowUp' });
    expect(document.activeElement).toBe(box);
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(window.location.pathname).toBe('/concept/contrastive-learning'));
    const { concept } = await query(app, '{ concept(by: { slug: "contrastive-learning" }) { name paperCount } }');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(concept.name), { timeout: 10_000 });
    expect(screen.getByText(`${concept.paperCount} papers`)).toBeTruthy();
  });

  it('searches as you type: the URL follows the box and the hits follow the URL', async () => {
    at('/');
    const { container } = render(<App client={client()} />);
    const box = screen.getByLabelText('Search');
    await act(async () => {
      fireEvent.change(box, { target: { value: 'attention' } });
    });
    await waitFor(() => expect(`${window.location.pathname}${window.location.search}`).toBe('/search?q=attention'));
    const expected = await query(app, '{ search(query: "attention", first: 20) { edges { node { id } } } }');
    await waitFor(() => expect(container.querySelectorAll('.hit').length).toBe(expected.search.edges.length), { timeout: 10_000 });
  });
  it('searches at once on Enter when the results have not caught up with the box yet', async () => {
    at('/');
    render(<App client={client()} />);
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'big bird' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(`${window.location.pathname}${window.location.search}`).toBe('/search?q=big%20bird');
    const expected = await query(
      app,
      '{ search(query: "big bird", first: 1) { edges { node { ... on Paper { title } ... on Concept { name } } } } }',
    );
    const first = expected.search.edges[0].node;
    await waitFor(() => expect(document.querySelector('.hit-title')?.textContent).toBe(first.title ?? first.name), {
      timeout: 10_000,
    });
  });
});

describe('when the API fails', () => {
  it('says so with a way to retry (never a blank screen)', async () => {
    at('/concept/contrastive-learning');
    const failing = createClient({
      url: 'http://papergraph.test/graphql',
      fetch: (async () => new Response('bad gateway', { status: 502 })) as typeof fetch,
    });
    render(<App client={failing} />);
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/Could not load this/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows the loading state while the answer is on its way', async () => {
    at('/collection/zeta-alpha-neurips-2020');
    const never = createClient({ url: 'http://papergraph.test/graphql', fetch: (() => new Promise<Response>(() => {})) as typeof fetch });
    render(<App client={never} />);
    expect((await screen.findByRole('status', {}, { timeout: 10_000 })).textContent).toMatch(/Loading/);
  });
});
