// Choose a node of the whole graph by name: the API's search as you type (papers, concepts,
// topics, authors, venues), its hits as buttons. Used for the start of the graph and the ends of
// a path when the node is not drawn yet.

import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { GraphNodeSearchDocument } from './operations';

export interface PickedNode {
  id: string;
  label: string;
  kind: string;
}

export function NodePicker({ label, onPick, placeholder }: { label: string; onPick(node: PickedNode): void; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const [{ data, fetching, error }] = useQuery({
    query: GraphNodeSearchDocument,
    variables: { query, first: 6 },
    pause: query.length < 2,
  });
  const hits = query.length < 2 ? [] : (data?.search?.edges ?? []);
  return (
    <div className="node-picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hits`}
      />
      <div id={`${id}-hits`} aria-live="polite">
        {fetching ? <span className="muted">Searching…</span> : null}
        {error ? <span className="error-text">Search failed: {error.message}</span> : null}
        {!fetching && query.length >= 2 && data && hits.length === 0 ? <span className="muted">Nothing found for “{query}”.</span> : null}
      </div>
      {hits.length ? (
        <ul className="picker-hits">
          {hits.map(({ node }) => {
            const name = node.__typename === 'Paper' ? node.title : node.name;
            const extra = node.__typename === 'Paper' && node.year ? ` (${node.year})` : '';
            return (
              <li key={node.id}>
                <button
                  type="button"
                  onClick={() => {
                    onPick({ id: node.id, label: name, kind: node.__typename });
                    setText('');
                    setQuery('');
                  }}
                >
                  <span className={`kind kind-${node.__typename.toLowerCase()}`}>{node.__typename}</span>
                  {name}
                  {extra}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
