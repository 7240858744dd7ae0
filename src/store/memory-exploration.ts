// The exploration half of the memory store: neighbourhoods, paths, related papers, concept
// lineage, translating between store keys (kind + id) and graph indexes.

import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { NodeTable } from '../graph/node-table.js';
import type { NodeRef, TypedEdge } from '../graph/hetero.js';
import { GRAPH_NODE_KINDS, NODE_KIND } from '../model/index.js';
import { degreeOf, neighborhood } from '../graph/neighborhood.js';
import { positionOf, type Csr } from '../graph/csr.js';
import type { Authorship, Citation, PaperConcept } from '../model/index.js';
import { shortestPath } from '../graph/path.js';
import { relatedPapers, usesText } from '../graph/related.js';
import { sharedWords, type TextRelated } from './text-related.js';
import { ancestors, conceptCooccurrence, conceptTimeline, descendants } from '../graph/concepts.js';
import type {
  ConceptCount,
  DegreeQuery,
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
    const exclude = query.exclude?.map((key) => this.refOf(key)).filter((ref): ref is NodeRef => ref !== null);
    const result = neighborhood(this.graph, start, { ...query, exclude });
    const subgraph = this.subgraphOf(result.nodes, result.edges, result.truncated);
    if (result.hubs.length) subgraph.hubs = result.hubs.map((ref) => this.keyOf(ref));
    return subgraph;
  }

  degree(query: DegreeQuery): number | null {
    const ref = this.refOf(query.node);
    return ref && degreeOf(this.graph, ref, query.edgeTypes, query.direction);
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
      edges: edges.map((e): GraphEdge => new MemoryGraphEdge(this.graph, e, keyOf(e.source), keyOf(e.target))),
      truncated,
    };
  }

  private tableOf(kind: GraphNodeKind): NodeTable<{ id: string }> {
    return this.tables[kind];
  }
}

/** The index of the edge record behind `target` in `csr`'s list of `source`, by a scan (lists of a paper's concepts and authors are short). */
function recordIndexOf(csr: Csr, source: number, target: number): number {
  for (let k = csr.offsets[source], end = csr.offsets[source + 1]; k < end; k++) if (csr.targets[k] === target) return csr.edgeIds![k];
  return -1;
}

/**
 * An edge of a subgraph whose record (citation, concept link, authorship) is found only when a
 * field of it is asked for: most neighbourhoods are drawn from ids and types alone.
 */
class MemoryGraphEdge implements GraphEdge {
  readonly type: GraphEdge['type'];
  /** The record once found (undefined before the first read). */
  private found: Citation | PaperConcept | Authorship | null | undefined;
  constructor(
    private readonly graph: KnowledgeGraph,
    private readonly edge: TypedEdge,
    readonly source: NodeKey,
    readonly target: NodeKey,
  ) {
    this.type = edge.type;
  }

  get citation(): Citation | null {
    return this.type === 'CITES' ? (this.record() as Citation | null) : null;
  }

  get conceptLink(): PaperConcept | null {
    return this.type === 'HAS_CONCEPT' ? (this.record() as PaperConcept | null) : null;
  }

  get authorship(): Authorship | null {
    return this.type === 'AUTHORED' ? (this.record() as Authorship | null) : null;
  }

  private record(): Citation | PaperConcept | Authorship | null {
    if (this.found !== undefined) return this.found;
    const { graph, edge } = this;
    const { source, target } = edge;
    if (this.type === 'CITES') {
      const k = positionOf(graph.cites.out, source.index, target.index);
      this.found = k < 0 ? null : (graph.citations.at(k) ?? null);
    } else if (this.type === 'HAS_CONCEPT') {
      const e = recordIndexOf(graph.hasConcept.out, source.index, target.index);
      this.found = e < 0 ? null : (graph.paperConcepts.at(e) ?? null);
    } else if (this.type === 'AUTHORED') {
      // Stored paper → author: the target is the paper.
      const e = recordIndexOf(graph.authored.out, target.index, source.index);
      this.found = e < 0 ? null : (graph.authorships.at(e) ?? null);
    } else this.found = null;
    return this.found;
  }
}
