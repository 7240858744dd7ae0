// What the response cache holds after a load of unique answers (the peers bench sends a nonce
// variable per request, so every answer is a miss and is stored): QB (an answer of ~20 KB) asked
// N times with unique variables through papergraph's app (response cache on, its defaults), in
// process; reports RSS and heap after a full GC, before and after the load.
// Usage: node --expose-gc --import tsx bench/response-cache-memory.ts [--requests N] [--off]

import { parseArgs } from 'node:util';
import { createApp } from '../src/api/yoga.js';
import { aanSnapshotStore, LEAN_QUERIES, variablesOf } from '../test/support/lean-queries.js';
import { AAN_FILES } from './datasets.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function main() {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, off: { type: 'boolean', default: false } } });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const store = await aanSnapshotStore(AAN_FILES);
  const app = createApp({ store, graphiql: false, responseCache: values.off ? false : {} });
  const ask = async (n: number) => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: LEAN_QUERIES.QB.document, variables: { ...variablesOf('QB'), _n: n } }),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${response.status} ${text.slice(0, 300)}`);
    return text.length;
  };
  const answer = await ask(-1);
  const measure = () => {
    gc();
    const { rss, heapUsed, external } = process.memoryUsage();
    return { rss, heapUsed, external };
  };
  const before = measure();
  const requests = Number(values.requests);
  for (let i = 0; i < requests; i++) await ask(i);
  const after = measure();
  console.log(
    `response cache ${values.off ? 'off' : 'on'}: ${requests} unique QB answers of ${answer} B — RSS ${mb(before.rss)} → ${mb(after.rss)} (+${mb(after.rss - before.rss)}), heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)}), external ${mb(before.external)} → ${mb(after.external)}`,
  );
}

await main();
