// The compaction worker thread's entry: runs one compaction (compaction/compact.ts) per message
// and posts the result back, its influence array transferred, not copied. A separate entry point
// of the build (scripts/build.mjs), beside server/main.mjs, so a bundle finds it at run time.

import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { compact, type CompactOptions } from './compaction/compact.js';

if (!parentPort) throw new Error('compaction-worker.ts runs as a worker thread (see compaction/run.ts)');
const port = parentPort;

// On Linux a thread has its own nice value: this one yields the CPU to the serving thread when
// cores are short (setpriority on a thread id touches that thread alone). Elsewhere: as is.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid !== process.pid) setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // No /proc (macOS, Windows) or not permitted: the worker runs at the server's priority.
}

port.on('message', async (options: CompactOptions) => {
  try {
    const result = await compact(options);
    port.postMessage({ ok: true, result }, [result.influence.buffer as ArrayBuffer]);
  } catch (e) {
    const error = e as Error & { code?: string };
    port.postMessage({
      ok: false,
      error: { name: error?.name, message: error?.message ?? String(e), code: error?.code, stack: error?.stack },
    });
  }
});
