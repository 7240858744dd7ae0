// Normal forms of names: accents folded, person names in one order, URL-safe slugs; and the slug
// of an author, derived from the name and the disambiguation ingest gave the author's id.
// Ingest (identity.ts) decides with them when two records name the same thing; the graph derives
// author slugs with them.

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

/** "Machine learning (ML)" → "machine-learning-ml": the URL-safe name of a venue, concept or topic. */
export function slugify(text: string): string {
  const slug = foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'untitled';
}

/**
 * The slug an author asks for: the slug of the name ("Alexander M. Rush" → "alexander-m-rush"),
 * or the name slug with the number an importer gave a second person of the same name when the
 * id ends with it ("neurips-2020:author:lei-chen-2" → "lei-chen-2": ingest's AuthorDisambiguator
 * keys people "<name>", "<name> 2", …). Names with no Latin letters or digits ask for "author".
 */
export function authorSlugCandidate(name: string, id: string): { base: string; slug: string } {
  const slugged = slugify(normalizePersonName(name));
  const base = slugged === 'untitled' ? 'author' : slugged;
  const tail = id.slice(id.lastIndexOf(':') + 1);
  const numbered = tail.length > base.length + 1 && tail.startsWith(`${base}-`) && /^(?:[2-9]|[1-9]\d+)$/.test(tail.slice(base.length + 1));
  return { base, slug: numbered ? tail : base };
}
