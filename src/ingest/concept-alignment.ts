// Aligning a concept scheme (CSO, the ACM CCS, any SKOS scheme) with the concepts already in a
// graph (the curated ones first), so that one idea is one node: an imported concept that names
// a concept of another scheme is ABSORBED into it rather than added beside it.
//
// Labels are compared in a normal form: diacritics folded, lowercase, split into words at
// anything that is not a letter or digit, each word lemmatised as a noun (wink-lemmatizer:
// "Transformers" → "transformer"), words joined without spaces ("pre-training" = "pretraining").
// The best match wins, in this order:
//   1. the imported NAME is a target's name                                  EXACT
//   2. the imported NAME is one of a target's aliases (the curators' synonyms) EXACT
//   3. the imported NAME has a target label's Porter2 stems ("word embedding" /
//      "word embeddings") and the two normal forms are ≤ 2 edits apart      CLOSE
//   4. only an imported ALIAS names a target (and names only that one)      CLOSE
//   5. the imported NAME is within normalised Levenshtein similarity ≥ 0.9 of a
//      target label, with the same words in the same order, each pair
//      sharing its first 4 letters ("semi-" ≠ "self-", "un-" ≠ "")          CLOSE
// Ties go to the curated concept, then to the first one in the graph. Labels written in capitals
// ("MI", "CV", "RL") match only the same capitals: lowercase CSO labels never reach an acronym.
//
// The target keeps its id, slug, name, kind and description (filled only where it has none);
// it gains a mapping {scheme, id, label, uri, match}, the imported concept's external ids, its
// provenance, its labels as aliases unless a label names a DIFFERENT concept already in the
// graph (dropped: the graph's concepts win), and - when the imported name is the target's own
// name (rule 1) - its broader links (re-pointed by the merger, so a CSO topic's broader CSO
// topic, itself aligned, leads to the curated concept). Concepts matched any other way keep
// their hierarchy to themselves: an alias or a near label often names another sense or a
// narrower idea. Concepts below an absorbed one point to the concept that absorbed it.

import { distance } from 'fastest-levenshtein';
import lemmatize from 'wink-lemmatizer';
import stem from 'wink-porter2-stemmer';
import type { Concept, ConceptMapping, MappingMatch } from '../model/index.js';
import { foldDiacritics } from './identity.js';

/** Normalised Levenshtein similarity at or above which two labels are a CLOSE match. */
export const CLOSE_SIMILARITY = 0.9;
/** Fuzzy matching needs this many characters: below it one edit is already under 0.9. */
const MIN_FUZZY_LENGTH = 10;

/** "Pre-Training Transformers" → ["pre", "training", "transformer"]. */
export function labelWords(label: string): string[] {
  return foldDiacritics(label)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (/^[a-z]+$/.test(w) && w.length > 3 ? lemmatize.noun(w) : w));
}

/** The normal form two labels share when they name the same thing: "Transformers" = "transformer". */
export function labelKey(label: string): string {
  return labelWords(label).join('');
}

/**
 * A short label written in capitals ("MI", "CV", "SSL", "GNNs"): an acronym of two or three
 * letters names too many things ("ssl" is a security protocol in CSO) to match other than as written.
 */
function isAcronym(label: string): boolean {
  return /^[A-Z][A-Z0-9]{1,2}s?$/.test(label.trim());
}

/** Words that may differ between two CLOSE labels ("learning with/from human feedback"). */
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'of', 'for', 'from', 'with', 'in', 'on', 'by', 'to', 'and', 'or', 'via', 'using']);

interface Entry {
  concept: Concept;
  /** The target's name (not an alias). */
  isName: boolean;
  label: string;
  /** Curated first, then graph order. */
  order: number;
}

interface FuzzyEntry extends Entry {
  words: string[];
  spaced: string;
  key: string;
  /** Porter2 stems joined, computed when first compared (stemming is the slow step). */
  stems?: string;
}

export interface Alignment {
  target: Concept;
  match: MappingMatch;
  /** The imported label that matched, and the target's label it matched. */
  label: string;
  targetLabel: string;
  /**
   * The imported name is the target's own name (rule 1): only then does the imported concept
   * bring its broader links. A concept matched through an alias or nearly is often another sense
   * or a narrower idea (CSO's "belief propagation" under the curated graphical models): its
   * place in its own hierarchy is not the target's.
   */
  sameName: boolean;
}

/** An index of the graph's concepts by label, to align the concepts of another scheme to. */
export class ConceptAligner {
  private readonly byKey = new Map<string, Entry[]>();
  /** Labels by word count and first four letters: the candidates for stem and fuzzy matches. */
  private readonly near = new Map<string, FuzzyEntry[]>();

  constructor(targets: readonly Concept[]) {
    let n = 0;
    const curatedFirst = [...targets.filter((c) => c.scheme === 'curated'), ...targets.filter((c) => c.scheme !== 'curated')];
    for (const concept of curatedFirst) {
      const order = n++;
      for (const [i, label] of [concept.name, ...concept.aliases].entries()) {
        const entry: Entry = { concept, isName: i === 0, label, order };
        if (isAcronym(label)) {
          push(this.byKey, `#${label.trim()}`, entry);
          continue;
        }
        const words = labelWords(label);
        const key = words.join('');
        if (!key) continue;
        push(this.byKey, key, entry);
        push(this.near, nearBucket(words), { ...entry, words, spaced: words.join(' '), key });
      }
    }
  }

  /** The concept of another scheme `c` is the same as, if any (rules at the top of the file). */
  align(c: Concept): Alignment | null {
    const other = (e: Entry) => e.concept.scheme !== c.scheme;
    const best = <E extends Entry>(entries: E[]) => entries.filter(other).sort((a, b) => a.order - b.order)[0];
    const nameHits = this.lookup(c.name).filter(other);
    const exact = best(nameHits.filter((e) => e.isName)) ?? best(nameHits);
    if (exact) return { target: exact.concept, match: 'EXACT', label: c.name, targetLabel: exact.label, sameName: exact.isName };

    const words = isAcronym(c.name) ? [] : labelWords(c.name);
    const candidates = words.length ? (this.near.get(nearBucket(words)) ?? []).filter(other) : [];
    if (candidates.length) {
      const key = words.join('');
      const stems = words.map((w) => stem(w)).join('');
      const stemmed = best(
        candidates.filter((e) => (e.stems ??= e.words.map((w) => stem(w)).join('')) === stems && distance(e.key, key) <= 2),
      );
      if (stemmed) return { target: stemmed.concept, match: 'CLOSE', label: c.name, targetLabel: stemmed.label, sameName: false };
    }

    const aliasHits = c.aliases.flatMap((alias) =>
      this.lookup(alias)
        .filter(other)
        .map((e) => ({ alias, e })),
    );
    const aliasTargets = new Set(aliasHits.map((h) => h.e.concept));
    if (aliasTargets.size === 1) {
      const { alias, e } = aliasHits.sort((a, b) => Number(b.e.isName) - Number(a.e.isName))[0];
      return { target: e.concept, match: 'CLOSE', label: alias, targetLabel: e.label, sameName: false };
    }
    if (aliasTargets.size > 1) return null; // its labels name several concepts of the graph: not one of them

    const near = nearest(words, candidates);
    return near ? { target: near.concept, match: 'CLOSE', label: c.name, targetLabel: near.label, sameName: false } : null;
  }

  /** True when `label` names a concept of the graph other than `except` (and of another scheme than `scheme`). */
  namesOther(label: string, except: Concept | null, scheme: string): boolean {
    return this.lookup(label).some((e) => e.concept !== except && e.concept.scheme !== scheme);
  }

  private lookup(label: string): Entry[] {
    return this.byKey.get(isAcronym(label) ? `#${label.trim()}` : labelKey(label)) ?? [];
  }
}

/** The candidate most similar to `words` at CLOSE_SIMILARITY or above, word by word alike (rule 5). */
function nearest(words: string[], candidates: FuzzyEntry[]): FuzzyEntry | undefined {
  const spaced = words.join(' ');
  if (spaced.length < MIN_FUZZY_LENGTH) return undefined;
  let found: FuzzyEntry | undefined;
  let foundSimilarity = 0;
  for (const e of candidates) {
    if (e.spaced.length < MIN_FUZZY_LENGTH || e.spaced === spaced) continue;
    const similarity = 1 - distance(spaced, e.spaced) / Math.max(spaced.length, e.spaced.length);
    if (similarity < CLOSE_SIMILARITY) continue;
    const alike = e.words.every(
      (w, i) => w === words[i] || w.slice(0, 4) === words[i].slice(0, 4) || (FUNCTION_WORDS.has(w) && FUNCTION_WORDS.has(words[i])),
    );
    if (!alike) continue;
    if (similarity > foundSimilarity || (similarity === foundSimilarity && found && e.order < found.order)) {
      found = e;
      foundSimilarity = similarity;
    }
  }
  return found;
}

/** Labels that can be near each other: same number of words, same first four letters. */
function nearBucket(words: string[]): string {
  return `${words.length}|${words[0]?.slice(0, 4) ?? ''}`;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** How a concept appears as a mapping of another: its id and URI in its own scheme, its label. */
export function mappingOf(c: Concept, match: MappingMatch): ConceptMapping {
  const own = c.externalIds.find((e) => e.scheme === c.scheme);
  return { scheme: c.scheme, id: own?.id ?? c.id.replace(/^[^:]*:/, ''), label: c.name, uri: own?.url ?? null, match };
}

/**
 * Folds `c` into `kept` (the graph's concept): kept's fields stay, it gains a mapping, `c`'s
 * external ids and mappings, and `c`'s labels as aliases unless one names another concept of
 * the graph. Broader links and provenance are the merger's to add.
 */
export function absorbConcept(kept: Concept, c: Concept, match: MappingMatch, aligner: ConceptAligner): void {
  kept.description ??= c.description;
  const keys = new Set([kept.name, ...kept.aliases].map(labelKey));
  for (const label of [c.name, ...c.aliases]) {
    const key = labelKey(label);
    if (keys.has(key) || aligner.namesOther(label, kept, c.scheme)) continue;
    keys.add(key);
    kept.aliases.push(label);
  }
  for (const m of [mappingOf(c, match), ...c.mappings]) {
    if (!kept.mappings.some((k) => k.scheme === m.scheme && k.id === m.id)) kept.mappings.push(m);
  }
  for (const e of c.externalIds) {
    if (!kept.externalIds.some((k) => k.scheme === e.scheme && k.id === e.id)) kept.externalIds.push(e);
  }
}

/** `c`'s aliases without those that name a concept of the graph (of another scheme): the graph's concepts win. */
export function ownAliases(c: Concept, aligner: ConceptAligner): string[] {
  return c.aliases.filter((alias) => !aligner.namesOther(alias, null, c.scheme));
}
