// OpenAlex works as JSONL (one Work object a line, as the snapshot and the API return them;
// gzipped or not). Ids keep OpenAlex's own: papers "openalex:W…", authors "openalex:A…",
// concepts "openalex:C…", topics "openalex:T…", venues "openalex:S…".

import type { VenueKind } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { findArxivId, findDoi } from './identity.js';
import type { ImportBatch, Importer, ImportOptions } from './importer.js';
import { ByteProgress, expandDirectories, IssueLog, readJsonLines, RecordError, requirePaths } from './source-files.js';

const SOURCE = 'openalex';

export const openAlexImporter: Importer = {
  format: 'openalex',
  description:
    'OpenAlex works JSONL: ids, doi, title, publication_year, authorships with institutions, referenced_works, concepts and topics with scores',
  example: 'papergraph import --format openalex works.jsonl.gz',
  read: readOpenAlex,
};

type Json = Record<string, unknown>;

/** "https://openalex.org/W2741809807" → "W2741809807". */
function shortId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /([WASICTFP]\d+)\s*$/i.exec(value);
  return match ? match[1].toUpperCase() : null;
}

const SOURCE_KINDS: Record<string, VenueKind> = {
  journal: 'JOURNAL',
  conference: 'CONFERENCE',
  repository: 'PREPRINT',
  'book series': 'JOURNAL',
};

async function readOpenAlex(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, SOURCE);
  const files = expandDirectories(paths, (name) => /\.(jsonl|json)(\.gz)?$|\.gz$/i.test(name));
  const batch = new BatchBuilder(SOURCE);
  const log = new IssueLog(options.strict ?? false);
  let read = 0;
  const progress = new ByteProgress(files, options.onProgress);
  for (const file of files) {
    read += await readJsonLines(file, log, (work) => addWork(batch, work), {
      maxRecordBytes: options.maxRecordBytes,
      onBytes: progress.file(),
    });
    progress.fileDone(file);
  }
  return { ...batch.finish(read, log.issues), ...log.summary() };
}

function addWork(batch: BatchBuilder, work: Json): void {
  const workId = shortId(work.id);
  if (!workId?.startsWith('W')) throw new RecordError('missing or malformed "id" (expected https://openalex.org/W…)');
  const title = text(work.title) ?? text(work.display_name);
  if (!title) throw new RecordError(`work ${workId}: missing "title"`);
  const year = work.publication_year ?? null;
  if (year !== null && !Number.isInteger(year)) throw new RecordError(`work ${workId}: "publication_year" is not a whole number`);
  const id = `${SOURCE}:${workId}`;
  const primary = (work.primary_location ?? null) as Json | null;
  const locations = [primary, ...list<Json>(work.locations)].filter((l): l is Json => l !== null && typeof l === 'object');
  const venue = primary?.source as Json | null | undefined;
  const venueShort = shortId(venue?.id);
  const venueName = text(venue?.display_name);
  const venueId =
    venueShort && venueName
      ? batch.venue(`${SOURCE}:${venueShort}`, venueName, SOURCE_KINDS[String(venue?.type)] ?? 'JOURNAL', null, venueShort)
      : null;
  const ids = (work.ids ?? {}) as Json;
  const arxivId =
    locations
      .map((l) => text(l.landing_page_url) ?? '')
      .filter((u) => /arxiv\.org/i.test(u))
      .map(findArxivId)
      .find(Boolean) ?? null;
  const paper = batch.addPaper(
    {
      id,
      title,
      year: year as number | null,
      venueId,
      arxivId,
      doi: findDoi(text(work.doi) ?? text(ids.doi)),
      abstract: abstractFromInvertedIndex(work.abstract_inverted_index),
      url: text(primary?.landing_page_url) ?? text(work.id),
    },
    workId,
  );
  if (!paper) throw new RecordError(`work ${workId}: duplicate id`);

  list<Json>(work.authorships).forEach((authorship, position) => {
    const author = (authorship.author ?? {}) as Json;
    const authorShort = shortId(author.id);
    const name = text(author.display_name);
    if (!authorShort || !name) return;
    const institutions = list<Json>(authorship.institutions)
      .map((i) => text(i.display_name))
      .filter((n): n is string => n !== null);
    const affiliations = institutions.length
      ? institutions
      : list<string>(authorship.raw_affiliation_strings).filter((s) => typeof s === 'string');
    batch.authorship(id, batch.author(`${SOURCE}:${authorShort}`, name, affiliations, authorShort), position, affiliations);
  });
  for (const ref of list<string>(work.referenced_works)) {
    const cited = shortId(ref);
    if (cited) batch.cite(id, `${SOURCE}:${cited}`, `${workId}>${cited}`);
  }
  for (const c of list<Json>(work.concepts)) {
    const conceptShort = shortId(c.id);
    const name = text(c.display_name);
    if (!conceptShort || !name) continue;
    // OpenAlex concept levels run 0 (broad field) to 5; works carry no broader links.
    const concept = batch.concept(
      {
        id: `${SOURCE}:${conceptShort}`,
        name,
        kind: 'FIELD',
        aliases: [],
        description: null,
        broaderIds: [],
      },
      conceptShort,
    );
    batch.paperConcept(id, concept.id, Number(c.score), `${workId}#${conceptShort}`);
  }
  for (const t of list<Json>(work.topics)) {
    const topicShort = shortId(t.id);
    const name = text(t.display_name);
    if (!topicShort || !name) continue;
    const subfield = text((t.subfield as Json | undefined)?.display_name);
    batch.paperTopic(id, batch.topic(`${SOURCE}:${topicShort}`, name, subfield ? `OpenAlex topic in ${subfield}` : null, topicShort));
  }
}

/** OpenAlex ships abstracts as word → positions; put each word back in its place. */
export function abstractFromInvertedIndex(index: unknown): string | null {
  if (!index || typeof index !== 'object') return null;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index as Record<string, unknown>)) {
    for (const p of list<number>(positions)) if (Number.isInteger(p) && p >= 0) words[p] = word;
  }
  const text = words
    .filter((w) => w !== undefined)
    .join(' ')
    .trim();
  return text || null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
