// The id index of snapshot tables finds every id, ASCII or not, says -1 for the rest, and
// refuses a table with an id twice (a corrupt snapshot).

import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ColumnFormatError } from '../../src/ingest/snapshot-blocks.js';
import { IdIndex } from '../../src/ingest/snapshot-id-index.js';

function indexOf(ids: string[]) {
  const parts = ids.map((id) => Buffer.from(id, 'utf8'));
  const offsets = new Uint32Array(ids.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i] + p.length));
  return new IdIndex(Buffer.concat(parts), offsets, ids.length, 'papers');
}

describe('IdIndex', () => {
  it('finds every id among thousands, ASCII or not, and nothing else', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `müller-${i}-Łódź` : i % 11 === 0 ? `🧠${i}` : `P${i}`));
    ids.push('', 'P', 'p1');
    const index = indexOf(ids);
    ids.forEach((id, i) => expect(index.indexOf(id)).toBe(i));
    for (const missing of ['P5000', 'p2', 'müller-0-Lodz', '🧠12', 'P1 ', 'Ü']) expect(index.indexOf(missing)).toBe(-1);
  });

  it('refuses an id twice, naming it and its rows', () => {
    expect(() => indexOf(['a', 'b', 'Łukasz', 'b'])).toThrow(new ColumnFormatError('duplicate papers id "b" (rows 1 and 3)'));
    expect(() => indexOf(['Łukasz', 'x', 'Łukasz'])).toThrow('duplicate papers id "Łukasz" (rows 0 and 2)');
  });
});
