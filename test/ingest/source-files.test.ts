// Reading import sources: lines split in one pass (a long line costs its length), the record size
// limit, the byte-order mark, and invalid UTF-8 reported by line (JSONL, CSV, a chunk boundary).

import { mkdtempSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BIBTEX_MAX_FILE_BYTES, bibtexImporter } from '../../src/ingest/bibtex.js';
import { ImportError } from '../../src/ingest/importer.js';
import { IssueLog, LineLimit, readJsonLines, readLines, Utf8Watch } from '../../src/ingest/source-files.js';
import { tabularImporter } from '../../src/ingest/tabular.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-source-files-'));
const paper = (id: string, title = `Paper ${id}`) => JSON.stringify({ id, title, year: 2020 });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('line splitting', () => {
  it('scans and copies each byte of a long line once, whatever the number of chunks', async () => {
    // 8 MB on one line arrives in eight 1 MB chunks; the old splitter re-scanned the growing rest per chunk.
    const file = join(dir, 'long.jsonl');
    const title = 'a'.repeat(8 * 1024 * 1024);
    writeFileSync(file, `${paper('short')}\n${JSON.stringify({ id: 'long', title })}\n${paper('last')}\n`);
    const fileBytes = Buffer.byteLength(title) + 200;
    let scanned = 0;
    let copied = 0;
    const indexOf = Buffer.prototype.indexOf;
    vi.spyOn(Buffer.prototype, 'indexOf').mockImplementation(function (this: Buffer, value: unknown, from?: unknown) {
      const found = indexOf.call(this, value as number, from as number);
      scanned += (found === -1 ? this.length : found + 1) - ((from as number | undefined) ?? 0);
      return found;
    });
    // A splitter over strings counts too: the old one ran split on the growing rest at every chunk.
    const split = String.prototype.split;
    vi.spyOn(String.prototype, 'split').mockImplementation(function (this: string, ...args: unknown[]) {
      scanned += this.length;
      return (split as (...a: unknown[]) => string[]).apply(this, args);
    });
    const concat = Buffer.concat;
    vi.spyOn(Buffer, 'concat').mockImplementation((list, total) => {
      copied += total ?? list.reduce((n, b) => n + b.length, 0);
      return concat(list, total);
    });
    const lines = [];
    for await (const line of readLines(file)) lines.push([line.line, line.bytes, line.text?.length]);
    vi.restoreAllMocks();
    expect(lines).toEqual([
      [1, paper('short').length, paper('short').length],
      [2, title.length + 24, title.length + 24],
      [3, paper('last').length, paper('last').length],
    ]);
    expect(scanned).toBeLessThanOrEqual(fileBytes);
    expect(copied).toBeLessThanOrEqual(fileBytes);
  });

  it('skips a line over the record limit without keeping it, and refuses it under --strict', async () => {
    const file = join(dir, 'oversized.jsonl');
    writeFileSync(file, `${paper('p1')}\n${paper('p2', 'x'.repeat(5000))}\r\n${paper('p3')}`);
    const log = new IssueLog(false);
    const ids: unknown[] = [];
    const read = await readJsonLines(file, log, (record) => ids.push(record.id), { maxRecordBytes: 4096 });
    expect(read).toBe(3);
    expect(ids).toEqual(['p1', 'p3']);
    expect(log.issues).toEqual([{ file, line: 2, reason: 'record of 0.0 MB is over the 0.0 MB limit' }]);
    await expect(readJsonLines(file, new IssueLog(true), () => {}, { maxRecordBytes: 4096 })).rejects.toThrow(ImportError);
    await expect(readJsonLines(file, new IssueLog(true), () => {}, { maxRecordBytes: 4096 })).rejects.toThrow(`${file}:2: record of`);
  });

  it('keeps a record whose bytes are not UTF-8, with a warning on its line', async () => {
    const file = join(dir, 'latin1.jsonl');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${paper('p1')}\n`),
        Buffer.from(`${paper('p2', 'Caf\u00e9')}\n`, 'latin1'),
        Buffer.from(`${paper('p3', 'Caf\u00e9')}\n`),
      ]),
    );
    const batch = await tabularImporter.read([file], {});
    expect(batch.corpus.papers.map((p) => p.title)).toEqual(['Paper p1', 'Caf\uFFFD', 'Café']);
    expect(batch.warnings).toEqual([{ file, line: 2, reason: 'invalid UTF-8 (each bad byte read as U+FFFD)' }]);
    expect(batch.warningCount).toBe(1);
    await expect(tabularImporter.read([file], { strict: true })).rejects.toThrow(`${file}:2: invalid UTF-8`);
  });

  it('reads the first record of a file that starts with a byte-order mark', async () => {
    const file = join(dir, 'bom.jsonl');
    writeFileSync(file, `\uFEFF${paper('p1')}\n${paper('p2')}\n`);
    const batch = await tabularImporter.read([file], {});
    expect(batch.corpus.papers.map((p) => p.title)).toEqual(['Paper p1', 'Paper p2']);
    expect(batch.skipped).toEqual([]);
  });
});

describe('CSV guards', () => {
  it('reports an oversized row and invalid UTF-8 by line, and reads the rows after them', async () => {
    const file = join(dir, 'rows.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`\uFEFFid,title,year\np1,First paper,2020\np2,${'y'.repeat(3000)},2020\n`),
        Buffer.from('p3,Caf\u00e9 au lait,2021\n', 'latin1'),
        Buffer.from('p4,"A quoted, title",2021\n'),
      ]),
    );
    const batch = await tabularImporter.read([file], { maxRecordBytes: 1024 });
    expect(batch.corpus.papers.map((p) => p.title)).toEqual(['First paper', 'Caf\uFFFD au lait', 'A quoted, title']);
    expect(batch.skipped).toEqual([{ file, line: 3, reason: 'record over the 0.0 MB limit' }]);
    expect(batch.warnings).toEqual([{ file, line: 4, reason: 'invalid UTF-8 (each bad byte read as U+FFFD)' }]);
  });

  it('does not take a character cut by a chunk boundary for invalid UTF-8, and passes the bytes through', async () => {
    const bytes = Buffer.from('line one\nr\u00e9sum\u00e9 \u20ac \u{1F600}\nthree\n');
    const bad: number[] = [];
    const watch = new Utf8Watch((line) => bad.push(line));
    const chunks = [...bytes].map((b) => Buffer.from([b])); // one byte at a time: every sequence is cut
    const out = Buffer.concat(await Readable.from(chunks).pipe(watch).toArray());
    expect(out.equals(bytes)).toBe(true);
    expect(bad).toEqual([]);
    const broken: number[] = [];
    await Readable.from([bytes.subarray(0, 12), Buffer.from([0xc3]), Buffer.from([0x0a, 0x6f, 0x6b, 0x0a, 0xff])])
      .pipe(new Utf8Watch((line) => broken.push(line)))
      .toArray();
    expect(broken).toEqual([2, 4]);
  });

  it('drops a line over the limit to a bare line break, so line numbers still count', async () => {
    const oversized: number[] = [];
    const out = await Readable.from([Buffer.from('ab\ncdefgh'), Buffer.from('ij\nkl')])
      .pipe(new LineLimit(4, (line) => oversized.push(line)))
      .toArray();
    expect(Buffer.concat(out).toString()).toBe('ab\n\nkl');
    expect(oversized).toEqual([2]);
  });

  it('passes whole lines through in runs, however the input is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', '\n'), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 5 }),
        async (chars, cuts, max) => {
          const text = chars.join('');
          const chunks: Buffer[] = [];
          for (let at = 0, k = 0; at < text.length; at += cuts[k++ % cuts.length])
            chunks.push(Buffer.from(text.slice(at, at + cuts[k % cuts.length])));
          const oversized: number[] = [];
          const out = await Readable.from(chunks)
            .pipe(new LineLimit(max, (line) => oversized.push(line)))
            .toArray();
          // One line at a time: a line over the limit becomes its bare line break.
          const lines = text.split('\n');
          const expected = lines.map((l, i) => (l.length > max ? '' : l) + (i < lines.length - 1 ? '\n' : '')).join('');
          expect(Buffer.concat(out).toString()).toBe(expected);
          expect(oversized).toEqual(lines.flatMap((l, i) => (l.length > max ? [i + 1] : [])));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('BibTeX size limit', () => {
  it('refuses a file over the limit before reading it, with the limit in the message', async () => {
    const file = join(dir, 'huge.bib');
    writeFileSync(file, '');
    truncateSync(file, BIBTEX_MAX_FILE_BYTES + 1); // sparse: no disk used
    await expect(bibtexImporter.read([file], {})).rejects.toThrow(
      `bibtex: "${file}" is 256.0 MB, over the 256.0 MB a bibtex file may have (split it into several files)`,
    );
  });

  it('reads a file with a byte-order mark and reports invalid UTF-8 by line', async () => {
    const file = join(dir, 'refs.bib');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('\uFEFF@article{k1, title={First}, year={2020}}\n'),
        Buffer.from('@article{k2, title={Caf\u00e9}, year={2021}}\n', 'latin1'),
      ]),
    );
    const batch = await bibtexImporter.read([file], {});
    expect(batch.corpus.papers.map((p) => [p.id, p.title])).toEqual([
      ['bibtex:k1', 'First'],
      ['bibtex:k2', 'Caf\uFFFD'],
    ]);
    expect(batch.warnings).toEqual([{ file, line: 2, reason: 'invalid UTF-8 (each bad byte read as U+FFFD)' }]);
  });
});

describe('progress', () => {
  it('counts the bytes of every input file against their total, papers and edges alike', async () => {
    const papers = join(dir, 'progress.jsonl');
    const edges = join(dir, 'progress-edges.csv');
    writeFileSync(papers, Array.from({ length: 2000 }, (_, i) => paper(`p${i}`)).join('\n'));
    writeFileSync(edges, `citing,cited\n${Array.from({ length: 1999 }, (_, i) => `p${i + 1},p${i}`).join('\n')}\n`);
    const total = statSync(papers).size + statSync(edges).size;
    const seen: [number, number | undefined][] = [];
    const batch = await tabularImporter.read([papers, edges], { onProgress: (done, of) => seen.push([done, of]) });
    expect(batch.corpus.citations).toHaveLength(1999);
    expect(seen.every(([, of]) => of === total)).toBe(true);
    expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([total, total]);
    expect(seen.some(([done]) => done === statSync(papers).size)).toBe(true);
  });
});
