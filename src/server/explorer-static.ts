// The Explorer (web/, built by Vite into web/dist) served at / next to the API at /graphql.
// Files come from sirv: the hashed files in /assets/ cached for a year (immutable), index.html
// and the other top-level files revalidated (ETag), the .br/.gz siblings written at build time
// sent to clients that accept them. The Explorer's own routes (/search, /paper/…, /concept/…)
// answer index.html so a shared URL opens its screen; every other request — /graphql, /health,
// what sirv has no file for — goes on to the API. Nothing here reaches beyond this folder: the
// app loads no script, style or font from anywhere else (the Content-Security-Policy says so).

import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** web/dist from this file's folder: src/server/ under tsx, dist/server/ in the bundle (both two deep). */
export const DEFAULT_EXPLORER_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that are screens of the Explorer (its router's), answered with index.html. */
export const EXPLORER_ROUTES = /^\/(search|paper|concept|collection|papers|graph|curation)(\/|$)/;

/** Only the app's own origin: the bundle, the API it calls (fetch and WebSocket), inline styles React sets. */
export const EXPLORER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'";

const YEAR = 'public, max-age=31536000, immutable';

export interface ExplorerOptions {
  /** The built app (web/dist); false: no Explorer, every request goes to the API. */
  dir?: string | false;
}

/** The API's listener with the Explorer in front of it for GET and HEAD requests. */
export function withExplorer(api: RequestListener, { dir = DEFAULT_EXPLORER_DIR }: ExplorerOptions = {}): RequestListener {
  if (dir === false) return api;
  const files = builtFiles(dir);
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return void api(request, response);
    const pathname = pathOf(request.url);
    if (pathname === null || pathname.startsWith('/graphql')) return void api(request, response);
    const isScreen = pathname === '/' || pathname === '/index.html' || EXPLORER_ROUTES.test(pathname);
    const serve = files();
    if (serve === null) {
      if (isScreen) return void notBuilt(response, dir);
      return void api(request, response);
    }
    if (isScreen) request.url = '/index.html';
    serve(request, response, () => {
      // No such file: a page a browser navigated to gets the app's "No such page" (a 404 that a
      // person can read and leave by a link); everything else is the API's to answer.
      if (isNavigation(request) && !API_PATHS.test(pathname)) return void notFoundPage(response, dir);
      api(request, response);
    });
  };
}

/** Paths the API answers itself (health and readiness probes, metrics) even when a browser asks. */
const API_PATHS = /^\/(graphql|health|ready|live|metrics)(\/|$)/;

/** A browser opening a page (not a script's fetch): what it accepts and, where sent, its fetch metadata. */
function isNavigation(request: IncomingMessage): boolean {
  const dest = request.headers['sec-fetch-dest'];
  if (dest !== undefined) return dest === 'document';
  return /^text\/html\b/.test(String(request.headers.accept ?? ''));
}

function notFoundPage(response: ServerResponse, dir: string): void {
  let body: Buffer;
  try {
    body = readFileSync(`${dir}/index.html`);
  } catch {
    return void notBuilt(response, dir);
  }
  response.writeHead(404, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-cache',
    'content-security-policy': EXPLORER_CSP,
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

/**
 * sirv over the build, made again when index.html changes (a rebuild while serving: sirv lists
 * the folder's files once); null while there is no build. The folder is looked at once a second
 * at most.
 */
function builtFiles(dir: string): () => ReturnType<typeof sirv> | null {
  let handler: ReturnType<typeof sirv> | null = null;
  let builtAt = -1;
  let checkedAt = 0;
  return () => {
    const now = Date.now();
    if (now - checkedAt < 1000) return handler;
    checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(`${dir}/index.html`).mtimeMs;
    } catch {
      handler = null;
      builtAt = -1;
      return null;
    }
    if (mtime !== builtAt) {
      builtAt = mtime;
      handler = sirv(dir, {
        etag: true,
        brotli: true,
        gzip: true,
        dotfiles: false,
        setHeaders: (response, pathname) => {
          response.setHeader('cache-control', pathname.startsWith('/assets/') ? YEAR : 'no-cache');
          response.setHeader('x-content-type-options', 'nosniff');
          if (pathname.endsWith('.html')) {
            response.setHeader('content-security-policy', EXPLORER_CSP);
            response.setHeader('referrer-policy', 'same-origin');
          }
        },
      });
    }
    return handler;
  };
}

function pathOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'http://x').pathname;
  } catch {
    return null;
  }
}

/** A screen asked for while web/dist has no build: a page that says how to make one (not a blank 404). */
function notBuilt(response: ServerResponse, dir: string): void {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>papergraph Explorer: not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The Explorer is not built yet</h1>
<p>This papergraph serves its web app from <code>${escapeHtml(dir)}</code>, which has no build.
Build it with</p>
<pre style="background: #f3f4f6; padding: .75rem">npm run web:build</pre>
<p>(<code>npm install</code> and <code>npm start</code> build it too), then reload this page.
The GraphQL API is up meanwhile: <a href="/graphql">/graphql</a>.</p>
</body></html>
`;
  response.writeHead(503, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'retry-after': '30',
  });
  response.end(body);
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The start-up line: where the Explorer is, or how to build it. */
export function explorerLine(url: string, dir: string = DEFAULT_EXPLORER_DIR): string {
  return existsSync(`${dir}/index.html`) ? `Explorer at ${url}` : `Explorer not built (npm run web:build): ${url} says how`;
}
