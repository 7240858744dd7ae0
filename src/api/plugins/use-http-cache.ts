// HTTP caching of GET queries: an ETag (a hash of the answer's body) and a Cache-Control, and a
// 304 with no body when the client's If-None-Match holds that ETag.
//
// - Cache-Control: `public, max-age=N` (N from the options, 0 by default: a client keeps the
//   answer but asks again each time, and a 304 makes asking cheap) when reads are open and the
//   request carries no Authorization; `private, max-age=N` when it does or when every read needs a
//   key (PAPERGRAPH_READS=key): a shared cache must not hand one key's answer to another client.
// - Never cached (`no-store`, no ETag): mutations, subscriptions, answers with errors, batches,
//   incremental delivery (@defer/@stream), and anything not sent over GET.
// - The ETag is weak (W/"…"): the same answer may travel gzip-, brotli- or un-encoded
//   (server/http.ts compresses after this plugin), and equal answers get equal tags whatever the
//   replica or restart, since they are a hash of the body.
//
// Fast path: the tag a (graph version, request) got is remembered, so a revalidation of an
// unchanged answer is a 304 before parsing or execution; on any doubt (another version, a
// request carrying Authorization, the entry forgotten) the query runs and the body's hash decides.

import { sha256Base64url } from '../hash.js';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface HttpCacheOptions {
  /** Whether every read needs a key (answers are then private). */
  readsNeedKey: boolean;
  /** max-age of cacheable answers, in seconds (default 0: revalidate each time). */
  maxAgeSeconds?: number;
  /** The graph version a request would read now (the store object; a write makes a new one): keys the fast path. */
  version?: () => object;
  /** Tags remembered for the fast path (default 10,000). */
  maxRemembered?: number;
}

const GRAPHQL_TYPES = /^application\/(graphql-response\+)?json/;

export function useHttpCache(options: HttpCacheOptions): Plugin {
  const maxAge = options.maxAgeSeconds ?? 0;
  const maxRemembered = options.maxRemembered ?? 10_000;
  /** Requests whose operation is a query, with the graph version (store) they read. */
  const queries = new WeakMap<Request, object>();
  /** Requests whose answer cannot be cached (errors, batches, streams). */
  const uncacheable = new WeakSet<Request>();
  /** The fast path: ETags by request (a hash of its URL and Accept, so long URLs take no room) for one graph version. */
  let remembered = new Map<string, string>();
  let rememberedVersion: object | null = null;

  const cacheControl = (request: Request) =>
    `${options.readsNeedKey || request.headers.has('authorization') ? 'private' : 'public'}, max-age=${maxAge}`;
  // Private answers are never taken from the fast path: the key must be checked every time.
  const fastKey = (request: Request) =>
    options.version && !options.readsNeedKey && !request.headers.has('authorization')
      ? sha256Base64url(`${request.headers.get('accept') ?? ''}\u0000${request.url}`)
      : null;

  return {
    onRequest({ request, fetchAPI, endResponse, url }) {
      if (request.method !== 'GET' || !request.headers.has('if-none-match') || url.pathname !== '/graphql') return;
      const key = fastKey(request);
      if (key === null || options.version?.() !== rememberedVersion) return;
      const etag = remembered.get(key);
      if (etag !== undefined && matches(request.headers.get('if-none-match'), etag)) {
        endResponse(
          new fetchAPI.Response(null, {
            status: 304,
            headers: { etag, 'cache-control': cacheControl(request), vary: 'Accept, Authorization' },
          }),
        );
      }
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request && getOperationAST(args.document, args.operationName)?.operation === 'query') {
        queries.set(request, (args.contextValue as { store?: object }).store ?? request);
      }
    },
    onResultProcess({ request, result }) {
      if (Array.isArray(result) || Symbol.asyncIterator in (result as object) || (result as { errors?: unknown[] }).errors?.length) {
        uncacheable.add(request);
      }
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.headers.has('cache-control') || !isGraphQL(request)) return;
      const type = response.headers.get('content-type') ?? '';
      const cacheable =
        request.method === 'GET' &&
        response.status === 200 &&
        queries.has(request) &&
        !uncacheable.has(request) &&
        GRAPHQL_TYPES.test(type);
      if (!cacheable) {
        response.headers.set('cache-control', 'no-store');
        return;
      }
      // The version the request read (pinned by its context), not the newest.
      const version = options.version ? (queries.get(request) ?? null) : null;
      const body = await response.text();
      const etag = `W/"${sha256Base64url(body).slice(0, 32)}"`;
      // Copied entry by entry: the adapter's Headers built from another lose its init entries.
      const headers = new fetchAPI.Headers();
      response.headers.forEach((value, name) => headers.append(name, value));
      headers.set('etag', etag);
      headers.set('cache-control', cacheControl(request));
      headers.append('vary', 'Accept, Authorization');
      const key = fastKey(request);
      if (key !== null && version !== null) {
        if (version !== rememberedVersion) (remembered = new Map()), (rememberedVersion = version);
        remembered.delete(key);
        remembered.set(key, etag);
        if (remembered.size > maxRemembered) remembered.delete(remembered.keys().next().value as string);
      }
      if (matches(request.headers.get('if-none-match'), etag)) {
        headers.delete('content-type');
        headers.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
      } else {
        setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
      }
    },
  };
}

function isGraphQL(request: Request): boolean {
  const { pathname } = new URL(request.url);
  return pathname === '/graphql';
}

/** Whether If-None-Match names the tag (weak comparison, as RFC 9110 asks for If-None-Match). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
