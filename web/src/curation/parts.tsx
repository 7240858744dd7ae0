// Pieces of the curation screen: the API key form, a search picker for papers and concepts, the
// outcome of a write (its change number, or the API's UserError in words), and the live feed of
// changes from the subscription.

import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { readApiKey, writeApiKey } from '../api-key';
import type { CurationLiveSubscription, SearchableType } from '../gql/graphql';
import { CurationSearchDocument } from './operations';

export function ApiKeyForm({ onChange }: { onChange(): void }) {
  const [key, setKey] = useState(() => readApiKey());
  const [text, setText] = useState('');
  const id = useId();
  return (
    <form
      className="api-key"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const value = text.trim();
        if (!value) return;
        writeApiKey(value);
        setKey(value);
        setText('');
        onChange();
      }}
    >
      <h2 id={`${id}-title`}>API key</h2>
      <p className="muted">
        Writes need a key of scope <code>curate</code> (<code>papergraph keys create --name you --scope curate</code>). It is kept in this
        tab only (sessionStorage) and sent as a bearer token.
      </p>
      <p role="status" className="key-state">
        {key ? `A key ending in …${key.slice(-4)} is in use for this tab.` : 'No key yet: reads work, writes will be refused.'}
      </p>
      <label htmlFor={`${id}-key`}>Key</label>
      <div className="inline-form">
        <input
          id={`${id}-key`}
          type="password"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="pgk_…"
        />
        <button type="submit">Use this key</button>
        {key ? (
          <button
            type="button"
            onClick={() => {
              writeApiKey(null);
              setKey(null);
              onChange();
            }}
          >
            Forget the key
          </button>
        ) : null}
      </div>
    </form>
  );
}

export interface Picked {
  id: string;
  label: string;
}

/** A search box whose hits (of the given kinds) are buttons. */
export function SearchPicker({ label, types, onPick }: { label: string; types: SearchableType[]; onPick(node: Picked): void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const [{ data, fetching }] = useQuery({ query: CurationSearchDocument, variables: { query, types }, pause: query.length < 2 });
  const hits = query.length < 2 ? [] : (data?.search?.edges ?? []);
  return (
    <div className="node-picker">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />
      <div aria-live="polite">
        {fetching ? <span className="muted">Searching…</span> : null}
        {!fetching && data && query.length >= 2 && hits.length === 0 ? <span className="muted">Nothing found for “{query}”.</span> : null}
      </div>
      {hits.length ? (
        <ul className="picker-hits">
          {hits.map(({ node }) => {
            const name =
              node.__typename === 'Paper'
                ? `${node.title}${node.year ? ` (${node.year})` : ''}`
                : node.__typename === 'Concept'
                  ? node.name
                  : node.id;
            return (
              <li key={node.id}>
                <button
                  type="button"
                  onClick={() => {
                    onPick({ id: node.id, label: name });
                    setText('');
                    setQuery('');
                  }}
                >
                  {name}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

export type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

export function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (!outcome) return <p role="status" className="outcome" />;
  return outcome.ok ? (
    <p role="status" className="outcome ok">
      {outcome.text}
    </p>
  ) : (
    <p role="alert" className="outcome error">
      {outcome.text}
    </p>
  );
}

type LiveChange = CurationLiveSubscription['graphChanged']['change'];

export function LiveFeed({ changes, live }: { changes: readonly LiveChange[]; live: boolean }) {
  return (
    <section aria-labelledby="live-title" className="live-feed">
      <h2 id="live-title">Live changes</h2>
      <p className="muted">
        {live ? 'Listening: changes by anyone appear here as they are committed.' : 'Connecting to the change stream…'}
      </p>
      {changes.length === 0 ? <p className="muted">No change since this page opened.</p> : null}
      <ol className="list" aria-live="polite">
        {changes.map((c) => (
          <li key={c.seq} data-seq={c.seq}>
            <strong>#{c.seq}</strong> {c.op.toLowerCase().replaceAll('_', ' ')} by {c.actor}
            {c.targets.length ? ': ' : ''}
            {c.targets
              .map((t) =>
                t.__typename === 'Paper'
                  ? t.title
                  : t.__typename === 'Concept'
                    ? t.name
                    : t.__typename === 'Collection'
                      ? t.title
                      : t.__typename,
              )
              .join(', ')}
            {c.reason ? <span className="muted"> — “{c.reason}”</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
