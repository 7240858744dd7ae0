import { isAbstractType, lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.js';

/** The SDL of the schema, types and fields sorted. */
export function printSchemaSorted(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/**
 * Each interface and union with the object types that are it, sorted: the `possibleTypes` Apollo
 * Client's InMemoryCache needs to match `... on UserError` or `... on Node` (without it such a
 * fragment is dropped from an answer whose type it cannot place), in the shape it takes.
 */
export function printPossibleTypes(): string {
  const sorted = lexicographicSortSchema(schema);
  const possible: Record<string, string[]> = {};
  for (const type of Object.values(sorted.getTypeMap())) {
    if (type.name.startsWith('__') || !isAbstractType(type)) continue;
    possible[type.name] = sorted.getPossibleTypes(type).map((t) => t.name);
  }
  return `${JSON.stringify(possible, null, 2)}\n`;
}
