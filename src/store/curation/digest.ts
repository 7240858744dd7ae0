// A digest of what a graph holds, to tell whether replicas hold the same graph: SHA-256 over
// every record of every table (papers, authors cited by an authorship, venues, topics, concepts,
// collections with their entries by rank, citations, links, authorships, redirects), each record
// as JSON with its keys sorted, the records of a table sorted. It depends on the data only: not
// on the order changes were applied in, how they were batched, or whether the graph came from a
// snapshot or a replay. PageRank (computed per replica at its own times) is not part of it.

import { createHash } from 'node:crypto';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';

export interface GraphDigest {
  /** Hex SHA-256 of the graph's content. */
  digest: string;
  papers: number;
  citations: number;
  concepts: number;
}

/** JSON with object keys sorted and undefined members left out (as JSON.stringify leaves them). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function graphDigest(graph: KnowledgeGraph): GraphDigest {
  const c = graph.toCorpus();
  const authored = new Set(c.authorships.map((a) => a.authorId));
  const tables: [string, unknown[]][] = [
    ['papers', c.papers],
    ['authors', c.authors.filter((a) => authored.has(a.id))],
    ['venues', c.venues],
    ['topics', c.topics],
    ['concepts', c.concepts],
    ['collections', c.collections.map((col) => ({ ...col, entries: [...col.entries].sort((a, b) => a.rank - b.rank) }))],
    ['citations', c.citations],
    ['paperConcepts', c.paperConcepts],
    ['authorships', c.authorships],
    ['paperTopics', c.paperTopics],
    ['redirects', [...graph.paperRedirects].map(([from, to]) => [from, to])],
  ];
  const hash = createHash('sha256');
  for (const [name, records] of tables) {
    hash.update(`${name}\n`);
    for (const line of records.map(canonical).sort()) hash.update(`${line}\n`);
  }
  return { digest: hash.digest('hex'), papers: c.papers.length, citations: c.citations.length, concepts: c.concepts.length };
}
