// The import formats papergraph knows, by the name used on the command line.

import { existsSync, statSync } from 'node:fs';
import { NODE_KINDS } from '../model/index.js';
import { arxivCitationsImporter } from './arxiv-citations.js';
import { bibtexImporter } from './bibtex.js';
import { csoImporter } from './cso.js';
import { CorpusValidationError, loadCuratedCorpus } from './curated.js';
import { ImportError, type ImportBatch, type Importer } from './importer.js';
import { neuripsImporter } from './neurips.js';
import { openAlexImporter } from './openalex.js';
import { semanticScholarImporter } from './semantic-scholar.js';
import { skosImporter } from './skos.js';
import { tabularImporter } from './tabular.js';

/** The curated JSON of data/ (one folder of JSON arrays), validated as a whole: any error is fatal. */
export const curatedImporter: Importer = {
  format: 'curated',
  description: 'The curated JSON corpus format of data/ (papers.json, concepts.json, …); validated as a whole',
  example: 'papergraph import --format curated data/',
  async read(paths: string[]): Promise<ImportBatch> {
    if (paths.length !== 1) throw new ImportError(`curated: expected one folder, got ${paths.length} paths`);
    const [dir] = paths;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ImportError(`curated: cannot read "${dir}": not a folder`);
    try {
      const corpus = loadCuratedCorpus(dir);
      const read =
        NODE_KINDS.reduce((n, { collection }) => n + corpus[collection].length, 0) + corpus.citations.length + corpus.paperConcepts.length;
      return { source: 'curated', corpus, read, skipped: [], unresolvedReferences: new Map() };
    } catch (e) {
      if (e instanceof CorpusValidationError) throw new ImportError(`curated: ${dir}/${e.message}`);
      throw e;
    }
  },
};

export const IMPORTERS: Importer[] = [
  curatedImporter,
  semanticScholarImporter,
  openAlexImporter,
  skosImporter,
  csoImporter,
  tabularImporter,
  bibtexImporter,
  neuripsImporter,
  arxivCitationsImporter,
];

/** The importer for a format name; an ImportError listing the known ones otherwise. */
export function importerFor(format: string): Importer {
  const importer = IMPORTERS.find((i) => i.format === format.trim().toLowerCase());
  if (!importer) throw new ImportError(`unknown format "${format}": use one of ${IMPORTERS.map((i) => i.format).join(', ')}`);
  return importer;
}
