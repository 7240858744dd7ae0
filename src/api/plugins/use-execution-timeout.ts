// Stops an execution that runs past its time limit and answers with one clear error: a GraphQL
// error in a 200 (the request was valid, the server is healthy), never a 5xx.
//
// Over an in-memory store execution runs in microtasks (DataLoader batches): no timer can fire
// while they run, and aborting the executor's signal mid-way leaves list items' promises
// rejected with no handler (graphql-js#4643, the same in @graphql-tools/executor), which would
// kill the process. So the request's clock (Deadline in ../context.ts) slices the execution: the
// loaders before each store call, and the store's long loops (search terms, neighbourhoods,
// related papers, facets) between items, give way to the event loop once a slice of SLICE_MS is
// used up — that is when this timer can fire. Past the deadline, those checks answer with a
// promise that never settles: nothing more is expanded, no error is built per field, the
// microtasks run out, and the timer answers; the abandoned execution is garbage, collected like
// any other.
//
// The checks are per store call and per item of a long store loop rather than per resolver:
// the work of a query is in its store calls, and what runs between two of them (shaping what
// the last one returned) is bounded by the cost budget. Wrapping every resolver to check would
// cost every field of every query, and would keep graphql-jit from inlining the plain property
// reads that make it fast.
//
// This plugin must come after the one that picks the executor (use-jit.ts): it wraps whichever
// executor is chosen.

import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

export function useExecutionTimeout(timeoutMs: number): Plugin {
  const timeoutError = () =>
    createGraphQLError(
      `Execution exceeded the time limit of ${timeoutMs} ms and was cancelled: ask for less (smaller pages, depth or limit)`,
      { extensions: { code: 'EXECUTION_TIMEOUT', timeoutMs } },
    );
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args: Parameters<typeof executeFn>[0]) => {
        const deadline = (args.contextValue as Partial<Context> | undefined)?.loaders?.deadline;
        if (!deadline) return executeFn(args);
        deadline.begin(timeoutMs);
        const execution = executeFn(args);
        // An execution that needs no store call can finish at once (graphql-jit answers
        // `{ __typename }` synchronously): no timer for it.
        if (!isPromise(execution)) return isAsyncIterable(execution) ? bounded(execution, deadline, timeoutError) : execution;
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            deadline.expire();
            execution.catch(() => undefined); // it stops at its next store call; nobody waits for it
            resolve({ data: null, errors: [timeoutError()] });
          }, timeoutMs);
          execution.then(
            (result) => (clearTimeout(timer), resolve(isAsyncIterable(result) ? bounded(result, deadline, timeoutError) : result)),
            (error: unknown) => (clearTimeout(timer), reject(error)),
          );
        });
      });
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * Incremental delivery (@defer/@stream): the first part has come in time, the later parts run on
 * the same clock. Past the deadline the stream ends with the timeout error in a last part
 * (`hasNext: false`) instead of waiting for parts that will never come.
 */
async function* bounded(
  source: AsyncIterable<unknown>,
  deadline: { at: number; expire(): void },
  timeoutError: () => Error,
): AsyncGenerator<unknown> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), Math.max(0, deadline.at - performance.now()));
      });
      const next = await Promise.race([iterator.next(), late]);
      clearTimeout(timer);
      if (next === 'late') {
        deadline.expire();
        yield { hasNext: false, errors: [timeoutError()] };
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    void iterator.return?.();
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
