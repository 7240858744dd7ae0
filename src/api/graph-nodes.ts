// Store node keys (kind + local id) to GraphQL nodes and global ids, for the fields that return
// nodes of any kind (neighbourhood, path, search).

import { brandWithType } from '@pothos/core';
import { GRAPH_NODE_KINDS, isGraphNodeKind } from '../model/index.js';
import type { NodeKey } from '../store/graph-store.js';
import { nodeLoader, type Context } from './context.js';
import { UserInputError } from './errors.js';
import { toGlobalId, tryDecode, truncate } from './global-id.js';

/** The record of each key, branded with its GraphQL type so `Node` resolves it; null if gone. */
export async function loadNodes(ctx: Context, keys: readonly NodeKey[]): Promise<(object | null)[]> {
  const records = await Promise.all(keys.map((key) => nodeLoader(ctx.loaders, key.kind).load(key.id)));
  records.forEach((record, i) => { if (record) brandWithType(record, keys[i].kind as never); });
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

