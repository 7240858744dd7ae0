// The yoga app: schema, a fresh context per request, GraphiQL opened on examples (graphiql.ts), the
// security plugins, and error masking that lets errors meant for clients through.

import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createGraphQLError, createYoga, maskError as defaultMaskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { PothosValidationError } from '@pothos/core';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import type { GraphStore } from '../store/graph-store.js';
import type { CuratedGraph } from '../store/curation/curation.js';
import type { KeyStore } from '../store/change-log/key-store.js';
import { ChangeLogUnavailableError } from '../store/change-log/change-log.js';
import { KeyVerifier, viewerOf, type ReadAccess } from './auth.js';
import { createContext, type Context } from './context.js';
import { truncate } from './global-id.js';
import { schema } from './schema.js';
import { DEVELOPMENT_SECURITY, type SecurityOptions } from './security.js';
import { useQueryCost } from './plugins/use-query-cost.js';
import { useRequestGuards } from './plugins/use-request-guards.js';
import { useExecutionTimeout } from './plugins/use-execution-timeout.js';
import { useClientConcurrency } from './plugins/use-client-concurrency.js';
import { useOneOfGuard } from './plugins/use-one-of-guard.js';
import { useJit, type JitOptions } from './plugins/use-jit.js';
import { useRequestLog } from './plugins/use-request-log.js';
import { useAPQ } from './plugins/use-apq.js';
import { sha256Hex } from './hash.js';
import { useMetrics } from './plugins/use-metrics.js';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { useHttpCache } from './plugins/use-http-cache.js';
import { useResponseCache, type ResponseCacheOptions } from './plugins/use-response-cache.js';
import { graphiqlOptionsFor, renderGraphiQLPage } from './graphiql.js';

export interface AppOptions {
  /**
   * The store, or a function giving the current one (read per request, so the server can swap
   * it). Optional with `curation`, whose newest version each request reads instead.
   */
  store?: GraphStore | (() => GraphStore);
  /** The write side: mutations, history and subscriptions. Without it the server is read-only (version 0, no history). */
  curation?: CuratedGraph | null;
  /** The API keys that requests present (`Authorization: Bearer pgk_…`); without it no key is valid. */
  keys?: Pick<KeyStore, 'verify'> | null;
  /** 'open' (the default): reads need no key; 'key': every operation needs a valid key (scope read or above). */
  reads?: ReadAccess;
  security?: Partial<SecurityOptions>;
  /**
   * GraphiQL at /graphql for browsers (the default), opened on examples that fit the store
   * (graphiql.ts). Off without introspection, which it needs to know the schema, and with
   * trusted operations only, which would refuse that and whatever is typed in it.
   */
  graphiql?: boolean;
  /** Whether the graph is loaded and the app may take traffic (for /ready). */
  isReady?: () => boolean;
  plugins?: Plugin<Context>[];
  /** Execution on graphql-jit (plugins/use-jit.ts), the default; false: graphql-js for every operation. */
  jit?: JitOptions | false;
  /** The response cache (plugins/use-response-cache.ts), on by default; false: every query executes. */
  responseCache?: ResponseCacheOptions | false;
}

export type PapergraphApp = YogaServerInstance<Record<string, unknown>, Context>;

export function createApp({
  store,
  security: overrides,
  graphiql = true,
  isReady = () => true,
  plugins = [],
  jit = {},
  curation = null,
  keys = null,
  reads = 'open',
  responseCache = {},
}: AppOptions): PapergraphApp {
  const security = { ...DEVELOPMENT_SECURITY, ...overrides };
  const currentStore: () => GraphStore = curation
    ? () => curation.current()
    : typeof store === 'function'
      ? store
      : store
        ? () => store
        : () => {
            throw new Error('createApp: give a store or a curation');
          };
  const verifier = new KeyVerifier(keys);
  const access = { readsOpen: reads === 'open', writable: curation !== null };
  return createYoga<Record<string, unknown>, Context>({
    schema,
    // Pins the version the request reads; a malformed Authorization header is a 401 here.
    context: (initial) => createContext(currentStore(), {}, { curation, viewer: viewerOf(authorizationOf(initial), verifier, access) }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Served from the package (no CDN); the examples are chosen from the store per page load.
    // Reads behind a key: the page (served to anyone) shows nothing of the data.
    graphiql:
      graphiql && security.introspection && !security.trustedOperations
        ? () => graphiqlOptionsFor(reads === 'open' ? currentStore() : null)
        : false,
    renderGraphiQL: renderGraphiQLPage,
    batching: security.maxBatch > 0 ? { limit: security.maxBatch } : false,
    // The request guard bounds bodies, declared or not (see plugins/use-request-guards.ts).
    maxRequestBodySize: false,
    // Yoga caches 1,000 parsed documents (and parse errors) by their text, whatever their size:
    // unique huge documents would fill memory. Bound the text too; big documents are not kept.
    parserAndValidationCache: { documentCache: boundedCache(), errorCache: boundedCache(), validationCache: true },
    cors: corsOf(security.corsOrigins),
    maskedErrors: { maskError: maskUnlessForClient },
    plugins: [
      useRequestGuards({ maxBodyBytes: security.maxBodyBytes, rateLimit: security.rateLimit }),
      csrfPreventionExceptGet(),
      badRequestsAre400(),
      // ETag, Cache-Control and 304 for GET queries; a revalidation of an unchanged answer stops here.
      useHttpCache({ readsNeedKey: reads === 'key', version: currentStore }),
      // @defer and @stream (run on graphql-js' incremental executor: use-jit.ts leaves them).
      useDeferStream(),
      // Trusted operations take hashes of their own documents only; otherwise APQ registers any.
      ...(security.trustedOperations ? [useTrustedOperations(security.trustedOperations)] : [useAPQ()]),
      maxTokensPlugin({ n: security.maxTokens, ...refusedAs('QUERY_TOO_MANY_TOKENS') }),
      maxAliasesPlugin({ n: security.maxAliases, allowList: [], ...refusedAs('QUERY_TOO_MANY_ALIASES') }),
      maxDirectivesPlugin({ n: security.maxDirectives, ...refusedAs('QUERY_TOO_MANY_DIRECTIVES') }),
      ...(security.introspection ? [] : [blockFieldSuggestionsPlugin(), useValidationRule(NoSchemaIntrospectionCustomRule)]),
      // Before validation: graphql 16.11 throws on a @oneOf input holding an undefined variable (lookups take @oneOf inputs).
      useOneOfGuard(),
      useQueryCost({
        budget: security.costBudget,
        maxDepth: security.maxDepth,
        maxFields: security.maxFields,
        maxTokens: security.maxTokens,
        searchPostings: (texts) => currentStore().searchPostings(texts),
      }),
      // No useExecutionCancellation: it hands the executor the request's abort signal, which
      // cannot fire while an in-memory execution runs (a closed connection is an event, and
      // execution never yields to the event loop); graphql-jit ignores it anyway, and reading
      // it makes the server adapter build an AbortController per request. The time limit
      // below is what bounds an execution.
      ...(jit ? [useJit(jit)] : []),
      // After useJit: it wraps the executor that plugin chose.
      useExecutionTimeout(security.timeoutMs),
      // After useExecutionTimeout: long executions take turns per client (a timed-out one leaves).
      useClientConcurrency(),
      // After the executor's wrappers: a hit skips execution, its time limit and its turn.
      ...(responseCache ? [useResponseCache(responseCache)] : []),
      useReadiness(isReady),
      ...(security.log ? [useRequestLog(security.log)] : []),
      ...(security.metrics ? [useMetrics()] : []),
      ...plugins,
    ] as Plugin<Context>[],
  });
}

/** The Authorization of an HTTP request, or of a WebSocket connection's connectionParams. */
function authorizationOf(initial: object): string | null {
  const { request, connectionParams } = initial as { request?: Request; connectionParams?: Record<string, unknown> };
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  return request?.headers?.get('authorization') ?? null;
}

/**
 * A least-recently-used cache of at most `maxEntries` documents and `maxChars` of their text
 * (a parsed document takes some 30–90 times its text in memory); texts over a tenth of
 * `maxChars` are not kept.
 */
function boundedCache<T>(maxEntries = 1000, maxChars = 300_000) {
  const entries = new Map<string, T>();
  let chars = 0;
  return {
    get(key: string): T | undefined {
      const value = entries.get(key);
      if (value !== undefined) entries.delete(key), entries.set(key, value);
      return value;
    },
    set(key: string, value: T): void {
      if (key.length > maxChars / 10 || entries.has(key)) return;
      entries.set(key, value);
      chars += key.length;
      for (const oldest of entries.keys()) {
        if (chars <= maxChars && entries.size <= maxEntries) break;
        entries.delete(oldest);
        chars -= oldest.length;
      }
    },
  };
}

function corsOf(origins: string[]) {
  if (origins.includes('*')) return { origin: '*' };
  return origins.length ? { origin: origins, credentials: false } : false;
}

/**
 * graphql-armor throws its refusals as bare errors (a 200, no code) worded as syntax errors:
 * make them 400s with a code, worded as the limit they are.
 */
function refusedAs(code: string) {
  return {
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        error.message = error.message.replace(/^Syntax Error: /, '');
        Object.assign(error.extensions, { code, http: { status: 400 } });
      },
    ],
  };
}

/**
 * CSRF prevention for what a cross-site form or beacon can send: a POST that is not JSON needs a
 * header no simple request carries. A GET (or HEAD) can only run a query (a mutation over GET is a 405) and
 * the server keeps no cookies, so a GET needs no header (as graphql-http's audits expect).
 */
function csrfPreventionExceptGet(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] });
  return {
    onRequestParse(payload) {
      if (payload.request.method !== 'GET' && payload.request.method !== 'HEAD') return csrf.onRequestParse!(payload);
    },
  };
}

/**
 * A request that is not a GraphQL request (no query, params of the wrong shape) is a 400 whatever
 * the client accepts: yoga answers it 200 under `application/json` (it marks these errors as the
 * spec's, which it applies to `application/graphql-response+json` only), so a browser opening
 * /graphql with GraphiQL off, or a client sending an empty body, saw a refusal as a success. The
 * GraphQL-over-HTTP audits allow 400 here; parse and validation errors keep the spec's statuses.
 */
function badRequestsAre400(): Plugin {
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      for (const error of result.errors) {
        const http = error.extensions?.http as { spec?: boolean } | undefined;
        if (error.extensions?.code === 'BAD_REQUEST' && http?.spec) http.spec = false;
      }
    },
  };
}

/**
 * /ready: 200 once the graph is loaded, 503 before and once shutdown has begun. (yoga's
 * useReadinessCheck also matches the path against a URLPattern on every request, /graphql's
 * included: a polyfill's regular expressions per request for nothing.)
 */
function useReadiness(isReady: () => boolean): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/ready') endResponse(new fetchAPI.Response(null, { status: isReady() ? 200 : 503 }));
    },
  };
}

function useValidationRule(rule: Parameters<Parameters<NonNullable<Plugin['onValidate']>>[0]['addValidationRule']>[0]): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}

/**
 * Only the listed operations run: asked by id (`documentId`, or Apollo's
 * `extensions.persistedQuery.sha256Hash`) or by their exact text. Anything else is a 400.
 * An id is the manifest's key or the SHA-256 of the document's text, each with or without the
 * `sha256:` prefix (graphql-codegen's manifests have none; some clients add it).
 */
function useTrustedOperations(operations: Map<string, string>): Plugin {
  const texts = new Set(operations.values());
  const byId = new Map<string, string>();
  for (const [id, text] of operations) for (const key of [sha256Hex(text), id]) byId.set(idKey(key), text);
  const refuse = (message: string) =>
    createGraphQLError(`${message}: this server accepts only its trusted operations`, {
      extensions: { code: 'TRUSTED_OPERATION_REQUIRED', http: { status: 400 } },
    });
  return {
    onParams({ params, setParams, request }) {
      const given = params as typeof params & { documentId?: unknown };
      // Yoga's GET parser keeps query, operationName, variables and extensions only.
      if (given.documentId === undefined && request.method === 'GET')
        given.documentId = new URL(request.url).searchParams.get('documentId') ?? undefined;
      if (typeof given.query === 'string' && given.query !== '') {
        if (!texts.has(given.query)) throw refuse('This document is not a trusted operation');
        return;
      }
      const persisted = (given.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      const id = given.documentId ?? persisted;
      if (typeof id !== 'string') throw refuse('No operation id (documentId) in the request');
      const text = byId.get(idKey(id));
      if (text === undefined) throw refuse(`Unknown operation id "${truncate(id)}"`);
      setParams({ query: text, operationName: given.operationName, variables: given.variables, extensions: given.extensions });
    },
  };
}

/** An operation id without its `sha256:` prefix, a hex hash in lower case. */
function idKey(id: string): string {
  const bare = id.replace(/^sha256:/i, '');
  return /^[0-9a-f]{64}$/i.test(bare) ? bare.toLowerCase() : bare;
}

/** Pothos rejects malformed global ids with a validation error: that is the client's to fix (and need not be echoed whole). */
function maskUnlessForClient(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof PothosValidationError) {
    return new GraphQLError(truncate(original.message, 200), {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  // A field read from the change log (history, changes, a node's version) while the log cannot be
  // read (PostgreSQL down): say so; the rest of the answer comes from memory.
  if (original instanceof ChangeLogUnavailableError) {
    return new GraphQLError(`the change log cannot be read now (${truncate(original.message, 200)}); retry this field later`, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'LOG_UNAVAILABLE' },
    });
  }
  return defaultMaskError(error, message, isDev);
}
