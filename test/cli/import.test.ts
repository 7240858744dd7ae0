// `papergraph import` on small files written here: malformed records skipped and reported (or,
// under --strict, one line and nothing written), merging onto a snapshot, and --tag.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/ingest/snapshot.js';
import { runCli, stderrLines } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-import-'));
const papers = join(dir, 'papers.jsonl');
const citations = join(dir, 'citations.csv');
writeFileSync(
  papers,
  [
    '{"id":"A1","title":"Contrastive Learning of Visual Representations","year":2020,"authors":["Ting Chen"]}',
    '{"id":"A2","title":',
    '{"id":"A3","title":"Attention for Parsing","year":2021,"authors":["Ting Chen","Ann Other"]}',
  ].join('\n') + '\n',
);
writeFileSync(citations, 'citing,cited\nA3,A1\nA3,A9\n');

describe('papergraph import of malformed input', () => {
  it('skips and reports a malformed record with its file and line by default', () => {
    const out = join(dir, 'lenient.pgs');
    const result = runCli(['import', '--format', 'tabular', '--base', 'none', '--out', out, papers, citations]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/skipped 1\b/);
    expect(result.stdout).toContain(`skipped ${papers}:2: `);
    const corpus = readSnapshot(out);
    expect(corpus.papers.map((p) => p.title).sort()).toEqual(['Attention for Parsing', 'Contrastive Learning of Visual Representations']);
    expect(corpus.citations).toHaveLength(1);
  });

  it('stops at the first malformed record under --strict: one line, exit 2, no snapshot written', () => {
    const out = join(dir, 'strict.pgs');
    const result = runCli(['import', '--format', 'tabular', '--strict', '--base', 'none', '--out', out, papers, citations]);
    expect(result.status).toBe(2);
    const errors = stderrLines(result).filter((line) => line.startsWith('papergraph: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${papers}:2`);
    expect(stderrLines(result).every((line) => !/^\s+at /.test(line))).toBe(true);
    expect(existsSync(out)).toBe(false);
  });
});

describe('papergraph import onto a base', () => {
  it('merges onto a snapshot given as --base', () => {
    const base = join(dir, 'base.pgs');
    expect(runCli(['import', '--format', 'curated', 'data', '--base', 'none', '--out', base]).status).toBe(0);
    const out = join(dir, 'merged.pgs');
    const result = runCli(['import', '--format', 'tabular', '--base', base, '--out', out, papers, citations]);
    expect(result.status, result.stderr).toBe(0);
    expect(readSnapshot(out).papers.length).toBe(readSnapshot(base).papers.length + 2);
  });

  it('tags the imported papers with the curated concepts under --tag', () => {
    const out = join(dir, 'tagged.pgs');
    const result = runCli(['import', '--format', 'tabular', '--tag', '--out', out, papers, citations]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^tagger: read 2\b/m);
    const corpus = readSnapshot(out);
    const imported = new Set(corpus.papers.filter((p) => p.provenance.some((s) => s.recordId.includes('papers.jsonl'))).map((p) => p.id));
    const tagged = corpus.paperConcepts.filter((pc) => imported.has(pc.paperId) && pc.provenance.some((s) => s.source === 'tagger'));
    expect(tagged.map((pc) => pc.conceptId)).toEqual(expect.arrayContaining(['contrastive-learning']));
  });
});

describe('papergraph import of suspect input', () => {
  it('reads a byte-order mark, and counts and lists invalid UTF-8 as a warning in the report', () => {
    const file = join(dir, 'suspect.jsonl');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('\uFEFF{"id":"B1","title":"A first paper","year":2020}\n'),
        Buffer.from('{"id":"B2","title":"Caf\u00e9 society","year":2020}\n', 'latin1'),
        Buffer.from('{"id":"B3","title":"A third paper","year":2021}\n'),
      ]),
    );
    const out = join(dir, 'suspect.pgs');
    const result = runCli(['import', '--format', 'tabular', '--base', 'none', '--out', out, file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/: read 3, skipped 0, warnings 1, dangling references 0$/m);
    expect(result.stdout).toContain(`  warning ${file}:2: invalid UTF-8 (each bad byte read as U+FFFD)`);
    expect(
      readSnapshot(out)
        .papers.map((p) => p.title)
        .sort(),
    ).toEqual(['A first paper', 'A third paper', 'Caf\uFFFD society']);
  });
});
