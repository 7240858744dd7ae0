// Normal forms that decide when two records name the same thing: titles, person names, slugs,
// and the arXiv ids and DOIs found inside free text and URLs.

import { normalizeArxivId, normalizeDoi } from '../graph/knowledge-graph.js';

export { normalizeArxivId, normalizeDoi };

/** "Erdős, Paul" → "Erdos, Paul": accents and ligatures do not make another name or title. */
export function foldDiacritics(text: string): string {
  // Most text is plain ASCII: skip the Unicode normalisation, by far the costliest step.
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/Æ/g, 'AE')
    .replace(/Ø/g, 'O')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L');
}

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

/**
 * "Rush, Alexander M." → "alexander m rush", as is "Alexander M. Rush": family-first names with
 * one comma are turned round, then case, accents and punctuation are dropped.
 */
export function normalizePersonName(name: string): string {
  let text = foldDiacritics(name).replace(/[{}]/g, '').trim();
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 2 && !/^(jr|sr|ii|iii|iv)\.?$/i.test(parts[1])) text = `${parts[1]} ${parts[0]}`;
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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

/** "Machine learning (ML)" → "machine-learning-ml": the URL-safe name of a venue, concept or topic. */
export function slugify(text: string): string {
  const slug = foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'untitled';
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
