// The one schema builder: plugins, context type, relay options. It defines no types itself.

import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { ForbiddenError, requiredScope, scopesOf, unauthorizedMessage, type Scopes } from './auth.js';
import { fieldCost } from './complexity.js';
import type { Context } from './context.js';
import { toGlobalId } from './global-id.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  Connection: { totalCount: number };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  AuthScopes: Scopes;
  Scalars: {
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Errors first: it wraps outermost, so a refusal of scope-auth (thrown before the resolver
  // runs) becomes the ForbiddenError member of a mutation's result union.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  errors: { directResult: true },
  scopeAuth: {
    // Subscriptions are checked once, when they start, not per event.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => scopesOf(ctx.viewer),
    unauthorizedError: (_parent, ctx, info) => new ForbiddenError(unauthorizedMessage(ctx.viewer, info), requiredScope(info)),
  },
  // Costs only: the budget is enforced at validation by plugins/use-query-cost.ts.
  complexity: { fieldComplexity: fieldCost as never },
  relay: {
    clientMutationId: 'omit',
    // The same ids as the plugin's own encoding, memoised (see global-id.ts).
    encodeGlobalID: (typename, id) => toGlobalId(typename, id),
    cursorType: 'String',
    nodeTypeOptions: { description: 'An object with a global id: fetch any of them again with `node(id:)`.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list, and the cursors to move from it.' },
    idFieldOptions: { description: 'Opaque global id, stable across restarts and re-imports of the same data.' },
    // node(id) and nodes(ids) are types/node.ts's: the plugin's decode their ids as arguments,
    // before anything runs, so one malformed id refused the whole request (a 400, no data).
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    cursorFieldOptions: { description: 'Opaque cursor of this edge, for `after` or `before`.' },
    nodeFieldOptions: { description: 'The item at this edge.', nullable: false },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.', nullable: { list: false, items: false } },
    pageInfoFieldOptions: { description: 'Paging information for this page.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of the page.' },
    firstArgOptions: { description: 'Return the first n items (1–100; 20 when neither first nor last is given).' },
    lastArgOptions: { description: 'Return the last n items (1–100).' },
    afterArgOptions: { description: 'Return items after this cursor.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
  },
});

builder.queryType({
  description: 'The entry points of the papergraph knowledge graph.',
  // Open unless the server closes reads (createApp `reads: 'key'`): then any valid key.
  authScopes: { read: true },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'Number of items in the whole list, across all pages.', resolve: (parent) => parent.totalCount }),
);
