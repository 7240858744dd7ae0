// A collection (/collection/zeta-alpha-neurips-2020): the guide's picks, ranked, in its sections
// (each section where its best-ranked pick falls), with why each was picked and its key insights.

import { useQuery } from 'urql';
import { Link } from 'wouter';
import { PaperLine } from '../components/PaperLine';
import { ErrorMessage, Loading, NotFound } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { graphql } from '../gql';
import type { CollectionPageQuery } from '../gql/graphql';
import { papersHref, searchHref } from '../urls';

export const CollectionPageDocument = graphql(`
  query CollectionPage($slug: String!) {
    collection(by: { slug: $slug }) {
      id
      slug
      title
      description
      publisher
      date
      url
      paperCount
      entries(first: 100) {
        totalCount
        edges {
          node {
            id
            rank
            why
            keyInsights
            section {
              id
              name
              slug
            }
            paper {
              id
              title
              year
              arxivId
              doi
              venue {
                id
                name
              }
              authors(first: 4) {
                totalCount
                edges {
                  node {
                    id
                    name
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

type Entry = NonNullable<CollectionPageQuery['collection']>['entries']['edges'][number]['node'];

/** Entries by section, sections in the order of their best-ranked entry, entries by rank. */
export function sectionsOf(entries: readonly Entry[]): { section: Entry['section']; entries: Entry[] }[] {
  const sorted = [...entries].sort((a, b) => a.rank - b.rank);
  const groups = new Map<string, { section: Entry['section']; entries: Entry[] }>();
  for (const entry of sorted) {
    const key = entry.section?.id ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { section: entry.section, entries: [] }));
    group.entries.push(entry);
  }
  return [...groups.values()];
}

export default function CollectionScreen({ slug }: { slug: string }) {
  const [result, reexecute] = useQuery({ query: CollectionPageDocument, variables: { slug: decodeURIComponent(slug) } });
  useTitle(result.data?.collection?.title ?? (result.data ? 'Collection not found' : 'Collection'));
  if (result.error) return <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="the collection" />;
  const collection = result.data.collection;
  if (!collection) {
    return (
      <NotFound>
        No collection is called “{decodeURIComponent(slug)}”. <Link href={searchHref('')}>Search</Link> instead.
      </NotFound>
    );
  }
  const sections = sectionsOf(collection.entries.edges.map((e) => e.node));
  return (
    <article aria-labelledby="collection-title">
      <h1 id="collection-title">{collection.title}</h1>
      <ul className="facts" aria-label="About">
        {collection.publisher ? <li>{collection.publisher}</li> : null}
        {collection.date ? <li>{collection.date}</li> : null}
        <li>{collection.paperCount} papers</li>
        {collection.url ? (
          <li>
            <a href={collection.url}>Original</a>
          </li>
        ) : null}
      </ul>
      {collection.description ? <p>{collection.description}</p> : null}
      {sections.map(({ section, entries }) => (
        <section key={section?.id ?? 'none'} aria-labelledby={`section-${section?.slug ?? 'none'}`}>
          <h2 id={`section-${section?.slug ?? 'none'}`}>
            {section ? <Link href={papersHref({ topic: section.slug })}>{section.name}</Link> : 'Other picks'}
          </h2>
          <ol className="list">
            {entries.map((entry) => (
              <li key={entry.id} className="entry" value={entry.rank}>
                <span className="rank" aria-hidden="true">
                  #{entry.rank}
                </span>
                <PaperLine paper={entry.paper} />
                <span className="meta">
                  {' '}
                  · {entry.paper.authors.edges.map((a) => a.node.name).join(', ')}
                  {entry.paper.authors.totalCount > entry.paper.authors.edges.length ? ' et al.' : ''}
                </span>
                <dl>
                  {entry.why ? (
                    <>
                      <dt>Why</dt>
                      <dd>{entry.why}</dd>
                    </>
                  ) : null}
                  {entry.keyInsights ? (
                    <>
                      <dt>Key insights</dt>
                      <dd>{entry.keyInsights}</dd>
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </article>
  );
}
