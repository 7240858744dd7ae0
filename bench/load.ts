// The bench's side of the load generator: forks bench/load-client.ts (a second process), hands
// it jobs and waits for their results; a job that outlives its bound kills the client.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Job, JobResult } from './load-client.js';

export interface LoadClient {
  run(job: Job): Promise<JobResult>;
  close(): Promise<void>;
}

/** Grace beyond a job's own bound before the client is presumed stuck. */
const STUCK_AFTER_MS = 60_000;

export async function startLoadClient(): Promise<LoadClient> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: JobResult) => void; reject: (e: Error) => void }>();
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`load client exited (${code}) before it was ready`)));
  });
  child.on('message', (message: { id?: number; result?: JobResult; error?: string }) => {
    if (message.id === undefined) return;
    const waiter = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) waiter?.reject(new Error(`load client: ${message.error}`));
    else waiter?.resolve(message.result!);
  });
  child.on('exit', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`load client exited (${code})`));
    waiting.clear();
  });
  return {
    run(job) {
      const id = nextId++;
      const bound = job.kind === 'latency' ? job.maxMs : job.maxSeconds * 1000;
      return new Promise<JobResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill();
          reject(new Error(`load job ${job.query} ran past ${bound + STUCK_AFTER_MS} ms`));
        }, bound + STUCK_AFTER_MS);
        waiting.set(id, {
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        child.send({ id, job });
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ id: -1, job: null });
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(() => (child.kill(), resolve()), 5000))]);
    },
  };
}
