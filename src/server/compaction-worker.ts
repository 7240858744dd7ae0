// The compaction worker thread's entry: runs one compaction (compaction/compact.ts) per message
// and posts the result back, its influence array transferred, not copied. A separate entry point
// of the build (scripts/build.mjs), beside server/main.mjs, so a bundle finds it at run time.

import { parentPort } from 'node:worker_threads';
import { compact, type CompactOptions } from './compaction/compact.js';

if (!parentPort) throw new Error('compaction-worker.ts runs as a worker thread (see compaction/run.ts)');
const port = parentPort;

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
