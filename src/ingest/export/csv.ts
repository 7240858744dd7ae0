// nodes.csv and edges.csv (RFC 4180: fields with a comma, quote or line break are quoted, quotes
// doubled). Columns are fixed per file, so spreadsheets, pandas and Gephi's importer line them up.

import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeValue, type Subgraph } from './subgraph.js';

export function toCsvFiles(graph: Subgraph, tick: () => void = () => {}): { nodes: string; edges: string } {
  const nodeColumns = Object.keys(NODE_ATTRIBUTES);
  const edgeColumns = Object.keys(EDGE_ATTRIBUTES);
  const nodes = [['id', 'label', 'kind', ...nodeColumns].join(',')];
  for (const node of graph.nodes) {
    nodes.push([node.id, node.label, node.kind, ...nodeColumns.map((c) => node.attributes[c] ?? null)].map(csvField).join(','));
    tick();
  }
  // "relation", not "type": Gephi's importer reads a "type" column as directed/undirected.
  const edges = [['id', 'source', 'target', 'relation', ...edgeColumns].join(',')];
  for (const edge of graph.edges) {
    edges.push(
      [edge.id, edge.source, edge.target, edge.type, ...edgeColumns.map((c) => edge.attributes[c] ?? null)].map(csvField).join(','),
    );
    tick();
  }
  return { nodes: nodes.join('\r\n') + '\r\n', edges: edges.join('\r\n') + '\r\n' };
}

function csvField(value: AttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
