// Papers filtered as the API's `papers(where:)` filters them (/papers?author=…&topic=…&venue=…&year=…):
// the screen of an author, a topic or a venue, reached from search and from a paper's byline.

import { useQuery } from 'urql';
import { useSearch } from 'wouter';
import { Pager, useCursorPages } from '../components/Pager';
import { PaperLine } from '../components/PaperLine';
import { ErrorMessage, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { graphql } from '../gql';
import type { PaperWhere } from '../gql/graphql';

export const FilteredPapersDocument = graphql(`
  query FilteredPapers($where: PaperWhere, $first: Int!, $after: String, $author: AuthorLookup, $topic: TopicLookup, $venue: VenueLookup, $withAuthor: Boolean!, $withTopic: Boolean!, $withVenue: Boolean!) {
    author(by: $author) @include(if: $withAuthor) {
      id
      name
      affiliations
    }
    topic(by: $topic) @include(if: $withTopic) {
      id
      name
      description
    }
    venue(by: $venue) @include(if: $withVenue) {
      id
      name
      fullName
      year
    }
    papers(first: $first, after: $after, where: $where, orderBy: [{ field: YEAR, direction: DESC }, { field: TITLE }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
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
`);

const PAGE = 25;

export default function PapersScreen() {
  const params = new URLSearchParams(useSearch());
  const author = params.get('author');
  const topic = params.get('topic');
  const venue = params.get('venue');
  const year = Number(params.get('year'));
  const where: PaperWhere = {};
  if (author) where.author = author;
  if (topic) where.topic = topic;
  if (venue) where.venue = venue;
  if (Number.isInteger(year) && year > 0) where.year = { eq: year };
  const pages = useCursorPages(PAGE, params.toString());
  const [result, reexecute] = useQuery({
    query: FilteredPapersDocument,
    variables: {
      where: Object.keys(where).length ? where : null,
      first: PAGE,
      after: pages.after,
      author: author ? { slug: author } : null,
      topic: topic ? { slug: topic } : null,
      venue: venue ? { slug: venue } : null,
      withAuthor: Boolean(author),
      withTopic: Boolean(topic),
      withVenue: Boolean(venue),
    },
  });
  const data = result.data;
  const heading =
    [
      data?.author ? `by ${data.author.name}` : author ? `by “${author}”` : null,
      data?.topic ? `in ${data.topic.name}` : topic ? `in “${topic}”` : null,
      data?.venue ? `at ${data.venue.fullName ?? data.venue.name}` : venue ? `at “${venue}”` : null,
      year ? `from ${year}` : null,
    ]
      .filter(Boolean)
      .join(', ') || 'all';
  const papers = data?.papers;
  useTitle(`Papers ${heading}`);
  return (
    <section aria-labelledby="papers-title">
      <h1 id="papers-title">Papers {heading}</h1>
      {data?.author?.affiliations.length ? <p className="muted">{data.author.affiliations.join('; ')}</p> : null}
      {data?.topic?.description ? <p>{data.topic.description}</p> : null}
      {result.error ? <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {!data && !result.error ? <Loading what="papers" /> : null}
      {papers && papers.edges.length === 0 ? <p className="muted">No paper matches.</p> : null}
      {papers && papers.edges.length > 0 ? (
        <>
          <p className="muted">{papers.totalCount} papers</p>
          <ol className="list" start={pages.offset + 1} aria-busy={result.fetching}>
            {papers.edges.map((edge) => (
              <li key={edge.node.id}>
                <PaperLine paper={edge.node} />
              </li>
            ))}
          </ol>
        </>
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
