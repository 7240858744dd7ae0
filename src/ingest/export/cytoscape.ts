// Cytoscape.js elements JSON (also Cytoscape desktop's .cyjs): `cytoscape({ elements })` loads it.

import { PAPERGRAPH_VERSION } from '../snapshot.js';
import type { AttributeValue, Subgraph } from './subgraph.js';

export function toCytoscape(graph: Subgraph, tick: () => void = () => {}): string {
  const nodes = graph.nodes.map((node) => {
    tick();
    return { data: { id: node.id, label: node.label, kind: node.kind, ...present(node.attributes) } };
  });
  // `interaction` is the edge-type column Cytoscape desktop shows; `type` is ours.
  const edges = graph.edges.map((edge) => {
    tick();
    return {
      data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type, interaction: edge.type, ...present(edge.attributes) },
    };
  });
  return JSON.stringify({
    format_version: '1.0',
    generated_by: `papergraph ${PAPERGRAPH_VERSION}`,
    target_cytoscapejs_version: '~3',
    data: { name: 'papergraph' },
    elements: { nodes, edges },
  });
}

/** Cytoscape treats a missing field and null alike; missing keeps the file small. */
function present(attributes: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) if (value !== null) out[name] = value;
  return out;
}
