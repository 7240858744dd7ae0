// Executes operations with graphql-jit: an operation is compiled once into a function that
// resolves it (faster than graphql-js' interpreter: README, Performance);
// test/api/jit-equivalence.test.ts shows the answers equal.
//
// @envelop/graphql-jit keeps one compiled operation per document, whichever operation a request
// names: a document of several operations would run the first one compiled for every name. Here
// each (document, operation name) is compiled on its own. A document is compiled on its second
// execution, not its first: compiling costs several executions, and documents that come once
// (hand-written queries, fuzzers, floods of unique documents) would pay it for nothing. Anything
// graphql-jit cannot compile, and a name that is no operation of the document, run on graphql-js,
// whose answer (and error) is the reference.
//
// Operations with @defer or @stream run on graphql-js (yoga's executor, which delivers their
// parts incrementally): graphql-jit has no incremental delivery and would ignore the directives.
//
// graphql-jit's errors carry `locations` but not the source positions they come from, and yoga
// rebuilds every error from those positions when it serialises the answer: without them the
// client would get no `locations`. They are put back (errors only: an answer without errors
// is passed on as it is).

import { BREAK, GraphQLError, Kind, visit, type DocumentNode, type ExecutionResult, type GraphQLSchema, type Source } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

export interface JitOptions {
  /** Executions of a document on graphql-js before it is compiled. Default 1. */
  runsBeforeCompile?: number;
  /** Told of each compilation (false: graphql-jit refused the operation, which stays on graphql-js). */
  onCompile?: (operationName: string | null, compiled: boolean) => void;
}

interface Operation {
  schema: GraphQLSchema;
  runs: number;
  /** undefined: not compiled yet; null: graphql-jit could not compile it. */
  compiled?: CompiledQuery | null;
}

export function useJit(options: JitOptions = {}): Plugin {
  const runsBeforeCompile = options.runsBeforeCompile ?? 1;
  // Keyed by the parsed document, which yoga's parse cache hands out again for the same text
  // (and lets go of when it evicts it); then by operation name, '' for none.
  const operations = new WeakMap<DocumentNode, Map<string, Operation> | null>();
  return {
    onExecute({ args, setExecuteFn }) {
      const { document, schema } = args;
      const name = args.operationName ?? null;
      let byName = operations.get(document);
      if (byName === null) return; // @defer/@stream: graphql-js
      if (byName === undefined) {
        operations.set(document, (byName = isIncremental(document) ? null : new Map()));
        if (byName === null) return;
      }
      let operation = byName.get(name ?? '');
      if (!operation || operation.schema !== schema) {
        // Only names the document defines are kept, so a client cannot grow the map with names.
        if (!definesOperation(document, name)) return;
        byName.set(name ?? '', (operation = { schema, runs: 0 }));
      }
      if (operation.compiled === undefined) {
        if (operation.runs++ < runsBeforeCompile) return;
        operation.compiled = compiled(schema, document, name);
        options.onCompile?.(name, operation.compiled !== null);
      }
      const query = operation.compiled?.query;
      if (!query) return;
      const source = document.loc?.source;
      setExecuteFn((execution) => {
        const result = query(execution.rootValue, execution.contextValue, execution.variableValues ?? {});
        return isPromise(result) ? result.then((r) => withPositions(r, source)) : withPositions(result, source);
      });
    },
  };
}

/** The operation compiled, or null where graphql-jit refuses it (or fails on it): graphql-js runs those. */
function compiled(schema: GraphQLSchema, document: DocumentNode, name: string | null): CompiledQuery | null {
  try {
    const result = compileQuery(schema, document, name ?? undefined);
    return isCompiledQuery(result) ? result : null;
  } catch {
    return null;
  }
}

/** Whether the document asks for incremental delivery (@defer or @stream anywhere in it). */
function isIncremental(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Whether `name` picks exactly one operation of the document (no name: the document has one). */
function definesOperation(document: DocumentNode, name: string | null): boolean {
  let count = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (name === null) count++;
    else if (definition.name?.value === name) return true;
  }
  return name === null && count === 1;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The answer with its errors' locations turned back into positions in the document's source. */
function withPositions(result: ExecutionResult, source: Source | undefined): ExecutionResult {
  if (!result.errors?.length || !source) return result;
  let lineStarts: number[] | undefined;
  const positionOf = ({ line, column }: { line: number; column: number }) => {
    // graphql-js counts \r\n, \n and \r as line ends (language/location.ts).
    lineStarts ??= [0, ...[...source.body.matchAll(/\r\n|[\n\r]/g)].map((m) => m.index + m[0].length)];
    return lineStarts[line - 1] + column - 1;
  };
  const errors = result.errors.map((error) =>
    error.locations?.length && !error.positions
      ? new GraphQLError(error.message, {
          source,
          positions: error.locations.map(positionOf),
          path: error.path,
          originalError: error.originalError,
          extensions: error.extensions,
        })
      : error,
  );
  return { ...result, errors };
}
