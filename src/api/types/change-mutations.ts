// Undoing a change: revertChange writes its inverse. The machinery is api/mutation.ts.

import { ChangeRef } from './change.js';
import { defineMutation } from '../mutation.js';
import { InvalidInputError } from '../../store/curation/curation.js';

defineMutation('revertChange', {
  description:
    'Undoes a change by writing its inverse (a change whose `reverts` is its seq). Refused with a ConflictError while a later change touched the same nodes.',
  admin: true,
  input: (t) => ({ seq: t.int({ required: true, description: 'The seq of the change to undo.' }) }),
  command: (input) => {
    if (!Number.isSafeInteger(input.seq) || input.seq < 1)
      throw new InvalidInputError('seq', `"seq" must be a change's seq (1 or more), got ${input.seq}`);
    return { command: { revert: input.seq } };
  },
  payload: {
    reverted: (t) =>
      t.field({
        type: ChangeRef,
        nullable: true,
        description: 'The change undone.',
        resolve: async (p, _a, ctx) => (p.change.reverts ? ((await ctx.curation?.changesBySeq([p.change.reverts]))?.[0] ?? null) : null),
      }),
  },
  payloadDescription: 'The revert written: `change` is the inverse change, `change.targets` the nodes it restored or removed.',
});
