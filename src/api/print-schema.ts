import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.js';

/** The SDL of the schema, types and fields sorted. */
export function printSchemaSorted(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
