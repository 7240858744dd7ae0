// The change log's kill test, shortened: 3 seeds (`npm run crash-test:log` runs 20). A writer
// process killed with SIGKILL loses no acknowledged change (see test/support/change-log-crash.ts).

import { describe, expect, it } from 'vitest';
import { runKillTrial } from '../support/change-log-crash.js';

describe('change log kill test', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every acknowledged change survives SIGKILL, whole, in order, with no gap`, async () => {
      const result = await runKillTrial(seed);
      expect(result.acknowledged).toBeGreaterThan(0);
      expect(result.present).toBeGreaterThanOrEqual(result.acknowledged);
    });
  }
});
