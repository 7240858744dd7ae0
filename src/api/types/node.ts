// node(id) and nodes(ids): any node by its global id. The ids are plain ID arguments, decoded
// here rather than by the relay plugin's argument mapping (which runs while the query is costed,
// before execution): a malformed id is then an error on its own field (or its own item of
// `nodes`, which answers the good ids beside it), never a refusal of the whole request.

import { resolveNodes } from '@pothos/plugin-relay';
import { isNodeKind } from '../../model/index.js';
import { builder } from '../builder.js';
import { UserInputError } from '../errors.js';
import { truncate, tryDecode } from '../global-id.js';

const NodeInterface = builder.nodeInterfaceRef();

/** The type and local id a global id names, or the error a client gets for it. */
function nodeIdOf(globalId: string): { typename: string; id: string } | UserInputError {
  const decoded = tryDecode(globalId);
  if (decoded && isNodeKind(decoded.typename)) return decoded;
  return new UserInputError(`Invalid global id "${truncate(globalId)}": not an id issued by this API`);
}

builder.queryFields((t) => ({
  node: t.field({
    type: NodeInterface,
    nullable: true,
    description: 'Any node by its global id; null when no node has that id, an error (on this field only) when the id is malformed.',
    args: { id: t.arg.id({ required: true, description: 'A global id.' }) },
    resolve: async (_root, args, ctx, info) => {
      const key = nodeIdOf(String(args.id));
      if (key instanceof Error) throw key;
      const [node] = await resolveNodes(builder, ctx, info, [key]);
      return (await node) as never;
    },
  }),
  nodes: t.field({
    type: [NodeInterface],
    nullable: { list: false, items: true },
    description:
      'Several nodes by global id, in the order asked; null where none has that id, and null with an error (its path the index) where an id is malformed.',
    args: { ids: t.arg.idList({ required: true, description: 'Global ids.' }) },
    resolve: async (_root, args, ctx, info) => {
      const keys = args.ids.map((id) => nodeIdOf(String(id)));
      const found = await resolveNodes(
        builder,
        ctx,
        info,
        keys.map((key) => (key instanceof Error ? null : key)),
      );
      // An Error in a list is an error at that item's path, the item null.
      return keys.map((key, k) => (key instanceof Error ? key : found[k])) as never;
    },
  }),
}));
