// `npm run bench` (full, about 15 min on 2 cores) and `npm run bench -- --quick` (about three
// minutes): the side-by-side suite of issues 5 and 12. Its last section is curation: writes,
// reads with uncompacted changes, compaction, replay; `--only curation` runs that section alone.
// Progress goes to stderr; the tables go to stdout and, with the machine they ran on, to
// bench/results/<date>[-quick][-curation].json. The peer section (issue 15; bench/peers/) also runs
// alone: `npm run bench:peers [-- --quick]`.

import { statSync } from 'node:fs';
import { aanStore, missingAan, syntheticStore, type LoadedStore } from './datasets.js';
import { compareQueries, loadTestQ3 } from './http-section.js';
import type { HttpSettings } from './http-bench.js';
import { importTimings } from './imports.js';
import { runKernelBench, type KernelResult } from './kernels.js';
import { startLoadClient } from './load.js';
import { loaderCosts } from './loader-bench.js';
import { formatTable, machine, markdownTable, writeResults, type Table } from './report.js';
import { startServers } from './servers.js';
import { buildServer, coldStarts, ensureSyntheticSnapshot } from './startup.js';
import { round } from './stats.js';
import { countStoreCalls } from './store-calls.js';
import * as tables from './tables.js';
import { buildWorkload } from './workload.js';
import { measureCompaction } from './compaction.js';
import { curatedDataset, curationWrites, measureReplay, type WriteDataset } from './curation.js';
import { measureOverlay, overlayJson } from './overlay.js';
import { measureWorkers, workersJson, workersTable } from './workers.js';
import { AAN_FILES as AAN_CORPUS_FILES, loadAanCorpus } from '../test/support/aan.js';
import { missingShared } from '../test/support/datasets.js';
import { PEER_SETTINGS, runPeerComparison } from './peers/section.js';
import { peerJson, peerTables } from './peers/tables.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const markdown = args.includes('--markdown');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : null;
if (only !== null && only !== 'curation') throw new Error(`--only ${only}: the only section that runs alone is "curation"`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

const settings = quick
  ? {
      cases: 16,
      checkedCases: 4,
      loaderBudgetMs: 1200,
      q3Amount: 300,
      q3Seconds: 8,
      importRuns: 1,
      startRuns: 1,
      x10: false,
      http: { rounds: 2, warmup: 5, maxRequests: 150, minRequests: 5, maxMs: 800 } satisfies HttpSettings,
    }
  : {
      cases: 64,
      checkedCases: 16,
      loaderBudgetMs: 4000,
      q3Amount: 1500,
      q3Seconds: 20,
      importRuns: 3,
      startRuns: 2,
      x10: true,
      http: { rounds: 6, warmup: 20, maxRequests: 500, minRequests: 15, maxMs: 2500 } satisfies HttpSettings,
    };

/** The curation section (issue 12): quick runs smaller sizes, and the table titles say so. */
const curation = quick
  ? {
      writeSeconds: 2,
      writesOnAan: false,
      overlay: { changes: 2000, batch: 100, cases: 16, budgetMs: 1500 },
      compaction: { scale: 0.25, changes: 2500, compactions: 1, rounds: 2, roundMs: 1500 },
      replayChanges: 20_000,
    }
  : {
      writeSeconds: 8,
      writesOnAan: true,
      overlay: { changes: 10_000, batch: 100, cases: 32, budgetMs: 4000 },
      compaction: { scale: 1, changes: 10_000, compactions: 2, rounds: 3, roundMs: 3000 },
      replayChanges: 100_000,
    };

const output: Table[] = [];
const machineInfo = machine();
const results: Record<string, unknown> = { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: machineInfo };
const add = (table: Table) => {
  output.push(table);
  const missed = table.rows.filter((r) => r.at(-1) === 'MISSED' || r.at(-1) === 'FAILED').length;
  log(`[${elapsed()}] measured: ${table.title.split(', ')[0]}${missed ? ` (${missed} goal(s) missed)` : ''}`);
};

async function httpSuite(loaded: LoadedStore, full: boolean) {
  // Built here before the HTTP suite, so that no timed search waits for it.
  const searchStart = performance.now();
  await loaded.store.search([{ text: 'index', page: { first: 1 } }]);
  const firstSearchMs = performance.now() - searchStart;
  log(
    `[${elapsed()}] ${loaded.name}: search index built in ${(firstSearchMs / 1000).toFixed(1)} s; drawing ${settings.cases} questions per shape and the store's own answers`,
  );
  const workload = await buildWorkload(loaded.store, settings.cases);
  const servers = await startServers(loaded.store);
  const client = await startLoadClient();
  try {
    log(`[${elapsed()}] HTTP side by side, ${loaded.name}`);
    const comparisons = await compareQueries(
      client,
      servers,
      workload,
      full ? settings.http : { ...settings.http, rounds: 2 },
      settings.checkedCases,
      log,
      !full,
    );
    add(tables.floorTable(comparisons, loaded.name));
    if (!full) return { comparisons, firstSearchMs };
    const loadTest = await loadTestQ3(client, servers, workload, settings.q3Amount, settings.q3Seconds);
    return { workload, comparisons, loadTest, firstSearchMs };
  } finally {
    await client.close();
    await servers.close();
  }
}

log(`papergraph bench (${quick ? 'quick' : 'full'}) on ${machineInfo.cpu} × ${machineInfo.cores}, Node ${process.version}`);

async function curationSection() {
  log(`[${elapsed()}] curation: writes`);
  const writeSets: WriteDataset[] = [curatedDataset()];
  const aanPresent = missingShared(AAN_CORPUS_FILES.map((f) => `datasets/${f}`)).length === 0;
  if (curation.writesOnAan && aanPresent) writeSets.push({ name: 'AAN', corpus: loadAanCorpus() });
  const writes = await curationWrites(writeSets, { seconds: curation.writeSeconds, rounds: 2, log });
  add(tables.writesTable(writes, quick ? ' (quick: curated corpus only)' : ''));

  log(`[${elapsed()}] curation: reads with ${curation.overlay.changes} uncompacted changes`);
  const overlay = await measureOverlay({
    load: () => (missingAan().length === 0 ? aanStore() : syntheticStore(quick ? 0.25 : 1)),
    seed: 12,
    log,
    ...curation.overlay,
  });
  add(tables.overlayTable(overlay, quick ? ' (quick: 2,000 changes; the full run 10,000)' : ''));

  log(`[${elapsed()}] curation: compaction at ×${curation.compaction.scale}`);
  const compaction = await measureCompaction({ ...curation.compaction, log });
  add(tables.compactionTable(compaction, quick ? ' (quick: ×0.25; the full run ×1, ogbn-arxiv size)' : ''));

  log(`[${elapsed()}] curation: replay of ${curation.replayChanges} changes`);
  const replay = [await measureReplay(writeSets[0], curation.replayChanges)];
  add(tables.replayTable(replay));

  results.curation = {
    writes: writes.map((w) => ({
      ...w,
      perSecond: round(w.perSecond),
      p50: round(w.p50),
      p99: round(w.p99),
      meanBatch: round(w.meanBatch),
      stages: Object.fromEntries(Object.entries(w.stages).map(([k, v]) => [k, round(v)])),
    })),
    overlay: overlayJson(overlay),
    compaction: {
      ...compaction,
      runs: compaction.runs.map((r) => ({
        ms: round(r.ms),
        steps: Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, round(v)])),
      })),
      reads: compaction.reads.map((r) => ({ ...r, p99Without: round(r.p99Without), p99During: round(r.p99During), ratio: round(r.ratio) })),
    },
    replay: replay.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]))),
  };
}

if (only === null) {
  const synthetic = syntheticStore(1);
  log(
    `[${elapsed()}] synthetic ×1: ${synthetic.store.graph.papers.size.toLocaleString('en-US')} papers, ${synthetic.store.graph.citations.length.toLocaleString('en-US')} citations ` +
      `(generate ${synthetic.steps.generate.toFixed(0)} ms, graph ${synthetic.steps.graph.toFixed(0)} ms, store ${synthetic.steps.store.toFixed(0)} ms)`,
  );

  const storeCalls = await countStoreCalls(synthetic.store);
  add(tables.storeCallTable(storeCalls));

  const http = await httpSuite(synthetic, true);
  const workload = http.workload!;
  log(`[${elapsed()}] loaders in process`);
  const inProcess = await loaderCosts(synthetic.store, workload, ['Q1', 'Q2', 'Q3', 'Q5', 'Q7'], settings.loaderBudgetMs);
  for (const table of tables.loaderTables(http.comparisons, inProcess)) add(table);
  add(tables.jitTable(http.comparisons));
  add(tables.cacheTable(http.comparisons));
  add(tables.loadTestTable(http.loadTest!, synthetic.name));

  let aanComparisons = null;
  if (!quick) {
    if (missingAan().length) log(`AAN queries skipped: missing ${missingAan().join(', ')}`);
    else aanComparisons = (await httpSuite(await aanStore(), false)).comparisons;
  }

  // Issue 15: papergraph (built bundle) vs Apollo Server 4, plain yoga and Mercurius over AAN; `npm run bench:peers` runs it alone.
  log(`[${elapsed()}] peers: papergraph vs Apollo Server 4, plain yoga, Mercurius (AAN, separate processes)`);
  const peers = await runPeerComparison(quick ? PEER_SETTINGS.quick : PEER_SETTINGS.full, log);
  for (const table of peerTables(peers, quick ? ' (quick)' : '')) add(table);
  results.peers = peerJson(peers);

  log(`[${elapsed()}] graph kernels`);
  const kernels: Record<string, KernelResult[]> = {};
  // Fewer samples than kernels.ts's own full run in both modes: graphology's side alone takes a minute at this size.
  kernels.x1 = await runKernelBench({ quick: true, graph: synthetic.store.graph, graphology: !quick, log });
  add(tables.kernelTable(kernels.x1, `graph kernels vs graphology, synthetic ×1${quick ? ' (graphology in the full run only)' : ''}`));

  log(`[${elapsed()}] imports`);
  const imports = await importTimings(settings.importRuns);
  add(tables.importTable(imports.timings, imports.skipped));

  if (settings.x10) {
    kernels.x10 = await runKernelBench({ quick: true, scale: 10, log });
    add(tables.kernelTable(kernels.x10, 'graph kernels, synthetic ×10 (topology only; no graphology)'));
  }

  log(`[${elapsed()}] cold starts: building the server (npm run build)`);
  const buildMs = buildServer();
  log(`[${elapsed()}] built in ${(buildMs / 1000).toFixed(0)} s`);
  const startups: tables.StartupResult[] = [];
  const startSkipped: string[] = [];
  for (const scale of settings.x10 ? [1, 10] : [1]) {
    const heapMB = scale === 1 ? 4096 : 16384;
    try {
      const { file, written } = await ensureSyntheticSnapshot(scale, heapMB, 10 * 60_000);
      log(`  ×${scale} snapshot ${written ? `written (${(written.writeMs / 1000).toFixed(0)} s)` : 'reused'}: ${file}`);
      const runs = scale === 1 ? settings.startRuns : 1;
      // The search index (built after listening) only at ×1: at ×10 it takes minutes.
      const reports = await coldStarts(file, runs, 6 * 60_000, scale === 1);
      startups.push({ scale, snapshotBytes: statSync(file).size, reports });
    } catch (error) {
      startSkipped.push(`×${scale}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  add(tables.startupTable(startups, startSkipped));

  // One process per core (issue 17): Q3 at 10 connections, --workers 1 vs 2, on the bundle built above.
  log(`[${elapsed()}] workers: Q3 at 10 connections, --workers 1 vs 2`);
  const workers = await measureWorkers({
    amount: settings.q3Amount,
    maxSeconds: settings.q3Seconds,
    rounds: quick ? 1 : 2,
    cases: settings.cases,
    build: false,
    log,
  });
  add(workersTable(workers, quick ? ' (quick: one run per side)' : ''));
  results.workers = workersJson(workers);

  Object.assign(results, {
    storeCalls,
    http: http.comparisons.map((c) => ({
      query: c.query,
      meanSize: round(c.meanSize),
      differs: c.differs,
      sides: Object.fromEntries(
        Object.entries(c.sides).map(([label, s]) => [
          label,
          {
            p50: round(s.p50),
            p99: round(s.p99),
            cpuP50: round(s.cpuP50),
            n: s.count,
            failures: s.failures,
            timeVsPapergraph: round(tables.sideRatio(s, c.sides.papergraph)),
          },
        ]),
      ),
    })),
    httpAan:
      aanComparisons?.map((c) => ({
        query: c.query,
        papergraph: { p50: round(c.sides.papergraph.p50), p99: round(c.sides.papergraph.p99) },
        floor: { p50: round(c.sides.floor.p50), p99: round(c.sides.floor.p99) },
      })) ?? null,
    loadersInProcess: inProcess.map((l) => ({
      query: l.query,
      cost: round(l.cost),
      batched: { p50: round(l.batched.p50), p99: round(l.batched.p99), cpuP50: round(l.batchedCpuP50) },
      unbatched: { p50: round(l.unbatched.p50), p99: round(l.unbatched.p99), cpuP50: round(l.unbatchedCpuP50) },
    })),
    q3Load: http.loadTest!.map((t) => ({ ...t, rps: round(t.rps) })),
    kernels: Object.fromEntries(
      Object.entries(kernels).map(([k, rows]) => [
        k,
        rows.map((r) => ({ ...r, papergraph: round(r.papergraph), graphology: round(r.graphology), ratio: round(r.ratio) })),
      ]),
    ),
    imports: imports.timings.map((t) => ({
      name: t.name,
      input: t.input,
      medianMs: round(t.summary.p50),
      maxMs: round(Math.max(...t.runs)),
      goalMs: t.goalMs,
    })),
    startup: startups.map((s) => ({
      scale: s.scale,
      snapshotBytes: s.snapshotBytes,
      runs: s.reports.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]))),
    })),
    firstSearchMs: round(http.firstSearchMs),
    skipped: [...imports.skipped, ...startSkipped],
  });
}
await curationSection();
results.tables = output.map((t) => ({ title: t.title, header: t.header, rows: t.rows }));
const file = writeResults(quick, results, only ? `-${only}` : '');

console.log(output.map(markdown ? markdownTable : formatTable).join('\n\n'));
const missed = output.flatMap((t) =>
  t.rows.filter((r) => r.at(-1) === 'MISSED' || r.at(-1) === 'FAILED').map((r) => `${r.at(-1)}: ${t.title.split(', ')[0]} — ${r[0]}`),
);
console.log(`\n${missed.length ? missed.join('\n') : 'every goal met'}\nresults: ${file} (${elapsed()})`);
