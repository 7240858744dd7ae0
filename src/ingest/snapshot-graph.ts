// A KnowledgeGraph served straight from a snapshot's columns: node tables over column Rows
// (records built when asked for), edges handed over as the typed index arrays the file holds.
// Only the ids are decoded up front. A snapshot whose references did not all resolve (written
// from a corpus the graph would refuse) takes the record path and its GraphBuildError.

import { KnowledgeGraph, type IndexedCorpus } from '../graph/knowledge-graph.js';
import { nodeCollectionsOf } from '../model/index.js';
import type { ColumnTable, SnapshotTables } from './snapshot-columns.js';
import { attachStoredSearch } from '../store/search-compact.js';
import { readSnapshot, readSnapshotTables, storedSearchOfTables, type SnapshotHeader, type SnapshotProgress } from './snapshot.js';

export function loadSnapshotGraph(
  path: string,
  options: SnapshotProgress = {},
): { graph: KnowledgeGraph; header: SnapshotHeader; influence: Float64Array | null } {
  const { header, tables, influence, redirects } = readSnapshotTables(path, options);
  return { graph: graphOfSnapshot(path, tables, redirects), header, influence };
}

/**
 * The graph over tables read from the snapshot at `path` (read again in full only on the record
 * path), with the merged paper ids it stored (`redirects`, from readSnapshotTables) resolving to
 * the papers kept.
 */
export function graphOfSnapshot(path: string, tables: SnapshotTables, redirects: ReadonlyMap<string, string> = new Map()): KnowledgeGraph {
  const indexed = indexedCorpusOf(tables);
  // A redirect may lead to a paper retracted since its merge: then the merged id resolves to nothing, as the kept one.
  const graph = new KnowledgeGraph(indexed ?? readSnapshot(path), { redirects });
  // The stored search index numbers the tables' rows: the graph served from the columns keeps their order.
  const search = storedSearchOfTables(tables);
  if (indexed && search) attachStoredSearch(graph, search);
  return graph;
}

function indexedCorpusOf(t: SnapshotTables): IndexedCorpus | null {
  const citations = edgesOf(t.citations, 'citingId', 'citedId');
  const paperConcepts = edgesOf(t.paperConcepts, 'paperId', 'conceptId');
  const authorships = edgesOf(t.authorships, 'paperId', 'authorId');
  const paperTopics = edgesOf(t.paperTopics, 'paperId', 'topicId');
  const positions = t.authorships.ints('position');
  const broader = t.concepts.refLists('broaderIds');
  const paperVenue = t.papers.refIndices('venueId');
  if (!citations || !paperConcepts || !authorships || !paperTopics || !positions || !broader || !paperVenue) return null;
  const broaderSources = new Uint32Array(broader.indices.length);
  for (let c = 0; c < t.concepts.length; c++) broaderSources.fill(c, broader.offsets[c], broader.offsets[c + 1]);
  return {
    indexed: true,
    ...nodeCollectionsOf(t),
    citations,
    paperConcepts,
    paperTopics,
    authorships: { ...authorships, positions },
    broader: { sources: broaderSources, targets: asIndexes(broader.indices)! },
    paperVenue,
  };
}

/** An edge table's two reference columns as node indexes, or null when either cannot be (ids stored, or a null end). */
function edgesOf<E>(table: ColumnTable<E>, source: string, target: string) {
  const sources = asIndexes(table.refIndices(source));
  const targets = asIndexes(table.refIndices(target));
  return sources && targets ? { rows: table, sources, targets } : null;
}

/** Int32 node indexes as the Uint32 the graph takes, viewed in place; null when one is -1 (a null reference). */
function asIndexes(indices: Int32Array | null): Uint32Array | null {
  if (!indices) return null;
  for (let i = 0; i < indices.length; i++) if (indices[i] < 0) return null;
  return new Uint32Array(indices.buffer, indices.byteOffset, indices.length);
}
