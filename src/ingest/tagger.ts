// The concept tagger: links papers to the concepts whose names or aliases their titles and
// abstracts mention. One Map of normalised phrases is built for the whole scheme and each text
// is scanned once, so tagging cost grows with the text, not with the number of concepts.
//
// Matching rules:
// - Word boundaries, any case; diacritics folded; each word singularised (s / es / ies), so
//   "Transformers" = "Transformer" and "policies" = "policy".
// - Hyphens and spaces are optional inside a phrase: a phrase is keyed by its words glued
//   together, so "self-supervised" = "self supervised" = "selfsupervised". Other punctuation
//   (".", ",", ":", "/", brackets) ends a phrase.
// - Longest match first: "sparse attention" claims its words, so "attention" inside it is not
//   credited as well (the scheme's broader links already lead from the one to the other).
// - Acronyms (one word, 2–5 capitals/digits: "RL", "GNN", "GLUE") match only in capitals, as a
//   whole word, plural allowed ("GNNs").
// - Skipped as ambiguous: a one-word lowercase alias that is not a spelling of the concept's own
//   name ("search" for information retrieval, "detection" for object detection); an alias two
//   concepts share; anything under 3 letters that is not an acronym.
// - Score: 0.8 for a title mention (+0.05 per abstract mention, up to 1); abstract only
//   0.5, +0.1 per further mention, up to 0.7. Role USES, provenance { source: 'tagger' }.

import { emptyCorpus, type Concept, type ConceptRole, type Corpus, type Paper, type PaperConcept } from '../model/index.js';
import { foldDiacritics } from './identity.js';
import type { ImportBatch } from './importer.js';

export interface TaggerOptions {
  /** Concepts to look for (default: the corpus's). */
  concepts?: Concept[];
  /** Papers to tag (default: the corpus's). */
  papers?: Paper[];
  role?: ConceptRole;
  /** Provenance source of the edges (default "tagger"). */
  source?: string;
}

/** One mention of a concept in a text. */
export interface ConceptMention {
  conceptId: string;
  /** The words of the text that matched, as written. */
  text: string;
}

interface Word {
  raw: string;
  key: string;
  joined: boolean;
}
interface Phrase {
  conceptId: string;
  acronym: string | null;
}

const ACRONYM = /^[A-Z][A-Z0-9]{1,4}$/;

/** "Transformers" → "transformer", "policies" → "policy", "classes" → "class". */
function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(sses|xes|zes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Words with their normal form; `joined` when only spaces or hyphens separate a word from the one before. */
function words(text: string): Word[] {
  const out: Word[] = [];
  const pattern = /[A-Za-z0-9]+/g;
  const folded = foldDiacritics(text);
  let last = -1;
  for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) {
    const gap = last < 0 ? '' : folded.slice(last, m.index);
    out.push({ raw: m[0], key: singular(m[0].toLowerCase()), joined: last >= 0 && /^[\s\-‐‑–_]*$/.test(gap) });
    last = m.index + m[0].length;
  }
  return out;
}

/** The phrase index of a concept scheme: find every concept a text mentions in one pass. */
export class ConceptMatcher {
  private readonly phrases = new Map<string, Phrase[]>();
  /** Every prefix of every key, so a scan stops as soon as no phrase can continue. */
  private readonly prefixes = new Set<string>();
  private maxWords = 1;

  constructor(concepts: Concept[]) {
    const owners = new Map<string, Set<string>>();
    const candidates: { key: string; conceptId: string; acronym: string | null; words: number }[] = [];
    for (const concept of concepts) {
      const nameKey = words(concept.name)
        .map((w) => w.key)
        .join('');
      for (const surface of [concept.name, ...concept.aliases]) {
        const ws = words(surface);
        const key = ws.map((w) => w.key).join('');
        const acronym = ws.length === 1 && ACRONYM.test(surface.trim()) ? surface.trim() : null;
        if (!acronym && key.length < 3) continue;
        const isName = surface === concept.name || key === nameKey;
        if (!acronym && !isName && ws.length === 1 && surface === surface.toLowerCase()) continue;
        candidates.push({ key, conceptId: concept.id, acronym, words: ws.length });
        owners.set(key, (owners.get(key) ?? new Set()).add(concept.id));
      }
    }
    for (const c of candidates) {
      if (owners.get(c.key)!.size > 1) continue;
      const list = this.phrases.get(c.key) ?? [];
      if (!list.some((p) => p.conceptId === c.conceptId && p.acronym === c.acronym))
        list.push({ conceptId: c.conceptId, acronym: c.acronym });
      this.phrases.set(c.key, list);
      for (let i = 1; i <= c.key.length; i++) this.prefixes.add(c.key.slice(0, i));
      // A text may split a glued alias into more words than the alias has ("selfsupervised").
      this.maxWords = Math.max(this.maxWords, c.words + 3);
    }
  }

  /** The concepts a text mentions, in text order; longer phrases win their words, each word credited once. */
  find(text: string): ConceptMention[] {
    const ws = words(text);
    const found: { start: number; end: number; length: number; conceptId: string }[] = [];
    for (let start = 0; start < ws.length; start++) {
      let key = '';
      for (let end = start; end < ws.length && end - start < this.maxWords; end++) {
        if (end > start && !ws[end].joined) break;
        key += ws[end].key;
        if (!this.prefixes.has(key)) break;
        for (const phrase of this.phrases.get(key) ?? []) {
          if (phrase.acronym && !(end === start && ws[start].raw.replace(/s$/, '') === phrase.acronym)) continue;
          found.push({ start, end, length: key.length, conceptId: phrase.conceptId });
        }
      }
    }
    found.sort((a, b) => b.length - a.length || a.start - b.start);
    const taken = new Uint8Array(ws.length);
    const kept: typeof found = [];
    for (const f of found) {
      let free = true;
      for (let i = f.start; i <= f.end && free; i++) free = taken[i] === 0;
      if (!free) continue;
      taken.fill(1, f.start, f.end + 1);
      kept.push(f);
    }
    return kept
      .sort((a, b) => a.start - b.start)
      .map((f) => ({
        conceptId: f.conceptId,
        text: ws
          .slice(f.start, f.end + 1)
          .map((w) => w.raw)
          .join(' '),
      }));
  }
}

/** Links papers to the concepts their titles and abstracts mention. */
export function tagPapers(corpus: Corpus, options: TaggerOptions = {}): PaperConcept[] {
  const matcher = new ConceptMatcher(options.concepts ?? corpus.concepts);
  const source = options.source ?? 'tagger';
  const edges: PaperConcept[] = [];
  for (const paper of options.papers ?? corpus.papers) {
    const inTitle = new Set([paper.title, ...paper.aliases].flatMap((t) => matcher.find(t).map((m) => m.conceptId)));
    const inAbstract = new Map<string, number>();
    if (paper.abstract) for (const m of matcher.find(paper.abstract)) inAbstract.set(m.conceptId, (inAbstract.get(m.conceptId) ?? 0) + 1);
    for (const conceptId of new Set([...inTitle, ...inAbstract.keys()])) {
      const a = inAbstract.get(conceptId) ?? 0;
      const raw = inTitle.has(conceptId) ? Math.min(1, 0.8 + 0.05 * a) : Math.min(0.7, 0.4 + 0.1 * a);
      const score = Math.round(raw * 100) / 100;
      edges.push({
        paperId: paper.id,
        conceptId,
        role: options.role ?? 'USES',
        score,
        provenance: [{ source, recordId: paper.id }],
        evidence: [],
      });
    }
  }
  return edges;
}

/** The tagger's output as an import batch, so it merges (and reports) like any other source. */
export function taggerBatch(corpus: Corpus, options: TaggerOptions = {}): ImportBatch {
  const papers = options.papers ?? corpus.papers;
  return {
    source: options.source ?? 'tagger',
    corpus: { ...emptyCorpus(), paperConcepts: tagPapers(corpus, options) },
    read: papers.length,
    skipped: [],
    unresolvedReferences: new Map(),
  };
}
