// A deterministic synthetic research corpus at ogbn-arxiv scale (169,343 papers, 1,166,243
// citations at ×1): papers in time order citing only earlier papers, preferentially the
// already-cited and the recent; skewed author productivity; a concept hierarchy per field.

import { buildBiCsr, buildSortedBiCsr, type BiCsr } from '../../src/graph/csr.js';
import type { GraphTopology } from '../../src/graph/hetero.js';
import { CONCEPT_ROLES, type Corpus, type ConceptKind } from '../../src/model/index.js';

export interface SyntheticOptions {
  /** Multiplies papers, citations and authors (×10 = 1.69 M papers). */
  scale?: number;
  seed?: number;
}

export const ARXIV_PAPERS = 169_343;
export const ARXIV_CITATIONS = 1_166_243;
const AUTHORS_PER_SCALE = 50_000;
const FIELDS = 8;
const TASKS_PER_FIELD = 5;
const METHODS_PER_TASK = 7;
const VENUES = 40;
const FIRST_YEAR = 1990;
const LAST_YEAR = 2020;
/** Share of a paper's authors-per-paper count: index 0 is one author. */
const AUTHOR_COUNT_WEIGHTS = [0.12, 0.22, 0.24, 0.18, 0.11, 0.07, 0.04, 0.02];

/** The generated graph as parallel typed arrays; papers are in time order. */
export interface SyntheticTables {
  paperCount: number;
  years: Uint16Array;
  citing: Uint32Array;
  cited: Uint32Array;
  authorCount: number;
  /** Authorships grouped by paper, in author order. */
  authorshipPaper: Uint32Array;
  authorshipAuthor: Uint32Array;
  /** Each concept's broader concepts; concepts 0..FIELDS-1 are the fields (roots). */
  conceptParents: number[][];
  conceptKinds: ConceptKind[];
  paperConceptPaper: Uint32Array;
  paperConceptConcept: Uint32Array;
  paperConceptScore: Float32Array;
  topicCount: number;
  paperTopic: Uint8Array;
  venueCount: number;
  /** -1 for a paper without venue. */
  paperVenue: Int32Array;
}

/** mulberry32: tiny, fast, and good enough to make a benchmark graph reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateSyntheticTables(options: SyntheticOptions = {}): SyntheticTables {
  const { scale = 1, seed = 20200612 } = options;
  const random = mulberry32(seed);
  const below = (n: number) => Math.floor(random() * n);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const paperCount = Math.round(ARXIV_PAPERS * scale);
  const citationCount = Math.round(ARXIV_CITATIONS * scale);

  // Publication grows ~12% a year; papers are numbered in time order.
  const years = new Uint16Array(paperCount);
  const growth = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, y) => Math.exp(0.12 * y));
  const growthTotal = growth.reduce((a, b) => a + b, 0);
  for (let i = 0, y = 0, yearEnd = growth[0] / growthTotal; i < paperCount; i++) {
    while ((i + 1) / paperCount > yearEnd && y < growth.length - 1) yearEnd += growth[++y] / growthTotal;
    years[i] = FIRST_YEAR + y;
  }

  // Reference counts: log-normal, scaled to the exact total, never more than the earlier papers.
  const referenceCounts = new Uint32Array(paperCount);
  const raw = new Float64Array(paperCount);
  let rawTotal = 0;
  for (let i = 0; i < paperCount; i++) rawTotal += raw[i] = Math.exp(0.9 * gaussian());
  let assigned = 0;
  for (let i = 0; i < paperCount; i++) assigned += referenceCounts[i] = Math.min(i, Math.floor((raw[i] * citationCount) / rawTotal));
  while (assigned < citationCount) {
    const i = below(paperCount);
    if (referenceCounts[i] < Math.min(i, 400)) referenceCounts[i]++, assigned++;
  }

  // Preferential attachment: the pool holds each paper once plus once per citation it received.
  const citing = new Uint32Array(citationCount);
  const cited = new Uint32Array(citationCount);
  const pool = new Uint32Array(citationCount + paperCount);
  let poolSize = 0;
  const citedBy = new Int32Array(paperCount).fill(-1);
  for (let i = 0, e = 0; i < paperCount; i++) {
    const recentWindow = Math.max(1, Math.floor(i * 0.2));
    for (let r = 0; r < referenceCounts[i]; r++) {
      let target = -1;
      for (let attempt = 0; attempt < 16 && target < 0; attempt++) {
        const candidate = random() < 0.6 ? pool[below(poolSize)] : i - 1 - below(recentWindow);
        if (citedBy[candidate] !== i) target = candidate;
      }
      // Rare: early papers citing nearly everything before them. Probe for any uncited one.
      for (let probe = below(i); target < 0; probe = (probe + 1) % i) if (citedBy[probe] !== i) target = probe;
      citedBy[target] = i;
      citing[e] = i;
      cited[e++] = target;
      pool[poolSize++] = target;
    }
    pool[poolSize++] = i;
  }

  // Concepts: FIELDS roots, tasks under each, methods/datasets/metrics under tasks (some with two parents).
  const conceptParents: number[][] = [];
  const conceptKinds: ConceptKind[] = [];
  const conceptField: number[] = [];
  for (let f = 0; f < FIELDS; f++) conceptParents.push([]), conceptKinds.push('FIELD'), conceptField.push(f);
  for (let f = 0; f < FIELDS; f++) {
    for (let t = 0; t < TASKS_PER_FIELD; t++) {
      const task = conceptParents.length;
      conceptParents.push([f]);
      conceptKinds.push('TASK');
      conceptField.push(f);
      for (let m = 0; m < METHODS_PER_TASK; m++) {
        const parents = [task];
        if (random() < 0.15) parents.push(FIELDS + f * TASKS_PER_FIELD + ((t + 1 + below(TASKS_PER_FIELD - 1)) % TASKS_PER_FIELD));
        conceptParents.push(parents);
        conceptKinds.push((['METHOD', 'METHOD', 'METHOD', 'DATASET', 'METRIC'] as const)[below(5)]);
        conceptField.push(f);
      }
    }
  }
  const conceptsOfField = Array.from({ length: FIELDS }, (_, f) =>
    conceptField.flatMap((field, c) => (field === f && c >= FIELDS ? [c] : [])),
  );

  // Topic follows a cited paper's topic most of the time, so topics cluster along citations.
  const paperTopic = new Uint8Array(paperCount);
  for (let i = 0, e = 0; i < paperCount; i++) {
    const first = e;
    e += referenceCounts[i];
    paperTopic[i] = e > first && random() < 0.7 ? paperTopic[cited[first + below(e - first)]] : Math.floor(FIELDS * random() ** 1.5);
  }

  const authorCount = Math.round(AUTHORS_PER_SCALE * scale);
  const authorshipPaper: number[] = [];
  const authorshipAuthor: number[] = [];
  const paperConceptPaper: number[] = [];
  const paperConceptConcept: number[] = [];
  const paperConceptScore: number[] = [];
  const paperVenue = new Int32Array(paperCount);
  const lastPaperOf = new Int32Array(Math.max(authorCount, conceptParents.length)).fill(-1);
  for (let i = 0; i < paperCount; i++) {
    let authorTotal = 1;
    for (let u = random(), acc = AUTHOR_COUNT_WEIGHTS[0]; u > acc && authorTotal < AUTHOR_COUNT_WEIGHTS.length; )
      acc += AUTHOR_COUNT_WEIGHTS[authorTotal++];
    for (let a = 0; a < authorTotal; a++) {
      // Half uniform, half power-law: a few prolific authors, a long tail of one-paper authors.
      const author = random() < 0.5 ? below(authorCount) : Math.floor(authorCount * random() ** 1.5);
      if (lastPaperOf[author] === i) continue;
      lastPaperOf[author] = i;
      authorshipPaper.push(i);
      authorshipAuthor.push(author);
    }
  }
  lastPaperOf.fill(-1);
  for (let i = 0; i < paperCount; i++) {
    const field = conceptsOfField[paperTopic[i]];
    const conceptTotal = 2 + below(5);
    for (let c = 0; c < conceptTotal; c++) {
      const concept = random() < 0.8 ? field[Math.floor(field.length * random() ** 2)] : below(conceptParents.length);
      if (lastPaperOf[concept] === i) continue;
      lastPaperOf[concept] = i;
      paperConceptPaper.push(i);
      paperConceptConcept.push(concept);
      paperConceptScore.push(Math.max(0.05, Math.round(random() * 100) / 100));
    }
    paperVenue[i] = random() < 0.1 ? -1 : Math.floor(VENUES * random() ** 2);
  }

  return {
    paperCount,
    years,
    citing,
    cited,
    authorCount,
    authorshipPaper: Uint32Array.from(authorshipPaper),
    authorshipAuthor: Uint32Array.from(authorshipAuthor),
    conceptParents,
    conceptKinds,
    paperConceptPaper: Uint32Array.from(paperConceptPaper),
    paperConceptConcept: Uint32Array.from(paperConceptConcept),
    paperConceptScore: Float32Array.from(paperConceptScore),
    topicCount: FIELDS,
    paperTopic,
    venueCount: VENUES,
    paperVenue,
  };
}

// Records share one frozen empty array per unused list field: millions of `[]` cost seconds and GBs.
const NONE = Object.freeze([]) as unknown as never[];

/** The synthetic graph as a Corpus of domain records, for the Corpus → KnowledgeGraph path. */
export function syntheticCorpus(options: SyntheticOptions = {}): Corpus {
  const t = generateSyntheticTables(options);
  // One string per id, shared by every record naming it: Map lookups then reuse its cached hash.
  const paperIds = idsOf('P', t.paperCount);
  const authorIds = idsOf('A', t.authorCount);
  const conceptIds = idsOf('C', t.conceptParents.length);
  const topicIds = idsOf('T', t.topicCount);
  const venueIds = idsOf('V', t.venueCount);
  const corpus: Corpus = {
    papers: new Array(t.paperCount),
    authors: authorIds.map((id, i) => ({ id, name: `Author ${i}`, affiliations: NONE, provenance: NONE })),
    venues: venueIds.map((id, i) => ({
      id,
      slug: `venue-${i}`,
      name: `Venue ${i}`,
      fullName: null,
      kind: i % 4 === 3 ? 'JOURNAL' : 'CONFERENCE',
      year: null,
      provenance: NONE,
    })),
    topics: topicIds.map((id, i) => ({ id, slug: `field-${i}`, name: `Field ${i}`, description: null, provenance: NONE })),
    concepts: t.conceptParents.map((parents, i) => ({
      id: conceptIds[i],
      slug: `concept-${i}`,
      name: `Concept ${i}`,
      kind: t.conceptKinds[i],
      aliases: NONE,
      description: null,
      broaderIds: parents.map((p) => conceptIds[p]),
      provenance: NONE,
      scheme: 'curated',
      externalIds: [],
      mappings: [],
    })),
    collections: [],
    authorships: new Array(t.authorshipPaper.length),
    citations: new Array(t.citing.length),
    paperConcepts: new Array(t.paperConceptPaper.length),
    paperTopics: new Array(t.paperCount),
  };
  const titles = syntheticTitles(t.paperCount, options.seed);
  for (let i = 0; i < t.paperCount; i++) {
    const venue = t.paperVenue[i];
    corpus.papers[i] = {
      id: paperIds[i],
      title: titles[i],
      aliases: NONE,
      abstract: null,
      year: t.years[i],
      venueId: venue < 0 ? null : venueIds[venue],
      arxivId: null,
      doi: null,
      url: null,
      provenance: NONE,
      unresolvedReferenceCount: 0,
      abstractProvenance: null,
      summary: null,
      pdfUrl: null,
      codeUrl: null,
      presentation: null,
      externalIds: [],
      stub: false,
    };
    corpus.paperTopics[i] = { paperId: paperIds[i], topicId: topicIds[t.paperTopic[i]] };
  }
  for (let e = 0; e < t.citing.length; e++) {
    corpus.citations[e] = {
      citingId: paperIds[t.citing[e]],
      citedId: paperIds[t.cited[e]],
      contexts: NONE,
      intents: NONE,
      isInfluential: null,
      provenance: NONE,
    };
  }
  for (let e = 0; e < t.paperConceptPaper.length; e++) {
    corpus.paperConcepts[e] = {
      paperId: paperIds[t.paperConceptPaper[e]],
      conceptId: conceptIds[t.paperConceptConcept[e]],
      role: CONCEPT_ROLES[e % CONCEPT_ROLES.length],
      score: t.paperConceptScore[e],
      provenance: NONE,
      evidence: [],
    };
  }
  for (let e = 0, position = 0; e < t.authorshipPaper.length; e++) {
    position = e > 0 && t.authorshipPaper[e - 1] === t.authorshipPaper[e] ? position + 1 : 0;
    corpus.authorships[e] = {
      paperId: paperIds[t.authorshipPaper[e]],
      authorId: authorIds[t.authorshipAuthor[e]],
      position,
      affiliations: NONE,
    };
  }
  return corpus;
}

const TITLE_VOCABULARY = 20_000;
/** Zipf offset: the commonest title word is in ~8 % of titles, as "learning" is on arXiv. */
const ZIPF_OFFSET = 12;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ra',
  'to',
  'vi',
  'su',
  'de',
  'an',
  'el',
  'or',
  'un',
  'ix',
  'pha',
  'tri',
  'gen',
  'sor',
  'mal',
  'ver',
  'quo',
  'bra',
  'ste',
  'cli',
  'nor',
  'dex',
  'fin',
  'gra',
  'lum',
  'pol',
  'tes',
  'rin',
];

/**
 * Paper titles of 5–12 pseudo-words drawn from a Zipf-distributed vocabulary (its own random
 * stream: the graph does not change with them), so full-text search meets realistic posting
 * lists: a few words in many titles, most in few.
 */
export function syntheticTitles(count: number, seed = 20200612): string[] {
  const random = mulberry32(seed ^ 0x7a7a7a7a);
  const vocabulary = new Set<string>();
  while (vocabulary.size < TITLE_VOCABULARY) {
    let word = '';
    for (let s = 2 + Math.floor(random() * 3); s > 0; s--) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    vocabulary.add(word);
  }
  const words = [...vocabulary];
  const capitalized = words.map((w) => w[0].toUpperCase() + w.slice(1));
  // Inverse CDF of p(rank) ∝ 1 / (rank + offset).
  const spread = Math.log((TITLE_VOCABULARY + ZIPF_OFFSET) / ZIPF_OFFSET);
  const rank = () => Math.min(TITLE_VOCABULARY - 1, Math.floor(ZIPF_OFFSET * Math.exp(random() * spread) - ZIPF_OFFSET));
  const titles: string[] = new Array(count);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.length = 5 + Math.floor(random() * 8);
    parts[0] = capitalized[rank()];
    for (let w = 1; w < parts.length; w++) parts[w] = words[rank()];
    titles[i] = parts.join(' ');
  }
  return titles;
}

function idsOf(prefix: string, count: number): string[] {
  const ids: string[] = new Array(count);
  for (let i = 0; i < count; i++) ids[i] = prefix + i;
  return ids;
}

/** The synthetic graph straight into CSR, skipping domain records: what the ×10 bench can afford. */
export function syntheticTopology(options: SyntheticOptions = {}): GraphTopology {
  const t = generateSyntheticTables(options);
  const conceptCount = t.conceptParents.length;
  const broaderFrom = t.conceptParents.flatMap((parents, c) => parents.map(() => c));
  const broaderTo = t.conceptParents.flat();
  const paperIndexes = Uint32Array.from({ length: t.paperCount }, (_, i) => i);
  const cites: BiCsr = buildSortedBiCsr(t.paperCount, t.paperCount, t.citing, t.cited).csr;
  return {
    papers: { size: t.paperCount },
    concepts: { size: conceptCount },
    authors: { size: t.authorCount },
    topics: { size: t.topicCount },
    venues: { size: t.venueCount },
    cites,
    hasConcept: buildBiCsr(t.paperCount, conceptCount, t.paperConceptPaper, t.paperConceptConcept),
    authored: buildBiCsr(t.paperCount, t.authorCount, t.authorshipPaper, t.authorshipAuthor),
    inTopic: buildBiCsr(t.paperCount, t.topicCount, paperIndexes, t.paperTopic),
    broader: buildBiCsr(conceptCount, conceptCount, broaderFrom, broaderTo),
    paperVenue: t.paperVenue,
  };
}
