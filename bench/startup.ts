// Cold start and peak RSS, each in a fresh child process (bench/startup-child.ts): the
// synthetic snapshot is written once per generator and format (cached in the temp directory),
// then servers start from it.

import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartupReport, WriteReport } from './startup-child.js';

export type { StartupReport, WriteReport };

const CHILD = fileURLToPath(new URL('./startup-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function runChild<T>(args: string[], heapMB: number, timeoutMs: number): Promise<{ report: T; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, args, { execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMB}`], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: { report?: T; error?: string } | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args[0]} ${args.slice(1).join(' ')} took over ${timeoutMs / 1000} s and was stopped`));
    }, timeoutMs);
    child.on('message', (message: { report?: T; error?: string }) => { answer = message; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (answer?.report) resolve({ report: answer.report, wallMs });
      else reject(new Error(answer?.error ?? `${args[0]} child exited with ${signal ?? code} (out of memory?)`));
    });
  });
}

/** Where the snapshot of the synthetic corpus at `scale` lives: named by what produces it, so a change rewrites it. */
export function syntheticSnapshotPath(scale: number): string {
  const hash = createHash('sha256');
  const inputs = ['bench/synthetic.ts', 'src/model/types.ts', 'package.json', ...readdirSync(join(ROOT, 'src/ingest')).filter((f) => f.startsWith('snapshot')).map((f) => `src/ingest/${f}`)];
  for (const file of inputs) hash.update(readFileSync(join(ROOT, file)));
  const dir = join(tmpdir(), 'papergraph-bench');
  mkdirSync(dir, { recursive: true });
  return join(dir, `synthetic-x${scale}-${hash.digest('hex').slice(0, 12)}.pgs`);
}

/** The snapshot at `scale`, written by a child process unless an up-to-date one exists. */
export async function ensureSyntheticSnapshot(scale: number, heapMB: number, timeoutMs: number): Promise<{ file: string; written: WriteReport | null }> {
  const file = syntheticSnapshotPath(scale);
  if (existsSync(file)) return { file, written: null };
  const { report } = await runChild<WriteReport>(['write', String(scale), file], heapMB, timeoutMs);
  return { file, written: report };
}

/** `runs` cold starts from `file`, each in a fresh process. */
export async function coldStarts(file: string, runs: number, heapMB: number, timeoutMs: number): Promise<{ reports: StartupReport[]; wallMs: number[] }> {
  const reports: StartupReport[] = [];
  const wallMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runChild<StartupReport>(['start', file], heapMB, timeoutMs);
    reports.push(result.report);
    wallMs.push(result.wallMs);
  }
  return { reports, wallMs };
}
