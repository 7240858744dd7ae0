// Loads the curated corpus (data/*.json) into a Corpus, failing on the first bad record with
// a message that names the file, the record and the field.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { type Corpus, newPaper, type Provenance } from '../model/index.js';
import { CURATED_FILES, type CuratedFiles } from './curated-format.js';

export class CorpusValidationError extends Error {
  override name = 'CorpusValidationError';
}

const SOURCE = 'curated';

export function loadCuratedCorpus(dir: string): Corpus {
  const files = readCuratedFiles(dir);
  checkReferences(files);
  return toCorpus(files);
}

function readCuratedFiles(dir: string): CuratedFiles {
  const out: Partial<Record<keyof CuratedFiles, unknown[]>> = {};
  for (const [key, { file, schema }] of Object.entries(CURATED_FILES)) {
    out[key as keyof CuratedFiles] = readRecords(join(dir, file), file, schema);
  }
  return out as CuratedFiles;
}

function readRecords(path: string, file: string, schema: ZodType): unknown[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CorpusValidationError(`${file}: cannot read: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new CorpusValidationError(`${file}: expected a JSON array of records`);
  const seen = new Set<string>();
  return raw.map((record, i) => {
    const name = recordName(record, i);
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.') || '(record)';
      const problem =
        issue.code === 'invalid_type' && (record as Record<string, unknown>)?.[String(issue.path[0])] === undefined
          ? 'missing required field'
          : issue.message;
      throw new CorpusValidationError(`${file}: record ${name}: field "${field}": ${problem}`);
    }
    const id = (parsed.data as { id?: string }).id;
    if (id !== undefined) {
      if (seen.has(id)) throw new CorpusValidationError(`${file}: record ${name}: field "id": duplicate id "${id}"`);
      seen.add(id);
    }
    return parsed.data;
  });
}

function recordName(record: unknown, index: number): string {
  const id = (record as { id?: unknown })?.id;
  return typeof id === 'string' ? `"${id}" (#${index + 1})` : `#${index + 1}`;
}

/** Every id a record refers to must exist: a dangling id is named with its file, record and field. */
function checkReferences(f: CuratedFiles): void {
  const ids = (records: { id: string }[]) => new Set(records.map((r) => r.id));
  const venues = ids(f.venues),
    authors = ids(f.authors),
    topics = ids(f.topics);
  const concepts = ids(f.concepts),
    papers = ids(f.papers);
  const check = (file: string, record: string, field: string, set: Set<string>, value: string | null | undefined, kind: string) => {
    if (value != null && !set.has(value)) {
      throw new CorpusValidationError(`${file}: record ${record}: field "${field}": unknown ${kind} "${value}"`);
    }
  };
  f.concepts.forEach((c, i) =>
    c.broader.forEach((b, k) => {
      check('concepts.json', recordName(c, i), `broader.${k}`, concepts, b, 'concept');
      if (b === c.id)
        throw new CorpusValidationError(
          `concepts.json: record ${recordName(c, i)}: field "broader.${k}": a concept cannot be broader than itself`,
        );
    }),
  );
  f.papers.forEach((p, i) => {
    const name = recordName(p, i);
    check('papers.json', name, 'venue', venues, p.venue, 'venue');
    p.authors.forEach((a, k) => check('papers.json', name, `authors.${k}`, authors, a, 'author'));
    p.topics.forEach((t, k) => check('papers.json', name, `topics.${k}`, topics, t, 'topic'));
  });
  f.paperConcepts.forEach((e, i) => {
    check('paper-concepts.json', `#${i + 1}`, 'paper', papers, e.paper, 'paper');
    check('paper-concepts.json', `#${i + 1}`, 'concept', concepts, e.concept, 'concept');
  });
  f.citations.forEach((c, i) => {
    check('citations.json', `#${i + 1}`, 'citing', papers, c.citing, 'paper');
    check('citations.json', `#${i + 1}`, 'cited', papers, c.cited, 'paper');
  });
  f.collections.forEach((c, i) =>
    c.entries.forEach((e, k) => {
      check('collections.json', recordName(c, i), `entries.${k}.paper`, papers, e.paper, 'paper');
      check('collections.json', recordName(c, i), `entries.${k}.section`, topics, e.section, 'topic');
    }),
  );
}

function toCorpus(f: CuratedFiles): Corpus {
  const from = (file: string, recordId: string): Provenance[] => [{ source: SOURCE, recordId: `${file}#${recordId}` }];
  return {
    venues: f.venues.map((v) => ({
      id: v.id,
      slug: v.id,
      name: v.name,
      fullName: v.fullName ?? null,
      kind: v.kind,
      year: v.year ?? null,
      provenance: from('venues', v.id),
    })),
    authors: f.authors.map((a) => ({ id: a.id, name: a.name, affiliations: a.affiliations ?? [], provenance: from('authors', a.id) })),
    topics: f.topics.map((t) => ({
      id: t.id,
      slug: t.slug ?? t.id,
      name: t.name,
      description: t.description ?? null,
      provenance: from('topics', t.id),
    })),
    concepts: f.concepts.map((c) => ({
      id: c.id,
      slug: c.slug ?? c.id,
      name: c.name,
      kind: c.kind,
      aliases: c.aliases,
      description: c.description ?? null,
      broaderIds: c.broader,
      provenance: from('concepts', c.id),
      scheme: c.scheme,
      externalIds: c.externalIds,
      mappings: c.mappings,
    })),
    papers: f.papers.map((p) =>
      newPaper(p.id, p.title, {
        aliases: p.aliases,
        summary: p.summary ?? null,
        abstract: p.abstract ?? null,
        abstractProvenance: p.abstract ? from('papers', p.id)[0] : null,
        year: p.year,
        venueId: p.venue,
        arxivId: p.arxivId ?? null,
        doi: p.doi ?? null,
        url: p.url ?? null,
        pdfUrl: p.pdfUrl ?? null,
        codeUrl: p.codeUrl ?? null,
        presentation: p.presentation ?? null,
        externalIds: p.externalIds,
        stub: p.stub,
        provenance: from('papers', p.id),
      }),
    ),
    authorships: f.papers.flatMap((p) => p.authors.map((authorId, position) => ({ paperId: p.id, authorId, position, affiliations: [] }))),
    paperTopics: f.papers.flatMap((p) => p.topics.map((topicId) => ({ paperId: p.id, topicId }))),
    paperConcepts: f.paperConcepts.map((e, i) => ({
      paperId: e.paper,
      conceptId: e.concept,
      role: e.role,
      score: e.score,
      provenance: from('paper-concepts', String(i + 1)),
      evidence: e.evidence,
    })),
    citations: f.citations.map((c, i) => ({
      citingId: c.citing,
      citedId: c.cited,
      contexts: c.context ? [c.context] : [],
      intents: c.intent ? [c.intent] : [],
      isInfluential: null,
      provenance: [{ source: c.provenance, recordId: `citations#${i + 1}` }],
    })),
    collections: f.collections.map((c) => ({
      id: c.id,
      slug: c.slug ?? c.id,
      title: c.title,
      publisher: c.publisher ?? null,
      date: c.date ?? null,
      url: c.url ?? null,
      description: c.description ?? null,
      provenance: from('collections', c.id),
      entries: c.entries.map((e) => ({
        rank: e.rank,
        paperId: e.paper,
        sectionId: e.section ?? null,
        why: e.why ?? null,
        keyInsights: e.keyInsights ?? null,
      })),
    })),
  };
}
