// The built server (dist/server/main.mjs, or another build given) as bench/peers runs it
// (PAPERGRAPH_PROFILE=production, log off, no rate limit) over an AAN snapshot: VmRSS of the
// server's process tree after a warm-up and after N (default 6,000) QB requests with unique
// variables, 10 at a time (every answer a response-cache miss, as in the peers bench), then the
// server CPU per QA request (5 rounds of 4,000, median). Compares builds: build an older commit
// in a worktree and give its bundle.
// Usage: npx tsx bench/server-rss.ts [bundle] [snapshot (written from AAN when absent)]  (N=… to change the load)

import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssBytes, cpuMs } from './peers/section.js';
import { writeSnapshot } from '../src/ingest/snapshot.js';
import { aanStore } from './datasets.js';
import { LEAN_QUERIES, variablesOf } from '../test/support/lean-queries.js';
const rss = (pid: number) => rssBytes(pid) / 1048576;
async function main() {
  const [bundle = 'dist/server/main.mjs', snapArg] = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'ovh-rss-'));
  const snapshot = snapArg ?? join(dir, 'aan.pgs');
  if (!existsSync(snapshot)) {
    const s = await aanStore();
    writeSnapshot(snapshot, s.store.graph.toCorpus());
    console.log('snapshot', snapshot);
  }
  const child = spawn('node', [bundle, '--snapshot', snapshot, '--data-dir', join(dir, 'data'), '--port', '0', '--host', '127.0.0.1'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PAPERGRAPH_PROFILE: 'production',
      PAPERGRAPH_LOG: 'off',
      PAPERGRAPH_RATE_LIMIT: '0/60s',
      PAPERGRAPH_WORKERS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d;
      const m = /Graph(?:i)?QL at (http:\/\/\S+\/graphql)/.exec(out);
      if (m) res(m[1]);
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', () => rej(new Error(out)));
  });
  try {
    let n = 0;
    const ask = async () => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LEAN_QUERIES.QB.document, variables: { ...variablesOf('QB'), _n: n++ } }),
      });
      const t = await r.text();
      if (r.status !== 200 || t.includes('"errors"')) throw new Error(t.slice(0, 200));
    };
    for (let i = 0; i < 50; i++) await ask();
    await new Promise((r) => setTimeout(r, 1000));
    const before = rss(child.pid!);
    const total = Number(process.env.N ?? 6000);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (n < total) await ask();
      }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    console.log(
      `${bundle}: VmRSS ${before.toFixed(0)} MB after warm-up → ${rss(child.pid!).toFixed(0)} MB after ${total} unique QB requests (10 at a time)`,
    );
    const cpu = () => cpuMs(child.pid!);
    const askQA = async () => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LEAN_QUERIES.QA.document, variables: { ...variablesOf('QA'), _n: n++ } }),
      });
      const t = await r.text();
      if (r.status !== 200 || t.includes('"errors"')) throw new Error(t.slice(0, 200));
    };
    const run = async (count: number) => {
      let left = count;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (left-- > 0) await askQA();
        }),
      );
    };
    await run(4000);
    const rounds: number[] = [];
    for (let r = 0; r < 5; r++) {
      const c0 = cpu();
      await run(4000);
      rounds.push((cpu() - c0) / 4000);
    }
    rounds.sort((a, b) => a - b);
    console.log(`${bundle}: QA server CPU ms/request median ${rounds[2].toFixed(3)} (rounds ${rounds.map((x) => x.toFixed(3)).join(' ')})`);
  } finally {
    child.kill();
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
main();
