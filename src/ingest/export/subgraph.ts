// The graph as flat node and edge lists with typed attributes: what every graph format writes.
// A paper selection keeps those papers, the authors, venues, topics and concepts they touch,
// and every edge between kept nodes.

import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import {
  GRAPH_NODE_KINDS,
  kindConstant,
  type EdgeType,
  type GraphNodeKind,
  type KindConstant,
  type Provenance,
} from '../../model/index.js';
import { allRows } from '../../graph/rows.js';

export type AttributeValue = string | number | boolean | null;
export type AttributeType = 'string' | 'int' | 'double' | 'boolean';

export interface ExportNode {
  /** Unique across kinds: "paper:vaswani2017attention", "concept:attention". */
  id: string;
  /** The kind in capitals: "PAPER". */
  kind: KindConstant<GraphNodeKind>;
  label: string;
  attributes: Record<string, AttributeValue>;
}

export interface ExportEdge {
  id: string;
  source: string;
  target: string;
  type: EdgeType;
  attributes: Record<string, AttributeValue>;
}

export interface Subgraph {
  nodes: ExportNode[];
  edges: ExportEdge[];
}

/** Every attribute a node or edge may carry, with one type, so formats can declare them up front. */
export const NODE_ATTRIBUTES: Record<string, AttributeType> = {
  title: 'string',
  year: 'int',
  venue: 'string',
  arxivId: 'string',
  doi: 'string',
  url: 'string',
  abstract: 'string',
  summary: 'string',
  unresolvedReferenceCount: 'int',
  name: 'string',
  slug: 'string',
  fullName: 'string',
  venueKind: 'string',
  conceptKind: 'string',
  aliases: 'string',
  description: 'string',
  affiliations: 'string',
  sources: 'string',
};
export const EDGE_ATTRIBUTES: Record<string, AttributeType> = {
  role: 'string',
  score: 'double',
  position: 'int',
  affiliations: 'string',
  intents: 'string',
  contexts: 'string',
  isInfluential: 'boolean',
  sources: 'string',
};

/** Joins list attributes: a separator that rarely occurs in titles or names. */
const LIST_SEPARATOR = '; ';

/** Node ids by kind: "paper:<id>", "concept:<id>", … */
const nodeId = Object.fromEntries(
  GRAPH_NODE_KINDS.map((kind) => [kindConstant(kind), (id: string) => `${kind.toLowerCase()}:${id}`]),
) as Record<KindConstant<GraphNodeKind>, (id: string) => string>;

/** The whole graph (paperIndexes null) or the part around a set of papers. */
export function buildSubgraph(graph: KnowledgeGraph, paperIndexes: readonly number[] | null): Subgraph {
  const all = paperIndexes === null;
  const keepPaper = new Uint8Array(graph.papers.size).fill(all ? 1 : 0);
  if (!all) for (const p of paperIndexes) keepPaper[p] = 1;
  const keep = {
    author: new Uint8Array(graph.authors.size).fill(all ? 1 : 0),
    venue: new Uint8Array(graph.venues.size).fill(all ? 1 : 0),
    topic: new Uint8Array(graph.topics.size).fill(all ? 1 : 0),
    concept: new Uint8Array(graph.concepts.size).fill(all ? 1 : 0),
  };
  const edges: ExportEdge[] = [];
  const edge = (source: string, target: string, type: EdgeType, attributes: Record<string, AttributeValue>) =>
    edges.push({ id: `e${edges.length}`, source, target, type, attributes });
  const paperIds = graph.papers.records.map((p) => nodeId.PAPER(p.id));

  allRows(graph.citations).forEach((c) => {
    const citing = graph.papers.indexOf(c.citingId);
    const cited = graph.papers.indexOf(c.citedId);
    if (!keepPaper[citing] || !keepPaper[cited]) return;
    edge(paperIds[citing], paperIds[cited], 'CITES', {
      intents: joined(c.intents),
      contexts: joined(c.contexts),
      isInfluential: c.isInfluential,
      sources: sources(c.provenance),
    });
  });
  allRows(graph.authorships).forEach((a) => {
    const p = graph.papers.indexOf(a.paperId);
    if (!keepPaper[p]) return;
    keep.author[graph.authors.indexOf(a.authorId)] = 1;
    edge(nodeId.AUTHOR(a.authorId), paperIds[p], 'AUTHORED', { position: a.position, affiliations: joined(a.affiliations) });
  });
  graph.paperVenue.forEach((v, p) => {
    if (v < 0 || !keepPaper[p]) return;
    keep.venue[v] = 1;
    edge(paperIds[p], nodeId.VENUE(graph.venues.records[v].id), 'PUBLISHED_IN', {});
  });
  allRows(graph.paperTopics).forEach((pt) => {
    const p = graph.papers.indexOf(pt.paperId);
    if (!keepPaper[p]) return;
    keep.topic[graph.topics.indexOf(pt.topicId)] = 1;
    edge(paperIds[p], nodeId.TOPIC(pt.topicId), 'IN_TOPIC', {});
  });
  allRows(graph.paperConcepts).forEach((pc) => {
    const p = graph.papers.indexOf(pc.paperId);
    if (!keepPaper[p]) return;
    keep.concept[graph.concepts.indexOf(pc.conceptId)] = 1;
    edge(paperIds[p], nodeId.CONCEPT(pc.conceptId), 'HAS_CONCEPT', { role: pc.role, score: pc.score, sources: sources(pc.provenance) });
  });
  graph.concepts.records.forEach((c, i) => {
    if (!keep.concept[i]) return;
    for (const b of c.broaderIds) if (keep.concept[graph.concepts.indexOf(b)]) edge(nodeId.CONCEPT(c.id), nodeId.CONCEPT(b), 'BROADER', {});
  });

  const nodes: ExportNode[] = [];
  graph.papers.records.forEach((p, i) => {
    if (!keepPaper[i]) return;
    const venue = graph.paperVenue[i] < 0 ? null : graph.venues.records[graph.paperVenue[i]].name;
    nodes.push({
      id: paperIds[i],
      kind: 'PAPER',
      label: p.title,
      attributes: {
        title: p.title,
        year: p.year,
        venue,
        arxivId: p.arxivId,
        doi: p.doi,
        url: p.url,
        abstract: p.abstract,
        summary: p.summary,
        aliases: joined(p.aliases),
        unresolvedReferenceCount: p.unresolvedReferenceCount,
        sources: sources(p.provenance),
      },
    });
  });
  graph.authors.records.forEach(
    (a, i) =>
      keep.author[i] &&
      nodes.push({
        id: nodeId.AUTHOR(a.id),
        kind: 'AUTHOR',
        label: a.name,
        attributes: {
          name: a.name,
          affiliations: joined(a.affiliations),
          sources: sources(a.provenance),
        },
      }),
  );
  graph.venues.records.forEach(
    (v, i) =>
      keep.venue[i] &&
      nodes.push({
        id: nodeId.VENUE(v.id),
        kind: 'VENUE',
        label: v.name,
        attributes: {
          name: v.name,
          slug: v.slug,
          fullName: v.fullName,
          venueKind: v.kind,
          year: v.year,
          sources: sources(v.provenance),
        },
      }),
  );
  graph.topics.records.forEach(
    (t, i) =>
      keep.topic[i] &&
      nodes.push({
        id: nodeId.TOPIC(t.id),
        kind: 'TOPIC',
        label: t.name,
        attributes: {
          name: t.name,
          slug: t.slug,
          description: t.description,
          sources: sources(t.provenance),
        },
      }),
  );
  graph.concepts.records.forEach(
    (c, i) =>
      keep.concept[i] &&
      nodes.push({
        id: nodeId.CONCEPT(c.id),
        kind: 'CONCEPT',
        label: c.name,
        attributes: {
          name: c.name,
          slug: c.slug,
          conceptKind: c.kind,
          aliases: joined(c.aliases),
          description: c.description,
          sources: sources(c.provenance),
        },
      }),
  );
  return { nodes, edges };
}

function joined(values: readonly string[]): string | null {
  return values.length ? values.join(LIST_SEPARATOR) : null;
}

function sources(provenance: readonly Provenance[]): string | null {
  return joined([...new Set(provenance.map((p) => p.source))]);
}
