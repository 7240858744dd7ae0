// GraphML (yEd, Cytoscape desktop, Gephi, networkx, graphology): keys declared once, then nodes
// with their kind and attributes, then edges with their type.

import { PAPERGRAPH_VERSION } from '../snapshot.js';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeValue, type Subgraph } from './subgraph.js';
import { escapeXml, XML_DECLARATION } from './xml.js';

export function toGraphml(graph: Subgraph, tick: () => void = () => {}): string {
  const out: string[] = [
    XML_DECLARATION,
    `<!-- papergraph ${escapeXml(PAPERGRAPH_VERSION)}: ${graph.nodes.length} nodes, ${graph.edges.length} edges -->`,
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    ...Object.entries(NODE_ATTRIBUTES).map(([name, type]) => `  <key id="n_${name}" for="node" attr.name="${name}" attr.type="${type}"/>`),
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    ...Object.entries(EDGE_ATTRIBUTES).map(([name, type]) => `  <key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`),
    '  <graph id="papergraph" edgedefault="directed">',
  ];
  for (const node of graph.nodes) {
    out.push(
      `    <node id="${escapeXml(node.id)}"><data key="kind">${node.kind}</data><data key="label">${escapeXml(node.label)}</data>` +
        `${dataOf('n_', node.attributes)}</node>`,
    );
    tick();
  }
  for (const edge of graph.edges) {
    out.push(
      `    <edge id="${edge.id}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}">` +
        `<data key="type">${edge.type}</data>${dataOf('e_', edge.attributes)}</edge>`,
    );
    tick();
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

function dataOf(prefix: string, attributes: Record<string, AttributeValue>): string {
  let xml = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null) xml += `<data key="${prefix}${name}">${escapeXml(String(value))}</data>`;
  }
  return xml;
}
