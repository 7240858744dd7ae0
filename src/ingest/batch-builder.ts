// What every importer does with the records it reads: one paper, author or venue per id,
// unique slugs, provenance on every node and edge, and citations resolved at the end, so a
// reference to a paper read later in the same batch still lands and the rest count as dangling.

import {
  emptyCorpus,
  type Citation,
  type CitationIntent,
  type Concept,
  newConcept,
  newPaper,
  type Paper,
  type Provenance,
  type Topic,
  type Venue,
  type VenueKind,
} from '../model/index.js';
import type { ImportBatch, ImportIssue } from './importer.js';
import { SlugRegistry } from './identity.js';

/** A paper's fields as an importer gives them: id and title, the rest as the source has them (empty otherwise). */
export type PaperFields = Pick<Paper, 'id' | 'title'> & Partial<Omit<Paper, 'id' | 'title' | 'provenance' | 'unresolvedReferenceCount'>>;

export interface CitationFields {
  contexts?: string[];
  intents?: CitationIntent[];
  isInfluential?: boolean | null;
}

export class BatchBuilder {
  readonly corpus = emptyCorpus();
  private readonly papers = new Map<string, Paper>();
  private readonly authorIndex = new Map<string, number>();
  private readonly venues = new Map<string, Venue>();
  private readonly concepts = new Map<string, Concept>();
  private readonly topics = new Map<string, Topic>();
  private readonly slugs = { venue: new SlugRegistry(), concept: new SlugRegistry(), topic: new SlugRegistry() };
  private readonly paperConceptKeys = new Set<string>();
  private readonly paperTopicKeys = new Set<string>();
  private readonly pendingCitations: Citation[] = [];
  private readonly unresolved = new Map<string, number>();

  constructor(readonly source: string) {}

  provenance(recordId: string): Provenance[] {
    return [{ source: this.source, recordId }];
  }

  getPaper(id: string): Paper | undefined {
    return this.papers.get(id);
  }

  /** Adds a paper; a second record with the same id is refused (the caller reports it). */
  addPaper(fields: PaperFields, recordId: string): Paper | null {
    if (this.papers.has(fields.id)) return null;
    const { id, title, ...rest } = fields;
    const paper = newPaper(id, title, { ...rest, provenance: this.provenance(recordId) });
    if (paper.abstract && !paper.abstractProvenance) paper.abstractProvenance = { source: this.source, recordId };
    this.papers.set(paper.id, paper);
    this.corpus.papers.push(paper);
    return paper;
  }

  /** The author with this id, created on first sight; later sightings add affiliations. */
  author(id: string, name: string, affiliations: string[], recordId: string): string {
    const index = this.authorIndex.get(id);
    if (index === undefined) {
      this.authorIndex.set(id, this.corpus.authors.length);
      this.corpus.authors.push({ id, name, affiliations: [...new Set(affiliations)], provenance: this.provenance(recordId) });
    } else {
      const author = this.corpus.authors[index];
      for (const a of affiliations) if (!author.affiliations.includes(a)) author.affiliations.push(a);
    }
    return id;
  }

  /** An author of a paper; a paper's authors are added together, so a repeat is found among the last few. */
  authorship(paperId: string, authorId: string, position: number, affiliations: string[]): void {
    const list = this.corpus.authorships;
    for (let i = list.length - 1; i >= 0 && list[i].paperId === paperId; i--) if (list[i].authorId === authorId) return;
    list.push({ paperId, authorId, position, affiliations });
  }

  /** The venue with this id, created on first sight with a slug unique in the batch. */
  venue(id: string, name: string, kind: VenueKind, year: number | null, recordId: string, fullName: string | null = null): string {
    if (!this.venues.has(id)) {
      const venue: Venue = { id, slug: this.slugs.venue.claim(name), name, fullName, kind, year, provenance: this.provenance(recordId) };
      this.venues.set(id, venue);
      this.corpus.venues.push(venue);
    }
    return id;
  }

  concept(fields: Pick<Concept, 'id' | 'name' | 'kind'> & Partial<Omit<Concept, 'id' | 'slug' | 'provenance'>>, recordId: string): Concept {
    let concept = this.concepts.get(fields.id);
    if (!concept) {
      concept = newConcept(fields.id, {
        scheme: this.source,
        ...fields,
        slug: this.slugs.concept.claim(fields.name),
        provenance: this.provenance(recordId),
      });
      this.concepts.set(concept.id, concept);
      this.corpus.concepts.push(concept);
    }
    return concept;
  }

  topic(id: string, name: string, description: string | null, recordId: string): string {
    if (!this.topics.has(id)) {
      const topic: Topic = { id, slug: this.slugs.topic.claim(name), name, description, provenance: this.provenance(recordId) };
      this.topics.set(id, topic);
      this.corpus.topics.push(topic);
    }
    return id;
  }

  /** A source's own concept label (OpenAlex's classifier): it says what the paper is about, so STUDIES. */
  paperConcept(paperId: string, conceptId: string, score: number, recordId: string): void {
    const key = `${paperId}\u0000${conceptId}`;
    if (this.paperConceptKeys.has(key) || !(score > 0)) return;
    this.paperConceptKeys.add(key);
    this.corpus.paperConcepts.push({
      paperId,
      conceptId,
      role: 'STUDIES',
      score: Math.min(1, score),
      provenance: this.provenance(recordId),
      evidence: [],
    });
  }

  paperTopic(paperId: string, topicId: string): void {
    const key = `${paperId}\u0000${topicId}`;
    if (this.paperTopicKeys.has(key)) return;
    this.paperTopicKeys.add(key);
    this.corpus.paperTopics.push({ paperId, topicId });
  }

  /** A citation to resolve at the end (mergeBatches folds a pair cited twice into one edge). */
  cite(citingId: string, citedId: string, recordId: string, fields: CitationFields = {}): void {
    this.pendingCitations.push({
      citingId,
      citedId,
      contexts: fields.contexts ?? [],
      intents: [...new Set(fields.intents ?? [])],
      isInfluential: fields.isInfluential ?? null,
      provenance: this.provenance(recordId),
    });
  }

  /** A reference the source lists but names no paper for (or a paper outside every source). */
  dangling(citingId: string, count = 1): void {
    this.unresolved.set(citingId, (this.unresolved.get(citingId) ?? 0) + count);
  }

  /** Citation ends that are not papers of this batch, each once, for importers that add stubs. */
  unknownCitationEnds(): string[] {
    const ends = new Set<string>();
    for (const c of this.pendingCitations) {
      if (!this.papers.has(c.citingId)) ends.add(c.citingId);
      if (!this.papers.has(c.citedId)) ends.add(c.citedId);
    }
    return [...ends];
  }

  /** Resolves citations (both ends read → edge, else dangling) and hands the batch over. */
  finish(read: number, skipped: ImportIssue[]): ImportBatch {
    for (const citation of this.pendingCitations) {
      if (this.papers.has(citation.citingId) && this.papers.has(citation.citedId)) this.corpus.citations.push(citation);
      else this.dangling(citation.citingId);
    }
    this.pendingCitations.length = 0;
    return { source: this.source, corpus: this.corpus, read, skipped, unresolvedReferences: this.unresolved };
  }
}
