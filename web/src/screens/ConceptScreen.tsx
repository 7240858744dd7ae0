// A concept (/concept/contrastive-learning?year=2020&topic=…&venue=…): its description, where it
// sits (broader concepts as breadcrumbs, narrower ones as children), its papers per year, the
// concepts that share papers with it, and its papers, filtered by the facets the API counts.

import { useQuery } from 'urql';
import { Link, useLocation, useSearch } from 'wouter';
import { Pager, useCursorPages } from '../components/Pager';
import { PaperLine } from '../components/PaperLine';
import { ErrorMessage, Loading, NotFound } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { Timeline } from '../components/Timeline';
import { graphql } from '../gql';
import type { ConceptPageQuery, PaperWhere } from '../gql/graphql';
import { conceptHref, graphHref, searchHref } from '../urls';

export const ConceptPageDocument = graphql(`
  query ConceptPage($slug: String!) {
    concept(by: { slug: $slug }) {
      id
      name
      slug
      kind
      scheme
      description
      aliases
      paperCount
      ancestors {
        id
        name
        slug
      }
      broader {
        id
        name
        slug
      }
      narrower {
        id
        name
        slug
        paperCount
      }
      timeline {
        year
        count
      }
      cooccurring(first: 12) {
        count
        concept {
          id
          name
          slug
        }
      }
      externalIds {
        scheme
        value
        url
      }
    }
  }
`);

export const ConceptPapersDocument = graphql(`
  query ConceptPapers($slug: String!, $where: PaperWhere, $first: Int!, $after: String) {
    concept(by: { slug: $slug }) {
      id
      papers(first: $first, after: $after, where: $where, orderBy: [{ field: YEAR, direction: DESC }]) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        facets {
          timeline {
            year
            count
          }
          byTopic(first: 20) {
            value
            count
            node {
              id
              ... on Topic {
                name
                slug
              }
            }
          }
          byVenue(first: 20) {
            value
            count
            node {
              id
              ... on Venue {
                name
                slug
              }
            }
          }
        }
        edges {
          cursor
          role
          score
          status
          node {
            id
            title
            year
            arxivId
            doi
            venue {
              id
              name
            }
          }
        }
      }
    }
  }
`);

type Concept = NonNullable<ConceptPageQuery['concept']>;
const KIND_LABELS: Record<string, string> = { METHOD: 'method', TASK: 'task', DATASET: 'dataset', METRIC: 'metric', FIELD: 'field' };
const ROLE_LABELS: Record<string, string> = {
  INTRODUCES: 'introduces it',
  USES: 'uses it',
  STUDIES: 'studies it',
  EVALUATES_ON: 'evaluates on it',
};
const PAGE = 20;

export default function ConceptScreen({ slug }: { slug: string }) {
  const [result, reexecute] = useQuery({ query: ConceptPageDocument, variables: { slug: decodeURIComponent(slug) } });
  useTitle(result.data?.concept?.name ?? (result.data ? 'Concept not found' : 'Concept'));
  if (result.error) return <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="the concept" />;
  const concept = result.data.concept;
  if (!concept) {
    return (
      <NotFound>
        No concept is called “{decodeURIComponent(slug)}”.{' '}
        <Link href={searchHref(decodeURIComponent(slug).replace(/-/g, ' '))}>Search for it</Link>.
      </NotFound>
    );
  }
  return <ConceptView concept={concept} />;
}

function ConceptView({ concept }: { concept: Concept }) {
  const path = [...concept.ancestors].reverse();
  return (
    <article aria-labelledby="concept-title">
      {path.length > 0 ? (
        <nav aria-label="Broader concepts" className="breadcrumbs">
          <ol>
            {path.map((c) => (
              <li key={c.id}>
                <Link href={conceptHref(c.slug)}>{c.name}</Link>
              </li>
            ))}
            <li aria-current="page">{concept.name}</li>
          </ol>
        </nav>
      ) : null}
      <h1 id="concept-title">{concept.name}</h1>
      <ul className="facts" aria-label="About">
        <li>{KIND_LABELS[concept.kind] ?? concept.kind}</li>
        <li>{concept.paperCount} papers</li>
        <li>scheme: {concept.scheme}</li>
        {concept.externalIds.map((x) => (
          <li key={`${x.scheme}:${x.value}`}>{x.url ? <a href={x.url}>{`${x.scheme} ${x.value}`}</a> : `${x.scheme} ${x.value}`}</li>
        ))}
        <li>
          <Link href={graphHref(concept.id)}>Graph</Link>
        </li>
      </ul>
      {concept.description ? <p>{concept.description}</p> : <p className="muted">No description yet.</p>}
      {concept.aliases.length > 0 ? <p className="muted">Also called: {concept.aliases.join(', ')}</p> : null}
      {concept.broader.length > 1 ? (
        <p>
          Broader:{' '}
          {concept.broader.map((c, i) => (
            <span key={c.id}>
              {i > 0 ? ', ' : ''}
              <Link href={conceptHref(c.slug)}>{c.name}</Link>
            </span>
          ))}
        </p>
      ) : null}

      <div className="columns">
        <section aria-labelledby="narrower-title">
          <h2 id="narrower-title">Narrower concepts ({concept.narrower.length})</h2>
          {concept.narrower.length === 0 ? <p className="muted">None.</p> : null}
          <ul className="chips">
            {concept.narrower.map((c) => (
              <li key={c.id}>
                <Link href={conceptHref(c.slug)}>
                  {c.name} ({c.paperCount})
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="cooccurring-title">
          <h2 id="cooccurring-title">Often together with</h2>
          {concept.cooccurring.length === 0 ? <p className="muted">No concept shares a paper with this one.</p> : null}
          <ul className="chips">
            {concept.cooccurring.map((c) => (
              <li key={c.concept.id}>
                <Link href={conceptHref(c.concept.slug)}>
                  {c.concept.name} ({c.count})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Papers per year</h2>
        <Timeline counts={concept.timeline} label={`Papers on ${concept.name} per year`} />
      </section>

      <ConceptPapers slug={concept.slug} name={concept.name} />
    </article>
  );
}

/** The filters in the URL (?year=&topic=&venue=) as the API's PaperWhere. */
export function whereFromParams(params: URLSearchParams): PaperWhere | null {
  const where: PaperWhere = {};
  const year = Number(params.get('year'));
  if (Number.isInteger(year) && year > 0) where.year = { eq: year };
  if (params.get('topic')) where.topic = params.get('topic');
  if (params.get('venue')) where.venue = params.get('venue');
  return Object.keys(where).length > 0 ? where : null;
}

function ConceptPapers({ slug, name }: { slug: string; name: string }) {
  const params = new URLSearchParams(useSearch());
  const [location, navigate] = useLocation();
  const where = whereFromParams(params);
  const pages = useCursorPages(PAGE, `${slug}?${params.toString()}`);
  const [result, reexecute] = useQuery({ query: ConceptPapersDocument, variables: { slug, where, first: PAGE, after: pages.after } });
  const papers = result.data?.concept?.papers;
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    const query = next.toString();
    navigate(`${location}${query ? `?${query}` : ''}`, { replace: true });
  };
  return (
    <section aria-labelledby="papers-title">
      <h2 id="papers-title">Papers{papers ? ` (${papers.totalCount})` : ''}</h2>
      {papers ? (
        <form className="facets" aria-label={`Filter the papers on ${name}`} onSubmit={(e) => e.preventDefault()}>
          <label>
            Year
            <select value={params.get('year') ?? ''} onChange={(e) => setFilter('year', e.target.value)}>
              <option value="">Any year</option>
              {[...papers.facets.timeline].reverse().map((y) => (
                <option key={y.year} value={y.year}>
                  {y.year} ({y.count})
                </option>
              ))}
              {params.get('year') && !papers.facets.timeline.some((y) => String(y.year) === params.get('year')) ? (
                <option value={params.get('year') ?? ''}>{params.get('year')}</option>
              ) : null}
            </select>
          </label>
          <FacetSelect label="Topic" name="topic" value={params.get('topic')} buckets={papers.facets.byTopic} onChange={setFilter} />
          <FacetSelect label="Venue" name="venue" value={params.get('venue')} buckets={papers.facets.byVenue} onChange={setFilter} />
          {where ? (
            <button type="button" onClick={() => navigate(location, { replace: true })}>
              Clear filters
            </button>
          ) : null}
        </form>
      ) : null}
      {result.error ? <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {!papers && !result.error ? <Loading what="papers" /> : null}
      {papers && papers.edges.length === 0 ? <p className="muted">No paper matches these filters.</p> : null}
      {papers && papers.edges.length > 0 ? (
        <ol className="list" start={pages.offset + 1} aria-busy={result.fetching}>
          {papers.edges.map((edge) => (
            <li key={edge.node.id}>
              <PaperLine paper={edge.node} />
              <span className="meta">
                {' '}
                · {ROLE_LABELS[edge.role] ?? edge.role} · score {edge.score.toFixed(2)}
                {edge.status === 'SUGGESTED' ? ' · suggested' : ''}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {papers ? (
        <Pager
          pages={pages}
          label="Pages of papers"
          shown={papers.edges.length}
          total={papers.totalCount}
          hasNextPage={papers.pageInfo.hasNextPage}
          endCursor={papers.pageInfo.endCursor}
          busy={result.fetching}
        />
      ) : null}
    </section>
  );
}

interface Bucket {
  value: string;
  count: number;
  node?: { id: string; name?: string; slug?: string } | null;
}

function FacetSelect({
  label,
  name,
  value,
  buckets,
  onChange,
}: {
  label: string;
  name: string;
  value: string | null;
  buckets: readonly Bucket[];
  onChange: (name: string, value: string) => void;
}) {
  const options = buckets
    .filter((b) => b.node?.slug)
    .map((b) => ({ slug: b.node?.slug ?? '', name: b.node?.name ?? b.value, count: b.count }));
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(name, e.target.value)}>
        <option value="">Any {label.toLowerCase()}</option>
        {options.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name} ({o.count})
          </option>
        ))}
        {value && !options.some((o) => o.slug === value) ? <option value={value}>{value}</option> : null}
      </select>
    </label>
  );
}
