// The NeurIPS 2020 listing (neurips-2020/papers.jsonl) and its proceedings record
// (neurips-2020-abstracts/abstracts.jsonl, joined on `idx`) as one batch: the proceedings title
// (the listing's initial title kept as an alias when it differs), the authors' abstract with its
// provenance, the proceedings hash and Semantic Scholar id as external ids, the proceedings page,
// PDF and code links, Oral/Spotlight/Poster, and the authors' own subject areas as topics.
// Authors who share a name are told apart by affiliation and co-authors (AuthorDisambiguator):
// the listing has two Lei Chens (NYU, HKUST) and two Jian Suns (Megvii, BIT).
//
// Ids: papers "neurips-2020:<idx>" (as the tabular import of the listing makes them), authors
// "neurips-2020:author:<name>[-<n>]", subject areas "neurips-2020:area:<slug>".

import { basename } from 'node:path';
import { PRESENTATIONS, type ExternalId, type Presentation } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { AuthorDisambiguator, displayPersonName, findArxivId, normalizeTitle, slugify } from './identity.js';
import { ImportError, MAX_RECORD_BYTES, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import { ByteProgress, expandDirectories, IssueLog, readJsonLines, RecordError, requirePaths } from './source-files.js';

export const NEURIPS_SOURCE = 'neurips-2020';
const VENUE_ID = `${NEURIPS_SOURCE}:venue:neurips-2020`;
/** The proceedings external id of a hash, with its abstract page. */
export function proceedingsId(hash: string): ExternalId {
  return { scheme: 'neurips-proceedings', id: hash, url: `https://proceedings.neurips.cc/paper/2020/hash/${hash}-Abstract.html` };
}

export function semanticScholarId(id: string): ExternalId {
  return { scheme: 'semantic-scholar', id, url: `https://www.semanticscholar.org/paper/${id}` };
}

type Row = Record<string, unknown>;

interface ListingRow {
  idx: number;
  line: number;
  file: string;
  title: string;
  authors: string[];
  affiliations: string[][];
  year: number | null;
  venue: string | null;
}

export const neuripsImporter: Importer = {
  format: 'neurips',
  description:
    'The NeurIPS 2020 listing (papers.jsonl) with its proceedings abstracts, ids, links, presentation and subject areas (abstracts.jsonl), joined on idx',
  example:
    'papergraph import --format neurips ../shared/datasets/neurips-2020/papers.jsonl ../shared/datasets/neurips-2020-abstracts/abstracts.jsonl',
  read: readNeurips,
};

async function readNeurips(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, 'neurips');
  const files = expandDirectories(paths, (name) => /\.jsonl(\.gz)?$/i.test(name));
  const abstractFiles = files.filter((f) => /^abstracts/i.test(basename(f)));
  const listingFiles = files.filter((f) => !abstractFiles.includes(f));
  if (listingFiles.length !== 1)
    throw new ImportError(`neurips: expected one listing file (papers.jsonl) among the inputs, got ${listingFiles.length}`);
  if (abstractFiles.length > 1) throw new ImportError(`neurips: expected at most one abstracts.jsonl, got ${abstractFiles.length}`);

  const log = new IssueLog(options.strict ?? false);
  const batch = new BatchBuilder(NEURIPS_SOURCE);
  const progress = new ByteProgress(files, options.onProgress);
  const limits = { maxRecordBytes: options.maxRecordBytes ?? MAX_RECORD_BYTES };
  let read = 0;

  // The proceedings records first, by idx: the listing is then read once, in its own order.
  const proceedings = new Map<number, { row: Row; recordId: string }>();
  for (const file of abstractFiles) {
    const name = basename(file);
    read += await readJsonLines(
      file,
      log,
      (row, line) => {
        const idx = row.idx;
        if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new RecordError('missing idx');
        if (proceedings.has(idx)) throw new RecordError(`idx ${idx}: a second proceedings record`);
        proceedings.set(idx, { row, recordId: `${name}:${line}#${idx}` });
      },
      { ...limits, onBytes: progress.file() },
    );
    progress.fileDone(file);
  }

  const listing: ListingRow[] = [];
  const seen = new Set<number>();
  const [listingFile] = listingFiles;
  const listingName = basename(listingFile);
  read += await readJsonLines(
    listingFile,
    log,
    (row, line) => {
      const idx = row.idx;
      if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new RecordError('missing idx');
      if (seen.has(idx)) throw new RecordError(`idx ${idx}: duplicate`);
      const title = text(row.title);
      if (!title) throw new RecordError(`idx ${idx}: missing title`);
      const authors = Array.isArray(row.authors) ? row.authors.map(String) : [];
      const affiliations = Array.isArray(row.affiliations)
        ? row.affiliations.map((a) => (Array.isArray(a) ? a.map(String).filter((s) => s.trim()) : typeof a === 'string' ? [a] : []))
        : [];
      const year = typeof row.year === 'number' ? row.year : null;
      seen.add(idx);
      listing.push({ idx, line, file: listingName, title, authors, affiliations, year, venue: text(row.venue) });
    },
    { ...limits, onBytes: progress.file() },
  );
  progress.fileDone(listingFile);

  const areas = new Map<string, string>();
  const areaTopic = (area: string, recordId: string) => {
    let id = areas.get(area);
    if (!id) {
      id = batch.topic(
        `${NEURIPS_SOURCE}:area:${slugify(area)}`,
        area,
        'A NeurIPS 2020 subject area, as the authors chose it at submission (primary or secondary area).',
        recordId,
      );
      areas.set(area, id);
    }
    return id;
  };

  const people = new AuthorDisambiguator();
  const mentions: { paperId: string; position: number; mention: number; name: string; affiliations: string[]; recordId: string }[] = [];
  for (const row of listing) {
    const recordId = `${row.file}:${row.line}#${row.idx}`;
    const record = proceedings.get(row.idx);
    const p = record?.row ?? {};
    const hash = text(p.hash)?.toLowerCase() ?? null;
    const proceedingsTitle = text(p.proceedings_title);
    const title = proceedingsTitle ?? row.title;
    const abstract = text(p.abstract);
    const presentation = text(p.presentation)?.toUpperCase() ?? null;
    const s2 = text(p.s2_paper_id);
    const venueId = row.venue ? batch.venue(VENUE_ID, `${row.venue} ${row.year ?? ''}`.trim(), 'CONFERENCE', row.year, recordId) : null;
    const id = `${NEURIPS_SOURCE}:${row.idx}`;
    const paper = batch.addPaper(
      {
        id,
        title,
        aliases: normalizeTitle(row.title) !== normalizeTitle(title) ? [row.title] : [],
        year: row.year,
        venueId,
        abstract,
        abstractProvenance: abstract && record ? { source: NEURIPS_SOURCE, recordId: record.recordId } : null,
        arxivId: findArxivId(text(p.arxiv_id)),
        url: text(p.url) ?? (hash ? proceedingsId(hash).url : null),
        pdfUrl: text(p.pdf_url),
        codeUrl: text(p.code_url),
        presentation: PRESENTATIONS.includes(presentation as Presentation) ? (presentation as Presentation) : null,
        externalIds: [...(hash ? [proceedingsId(hash)] : []), ...(s2 ? [semanticScholarId(s2)] : [])],
      },
      recordId,
    );
    if (!paper) continue;
    if (record) paper.provenance.push({ source: NEURIPS_SOURCE, recordId: record.recordId });
    const primary = text(p.primary_subject_area);
    const secondary = Array.isArray(p.secondary_subject_areas) ? p.secondary_subject_areas.map((a) => text(a)) : [];
    for (const area of [primary, ...secondary]) if (area) batch.paperTopic(id, areaTopic(area, record!.recordId));
    row.authors.forEach((name, position) => {
      const affiliations = row.affiliations[position] ?? [];
      const mention = people.add({ name, affiliations, coauthors: row.authors.filter((_, k) => k !== position) });
      mentions.push({ paperId: id, position, mention, name, affiliations, recordId });
    });
  }
  for (const m of mentions) {
    const authorId = batch.author(
      `${NEURIPS_SOURCE}:author:${slugify(people.person(m.mention))}`,
      displayPersonName(m.name),
      m.affiliations,
      m.recordId,
    );
    batch.authorship(m.paperId, authorId, m.position, m.affiliations);
  }
  for (const idx of proceedings.keys())
    if (!seen.has(idx)) log.report(abstractFiles[0], 0, `idx ${idx}: a proceedings record with no listing paper`);
  return { ...batch.finish(read, log.issues), ...log.summary() };
}

/** A trimmed string (non-breaking and other Unicode spaces folded), or null when empty or not text. */
function text(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return String(value).replace(/\s+/gu, ' ').trim() || null;
}
