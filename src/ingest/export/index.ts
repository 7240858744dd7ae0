// Exports of the graph (GraphML, GEXF, Cytoscape.js, CSV) and of papers (BibTeX, CSL-JSON).

export { EXPORTERS, exportFiles, exporterFor, type ExportFile, type ExportOptions, type Exporter } from './exporters.js';
export { paperBibtex, toBibtex } from './bibtex.js';
export { paperCsl, cslItem, cslItemOf, type CslItem } from './csl.js';
export { ExportError, selectPapers, type PaperSelection } from './papers.js';
export { buildSubgraph, type Subgraph, type ExportNode, type ExportEdge } from './subgraph.js';
