// `papergraph stats`: what a graph holds (nodes by kind, edges by type), what its adjacency costs
// in memory, and how long it took to load.

import { EDGE_STORAGE } from '../graph/hetero.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { EDGE_TYPES, NODE_KINDS, type EdgeType, type NodeCollection } from '../model/index.js';
import { type GraphSourceOptions, loadGraph } from './graph-source.js';

interface GraphStats {
  source: string;
  nodes: Record<NodeCollection, number>;
  edges: Record<EdgeType, number>;
  /** Bytes of the typed arrays of every CSR (both directions) and the paper→venue column. */
  csrBytes: number;
  readMs: number;
  buildMs: number;
  snapshot?: { bytes: number; formatVersion: number; papergraphVersion: string };
}

function graphStats(graph: KnowledgeGraph): Pick<GraphStats, 'nodes' | 'edges' | 'csrBytes'> {
  return {
    nodes: Object.fromEntries(NODE_KINDS.map(({ collection }) => [collection, graph[collection].size])) as Record<NodeCollection, number>,
    edges: Object.fromEntries(EDGE_TYPES.map((type) => [type, EDGE_STORAGE[type].count(graph)])) as Record<EdgeType, number>,
    csrBytes: EDGE_TYPES.reduce((bytes, type) => bytes + EDGE_STORAGE[type].bytes(graph), 0),
  };
}

export function runStats(options: GraphSourceOptions & { json?: boolean }): void {
  const loaded = loadGraph(options);
  const stats: GraphStats = {
    source: loaded.description,
    ...graphStats(loaded.graph),
    readMs: round(loaded.readMs),
    buildMs: round(loaded.buildMs),
    snapshot: loaded.snapshot && {
      bytes: loaded.snapshot.bytes,
      formatVersion: loaded.snapshot.header.formatVersion,
      papergraphVersion: loaded.snapshot.header.papergraphVersion,
    },
  };
  console.log(options.json ? JSON.stringify(stats, null, 2) : formatStats(stats));
}

function formatStats(stats: GraphStats): string {
  const n = (value: number) => value.toLocaleString('en-US').padStart(12);
  const row = (name: string, value: number) => `  ${name.padEnd(14)}${n(value)}`;
  const lines = [`${stats.source}`];
  if (stats.snapshot)
    lines.push(
      `  snapshot format ${stats.snapshot.formatVersion}, written by papergraph ${stats.snapshot.papergraphVersion}, ${(stats.snapshot.bytes / 1e6).toFixed(1)} MB`,
    );
  lines.push(`  loaded in ${stats.readMs} ms, graph built in ${stats.buildMs} ms`, 'nodes');
  for (const [kind, value] of Object.entries(stats.nodes)) lines.push(row(kind, value));
  lines.push('edges');
  for (const [type, value] of Object.entries(stats.edges)) lines.push(row(type, value));
  lines.push(`CSR bytes       ${n(stats.csrBytes)}`);
  return lines.join('\n');
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
