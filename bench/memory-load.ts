// The search load of bench/memory.ts: words, phrases, a prefix and typos, run ten rounds in
// process and over HTTP (the hits per query must agree).

export const SEARCH_LOAD = [
  'neural network',
  'machine translation',
  'statistical parsing',
  'graph',
  'learning',
  'semnatic',
  'trasnlation model',
  'word sense disambiguation',
  'pars',
  'dependency grammar induction',
  'attention',
  'corpus annotation',
];
export const SEARCH_ROUNDS = 10;

/**
 * Queries read off the graph, so that every dataset is searched by its own words (the synthetic
 * titles are pseudo-words): of six papers spread over the table, the first two words of the
 * title, the first four letters of its longest word, and that word with two letters swapped.
 */
export function graphQueries(titles: string[]): string[] {
  const queries: string[] = [];
  for (const title of titles) {
    const words = title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (words.length >= 2) queries.push(`${words[0]} ${words[1]}`);
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest.length >= 6) queries.push(longest.slice(0, 4), `${longest[0]}${longest[2]}${longest[1]}${longest.slice(3)}`);
  }
  return queries;
}
