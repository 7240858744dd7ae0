// The yoga app: schema, a fresh context per request, GraphiQL opened on an example, the
// security plugins, and error masking that lets errors meant for clients through.

import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import {
  createYoga, maskError as defaultMaskError, useExecutionCancellation, useReadinessCheck,
  type Plugin, type YogaServerInstance,
} from 'graphql-yoga';
import { PothosValidationError } from '@pothos/core';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import type { GraphStore } from '../store/graph-store.js';
import { createContext, type Context } from './context.js';
import { schema } from './schema.js';
import { DEVELOPMENT_SECURITY, type SecurityOptions } from './security.js';
import { useQueryCost } from './plugins/use-query-cost.js';
import { useRequestGuards } from './plugins/use-request-guards.js';
import { useExecutionTimeout } from './plugins/use-execution-timeout.js';
import { useRequestLog } from './plugins/use-request-log.js';

export const EXAMPLE_OPERATION = `# papergraph: the Zeta Alpha guide to NeurIPS 2020 as a knowledge graph.
# Press the play button, then follow the references and concepts of any paper.
query GuideEssentials {
  collection(slug: "zeta-alpha-neurips-2020") {
    title
    publisher
    entries(first: 10) {
      edges {
        node {
          rank
          section { name }
          paper {
            title
            year
            arxivId
            concepts(first: 3) { edges { role node { name kind } } }
            references(first: 5) { totalCount edges { node { title year } } }
          }
        }
      }
    }
  }
}
`;

export interface AppOptions {
  store: GraphStore;
  security?: Partial<SecurityOptions>;
  graphiql?: boolean;
  /** Whether the graph is loaded and the app may take traffic (for /ready). */
  isReady?: () => boolean;
  plugins?: Plugin<Context>[];
}

export type PapergraphApp = YogaServerInstance<Record<string, unknown>, Context>;

export function createApp({ store, security: overrides, graphiql = true, isReady = () => true, plugins = [] }: AppOptions): PapergraphApp {
  const security = { ...DEVELOPMENT_SECURITY, ...overrides };
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => createContext(store),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: graphiql && security.introspection ? { title: 'papergraph', defaultQuery: EXAMPLE_OPERATION } : false,
    batching: security.maxBatch > 0 ? { limit: security.maxBatch } : false,
    cors: corsOf(security.corsOrigins),
    maskedErrors: { maskError: maskUnlessForClient },
    plugins: [
      useRequestGuards({ maxBodyBytes: security.maxBodyBytes, rateLimit: security.rateLimit }),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
      ...(security.trustedOperations ? [useTrustedOperations(security.trustedOperations)] : []),
      maxTokensPlugin({ n: security.maxTokens }),
      maxAliasesPlugin({ n: security.maxAliases, allowList: [] }),
      maxDirectivesPlugin({ n: security.maxDirectives }),
      ...(security.introspection ? [] : [blockFieldSuggestionsPlugin(), useValidationRule(NoSchemaIntrospectionCustomRule)]),
      useQueryCost({ budget: security.costBudget, maxDepth: security.maxDepth }),
      useExecutionCancellation(),
      useExecutionTimeout(security.timeoutMs),
      useReadinessCheck({ endpoint: '/ready', check: () => isReady() }),
      ...(security.log ? [useRequestLog(security.log)] : []),
      ...plugins,
    ] as Plugin<Context>[],
  });
}

function corsOf(origins: string[]) {
  if (origins.includes('*')) return { origin: '*' };
  return origins.length ? { origin: origins, credentials: false } : false;
}

function useValidationRule(rule: Parameters<Parameters<NonNullable<Plugin['onValidate']>>[0]['addValidationRule']>[0]): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}

/** Only the listed operations run: asked by id (`extensions.persistedQuery.sha256Hash` or `documentId`) or by their exact text. */
function useTrustedOperations(operations: Map<string, string>): Plugin {
  const byText = new Set(operations.values());
  return usePersistedOperations({
    getPersistedOperation: (id) => operations.get(id) ?? null,
    allowArbitraryOperations: (request) => {
      const text = (request as Request & { graphqlParams?: { query?: string } }).graphqlParams?.query;
      return text !== undefined && byText.has(text);
    },
  }) as Plugin;
}

/** Pothos rejects malformed global ids with a validation error: that is the client's to fix. */
function maskUnlessForClient(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return defaultMaskError(error, message, isDev);
}
