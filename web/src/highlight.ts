// Splits a snippet into plain and matched parts from the API's highlight ranges (character
// offsets into the snippet, end exclusive). Ranges out of bounds are clipped; overlapping or
// touching ranges merge; unsorted ranges are sorted.

export interface Part {
  text: string;
  match: boolean;
}

export function highlightParts(text: string, ranges: readonly { start: number; end: number }[]): Part[] {
  const clipped = ranges
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, text.length)), end: Math.max(0, Math.min(end, text.length)) }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const parts: Part[] = [];
  let at = 0;
  for (const { start, end } of merged) {
    if (start > at) parts.push({ text: text.slice(at, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), match: false });
  return parts;
}
