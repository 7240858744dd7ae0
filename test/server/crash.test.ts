// The server's kill test, shortened (`npm run crash-test` runs 20 seeds × 1,000 writes): 3 seeds
// × 200 writes from 8 HTTP clients, SIGKILL, restart; nothing acknowledged is lost or half-applied
// and the served graph equals the one rebuilt from the log (test/server/crash-harness.ts).

import { describe, expect, it } from 'vitest';
import { runServerKillTrial } from './crash-harness.js';

describe('server kill test (quick)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every acknowledged write survives SIGKILL and a restart, whole, and the graph is the log's`, async () => {
      const result = await runServerKillTrial({ seed, writes: 200, compactEvery: 25 });
      expect(result.acknowledged).toBeGreaterThanOrEqual(result.killAfterAcks);
      expect(result.changes).toBeGreaterThanOrEqual(result.acknowledged);
      expect(result.papersCompared).toBeGreaterThan(43);
    }, 180_000);
  }
});
