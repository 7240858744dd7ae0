// Normal forms that decide when two records name the same thing: titles, person names, slugs,
// and the arXiv ids and DOIs found inside free text and URLs.

import { distance as levenshtein } from 'fastest-levenshtein';
import { foldDiacritics, normalizePersonName, slugify } from '../model/names.js';
import { normalizeArxivId, normalizeDoi } from '../graph/knowledge-graph.js';

export { foldDiacritics, normalizeArxivId, normalizeDoi, normalizePersonName, slugify };

/** "Big Bird: Transformers for Longer Sequences!" → "bigbirdtransformersforlongersequences". */
export function normalizeTitle(title: string): string {
  const folded = foldDiacritics(title).toLowerCase();
  return /^[\x00-\x7f]*$/.test(folded) ? folded.replace(/[^a-z0-9]+/g, '') : folded.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Titles shorter than this ("Preface", "Errata") name too many papers to identify one. */
const MIN_TITLE_KEY_LENGTH = 8;

/** The title + year identity of a paper, or null when the title is too short to identify it. */
export function titleYearKey(title: string, year: number | null): string | null {
  const key = normalizeTitle(title);
  return key.length >= MIN_TITLE_KEY_LENGTH ? `${key}|${year ?? ''}` : null;
}

/** "Rush, Alexander M." → "Alexander M. Rush": how a person is displayed. */
export function displayPersonName(name: string): string {
  const parts = name
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const turned = parts.length === 2 && !/^(jr|sr|ii|iii|iv)\.?$/i.test(parts[1]) ? `${parts[1]} ${parts[0]}` : name;
  return turned.replace(/\s+/g, ' ').trim();
}

/** Hands out slugs that are unique within one kind of record: "network-security", "network-security-2". */
export class SlugRegistry {
  private readonly taken = new Set<string>();

  claim(text: string): string {
    const base = slugify(text);
    let slug = base;
    for (let n = 2; this.taken.has(slug); n++) slug = `${base}-${n}`;
    this.taken.add(slug);
    return slug;
  }
}

const NEW_ARXIV = /(?:^|[^\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d.]*\d)/;
const OLD_ARXIV = /\b([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\b/;

/** The arXiv id inside "arXiv:2007.14062v2", "https://arxiv.org/abs/2007.14062" or "abs/2007.14062"; null if none. */
export function findArxivId(text: string | null | undefined): string | null {
  if (!text) return null;
  const match = NEW_ARXIV.exec(text) ?? OLD_ARXIV.exec(text);
  return match ? normalizeArxivId(match[1]) : null;
}

/** A DOI in "https://doi.org/10.1/x" or "doi:10.1/x" form, normalised; null when the text holds none. */
export function findDoi(text: string | null | undefined): string | null {
  if (!text) return null;
  const doi = normalizeDoi(text);
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

// ---------------------------------------------------------------------------------------------
// People who share a name. A name alone does not make one person: two mentions of a name are
// one person when they share an affiliation or a co-author; mentions the data says nothing
// against (no affiliation given) join the person the name has most mentions of.

/** Words that say what kind of place an affiliation is, not which one. */
const GENERIC_AFFILIATION_WORDS = new Set([
  'university',
  'univ',
  'universite',
  'universitat',
  'universidad',
  'universita',
  'college',
  'school',
  'department',
  'dept',
  'faculty',
  'the',
  'of',
  'at',
  'and',
  'for',
  'in',
  'de',
  'inc',
  'ltd',
  'llc',
  'co',
  'corp',
  'corporation',
  'company',
  'research',
  'lab',
  'labs',
  'laboratory',
  'laboratories',
  'center',
  'centre',
  'group',
  'team',
]);
/** Words an acronym skips ("Massachusetts Institute of Technology" → MIT). */
const ACRONYM_SKIPS = new Set(['of', 'the', 'at', 'and', 'for', 'in', 'de']);
/** Short forms written for a word ("UC Berkeley" = "University of California, Berkeley"). */
const AFFILIATION_SHORT_FORMS: Record<string, string> = { uc: 'california', ut: 'texas', tu: 'technical' };

/** An affiliation reduced for comparison: its distinctive words, its acronym, its whole folded text. */
interface AffiliationKey {
  words: Set<string>;
  acronym: string;
  text: string;
  /** The comma-, semicolon-, slash- or ampersand-separated parts ("MILA, Polytechnique Montréal"). */
  parts: string[];
}

function affiliationKey(affiliation: string): AffiliationKey {
  const all = foldDiacritics(affiliation)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const words = new Set(all.filter((w) => !GENERIC_AFFILIATION_WORDS.has(w)).map((w) => AFFILIATION_SHORT_FORMS[w] ?? w));
  const acronym = all
    .filter((w) => !ACRONYM_SKIPS.has(w))
    .map((w) => w[0])
    .join('');
  const parts = affiliation
    .split(/[,;/&()]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return { words, acronym, text: all.join(' '), parts: parts.length > 1 ? parts : [affiliation] };
}

const affiliationKeys = new Map<string, AffiliationKey>();
function cachedAffiliationKey(affiliation: string): AffiliationKey {
  let key = affiliationKeys.get(affiliation);
  if (!key) {
    if (affiliationKeys.size > 100_000) affiliationKeys.clear();
    affiliationKeys.set(affiliation, (key = affiliationKey(affiliation)));
  }
  return key;
}

/**
 * Whether two affiliation strings name one place: the same distinctive words, or one's words all
 * inside the other's ("Google" / "Google Brain", "Megvii" / "Megvii, Face++"), one the acronym of
 * the other ("MIT" / "Massachusetts Institute of Technology", "NYU" / "New York University"), or
 * the same text but for a typo (Levenshtein similarity ≥ 0.9: "Beijing Insitute of Technology").
 */
export function sameAffiliation(a: string, b: string): boolean {
  const x = cachedAffiliationKey(a);
  const y = cachedAffiliationKey(b);
  if (x.text === y.text) return x.text.length > 0;
  if (x.words.size && y.words.size) {
    const [small, large] = x.words.size <= y.words.size ? [x.words, y.words] : [y.words, x.words];
    if ([...small].every((w) => large.has(w))) return true;
  }
  // Acronyms part by part: "MILA, Polytechnique Montréal" / "Montreal Institute for Learning Algorithms, …".
  const xs = x.parts.map(cachedAffiliationKey);
  const ys = y.parts.map(cachedAffiliationKey);
  const single = (k: AffiliationKey) => (k.text.length >= 2 && !k.text.includes(' ') ? k.text : null);
  if (
    xs.some((p) => single(p) && ys.some((q) => q.acronym === p.text)) ||
    ys.some((q) => single(q) && xs.some((p) => p.acronym === q.text))
  )
    return true;
  const longest = Math.max(x.text.length, y.text.length);
  return longest >= 12 && 1 - levenshtein(x.text, y.text) / longest >= 0.9;
}

/** Whether two lists of affiliations have one place in common. */
export function shareAffiliation(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => sameAffiliation(x, y)));
}

/** One appearance of a name on a paper. */
export interface AuthorMention {
  /** The name as written. */
  name: string;
  affiliations: string[];
  /** The other authors of the paper, as written. */
  coauthors: string[];
}

/**
 * Family names carried by several people ("chen", "zhang", "wang"): a name with one of them may
 * well be two people; a rare one ("kuzborskij") at two affiliations is one person who moved.
 * A family name is common when at least COMMON_FAMILY_NAME distinct full names end with it.
 */
export const COMMON_FAMILY_NAME = 3;

export class NameFrequency {
  private readonly families = new Map<string, Set<string>>();

  /** Adds a normalised full name ("lei chen"). */
  add(name: string): void {
    const family = familyName(name);
    const names = this.families.get(family);
    if (names) names.add(name);
    else this.families.set(family, new Set([name]));
  }

  isCommon(name: string): boolean {
    return (this.families.get(familyName(name))?.size ?? 0) >= COMMON_FAMILY_NAME;
  }
}

/** The last word of a normalised name: "jun yan zhu" → "zhu". */
export function familyName(name: string): string {
  return name.slice(name.lastIndexOf(' ') + 1);
}

/**
 * Splits the mentions of each name into people. A rare name (see NameFrequency) is one person.
 * Mentions of a common name sharing an affiliation or a co-author are one person (transitively);
 * a mention without an affiliation and without a shared co-author joins the person with most
 * mentions of that name (nothing says it is another). `person(i)` is the mention's person key:
 * the normalised name for the first person of a name (in mention order), "<name> 2",
 * "<name> 3" … for the others — stable while the input is.
 */
export class AuthorDisambiguator {
  private readonly mentions: AuthorMention[] = [];
  private keys: string[] | null = null;

  /** Adds a mention; returns its index. */
  add(mention: AuthorMention): number {
    this.keys = null;
    return this.mentions.push(mention) - 1;
  }

  person(index: number): string {
    this.keys ??= this.resolve();
    return this.keys[index];
  }

  /** Names written by more than one person, with their people's affiliations: for reports and tests. */
  splitNames(): { name: string; people: string[][] }[] {
    this.keys ??= this.resolve();
    const byName = new Map<string, Map<string, Set<string>>>();
    this.mentions.forEach((m, i) => {
      const name = normalizePersonName(m.name);
      const people = byName.get(name) ?? new Map<string, Set<string>>();
      byName.set(name, people);
      const affiliations = people.get(this.keys![i]) ?? new Set<string>();
      people.set(this.keys![i], affiliations);
      for (const a of m.affiliations) affiliations.add(a);
    });
    return [...byName]
      .filter(([, people]) => people.size > 1)
      .map(([name, people]) => ({ name, people: [...people.values()].map((s) => [...s]) }));
  }

  private resolve(): string[] {
    const byName = new Map<string, number[]>();
    this.mentions.forEach((m, i) => {
      const name = normalizePersonName(m.name);
      const list = byName.get(name);
      if (list) list.push(i);
      else byName.set(name, [i]);
    });
    const keys = new Array<string>(this.mentions.length);
    const frequency = new NameFrequency();
    for (const name of byName.keys()) frequency.add(name);
    for (const [name, indexes] of byName) {
      if (indexes.length === 1 || !frequency.isCommon(name)) {
        for (const i of indexes) keys[i] = name;
        continue;
      }
      if (indexes.length === 1) {
        keys[indexes[0]] = name;
        continue;
      }
      const parent = indexes.map((_, k) => k);
      const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
      const coauthors = indexes.map((i) => new Set(this.mentions[i].coauthors.map(normalizePersonName)));
      const known = indexes.filter((i) => this.mentions[i].affiliations.length > 0).length;
      for (let a = 0; a < indexes.length; a++) {
        for (let b = a + 1; b < indexes.length; b++) {
          if (find(a) === find(b)) continue;
          const ma = this.mentions[indexes[a]];
          const mb = this.mentions[indexes[b]];
          const sharedCoauthor = [...coauthors[a]].some((c) => coauthors[b].has(c));
          if (sharedCoauthor || shareAffiliation(ma.affiliations, mb.affiliations)) parent[find(b)] = find(a);
        }
      }
      // Mentions with no affiliation that found no co-author join the largest person (or all are one, if none has an affiliation).
      const size = new Map<number, number>();
      for (let k = 0; k < indexes.length; k++) size.set(find(k), (size.get(find(k)) ?? 0) + 1);
      if (known > 0) {
        for (let k = 0; k < indexes.length; k++) {
          if (this.mentions[indexes[k]].affiliations.length > 0 || size.get(find(k))! > 1) continue;
          let best = -1;
          for (const [root, n] of size) if (root !== find(k) && (best < 0 || n > size.get(best)!)) best = root;
          if (best >= 0) parent[find(k)] = best;
        }
      } else for (let k = 1; k < indexes.length; k++) parent[find(k)] = find(0);
      const numbers = new Map<number, number>();
      for (let k = 0; k < indexes.length; k++) {
        const root = find(k);
        if (!numbers.has(root)) numbers.set(root, numbers.size + 1);
        const n = numbers.get(root)!;
        keys[indexes[k]] = n === 1 ? name : `${name} ${n}`;
      }
    }
    return keys;
  }
}
