// The deployment profile, read from the environment and validated at start: a bad value stops
// the server with one line naming the variable, the value and what is allowed.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEVELOPMENT_SECURITY, type SecurityOptions } from '../api/security.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http.js';

export interface ServerConfig {
  security: SecurityOptions;
  /** How long in-flight requests may finish after SIGTERM/SIGINT before connections are cut. */
  shutdownGraceMs: number;
  /** Connection caps and timeouts of the HTTP server. */
  http: HttpLimits;
  /** Changes since the last checkpoint that start a compaction (PAPERGRAPH_COMPACT_EVERY; 0: only `papergraph compact`). */
  compactEvery: number;
  /** Whether reads need a key (PAPERGRAPH_READS=key) or are open (the default). */
  reads: 'open' | 'key';
  /** GraphiQL at /graphql for browsers, and why not when off (for the start-up log). */
  graphiql: { on: true } | { on: false; reason: string };
  /**
   * PostgreSQL as the system of record (PAPERGRAPH_DATABASE_URL): the change log, API keys and
   * history live there, shared by every replica; null: the embedded data directory.
   */
  database: DatabaseConfig | null;
  /** Serving processes (PAPERGRAPH_WORKERS; default: the cores in production, 1 otherwise); `--workers` overrides. */
  workers: number;
  /** Where subscriptions fan out across replicas (PAPERGRAPH_REDIS_URL); null: each process serves its own. */
  redis: { url: string; channel: string } | null;
}

export interface DatabaseConfig {
  url: string;
  /** PAPERGRAPH_DATABASE_SCHEMA (default papergraph): where papergraph's tables are. */
  schema: string;
  /** PAPERGRAPH_SNAPSHOT_DIR (default ./papergraph-snapshots): compacted snapshots, shared by the replicas. */
  snapshotDir: string;
}

export const DEFAULT_SNAPSHOT_DIR = './papergraph-snapshots';

/** The Redis channel of the change events, unless PAPERGRAPH_REDIS_CHANNEL names another (one per graph when graphs share a Redis). */
export const DEFAULT_REDIS_CHANNEL = 'papergraph:changes';

export const DEFAULT_COMPACT_EVERY = 10_000;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every variable the server reads, with its rule. Unset means the profile's default. */
const VARIABLES = {
  PAPERGRAPH_PROFILE: z.enum(['development', 'production']),
  PAPERGRAPH_COST_BUDGET: int(1, 100_000_000),
  PAPERGRAPH_MAX_DEPTH: int(1, 100),
  PAPERGRAPH_MAX_FIELDS: int(1, 10_000),
  PAPERGRAPH_MAX_ALIASES: int(1, 1000),
  PAPERGRAPH_MAX_DIRECTIVES: int(1, 1000),
  PAPERGRAPH_MAX_TOKENS: int(10, 1_000_000),
  PAPERGRAPH_MAX_BODY_BYTES: int(100, 100_000_000),
  PAPERGRAPH_MAX_BATCH: int(0, 100),
  PAPERGRAPH_INTROSPECTION: bool,
  PAPERGRAPH_TIMEOUT_MS: int(10, 600_000),
  PAPERGRAPH_CORS_ORIGINS: z
    .string()
    .regex(/^(\*|https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*)$/, 'a comma-separated list of origins (https://app.example.org) or *'),
  PAPERGRAPH_TRUSTED_OPERATIONS: z.string().min(1),
  PAPERGRAPH_RATE_LIMIT: z.string().regex(/^\d+\/\d+s$/, 'requests/window such as 600/60s, or 0/60s for none'),
  PAPERGRAPH_LOG: z.enum(['json', 'off']),
  PAPERGRAPH_METRICS: z.enum(['on', 'off']),
  PAPERGRAPH_SHUTDOWN_GRACE_MS: int(0, 600_000),
  PAPERGRAPH_MAX_CONNECTIONS: int(1, 1_000_000),
  PAPERGRAPH_MAX_CONNECTIONS_PER_CLIENT: int(0, 1_000_000),
  PAPERGRAPH_COMPACT_EVERY: int(0, 1_000_000_000),
  PAPERGRAPH_READS: z.enum(['open', 'key']),
  PAPERGRAPH_GRAPHIQL: z.enum(['on', 'off']),
  PAPERGRAPH_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a PostgreSQL URL such as postgres://user@host:5432/database'),
  PAPERGRAPH_DATABASE_SCHEMA: z
    .string()
    .regex(/^(?!pg_)[a-z_][a-z0-9_]{0,39}$/, '1–40 lower-case letters, digits or _, not starting with a digit or pg_'),
  PAPERGRAPH_SNAPSHOT_DIR: z.string().min(1),
  PAPERGRAPH_WORKERS: int(1, 1024),
  PAPERGRAPH_REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'a Redis URL such as redis://127.0.0.1:6379 (or rediss:// for TLS)'),
  PAPERGRAPH_REDIS_CHANNEL: z.string().regex(/^[\w:.\-]{1,200}$/, 'letters, digits and : . _ - (at most 200)'),
} as const;

type Parsed = { [K in keyof typeof VARIABLES]?: z.infer<(typeof VARIABLES)[K]> };

/** What production changes from development: no introspection, no GraphiQL, limits on, logs on. */
const PRODUCTION: Partial<SecurityOptions> = {
  introspection: false,
  corsOrigins: [],
  rateLimit: { requests: 600, windowMs: 60_000 },
  log: (line) => process.stdout.write(`${line}\n`),
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const v = parseVariables(env);
  const base = { ...DEVELOPMENT_SECURITY, ...(v.PAPERGRAPH_PROFILE === 'production' ? PRODUCTION : {}) };
  const security: SecurityOptions = {
    ...base,
    costBudget: v.PAPERGRAPH_COST_BUDGET ?? base.costBudget,
    maxDepth: v.PAPERGRAPH_MAX_DEPTH ?? base.maxDepth,
    maxFields: v.PAPERGRAPH_MAX_FIELDS ?? base.maxFields,
    maxAliases: v.PAPERGRAPH_MAX_ALIASES ?? base.maxAliases,
    maxDirectives: v.PAPERGRAPH_MAX_DIRECTIVES ?? base.maxDirectives,
    maxTokens: v.PAPERGRAPH_MAX_TOKENS ?? base.maxTokens,
    maxBodyBytes: v.PAPERGRAPH_MAX_BODY_BYTES ?? base.maxBodyBytes,
    maxBatch: v.PAPERGRAPH_MAX_BATCH ?? base.maxBatch,
    introspection: v.PAPERGRAPH_INTROSPECTION ?? base.introspection,
    timeoutMs: v.PAPERGRAPH_TIMEOUT_MS ?? base.timeoutMs,
    corsOrigins: v.PAPERGRAPH_CORS_ORIGINS?.split(',') ?? base.corsOrigins,
    trustedOperations: v.PAPERGRAPH_TRUSTED_OPERATIONS ? readTrustedOperations(v.PAPERGRAPH_TRUSTED_OPERATIONS) : base.trustedOperations,
    rateLimit: v.PAPERGRAPH_RATE_LIMIT ? rateLimitOf(v.PAPERGRAPH_RATE_LIMIT) : base.rateLimit,
    metrics: v.PAPERGRAPH_METRICS === undefined ? base.metrics : v.PAPERGRAPH_METRICS === 'on',
    log: v.PAPERGRAPH_LOG === undefined ? base.log : v.PAPERGRAPH_LOG === 'json' ? (line) => process.stdout.write(`${line}\n`) : null,
  };
  const http: HttpLimits = {
    ...DEFAULT_HTTP_LIMITS,
    maxConnections: v.PAPERGRAPH_MAX_CONNECTIONS ?? DEFAULT_HTTP_LIMITS.maxConnections,
    maxConnectionsPerClient: v.PAPERGRAPH_MAX_CONNECTIONS_PER_CLIENT ?? DEFAULT_HTTP_LIMITS.maxConnectionsPerClient,
  };
  return {
    security,
    shutdownGraceMs: v.PAPERGRAPH_SHUTDOWN_GRACE_MS ?? 10_000,
    http,
    compactEvery: v.PAPERGRAPH_COMPACT_EVERY ?? DEFAULT_COMPACT_EVERY,
    reads: v.PAPERGRAPH_READS ?? 'open',
    graphiql: graphiqlOf(v, security),
    database: v.PAPERGRAPH_DATABASE_URL
      ? {
          url: v.PAPERGRAPH_DATABASE_URL,
          schema: v.PAPERGRAPH_DATABASE_SCHEMA ?? 'papergraph',
          snapshotDir: v.PAPERGRAPH_SNAPSHOT_DIR ?? DEFAULT_SNAPSHOT_DIR,
        }
      : null,
    workers: v.PAPERGRAPH_WORKERS ?? (v.PAPERGRAPH_PROFILE === 'production' ? availableParallelism() : 1),
    redis: v.PAPERGRAPH_REDIS_URL ? { url: v.PAPERGRAPH_REDIS_URL, channel: v.PAPERGRAPH_REDIS_CHANNEL ?? DEFAULT_REDIS_CHANNEL } : null,
  };
}

/** On in development, off in production; PAPERGRAPH_GRAPHIQL=on|off decides, but it needs introspection (the schema it shows). */
function graphiqlOf(v: Parsed, security: SecurityOptions): ServerConfig['graphiql'] {
  const production = v.PAPERGRAPH_PROFILE === 'production';
  if (v.PAPERGRAPH_GRAPHIQL === 'off') return { on: false, reason: 'PAPERGRAPH_GRAPHIQL=off' };
  if (v.PAPERGRAPH_GRAPHIQL === undefined && production)
    return { on: false, reason: 'production profile; PAPERGRAPH_GRAPHIQL=on turns it on' };
  // Its introspection query and anything typed in it would be refused.
  if (security.trustedOperations) {
    if (v.PAPERGRAPH_GRAPHIQL === 'on')
      throw new ConfigError('PAPERGRAPH_GRAPHIQL=on cannot work with PAPERGRAPH_TRUSTED_OPERATIONS: only the trusted operations run');
    return { on: false, reason: 'only trusted operations run (PAPERGRAPH_TRUSTED_OPERATIONS)' };
  }
  if (!security.introspection) {
    if (v.PAPERGRAPH_GRAPHIQL === 'on')
      throw new ConfigError(
        'PAPERGRAPH_GRAPHIQL=on needs introspection: GraphiQL reads the schema through it (PAPERGRAPH_INTROSPECTION=true)',
      );
    return { on: false, reason: 'introspection is off' };
  }
  return { on: true };
}

function parseVariables(env: NodeJS.ProcessEnv): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`${name}="${raw}" is not valid: ${parsed.error.issues[0].message}`);
    out[name] = parsed.data;
  }
  return out as Parsed;
}

function rateLimitOf(text: string): SecurityOptions['rateLimit'] {
  const [requests, seconds] = text.replace(/s$/, '').split('/').map(Number);
  return { requests, windowMs: seconds * 1000 };
}

/** A JSON file mapping operation ids to documents: the only operations accepted. */
function readTrustedOperations(path: string): Map<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`PAPERGRAPH_TRUSTED_OPERATIONS: cannot read ${path}: ${(e as Error).message}`);
  }
  const parsed = z.record(z.string().min(1), z.string().min(1)).safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(`PAPERGRAPH_TRUSTED_OPERATIONS: ${path} must be a JSON object of operation id → GraphQL document`);
  return new Map(Object.entries(parsed.data));
}
