// The store contract (contract.ts) run against the default store: the memory store over a KnowledgeGraph.

import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('MemoryStore', (corpus) => new MemoryStore(new KnowledgeGraph(corpus)));
