// The child of the change log's kill test (change-log-crash.ts): `<data-dir> <writers>`. Each
// writer appends writerBatch(w, 0), writerBatch(w, 1), … one after another, and on each
// acknowledgement prints `ack <writer> <append> <seqs>` (one write() per line: a pipe write is
// synchronous on Linux, so what was printed is in the pipe when the kill comes). Stops itself
// after 20 s if nobody kills it.

import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { writerBatch } from './change-log-crash.js';

const [dataDir, writers] = [process.argv[2], Number(process.argv[3] ?? 8)];
const log = openSqliteChangeLog({ dataDir });
const deadline = Date.now() + 20_000;

async function writer(w: number): Promise<void> {
  for (let i = 0; Date.now() < deadline; i++) {
    const committed = await log.append(writerBatch(w, i));
    process.stdout.write(`ack ${w} ${i} ${committed.map((c) => c.seq).join(',')}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
await log.close();
