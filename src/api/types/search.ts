// Ranked full-text search over every node kind, for a UI: match classes (identifier, exact
// name, name prefix, text), completions from the first letter, highlights, counts per kind.

import type { Author, Concept, Paper, Topic, Venue } from '../../model/index.js';
import { NODE_KIND } from '../../model/index.js';
import type { GraphNodeKind, SearchHit, SearchMatch, SearchPage } from '../../store/graph-store.js';
import { MAX_SEARCH_TERMS, SEARCH_KINDS, searchTerms } from '../../store/search-index.js';
import { COMPLETED_KINDS, COMPLETION_MAX, identifierOf } from '../../store/search-ranking.js';
import { builder } from '../builder.js';
import { searchCost } from '../complexity.js';
import { pageOf } from '../../store/page.js';
import { connectionOf, pageRequestFrom } from '../connection.js';
import { UserInputError } from '../errors.js';
import { loadNodes } from '../graph-nodes.js';
import { SearchResultRef } from '../refs.js';
import { STUB_DESCRIPTION } from './paper.js';

const MAX_QUERY_LENGTH = 200;
/** A long field is cut to about this many characters around its first match. */
const SNIPPET_LENGTH = 160;
/** Characters kept before the first match of a cut field. */
const SNIPPET_LEAD = 50;
const WORD = /[^\n\r\p{Z}\p{P}]+/gu;

const KINDS = Object.keys(SEARCH_KINDS) as GraphNodeKind[];
/** A kind's enum value: PAPER, CONCEPT, … */
const screaming = (kind: GraphNodeKind) => kind.toUpperCase();
/** The PascalCase values of before, kept one release: their internal value says so. */
const LEGACY = 'legacy:';

const SearchableType = builder.enumType('SearchableType', {
  description: 'Node kinds search can return.',
  values: Object.fromEntries([
    ...KINDS.map((kind) => [screaming(kind), { value: kind, description: SEARCH_KINDS[kind].description }]),
    ...KINDS.map((kind) => [
      kind,
      {
        value: `${LEGACY}${kind}`,
        description: SEARCH_KINDS[kind].description,
        deprecationReason: `Use ${screaming(kind)}: enum values are SCREAMING_CASE.`,
      },
    ]),
  ]) as Record<string, { value: string; description: string }>,
});

const kindOf = (value: string): GraphNodeKind => (value.startsWith(LEGACY) ? value.slice(LEGACY.length) : value) as GraphNodeKind;

const SearchMatchEnum = builder.enumType('SearchMatch', {
  description: 'Why a hit ranks where it does; hits come in this order, by relevance within each.',
  values: {
    IDENTIFIER: { description: "The query is the paper's arXiv id, DOI or NeurIPS proceedings hash (bare or as a URL)." },
    EXACT_NAME: { description: 'Its name (a title for a paper) or one of its other names is the query, case and punctuation aside.' },
    NAME_PREFIX: { description: 'Its name or one of its other names starts with the query (the last word may be unfinished).' },
    TEXT: { description: 'Its words match the query (BM25 over name, other names, description or abstract, with prefixes and typos).' },
  } satisfies Record<SearchMatch, { description: string }>,
});

const SearchResult = SearchResultRef.implement({
  description:
    'A node search returns: exactly the kinds SearchableType names (Paper, Concept, Topic, Author, Venue), each a Node. An interface rather than a union, so that `node { id }` keeps working.',
  interfaces: [builder.nodeInterfaceRef()],
});

/** A matched span of a snippet, in UTF-16 code units (JavaScript string offsets), end exclusive. */
interface Range {
  start: number;
  end: number;
}
interface Highlight {
  field: string;
  snippet: string;
  ranges: Range[];
}

const SearchHighlightRange = builder.objectRef<Range>('SearchHighlightRange').implement({
  description: 'A matched word in a snippet (an embedded value: no identity of its own).',
  fields: (t) => ({
    start: t.exposeInt('start', {
      description: 'Offset of its first character in the snippet (UTF-16 code units, as JavaScript strings count).',
    }),
    end: t.exposeInt('end', { description: 'Offset just after its last character.' }),
  }),
});

const SearchHighlightRef = builder.objectRef<Highlight>('SearchHighlight').implement({
  description: 'Where a field of a hit matched the query (an embedded value: no identity of its own).',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'The field: title, aliases, abstract, summary, arxivId, doi or proceedingsHash for a paper; name, aliases, description for a concept; name, description for a topic; name, affiliations for an author; name, fullName for a venue.',
    }),
    snippet: t.exposeString('snippet', {
      description: `The field's text (one value of a list field); a long text is cut to about ${SNIPPET_LENGTH} characters around its first match, with "…" where cut.`,
    }),
    ranges: t.field({
      type: [SearchHighlightRange],
      description: 'The matched words of the snippet, in order.',
      resolve: (h) => h.ranges,
    }),
  }),
});

interface TypeCount {
  kind: GraphNodeKind;
  count: number;
}
const SearchTypeCount = builder.objectRef<TypeCount>('SearchTypeCount').implement({
  description: 'How many hits of one kind a query has (an embedded value: no identity of its own).',
  fields: (t) => ({
    type: t.field({ type: SearchableType, description: 'The kind.', resolve: (c) => c.kind as never }),
    count: t.exposeInt('count', { description: 'Hits of this kind, stubs left out unless includeStubs.' }),
  }),
});

type SearchEdgeShape = { hit: SearchHit; node: unknown; query: string };
type SearchConnectionShape = { countsByKind: Record<GraphNodeKind, number> };

const SearchConnection = builder.connectionObject(
  {
    type: SearchResult,
    name: 'SearchResultConnection',
    description: 'Search hits, best first.',
    fields: (t) => ({
      countsByType: t.field({
        type: [SearchTypeCount],
        description:
          'Hits of the same query per kind, every kind (papers, concepts, topics, authors, venues), whatever `types` asks (the tabs of a result page); `totalCount` counts the kinds asked.',
        resolve: (c) => KINDS.map((kind) => ({ kind, count: (c as unknown as SearchConnectionShape).countsByKind[kind] })),
      }),
    }),
  },
  {
    name: 'SearchResultEdge',
    description: 'A search hit.',
    fields: (t) => ({
      score: t.float({
        description:
          'Relevance, higher first: BM25 with prefix and typo matches, plus, for a stronger match class, the best score of the classes below it (so scores descend down the list). A name completed from one or two letters has no BM25 of its own.',
        resolve: (e) => (e as unknown as SearchEdgeShape).hit.score,
      }),
      match: t.field({
        type: SearchMatchEnum,
        description: 'Why the hit ranks where it does.',
        resolve: (e) => (e as unknown as SearchEdgeShape).hit.match,
      }),
      highlights: t.field({
        type: [SearchHighlightRef],
        description:
          "The hit's own fields that matched, each with its matched words (a paper found through its concepts' names alone has none).",
        resolve: (e) => {
          const { hit, node, query } = e as unknown as SearchEdgeShape;
          return node ? highlightsOf(hit, node, query) : [];
        },
      }),
    }),
  },
);

/** "papers, concepts, …, authors and venues": the tables search reads, in SEARCH_KINDS order. */
const searchedTables = KINDS.map((kind) => NODE_KIND[kind].collection)
  .join(', ')
  .replace(/, (?=[^,]*$)/, ' and ');
const completedNames = COMPLETED_KINDS.map((kind) => kind.toLowerCase()).join(' and ');

builder.queryFields((t) => ({
  search: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: SearchConnection,
    description:
      `Ranked search across ${searchedTables}, for a search box: the paper an arXiv id, DOI or NeurIPS proceedings hash names (bare or as a URL) first, then exact names, then names starting with the query, then text matches (BM25, prefixes from 3 letters, typos from 5). ` +
      `One or two letters complete ${completedNames} names. Its cost follows how many documents its words match.`,
    complexity: searchCost,
    args: {
      query: t.arg.string({
        required: true,
        description: `Words to look for, e.g. "contrastive learning", or an identifier: at most ${MAX_QUERY_LENGTH} characters and ${MAX_SEARCH_TERMS} distinct words (a repeated word counts once). A query with no word (a cleared search box) answers an empty list; ${COMPLETION_MAX === 2 ? 'one or two' : `up to ${COMPLETION_MAX}`} letters complete ${completedNames} names.`,
      }),
      types: t.arg({ type: [SearchableType], description: 'Only these kinds of node; all by default. `countsByType` counts every kind.' }),
      includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }),
      ...t.arg.connectionArgs(),
    },
    resolve: async (_root, args, ctx) => {
      const text = args.query.trim();
      if (text.length > MAX_QUERY_LENGTH) throw new UserInputError(`"query" is ${text.length} characters; the most is ${MAX_QUERY_LENGTH}`);
      const words = searchTerms(text).length;
      if (words > MAX_SEARCH_TERMS) throw new UserInputError(`"query" has ${words} distinct words; the most is ${MAX_SEARCH_TERMS}`);
      const request = pageRequestFrom(args);
      const kinds = args.types ? [...new Set((args.types as string[]).map(kindOf))] : null;
      // A cleared search box (or one holding no word) matches nothing: an empty list, not an error.
      const page: SearchPage =
        words === 0
          ? { ...pageOf<SearchHit>([], request), countsByKind: { Paper: 0, Concept: 0, Topic: 0, Author: 0, Venue: 0 } }
          : ((await ctx.loaders.search.load({
              text,
              kinds,
              page: request,
              ...(args.includeStubs ? { includeStubs: true } : {}),
            })) as SearchPage);
      const nodes = await loadNodes(
        ctx,
        page.items.map((h) => h.node),
      );
      return {
        ...connectionOf(page, (hit, cursor, k) => ({ cursor, node: nodes[k] as never, hit, query: text })),
        countsByKind: page.countsByKind,
      };
    },
  }),
}));

// Highlights: the hit's fields, tokenized as the index tokenizes (runs of characters that are
// neither space nor punctuation, lower-cased), each word the hit matched marked.

/** The ranges of `text`'s words that are in `terms` (index words, lower-case). */
export function matchedRanges(text: string, terms: ReadonlySet<string>): Range[] {
  const ranges: Range[] = [];
  for (const m of text.matchAll(WORD)) {
    if (terms.has(m[0].toLowerCase())) ranges.push({ start: m.index, end: m.index + m[0].length });
  }
  return ranges;
}

/** A field's highlight, cut around its first match when long; null when nothing matched. */
export function highlightOf(field: string, text: string | null | undefined, terms: ReadonlySet<string>): Highlight | null {
  if (!text) return null;
  const ranges = matchedRanges(text, terms);
  if (!ranges.length) return null;
  if (text.length <= SNIPPET_LENGTH + 20) return { field, snippet: text, ranges };
  // From a word start before the first match, to a word end about SNIPPET_LENGTH on.
  let start = Math.max(0, ranges[0].start - SNIPPET_LEAD);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < ranges[0].start ? space + 1 : ranges[0].start;
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > ranges[0].end) end = space;
    end = Math.max(end, ranges[0].end);
  }
  const lead = start > 0 ? '…' : '';
  const snippet = `${lead}${text.slice(start, end).trimEnd()}${end < text.length ? '…' : ''}`;
  const shift = lead.length - start;
  const inside = ranges.filter((r) => r.start >= start && r.end <= end).map((r) => ({ start: r.start + shift, end: r.end + shift }));
  return { field, snippet, ranges: inside };
}

/** Every matched field of a hit's node, in the order of its fields. */
function highlightsOf(hit: SearchHit, node: unknown, query: string): Highlight[] {
  const terms = new Set(hit.terms);
  const out: Highlight[] = [];
  const one = (field: string, text: string | null | undefined) => {
    const h = highlightOf(field, text, terms);
    if (h) out.push(h);
  };
  const each = (field: string, texts: readonly string[]) => {
    for (const text of texts) one(field, text);
  };
  switch (hit.node.kind) {
    case 'Paper': {
      const p = node as Paper;
      if (hit.match === 'IDENTIFIER') identifierHighlight(p, query, out);
      one('title', p.title);
      each('aliases', p.aliases);
      one('abstract', p.abstract);
      one('summary', p.summary);
      break;
    }
    case 'Concept': {
      const c = node as Concept;
      one('name', c.name);
      each('aliases', c.aliases);
      one('description', c.description);
      break;
    }
    case 'Topic': {
      const t = node as Topic;
      one('name', t.name);
      one('description', t.description);
      break;
    }
    case 'Author': {
      const a = node as Author;
      one('name', a.name);
      each('affiliations', a.affiliations);
      break;
    }
    case 'Venue': {
      const v = node as Venue;
      one('name', v.name);
      one('fullName', v.fullName);
      break;
    }
  }
  return out;
}

/** The identifier field the query named, whole. */
function identifierHighlight(p: Paper, query: string, out: Highlight[]): void {
  const id = identifierOf(query);
  const whole = (field: string, value: string | null | undefined) => {
    if (value) out.push({ field, snippet: value, ranges: [{ start: 0, end: value.length }] });
  };
  if (id?.scheme === 'arxiv') whole('arxivId', p.arxivId);
  else if (id?.scheme === 'doi') whole('doi', p.doi);
  else if (id?.scheme === 'neurips-proceedings')
    whole('proceedingsHash', p.externalIds.find((e) => e.scheme === 'neurips-proceedings')?.id);
}
