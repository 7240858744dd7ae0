// The NeurIPS/ICML citation set (neurips-icml-citations/: papers.csv + citations.csv, the CS 768
// paper set): 6,545 papers by arXiv id and the citation edges checked against each citing
// paper's own reference list. A paper that is a NeurIPS 2020 paper carries its proceedings hash
// (an external id and a merge key), so it merges with the listing's record; the others (ICML and
// other NeurIPS papers) come in as papers of their own, with the arXiv id, the title, the arXiv
// abstract page as url, and as year the year the arXiv id was issued (the set records no venue
// or year).
//
// Ids: "neurips-icml-citations:<arXiv id>".

import { basename } from 'node:path';
import { BatchBuilder } from './batch-builder.js';
import { findArxivId } from './identity.js';
import { ImportError, MAX_RECORD_BYTES, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import { proceedingsId } from './neurips.js';
import { ByteProgress, expandDirectories, IssueLog, readCsvRows, RecordError, requirePaths } from './source-files.js';

export const CITATION_SET_SOURCE = 'neurips-icml-citations';
const NEURIPS_2020_VENUE = `${CITATION_SET_SOURCE}:venue:neurips-2020`;

/** "2005.14165" → 2020, "0709.0928" → 2007, "cs/0101001" → 2001: the year arXiv issued the id. */
export function arxivYear(id: string): number | null {
  const modern = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  const old = /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  const match = modern ?? old;
  if (!match) return null;
  const yy = Number(match[1]);
  return yy >= 91 ? 1900 + yy : 2000 + yy;
}

export const arxivCitationsImporter: Importer = {
  format: 'arxiv-citations',
  description:
    'Papers by arXiv id (papers.csv: arxiv_id,title[,neurips2020_hash]) and citations between them (citations.csv: citing,cited)',
  example: 'papergraph import --format arxiv-citations ../shared/datasets/neurips-icml-citations/',
  read: readArxivCitations,
};

async function readArxivCitations(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, 'arxiv-citations');
  const files = expandDirectories(paths, (name) => /\.csv(\.gz)?$/i.test(name));
  const edgeFiles = files.filter((f) => /citation/i.test(basename(f)));
  const paperFiles = files.filter((f) => !edgeFiles.includes(f));
  if (paperFiles.length === 0) throw new ImportError('arxiv-citations: no papers file (papers.csv) among the inputs');
  const source = options.mapping?.source ?? CITATION_SET_SOURCE;
  const batch = new BatchBuilder(source);
  const log = new IssueLog(options.strict ?? false);
  const progress = new ByteProgress(files, options.onProgress);
  const limits = { maxRecordBytes: options.maxRecordBytes ?? MAX_RECORD_BYTES };
  const paperId = (arxivId: string) => `${source}:${arxivId}`;
  let read = 0;

  for (const file of paperFiles) {
    const name = basename(file);
    read += await readCsvRows(
      file,
      log,
      (row, line) => {
        const arxivId = findArxivId(String(row.arxiv_id ?? ''));
        if (!arxivId) throw new RecordError(`no arXiv id in "${row.arxiv_id ?? ''}"`);
        const title = String(row.title ?? '').trim();
        if (!title) throw new RecordError(`${arxivId}: missing title`);
        const hash = String(row.neurips2020_hash ?? '')
          .trim()
          .toLowerCase();
        const recordId = `${name}:${line}#${arxivId}`;
        const neurips = /^[0-9a-f]{32}$/.test(hash);
        const added = batch.addPaper(
          {
            id: paperId(arxivId),
            title,
            arxivId,
            year: neurips ? 2020 : arxivYear(arxivId),
            venueId: neurips ? batch.venue(NEURIPS_2020_VENUE, 'NeurIPS 2020', 'CONFERENCE', 2020, recordId) : null,
            url: `https://arxiv.org/abs/${arxivId}`,
            externalIds: neurips ? [proceedingsId(hash)] : [],
          },
          recordId,
        );
        if (!added) throw new RecordError(`${arxivId}: a second record`);
      },
      { ...limits, onBytes: progress.file() },
    );
    progress.fileDone(file);
  }
  for (const file of edgeFiles) {
    read += await readCsvRows(
      file,
      log,
      (row) => {
        const citing = findArxivId(String(row.citing ?? ''));
        const cited = findArxivId(String(row.cited ?? ''));
        if (!citing || !cited) throw new RecordError('an edge needs a citing and a cited arXiv id');
        batch.cite(paperId(citing), paperId(cited), `${citing}>${cited}`);
      },
      { ...limits, onBytes: progress.file() },
    );
    progress.fileDone(file);
  }
  return { ...batch.finish(read, log.issues), ...log.summary() };
}
