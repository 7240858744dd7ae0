// The limits and switches that protect the API, with the defaults a public deployment gets.
// server/config.ts fills them from the environment; tests build them directly.

import { DEFAULT_COST_BUDGET, DEFAULT_MAX_DEPTH } from './complexity.js';

export interface SecurityOptions {
  /** Worst-case items a query may touch (computed before execution). */
  costBudget: number;
  /** Deepest selection nesting. */
  maxDepth: number;
  /** Field selections written in a document (fragments included): bounds validation work. */
  maxFields: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexer tokens in a document: bounds parsing work. */
  maxTokens: number;
  /** Request body bytes. */
  maxBodyBytes: number;
  /** Operations in one batched request (0: batching off). */
  maxBatch: number;
  /** Introspection (and field suggestions in errors): on in development, off in production. */
  introspection: boolean;
  /** Execution time before the request is cancelled with an error. */
  timeoutMs: number;
  /** Origins allowed by CORS; empty: same origin only; ['*']: any. */
  corsOrigins: string[];
  /** When set, only these operations (id → document) are accepted, by id or by exact text. */
  trustedOperations: Map<string, string> | null;
  /** Requests per client (by address) per window; 0: no limit. */
  rateLimit: { requests: number; windowMs: number };
  /** Write one JSON line per request to this sink (null: quiet). */
  log: ((line: string) => void) | null;
  /** Prometheus metrics at /metrics (plugins/use-metrics.ts): on in both profiles; PAPERGRAPH_METRICS=off. */
  metrics: boolean;
}

export const DEVELOPMENT_SECURITY: SecurityOptions = {
  costBudget: DEFAULT_COST_BUDGET,
  maxDepth: DEFAULT_MAX_DEPTH,
  maxFields: 150,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 5000,
  maxBodyBytes: 100_000,
  maxBatch: 10,
  introspection: true,
  timeoutMs: 10_000,
  corsOrigins: ['*'],
  trustedOperations: null,
  rateLimit: { requests: 0, windowMs: 60_000 },
  log: null,
  metrics: true,
};
