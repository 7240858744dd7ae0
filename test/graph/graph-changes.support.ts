// Two graphs compared in every read: records by index and id, slugs, redirects, every CSR
// neighbour list in order, edge records through the CSRs, paperVenue, arXiv and DOI lookups.

import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import type { BiCsr, Csr } from '../../src/graph/csr.js';
import { normalizeArxivId, normalizeDoi, type KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import type { NodeTable } from '../../src/graph/node-table.js';

/** Asserts two graphs answer every read alike: records, ids, slugs, redirects, adjacency in order, edge records. */
export function expectSameGraph(a: KnowledgeGraph, b: KnowledgeGraph): void {
  const tables = ['papers', 'authors', 'venues', 'topics', 'concepts', 'collections'] as const;
  for (const name of tables) expectSameTable(name, a[name] as NodeTable<never>, b[name] as NodeTable<never>);
  expect(new Map(a.paperRedirects)).toEqual(new Map(b.paperRedirects));
  for (const [from] of b.paperRedirects) expect(a.papers.indexOf(from), `redirect ${from}`).toBe(b.papers.indexOf(from));
  expectSameArray('paperVenue', a.paperVenue, b.paperVenue);
  expectSameBi('cites', a.cites, b.cites);
  expectSameBi('hasConcept', a.hasConcept, b.hasConcept);
  expectSameBi('authored', a.authored, b.authored);
  expectSameBi('inTopic', a.inTopic, b.inTopic);
  expectSameBi('broader', a.broader, b.broader);
  expect(a.citations.length).toBe(b.citations.length);
  for (let k = 0; k < b.citations.length; k++) expectEqual(a.citations.at(k), b.citations.at(k), `citation at ${k}`);
  const edgeRecords = [
    ['hasConcept', a.hasConcept, a.paperConcepts, b.hasConcept, b.paperConcepts],
    ['authored', a.authored, a.authorships, b.authored, b.authorships],
    ['inTopic', a.inTopic, a.paperTopics, b.inTopic, b.paperTopics],
  ] as const;
  for (const [name, ca, ra, cb, rb] of edgeRecords) {
    // Every row is an edge of the graph, once.
    expect(ra.length, `${name} rows`).toBe(cb.out.targets.length);
    expect(rb.length, `${name} rows (oracle)`).toBe(cb.out.targets.length);
    for (const dir of ['out', 'in'] as const)
      for (let k = 0; k < cb[dir].targets.length; k++)
        expectEqual(ra.at(ca[dir].edgeIds![k]), rb.at(cb[dir].edgeIds![k]), `${name}.${dir} record at ${k}`);
  }
  for (let p = 0; p < b.papers.size; p++) {
    const { arxivId, doi } = b.papers.at(p);
    if (arxivId) expectEqual(a.byArxivId.get(normalizeArxivId(arxivId)), b.byArxivId.get(normalizeArxivId(arxivId)), `arXiv ${arxivId}`);
    if (doi) expectEqual(a.byDoi.get(normalizeDoi(doi)), b.byDoi.get(normalizeDoi(doi)), `DOI ${doi}`);
  }
}

function expectSameTable(name: string, a: NodeTable<{ id: string; slug?: string }>, b: NodeTable<{ id: string; slug?: string }>): void {
  expect(a.size, `${name} size`).toBe(b.size);
  for (let i = 0; i < b.size; i++) {
    const record = b.at(i);
    expectEqual(a.at(i), record, `${name}[${i}]`);
    expectEqual(a.idAt(i), record.id, `${name} id at ${i}`);
    expectEqual(a.indexOf(record.id), i, `${name} id ${record.id}`);
    if (record.slug !== undefined) expectEqual(a.indexOfSlug(record.slug), b.indexOfSlug(record.slug), `${name} slug ${record.slug}`);
  }
  const fieldsA = a.field('id');
  for (let i = 0; i < b.size; i++) expectEqual(fieldsA(i), b.idAt(i), `${name} id field at ${i}`);
}

/** expect().toEqual, called only when a quick strict comparison fails (thousands of expects are slow). */
function expectEqual(a: unknown, b: unknown, what: string): void {
  if (!isDeepStrictEqual(a, b)) expect(a, what).toEqual(b);
}

function expectSameBi(name: string, a: BiCsr, b: BiCsr): void {
  expectSameCsr(`${name}.out`, a.out, b.out);
  expectSameCsr(`${name}.in`, a.in, b.in);
}

function expectSameCsr(name: string, a: Csr, b: Csr): void {
  expectSameArray(`${name}.offsets`, a.offsets, b.offsets);
  expectSameArray(`${name}.targets`, a.targets, b.targets);
  expect(a.edgeIds === null, `${name} has edge ids`).toBe(b.edgeIds === null);
}

function expectSameArray(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length, `${name} length`).toBe(b.length);
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) expect(Array.from(a), `${name} differs at ${i}`).toEqual(Array.from(b));
}
