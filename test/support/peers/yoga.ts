// Peer 3: plain graphql-yoga with an SDL schema (createSchema: typeDefs + resolvers) on node:http,
// a context function building the request's DataLoaders; no plugins.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { createLoaders, createResolvers, PeerGraph, typeDefs, type PeerContext, type PeerData, type RunningPeer } from './graph-data.js';

export async function startYoga(data: PeerData, port = 0): Promise<RunningPeer> {
  const graph = new PeerGraph(data);
  const yoga = createYoga({
    schema: createSchema<PeerContext>({ typeDefs, resolvers: createResolvers(graph) as never }),
    context: () => ({ loaders: createLoaders(graph) }),
    graphiql: false,
    landingPage: false,
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
