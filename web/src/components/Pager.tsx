// Cursor pages (the API's connections): the cursors seen so far, so Previous walks back; a new
// filter (resetKey) starts again at the first page.

import { useState } from 'react';

export interface CursorPages {
  after: string | null;
  /** How many items come before this page. */
  offset: number;
  next: (endCursor: string | null | undefined) => void;
  previous: () => void;
  isFirst: boolean;
}

export function useCursorPages(pageSize: number, resetKey = ''): CursorPages {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({ key: resetKey, cursors: [null] });
  const cursors = state.key === resetKey ? state.cursors : [null];
  if (state.key !== resetKey) setState({ key: resetKey, cursors });
  return {
    after: cursors[cursors.length - 1],
    offset: (cursors.length - 1) * pageSize,
    next: (endCursor) => setState({ key: resetKey, cursors: [...cursors, endCursor ?? null] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
    isFirst: cursors.length === 1,
  };
}

export function Pager({
  pages,
  label,
  shown,
  total,
  hasNextPage,
  endCursor,
  busy,
}: {
  pages: CursorPages;
  label: string;
  shown: number;
  total: number;
  hasNextPage: boolean;
  endCursor?: string | null;
  busy: boolean;
}) {
  if (pages.isFirst && !hasNextPage) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.isFirst} onClick={pages.previous}>
        Previous
      </button>
      <span className="muted">
        {pages.offset + 1}–{pages.offset + shown} of {total}
      </span>
      <button type="button" disabled={!hasNextPage || busy} onClick={() => pages.next(endCursor)}>
        Next
      </button>
    </nav>
  );
}
