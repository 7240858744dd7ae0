// The change log's kill test, shared by test/store/change-log-crash.test.ts (a few seeds) and
// `npm run crash-test:log` (20): a child process (change-log-writer.ts) appends from several
// concurrent writers and prints each acknowledged seq; it is killed with SIGKILL at a moment
// drawn from the seed; the log reopened must hold every acknowledged change, whole, in order,
// with seqs 1…n and no gap. SIGKILL tests that nothing is acknowledged before its commit; the
// sync to disk (synchronous=FULL) is what a power cut would test, which a process kill cannot.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Change, ChangeInput } from '../../src/store/change-log/change-log.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';

const WRITER = fileURLToPath(new URL('./change-log-writer.ts', import.meta.url));

/** The changes writer `w` appends in its `i`-th append: 1 to 3 new papers, the same every run. */
export function writerBatch(w: number, i: number): ChangeInput[] {
  return Array.from({ length: 1 + ((w + i) % 3) }, (_, j) => {
    const id = `w${w}-${i}-${j}`;
    return {
      op: 'paper.add',
      actor: `writer-${w}`,
      reason: `kill test append ${i}`,
      before: null,
      after: {
        id,
        title: `Paper ${id}`,
        aliases: [`alias ${id}`],
        abstract: `Abstract of ${id}. `.repeat(1 + (i % 5)),
        year: 2000 + (i % 25),
        venueId: null,
        arxivId: null,
        doi: `10.0000/${id}`,
        url: null,
        provenance: [{ source: 'kill-test', recordId: id }],
        unresolvedReferenceCount: 0,
        abstractProvenance: null,
        summary: null,
        pdfUrl: null,
        codeUrl: null,
        presentation: null,
        externalIds: [],
        stub: false,
        authors: [],
      },
    };
  });
}

export interface TrialResult {
  seed: number;
  killAfterMs: number;
  acknowledged: number;
  /** Changes in the reopened log: the acknowledged ones and any committed just before the kill. */
  present: number;
  recovery: string | null;
}

/** One kill: spawns the writer, kills it `killAfterMs` (from the seed) after it is ready, reopens and checks. */
export async function runKillTrial(seed: number, options: { writers?: number; minMs?: number; maxMs?: number } = {}): Promise<TrialResult> {
  const writers = options.writers ?? 8;
  const [killAfterMs] = fc.sample(fc.noBias(fc.integer({ min: options.minMs ?? 50, max: options.maxMs ?? 800 })), { seed, numRuns: 1 });
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-kill-'));
  try {
    const stdout = await runAndKill(dataDir, writers, killAfterMs);
    const acks = parseAcks(stdout);
    const log = openSqliteChangeLog({ dataDir });
    try {
      const changes: Change[] = [];
      for await (const change of log.readSince(0)) changes.push(change);
      check(changes, acks);
      return { seed, killAfterMs, acknowledged: acks.size, present: changes.length, recovery: log.opened.message };
    } finally {
      await log.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function runAndKill(dataDir: string, writers: number, killAfterMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(writers)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    // A child that never gets ready (or hangs) is killed after 30 s and fails the trial.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!timer && stdout.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && timer) resolve(stdout);
      else reject(new Error(`the writer ended with ${signal ?? `exit code ${code}`} before it was killed: ${stderr}`));
    });
  });
}

/** Acknowledged seqs and what each must hold: `ack <writer> <append> <seq>,<seq>…` per line. */
function parseAcks(stdout: string): Map<number, { w: number; i: number; j: number }> {
  const acks = new Map<number, { w: number; i: number; j: number }>();
  // Only whole lines: each is one write() to a pipe, so a kill cannot cut one, but be strict anyway.
  for (const line of stdout.split('\n').slice(0, -1)) {
    const m = /^ack (\d+) (\d+) ([\d,]+)$/.exec(line);
    if (!m) continue;
    m[3].split(',').forEach((seq, j) => acks.set(Number(seq), { w: Number(m[1]), i: Number(m[2]), j }));
  }
  return acks;
}

function check(changes: Change[], acks: Map<number, { w: number; i: number; j: number }>): void {
  const fail = (message: string) => {
    throw new Error(`kill test: ${message}`);
  };
  changes.forEach((change, k) => {
    if (change.seq !== k + 1) fail(`seq ${change.seq} at position ${k + 1}: a gap or a disorder`);
  });
  const bySeq = new Map(changes.map((c) => [c.seq, c]));
  for (const [seq, { w, i, j }] of acks) {
    if (!bySeq.has(seq)) fail(`acknowledged change ${seq} (writer ${w}, append ${i}) is missing`);
  }
  // Every change present, acknowledged or not, is whole: exactly what its writer appended.
  const lastAppend = new Map<number, number>();
  for (const change of changes) {
    if (change.op !== 'paper.add') fail(`change ${change.seq} is a ${change.op}`);
    const m = /^w(\d+)-(\d+)-(\d+)$/.exec(change.op === 'paper.add' ? change.after.id : '');
    if (!m) return fail(`change ${change.seq} has a foreign id`);
    const [w, i, j] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ack = acks.get(change.seq);
    if (ack && (ack.w !== w || ack.i !== i || ack.j !== j))
      fail(`change ${change.seq} holds w${w}-${i}-${j}, acknowledged as w${ack.w}-${ack.i}-${ack.j}`);
    const expected = writerBatch(w, i)[j];
    const { seq: _seq, at: _at, targets: _targets, reverts: _reverts, ...written } = change;
    if (!isDeepStrictEqual(written, expected)) fail(`change ${change.seq} is not whole: ${JSON.stringify(written)}`);
    // A writer's appends are in its order: append i's changes follow append i-1's.
    if ((lastAppend.get(w) ?? -1) > i) fail(`writer ${w}'s append ${i} comes after a later append`);
    lastAppend.set(w, i);
  }
}
