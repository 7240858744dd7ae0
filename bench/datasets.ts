// The graphs the bench runs on: the synthetic ogbn-arxiv-sized corpus (test/support/synthetic.ts) and
// the real ACL Anthology Network from ../shared/datasets/aan, read with the tabular importer.

import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { importerFor } from '../src/ingest/formats.js';
import { mergeBatches } from '../src/ingest/merge.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { syntheticCorpus } from '../test/support/synthetic.js';

export const DATASETS_DIR = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
export const AAN_FILES = ['aan/papers.jsonl', 'aan/citations.csv'].map((f) => `${DATASETS_DIR}${f}`);
export const NEURIPS_FILE = `${DATASETS_DIR}neurips-2020/papers.jsonl`;

export interface LoadedStore {
  name: string;
  store: MemoryStore;
  /** Time of each step, ms. */
  steps: Record<string, number>;
}

export function syntheticStore(scale = 1): LoadedStore {
  const started = performance.now();
  const corpus = syntheticCorpus({ scale });
  const generated = performance.now();
  const graph = new KnowledgeGraph(corpus);
  const built = performance.now();
  const store = new MemoryStore(graph);
  return {
    name: `synthetic ×${scale}`,
    store,
    steps: { generate: generated - started, graph: built - generated, store: performance.now() - built },
  };
}

/** Missing AAN files, or none. */
export function missingAan(): string[] {
  return AAN_FILES.filter((f) => !existsSync(f));
}

export function fileBytes(paths: string[]): number {
  return paths.reduce((total, p) => total + statSync(p).size, 0);
}

export async function aanStore(): Promise<LoadedStore> {
  const started = performance.now();
  const batch = await importerFor('tabular').read(AAN_FILES, {});
  const read = performance.now();
  const { corpus } = mergeBatches(null, [batch]);
  const merged = performance.now();
  const store = new MemoryStore(new KnowledgeGraph(corpus));
  return { name: 'AAN', store, steps: { read: read - started, merge: merged - read, graphAndStore: performance.now() - merged } };
}
