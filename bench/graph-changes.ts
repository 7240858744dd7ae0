// The cost of a graph version (applyChanges, structural sharing) per change and per batch, on
// the curated corpus and AAN served from snapshots (records built from columns when asked for),
// and on the synthetic ogbn-arxiv-sized graph (169k papers, 1.17M citations), beside the
// rebuild (applyChangesByRebuild) where it is affordable.
//
//   npx tsx bench/graph-changes.ts [--quick] [--no-aan] [--synthetic-snapshot (only that synthetic graph)]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChanges, applyChangesByRebuild } from '../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../src/ingest/curated.js';
import { loadSnapshotGraph } from '../src/ingest/snapshot-graph.js';
import { writeSnapshot } from '../src/ingest/snapshot.js';
import type { Change, OperationName } from '../src/model/change.js';
import type { Corpus } from '../src/model/index.js';
import { change, makeOperation, randomChanges, seeded } from '../test/graph/graph-changes.generator.js';
import { syntheticCorpus } from '../test/support/synthetic.js';
import { loadAanCorpus } from '../test/support/aan.js';
import { missingAan } from './datasets.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const REPEATS = quick ? 7 : 21;
const WARMUP = 6;
const dir = mkdtempSync(join(tmpdir(), 'bench-graph-changes-'));
const log = (line: string) => console.log(line);

function snapshotGraph(name: string, corpus: Corpus): KnowledgeGraph {
  const path = join(dir, `${name}.pgsnap`);
  writeSnapshot(path, corpus);
  return loadSnapshotGraph(path).graph;
}

const ms = (t: number) => (t < 10 ? t.toFixed(2) : t.toFixed(0));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

interface Row {
  graph: string;
  what: string;
  /** Wall-clock ms. */
  median: number;
  p90: number;
  /** CPU ms of the process (user + system, GC threads included): steadier than wall time on a shared machine. */
  cpu: number;
  rebuild: number | null;
}

/** Runs fn, giving its wall and CPU time in ms. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

const rows: Row[] = [];

/** One change of `op` at a time on a chain of versions: each measured applyChanges builds the next version from the last. */
function perChange(
  name: string,
  start: KnowledgeGraph,
  op: OperationName,
  label: string,
  accept?: (c: Change, g: KnowledgeGraph) => boolean,
): void {
  const random = seeded(op.length * 31 + name.length);
  const times: number[] = [];
  const cpus: number[] = [];
  let g = start;
  let seq = 1;
  for (let n = 0; n < REPEATS + WARMUP; ) {
    if (seq > 50 * REPEATS) throw new Error(`${name}: cannot make ${op} changes`);
    const operation = makeOperation(g, op, random, seq, { merge: null });
    const c = operation && change(operation, seq);
    seq++;
    if (!c || (accept && !accept(c, g))) continue;
    const { value, wall, cpu } = timed(() => applyChanges(g, [c]).graph);
    if (n++ >= WARMUP) times.push(wall), cpus.push(cpu); // the first ones warm the code up
    g = value;
  }
  rows.push({ graph: name, what: label, median: median(times), p90: p90(times), cpu: median(cpus), rebuild: null });
  log(`  ${label}: median ${ms(median(times))} ms (CPU ${ms(median(cpus))} ms)`);
}

function batch(name: string, start: KnowledgeGraph, size: number, rebuild: boolean): void {
  const random = seeded(size);
  const t0 = performance.now();
  const { changes } = randomChanges(start, size, random, 1, (g, c) => applyChanges(g, c).graph);
  log(`  (${size} changes generated in ${ms(performance.now() - t0)} ms)`);
  const times: number[] = [];
  const cpus: number[] = [];
  for (let n = 0; n < Math.max(5, Math.floor(REPEATS / 3)); n++) {
    const { wall, cpu } = timed(() => applyChanges(start, changes));
    times.push(wall);
    cpus.push(cpu);
  }
  let rebuildMs: number | null = null;
  if (rebuild) {
    const t0 = performance.now();
    applyChangesByRebuild(start, changes);
    rebuildMs = performance.now() - t0;
  }
  rows.push({
    graph: name,
    what: `batch of ${size} mixed changes (all operations)`,
    median: median(times),
    p90: p90(times),
    cpu: median(cpus),
    rebuild: rebuildMs,
  });
  log(`  batch of ${size}: median ${ms(median(times))} ms (CPU ${ms(median(cpus))} ms)`);
}

function suite(name: string, g: KnowledgeGraph, rebuild: boolean): void {
  log(
    `${name}: ${g.papers.size.toLocaleString('en-US')} papers, ${g.citations.length.toLocaleString('en-US')} citations, ${g.hasConcept.out.targets.length.toLocaleString('en-US')} paper-concept links, ${g.authored.out.targets.length.toLocaleString('en-US')} authorships`,
  );
  perChange(name, g, 'citation.add', 'one citation.add');
  perChange(name, g, 'paper.update', 'one paper.update (authors kept)', (c) => c.op === 'paper.update' && sameAuthors(c));
  perChange(name, g, 'paper.add', 'one paper.add with 3 authors', (c) => c.op === 'paper.add' && c.after.authors.length === 3);
  perChange(name, g, 'concept.link', 'one concept.link');
  perChange(name, g, 'paper.retract', 'one paper.retract (indexes shift)');
  batch(name, g, 100, rebuild);
  if (rebuild) {
    const random = seeded(5);
    const c = change(makeOperation(g, 'citation.add', random, 1, { merge: null })!, 1);
    const t0 = performance.now();
    applyChangesByRebuild(g, [c]);
    rows.find((r) => r.graph === name && r.what === 'one citation.add')!.rebuild = performance.now() - t0;
  }
}

function sameAuthors(c: Change): boolean {
  return c.op === 'paper.update' && c.before.authors.map((a) => a.id).join() === c.after.authors.map((a) => a.id).join();
}

const started = performance.now();
suite('curated (snapshot)', snapshotGraph('curated', loadCuratedCorpus(new URL('../data', import.meta.url).pathname)), true);

if (!args.has('--no-aan')) {
  if (missingAan().length) log(`AAN skipped: missing ${missingAan().join(', ')}`);
  else {
    // AAN with keyword concepts from titles (test/support/aan.ts), so that links can be changed too.
    const corpus = loadAanCorpus();
    suite('AAN (snapshot)', snapshotGraph('aan', corpus), !quick);
  }
}

{
  const t0 = performance.now();
  let corpus: Corpus | null = syntheticCorpus({ scale: 1 });
  log(`synthetic ×1 generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const snapshotPath = join(dir, 'synthetic.pgsnap');
  writeSnapshot(snapshotPath, corpus);
  // Array-backed (records as objects: a heap of millions the GC walks) and, as a server serves
  // it, snapshot-backed with the corpus dropped first.
  if (!args.has('--synthetic-snapshot')) suite('synthetic ×1', new KnowledgeGraph(corpus), false);
  corpus = null;
  if (!quick || args.has('--synthetic-snapshot')) suite('synthetic ×1 (snapshot)', loadSnapshotGraph(snapshotPath).graph, false);
}

log('');
log('| graph | change | median ms | p90 ms | median CPU ms | rebuild ms |');
log('|---|---|---:|---:|---:|---:|');
for (const r of rows)
  log(`| ${r.graph} | ${r.what} | ${ms(r.median)} | ${ms(r.p90)} | ${ms(r.cpu)} | ${r.rebuild === null ? '—' : ms(r.rebuild)} |`);
log(`\n(total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
rmSync(dir, { recursive: true, force: true });
