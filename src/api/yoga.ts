// The yoga app: schema, a fresh context per request, GraphiQL opened on an example, and error
// masking that lets errors meant for clients through while hiding bugs.

import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { PothosValidationError } from '@pothos/core';
import type { GraphStore } from '../store/graph-store.js';
import { createContext, type Context } from './context.js';
import { schema } from './schema.js';

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
  plugins?: Plugin<Context>[];
  graphiql?: boolean;
}

export type PapergraphApp = YogaServerInstance<Record<string, unknown>, Context>;

export function createApp({ store, plugins = [], graphiql = true }: AppOptions): PapergraphApp {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => createContext(store),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: graphiql ? { title: 'papergraph', defaultQuery: EXAMPLE_OPERATION } : false,
    plugins,
    maskedErrors: { maskError: maskUnlessForClient },
  });
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
