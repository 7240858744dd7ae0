// The papergraph CLI, run as a child process the way a user runs it: help, stats, import into a
// snapshot, export, serve, and the one-line errors (exit code 2) for input a user must fix.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { SNAPSHOT_FORMAT_VERSION } from '../../src/ingest/snapshot.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { REPO_ROOT } from '../support/datasets.js';
import { runCli, startCli, stderrLines } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-cli-'));
const curated = loadCuratedCorpus(CURATED_DATA_DIR);
const snapshot = join(dir, 'curated.pgs');

/** A failure a user must fix: exit code 2, exactly one line on stderr, no stack trace. */
function expectUserError(args: string[], message: RegExp): void {
  const result = runCli(args);
  expect(result.status, result.stderr).toBe(2);
  const lines = stderrLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^papergraph: /);
  expect(lines[0]).toMatch(message);
}

describe('papergraph --help', () => {
  it('lists the commands with examples', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['serve', 'import', 'export', 'stats']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(result.stdout).toContain('Examples:');
  });

  it('has help with an example for each command', () => {
    for (const command of ['serve', 'import', 'export', 'stats']) {
      const result = runCli([command, '--help']);
      expect(result.status, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: papergraph ${command}`);
      expect(result.stdout, command).toMatch(/Examples:\n {2}\$ papergraph/);
    }
    expect(runCli(['export', '--help']).stdout).toMatch(/graphml +GraphML/);
  });
});

describe('papergraph stats and export on the curated corpus', () => {
  it('counts nodes by kind and edges by type', () => {
    const result = runCli(['stats', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats.nodes.papers).toBe(curated.papers.length);
    expect(stats.edges.CITES).toBe(curated.citations.length);
    expect(stats.edges.HAS_CONCEPT).toBe(curated.paperConcepts.length);
    expect(stats.csrBytes).toBeGreaterThan(0);
    const text = runCli(['stats']).stdout;
    expect(text).toMatch(new RegExp(`papers\\s+${curated.papers.length}\\b`));
    expect(text).toMatch(/CSR bytes\s+[\d,]+/);
  });

  it('exports GraphML to stdout that an XML parser reads', () => {
    const result = runCli(['export', '--format', 'graphml']);
    expect(result.status, result.stderr).toBe(0);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const graph = new XMLParser({ ignoreAttributes: false }).parse(result.stdout).graphml.graph;
    const nodes = curated.papers.length + curated.authors.length + curated.venues.length + curated.topics.length + curated.concepts.length;
    expect(graph.node).toHaveLength(nodes);
  });

  it('exports a filtered set to files: BibTeX of 2017 papers, CSV into a directory', () => {
    const bib = join(dir, 'papers-2017.bib');
    const result = runCli(['export', '--format', 'bibtex', '--where-year', '2017', '--out', bib]);
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(bib, 'utf8');
    expect(text).toContain('Attention {Is} {All} {You} {Need}');
    expect(text.match(/^@\w+\{/gm)).toHaveLength(curated.papers.filter((p) => p.year === 2017).length);
    const csvDir = join(dir, 'csv');
    expect(runCli(['export', '--format', 'csv', '--concept', 'contrastive-learning', '--out', csvDir]).status).toBe(0);
    expect(readFileSync(join(csvDir, 'nodes.csv'), 'utf8')).toMatch(/^id,label,kind,/);
    expect(readFileSync(join(csvDir, 'edges.csv'), 'utf8')).toMatch(/^id,source,target,relation,/);
  });

  it('exports the curated format, which imports back as the same graph', () => {
    const curatedDir = join(dir, 'curated-export');
    const exported = runCli(['export', '--format', 'curated', '--out', curatedDir]);
    expect(exported.status, exported.stderr).toBe(0);
    const back = join(dir, 'curated-back.pgs');
    const imported = runCli(['import', '--format', 'curated', curatedDir, '--base', 'none', '--out', back]);
    expect(imported.status, imported.stderr).toBe(0);
    const original = JSON.parse(runCli(['stats', '--json']).stdout);
    const again = JSON.parse(runCli(['stats', '--snapshot', back, '--json']).stdout);
    expect(again.nodes).toEqual(original.nodes);
    expect(again.edges).toEqual(original.edges);
  });
});

describe('papergraph import → snapshot → stats, export, serve', () => {
  it('imports the curated format into a snapshot, with a report and progress lines', () => {
    const result = runCli(['import', '--format', 'curated', 'data', '--out', snapshot]);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(snapshot)).toBe(true);
    expect(result.stdout).toMatch(/^graph: [\d,]+ papers/m);
    expect(result.stdout).toContain(`wrote ${snapshot}`);
    // stderr is a pipe here, not a terminal: plain lines, no bar.
    expect(result.stderr).toMatch(/^import: [\d.,]+ MB in [\d.]+ s \([\d,.]+ MB\/s\)$/m);
    expect(result.stderr).toMatch(/^snapshot: [\d.]+ MB in [\d.]+ s/m);
  });

  it('reads the snapshot back with the same counts', () => {
    const stats = JSON.parse(runCli(['stats', '--snapshot', snapshot, '--json']).stdout);
    expect(stats.nodes.papers).toBe(curated.papers.length);
    expect(stats.edges.CITES).toBe(curated.citations.length);
    expect(stats.snapshot.formatVersion).toBe(SNAPSHOT_FORMAT_VERSION);
    expect(stats.source).toBe(`snapshot ${snapshot}`);
  });

  it('serves the snapshot with `papergraph serve`, `npm start` and the built bundle alike', async () => {
    // npm run build: the bundle a deployment runs (see scripts/build.mjs).
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    for (const entry of ['src/cli/main.ts', 'src/server/main.ts', 'dist/cli/main.mjs', 'dist/server/main.mjs'].map((e) =>
      join(REPO_ROOT, e),
    )) {
      const args = entry.includes('cli/main') ? ['serve', '--snapshot', snapshot, '--port', '0'] : ['--snapshot', snapshot, '--port', '0'];
      const server = await startCli(args, /Graph(?:i)?QL at http:\/\//, entry);
      try {
        const url = server.line.match(/http:\S+/)![0];
        expect(server.output()).toContain(`from snapshot ${snapshot}`);
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ paper(arxivId: "1706.03762") { title } }' }),
        });
        expect((await response.json()).data).toEqual({ paper: { title: 'Attention Is All You Need' } });
      } finally {
        server.stop();
      }
    }
  });

  it('runs through bin/papergraph.js from any directory, passing the exit code through', () => {
    const bin = join(REPO_ROOT, 'bin/papergraph.js');
    const ok = spawnSync(process.execPath, [bin, 'stats', '--snapshot', snapshot], { cwd: tmpdir(), encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/papers\s+\d+/);
    const bad = spawnSync(process.execPath, [bin, 'stats', '--snapshot', join(dir, 'missing.pgs')], { cwd: tmpdir(), encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});

describe('errors a user must fix: one line, exit code 2', () => {
  it('an unknown format', () => {
    expectUserError(['export', '--format', 'dot'], /unknown export format "dot"/);
    expectUserError(['import', '--format', 'endnote', 'data', '--out', join(dir, 'x.pgs')], /endnote/);
  });

  it('a missing file', () => {
    expectUserError(['stats', '--snapshot', join(dir, 'missing.pgs')], /missing\.pgs does not exist/);
    expectUserError(['import', '--format', 'curated', join(dir, 'no-such-dir'), '--out', join(dir, 'x.pgs')], /no-such-dir/);
  });

  it('a snapshot that is not one, or is corrupt', () => {
    const fake = join(dir, 'fake.pgs');
    writeFileSync(fake, 'hello');
    expectUserError(['stats', '--snapshot', fake], /is not a papergraph snapshot/);
    const bytes = readFileSync(snapshot);
    bytes[bytes.length - 20] ^= 0xff;
    const corrupt = join(dir, 'corrupt.pgs');
    writeFileSync(corrupt, bytes);
    expectUserError(['stats', '--snapshot', corrupt], /is corrupt: checksum mismatch in section/);
  });

  it('a bad flag or flag value', () => {
    expectUserError(['stats', '--bogus'], /unknown option '--bogus'/);
    expectUserError(['export', '--format', 'graphml', '--where-year', 'last'], /--where-year must be a whole number/);
    expectUserError(['import', '--format', 'tabular', '--mapping', 'nonsense', 'data', '--out', join(dir, 'x.pgs')], /field=column/);
    expectUserError(['serve', '--port', 'eighty'], /--port must be a port number/);
    expectUserError(['import', 'data'], /required option '--format <format>' not specified/);
    expectUserError(['export', '--format', 'graphml', '--concept', 'no-such-concept'], /no concept with slug "no-such-concept"/);
  });
});
