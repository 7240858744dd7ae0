// Search as you type (/ and /search?q=…&type=…): papers, concepts, topics, authors and venues
// in the API's order (identifier, exact name, name prefix, text), with its highlights marked.
// Keyboard: ↓ from the box moves into the results, ↑/↓ between them, Enter opens one (Enter in
// the box opens the first), Escape goes back to the box. The query is in the URL, so a search
// can be shared and the back button returns to it.

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from 'urql';
import { Link, useLocation, useSearch } from 'wouter';
import { Highlight } from '../components/Highlight';
import { ErrorMessage, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { graphql } from '../gql';
import type { SearchableType, SearchQuery } from '../gql/graphql';
import { collectionHref, conceptHref, nodeHref, searchHref } from '../urls';

export const SearchDocument = graphql(`
  query Search($query: String!, $types: [SearchableType!], $first: Int) {
    search(query: $query, types: $types, first: $first) {
      totalCount
      countsByType {
        type
        count
      }
      pageInfo {
        hasNextPage
      }
      edges {
        cursor
        match
        highlights {
          field
          snippet
          ranges {
            start
            end
          }
        }
        node {
          __typename
          id
          ... on Paper {
            title
            year
            arxivId
            doi
            venue {
              id
              name
            }
          }
          ... on Concept {
            name
            slug
            kind
            paperCount
          }
          ... on Topic {
            name
            slug
            paperCount
          }
          ... on Author {
            name
            slug
            paperCount
          }
          ... on Venue {
            name
            slug
            fullName
            year
            paperCount
          }
        }
      }
    }
  }
`);

export const HomeDocument = graphql(`
  query Home {
    collections(first: 10) {
      edges {
        node {
          id
          slug
          title
          publisher
          paperCount
        }
      }
    }
    concepts(first: 15, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) {
      edges {
        node {
          id
          slug
          name
          paperCount
        }
      }
    }
  }
`);

type Edge = NonNullable<SearchQuery['search']>['edges'][number];

const TYPE_LABELS: Record<string, string> = { PAPER: 'Papers', CONCEPT: 'Concepts', TOPIC: 'Topics', AUTHOR: 'Authors', VENUE: 'Venues' };
const KIND_LABELS: Record<string, string> = { Paper: 'paper', Concept: 'concept', Topic: 'topic', Author: 'author', Venue: 'venue' };
/** Fields whose highlight is the hit's label itself. */
const LABEL_FIELDS = new Set(['title', 'name']);
const FIELD_LABELS: Record<string, string> = {
  abstract: 'abstract',
  summary: 'summary',
  aliases: 'also called',
  description: 'description',
  affiliations: 'affiliation',
  fullName: 'full name',
  arxivId: 'arXiv',
  doi: 'DOI',
  proceedingsHash: 'proceedings',
};
const PAGE = 20;

export function labelOf(node: Edge['node']): string {
  return 'title' in node ? node.title : node.name;
}

function metaOf(node: Edge['node']): string {
  switch (node.__typename) {
    case 'Paper':
      return [node.year, node.venue?.name].filter(Boolean).join(' · ');
    case 'Concept':
      return `${node.kind.toLowerCase()} · ${node.paperCount} papers`;
    case 'Topic':
    case 'Author':
      return `${node.paperCount} papers`;
    case 'Venue':
      return [node.fullName, node.year, `${node.paperCount} papers`].filter(Boolean).join(' · ');
    default:
      return '';
  }
}

export function SearchScreen() {
  const params = new URLSearchParams(useSearch());
  const [location, navigate] = useLocation();
  const q = params.get('q') ?? '';
  const type = params.get('type');
  const [text, setText] = useState(q);
  const [first, setFirst] = useState(PAGE);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const hintId = useId();

  // The URL follows the box (replacing the entry, so Back leaves the search, not each letter).
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => {
      const href = searchHref(text);
      navigate(type && text.trim() ? `${href}&type=${type}` : href, { replace: location !== '/' || !text.trim() ? true : false });
    }, 150);
    return () => clearTimeout(timer);
  }, [text, q, type, navigate, location]);
  // …and the box follows the URL (Back, a link to /search?q=…).
  useEffect(() => setText((current) => (current.trim() === q.trim() ? current : q)), [q]);
  useEffect(() => setFirst(PAGE), [q, type]);

  const [result, reexecute] = useQuery({
    query: SearchDocument,
    variables: { query: q.trim(), first, types: type ? [type as SearchableType] : null },
    pause: !q.trim(),
  });
  const search = result.data?.search;
  useTitle(q.trim() ? `“${q.trim()}”` : null);
  const edges = search?.edges ?? [];

  const links = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>('a[data-hit]') ?? []);
  const onBoxKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      links()[0]?.focus();
    } else if (event.key === 'Enter') {
      // Enter before the results caught up with the box searches at once; after, opens the first hit.
      if (q.trim() !== text.trim()) return navigate(searchHref(text), { replace: location !== '/' });
      const href = edges[0] && nodeHref(edges[0].node);
      if (href) navigate(href);
    }
  };
  const onListKey = (event: KeyboardEvent<HTMLOListElement>) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (at === 0) input.current?.focus();
      else all[at - 1]?.focus();
    } else if (event.key === 'Escape') {
      input.current?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      all[event.key === 'Home' ? 0 : all.length - 1]?.focus();
    }
  };

  const typeHref = (t: string | null) => `${searchHref(q)}${t ? `&type=${t}` : ''}`;

  return (
    <section aria-labelledby="search-title" className="search">
      <h1 id="search-title">Search papers, concepts, topics, authors and venues</h1>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="search-box">Search</label>
        <input
          id="search-box"
          ref={input}
          type="search"
          value={text}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          placeholder="contrastive learning, 2006.07733, Hinton…"
          aria-describedby={hintId}
          aria-controls={edges.length > 0 ? 'search-results' : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onBoxKey}
        />
        <p id={hintId} className="hint">
          Results appear as you type. ↓ moves into them, ↑ ↓ between them, Enter opens one.
        </p>
      </form>

      {!q.trim() ? (
        <Home />
      ) : (
        <>
          {search ? (
            <nav aria-label="Kinds of result" className="tabs">
              <ul>
                <li>
                  <Link href={typeHref(null)} aria-current={type ? undefined : 'page'}>
                    All ({search.countsByType.reduce((n, c) => n + c.count, 0)})
                  </Link>
                </li>
                {search.countsByType
                  .filter((c) => c.count > 0)
                  .map((c) => (
                    <li key={c.type}>
                      <Link href={typeHref(c.type)} aria-current={type === c.type ? 'page' : undefined}>
                        {TYPE_LABELS[c.type] ?? c.type} ({c.count})
                      </Link>
                    </li>
                  ))}
              </ul>
            </nav>
          ) : null}
          <div aria-live="polite" className="visually-hidden">
            {search ? `${search.totalCount} results for ${q}` : ''}
          </div>
          {result.fetching && !search ? <Loading what="results" /> : null}
          {result.error ? <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
          {search && edges.length === 0 ? <p className="notice">Nothing matches “{q}”.</p> : null}
          {edges.length > 0 ? (
            <ol id="search-results" ref={list} className="hits" onKeyDown={onListKey} aria-label={`Results for ${q}`}>
              {edges.map((edge) => (
                <Hit key={edge.node.id} edge={edge} />
              ))}
            </ol>
          ) : null}
          {search?.pageInfo.hasNextPage && first < 100 ? (
            <button type="button" className="more" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))} disabled={result.fetching}>
              {result.fetching ? 'Loading…' : 'More results'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function Hit({ edge }: { edge: Edge }) {
  const { node, highlights } = edge;
  const href = nodeHref(node);
  const label = labelOf(node);
  const own = highlights.find((h) => LABEL_FIELDS.has(h.field) && h.snippet === label);
  const others = highlights.filter((h) => h !== own && !LABEL_FIELDS.has(h.field)).slice(0, 2);
  const title = own ? <Highlight text={own.snippet} ranges={own.ranges} /> : label;
  return (
    <li className="hit">
      <span className={`kind kind-${node.__typename.toLowerCase()}`}>{KIND_LABELS[node.__typename] ?? node.__typename}</span>
      {href ? (
        <Link href={href} data-hit="" className="hit-title">
          {title}
        </Link>
      ) : (
        <span className="hit-title">{title}</span>
      )}
      <span className="meta">{metaOf(node)}</span>
      {others.map((h) => (
        <p key={`${h.field}:${h.snippet}`} className="snippet">
          <span className="field">{FIELD_LABELS[h.field] ?? h.field}:</span> <Highlight text={h.snippet} ranges={h.ranges} />
        </p>
      ))}
    </li>
  );
}

/** The empty search: what papergraph holds, the guides and the concepts with most papers. */
function Home() {
  const [result, reexecute] = useQuery({ query: HomeDocument });
  const collections = result.data?.collections?.edges ?? [];
  const concepts = result.data?.concepts?.edges ?? [];
  return (
    <div className="intro">
      <p>
        papergraph links research papers to the concepts they introduce, use and evaluate on, and to the papers they cite. Try{' '}
        <Link href={searchHref('contrastive')}>contrastive</Link>, <Link href={searchHref('attention')}>attention</Link> or an arXiv id such
        as <Link href={searchHref('2006.07733')}>2006.07733</Link>.
      </p>
      {result.error ? <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {!result.data && !result.error ? <Loading what="guides and concepts" /> : null}
      {collections.length > 0 ? (
        <section aria-labelledby="guides-title">
          <h2 id="guides-title">Guides</h2>
          <ul className="list">
            {collections.map(({ node }) => (
              <li key={node.id}>
                <Link href={collectionHref(node.slug)}>{node.title}</Link>
                <span className="meta"> — {[node.publisher, `${node.paperCount} papers`].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {concepts.length > 0 ? (
        <section aria-labelledby="concepts-home-title">
          <h2 id="concepts-home-title">Concepts with most papers</h2>
          <ul className="chips">
            {concepts.map(({ node }) => (
              <li key={node.id}>
                <Link href={conceptHref(node.slug)}>
                  {node.name} ({node.paperCount})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
