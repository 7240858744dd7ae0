// Progress on a non-terminal: periodic plain lines with counts and rate, then a summary.

import { describe, expect, it } from 'vitest';
import { megabytes, startProgress } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  const stream = { isTTY, write: (text: string) => (lines.push(text), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('plain progress lines', () => {
  it('prints counts and rate at most once per interval, then a summary', () => {
    let now = 0;
    const { stream, lines } = fakeStream(false);
    const progress = startProgress('import', { unit: 'records', stream, now: () => now, intervalMs: 1000 });
    now = 500;
    progress.update(10_000);
    now = 2000;
    progress.update(40_000);
    now = 2500;
    progress.update(45_000);
    now = 4000;
    progress.update(80_000, 100_000);
    now = 5000;
    progress.finish();
    expect(lines).toEqual([
      'import: 40,000 records (20,000/s)\n',
      'import: 80,000 of 100,000 records (20,000/s)\n',
      'import: 80,000 records in 5.0 s (16,000/s)\n',
    ]);
  });

  it('scales raw counts for display (bytes as MB)', () => {
    let now = 0;
    const { stream, lines } = fakeStream(false);
    const progress = startProgress('snapshot', { unit: 'MB', scale: megabytes, stream, now: () => now });
    progress.update(6_200_000, 6_200_000);
    now = 2000;
    progress.finish();
    expect(lines).toEqual(['snapshot: 6.2 MB in 2.0 s (3.1 MB/s)\n']);
  });
});
