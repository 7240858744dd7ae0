// `papergraph persisted-manifest`: the trusted-operations manifest of a client, written from its
// sources. It reads .graphql/.gql files and the gql/graphql tagged templates (and /* GraphQL */
// strings) of .ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts files (@graphql-tools/graphql-tag-pluck),
// gathers every operation with the fragments it spreads, checks them against papergraph's schema,
// and writes `{ "<hash>": "<document>" }`: what PAPERGRAPH_TRUSTED_OPERATIONS reads.
//
// The document is printed and hashed as graphql-codegen's client preset does for its
// persistedDocuments (client-only `@client` selections and `@connection` directives removed, then
// @graphql-tools/documents' printExecutableGraphQLDocument: fragments first, everything sorted,
// whitespace reduced), and the hash is the SHA-256 of that text in hex: the id the client preset
// puts in its generated documents (which it may prefix with `sha256:`; the server accepts both),
// and the hash an automatic-persisted-queries client sends for that text.

import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gqlPluckFromCodeStringSync } from '@graphql-tools/graphql-tag-pluck';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import {
  Kind,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { sha256Hex } from '../api/hash.js';
import { oneLine, UsageError } from './errors.js';

const GRAPHQL_FILES = new Set(['.graphql', '.gql', '.graphqls']);
const CODE_FILES = new Set(['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage']);

/** A definition and where it was written. */
interface Located<T extends DefinitionNode> {
  node: T;
  file: string;
}

export interface ClientOperations {
  operations: Located<OperationDefinitionNode>[];
  fragments: Map<string, Located<FragmentDefinitionNode>>;
  /** Files read (with or without operations). */
  files: number;
}

export type Manifest = Record<string, string>;

/** The files under the given paths that may hold operations (dot- and dependency folders skipped). */
export function sourceFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (path: string, given: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      if (given) throw new UsageError(`persisted-manifest: ${path} does not exist`);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry.startsWith('.') || SKIPPED_DIRECTORIES.has(entry)) continue;
        walk(join(path, entry), false);
      }
      return;
    }
    const extension = extname(path).toLowerCase();
    if (GRAPHQL_FILES.has(extension) || (CODE_FILES.has(extension) && !path.endsWith('.d.ts'))) found.push(path);
    else if (given) throw new UsageError(`persisted-manifest: ${path} is neither a .graphql file nor a JavaScript/TypeScript file`);
  };
  for (const path of paths) walk(path, true);
  return found;
}

/** The GraphQL texts of a file: the whole file for .graphql, each tagged template for code. */
function documentsIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (GRAPHQL_FILES.has(extname(file).toLowerCase())) return text.trim() ? [text] : [];
  try {
    return gqlPluckFromCodeStringSync(file, text, { skipIndent: true }).map((source) => source.body);
  } catch (error) {
    throw new UsageError(`persisted-manifest: cannot read the operations of ${file}: ${oneLine((error as Error).message)}`);
  }
}

/** Every operation and fragment of the files; the same name twice with different texts is an error. */
export function collectOperations(files: readonly string[]): ClientOperations {
  const operations: Located<OperationDefinitionNode>[] = [];
  const fragments = new Map<string, Located<FragmentDefinitionNode>>();
  const operationNames = new Map<string, Located<OperationDefinitionNode>>();
  for (const file of files) {
    for (const body of documentsIn(file)) {
      let document: DocumentNode;
      try {
        document = parse(body, { noLocation: true });
      } catch (error) {
        throw new UsageError(`persisted-manifest: ${file}: ${oneLine((error as Error).message)}`);
      }
      for (const node of document.definitions) {
        if (node.kind === Kind.FRAGMENT_DEFINITION) {
          const known = fragments.get(node.name.value);
          if (known && print(known.node) !== print(node))
            throw new UsageError(`persisted-manifest: two fragments named ${node.name.value} differ (${known.file} and ${file})`);
          fragments.set(node.name.value, { node, file });
        } else if (node.kind === Kind.OPERATION_DEFINITION) {
          const name = node.name?.value;
          const known = name === undefined ? undefined : operationNames.get(name);
          if (known) {
            if (print(known.node) !== print(node))
              throw new UsageError(`persisted-manifest: two operations named ${name} differ (${known.file} and ${file})`);
            continue;
          }
          const located = { node, file };
          if (name !== undefined) operationNames.set(name, located);
          operations.push(located);
        }
        // Schema definitions in a .graphql file (a copy of the schema, say) are not operations.
      }
    }
  }
  return { operations, fragments, files: files.length };
}

/** An operation with the fragments it spreads, transitively: the document a client sends for it. */
export function operationDocument(operation: Located<OperationDefinitionNode>, fragments: ClientOperations['fragments']): DocumentNode {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [operation.node];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment)
          throw new UsageError(
            `persisted-manifest: ${operationLabel(operation.node)} in ${operation.file} spreads the fragment ${name}, which no file defines`,
          );
        used.set(name, fragment.node);
        pending.push(fragment.node);
      },
    });
  }
  return { kind: Kind.DOCUMENT, definitions: [operation.node, ...used.values()] };
}

/** What the server receives of a document: `@client` selections and `@connection` directives removed (as the client preset does). */
export function withoutClientParts(document: DocumentNode): DocumentNode {
  const hasClient = (node: { directives?: readonly { name: { value: string } }[] }) =>
    node.directives?.some((d) => d.name.value === 'client') ? null : undefined;
  return visit(document, {
    Field: hasClient,
    FragmentSpread: hasClient,
    InlineFragment: hasClient,
    Directive: (directive) => (directive.name.value === 'connection' ? null : undefined),
  });
}

/** graphql-codegen client preset's persisted-documents print: client-only parts removed, then a stable print. */
export function printPersisted(document: DocumentNode): string {
  return printExecutableGraphQLDocument(withoutClientParts(document));
}

/** The manifest of the operations, keyed by the SHA-256 of each printed document (sorted by key). */
export function buildManifest(collected: ClientOperations, schema?: GraphQLSchema): Manifest {
  const entries: [string, string][] = [];
  for (const operation of collected.operations) {
    const document = withoutClientParts(operationDocument(operation, collected.fragments));
    if (schema) {
      const errors = validate(schema, document);
      if (errors.length)
        throw new UsageError(
          `persisted-manifest: ${operationLabel(operation.node)} in ${operation.file} does not fit papergraph's schema: ${oneLine(errors[0].message)}`,
        );
    }
    const text = printExecutableGraphQLDocument(document);
    entries.push([sha256Hex(text), text]);
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function operationLabel(operation: OperationDefinitionNode): string {
  return operation.name ? `${operation.operation} ${operation.name.value}` : `an anonymous ${operation.operation}`;
}

export interface PersistedManifestOptions {
  out?: string;
  /** Check each operation against papergraph's schema (the default). */
  validate?: boolean;
}

/** Reads the client's sources and writes the manifest to `out` (atomically) or stdout; a summary goes to stderr. */
export async function runPersistedManifest(paths: readonly string[], options: PersistedManifestOptions = {}): Promise<Manifest> {
  const files = sourceFiles(paths);
  const collected = collectOperations(files);
  if (collected.operations.length === 0)
    throw new UsageError(`persisted-manifest: no GraphQL operation in ${files.length} file(s) under ${paths.join(', ')}`);
  // The API loads only when the operations are checked against it.
  const schema = options.validate === false ? undefined : (await import('../api/schema.js')).schema;
  const manifest = buildManifest(collected, schema);
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (options.out) {
    const temporary = `${options.out}.${process.pid}.tmp`;
    writeFileSync(temporary, json);
    renameSync(temporary, options.out);
  } else {
    process.stdout.write(json);
  }
  const withOperations = new Set(collected.operations.map((o) => o.file)).size;
  process.stderr.write(
    `papergraph: ${collected.operations.length} operation(s) from ${withOperations} of ${files.length} file(s)` +
      `${options.out ? ` written to ${relative(process.cwd(), options.out) || options.out}` : ''}` +
      `${schema ? ', each checked against the schema' : ''}\n`,
  );
  return manifest;
}
