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
