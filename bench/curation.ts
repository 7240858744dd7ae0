// Curation writes through CuratedGraph, end to end (validation, one log append + fsync per batch,
// one applyChanges per batch, the new version's store built and published), with 1 and with 10
// concurrent writers: acknowledged writes per second and their latency. Then the start-up replay
// of N changes (read + apply in chunks). `curationWrites` and `measureReplay` are the bench's
// curation section (bench/run.ts); `npx tsx bench/curation.ts [--quick] [--aan] [--replay-only]`
// runs them alone, on the curated corpus (data/) and with --aan also on AAN when present.

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../src/ingest/curated.js';
import type { Corpus } from '../src/model/index.js';
import type { ChangeInput } from '../src/store/change-log/change-log.js';
import { openSqliteChangeLog } from '../src/store/change-log/sqlite-change-log.js';
import { buildOperation, withoutCurationMarks } from '../src/store/curation/commands.js';
import { openCuratedGraph } from '../src/store/curation/curated-graph.js';
import type { Command } from '../src/store/curation/curation.js';
import { Draft } from '../src/store/curation/draft.js';
import { AAN_FILES, loadAanCorpus } from '../test/support/aan.js';
import { missingShared, REPO_ROOT } from '../test/support/datasets.js';
import { formatTable, ms } from './report.js';
import { summarize } from './stats.js';
import type { ReplayResult, WriteRun } from './curation-results.js';
import { writesTable } from './tables.js';

export interface WriteDataset {
  name: string;
  corpus: Corpus;
}

export function curatedDataset(): WriteDataset {
  return { name: 'curated', corpus: loadCuratedCorpus(join(REPO_ROOT, 'data')) };
}

/** Writer w's i-th command: paper edits, link changes, citations added and removed, new papers; writers never collide. */
function commandFor(corpus: Corpus, w: number, i: number): Command {
  const papers = corpus.papers;
  const paper = papers[(w * 13 + i) % papers.length].id;
  const links = corpus.paperConcepts;
  const link = links[(w * 17) % links.length];
  switch (i % 4) {
    case 0:
      return { op: 'paper.update', id: paper, fields: { aliases: [`bench alias ${w}/${i}`] } };
    case 1:
      return { op: 'concept.link', paperId: link.paperId, conceptId: link.conceptId, role: 'USES', score: 0.1 + ((i >> 2) % 9) / 10 };
    case 2:
      return { op: 'paper.add', fields: { title: `Bench paper ${w}/${i}`, year: 2021, authors: [{ name: `Bench Author ${w}` }] } };
    default:
      return { op: 'citation.add', citingId: `bench-paper-${w}-${i - 1}`, citedId: papers[(w * 31 + i) % papers.length].id };
  }
}

interface Round {
  latencies: number[];
  elapsedMs: number;
  writes: number;
  appends: number;
  failures: number;
  stages: WriteRun['stages'];
}

const STAGES = ['validate', 'append', 'apply', 'store'] as const;

/** One timed round of `writers` concurrent writers on a fresh data directory. */
async function writeRound(dataset: WriteDataset, writers: number, seconds: number): Promise<Round> {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-curation-'));
  const log = openSqliteChangeLog({ dataDir });
  const curated = await openCuratedGraph({ base: new KnowledgeGraph(dataset.corpus), log });
  const latencies: number[] = [];
  let failures = 0;
  try {
    await curated.write({ op: 'paper.update', id: dataset.corpus.papers[0].id, fields: { aliases: ['warm-up'] } }, { actor: 'bench' });
    const appendsBefore = curated.appends;
    const timingsBefore = { ...curated.timings };
    const writesBefore = curated.writesCommitted;
    const start = performance.now();
    const end = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; performance.now() < end; i++) {
          const t = performance.now();
          try {
            await curated.write(commandFor(dataset.corpus, w, i), { actor: `writer-${w}` });
            latencies.push(performance.now() - t);
          } catch (e) {
            failures++;
            if (failures < 3) console.error(e);
          }
        }
      }),
    );
    const appends = curated.appends - appendsBefore;
    return {
      latencies,
      elapsedMs: performance.now() - start,
      writes: curated.writesCommitted - writesBefore,
      appends,
      failures,
      stages: Object.fromEntries(STAGES.map((k) => [k, curated.timings[k] - timingsBefore[k]])) as WriteRun['stages'],
    };
  } finally {
    await curated.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface WriteOptions {
  /** Timed seconds per writer count, split over the rounds. */
  seconds: number;
  /** Rounds: the writer counts take turns, so that drift in the machine's load lands on each. */
  rounds?: number;
  writerCounts?: number[];
  log?: (line: string) => void;
}

/** Acknowledged writes per second and latency with each writer count, measured in alternating rounds. */
export async function curationWrites(datasets: WriteDataset[], options: WriteOptions): Promise<WriteRun[]> {
  const { seconds, rounds = 2, writerCounts = [1, 10], log = () => {} } = options;
  const runs: WriteRun[] = [];
  for (const dataset of datasets) {
    const pooled = writerCounts.map(() => [] as Round[]);
    for (let r = 0; r < rounds; r++)
      for (let j = 0; j < writerCounts.length; j++) {
        // Each writer count goes first in turn.
        const k = (j + r) % writerCounts.length;
        pooled[k].push(await writeRound(dataset, writerCounts[k], seconds / rounds));
        log(`  writes: ${dataset.name}, ${writerCounts[k]} writer(s), round ${r + 1}/${rounds}`);
      }
    writerCounts.forEach((writers, k) => {
      const list = pooled[k];
      const sum = (f: (x: Round) => number) => list.reduce((t, x) => t + f(x), 0);
      const s = summarize(list.flatMap((x) => x.latencies));
      const appends = Math.max(
        1,
        sum((x) => x.appends),
      );
      runs.push({
        dataset: dataset.name,
        papers: dataset.corpus.papers.length,
        writers,
        seconds,
        writes: s.count,
        perSecond: s.count / (sum((x) => x.elapsedMs) / 1000),
        p50: s.p50,
        p99: s.p99,
        meanBatch: sum((x) => x.writes) / appends,
        failures: sum((x) => x.failures),
        stages: Object.fromEntries(STAGES.map((st) => [st, sum((x) => x.stages[st]) / appends])) as WriteRun['stages'],
      });
    });
  }
  return runs;
}

/** `count` valid changes on the base (built with the write path's own validation, no graph rebuilt), appended in big batches. */
async function writeChanges(corpus: Corpus, dataDir: string, count: number): Promise<void> {
  const graph = new KnowledgeGraph(corpus);
  const draft = new Draft(graph);
  const log = openSqliteChangeLog({ dataDir });
  const papers = corpus.papers.map((p) => p.id);
  const concepts = corpus.concepts.map((c) => c.id);
  const added: string[] = [];
  let batch: ChangeInput[] = [];
  let seq = 0;
  for (let i = 0; seq < count; i++) {
    const pick = (ids: string[], k: number) => ids[(k * 2654435761) % ids.length];
    let command: Command;
    const r = i % 10;
    if (r < 3 || added.length === 0) command = { op: 'paper.add', fields: { title: `Replay paper ${i}`, year: 2000 + (i % 20) } };
    else if (r < 6)
      command = { op: 'citation.add', citingId: added[added.length - 1 - (i % Math.min(added.length, 50))], citedId: pick(papers, i) };
    else if (r < 8)
      command = {
        op: 'concept.link',
        paperId: pick(added, i),
        conceptId: pick(concepts, i >>> 1),
        role: 'USES',
        score: 0.1 + (i % 9) / 10,
      };
    else command = { op: 'paper.update', id: pick(papers, i >>> 3), fields: { aliases: [`alias ${i}`] } };
    let op;
    try {
      op = withoutCurationMarks(buildOperation(command, draft));
    } catch {
      continue; // a duplicate citation or link: pick again
    }
    seq++;
    draft.apply(op, seq);
    if (op.op === 'paper.add') added.push(op.after.id);
    batch.push({ ...op, actor: 'bench' });
    if (batch.length === 10_000) {
      await log.append(batch);
      batch = [];
    }
  }
  if (batch.length) await log.append(batch);
  await log.close();
}

/** Start-up replay of `count` changes (30% paper.add, 30% citation.add, 20% concept.link, 20% paper.update) onto the dataset. */
export async function measureReplay(dataset: WriteDataset, count: number): Promise<ReplayResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-replay-'));
  try {
    await writeChanges(dataset.corpus, dataDir, count);
    const base = new KnowledgeGraph(dataset.corpus);
    const readLog = openSqliteChangeLog({ dataDir });
    const t0 = performance.now();
    let n = 0;
    for await (const _ of readLog.readSince(0)) n++;
    const readMs = performance.now() - t0;
    await readLog.close();
    const log = openSqliteChangeLog({ dataDir });
    const cpu0 = process.cpuUsage();
    const curated = await openCuratedGraph({ base, log });
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const replayed = curated.replay.changes;
    const totalMs = curated.replay.ms;
    const { applyMs, storeMs } = curated.replay;
    const papers = (await curated.current().findPapers([{ page: { first: 0 } }]))[0].totalCount;
    await curated.close();
    if (n !== replayed) throw new Error(`read ${n} changes, replayed ${replayed}`);
    return { dataset: dataset.name, count: replayed, readMs, totalMs, cpuMs, applyMs, storeMs, papers };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const quick = process.argv.includes('--quick');
  const seconds = quick ? 1.5 : 4;
  const replayCount = quick ? 20_000 : 100_000;
  const datasets: WriteDataset[] = [curatedDataset()];
  if (process.argv.includes('--aan') && missingShared(AAN_FILES.map((f) => `datasets/${f}`)).length === 0)
    datasets.push({ name: 'AAN', corpus: loadAanCorpus() });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!process.argv.includes('--replay-only')) {
    const runs = await curationWrites(datasets, { seconds, log });
    console.log(formatTable(writesTable(runs)));
    console.log(
      `(load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores)`,
    );
  }
  for (const dataset of datasets.slice(0, quick ? 1 : datasets.length)) {
    const r = await measureReplay(dataset, replayCount);
    console.log(
      `\nReplay (${dataset.name}): ${r.count.toLocaleString('en-US')} changes (30% paper.add, 30% citation.add, 20% concept.link, 20% paper.update) in ${ms(r.totalMs)} (CPU ${ms(r.cpuMs)}; parsing and applyChanges ${ms(r.applyMs)}, the store ${ms(r.storeMs)}, the rest fetching rows); a full read of the same log (every field parsed) took ${ms(r.readMs)}; ${r.papers.toLocaleString('en-US')} papers after`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
