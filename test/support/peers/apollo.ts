// Peer 1: Apollo Server 4 as its docs start a server: typeDefs + resolvers, startStandaloneServer,
// a context function building the request's DataLoaders. Defaults otherwise (NODE_ENV=production
// in the bench turns its landing page and introspection off, as in a deployment).

import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createLoaders, createResolvers, PeerGraph, typeDefs, type PeerContext, type PeerData, type RunningPeer } from './graph-data.js';

export async function startApollo(data: PeerData, port = 0): Promise<RunningPeer> {
  const graph = new PeerGraph(data);
  const server = new ApolloServer<PeerContext>({ typeDefs, resolvers: createResolvers(graph) });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async () => ({ loaders: createLoaders(graph) }),
  });
  return { url: new URL('/graphql', url).href, close: () => server.stop() };
}
