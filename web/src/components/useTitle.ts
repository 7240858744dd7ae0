// The page title follows the screen (tabs, history and bookmarks name what they hold).

import { useEffect } from 'react';

export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · papergraph Explorer` : 'papergraph Explorer';
  }, [title]);
}
