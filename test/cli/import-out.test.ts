// `papergraph import --out` never destroys data: an output that is an input, a device, a FIFO, a
// directory or a file that is not a snapshot is refused before any work (one line, exit 2), and
// write failures (disk full, read-only, no such place) are one line, exit 2, the old file intact.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, stderrLines, type CliResult } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-import-out-'));
const papers = join(dir, 'papers.jsonl');
const source =
  [
    '{"id":"A1","title":"Contrastive Learning of Visual Representations","year":2020,"authors":["Ting Chen"]}',
    '{"id":"A2","title":"Attention for Parsing","year":2021,"authors":["Ann Other"]}',
  ].join('\n') + '\n';
writeFileSync(papers, source);
const isRoot = process.getuid?.() === 0;

const importTo = (out: string, inputs = [papers]) => runCli(['import', '--format', 'tabular', '--base', 'none', '--out', out, ...inputs]);

/** One line on stderr, exit 2, no stack, and nothing read (no progress line). */
function expectRefused(result: CliResult, message: string | RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  expect(stderrLines(result)).toHaveLength(1);
  expect(stderrLines(result)[0]).toMatch(
    typeof message === 'string' ? new RegExp(`^papergraph: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : message,
  );
  expect(result.stdout).toBe('');
}

describe('papergraph import --out refuses what it would destroy, before any work', () => {
  it('refuses the input file itself, by any path (a hard link too), and leaves it as it was', () => {
    expectRefused(importTo(papers), `--out ${papers} is the input file ${papers}: the import would overwrite its own source`);
    const link = join(dir, 'link.pgs');
    spawnSync('ln', [papers, link]);
    expectRefused(importTo(link), `--out ${link} is the input file ${papers}`);
    const inDir = join(dir, 'in');
    mkdirSync(inDir);
    copyFileSync(papers, join(inDir, 'p.jsonl'));
    expectRefused(importTo(join(inDir, 'p.jsonl'), [inDir]), `--out ${join(inDir, 'p.jsonl')} is the input file ${join(inDir, 'p.jsonl')}`);
    expect(readFileSync(papers, 'utf8')).toBe(source);
  });

  it('refuses a directory, a FIFO and a device', () => {
    expectRefused(importTo(dir), `--out ${dir} is a directory: give the path of a snapshot file`);
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expectRefused(importTo(fifo), `--out ${fifo} is a FIFO (named pipe), not a file`);
    expect(statSync(fifo).isFIFO()).toBe(true);
    // As root the import once replaced /dev/null: use a device node of our own there (a non-root user cannot touch /dev/null).
    const device = isRoot ? join(dir, 'null') : '/dev/null';
    if (isRoot) expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0);
    expectRefused(importTo(device), `--out ${device} is a device, not a file`);
    expect(statSync(device).isCharacterDevice()).toBe(true);
  });

  it('refuses an existing file that is not a snapshot', () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    expectRefused(importTo(notes), `--out ${notes} exists and is not a papergraph snapshot: remove it or choose another path`);
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
  });

  it('says which: a missing directory, or one that takes no files (/proc)', () => {
    const missing = join(dir, 'nope', 'x.pgs');
    expectRefused(importTo(missing), `--out ${missing}: its directory ${join(dir, 'nope')} does not exist`);
    expectRefused(importTo('/proc/x.pgs'), 'cannot write /proc/x.pgs in /proc: this directory does not take new files');
  });
});

// A small tmpfs fills up for real; mounting one needs root (skipped, visibly, elsewhere).
describe.runIf(isRoot && spawnSync('mount', ['--version']).status === 0)('papergraph import on a full or read-only disk', () => {
  it('ends in one line and exit 2 when the disk fills up, the previous snapshot intact; read-only refused before any work', () => {
    const mount = join(dir, 'tiny');
    mkdirSync(mount);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    if (mounted.status !== 0) return void console.warn(`[import-out] cannot mount a tmpfs here: ${mounted.stderr}`);
    try {
      const out = join(mount, 'graph.pgs');
      expect(importTo(out).status).toBe(0);
      const before = readFileSync(out);
      const many = join(dir, 'many.jsonl');
      writeFileSync(
        many,
        Array.from({ length: 400 }, (_, i) =>
          JSON.stringify({ id: `P${i}`, title: `A paper about topic number ${i}`, year: 2000 + (i % 20), authors: [`Author ${i}`] }),
        ).join('\n'),
      );
      const full = importTo(out, [many]);
      expect(full.status, full.stderr).toBe(2);
      const errors = stderrLines(full).filter((line) => line.startsWith('papergraph:'));
      expect(errors).toEqual([`papergraph: cannot write ${out}: no space left on device (ENOSPC); the previous file there is unchanged`]);
      expect(full.stderr).not.toMatch(/^\s+at /m);
      expect(readFileSync(out).equals(before)).toBe(true);

      expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).toBe(0);
      expectRefused(importTo(out), `cannot write ${out} in ${mount}: read-only file system (EROFS)`);
    } finally {
      spawnSync('umount', [mount]);
    }
  });
});
