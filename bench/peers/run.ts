// `npm run bench:peers [-- --quick] [--markdown]`: the peer comparison alone (bench/peers/section.ts),
// its tables on stdout and bench/results/<date>[-quick]-peers.json. `npm run bench` runs it as a section.

import { formatTable, machine, markdownTable, writeResults } from '../report.js';
import { PEER_SETTINGS, runPeerComparison } from './section.js';
import { peerJson, peerTables } from './tables.js';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick' && a !== '--markdown');
if (unknown.length) {
  console.error(`bench:peers: unknown argument ${unknown.join(' ')} (use --quick and/or --markdown)`);
  process.exit(2);
}
const quick = args.includes('--quick');
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
log(`papergraph vs peers (${quick ? 'quick' : 'full'}), Node ${process.version}`);
const results = await runPeerComparison(quick ? PEER_SETTINGS.quick : PEER_SETTINGS.full, log);
const tables = peerTables(results, quick ? ' (quick)' : '');
const file = writeResults(
  quick,
  { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: machine(), peers: peerJson(results), tables },
  '-peers',
);
console.log(tables.map(args.includes('--markdown') ? markdownTable : formatTable).join('\n\n'));
const missed = tables.flatMap((t) =>
  t.rows.filter((r) => r.at(-1) === 'MISSED' || r.at(-1) === 'FAILED').map((r) => `${r.at(-1)}: ${r[0]}`),
);
console.log(
  `\n${missed.length ? missed.join('\n') : results.skipped ? `skipped: ${results.skipped}` : 'every goal met'}\nresults: ${file} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
);
