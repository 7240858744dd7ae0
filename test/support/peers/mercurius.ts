// Peer 2: Mercurius 16 on Fastify 5, the way its README sets it up: schema + resolvers, a context
// function building the request's DataLoaders, and graphql-jit on from the first request (jit: 1).

import Fastify from 'fastify';
import mercurius from 'mercurius';
import { createLoaders, createResolvers, PeerGraph, typeDefs, type PeerData, type RunningPeer } from './graph-data.js';

export async function startMercurius(data: PeerData, port = 0): Promise<RunningPeer> {
  const graph = new PeerGraph(data);
  const app = Fastify({ logger: false });
  await app.register(mercurius, {
    schema: typeDefs,
    resolvers: createResolvers(graph) as never,
    context: () => ({ loaders: createLoaders(graph) }),
    jit: 1,
    graphiql: false,
  });
  const address = await app.listen({ port, host: '127.0.0.1' });
  return { url: `${address}/graphql`, close: () => app.close() };
}
