// The one interface every importer implements, and what an import reports.

import type { Corpus } from '../model/index.js';

/** A malformed record: where it is and why it was refused. */
export interface ImportIssue {
  file: string;
  /** 1-based line (or record number for formats without lines). */
  line: number;
  reason: string;
}

export interface ImportOptions {
  /** Abort on the first malformed record (default: skip it and count it). */
  strict?: boolean;
  /** Column/field mapping for tabular formats, e.g. { id: 'paper_id', title: 'title' }. */
  mapping?: Record<string, string>;
  /** Called as records are read: for progress bars. `total` when known (bytes or records). */
  onProgress?: (done: number, total?: number) => void;
}

/** What one importer read from its sources, before merging into a graph. */
export interface ImportBatch {
  /** Source name used in provenance: "semantic-scholar", "openalex", "aan", "acm-ccs", … */
  source: string;
  corpus: Corpus;
  /** Records read, and malformed records skipped (with the reasons). */
  read: number;
  skipped: ImportIssue[];
  /** Per paper id: references the source lists whose target is not in this batch. */
  unresolvedReferences: Map<string, number>;
}

export interface Importer {
  /** The name used on the command line: `papergraph import --format <name>`. */
  format: string;
  description: string;
  /** One-line example of use for --help and the README. */
  example: string;
  read(paths: string[], options: ImportOptions): Promise<ImportBatch>;
}

/** Thrown for input a user must fix: unknown format, missing file, malformed record under --strict. */
export class ImportError extends Error {
  override name = 'ImportError';
}
