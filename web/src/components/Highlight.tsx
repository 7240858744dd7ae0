// A search snippet with the matched ranges marked, as the API's highlights give them.

import { highlightParts } from '../highlight';

export function Highlight({ text, ranges }: { text: string; ranges: readonly { start: number; end: number }[] }) {
  return (
    <>
      {highlightParts(text, ranges).map((part, i) =>
        part.match ? (
          <mark key={i}>{part.text}</mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
