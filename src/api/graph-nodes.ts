// Store node keys (kind + local id) to GraphQL nodes and global ids, for the fields that return
// nodes of any kind (neighbourhood, path, search).

import { brandWithType } from '@pothos/core';
import { GRAPH_NODE_KINDS, isGraphNodeKind } from '../model/index.js';
import type { NodeKey } from '../store/graph-store.js';
import { nodeLoader, type Context } from './context.js';
import { UserInputError } from './errors.js';
import { toGlobalId, tryDecode, truncate } from './global-id.js';

/** Key lists from this long are loaded one after another within a request (see loadNodes). */
export const BIG_NODE_LIST = 500;
/** Each request's last big node list: the next one waits for it and then for a slice. */
const lastBigList = new WeakMap<object, Promise<unknown>>();

/**
 * The record of each key, branded with its GraphQL type so `Node` resolves it; null if gone.
 * A big list is loaded after the request's previous one and in a slice of its own: a request's
 * lists then resolve in separate turns of the event loop and each is completed (and its ids
 * encoded) alone, rather than thirty lists of 2,000 nodes in one stretch the loop cannot break.
 */
export function loadNodes(ctx: Context, keys: readonly NodeKey[]): Promise<(object | null)[]> {
  const deadline = ctx.loaders.deadline;
  if (keys.length < BIG_NODE_LIST || !deadline) return loadNow(ctx, keys);
  const before = lastBigList.get(deadline) ?? Promise.resolve();
  const mine = before.then(() => deadline.wait()).then(() => loadNow(ctx, keys));
  lastBigList.set(
    deadline,
    mine.catch(() => undefined),
  );
  return mine;
}

async function loadNow(ctx: Context, keys: readonly NodeKey[]): Promise<(object | null)[]> {
  const records = await Promise.all(keys.map((key) => nodeLoader(ctx.loaders, key.kind).load(key.id)));
  records.forEach((record, i) => {
    if (record) brandWithType(record, keys[i].kind as never);
  });
  return records;
}

export function globalIdOf(key: NodeKey): string {
  return toGlobalId(key.kind, key.id);
}

/** The node key of a global id naming a node of the explorable graph; a clear error otherwise. */
export function nodeKeyOf(globalId: string, argName: string): NodeKey {
  const decoded = tryDecode(globalId);
  if (!decoded) throw new UserInputError(`Invalid global id in "${argName}": "${truncate(globalId)}" is not an id issued by this API`);
  if (!isGraphNodeKind(decoded.typename)) {
    throw new UserInputError(`"${argName}" is a ${decoded.typename}; exploration starts from a ${GRAPH_NODE_KINDS.join(', ')}`);
  }
  return { kind: decoded.typename, id: decoded.id };
}
