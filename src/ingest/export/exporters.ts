// Every export format behind one interface: a paper selection in, one or more files out.

import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { toBibtex } from './bibtex.js';
import { cslItem } from './csl.js';
import { toCsvFiles } from './csv.js';
import { toCuratedFiles } from './curated.js';
import { toCytoscape } from './cytoscape.js';
import { toGexf } from './gexf.js';
import { toGraphml } from './graphml.js';
import { ExportError, requirePaper, type ExportFile } from './papers.js';
import { buildSubgraph } from './subgraph.js';

export type { ExportFile };

export interface ExportOptions {
  /** Only these papers and what they touch (default: the whole graph). */
  paperIds?: string[];
  /** Called as elements are written: elements done of the total, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface Exporter {
  /** The name used on the command line: `papergraph export --format <name>`. */
  format: string;
  description: string;
  extension: string;
  export(graph: KnowledgeGraph, paperIndexes: number[] | null, onProgress: (done: number, total: number) => void): ExportFile[];
}

/** Graph formats write every node and edge of the selection; a tick per element feeds progress. */
function graphExporter(
  format: string,
  description: string,
  extension: string,
  render: (g: ReturnType<typeof buildSubgraph>, tick: () => void) => ExportFile[],
): Exporter {
  return {
    format,
    description,
    extension,
    export(graph, paperIndexes, onProgress) {
      const subgraph = buildSubgraph(graph, paperIndexes);
      const total = subgraph.nodes.length + subgraph.edges.length;
      let done = 0;
      const files = render(subgraph, () => {
        if (++done % 10_000 === 0) onProgress(done, total);
      });
      onProgress(total, total);
      return files;
    },
  };
}

/** Citation formats list papers only, in graph order. */
function citationExporter(
  format: string,
  description: string,
  extension: string,
  render: (items: ReturnType<typeof cslItem>[], tick: (n: number) => void) => string,
): Exporter {
  return {
    format,
    description,
    extension,
    export(graph, paperIndexes, onProgress) {
      const indexes = paperIndexes ?? graph.papers.records.map((_, i) => i);
      let done = 0;
      const content = render(
        indexes.map((i) => cslItem(graph, i)),
        (n) => onProgress((done += n), indexes.length),
      );
      onProgress(indexes.length, indexes.length);
      return [{ name: `papers.${extension}`, content }];
    },
  };
}

export const EXPORTERS: Exporter[] = [
  graphExporter('graphml', 'GraphML for yEd, Gephi, Cytoscape desktop, networkx', 'graphml', (g, tick) => [
    { name: 'graph.graphml', content: toGraphml(g, tick) },
  ]),
  graphExporter('gexf', 'GEXF 1.2 for Gephi', 'gexf', (g, tick) => [{ name: 'graph.gexf', content: toGexf(g, tick) }]),
  graphExporter('cytoscape', 'Cytoscape.js elements JSON (.cyjs)', 'cyjs', (g, tick) => [
    { name: 'graph.cyjs', content: toCytoscape(g, tick) },
  ]),
  graphExporter('csv', 'nodes.csv and edges.csv', 'csv', (g, tick) => {
    const { nodes, edges } = toCsvFiles(g, tick);
    return [
      { name: 'nodes.csv', content: nodes },
      { name: 'edges.csv', content: edges },
    ];
  }),
  {
    format: 'curated',
    description: 'the curated JSON files of data/ (import them back with --format curated)',
    extension: 'json',
    export(graph, paperIndexes, onProgress) {
      let done = 0;
      const files = toCuratedFiles(graph, paperIndexes, () => (++done % 10_000 === 0 ? onProgress(done, done) : undefined));
      onProgress(done, done);
      return files;
    },
  },
  citationExporter('bibtex', 'BibTeX entries of the papers', 'bib', toBibtex),
  citationExporter('csl', 'CSL-JSON items of the papers (Zotero, Pandoc)', 'json', (items, tick) => {
    tick(items.length);
    return `${JSON.stringify(items, null, 2)}\n`;
  }),
];

export function exporterFor(format: string): Exporter {
  const exporter = EXPORTERS.find((e) => e.format === format);
  if (!exporter) throw new ExportError(`unknown export format "${format}" (known: ${EXPORTERS.map((e) => e.format).join(', ')})`);
  return exporter;
}

/** The files of an export: one for most formats, nodes.csv and edges.csv for csv. */
export function exportFiles(graph: KnowledgeGraph, format: string, options: ExportOptions = {}): ExportFile[] {
  const exporter = exporterFor(format);
  const paperIndexes = options.paperIds ? options.paperIds.map((id) => requirePaper(graph, id)) : null;
  return exporter.export(graph, paperIndexes, options.onProgress ?? (() => {}));
}
