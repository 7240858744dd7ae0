// The store the server starts with when no other data is given: the curated corpus in data/.

import { fileURLToPath } from 'node:url';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../ingest/curated.js';
import { MemoryStore } from '../store/memory-store.js';

export const CURATED_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

export function loadCuratedStore(dir = CURATED_DATA_DIR): MemoryStore {
  return new MemoryStore(new KnowledgeGraph(loadCuratedCorpus(dir)));
}
