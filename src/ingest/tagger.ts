// The concept tagger: links papers to the concepts whose names or aliases their titles and
// abstracts mention, over one scheme or several at once (curated + CSO + ACM CCS, aligned by
// concept-alignment.ts). One Map of normalised phrases is built for all the concepts and each
// text is scanned once, so tagging cost grows with the text, not with the number of concepts.
//
// Matching:
// - Words are runs of letters/digits, diacritics folded, lowercased and singularised with the
//   `pluralize` library ("Transformers" = "transformer", "policies" = "policy", "analyses" =
//   "analysis"); a text word not in the schemes' vocabulary is mapped to a vocabulary word one
//   edit away (fastest-levenshtein; ≥ 8 letters, same first 4, same last 2: spelling variants
//   such as "optimisation", "modelling", "labelled", not inflections).
// - Hyphens and spaces are optional inside a phrase: a phrase is keyed by its words glued
//   together ("self-supervised" = "self supervised" = "selfsupervised"); a text spreads a label
//   over more words only across hyphens ("in as" is not CSO's "InAs"). Other punctuation ends a
//   phrase. Longest match first: "sparse attention" claims its words, not also "attention".
// - "A <concept ending in B>" also names the two-word curated concept "A B": "contrastive
//   self-supervised learning" is contrastive learning too; and a curated learning paradigm (a
//   METHOD "X learning") is named by "X objective / loss / task / pre-training / ...".
// - Acronyms match only as written in capitals ("RL", "GNNs"): one declared by a curated concept,
//   or a short one-word label of another scheme whose concept (or a broader one) has a label with
//   those initials (CSO "mdp" under "markov decision process"; not CSO "gan": gallium nitride).
//   An acronym the paper defines wins: in "Ranking Loss (RL)" RL is not reinforcement learning,
//   in "Markov Random Fields (MRFs)" MRF is the Markov random field.
// - English idioms are blanked before matching ("has received much attention").
//
// Several schemes:
// - A phrase two concepts share goes to one of them: the curated concept, else the one whose own
//   name it is, else the narrower (one is an ancestor of the other), else the one with fewer
//   narrower concepts; a tie is dropped as ambiguous.
// - Generic labels never tag: a one-word top-level concept (any top-level one of an imported
//   scheme: CSO "computer science"), a one-word label with ≥ GENERIC_NARROWER concepts below it or
//   right under a top-level one ("Networks", "Design", "optimization"); over a corpus of
//   ≥ DF_MIN_PAPERS papers, an imported one-word label in more than DF_LIMIT of the texts
//   ("inference", "stochastic"). Curated one-word aliases that are not the concept's own name are
//   skipped ("search" for information retrieval, "detection").
// - A mention stands on its own when it is in a title, or is a phrase of several words (or an
//   acronym, or a curated concept's one-word name not used in over DF_LIMIT of the texts) naming
//   a curated concept or one below a curated concept, or names an encyclopedic concept (Wikidata
//   or DBpedia id) at least twice. Any other mention stays only when another concept found in the
//   paper is within two broader links of it (an ancestor, a sibling or a cousin under a concept
//   that is not broad): "trade" (commerce), "viewpoint" (software architecture), "target model"
//   (target tracking) are left out — the CSO classifier's outlier removal, by ontology distance.
// - A paper where nothing stands on its own keeps its best-attested phrase (curated, then below
//   curated, then encyclopedic, then the most mentioned), so sparse abstracts still get a concept.
// - Broader concepts are not stored as links: a narrower link implies them through the scheme's
//   broader links, and a concept's paper count with narrower concepts counts each paper once
//   (graph/concepts.ts). A paper that names a broad concept itself gets that link.
// - Score: 0.8 for a title mention (+0.05 per abstract mention, up to 1); abstract only 0.4,
//   +0.1 per further mention, up to 0.7. Role USES, provenance { source: 'tagger' } (status
//   SUGGESTED), evidence = each distinct matched text with its field (TITLE / ABSTRACT).

import { distance } from 'fastest-levenshtein';
import pluralize from 'pluralize';
import {
  emptyCorpus,
  type Concept,
  type ConceptEvidence,
  type ConceptRole,
  type Corpus,
  type Paper,
  type PaperConcept,
} from '../model/index.js';
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
  /** A phrase of several words, an acronym, or a curated concept's one-word name not too common in the corpus: not one plain word. */
  specific: boolean;
}

/** What a text's own definition says an acronym stands for: a concept, or none of the scheme's (null). */
export type DefinedAcronym = { conceptId: string; length: number } | null;

export interface FindContext {
  /** One-word labels too common in the corpus to count on their own (keys). */
  tooCommon?: ReadonlySet<string>;
  /** Acronyms defined by the paper (title and abstract together); default: those the text defines. */
  acronyms?: ReadonlyMap<string, DefinedAcronym>;
}

interface Word {
  raw: string;
  key: string;
  /** Only spaces or hyphens separate it from the word before. */
  joined: boolean;
  /** A hyphen is among them. */
  hyphen: boolean;
}
interface Phrase {
  conceptId: string;
  /** Words of the label: a text may spread it over more words only across hyphens ("pre-training"), not spaces ("in as" is not "InAs"). */
  words: number;
  /** Matches only as this capitalised word (plural allowed). */
  acronym: string | null;
  /** A one-word label of a non-curated scheme: subject to the document-frequency rule. */
  commonWord: boolean;
  /** A curated concept's own one-word name ("Attention", "Transformer"): stands alone unless the corpus uses the word everywhere. */
  plainName: boolean;
}

const CURATED = 'curated';

/**
 * English idioms in which a concept's word means something else: "has received much attention",
 * "less attention has been paid" are not the attention mechanism. The word is blanked out (same
 * length, so offsets hold) before matching.
 */
const IDIOMS: RegExp[] = [
  /\b(?:receiv|attract|gain|garner|draw|drew|pay|paid|deserv|devot|bring|brought|given|lack)\w*(?:\s+[\w'’-]+){0,4}?\s+(attention)\b(?!\s*[-‐]?\s*(?:mechanism|layer|head|weight|module|model|map|network|based|score|pooling|block))/gi,
  /\b(attention)\s+(?:has|have|had|is|was|were|been)\s+(?:\w+\s+){0,2}(?:paid|given|devoted|drawn|focused)\b/gi,
];

function maskIdioms(text: string): string {
  let out = text;
  for (const re of IDIOMS)
    out = out.replace(re, (whole: string, word: string) => {
      const at = whole.toLowerCase().lastIndexOf(word.toLowerCase());
      return whole.slice(0, at) + '.'.repeat(word.length) + whole.slice(at + word.length);
    });
  return out;
}
/** Nouns that name a learning paradigm by its qualifier: "contrastive objective" is contrastive learning. */
const PARADIGM_NOUNS = [
  'objective',
  'loss',
  'task',
  'framework',
  'method',
  'approach',
  'setting',
  'paradigm',
  'pre-training',
  'pretraining',
  'training',
];
/** Words an acronym skips ("Bag of Words (BoW)"). */
const STOP = new Set(['of', 'and', 'the', 'for', 'in', 'on', 'to', 'a', 'with', 'by']);
const ACRONYM = /^[A-Z][A-Z0-9]{1,4}$/;
/** A one-word label of a concept with at least this many narrower concepts (transitively) is generic. */
export const GENERIC_NARROWER = 25;
/** Over a corpus of at least DF_MIN_PAPERS papers, a one-word non-curated label in more than DF_LIMIT of the texts is generic. */
export const DF_LIMIT = 0.05;
export const DF_MIN_PAPERS = 200;
/** Concepts with at least this many below them are too broad to show that two concepts are related. */
export const BROAD_NARROWER = 300;

const singularCache = new Map<string, string>();
function singular(word: string): string {
  let s = singularCache.get(word);
  if (s === undefined) {
    s = word.length <= 3 ? word : pluralize.singular(word);
    singularCache.set(word, s);
  }
  return s;
}

/** Words with their normal form; `joined` when only spaces or hyphens separate a word from the one before. */
function words(text: string, spell?: (key: string) => string): Word[] {
  const out: Word[] = [];
  const pattern = /[A-Za-z0-9]+/g;
  const folded = foldDiacritics(text);
  let last = -1;
  for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) {
    const gap = last < 0 ? '' : folded.slice(last, m.index);
    const key = singular(m[0].toLowerCase());
    const joined = last >= 0 && /^[\s\-‐‑–_]*$/.test(gap);
    out.push({ raw: m[0], key: spell ? spell(key) : key, joined, hyphen: joined && /[-‐‑–_]/.test(gap) });
    last = m.index + m[0].length;
  }
  return out;
}

const keyOf = (text: string) =>
  words(text)
    .map((w) => w.key)
    .join('');

const initials = (text: string) =>
  words(text)
    .map((w) => w.key[0])
    .join('');

/** The phrase index of one or more concept schemes: find every concept a text mentions in one pass. */
export class ConceptMatcher {
  private readonly phrases = new Map<string, Phrase[]>();
  /** Every prefix of every key, so a scan stops as soon as no phrase can continue. */
  private readonly prefixes = new Set<string>();
  /** Label words by their first four letters, for spelling variants. */
  private readonly vocabulary = new Map<string, string[]>();
  private readonly known = new Set<string>();
  private readonly spelling = new Map<string, string>();
  private maxWords = 1;
  /** Two-word curated labels by their first word: "contrastive" → [{ last: "learning", conceptId }]. */
  private readonly pairs = new Map<string, { last: string; conceptId: string }[]>();
  /** Concepts that never tag on their own. */
  readonly generic = new Set<string>();
  /** Per concept: itself, its parents and grandparents, leaving out broad ones (≥ BROAD_NARROWER below them). */
  private readonly near = new Map<string, string[]>();
  /** Curated concepts and the concepts below them: the domain the curators drew. */
  readonly inDomain = new Set<string>();
  readonly curated = new Set<string>();
  /** Concepts with an encyclopedic identity (a Wikidata or DBpedia id). */
  readonly encyclopedic = new Set<string>();

  constructor(concepts: Concept[]) {
    const byId = new Map(concepts.map((c) => [c.id, c]));
    const narrower = new Map<string, string[]>();
    for (const c of concepts) for (const b of c.broaderIds) if (byId.has(b)) (narrower.get(b) ?? narrower.set(b, []).get(b)!).push(c.id);
    const below = (id: string) => {
      const seen = new Set<string>();
      const stack = [...(narrower.get(id) ?? [])];
      while (stack.length > 0 && seen.size < 10_000) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(...(narrower.get(n) ?? []));
      }
      return seen.size;
    };
    const ancestors = (id: string) => {
      const seen = new Set<string>();
      const stack = [...(byId.get(id)?.broaderIds ?? [])];
      while (stack.length > 0) {
        const a = stack.pop()!;
        if (seen.has(a) || !byId.has(a)) continue;
        seen.add(a);
        stack.push(...byId.get(a)!.broaderIds);
      }
      return seen;
    };
    const isTop = (c: Concept) => !c.broaderIds.some((b) => byId.has(b));
    const narrowerCount = new Map(concepts.map((c) => [c.id, below(c.id)]));

    const candidates: { key: string; concept: Concept; acronym: string | null; words: number; isName: boolean }[] = [];
    for (const concept of concepts) {
      const curated = concept.scheme === CURATED;
      const nameKey = keyOf(concept.name);
      const surfaces = [concept.name, ...concept.aliases];
      for (const surface of surfaces) {
        const ws = words(surface);
        const key = ws.map((w) => w.key).join('');
        const trimmed = surface.trim();
        let acronym: string | null = null;
        if (ws.length === 1 && ACRONYM.test(trimmed)) acronym = trimmed;
        else if (!curated && ws.length === 1 && key.length <= 5 && /^[a-z0-9]+$/i.test(trimmed)) {
          // A short one-word label of an imported scheme: an acronym when some name or alias of the
          // concept or of a broader concept spells it out.
          const spelled = [concept, ...[...ancestors(concept.id)].slice(0, 20).map((a) => byId.get(a)!)].some((c) =>
            [c.name, ...c.aliases].some((s) => words(s).length === key.length && initials(s) === key),
          );
          if (spelled) acronym = trimmed.toUpperCase();
        }
        if (!acronym && key.length < 3) continue;
        if (!acronym && !curated && ws.length === 1 && key.length <= 5 && /^[a-z0-9]+$/.test(trimmed) && !/[aeiou]/.test(key)) continue;
        const isName = surface === concept.name || key === nameKey;
        if (curated && !acronym && !isName && ws.length === 1 && surface === surface.toLowerCase()) continue;
        candidates.push({ key, concept, acronym, words: ws.length, isName });
      }
      // A curated learning paradigm ("Contrastive learning", a METHOD) is also named by its
      // qualifier with a paradigm noun: "contrastive objective", "self-supervised pre-training".
      const nameWords = words(concept.name);
      if (curated && concept.kind === 'METHOD' && nameWords.length >= 2 && nameWords[nameWords.length - 1].key === 'learning') {
        const qualifier = nameWords.slice(0, -1).map((w) => w.key);
        for (const noun of PARADIGM_NOUNS)
          candidates.push({
            key: qualifier.join('') + noun.replace('-', ''),
            concept,
            acronym: null,
            words: qualifier.length + noun.split('-').length,
            isName: false,
          });
      }
      // Generic: a top-level concept; a one-word name with many concepts below it or right under a top-level one.
      const oneWord = words(concept.name).length === 1;
      const parents = concept.broaderIds.map((b) => byId.get(b)).filter((p): p is Concept => p !== undefined);
      if (isTop(concept) && (oneWord || !curated)) this.generic.add(concept.id);
      else if (
        oneWord &&
        !ACRONYM.test(concept.name) &&
        ((narrowerCount.get(concept.id) ?? 0) >= GENERIC_NARROWER || (!curated && parents.some(isTop)))
      )
        this.generic.add(concept.id);
      if (curated || [...ancestors(concept.id)].some((a) => byId.get(a)!.scheme === CURATED)) this.inDomain.add(concept.id);
      if (curated) this.curated.add(concept.id);
      if (concept.externalIds.some((e) => e.scheme === 'wikidata' || e.scheme === 'dbpedia')) this.encyclopedic.add(concept.id);
      const near = new Set([concept.id]);
      for (const p of parents) {
        near.add(p.id);
        for (const g of p.broaderIds) if (byId.has(g)) near.add(g);
      }
      this.near.set(
        concept.id,
        [...near].filter((id) => id === concept.id || (narrowerCount.get(id) ?? 0) < BROAD_NARROWER),
      );
    }

    // A phrase several concepts share goes to one of them.
    const owners = new Map<string, typeof candidates>();
    for (const c of candidates) (owners.get(c.key) ?? owners.set(c.key, []).get(c.key)!).push(c);
    for (const [key, list] of owners) {
      let chosen = list;
      const distinct = new Set(list.map((c) => c.concept.id));
      if (distinct.size > 1) {
        const pick = (filter: (c: (typeof list)[number]) => boolean) => {
          const f = chosen.filter(filter);
          if (f.length > 0) chosen = f;
        };
        pick((c) => c.concept.scheme === CURATED);
        pick((c) => c.isName);
        const ids = new Set(chosen.map((c) => c.concept.id));
        if (ids.size > 1) {
          // The narrower of two related concepts; else the one with fewer concepts below it.
          const anc = new Map([...ids].map((id) => [id, ancestors(id)]));
          const notAncestor = [...ids].filter((id) => ![...ids].some((other) => other !== id && anc.get(other)!.has(id)));
          pick((c) => notAncestor.includes(c.concept.id));
          const least = Math.min(...chosen.map((c) => narrowerCount.get(c.concept.id) ?? 0));
          pick((c) => (narrowerCount.get(c.concept.id) ?? 0) === least);
        }
        if (new Set(chosen.map((c) => c.concept.id)).size > 1) continue;
      }
      const phrases: Phrase[] = [];
      for (const c of chosen) {
        if (c.words === 2 && !c.acronym && c.concept.scheme === CURATED) {
          const ws = [c.concept.name, ...c.concept.aliases].map((x) => words(x)).find((w) => w.length === 2 && w[0].key + w[1].key === key);
          if (ws)
            (this.pairs.get(ws[0].key) ?? this.pairs.set(ws[0].key, []).get(ws[0].key)!).push({ last: ws[1].key, conceptId: c.concept.id });
        }
        if (phrases.some((p) => p.conceptId === c.concept.id && p.acronym === c.acronym)) continue;
        phrases.push({
          conceptId: c.concept.id,
          words: c.words,
          acronym: c.acronym,
          commonWord: c.words === 1 && !c.acronym && c.concept.scheme !== CURATED,
          plainName: c.words === 1 && !c.acronym && c.concept.scheme === CURATED && c.isName,
        });
      }
      this.phrases.set(key, phrases);
      for (let i = 1; i <= key.length; i++) this.prefixes.add(key.slice(0, i));
      // A text may split a glued alias into more words than the alias has ("selfsupervised").
      this.maxWords = Math.max(this.maxWords, Math.max(...chosen.map((c) => c.words)) + 3);
    }
    for (const c of concepts)
      for (const s of [c.name, ...c.aliases])
        for (const w of words(s)) {
          if (this.known.has(w.key)) continue;
          this.known.add(w.key);
          if (w.key.length >= 7)
            (this.vocabulary.get(w.key.slice(0, 4)) ?? this.vocabulary.set(w.key.slice(0, 4), []).get(w.key.slice(0, 4))!).push(w.key);
        }
  }

  /** A word of the text as the schemes spell it: itself, or a label word one edit away. */
  private readonly spell = (key: string): string => {
    if (key.length < 8 || this.known.has(key)) return key;
    let s = this.spelling.get(key);
    if (s === undefined) {
      s = key;
      for (const v of this.vocabulary.get(key.slice(0, 4)) ?? []) {
        if (Math.abs(v.length - key.length) > 1 || distance(v, key) !== 1) continue;
        // Not an inflection: the words must agree on their last two letters.
        if (v.slice(-2) !== key.slice(-2)) continue;
        s = v;
        break;
      }
      this.spelling.set(key, s);
    }
    return s;
  };

  /**
   * The concepts of `found` that the rest support: a concept is kept when another one found is
   * within two broader links of it (an ancestor, a sibling, a cousin under a concept that is not
   * broad), so a label read in another field's sense ("trade" of commerce, "viewpoint" of software
   * architecture, "data points" of clustering) is left out — the CSO classifier's outlier removal.
   */
  supported(found: ReadonlySet<string>, supporters: ReadonlySet<string> = found): Set<string> {
    // Which supporters reach each node of the neighbourhoods.
    const reach = new Map<string, Set<string>>();
    for (const id of supporters) for (const n of this.near.get(id) ?? [id]) (reach.get(n) ?? reach.set(n, new Set()).get(n)!).add(id);
    const out = new Set<string>();
    for (const id of found) {
      const mine = this.near.get(id) ?? [id];
      // Another supporter shares a node of my neighbourhood, or is in it.
      if (mine.some((n) => [...(reach.get(n) ?? [])].some((s) => s !== id) || (n !== id && supporters.has(n)))) out.add(id);
    }
    return out;
  }

  /**
   * Acronyms the text defines, "Markov Random Fields (MRFs)", "Ranking Loss (RL)": each with the
   * concept its spelled-out words name (null when they name none), so "RL" there is not
   * reinforcement learning and "MRF" is the Markov random field.
   */
  acronymsDefined(text: string): Map<string, DefinedAcronym> {
    const out = new Map<string, { conceptId: string; length: number } | null>();
    const pattern = /\(([A-Z][A-Za-z0-9]{0,3}[A-Z0-9])s?\)/g;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const acronym = m[1];
      const letters = acronym.replace(/[^A-Za-z]/g, '').toLowerCase();
      const before = words(text.slice(Math.max(0, m.index - 120), m.index), this.spell).slice(-8);
      for (let k = 1; k <= before.length; k++) {
        const ws = before.slice(-k).filter((w) => !STOP.has(w.key));
        const heads = ws.map((w) => w.raw[0].toLowerCase()).join('');
        if (heads !== letters) continue;
        const key = before
          .slice(-k)
          .map((w) => w.key)
          .join('');
        const phrase = this.phrases.get(key)?.find((p) => !p.acronym);
        out.set(acronym, phrase && !this.generic.has(phrase.conceptId) ? { conceptId: phrase.conceptId, length: key.length } : null);
        break;
      }
    }
    return out;
  }

  /** The one-word non-curated labels a text contains (their keys), for document frequencies. */
  commonWords(text: string): Set<string> {
    const out = new Set<string>();
    for (const w of words(maskIdioms(text), this.spell))
      if (this.phrases.get(w.key)?.some((p) => p.commonWord || p.plainName)) out.add(w.key);
    return out;
  }

  /** The concepts a text mentions, in text order; longer phrases win their words, each word credited once. */
  find(text: string, context: FindContext = {}): ConceptMention[] {
    const { tooCommon } = context;
    const ws = words(maskIdioms(text), this.spell);
    const defined = context.acronyms ?? this.acronymsDefined(text);
    const found: { start: number; end: number; length: number; conceptId: string; specific: boolean }[] = [];
    for (let start = 0; start < ws.length; start++) {
      const acronym = defined.get(ws[start].raw.replace(/s$/, ''));
      if (acronym !== undefined) {
        // The text says what this acronym stands for: that concept, or none of the scheme's.
        if (acronym) found.push({ start, end: start, length: acronym.length, conceptId: acronym.conceptId, specific: true });
        continue;
      }
      let key = '';
      let spaces = 0;
      for (let end = start; end < ws.length && end - start < this.maxWords; end++) {
        if (end > start && !ws[end].joined) break;
        if (end > start && !ws[end].hyphen) spaces++;
        key += ws[end].key;
        if (!this.prefixes.has(key)) break;
        for (const phrase of this.phrases.get(key) ?? []) {
          if (spaces + 1 > phrase.words) continue;
          if (phrase.acronym && !(end === start && ws[start].raw.replace(/s$/, '') === phrase.acronym)) continue;
          if (!phrase.acronym && end === start && /^[A-Z0-9]{2,}s?$/.test(ws[start].raw) && ws[start].raw.length <= 6) continue;
          if (end === start && (phrase.commonWord || phrase.plainName) && tooCommon?.has(key)) {
            // Too common in the corpus: an imported one-word label does not count; a curated name needs support.
            if (phrase.commonWord) continue;
            found.push({ start, end, length: key.length, conceptId: phrase.conceptId, specific: false });
            continue;
          }
          found.push({
            start,
            end,
            length: key.length,
            conceptId: phrase.conceptId,
            specific: end > start || phrase.acronym !== null || phrase.words > 1 || phrase.plainName,
          });
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
    // "A <concept ending in B>" names the two-word curated concept "A B" as well: "contrastive
    // self-supervised learning", "contrastive feature learning" are contrastive learning.
    for (const inner of [...kept]) {
      const before = inner.start - 1;
      if (before < 0 || inner.end - inner.start > 3 || !ws[inner.start].joined) continue;
      for (const pair of this.pairs.get(ws[before].key) ?? [])
        if (pair.last === ws[inner.end].key && pair.conceptId !== inner.conceptId)
          kept.push({ start: before, end: inner.end, length: 0, conceptId: pair.conceptId, specific: true });
    }
    return kept
      .filter((f) => !this.generic.has(f.conceptId))
      .sort((a, b) => a.start - b.start)
      .map((f) => ({
        conceptId: f.conceptId,
        specific: f.specific,
        text: ws
          .slice(f.start, f.end + 1)
          .map((w) => w.raw)
          .join(' '),
      }));
  }
}

/** What a paper mentions: concepts in its titles, in its abstract (with counts), and the evidence. */
interface Reading {
  paper: Paper;
  inTitle: Set<string>;
  inAbstract: Map<string, number>;
  /** Named in the abstract by several words or an acronym. */
  specific: Set<string>;
  evidence: Map<string, ConceptEvidence[]>;
  /** The mentions that stand on their own. */
  kept: Set<string>;
}

/**
 * Whether a mention stands on its own: in a title; near another concept found (`supported`);
 * else a phrase of several words or an acronym in the abstract that names a curated concept or
 * one below a curated concept, or an encyclopedic one (Wikidata/DBpedia id) named at least twice.
 */
function standsAlone(matcher: ConceptMatcher, r: Reading, id: string, supported: boolean): boolean {
  if (r.inTitle.has(id) || supported) return true;
  if (!r.specific.has(id)) return false;
  if (matcher.curated.has(id) || matcher.inDomain.has(id)) return true;
  return matcher.encyclopedic.has(id) && (r.inAbstract.get(id) ?? 0) >= 2;
}

/** Links papers to the concepts their titles and abstracts mention, with the matched words as evidence. */
export function tagPapers(corpus: Corpus, options: TaggerOptions = {}): PaperConcept[] {
  const matcher = new ConceptMatcher(options.concepts ?? corpus.concepts);
  const source = options.source ?? 'tagger';
  const papers = options.papers ?? corpus.papers;
  const textsOf = (p: Paper) => ({ titles: [p.title, ...p.aliases], abstract: p.abstract ?? '' });

  // One-word labels of imported schemes that too many texts contain are not evidence on their own.
  let tooCommon: Set<string> | undefined;
  if (papers.length >= DF_MIN_PAPERS) {
    const df = new Map<string, number>();
    for (const p of papers) {
      const { titles, abstract } = textsOf(p);
      for (const k of matcher.commonWords([...titles, abstract].join(' \n '))) df.set(k, (df.get(k) ?? 0) + 1);
    }
    tooCommon = new Set([...df].filter(([, n]) => n > DF_LIMIT * papers.length).map(([k]) => k));
  }

  const readings: Reading[] = [];
  for (const paper of papers) {
    const { titles, abstract } = textsOf(paper);
    const r: Reading = { paper, inTitle: new Set(), inAbstract: new Map(), specific: new Set(), evidence: new Map(), kept: new Set() };
    const note = (conceptId: string, e: ConceptEvidence) => {
      const list = r.evidence.get(conceptId) ?? r.evidence.set(conceptId, []).get(conceptId)!;
      if (!list.some((x) => x.field === e.field && x.text.toLowerCase() === e.text.toLowerCase())) list.push(e);
    };
    const context = { tooCommon, acronyms: matcher.acronymsDefined([...titles, abstract].join(' \n ')) };
    for (const t of titles)
      for (const m of matcher.find(t, context)) {
        r.inTitle.add(m.conceptId);
        note(m.conceptId, { field: 'TITLE', text: m.text });
      }
    for (const m of matcher.find(abstract, context)) {
      r.inAbstract.set(m.conceptId, (r.inAbstract.get(m.conceptId) ?? 0) + 1);
      note(m.conceptId, { field: 'ABSTRACT', text: m.text });
      if (m.specific) r.specific.add(m.conceptId);
    }
    const found = new Set([...r.inTitle, ...r.inAbstract.keys()]);
    const supported = matcher.supported(found);
    for (const id of found) if (standsAlone(matcher, r, id, supported.has(id))) r.kept.add(id);
    readings.push(r);
  }
  const edges: PaperConcept[] = [];
  for (const r of readings) {
    const found = [...new Set([...r.inTitle, ...r.inAbstract.keys()])];
    let chosen = found.filter((id) => r.kept.has(id));
    if (chosen.length === 0) {
      // Nothing stands on its own: the paper's best-attested phrase (several words or an
      // acronym), preferring the curated domain, then an encyclopedic concept, then more mentions.
      const rank = (id: string) =>
        (matcher.curated.has(id) ? 8 : matcher.inDomain.has(id) ? 4 : matcher.encyclopedic.has(id) ? 2 : 0) +
        Math.min(3, r.inAbstract.get(id) ?? 0) / 4;
      const best = found.filter((id) => r.specific.has(id)).sort((a, b) => rank(b) - rank(a))[0];
      if (best) chosen = [best];
    }
    for (const conceptId of chosen) {
      const a = r.inAbstract.get(conceptId) ?? 0;
      const raw = r.inTitle.has(conceptId) ? Math.min(1, 0.8 + 0.05 * a) : Math.min(0.7, 0.4 + 0.1 * a);
      edges.push({
        paperId: r.paper.id,
        conceptId,
        role: options.role ?? 'USES',
        score: Math.round(raw * 100) / 100,
        provenance: [{ source, recordId: r.paper.id }],
        evidence: r.evidence.get(conceptId) ?? [],
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
