// Semantic Scholar Academic Graph datasets (papers, citations, authors, abstracts), plain or
// gzipped JSONL, one file, several, or a folder of them. Ids: papers "s2:<corpusid>", authors
// "s2:author:<authorid>". Citation ends that no papers file describes become stub papers
// ("S2 CorpusId:<id>"), so a citations shard alone still carries its contexts and intents.

import type { CitationIntent, VenueKind } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { findArxivId, findDoi, slugify } from './identity.js';
import { ImportError, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import { ByteProgress, expandDirectories, IssueLog, readJsonLines, readLines, RecordError, requirePaths, stem } from './source-files.js';

const SOURCE = 'semantic-scholar';
const KINDS = ['papers', 'authors', 'abstracts', 'citations'] as const;
type Kind = (typeof KINDS)[number];

const INTENTS: Record<string, CitationIntent> = { background: 'BACKGROUND', methodology: 'METHOD', result: 'RESULT' };

export const semanticScholarImporter: Importer = {
  format: 'semantic-scholar',
  description:
    'Semantic Scholar Academic Graph datasets: papers, citations (contexts, intents, isinfluential), authors, abstracts; JSONL, gzipped or not',
  example: 'papergraph import --format semantic-scholar ../shared/datasets/semantic-scholar-sample/',
  read: readSemanticScholar,
};

type S2Record = Record<string, unknown>;

const paperId = (corpusId: unknown) => `s2:${String(corpusId)}`;
const authorIdOf = (authorId: unknown, name: string) =>
  authorId == null ? `s2:author:name:${slugify(name)}` : `s2:author:${String(authorId)}`;

async function readSemanticScholar(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, SOURCE);
  const files = expandDirectories(paths, (name) => !name.startsWith('.') && /\.(jsonl|json|gz)$/i.test(name));
  const byKind = new Map<Kind, string[]>(KINDS.map((k) => [k, []]));
  for (const file of files) byKind.get(await kindOf(file))!.push(file);

  const batch = new BatchBuilder(SOURCE);
  const log = new IssueLog(options.strict ?? false);
  const referenceCounts = new Map<string, number>();
  let read = 0;
  const handlers: Record<Kind, (r: S2Record, file: string, line: number) => void> = {
    papers: (r, file, line) => addPaper(batch, r, `${stem(file)}:${line}`, referenceCounts),
    authors: (r) => {
      const name = text(r.name);
      if (r.authorid == null || !name) throw new RecordError('an author needs "authorid" and "name"');
      batch.author(authorIdOf(r.authorid, name), name, strings(r.affiliations), `author:${String(r.authorid)}`);
    },
    abstracts: (r) => {
      if (r.corpusid == null) throw new RecordError('missing "corpusid"');
      const paper = batch.getPaper(paperId(r.corpusid));
      if (paper && !paper.abstract) {
        paper.abstract = text(r.abstract);
        if (paper.abstract) paper.abstractProvenance = { source: SOURCE, recordId: `abstract:${String(r.corpusid)}` };
      }
    },
    citations: (r, file, line) => {
      if (r.citingcorpusid == null) throw new RecordError('missing "citingcorpusid"');
      const citing = paperId(r.citingcorpusid);
      if (r.citedcorpusid == null) return batch.dangling(citing);
      const intents = strings(r.intents)
        .map((i) => INTENTS[i.toLowerCase()])
        .filter((i): i is CitationIntent => i !== undefined);
      batch.cite(citing, paperId(r.citedcorpusid), `${stem(file)}:${line}`, {
        contexts: strings(r.contexts),
        intents,
        isInfluential: typeof r.isinfluential === 'boolean' ? r.isinfluential : null,
      });
    },
  };
  const progress = new ByteProgress(files, options.onProgress);
  const readKind = async (kind: Kind) => {
    for (const file of byKind.get(kind)!) {
      read += await readJsonLines(file, log, (record, line) => handlers[kind](record, file, line), {
        maxRecordBytes: options.maxRecordBytes,
        onBytes: progress.file(),
      });
      progress.fileDone(file);
    }
  };
  await readKind('papers');
  await readKind('authors');
  await readKind('citations');
  // A citation end no papers file describes: keep the edge (its context is the point) on a stub,
  // marked as one so that lists and counts leave it out unless asked for it.
  for (const id of batch.unknownCitationEnds()) {
    const corpusId = id.slice('s2:'.length);
    batch.addPaper(
      {
        id,
        title: `S2 CorpusId:${corpusId}`,
        abstract: null,
        year: null,
        venueId: null,
        arxivId: null,
        doi: null,
        url: `https://api.semanticscholar.org/CorpusID:${corpusId}`,
        stub: true,
      },
      `CorpusId:${corpusId}`,
    );
  }
  await readKind('abstracts');
  const result: ImportBatch = { ...batch.finish(read, log.issues), ...log.summary() };
  // S2 counts each paper's references: those the batch has no edge for are dangling.
  const resolved = new Map<string, number>();
  for (const c of result.corpus.citations) resolved.set(c.citingId, (resolved.get(c.citingId) ?? 0) + 1);
  for (const [id, count] of referenceCounts) {
    const missing = count - (resolved.get(id) ?? 0);
    if (missing > (result.unresolvedReferences.get(id) ?? 0)) result.unresolvedReferences.set(id, missing);
  }
  return result;
}

function addPaper(batch: BatchBuilder, r: S2Record, recordId: string, referenceCounts: Map<string, number>): void {
  if (r.corpusid == null) throw new RecordError('missing "corpusid"');
  const title = text(r.title);
  if (!title) throw new RecordError(`paper ${String(r.corpusid)}: missing "title"`);
  const external = (r.externalids ?? {}) as Record<string, unknown>;
  const id = paperId(r.corpusid);
  const year = typeof r.year === 'number' ? r.year : null;
  const venueName = text(r.venue) ?? text((r.journal as S2Record | null)?.name);
  const venueId = venueName ? batch.venue(`s2:venue:${slugify(venueName)}`, venueName, venueKind(r), null, String(r.corpusid)) : null;
  const paper = batch.addPaper(
    {
      id,
      title,
      year,
      venueId,
      abstract: null,
      url: text(r.url),
      doi: findDoi(text(external.DOI)),
      arxivId: findArxivId(text(external.ArXiv)),
    },
    recordId,
  );
  if (!paper) throw new RecordError(`paper ${String(r.corpusid)}: duplicate corpusid`);
  if (typeof r.referencecount === 'number' && r.referencecount > 0) referenceCounts.set(id, r.referencecount);
  const authors = Array.isArray(r.authors) ? (r.authors as S2Record[]) : [];
  authors.forEach((a, position) => {
    const name = text(a?.name);
    if (!name) return;
    const authorId = batch.author(authorIdOf(a.authorId, name), name, [], String(a.authorId ?? name));
    batch.authorship(id, authorId, position, []);
  });
}

function venueKind(r: S2Record): VenueKind {
  const types = strings(r.publicationtypes);
  if (types.includes('Conference')) return 'CONFERENCE';
  return 'JOURNAL';
}

/** The kind of records a file holds: by its name, else by the fields of its first record. */
async function kindOf(file: string): Promise<Kind> {
  const named = KINDS.find((k) => stem(file).toLowerCase().startsWith(k));
  if (named) return named;
  for await (const { text: line } of readLines(file, { maxRecordBytes: 1 << 20 })) {
    if (line === null) break;
    if (!line.trim()) continue;
    try {
      const keys = Object.keys(JSON.parse(line) as object);
      if (keys.includes('citingcorpusid')) return 'citations';
      if (keys.includes('authorid')) return 'authors';
      if (keys.includes('abstract') && !keys.includes('title')) return 'abstracts';
      if (keys.includes('corpusid')) return 'papers';
    } catch {
      // Unparseable first line: fall through to the error naming the file.
    }
    break;
  }
  throw new ImportError(`${SOURCE}: cannot tell what "${file}" holds (expected papers, citations, authors or abstracts records)`);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}
