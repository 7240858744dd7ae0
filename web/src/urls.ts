// The Explorer's URLs: each screen has one a person can share. A paper is addressed by the
// identifier a reader knows (arXiv id, then DOI, then papergraph's global id), matching the
// API's `paper(by:)` @oneOf lookup.

export type PaperKey = { by: 'arxiv'; value: string } | { by: 'doi'; value: string } | { by: 'id'; value: string };

/** The `by:` argument of `paper(by:)` for a URL's key; null for an unknown scheme. */
export function paperLookup(by: string, value: string): { arxivId: string } | { doi: string } | { id: string } | null {
  if (!value) return null;
  switch (by) {
    case 'arxiv':
      return { arxivId: value };
    case 'doi':
      return { doi: value };
    case 'id':
      return { id: value };
    default:
      return null;
  }
}

/** The URL of a paper's screen: by arXiv id when it has one, else DOI, else its id. */
export function paperHref(paper: { id: string; arxivId?: string | null; doi?: string | null }): string {
  if (paper.arxivId) return `/paper/arxiv/${paper.arxivId}`;
  // A DOI keeps its slash (the route takes the rest of the path); other characters are escaped.
  if (paper.doi) return `/paper/doi/${paper.doi.split('/').map(encodeURIComponent).join('/')}`;
  return `/paper/id/${encodeURIComponent(paper.id)}`;
}

export const conceptHref = (slug: string): string => `/concept/${encodeURIComponent(slug)}`;
export const collectionHref = (slug: string): string => `/collection/${encodeURIComponent(slug)}`;
export const searchHref = (q: string): string => (q.trim() ? `/search?q=${encodeURIComponent(q.trim())}` : '/search');
/** The paper list filtered as `papers(where:)` is: author, topic, venue (slugs), year. */
export function papersHref(filter: Partial<Record<'author' | 'topic' | 'venue' | 'year', string>>): string {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return query ? `/papers?${query}` : '/papers';
}
/** The graph screen centred on a node (its global id). */
export const graphHref = (id: string): string => `/graph?focus=${encodeURIComponent(id)}`;

/** A search hit's own screen, or null when the Explorer has none for its kind (yet). */
export function nodeHref(node: {
  __typename?: string;
  id: string;
  slug?: string | null;
  arxivId?: string | null;
  doi?: string | null;
}): string | null {
  switch (node.__typename) {
    case 'Paper':
      return paperHref(node);
    case 'Concept':
      return node.slug ? conceptHref(node.slug) : null;
    case 'Collection':
      return node.slug ? collectionHref(node.slug) : null;
    case 'Topic':
    case 'Author':
    case 'Venue':
      // Their screen is the list of their papers (the API's `papers(where:)` filter).
      return node.slug ? papersHref({ [node.__typename.toLowerCase()]: node.slug }) : null;
    default:
      return null;
  }
}
