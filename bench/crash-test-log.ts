// `npm run crash-test:log [-- --seeds N]`: the change log's kill test over N seeds (default 20):
// each kills a process appending from 8 concurrent writers with SIGKILL at a moment drawn from
// the seed, reopens the log and checks every acknowledged change is there, whole, in order,
// with no gap (test/support/change-log-crash.ts). Exits 1 on the first seed that fails.

import { runKillTrial } from '../test/support/change-log-crash.js';

const flag = process.argv.indexOf('--seeds');
const seeds = flag >= 0 ? Number(process.argv[flag + 1]) : 20;
let acknowledged = 0;
let present = 0;
let recovered = 0;
const started = performance.now();
for (let seed = 1; seed <= seeds; seed++) {
  try {
    const r = await runKillTrial(seed);
    acknowledged += r.acknowledged;
    present += r.present;
    if (r.recovery) recovered++;
    console.log(
      `seed ${String(seed).padStart(2)}: killed after ${String(r.killAfterMs).padStart(3)} ms, ${String(r.acknowledged).padStart(5)} acknowledged, ${String(r.present).padStart(5)} in the log (${r.present - r.acknowledged} committed but not yet acknowledged)${r.recovery ? `; ${r.recovery.replace(/^\S+ /, '')}` : ''}`,
    );
  } catch (e) {
    console.error(`seed ${seed}: FAILED: ${(e as Error).message}`);
    process.exit(1);
  }
}
console.log(
  `${seeds} kills, ${acknowledged} acknowledged changes, all present (${present} in the logs), WAL recovery ran ${recovered} times; ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
