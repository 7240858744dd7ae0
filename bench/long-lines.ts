// `npx tsx bench/long-lines.ts [10,20,40]`: the time to read a JSONL file that is one long line
// of N MB (issue 10: 0.9 / 2.75 / 10 s at 10 / 20 / 40 MB when lines were split by re-scanning
// the growing rest), and the same split done the old way beside it, so the ratio shows on one
// machine under one load. Linear reading keeps the time per MB flat as N doubles.

import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssueLog, readJsonLines } from '../src/ingest/source-files.js';

const sizes = (process.argv[2] ?? '10,20,40').split(',').map(Number);
const oldUpTo = Number(process.argv[3] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'papergraph-long-lines-'));

/** The splitter before issue 10: the rest of the line joined to each chunk and split again. */
async function quadraticLines(path: string): Promise<number> {
  let rest = '';
  let n = 0;
  for await (const chunk of createReadStream(path).setEncoding('utf8') as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    n += lines.length;
  }
  return n + (rest ? 1 : 0);
}

const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

try {
  console.log('size   | now (s) | now s/MB | old split (s)');
  for (const mb of sizes) {
    const file = join(dir, `long-${mb}.jsonl`);
    writeFileSync(file, `${JSON.stringify({ id: 'x', title: 'a'.repeat(mb * 1e6) })}\n`);
    const now = await seconds(() => readJsonLines(file, new IssueLog(false), () => {}));
    const old = mb <= oldUpTo ? (await seconds(() => quadraticLines(file))).toFixed(2) : '(skipped)';
    console.log(`${String(mb).padStart(3)} MB | ${now.toFixed(2).padStart(7)} | ${(now / mb).toFixed(3).padStart(8)} | ${old}`);
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
