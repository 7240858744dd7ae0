// The engine behind mergeBatches: indexes of the records merged so far (by id, DOI, arXiv id,
// title + year, name, slug), one batch folded in at a time. merge.ts states the rules.

import {
  emptyCorpus,
  type NodeCollection,
  type Authorship,
  type Collection,
  type Concept,
  type Corpus,
  type Paper,
  type Provenance,
  type Topic,
  type Venue,
} from '../model/index.js';
import { normalizeArxivId, normalizeDoi, normalizePersonName, normalizeTitle, shareAffiliation, slugify } from './identity.js';
import { absorbConcept, ConceptAligner, ownAliases } from './concept-alignment.js';
import { KEPT_ISSUES, type ImportBatch, type ImportIssue } from './importer.js';
import { broaderCycles } from './skos.js';
import { addProvenance, appendTo, copyCorpus, NamedIndex, PaperKeyIndex } from './merge-keys.js';

/** Records per kind, by table. */
export type NodeCounts = Record<NodeCollection, number>;
export interface EdgeCounts {
  citations: number;
  paperConcepts: number;
  authorships: number;
  paperTopics: number;
}

/** What one source contributed to the merged corpus. */
export interface SourceReport {
  source: string;
  /** Records read from the source's files (malformed ones included). */
  read: number;
  created: NodeCounts;
  merged: NodeCounts;
  /** Edges added, after re-pointing and folding duplicates. */
  edges: EdgeCounts;
  skipped: ImportIssue[];
  /** Records skipped in all (`skipped` keeps the first ones' details). */
  skippedCount: number;
  /** Records kept but repaired or suspect (invalid UTF-8, `broader` cycles, XML entity declarations), and their count. */
  warnings: ImportIssue[];
  warningCount: number;
  /** References whose target is in no source (summed over papers). */
  danglingReferences: number;
}

// In the order the import report prints them.
const zeroNodes = (): NodeCounts => ({ papers: 0, authors: 0, venues: 0, topics: 0, concepts: 0, collections: 0 });
const pair = (a: string, b: string) => `${a}\u0000${b}`;
/** Papers are numbered below this, so citing × span + cited is a unique, exact double. */
const PAPER_NUMBER_SPAN = 2 ** 26;

/** Batch ids → kept ids, per kind, for re-pointing the batch's edges. */
interface IdMaps {
  paper: Map<string, string>;
  author: Map<string, string>;
  venue: Map<string, string>;
  topic: Map<string, string>;
  concept: Map<string, string>;
}

export class CorpusMerger {
  readonly corpus = emptyCorpus();
  private batchNo = 0;
  /** The batch holding the base corpus (its records' affiliations are kept as they are when it gives some). */
  private baseBatchNo = -1;
  /** Which batch created a record: identity beyond ids only looks across batches. */
  private readonly origin = new Map<object, number>();
  private readonly papersById = new Map<string, Paper>();
  private readonly paperKeys = new PaperKeyIndex();
  private readonly authorsById = new Map<string, Corpus['authors'][number]>();
  /** Authors of earlier batches by normalised name: several people may share one. */
  private readonly authorsByName = new Map<string, Corpus['authors'][number][]>();
  /** Authors whose names become findable when the next batch starts (names match across batches only). */
  private readonly unindexedAuthors: Corpus['authors'] = [];
  private readonly venues = new NamedIndex<Venue>((v) => v.name, this.origin);
  private readonly topics = new NamedIndex<Topic>((t) => t.name, this.origin);
  private readonly concepts = new NamedIndex<Concept>((c) => c.name, this.origin);
  /** Ids of concepts aligned into another scheme's concept, to it: later batches' links to them land. */
  private readonly absorbedConcepts = new Map<string, string>();
  private readonly collections = new NamedIndex<Collection>((c) => c.title, this.origin);
  /** Citations by citing × cited paper number: number keys hash far faster than joined strings. */
  private readonly citations = new Map<number, Corpus['citations'][number]>();
  private readonly paperNumbers = new Map<string, number>();
  private readonly paperConcepts = new Map<string, Corpus['paperConcepts'][number]>();
  private readonly paperTopics = new Set<string>();

  /** The starting corpus: copied (the caller's stays as it was), and its records keep their ids. */
  addBase(base: Corpus): void {
    this.baseBatchNo = this.batchNo + 1;
    this.addBatch({ source: 'base', corpus: copyCorpus(base), read: 0, skipped: [], unresolvedReferences: new Map() });
  }

  addBatch(batch: ImportBatch): SourceReport {
    this.batchNo++;
    this.indexEarlierBatches();
    const report: SourceReport = {
      source: batch.source,
      read: batch.read,
      created: zeroNodes(),
      merged: zeroNodes(),
      edges: { citations: 0, paperConcepts: 0, authorships: 0, paperTopics: 0 },
      skipped: batch.skipped,
      danglingReferences: 0,
      skippedCount: batch.skippedCount ?? batch.skipped.length,
      warnings: batch.warnings ?? [],
      warningCount: batch.warningCount ?? batch.warnings?.length ?? 0,
    };
    const ids: IdMaps = { paper: new Map(), author: new Map(), venue: new Map(), topic: new Map(), concept: new Map() };
    const { corpus } = batch;
    for (const v of corpus.venues)
      ids.venue.set(
        v.id,
        this.named(this.venues, v, report, 'venues', this.corpus.venues, (kept) => {
          kept.fullName ??= v.fullName;
          kept.year ??= v.year;
        }),
      );
    for (const t of corpus.topics)
      ids.topic.set(
        t.id,
        this.named(this.topics, t, report, 'topics', this.corpus.topics, (kept) => {
          kept.description ??= t.description;
        }),
      );
    this.mergeConcepts(corpus.concepts, ids, report, batch.source);
    for (const p of corpus.papers) ids.paper.set(p.id, this.mergePaper(p, ids, report));
    this.mergeAuthors(corpus, ids, report);
    this.mergeCitations(batch, ids, report);
    for (const pc of corpus.paperConcepts) {
      const paperId = this.resolvePaper(pc.paperId, ids);
      const conceptId = this.resolveConcept(pc.conceptId, ids);
      if (!paperId || !conceptId) continue;
      const kept = this.paperConcepts.get(pair(paperId, conceptId));
      if (kept) addProvenance(kept.provenance, pc.provenance);
      else {
        Object.assign(pc, { paperId, conceptId });
        this.paperConcepts.set(pair(paperId, conceptId), pc);
        this.corpus.paperConcepts.push(pc);
        report.edges.paperConcepts++;
      }
    }
    for (const pt of corpus.paperTopics) {
      const paperId = this.resolvePaper(pt.paperId, ids);
      const topicId = ids.topic.get(pt.topicId) ?? (this.topics.byId.has(pt.topicId) ? pt.topicId : undefined);
      if (!paperId || !topicId || this.paperTopics.has(pair(paperId, topicId))) continue;
      this.paperTopics.add(pair(paperId, topicId));
      this.corpus.paperTopics.push({ paperId, topicId });
      report.edges.paperTopics++;
    }
    for (const c of corpus.collections) {
      this.named(
        this.collections,
        c,
        report,
        'collections',
        this.corpus.collections,
        () => undefined,
        () => {
          c.entries = c.entries.flatMap((e) => {
            const paperId = this.resolvePaper(e.paperId, ids);
            const sectionId = e.sectionId === null ? null : (ids.topic.get(e.sectionId) ?? e.sectionId);
            return paperId ? [{ ...e, paperId, sectionId: sectionId && this.topics.byId.has(sectionId) ? sectionId : null }] : [];
          });
        },
      );
    }
    return report;
  }

  /** Finds or creates a venue/topic/concept/collection; returns the kept id. */
  private named<T extends { id: string; slug: string; provenance: Provenance[] }>(
    index: NamedIndex<T>,
    record: T,
    report: SourceReport,
    kind: keyof NodeCounts,
    list: T[],
    fill: (kept: T) => void,
    adopt: () => void = () => undefined,
  ): string {
    const kept = index.find(record, this.batchNo);
    if (kept) {
      if (kept !== record) fill(kept), addProvenance(kept.provenance, record.provenance);
      report.merged[kind]++;
      return kept.id;
    }
    adopt();
    this.origin.set(record, this.batchNo);
    index.add(record);
    list.push(record);
    report.created[kind]++;
    return record.id;
  }

  /**
   * Concepts: the same id, or within one scheme the same slug or name, is the same concept (as
   * for venues). A concept of a scheme the graph's concept does not share is aligned instead
   * (concept-alignment.ts): absorbed into the graph's concept it names, else created with a slug
   * unique in the graph and without the aliases that name one of the graph's concepts.
   */
  private mergeConcepts(concepts: Concept[], ids: IdMaps, report: SourceReport, source: string): void {
    const broaderOf = new Map(concepts.map((c) => [c, c.broaderIds]));
    let aligner: ConceptAligner | null | undefined;
    const alignerFor = () =>
      (aligner ??= this.corpus.concepts.length
        ? new ConceptAligner(this.corpus.concepts.filter((t) => this.origin.get(t) !== this.batchNo))
        : null);
    const absorbing = new Set<Concept>();
    for (const c of concepts) {
      const same = this.concepts.find(c, this.batchNo);
      if (same && (same.id === c.id || same.scheme === c.scheme)) {
        if (same !== c) {
          same.description ??= c.description;
          for (const alias of [c.name, ...c.aliases]) {
            if (slugify(alias) !== slugify(same.name) && !same.aliases.some((a) => slugify(a) === slugify(alias))) same.aliases.push(alias);
          }
          addProvenance(same.provenance, c.provenance);
        }
        report.merged.concepts++;
        ids.concept.set(c.id, same.id);
        continue;
      }
      const aligned = alignerFor()?.align(c);
      if (aligned) {
        absorbConcept(aligned.target, c, aligned.match, alignerFor()!);
        addProvenance(aligned.target.provenance, c.provenance);
        absorbing.add(aligned.target);
        if (!aligned.sameName) broaderOf.set(c, []);
        report.merged.concepts++;
        ids.concept.set(c.id, aligned.target.id);
        this.absorbedConcepts.set(c.id, aligned.target.id);
        continue;
      }
      if (alignerFor()) c.aliases = ownAliases(c, alignerFor()!);
      if (this.concepts.slugTaken(c.slug)) {
        const base = c.slug;
        for (let n = 2; this.concepts.slugTaken(c.slug); n++) c.slug = `${base}-${n}`;
      }
      c.broaderIds = [];
      this.origin.set(c, this.batchNo);
      this.concepts.add(c);
      this.corpus.concepts.push(c);
      report.created.concepts++;
      ids.concept.set(c.id, c.id);
    }
    // Broader links once every concept of the batch has its kept id; a merged pair may not loop on itself.
    for (const c of concepts) {
      const kept = this.concepts.byId.get(ids.concept.get(c.id)!)!;
      for (const b of broaderOf.get(c)!) {
        const broader = this.resolveConcept(b, ids);
        if (broader && broader !== kept.id && !kept.broaderIds.includes(broader)) kept.broaderIds.push(broader);
      }
    }
    // Alignment can close a loop of broader links across schemes: kept, and reported.
    if (absorbing.size) {
      const absorbingIds = new Set([...absorbing].map((c) => c.id));
      for (const cycle of broaderCycles(this.corpus.concepts)) {
        if (!cycle.some((id) => absorbingIds.has(id))) continue;
        report.warningCount++;
        if (report.warnings.length < KEPT_ISSUES)
          report.warnings.push({ file: source, line: 0, reason: `broader cycle after alignment: ${[...cycle, cycle[0]].join(' → ')}` });
      }
    }
  }

  /** The kept id of a concept named by this batch or an earlier one (absorbed ids lead to their concept). */
  private resolveConcept(id: string, ids: IdMaps): string | undefined {
    return ids.concept.get(id) ?? (this.concepts.byId.has(id) ? id : this.absorbedConcepts.get(id));
  }

  private findPaper(p: Paper): Paper | undefined {
    return this.papersById.get(p.id) ?? this.paperKeys.find(p);
  }

  /** Identity beyond ids only matches earlier batches: their keys are computed as the next one starts. */
  private indexEarlierBatches(): void {
    this.paperKeys.flush();
    for (const a of this.unindexedAuthors) {
      appendTo(this.authorsByName, normalizePersonName(a.name), a);
    }
    this.unindexedAuthors.length = 0;
  }

  private mergePaper(p: Paper, ids: IdMaps, report: SourceReport): string {
    const venueId = p.venueId === null ? null : (ids.venue.get(p.venueId) ?? (this.venues.byId.has(p.venueId) ? p.venueId : null));
    const kept = this.findPaper(p);
    if (!kept) {
      p.venueId = venueId;
      this.origin.set(p, this.batchNo);
      this.papersById.set(p.id, p);
      this.paperNumbers.set(p.id, this.paperNumbers.size);
      this.paperKeys.add(p, p);
      this.corpus.papers.push(p);
      report.created.papers++;
      return p.id;
    }
    // A placeholder (stub) met by a real record becomes that record: its title (the placeholder's is dropped) and fields.
    if (kept.stub && !p.stub) {
      kept.stub = false;
      kept.title = p.title;
    }
    if (!kept.abstract && p.abstract) {
      kept.abstract = p.abstract;
      kept.abstractProvenance = p.abstractProvenance ?? p.provenance[0] ?? null;
    }
    kept.summary ??= p.summary;
    kept.pdfUrl ??= p.pdfUrl;
    kept.codeUrl ??= p.codeUrl;
    kept.presentation ??= p.presentation;
    for (const e of p.externalIds) if (!kept.externalIds.some((k) => k.scheme === e.scheme && k.id === e.id)) kept.externalIds.push(e);
    kept.year ??= p.year;
    kept.venueId ??= venueId;
    kept.arxivId ??= p.arxivId && normalizeArxivId(p.arxivId);
    kept.doi ??= p.doi && normalizeDoi(p.doi);
    kept.url ??= p.url;
    const known = new Set([kept.title, ...kept.aliases].map(normalizeTitle));
    for (const title of [p.title, ...p.aliases]) {
      if (!known.has(normalizeTitle(title))) known.add(normalizeTitle(title)), kept.aliases.push(title);
    }
    kept.unresolvedReferenceCount = Math.max(kept.unresolvedReferenceCount, p.unresolvedReferenceCount);
    addProvenance(kept.provenance, p.provenance);
    this.paperKeys.add(kept, p);
    report.merged.papers++;
    return kept.id;
  }

  private resolvePaper(id: string, ids: IdMaps): string | undefined {
    return ids.paper.get(id) ?? (this.papersById.has(id) ? id : undefined);
  }

  /**
   * Authors are created only when an authorship needs them (or when the source lists them
   * without papers), so the author list a merged paper already had does not grow duplicates.
   * An author of the batch is an author already kept when: it has the same id; or it is on a
   * paper that already had its authors, at the same name (else the same position, when both
   * lists have the same length); or, from another source, it has the same normalised name and
   * the data does not say it is another person (see `nameMatches`).
   */
  private mergeAuthors(corpus: Corpus, ids: IdMaps, report: SourceReport): void {
    type Person = Corpus['authors'][number];
    const pending = new Map<string, Person>();
    const batchAuthors = new Map(corpus.authors.map((a) => [a.id, a]));
    /** Kept authors some author of this batch became: the batch says its other authors are other people. */
    const claimed = new Set<string>();
    const mergeInto = (a: Person, kept: Person) => {
      pending.delete(a.id);
      this.addAffiliations(kept.affiliations, a.affiliations, this.origin.get(kept) === this.baseBatchNo);
      addProvenance(kept.provenance, a.provenance);
      ids.author.set(a.id, kept.id);
      claimed.add(kept.id);
      report.merged.authors++;
    };
    for (const a of corpus.authors) {
      const kept = this.authorsById.get(a.id);
      if (kept) mergeInto(a, kept);
      else pending.set(a.id, a);
    }
    const create = (id: string): string | undefined => {
      const a = pending.get(id);
      if (!a) return ids.author.get(id) ?? (this.authorsById.has(id) ? id : undefined);
      pending.delete(id);
      this.origin.set(a, this.batchNo);
      this.authorsById.set(a.id, a);
      this.unindexedAuthors.push(a);
      this.corpus.authors.push(a);
      ids.author.set(a.id, a.id);
      report.created.authors++;
      return a.id;
    };
    // Authorships of papers that had authors before this batch, indexed only if one is needed.
    const before = this.corpus.authorships.length;
    let priorIndex: Map<string, Authorship[]> | undefined;
    const priorOf = (paperId: string): Authorship[] => {
      if (!priorIndex) {
        priorIndex = new Map();
        for (const a of this.corpus.authorships.slice(0, before)) appendTo(priorIndex, a.paperId, a);
      }
      return priorIndex.get(paperId) ?? [];
    };
    const folded = new Map<string, Authorship[]>();
    const direct: Authorship[] = [];
    const referenced = new Set<string>();
    const batchPapers = new Map<string, string[]>();
    for (const a of corpus.authorships) {
      referenced.add(a.authorId);
      appendTo(batchPapers, a.paperId, a.authorId);
      const paperId = this.resolvePaper(a.paperId, ids);
      if (!paperId) continue;
      a.paperId = paperId;
      if (this.origin.get(this.papersById.get(paperId)!) !== this.batchNo && priorOf(paperId).length > 0) appendTo(folded, paperId, a);
      else direct.push(a);
    }
    const nameOf = (id: string) => normalizePersonName((batchAuthors.get(id) ?? this.authorsById.get(id))?.name ?? '');
    // Folds first: the same paper is the strongest evidence that two spellings are one person.
    for (const [paperId, incoming] of folded) {
      const prior = priorOf(paperId);
      // The paper already had its authors: the newcomer's list only adds affiliations.
      const sorted = [...incoming].sort((x, y) => x.position - y.position);
      const priorNames = prior.map((p) => nameOf(p.authorId));
      const matches = sorted.map((a) => {
        const known = ids.author.get(a.authorId);
        const byId = known === undefined ? -1 : prior.findIndex((p) => p.authorId === known);
        return byId >= 0 ? byId : priorNames.indexOf(nameOf(a.authorId));
      });
      // By position only where neither list names the other's author (the listing swaps RL Unplugged's first two).
      const taken = new Set(matches.filter((m) => m >= 0));
      if (sorted.length === prior.length)
        sorted.forEach((_, k) => {
          if (matches[k] < 0 && !taken.has(k)) (matches[k] = k), taken.add(k);
        });
      sorted.forEach((a, k) => {
        const match = matches[k] >= 0 ? prior[matches[k]] : undefined;
        if (!match) return;
        const incomingAuthor = pending.get(a.authorId);
        const person = this.authorsById.get(match.authorId);
        if (incomingAuthor && person) mergeInto(incomingAuthor, person);
        // On a curated paper, an affiliation the curated person contradicts is not taken (curated facts win).
        const basePaper = this.origin.get(this.papersById.get(paperId)!) === this.baseBatchNo;
        const agreed =
          basePaper && person?.affiliations.length && this.origin.get(person) === this.baseBatchNo
            ? a.affiliations.filter((aff) => shareAffiliation([aff], person.affiliations))
            : a.affiliations;
        this.addAffiliations(match.affiliations, agreed, basePaper);
        if (person && !incomingAuthor)
          this.addAffiliations(person.affiliations, a.affiliations, this.origin.get(person) === this.baseBatchNo);
      });
    }
    if (this.authorsByName.size) this.nameMatches(pending, batchPapers, claimed, mergeInto, nameOf);
    for (const a of direct) {
      const authorId = create(a.authorId);
      if (!authorId) continue;
      // A paper's authors arrive together: a repeat is among the last few added.
      const list = this.corpus.authorships;
      let repeat = false;
      for (let i = list.length - 1; i >= before && list[i].paperId === a.paperId && !repeat; i--) repeat = list[i].authorId === authorId;
      if (repeat) continue;
      a.authorId = authorId;
      list.push(a);
      report.edges.authorships++;
    }
    for (const id of [...pending.keys()]) if (!referenced.has(id)) create(id);
  }

  /**
   * Adds the affiliations a list lacks (spellings that differ only in case or punctuation are one).
   * Curated facts win: a base record that has affiliations keeps them as they are (the listing
   * puts GPT-3's Tom B. Brown at Google Brain; the curated corpus, at OpenAI).
   */
  private addAffiliations(target: string[], more: string[], fromBase: boolean): void {
    if (fromBase && target.length > 0) return;
    const key = (a: string) => slugify(a);
    const known = new Set(target.map(key));
    for (const a of more) if (!known.has(key(a))) known.add(key(a)), target.push(a);
  }

  /**
   * Authors of the batch that have the normalised name of an author of an earlier batch. Names
   * alone do not make one person: a candidate who shares a co-author or an affiliation with the
   * newcomer is taken first; failing that, one the data says nothing against (either side has no
   * affiliation) and no other author of this batch became. Two people of one name with different
   * affiliations and no co-author in common stay two.
   */
  private nameMatches(
    pending: Map<string, Corpus['authors'][number]>,
    batchPapers: Map<string, string[]>,
    claimed: Set<string>,
    mergeInto: (a: Corpus['authors'][number], kept: Corpus['authors'][number]) => void,
    nameOf: (authorId: string) => string,
  ): void {
    const withCandidates = [...pending.values()].flatMap((a) => {
      const candidates = this.authorsByName.get(normalizePersonName(a.name));
      return candidates ? [{ a, candidates }] : [];
    });
    if (withCandidates.length === 0) return;
    // Co-author names: of the newcomer within its batch, of a kept author within the merged corpus.
    const papersOfNewcomer = new Map<string, string[]>();
    for (const [paperId, authorIds] of batchPapers) for (const id of authorIds) appendTo(papersOfNewcomer, id, paperId);
    const coauthorNames = (id: string) => {
      const names = new Set<string>();
      for (const paperId of papersOfNewcomer.get(id) ?? [])
        for (const other of batchPapers.get(paperId)!) if (other !== id) names.add(nameOf(other));
      return names;
    };
    let keptPapers: Map<string, string[]> | undefined;
    let papersOfAuthor: Map<string, string[]> | undefined;
    const keptCoauthorNames = (authorId: string): Set<string> => {
      if (!keptPapers || !papersOfAuthor) {
        keptPapers = new Map();
        papersOfAuthor = new Map();
        for (const a of this.corpus.authorships)
          appendTo(keptPapers, a.paperId, a.authorId), appendTo(papersOfAuthor, a.authorId, a.paperId);
      }
      const names = new Set<string>();
      for (const paperId of papersOfAuthor.get(authorId) ?? [])
        for (const other of keptPapers.get(paperId) ?? [])
          if (other !== authorId) names.add(normalizePersonName(this.authorsById.get(other)?.name ?? ''));
      return names;
    };
    const open = (c: Corpus['authors'][number]) => !claimed.has(c.id);
    const unmatched: typeof withCandidates = [];
    for (const entry of withCandidates) {
      const { a, candidates } = entry;
      const mine = coauthorNames(a.id);
      const evidence =
        candidates.find((c) => open(c) && [...keptCoauthorNames(c.id)].some((n) => mine.has(n))) ??
        candidates.find((c) => open(c) && shareAffiliation(a.affiliations, c.affiliations));
      if (evidence) mergeInto(a, evidence);
      else unmatched.push(entry);
    }
    for (const { a, candidates } of unmatched) {
      const kept = candidates.find((c) => open(c) && (a.affiliations.length === 0 || c.affiliations.length === 0));
      if (kept) mergeInto(a, kept);
    }
  }

  private mergeCitations(batch: ImportBatch, ids: IdMaps, report: SourceReport): void {
    const unresolved = new Map<string, number>();
    const countDangling = (paperId: string | undefined, count: number) => {
      report.danglingReferences += count;
      if (paperId) unresolved.set(paperId, (unresolved.get(paperId) ?? 0) + count);
    };
    for (const [paperId, count] of batch.unresolvedReferences) countDangling(this.resolvePaper(paperId, ids), count);
    for (const c of batch.corpus.citations) {
      const citingId = this.resolvePaper(c.citingId, ids);
      const citedId = this.resolvePaper(c.citedId, ids);
      if (!citingId || !citedId) {
        countDangling(citingId, 1);
        continue;
      }
      if (citingId === citedId) continue;
      const key = this.paperNumbers.get(citingId)! * PAPER_NUMBER_SPAN + this.paperNumbers.get(citedId)!;
      const kept = this.citations.get(key);
      if (kept) {
        for (const context of c.contexts) if (!kept.contexts.includes(context)) kept.contexts.push(context);
        for (const intent of c.intents) if (!kept.intents.includes(intent)) kept.intents.push(intent);
        if (c.isInfluential !== null) kept.isInfluential = Boolean(kept.isInfluential) || c.isInfluential;
        addProvenance(kept.provenance, c.provenance);
        continue;
      }
      c.citingId = citingId;
      c.citedId = citedId;
      this.citations.set(key, c);
      this.corpus.citations.push(c);
      report.edges.citations++;
    }
    // Sources describe the same reference list: the larger count of unresolved entries stands.
    for (const [paperId, count] of unresolved) {
      const paper = this.papersById.get(paperId)!;
      paper.unresolvedReferenceCount = Math.max(paper.unresolvedReferenceCount, count);
    }
  }
}
