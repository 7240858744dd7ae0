// GEXF 1.2 (Gephi): attributes declared per class, nodes with a label and attvalues, directed
// edges labelled with their type; HAS_CONCEPT edges weighted by their score.

import { PAPERGRAPH_VERSION } from '../snapshot.js';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeType, type AttributeValue, type Subgraph } from './subgraph.js';
import { escapeXml, XML_DECLARATION } from './xml.js';

const GEXF_TYPES: Record<AttributeType, string> = { string: 'string', int: 'integer', double: 'double', boolean: 'boolean' };

export function toGexf(graph: Subgraph, tick: () => void = () => {}): string {
  const declare = (attributes: Record<string, AttributeType>) =>
    Object.entries(attributes).map(([name, type]) => `      <attribute id="${name}" title="${name}" type="${GEXF_TYPES[type]}"/>`);
  const out: string[] = [
    XML_DECLARATION,
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
    `  <meta><creator>papergraph ${escapeXml(PAPERGRAPH_VERSION)}</creator><description>papers, authors, venues, topics and concepts</description></meta>`,
    '  <graph mode="static" defaultedgetype="directed">',
    '    <attributes class="node">',
    '      <attribute id="kind" title="kind" type="string"/>',
    ...declare(NODE_ATTRIBUTES),
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="type" title="type" type="string"/>',
    ...declare(EDGE_ATTRIBUTES),
    '    </attributes>',
    '    <nodes>',
  ];
  for (const node of graph.nodes) {
    out.push(
      `      <node id="${escapeXml(node.id)}" label="${escapeXml(node.label)}">` +
        `<attvalues><attvalue for="kind" value="${node.kind}"/>${attvaluesOf(node.attributes)}</attvalues></node>`,
    );
    tick();
  }
  out.push('    </nodes>', '    <edges>');
  for (const edge of graph.edges) {
    const weight = edge.type === 'HAS_CONCEPT' && typeof edge.attributes.score === 'number' ? ` weight="${edge.attributes.score}"` : '';
    out.push(
      `      <edge id="${edge.id}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}" label="${edge.type}"${weight}>` +
        `<attvalues><attvalue for="type" value="${edge.type}"/>${attvaluesOf(edge.attributes)}</attvalues></edge>`,
    );
    tick();
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}

function attvaluesOf(attributes: Record<string, AttributeValue>): string {
  let xml = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null) xml += `<attvalue for="${name}" value="${escapeXml(String(value))}"/>`;
  }
  return xml;
}
