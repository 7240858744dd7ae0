// Turns for long executions: per client and in all, in arrival order, a timed-out waiter leaves.

import { describe, expect, it } from 'vitest';
import { Turns } from '../../src/api/plugins/use-client-concurrency.js';

const admittedNow = async (promise: Promise<void>) => {
  let admitted = false;
  promise.then(() => (admitted = true));
  await new Promise((resolve) => setImmediate(resolve));
  return admitted;
};

describe('long executions take turns', () => {
  it('admit at most perClient per client and total in all, then the first waiting that may go', async () => {
    const turns = new Turns({ perClient: 2, total: 3 });
    const a1 = turns.enter('a'),
      a2 = turns.enter('a'),
      a3 = turns.enter('a'),
      b1 = turns.enter('b'),
      c1 = turns.enter('c');
    expect(await Promise.all([a1, a2, a3, b1, c1].map((t) => admittedNow(t.admitted)))).toEqual([true, true, false, true, false]);
    turns.leave(a1); // a3 and c1 wait; a3 came first and a has one running: a3 goes
    expect(await admittedNow(a3.admitted)).toBe(true);
    expect(await admittedNow(c1.admitted)).toBe(false);
    turns.leave(b1);
    expect(await admittedNow(c1.admitted)).toBe(true);
  });

  it('a waiter that leaves (its time ran out) gives its place to the next', async () => {
    const turns = new Turns({ perClient: 1, total: 1 });
    const first = turns.enter('a'),
      gone = turns.enter('a'),
      next = turns.enter('a');
    turns.leave(gone);
    turns.leave(first);
    expect(await admittedNow(next.admitted)).toBe(true);
    expect(await admittedNow(gone.admitted)).toBe(false);
  });
});
