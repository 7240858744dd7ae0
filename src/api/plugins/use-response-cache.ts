// A response cache that a write can never leave stale: every key holds
// the version of the graph the request pinned (its store: a CuratedGraph makes a new one per
// write, a swapped store is a new one too), so a request after a write looks up keys nobody has
// filled yet. Entries of older versions can never be hit again: the first entry of a newer
// version drops them.
//
// Cached: queries whose answer has no error, one entry per (version, document, operation name,
// variables, viewer's key). Not cached: mutations, subscriptions, introspection, operations with
// @defer/@stream (their parts are delivered as they come). Entries are bounded in number and in
// size (the JSON of an answer), least recently used first out.
//
// An entry is the answer's JSON text, not the answer's objects: an object graph takes more
// memory than its JSON and the size bound counted JSON only (bench/response-cache-memory.ts,
// 3,000 unique QB answers of 36 KB: heap after GC 169 MB as objects under the old 64M-character
// bound, 127 MB as text under 32M, 45 MB with the cache off). A hit parses the text back (one
// JSON.parse, well under the execution it saves).
//
// Its own onExecute rather than @envelop/response-cache: that plugin adds __typename (aliased) to
// every selection set and, on every miss, copies the whole answer to take them out again, to
// track entities for invalidation; this cache invalidates by version and needs none of it (a
// miss on QA cost 0.029 ms over no cache with it, see the commit measuring this).
//
// A hit carries the header `x-response-cache: hit` (through extensions.http, which yoga turns into
// headers and leaves out of the body).

import { sha256Base64url } from '../hash.js';
import { getOperationAST, Kind, print, visit, BREAK, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

export interface ResponseCacheOptions {
  /** Most answers kept (default 2,000). */
  maxEntries?: number;
  /** Most JSON characters kept in all (default 32 million: 32 MB of text, 64 MB if it is not Latin-1). */
  maxChars?: number;
  /** Answers larger than this (JSON characters) are not kept (default 4 MB worth). */
  maxEntryChars?: number;
  /** How long an answer is kept, in ms (default 10 minutes; a write makes it unreachable before). */
  ttlMs?: number;
}

export const DEFAULT_RESPONSE_CACHE = { maxEntries: 2_000, maxChars: 32_000_000, maxEntryChars: 4_000_000, ttlMs: 600_000 };

/** Counts of lookups, for the bench and for tests. */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stored: number;
}

export type ResponseCachePlugin = Plugin & { stats: ResponseCacheStats };

export function useResponseCache(options: ResponseCacheOptions = {}): ResponseCachePlugin {
  const settings = { ...DEFAULT_RESPONSE_CACHE, ...options };
  const stats: ResponseCacheStats = { hits: 0, misses: 0, stored: 0 };
  const cache = new VersionedCache(settings, stats);
  return {
    stats,
    // Added after the executor's wrappers (jit, time limit, client turns): a hit replaces the
    // whole executor, so it skips execution, its time limit and its turn; plugins added later
    // (metrics) still see the operation.
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!cacheableOnce(args.document, args.operationName ?? undefined)) return;
      const context = args.contextValue as Partial<Context>;
      const key = cacheKey(args.document, args.operationName, args.variableValues, context);
      const hit = cache.get(key);
      if (hit) {
        setExecuteFn(() => hit);
        return;
      }
      return {
        onExecuteDone({ result }) {
          // A query without @defer/@stream gives one result; only whole answers without errors are kept.
          if (isAsyncIterable(result) || result.errors?.length) return;
          cache.set(key, result, settings.ttlMs);
        },
      };
    },
  };
}

/**
 * The key of an answer: the graph's version, the document's text (hashed once per text), the
 * operation name, the variables (keys sorted) and the viewer's key, the last three hashed when long.
 */
function cacheKey(document: DocumentNode, operationName: string | null | undefined, variables: unknown, context: Partial<Context>): string {
  const rest = JSON.stringify([operationName ?? '', stableJson(variables ?? {}), sessionOf(context) ?? '']);
  return `${versionOf(context.store)}:${documentHash(document)}:${rest.length > 256 ? `#${sha256Base64url(rest)}` : rest}`;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

const documentHashes = new WeakMap<DocumentNode, string>();
/**
 * The SHA-256 of a document's printed text, once per parsed document (yoga's parser cache gives
 * the same object for the same text; documents it does not keep are printed each time).
 */
function documentHash(document: DocumentNode): string {
  let hash = documentHashes.get(document);
  if (hash === undefined) documentHashes.set(document, (hash = sha256Base64url(print(document))));
  return hash;
}

/** Whether an operation of a document may be cached, worked out once per parsed document and operation name. */
const cacheableByDocument = new WeakMap<DocumentNode, Map<string, boolean>>();
function cacheableOnce(document: DocumentNode, operationName: string | undefined): boolean {
  let byName = cacheableByDocument.get(document);
  if (!byName) cacheableByDocument.set(document, (byName = new Map()));
  let answer = byName.get(operationName ?? '');
  if (answer === undefined) byName.set(operationName ?? '', (answer = isCacheableQuery(document, operationName)));
  return answer;
}

/** The viewer's key (its name and scope): answers may depend on what the key may see. */
function sessionOf(context: Partial<Context>): string | null {
  const identity = context.viewer?.identity;
  return identity ? `${identity.name}\u0000${identity.scope}` : null;
}

const versions = new WeakMap<object, number>();
let lastVersion = 0;

/** A number per store object, in the order they are first seen: a new version of the graph gets a higher one. */
function versionOf(store: object | undefined): number {
  if (!store) return 0;
  let version = versions.get(store);
  if (version === undefined) versions.set(store, (version = ++lastVersion));
  return version;
}

function isCacheableQuery(document: DocumentNode, operationName: string | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') return false;
  let plain = true;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'defer' || node.name.value === 'stream') {
        plain = false;
        return BREAK;
      }
    },
    Field(node) {
      // Introspection is answered from the schema: nothing to gain.
      if (node.name.value === '__schema' || node.name.value === '__type') {
        plain = false;
        return BREAK;
      }
    },
  });
  return plain && document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation || d.operation === 'query');
}

interface Entry {
  /** The answer's JSON (a string's memory is its length, or twice it). */
  json: string;
  expires: number;
}

/**
 * The answers: least recently used, bounded in entries and JSON characters, and
 * holding one version of the graph at a time (keys are `version:hash`).
 */
class VersionedCache {
  private entries = new Map<string, Entry>();
  private chars = 0;
  private version = 0;

  constructor(
    private readonly limits: Required<Omit<ResponseCacheOptions, 'ttlMs'>>,
    private readonly stats: ResponseCacheStats,
  ) {}

  get(id: string): ExecutionResult | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.expires < Date.now()) {
      if (entry) this.delete(id, entry);
      this.stats.misses++;
      return undefined;
    }
    this.entries.delete(id);
    this.entries.set(id, entry);
    this.stats.hits++;
    const result = JSON.parse(entry.json) as ExecutionResult;
    return { ...result, extensions: { ...result.extensions, http: { headers: { 'x-response-cache': 'hit' } } } };
  }

  set(id: string, result: ExecutionResult, ttl: number): void {
    const version = Number(id.slice(0, id.indexOf(':')));
    if (version < this.version) return; // a request that began before a write: its answer is already old
    if (version > this.version) this.clear(), (this.version = version);
    const json = JSON.stringify(result);
    if (json.length > this.limits.maxEntryChars) return;
    const old = this.entries.get(id);
    if (old) this.delete(id, old);
    this.entries.set(id, { json, expires: Date.now() + ttl });
    this.chars += json.length;
    this.stats.stored++;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.limits.maxChars && this.entries.size <= this.limits.maxEntries) break;
      this.delete(oldest, entry);
    }
  }

  private delete(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.chars -= entry.json.length;
  }

  private clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** JSON with object keys sorted, so equal variables give equal keys. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .sort()
    .filter((k) => object[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(object[k])}`)
    .join(',')}}`;
}
