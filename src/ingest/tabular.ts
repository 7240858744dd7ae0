// Papers as JSONL or CSV rows plus citation edges as CSV, with columns named by a mapping:
// the ACL Anthology Network (papers.jsonl + citations.csv), the NeurIPS 2020 listing, or any
// export shaped like them. Ids become "<source>:<id>"; the source defaults to the folder name.

import { basename, dirname, resolve } from 'node:path';
import type { VenueKind } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { displayPersonName, findArxivId, findDoi, normalizePersonName, slugify } from './identity.js';
import { ImportError, MAX_RECORD_BYTES, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import {
  ByteProgress,
  expandDirectories,
  INVALID_UTF8,
  IssueLog,
  LineLimit,
  openText,
  readCsvRows,
  readJsonLines,
  readLines,
  RecordError,
  requirePaths,
  Utf8Watch,
} from './source-files.js';

/** Columns looked for when the mapping does not name one: the first present wins. */
const DEFAULT_COLUMNS: Record<string, string[]> = {
  id: ['id', 'paper_id', 'idx'],
  title: ['title'],
  year: ['year'],
  venue: ['venue'],
  authors: ['authors'],
  affiliations: ['affiliations'],
  doi: ['doi'],
  arxiv: ['arxiv', 'arxiv_id', 'arxivId'],
  abstract: ['abstract'],
  url: ['url'],
  citing: ['citing', 'citing_id', 'source_id'],
  cited: ['cited', 'cited_id', 'target_id'],
};

const VENUE_KINDS: VenueKind[] = ['CONFERENCE', 'JOURNAL', 'WORKSHOP', 'PREPRINT', 'REPORT'];

type Row = Record<string, unknown>;

class Columns {
  constructor(private readonly mapping: Record<string, string>) {}

  /** The column a field is read from in this row. */
  name(field: string, row: Row): string | undefined {
    return this.mapping[field] ?? DEFAULT_COLUMNS[field]?.find((c) => row[c] !== undefined && row[c] !== '');
  }

  get(field: string, row: Row): unknown {
    const column = this.name(field, row);
    const value = column === undefined ? undefined : row[column];
    return value === '' || value === null ? undefined : value;
  }

  text(field: string, row: Row): string | null {
    const value = this.get(field, row);
    if (value === undefined) return null;
    if (typeof value !== 'string' && typeof value !== 'number') throw new RecordError(`field "${field}" is not text`);
    return String(value).trim() || null;
  }

  isEdgeHeader(header: string[]): boolean {
    const has = (field: string) => (this.mapping[field] ? [this.mapping[field]] : DEFAULT_COLUMNS[field]).some((c) => header.includes(c));
    return has('citing') && has('cited');
  }
}

export const tabularImporter: Importer = {
  format: 'tabular',
  description: 'Papers as JSONL or CSV plus citation edges as CSV (citing,cited); columns renamed with --map field=column',
  example: 'papergraph import --format tabular ../shared/datasets/aan/papers.jsonl ../shared/datasets/aan/citations.csv',
  read: readTabular,
};

async function readTabular(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, 'tabular');
  const files = expandDirectories(paths, (name) => /\.(jsonl|csv)(\.gz)?$/i.test(name));
  const mapping = options.mapping ?? {};
  const columns = new Columns(mapping);
  const venueKind = (mapping.venueKind ?? 'CONFERENCE').toUpperCase() as VenueKind;
  if (!VENUE_KINDS.includes(venueKind))
    throw new ImportError(`tabular: unknown venueKind "${mapping.venueKind}" (one of ${VENUE_KINDS.join(', ')})`);

  const edgeFiles: string[] = [];
  const paperFiles: string[] = [];
  for (const file of files) ((await isEdgeFile(file, columns)) ? edgeFiles : paperFiles).push(file);
  if (paperFiles.length === 0)
    throw new ImportError('tabular: no papers file among the inputs (JSONL, or CSV without citing/cited columns)');

  const source = mapping.source ?? basename(dirname(resolve(paperFiles[0])));
  const batch = new BatchBuilder(source);
  const log = new IssueLog(options.strict ?? false);
  const paperId = (raw: string) => `${source}:${raw}`;
  const authorIdentities = new Map<string, [id: string, displayName: string]>();
  // Names repeat across papers (AAN: 55k mentions of 14k people): normalise each once.
  const authorIdentity = (name: string) => {
    let identity = authorIdentities.get(name);
    if (!identity)
      authorIdentities.set(name, (identity = [`${source}:author:${slugify(normalizePersonName(name))}`, displayPersonName(name)]));
    return identity;
  };
  // A venue is one edition: "EMNLP 2010" (the curated corpus has "NeurIPS 2020"); one lookup per edition.
  const venues = new Map<string, string>();
  const venueOf = (name: string, year: number | null, recordId: string) => {
    const key = `${name}|${year ?? ''}`;
    let id = venues.get(key);
    if (id === undefined) {
      const label = year === null ? name : `${name} ${year}`;
      venues.set(key, (id = batch.venue(`${source}:venue:${slugify(label)}`, label, venueKind, year, recordId)));
    }
    return id;
  };

  const addPaper = (row: Row, fileName: string, line: number) => {
    const rawId = columns.text('id', row);
    if (!rawId) throw new RecordError('missing id');
    const title = columns.text('title', row);
    if (!title) throw new RecordError(`paper "${rawId}": missing title`);
    const yearText = columns.text('year', row);
    const year = yearText === null ? null : Number(yearText);
    if (year !== null && !Number.isInteger(year)) throw new RecordError(`paper "${rawId}": year "${yearText}" is not a whole number`);
    const venueName = columns.text('venue', row);
    const venueId = venueName === null ? null : venueOf(venueName, year, rawId);
    const id = paperId(rawId);
    const paper = batch.addPaper(
      {
        id,
        title,
        year,
        venueId,
        abstract: columns.text('abstract', row),
        url: columns.text('url', row),
        doi: findDoi(columns.text('doi', row)),
        arxivId: findArxivId(columns.text('arxiv', row)),
      },
      `${fileName}:${line}#${rawId}`,
    );
    if (!paper) throw new RecordError(`paper "${rawId}": duplicate id`);
    const names = listOf(columns.get('authors', row));
    const affiliations = listOf(columns.get('affiliations', row));
    names.forEach((name, position) => {
      const own = affiliations[position];
      // Per-author lists ([["A"], ["B", "C"]]) align by position; a flat list is one affiliation each.
      const theirs = Array.isArray(own) ? own.map(String) : typeof own === 'string' ? [own] : [];
      const [authorId, displayName] = authorIdentity(String(name));
      batch.author(authorId, displayName, theirs, rawId);
      batch.authorship(id, authorId, position, theirs);
    });
  };

  const addEdge = (row: Row) => {
    const citing = columns.text('citing', row);
    const cited = columns.text('cited', row);
    if (!citing || !cited) throw new RecordError('an edge needs both a citing and a cited id');
    batch.cite(paperId(citing), paperId(cited), `${citing}>${cited}`);
  };

  let read = 0;
  const progress = new ByteProgress([...paperFiles, ...edgeFiles], options.onProgress);
  const limits = { maxRecordBytes: options.maxRecordBytes ?? MAX_RECORD_BYTES };
  for (const file of paperFiles) {
    const fileName = basename(file);
    const reading = { ...limits, onBytes: progress.file() };
    read += /\.csv(\.gz)?$/i.test(file)
      ? await readCsvRows(file, log, (row, line) => addPaper(row, fileName, line), reading)
      : await readJsonLines(file, log, (record, line) => addPaper(record, fileName, line), reading);
    progress.fileDone(file);
  }
  for (const file of edgeFiles) {
    read += await readCsvRows(file, log, (row) => addEdge(row), { ...limits, onBytes: progress.file() });
    progress.fileDone(file);
  }
  return { ...batch.finish(read, log.issues), ...log.summary() };
}

/** A CSV file whose header has the citing and cited columns holds edges; anything else, papers. */
async function isEdgeFile(file: string, columns: Columns): Promise<boolean> {
  if (!/\.csv(\.gz)?$/i.test(file)) return false;
  for await (const { text } of readLines(file, { maxRecordBytes: 1 << 20 }))
    return columns.isEdgeHeader((text ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')));
  return false;
}

/** A list cell: a JSON array as is, a JSON-looking string parsed, a CSV cell split on ";". */
function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  const text = String(value).trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON after all: fall through to the separator.
    }
  }
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
