// `npm run crash-test [-- --quick] [-- --seeds N] [-- --writes N] [-- --compact-every N] [-- --built]`: the server's
// kill test (test/server/crash-harness.ts). Each seed: the real server on a fresh data directory
// takes writes from 8 HTTP clients with a curate key, is killed with SIGKILL after a number of
// acknowledgements drawn from the seed, and is restarted; every acknowledged write must be there,
// whole, and the served graph must equal the one rebuilt from the log. Full: 20 seeds × 1,000
// writes; --quick: 3 seeds × 200. Exits 1 on the first seed that fails.

import { runServerKillTrial } from '../test/server/crash-harness.js';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : undefined;
};
const quick = argv.includes('--quick');
const seeds = flag('--seeds') ?? (quick ? 3 : 20);
const writes = flag('--writes') ?? (quick ? 200 : 1000);
const built = argv.includes('--built');
const compactEvery = flag('--compact-every') ?? (quick ? 25 : 150);

let acknowledged = 0;
let unanswered = 0;
let torn = 0;
let compactions = 0;
const started = performance.now();
for (let seed = 1; seed <= seeds; seed++) {
  try {
    const r = await runServerKillTrial({ seed, writes, built, compactEvery });
    acknowledged += r.acknowledged;
    unanswered += r.unanswered;
    compactions += r.compactions;
    if (r.tornDropped) torn++;
    console.log(
      `seed ${String(seed).padStart(2)}: SIGKILL after ${String(r.killAfterAcks).padStart(4)} acks; ${String(r.acknowledged).padStart(4)} acknowledged, ` +
        `${r.unanswered} unanswered, ${r.changes} changes in the log, ${r.compactions} compaction(s) before the kill; restart: ${r.replayedLine}` +
        `${r.tornDropped ? ', torn write dropped' : ''}; ${r.papersCompared} papers equal to the rebuild (${r.digest.slice(0, 12)}) in ${(r.ms / 1000).toFixed(1)} s`,
    );
  } catch (e) {
    console.error(`seed ${seed}: FAILED: ${(e as Error).message}`);
    process.exit(1);
  }
}
console.log(
  `${seeds} kills of the server (${built ? 'built bundle' : 'tsx'}), ${writes} writes offered each: ${acknowledged} acknowledged writes, all present and whole after restart; ` +
    `${unanswered} unanswered; ${compactions} compactions before kills; a torn write dropped at ${torn} restart(s); ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
