// The exploration half of the memory store: neighbourhoods, paths, related papers, concept
// lineage, translating between store keys (kind + id) and graph indexes.

import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { NodeTable } from '../graph/node-table.js';
import type { NodeRef, TypedEdge } from '../graph/hetero.js';
import { GRAPH_NODE_KINDS, NODE_KIND } from '../model/index.js';
import { neighborhood } from '../graph/neighborhood.js';
import { shortestPath } from '../graph/path.js';
import { relatedPapers, usesText } from '../graph/related.js';
import { sharedWords, type TextRelated } from './text-related.js';
import { ancestors, conceptCooccurrence, conceptTimeline, descendants } from '../graph/concepts.js';
import type {
  ConceptCount,
  GraphEdge,
  GraphNodeKind,
  NeighborhoodQuery,
  NodeKey,
  PathQuery,
  RelatedQuery,
  RelatedResult,
  Subgraph,
  YearCount,
} from './graph-store.js';

export class MemoryExploration {
  private readonly tables: Record<GraphNodeKind, NodeTable<{ id: string }>>;

  constructor(private readonly graph: KnowledgeGraph) {
    const tableOf = (kind: GraphNodeKind): NodeTable<{ id: string }> => graph[NODE_KIND[kind].collection];
    this.tables = Object.fromEntries(GRAPH_NODE_KINDS.map((kind) => [kind, tableOf(kind)])) as typeof this.tables;
  }

  /** The graph node of a key, or null when no node has it. */
  refOf(key: NodeKey): NodeRef | null {
    const index = this.tableOf(key.kind).indexOf(key.id);
    return index < 0 ? null : { kind: key.kind, index };
  }

  keyOf(ref: NodeRef): NodeKey {
    return { kind: ref.kind, id: this.tableOf(ref.kind).idAt(ref.index) };
  }

  neighborhood(query: NeighborhoodQuery): Subgraph | null {
    const start = this.refOf(query.start);
    if (!start) return null;
    const result = neighborhood(this.graph, start, query);
    return this.subgraphOf(result.nodes, result.edges, result.truncated);
  }

  path(query: PathQuery): Subgraph | null {
    const from = this.refOf(query.from),
      to = this.refOf(query.to);
    if (!from || !to) return null;
    const result = shortestPath(this.graph, from, to, { edgeTypes: query.edgeTypes, maxDepth: query.maxDepth, direction: 'BOTH' });
    return result && this.subgraphOf(result.nodes, result.edges, false);
  }

  /** Whether the related papers `query` asks for read text scores (which the caller then passes to related()). */
  relatedNeedsText(query: RelatedQuery): boolean {
    const p = this.graph.papers.indexOf(query.paperId);
    return p >= 0 && usesText(this.graph, p, query.method);
  }

  /**
   * `text`: the anchor's text-related papers (store/text-related.ts), when relatedNeedsText();
   * the results' shared terms are the query words each matched (or, for a paper found by its
   * citations, the query words it has).
   */
  related(query: RelatedQuery, text: TextRelated | null = null): RelatedResult[] {
    const p = this.graph.papers.indexOf(query.paperId);
    if (p < 0) return [];
    const paperId = (i: number) => this.graph.papers.idAt(i);
    const termsOf = (q: number) => (text ? (text.matched.get(q) ?? sharedWords(this.graph, q, text.query)) : []);
    return relatedPapers(this.graph, p, query.method, query.first, text?.scores ?? null).map((r) => ({
      paperId: paperId(r.index),
      score: r.score,
      sharedReferenceIds: r.sharedReferences.map(paperId),
      sharedCiterIds: r.sharedCiters.map(paperId),
      sharedConceptIds: r.sharedConcepts.map((c) => this.graph.concepts.idAt(c)),
      citedByAnchor: r.citedByAnchor,
      citesAnchor: r.citesAnchor,
      sharedTerms: termsOf(r.index),
    }));
  }

  ancestors(conceptId: string): string[] {
    return this.conceptIds(conceptId, (c) => ancestors(this.graph, c));
  }

  descendants(conceptId: string): string[] {
    return this.conceptIds(conceptId, (c) => descendants(this.graph, c));
  }

  cooccurring(conceptId: string): ConceptCount[] {
    const c = this.graph.concepts.indexOf(conceptId);
    if (c < 0) return [];
    return conceptCooccurrence(this.graph, c).map(({ index, count }) => ({ conceptId: this.graph.concepts.idAt(index), count }));
  }

  timeline(conceptId: string, includeNarrower: boolean): YearCount[] {
    const c = this.graph.concepts.indexOf(conceptId);
    return c < 0 ? [] : conceptTimeline(this.graph, c, { includeNarrower });
  }

  private conceptIds(conceptId: string, walk: (c: number) => number[]): string[] {
    const c = this.graph.concepts.indexOf(conceptId);
    return c < 0 ? [] : walk(c).map((i) => this.graph.concepts.idAt(i));
  }

  /** Nodes and edges as store keys; each node's key is made once and shared by its edges. */
  private subgraphOf(nodes: NodeRef[], edges: TypedEdge[], truncated: boolean): Subgraph {
    const keys = new Map<GraphNodeKind, Map<number, NodeKey>>();
    const keyOf = (ref: NodeRef) => {
      let ofKind = keys.get(ref.kind);
      if (!ofKind) keys.set(ref.kind, (ofKind = new Map()));
      let key = ofKind.get(ref.index);
      if (!key) ofKind.set(ref.index, (key = this.keyOf(ref)));
      return key;
    };
    return {
      nodes: nodes.map(keyOf),
      edges: edges.map((e): GraphEdge => ({ type: e.type, source: keyOf(e.source), target: keyOf(e.target) })),
      truncated,
    };
  }

  private tableOf(kind: GraphNodeKind): NodeTable<{ id: string }> {
    return this.tables[kind];
  }
}
