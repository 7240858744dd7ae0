// The curation screen (/curation?paper=<global id>&collection=<slug>): writes with an API key.
// - The key: entered here, kept in sessionStorage (api-key.ts), sent by the client on every request.
// - A paper: its concept links with role, score, status and provenance; link a concept, unlink
//   one, accept or reject the tagger's suggestions (status SUGGESTED); add a citation.
// - The collection (the guide by default): move an entry up or down, remove it, edit its why and
//   key insights, add the chosen paper.
// Every write answers its change number or the API's UserError, shown as it says it. Changes by
// anyone (another tab, another curator, a script) arrive through the `graphChanged` subscription
// (server-sent events over fetch, no WebSocket needed) and refresh what they touched.

import { useCallback, useMemo, useState } from 'react';
import { type AnyVariables, type TypedDocumentNode, useClient, useQuery, useSubscription } from 'urql';
import { Link, useLocation, useSearch } from 'wouter';
import { ErrorMessage, Loading } from '../components/Status';
import {
  AcceptSuggestionDocument,
  AddCitationDocument,
  AddCollectionEntryDocument,
  CurationCollectionDocument,
  CurationLiveDocument,
  CurationPaperDocument,
  LinkConceptDocument,
  MoveCollectionEntryDocument,
  RejectSuggestionDocument,
  RemoveCollectionEntryDocument,
  UnlinkConceptDocument,
  UpdateCollectionEntryDocument,
} from '../curation/operations';
import { ApiKeyForm, LiveFeed, type Outcome, OutcomeLine, SearchPicker } from '../curation/parts';
import type { ConceptRole, CurationLiveSubscription } from '../gql/graphql';
import { conceptHref, paperHref } from '../urls';
import '../graph/graph.css';
import '../curation/curation.css';

const ROLES: ConceptRole[] = ['INTRODUCES', 'STUDIES', 'USES', 'EVALUATES_ON'];
const GUIDE = 'zeta-alpha-neurips-2020';
type LiveChange = CurationLiveSubscription['graphChanged']['change'];
const LIVE_CONTEXT = { fetchSubscriptions: true };

export default function CurationScreen() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const q = useMemo(() => new URLSearchParams(search), [search]);
  const paperId = q.get('paper');
  const slug = q.get('collection') || GUIDE;
  const client = useClient();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  const [paper, refetchPaper] = useQuery({
    query: CurationPaperDocument,
    variables: { id: paperId ?? '' },
    pause: !paperId,
    requestPolicy: 'cache-and-network',
  });
  const [collection, refetchCollection] = useQuery({
    query: CurationCollectionDocument,
    variables: { slug },
    requestPolicy: 'cache-and-network',
  });
  const refresh = useCallback(() => {
    if (paperId) refetchPaper({ requestPolicy: 'network-only' });
    refetchCollection({ requestPolicy: 'network-only' });
  }, [paperId, refetchPaper, refetchCollection]);

  // Live: every committed change; what touches the paper or the collection shown is fetched again.
  const collectionId = collection.data?.collection?.id ?? null;
  const handleChange = useCallback(
    (previous: LiveChange[] | undefined, event: CurationLiveSubscription): LiveChange[] => {
      const change = event.graphChanged.change;
      const seen = previous ?? [];
      if (seen.some((c) => c.seq === change.seq)) return seen;
      if ((paperId && change.targetIds.includes(paperId)) || (collectionId && change.targetIds.includes(collectionId))) {
        queueMicrotask(refresh);
      }
      return [change, ...seen].slice(0, 20);
    },
    [paperId, collectionId, refresh],
  );
  const [live] = useSubscription({ query: CurationLiveDocument, context: LIVE_CONTEXT }, handleChange);

  /** Runs a write; shows its change number or its UserError; refreshes what it changed. */
  const write = useCallback(
    async <D extends Record<string, unknown>, V extends AnyVariables>(document: TypedDocumentNode<D, V>, variables: V, done: string) => {
      setBusy(true);
      setOutcome(null);
      const result = await client.mutation(document, variables).toPromise();
      setBusy(false);
      if (result.error) {
        setOutcome({ ok: false, text: result.error.graphQLErrors.map((e) => e.message).join('; ') || result.error.message });
        return false;
      }
      const answer = Object.values(result.data ?? {})[0] as {
        __typename: string;
        message?: string;
        field?: string;
        change?: { seq: number };
      } | null;
      if (!answer) {
        setOutcome({ ok: false, text: 'The server answered nothing for this write.' });
        return false;
      }
      if (answer.message !== undefined && !answer.change) {
        const kind = answer.__typename.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
        setOutcome({ ok: false, text: `${kind}: ${answer.message}${answer.field ? ` (field ${answer.field})` : ''}` });
        return false;
      }
      setOutcome({ ok: true, text: `${done} (change #${answer.change?.seq}).` });
      refresh();
      return true;
    },
    [client, refresh],
  );

  const node = paper.data?.node;
  const shown = node && node.__typename === 'Paper' ? node : null;
  const entries = collection.data?.collection?.entries.edges.map((e) => e.node) ?? [];
  const setPaper = (id: string | null) => navigate(`/curation${id ? `?paper=${encodeURIComponent(id)}` : ''}`, { replace: false });

  return (
    <section className="curation" aria-labelledby="curation-title" data-live={live.fetching ? 'on' : 'off'}>
      <h1 id="curation-title">Curation</h1>
      <ApiKeyForm onChange={() => setOutcome(null)} />
      <OutcomeLine outcome={outcome} />

      <section aria-labelledby="paper-title" className="curation-paper">
        <h2 id="paper-title">Paper</h2>
        <SearchPicker label="Choose a paper" types={['PAPER']} onPick={(p) => setPaper(p.id)} />
        {!paperId ? <p className="muted">Choose a paper to curate its concepts and citations.</p> : null}
        {paper.fetching && !paper.data ? <Loading what="the paper" /> : null}
        {paper.error ? <ErrorMessage error={paper.error} retry={refresh} /> : null}
        {paperId && paper.data && !shown ? <p role="alert">No paper has this id.</p> : null}
        {shown ? (
          <>
            <h3 className="curated-title">
              <Link href={paperHref(shown)}>{shown.title}</Link> {shown.year ? <span className="muted">({shown.year})</span> : null}
            </h3>
            <h3 id="links-title">Concepts ({shown.concepts.totalCount})</h3>
            <ul className="list links" aria-labelledby="links-title">
              {shown.concepts.edges.map((edge) => (
                <li key={edge.node.id} data-concept={edge.node.id} data-status={edge.status}>
                  <Link href={conceptHref(edge.node.slug)}>{edge.node.name}</Link>{' '}
                  <span className="muted">
                    {edge.role.toLowerCase().replace('_', ' ')} · score {edge.score} ·{' '}
                    {edge.status === 'SUGGESTED' ? 'suggested by the tagger' : 'confirmed'} ·{' '}
                    {edge.provenance.map((p) => p.source).join(', ')}
                  </span>
                  <span className="row-actions">
                    {edge.status === 'SUGGESTED' ? (
                      <>
                        <button
                          type="button"
                          disabled={busy}
                          aria-label={`Accept the suggestion ${edge.node.name}`}
                          onClick={() =>
                            void write(
                              AcceptSuggestionDocument,
                              { input: { paperId: shown.id, conceptId: edge.node.id } },
                              `Accepted ${edge.node.name}`,
                            )
                          }
                        >
                          Accept
                        </button>
                        <button
                          type="button"
                          disabled={busy}
                          aria-label={`Reject the suggestion ${edge.node.name}`}
                          onClick={() =>
                            void write(
                              RejectSuggestionDocument,
                              { input: { paperId: shown.id, conceptId: edge.node.id } },
                              `Rejected ${edge.node.name}`,
                            )
                          }
                        >
                          Reject
                        </button>
                      </>
                    ) : null}
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Unlink ${edge.node.name}`}
                      onClick={() =>
                        void write(
                          UnlinkConceptDocument,
                          { input: { paperId: shown.id, conceptId: edge.node.id } },
                          `Unlinked ${edge.node.name}`,
                        )
                      }
                    >
                      Unlink
                    </button>
                  </span>
                </li>
              ))}
            </ul>
            <LinkConceptForm
              busy={busy}
              onLink={(conceptId, name, role, score, reason) =>
                write(
                  LinkConceptDocument,
                  { input: { paperId: shown.id, conceptId, role, score, reason: reason || null } },
                  `Linked ${name}`,
                )
              }
            />
            <h3 id="refs-title">References ({shown.references.totalCount})</h3>
            <ul className="list compact" aria-labelledby="refs-title">
              {shown.references.edges.map((e) => (
                <li key={e.node.id}>
                  {e.node.title} {e.node.year ? <span className="muted">({e.node.year})</span> : null}
                </li>
              ))}
            </ul>
            <SearchPicker
              label="Add a citation: this paper cites…"
              types={['PAPER']}
              onPick={(cited) =>
                void write(
                  AddCitationDocument,
                  { input: { citingId: shown.id, citedId: cited.id } },
                  `Added the citation of ${cited.label}`,
                )
              }
            />
          </>
        ) : null}
      </section>

      <section aria-labelledby="collection-title" className="curation-collection">
        <h2 id="collection-title">Collection{collection.data?.collection ? `: ${collection.data.collection.title}` : ''}</h2>
        {collection.error ? <ErrorMessage error={collection.error} retry={refresh} /> : null}
        {collection.fetching && !collection.data ? <Loading what="the collection" /> : null}
        {collection.data && !collection.data.collection ? <p role="alert">No collection “{slug}”.</p> : null}
        {collection.data?.collection ? (
          <>
            <ol className="list entries">
              {entries.map((entry, i) => (
                <EntryRow
                  key={entry.id}
                  entry={entry}
                  first={i === 0}
                  last={i === entries.length - 1}
                  busy={busy}
                  onMove={(rank) =>
                    void write(
                      MoveCollectionEntryDocument,
                      { input: { collectionId: collectionId!, paperId: entry.paper.id, rank } },
                      `Moved ${entry.paper.title} to rank ${rank}`,
                    )
                  }
                  onRemove={() =>
                    void write(
                      RemoveCollectionEntryDocument,
                      { input: { collectionId: collectionId!, paperId: entry.paper.id } },
                      `Removed ${entry.paper.title}`,
                    )
                  }
                  onSave={(why, keyInsights) =>
                    write(
                      UpdateCollectionEntryDocument,
                      {
                        input: { collectionId: collectionId!, paperId: entry.paper.id, why: why || null, keyInsights: keyInsights || null },
                      },
                      `Saved the notes of ${entry.paper.title}`,
                    )
                  }
                />
              ))}
            </ol>
            {shown && !entries.some((e) => e.paper.id === shown.id) ? (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void write(
                    AddCollectionEntryDocument,
                    { input: { collectionId: collectionId!, paperId: shown.id } },
                    `Added ${shown.title} to the collection`,
                  )
                }
              >
                Add “{shown.title}” to the collection
              </button>
            ) : (
              <p className="muted">Choose a paper above to add it to the collection.</p>
            )}
          </>
        ) : null}
      </section>

      <LiveFeed changes={live.data ?? []} live={live.fetching} />
    </section>
  );
}

function LinkConceptForm({
  busy,
  onLink,
}: {
  busy: boolean;
  onLink(conceptId: string, name: string, role: ConceptRole, score: number, reason: string): Promise<boolean>;
}) {
  const [concept, setConcept] = useState<{ id: string; label: string } | null>(null);
  const [role, setRole] = useState<ConceptRole>('USES');
  const [score, setScore] = useState('0.8');
  const [reason, setReason] = useState('');
  return (
    <form
      className="link-form"
      noValidate
      aria-labelledby="link-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!concept) return;
        if (await onLink(concept.id, concept.label, role, Number(score), reason)) {
          setConcept(null);
          setReason('');
        }
      }}
    >
      <h3 id="link-title">Link a concept</h3>
      <SearchPicker label="Concept" types={['CONCEPT']} onPick={setConcept} />
      <p>
        Chosen: <strong className="chosen-concept">{concept ? concept.label : 'none yet'}</strong>
      </p>
      <div className="inline-form">
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as ConceptRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase().replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Score (0–1] <input type="number" min="0.01" max="1" step="0.01" value={score} onChange={(e) => setScore(e.target.value)} />
        </label>
        <label>
          Reason <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !concept}>
          Link
        </button>
      </div>
    </form>
  );
}

interface Entry {
  id: string;
  rank: number;
  why?: string | null;
  keyInsights?: string | null;
  section?: { name: string } | null;
  paper: { id: string; title: string; year?: number | null };
}

function EntryRow({
  entry,
  first,
  last,
  busy,
  onMove,
  onRemove,
  onSave,
}: {
  entry: Entry;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove(rank: number): void;
  onRemove(): void;
  onSave(why: string, keyInsights: string): Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [why, setWhy] = useState(entry.why ?? '');
  const [insights, setInsights] = useState(entry.keyInsights ?? '');
  const title = entry.paper.title;
  return (
    <li className="entry" data-paper={entry.paper.id} data-rank={entry.rank}>
      <span className="rank">{entry.rank}.</span> <strong>{title}</strong>
      {entry.section ? <span className="muted"> · {entry.section.name}</span> : null}
      {entry.why && !editing ? <p className="muted entry-why">{entry.why}</p> : null}
      <span className="row-actions">
        <button type="button" disabled={busy || first} aria-label={`Move ${title} up`} onClick={() => onMove(entry.rank - 1)}>
          Up
        </button>
        <button type="button" disabled={busy || last} aria-label={`Move ${title} down`} onClick={() => onMove(entry.rank + 1)}>
          Down
        </button>
        <button
          type="button"
          disabled={busy}
          aria-label={`Edit the notes of ${title}`}
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          Notes
        </button>
        <button type="button" disabled={busy} aria-label={`Remove ${title}`} onClick={onRemove}>
          Remove
        </button>
      </span>
      {editing ? (
        <form
          className="notes-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await onSave(why, insights)) setEditing(false);
          }}
        >
          <label>
            Why it matters
            <textarea value={why} onChange={(e) => setWhy(e.target.value)} rows={3} />
          </label>
          <label>
            Key insights
            <textarea value={insights} onChange={(e) => setInsights(e.target.value)} rows={3} />
          </label>
          <button type="submit" disabled={busy}>
            Save the notes
          </button>
        </form>
      ) : null}
    </li>
  );
}
