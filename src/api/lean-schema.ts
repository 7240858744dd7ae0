// Field resolvers that only read a property of their parent, removed from the built schema so
// that executors read the property themselves. graphql-jit compiles a field without a resolver
// into a property read inside the object it builds; a field with one (Pothos gives every field
// one, `t.exposeString('title')` included) costs a call, a resolve-info object and a
// result check per value — most of the fields of a large answer. graphql-js reads a field
// without a resolver with its defaultFieldResolver: the same value as before.
//
// Only fields whose value is never a promise lose their resolver (graphql-jit would not await
// a property): Pothos' exposed fields, which read records, and the `node` and `cursor` of
// edges, which every edge of this API holds as plain values. Connection fields (edges,
// pageInfo, totalCount) may be promises (connection.ts, LazyConnection) and keep theirs.
// A field a plugin wrapped (auth, errors) keeps its resolver: then resolve is not the original.

import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';

/** Edge fields that Pothos' relay plugin resolves as a bare property read (`(parent)=>parent.node`). */
const EDGE_FIELDS = new Set(['node', 'cursor']);

export function withPropertyFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType();
    if (root) continue;
    for (const field of Object.values(type.getFields())) {
      const extensions = field.extensions as { pothosOriginalResolve?: unknown; pothosExposedField?: string };
      if (!field.resolve || field.resolve !== extensions.pothosOriginalResolve || field.subscribe) continue;
      const exposed = extensions.pothosExposedField === field.name && field.resolve === defaultFieldResolver;
      const edgeField = EDGE_FIELDS.has(field.name) && isPropertyRead(field.resolve, field.name);
      if (exposed || edgeField) field.resolve = undefined;
    }
  }
  return schema;
}

/** Whether a resolver is exactly `(parent) => parent.<name>`. */
function isPropertyRead(resolve: (...args: never[]) => unknown, name: string): boolean {
  const match = /^\(?\s*(\w+)\s*\)?\s*=>\s*(\w+)\.(\w+)\s*$/.exec(resolve.toString());
  return match !== null && match[1] === match[2] && match[3] === name;
}
