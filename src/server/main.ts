// Serves the curated corpus (or another data directory) over HTTP with GraphiQL.

import { createServer } from 'node:http';
import { createApp } from '../api/yoga.js';
import { loadCuratedStore } from './load-default-store.js';

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

const store = loadCuratedStore(process.env.PAPERGRAPH_DATA);
const app = createApp({ store });
const server = createServer(app);
server.listen(port, host, () => {
  const g = store.graph;
  console.log(`papergraph: ${g.papers.size} papers, ${g.concepts.size} concepts, ${g.citations.length} citations`);
  console.log(`GraphiQL at http://${host}:${port}/graphql`);
});
