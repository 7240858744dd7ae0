// papergraph serving the built Explorer (src/server/explorer-static.ts) in front of a stand-in
// API: content types, a year's caching for hashed assets and revalidation for index.html,
// precompressed bodies, the app's routes answered with index.html, everything else left to the
// API, and a page saying how to build the app when there is no build.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_CSP, explorerLine, withExplorer } from '../../src/server/explorer-static.js';

const INDEX = '<!doctype html><html lang="en"><head><title>papergraph Explorer</title></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the app");'.repeat(50);

/** The stand-in API: says who answered, 404 for what it does not know (as yoga does). */
const api: RequestListener = (request, response) => {
  const known = request.url?.startsWith('/graphql') || request.url === '/health';
  response.writeHead(known ? 200 : 404, { 'content-type': 'application/json', 'x-answered-by': 'api' });
  response.end(JSON.stringify({ api: request.method, url: request.url }));
};

async function listen(listener: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('the Explorer served at / (a build present)', () => {
  let dir: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'explorer-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'index-AbC123.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(dir, 'assets', 'index-AbC123.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(dir, 'assets', 'index-AbC123.css'), 'body{margin:0}');
    ({ server, base } = await listen(withExplorer(api, { dir })));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / and every screen address with index.html, revalidated, under a same-origin CSP', async () => {
    for (const path of [
      '/',
      '/search?q=contrastive',
      '/paper/arxiv/2006.07733',
      '/paper/doi/10.18653/v1/N19-1423',
      '/concept/x',
      '/collection/y',
      '/papers?venue=z',
      '/graph?focus=a',
      '/curation',
    ]) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(response.headers.get('content-security-policy'), path).toBe(EXPLORER_CSP);
      expect(await response.text(), path).toBe(INDEX);
    }
    expect(EXPLORER_CSP).toContain("default-src 'self'");
    expect(EXPLORER_CSP).not.toMatch(/https?:/);
  });

  it('sends hashed assets with their type, a year of immutable caching, precompressed when accepted, and 304 on a matching ETag', async () => {
    const br = await fetch(`${base}/assets/index-AbC123.js`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await br.text()).toBe(SCRIPT); // fetch decodes it
    const gz = await fetch(`${base}/assets/index-AbC123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const css = await fetch(`${base}/assets/index-AbC123.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const svg = await fetch(`${base}/favicon.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
    const etag = css.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await fetch(`${base}/assets/index-AbC123.css`, { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304);
  });

  it('leaves the API its paths, its methods and what has no file', async () => {
    for (const [path, init] of [
      ['/graphql?query=%7B__typename%7D', {}],
      ['/graphql', { method: 'POST', body: '{}' }],
      ['/graphql', { headers: { accept: 'text/html' } }],
      ['/health', { headers: { accept: 'text/html' } }],
      ['/', { method: 'POST', body: '{}' }],
      ['/assets/missing.js', {}],
      ['/robots.txt', {}],
    ] as [string, RequestInit][]) {
      const response = await fetch(base + path, init);
      expect(response.headers.get('x-answered-by'), `${init.method ?? 'GET'} ${path}`).toBe('api');
    }
  });

  it("answers a browser opening an unknown address with the app's own page and a 404", async () => {
    const response = await fetch(`${base}/nowhere`, {
      headers: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document' },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe(INDEX);
    expect(
      (await fetch(`${base}/nowhere`, { headers: { 'sec-fetch-dest': 'empty', accept: 'text/html' } })).headers.get('x-answered-by'),
    ).toBe('api');
  });

  it('says where the Explorer is at start-up', () => {
    expect(explorerLine('http://127.0.0.1:4000/', dir)).toBe('Explorer at http://127.0.0.1:4000/');
  });
});

describe('the Explorer without a build', () => {
  let dir: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'explorer-unbuilt-'));
    ({ server, base } = await listen(withExplorer(api, { dir })));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a screen with a page saying how to build it, and keeps serving the API', async () => {
    const response = await fetch(`${base}/concept/contrastive-learning`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('The Explorer is not built yet');
    expect(page).toContain('npm run web:build');
    expect(page).toContain('href="/graphql"');
    expect((await fetch(`${base}/graphql?query=%7B__typename%7D`)).headers.get('x-answered-by')).toBe('api');
    expect(explorerLine('http://127.0.0.1:4000/', dir)).toMatch(/not built \(npm run web:build\)/);
  });

  it('serves the build once it appears, without a restart', async () => {
    writeFileSync(join(dir, 'index.html'), INDEX);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the folder is looked at once a second
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });
});

describe('withExplorer({ dir: false })', () => {
  it('is the API alone', () => {
    expect(withExplorer(api, { dir: false })).toBe(api);
  });
});
