// `npx tsx bench/curation.ts [--quick] [--aan]`: curation writes through CuratedGraph, end to end
// (validation, one log append + fsync per batch, one applyChanges per batch, the new version's
// store built and published), with 1 and with 10 concurrent writers: acknowledged writes per
// second and their latency. Then the start-up replay of 100,000 changes (read + apply in chunks).
// On the curated corpus (data/); with --aan also on AAN when ../shared/datasets has it.

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { formatTable, ms, type Table } from './report.js';
import { summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const seconds = quick ? 1.5 : 4;
const replayCount = quick ? 20_000 : 100_000;
const replayOnly = process.argv.includes('--replay-only');

interface Dataset {
  name: string;
  corpus: Corpus;
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

interface Run {
  writes: number;
  perSecond: number;
  p50: number;
  p99: number;
  meanBatch: number;
  failures: number;
  /** Mean ms per append of each stage: validate, append (fsync), applyChanges, store. */
  stages: string;
}

async function measureWrites(dataset: Dataset, writers: number): Promise<Run> {
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
    const elapsed = (performance.now() - start) / 1000;
    const s = summarize(latencies);
    return {
      writes: s.count,
      perSecond: s.count / elapsed,
      p50: s.p50,
      p99: s.p99,
      meanBatch: (curated.writesCommitted - writesBefore) / Math.max(1, curated.appends - appendsBefore),
      failures,
      stages: (['validate', 'append', 'apply', 'store'] as const)
        .map((k) => ((curated.timings[k] - timingsBefore[k]) / Math.max(1, curated.appends - appendsBefore)).toFixed(2))
        .join(' / '),
    };
  } finally {
    await curated.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
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

async function measureReplay(
  dataset: Dataset,
): Promise<{ count: number; readMs: number; totalMs: number; cpuMs: number; applyMs: number; storeMs: number; papers: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-replay-'));
  try {
    await writeChanges(dataset.corpus, dataDir, replayCount);
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
    const count = curated.replay.changes;
    const totalMs = curated.replay.ms;
    const { applyMs, storeMs } = curated.replay;
    const papers = (await curated.current().findPapers([{ page: { first: 0 } }]))[0].totalCount;
    await curated.close();
    if (n !== count) throw new Error(`read ${n} changes, replayed ${count}`);
    return { count, readMs, totalMs, cpuMs, applyMs, storeMs, papers };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const datasets: Dataset[] = [{ name: 'curated', corpus: loadCuratedCorpus(join(REPO_ROOT, 'data')) }];
if (process.argv.includes('--aan') && missingShared(AAN_FILES.map((f) => `datasets/${f}`)).length === 0)
  datasets.push({ name: 'AAN', corpus: loadAanCorpus() });

const rows: string[][] = [];
for (const dataset of replayOnly ? [] : datasets)
  for (const writers of [1, 10]) {
    const r = await measureWrites(dataset, writers);
    process.stderr.write(`measured ${dataset.name}, ${writers} writer(s)\n`);
    rows.push([
      dataset.name,
      dataset.corpus.papers.length.toLocaleString('en-US'),
      String(writers),
      r.writes.toLocaleString('en-US'),
      r.perSecond.toFixed(0),
      ms(r.p50),
      ms(r.p99),
      r.meanBatch.toFixed(1),
      String(r.failures),
      r.stages,
    ]);
  }
const table: Table = {
  title: `Curation writes acknowledged (validated, appended and synced, new version published), ${seconds} s per run`,
  header: [
    'corpus',
    'papers',
    'writers',
    'writes',
    'writes/s',
    'p50',
    'p99',
    'writes per append',
    'refused',
    'ms per append: validate / append / apply / store',
  ],
  rows,
  notes: [
    'Mix per writer: paper.update, concept.link (score change), paper.add, citation.add from the paper it added.',
    'Group commit: writes arriving while a batch is appended queue up; the next batch is one append (one fsync) and one applyChanges.',
  ],
};
console.log(formatTable(table));
console.log(
  `(load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores)`,
);
for (const dataset of datasets.slice(0, quick ? 1 : datasets.length)) {
  const r = await measureReplay(dataset);
  console.log(
    `\nReplay (${dataset.name}): ${r.count.toLocaleString('en-US')} changes (30% paper.add, 30% citation.add, 20% concept.link, 20% paper.update) in ${ms(r.totalMs)} (CPU ${ms(r.cpuMs)}; applyChanges ${ms(r.applyMs)}, the store ${ms(r.storeMs)}, the rest reading the log); reading them from the log alone took ${ms(r.readMs)}; ${r.papers.toLocaleString('en-US')} papers after`,
  );
}
