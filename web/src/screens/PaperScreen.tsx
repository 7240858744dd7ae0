// A paper (/paper/arxiv/2006.07733, /paper/doi/…, /paper/id/…): title, authors, venue, year,
// abstract and summary with their provenance, its concepts with role, score and evidence,
// references and citers a page at a time, related papers with the evidence for each, and its
// BibTeX to copy or download.

import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { Pager, useCursorPages } from '../components/Pager';
import { PaperLine } from '../components/PaperLine';
import { Provenance } from '../components/Provenance';
import { ErrorMessage, Loading, NotFound } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { graphql } from '../gql';
import type { PaperPageQuery } from '../gql/graphql';
import { conceptHref, graphHref, paperLookup, papersHref } from '../urls';

export const PaperPageDocument = graphql(`
  query PaperPage($by: PaperLookup!) {
    paper(by: $by) {
      id
      title
      year
      arxivId
      doi
      url
      pdfUrl
      codeUrl
      isStub
      presentation
      abstract
      abstractProvenance {
        id
        source
        recordId
        curator
        at
        reason
      }
      summary
      summaryProvenance {
        id
        source
        recordId
        curator
        at
        reason
      }
      venue {
        id
        name
        slug
        fullName
      }
      topics {
        id
        name
        slug
      }
      authors(first: 100) {
        totalCount
        edges {
          position
          affiliations
          node {
            id
            name
            slug
          }
        }
      }
      concepts(first: 100) {
        totalCount
        edges {
          role
          score
          status
          evidence {
            field
            text
          }
          node {
            id
            name
            slug
            kind
          }
        }
      }
      referenceCount
      citationCount
      citation(format: BIBTEX)
      related(first: 10) {
        id
        score
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
        }
        evidence {
          id
          citesAnchor
          citedByAnchor
          sharedReferenceCount
          sharedCiterCount
          sharedConceptCount
          sharedConcepts(first: 5) {
            id
            name
            slug
          }
          sharedReferences(first: 3) {
            id
            title
            year
            arxivId
            doi
          }
          sharedTerms(first: 5)
        }
      }
    }
  }
`);

export const PaperCitationsDocument = graphql(`
  query PaperCitations($id: ID!, $references: Boolean!, $first: Int!, $after: String) {
    node(id: $id) {
      id
      ... on Paper {
        references(first: $first, after: $after) @include(if: $references) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            cursor
            intents
            isInfluential
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
        citedBy(first: $first, after: $after) @skip(if: $references) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            cursor
            intents
            isInfluential
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
  }
`);

type Paper = NonNullable<PaperPageQuery['paper']>;
type Related = Paper['related'][number];

const ROLE_LABELS: Record<string, string> = { INTRODUCES: 'introduces', USES: 'uses', STUDIES: 'studies', EVALUATES_ON: 'evaluates on' };
export const CITATION_PAGE = 10;

export default function PaperScreen({ by, value }: { by: string; value: string }) {
  const lookup = paperLookup(by, decodeURIComponent(value));
  const [result, reexecute] = useQuery({ query: PaperPageDocument, variables: { by: lookup ?? { id: '' } }, pause: !lookup });
  useTitle(result.data?.paper?.title ?? (result.data ? 'Paper not found' : 'Paper'));
  if (!lookup) {
    return <NotFound>“{by}” is not a way to name a paper here: use /paper/arxiv/…, /paper/doi/… or /paper/id/….</NotFound>;
  }
  if (result.error) return <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="the paper" />;
  const paper = result.data.paper;
  if (!paper) {
    return (
      <NotFound>
        No paper has {by === 'arxiv' ? 'the arXiv id' : by === 'doi' ? 'the DOI' : 'the id'} “{decodeURIComponent(value)}”.{' '}
        <Link href={`/search?q=${encodeURIComponent(decodeURIComponent(value))}`}>Search for it</Link>.
      </NotFound>
    );
  }
  return <PaperView paper={paper} />;
}

function PaperView({ paper }: { paper: Paper }) {
  const authors = paper.authors.edges;
  return (
    <article aria-labelledby="paper-title">
      <h1 id="paper-title">{paper.title}</h1>
      <p className="byline">
        {authors.length > 0
          ? authors.map((edge, i) => (
              <span key={edge.node.id}>
                {i > 0 ? ', ' : ''}
                <Link href={papersHref({ author: edge.node.slug })}>{edge.node.name}</Link>
              </span>
            ))
          : 'Authors not recorded'}
      </p>
      <ul className="facts" aria-label="Publication">
        {paper.venue ? (
          <li>
            <Link href={papersHref({ venue: paper.venue.slug })}>{paper.venue.fullName ?? paper.venue.name}</Link>
          </li>
        ) : null}
        {paper.year ? <li>{paper.year}</li> : null}
        {paper.presentation ? <li>{paper.presentation.toLowerCase()}</li> : null}
        {paper.arxivId ? (
          <li>
            arXiv <a href={`https://arxiv.org/abs/${paper.arxivId}`}>{paper.arxivId}</a>
          </li>
        ) : null}
        {paper.doi ? (
          <li>
            DOI <a href={`https://doi.org/${paper.doi}`}>{paper.doi}</a>
          </li>
        ) : null}
        {paper.pdfUrl ? (
          <li>
            <a href={paper.pdfUrl}>PDF</a>
          </li>
        ) : null}
        {paper.codeUrl ? (
          <li>
            <a href={paper.codeUrl}>Code</a>
          </li>
        ) : null}
        <li>
          <Link href={graphHref(paper.id)}>Graph</Link>
        </li>
      </ul>
      {paper.topics.length > 0 ? (
        <ul className="chips" aria-label="Topics">
          {paper.topics.map((t) => (
            <li key={t.id}>
              <Link href={papersHref({ topic: t.slug })}>{t.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}

      <section aria-labelledby="abstract-title">
        <h2 id="abstract-title">Abstract</h2>
        {paper.abstract ? (
          <>
            <p>{paper.abstract}</p>
            <Provenance of={paper.abstractProvenance} label="Abstract from" />
          </>
        ) : (
          <p className="muted">No abstract is recorded for this paper.</p>
        )}
        {paper.summary ? (
          <>
            <h3>Curators’ summary</h3>
            <p>{paper.summary}</p>
            <Provenance of={paper.summaryProvenance} label="Summary from" />
          </>
        ) : null}
      </section>

      <section aria-labelledby="concepts-title">
        <h2 id="concepts-title">Concepts ({paper.concepts.totalCount})</h2>
        {paper.concepts.edges.length === 0 ? <p className="muted">No concept is linked to this paper.</p> : null}
        <ul className="list">
          {paper.concepts.edges.map((edge) => (
            <li key={edge.node.id}>
              <Link href={conceptHref(edge.node.slug)}>{edge.node.name}</Link>{' '}
              <span className="meta">
                {ROLE_LABELS[edge.role] ?? edge.role} · score {edge.score.toFixed(2)}
                {edge.status === 'SUGGESTED' ? ' · suggested by the tagger' : ''}
              </span>
              {edge.evidence.map((ev) => (
                <p key={`${ev.field}:${ev.text}`} className="evidence">
                  <span className="muted">{ev.field.toLowerCase()}:</span> “{ev.text}”
                </p>
              ))}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="related-title">
        <h2 id="related-title">Related papers</h2>
        {paper.related.length === 0 ? <p className="muted">No related paper found.</p> : null}
        <ol className="list" id="related">
          {paper.related.map((r) => (
            <li key={r.id}>
              <PaperLine paper={r.paper} /> <span className="meta">score {r.score.toFixed(2)}</span>
              <p className="evidence">{evidenceText(r)}</p>
            </li>
          ))}
        </ol>
      </section>

      <div className="columns">
        <Citations paperId={paper.id} references total={paper.referenceCount} />
        <Citations paperId={paper.id} references={false} total={paper.citationCount} />
      </div>

      <Bibtex paper={paper} />
    </article>
  );
}

/** Why a paper is related, in words, from the API's evidence (nothing computed here). */
export function evidenceText(r: Pick<Related, 'evidence'>): string {
  const e = r.evidence;
  const parts: string[] = [];
  if (e.citesAnchor) parts.push('cites this paper');
  if (e.citedByAnchor) parts.push('is cited by this paper');
  if (e.sharedReferenceCount > 0) parts.push(`${e.sharedReferenceCount} shared reference${e.sharedReferenceCount === 1 ? '' : 's'}`);
  if (e.sharedCiterCount > 0) parts.push(`cited together by ${e.sharedCiterCount} paper${e.sharedCiterCount === 1 ? '' : 's'}`);
  if (e.sharedConceptCount > 0) {
    const names = e.sharedConcepts.map((c) => c.name).join(', ');
    parts.push(`${e.sharedConceptCount} shared concept${e.sharedConceptCount === 1 ? '' : 's'}${names ? ` (${names})` : ''}`);
  }
  if (e.sharedTerms.length > 0) parts.push(`shared terms: ${e.sharedTerms.join(', ')}`);
  return parts.length > 0 ? `Why: ${parts.join('; ')}.` : 'Why: textual similarity.';
}

/** References or citers, a page at a time (cursor pages; Previous goes back through the cursors seen). */
function Citations({ paperId, references, total }: { paperId: string; references: boolean; total: number }) {
  const pages = useCursorPages(CITATION_PAGE, paperId);
  const [result, reexecute] = useQuery({
    query: PaperCitationsDocument,
    variables: { id: paperId, references, first: CITATION_PAGE, after: pages.after },
  });
  const title = references ? 'References' : 'Cited by';
  const id = references ? 'references-title' : 'citers-title';
  const node = result.data?.node;
  const page = node ? (references ? ('references' in node ? node.references : null) : 'citedBy' in node ? node.citedBy : null) : null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} ({total})
      </h2>
      {result.error ? <ErrorMessage error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} /> : null}
      {!page && !result.error ? <Loading what={title.toLowerCase()} /> : null}
      {page && page.edges.length === 0 ? (
        <p className="muted">{references ? 'No reference is recorded.' : 'No paper here cites it.'}</p>
      ) : null}
      {page && page.edges.length > 0 ? (
        <ol className="list" start={pages.offset + 1} aria-busy={result.fetching}>
          {page.edges.map((edge) => (
            <li key={edge.node.id}>
              <PaperLine paper={edge.node} />
              {edge.isInfluential ? <span className="meta"> · influential</span> : null}
              {edge.intents.length > 0 ? <span className="meta"> · {edge.intents.join(', ').toLowerCase()}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {page ? (
        <Pager
          pages={pages}
          label={`${title} pages`}
          shown={page.edges.length}
          total={page.totalCount}
          hasNextPage={page.pageInfo.hasNextPage}
          endCursor={page.pageInfo.endCursor}
          busy={result.fetching}
        />
      ) : null}
    </section>
  );
}

function Bibtex({ paper }: { paper: Pick<Paper, 'citation' | 'arxivId' | 'id' | 'title'> }) {
  const [copied, setCopied] = useState<string | null>(null);
  const href = `data:application/x-bibtex;charset=utf-8,${encodeURIComponent(paper.citation)}`;
  const file = `${(paper.arxivId ?? paper.title.slice(0, 40)).replace(/[^\w.-]+/g, '-')}.bib`;
  return (
    <section aria-labelledby="bibtex-title">
      <h2 id="bibtex-title">Cite (BibTeX)</h2>
      <pre tabIndex={0} aria-label="BibTeX entry">
        {paper.citation}
      </pre>
      <div className="pager">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(paper.citation).then(
              () => setCopied('Copied.'),
              () => setCopied('Copying was refused: select the text instead.'),
            ) ?? setCopied('Copying is not available here: select the text instead.')
          }
        >
          Copy BibTeX
        </button>
        <a href={href} download={file}>
          Download {file}
        </a>
        <span role="status" className="muted">
          {copied}
        </span>
      </div>
    </section>
  );
}
