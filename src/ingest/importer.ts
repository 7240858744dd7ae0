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
  /** Called as input is read, in bytes of the input files (compressed size for gzip): for progress bars. */
  onProgress?: (done: number, total?: number) => void;
  /** Largest record (JSONL line, CSV row, BibTeX entry) read, in bytes; default MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
}

/** A record over this size is skipped and reported (refused under --strict): 64 MB. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Issues kept with their details per batch; past this they are only counted (bounded memory on bad files). */
export const KEPT_ISSUES = 1000;

/** What one importer read from its sources, before merging into a graph. */
export interface ImportBatch {
  /** Source name used in provenance: "semantic-scholar", "openalex", "aan", "acm-ccs", … */
  source: string;
  corpus: Corpus;
  /** Records read, and malformed records skipped (with the reasons; the first KEPT_ISSUES of them). */
  read: number;
  skipped: ImportIssue[];
  /** Records skipped in all, when more than `skipped` keeps. */
  skippedCount?: number;
  /** Records kept but repaired or suspect (invalid UTF-8, a `broader` cycle, an XML entity declaration). */
  warnings?: ImportIssue[];
  /** Warnings in all, when more than `warnings` keeps. */
  warningCount?: number;
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
