// Cancels an execution that runs past its time limit, and one whose client went away (the
// request's own signal), with a clear error instead of an answer that never comes.

import { createGraphQLError, type Plugin } from 'graphql-yoga';

export function useExecutionTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      // Yoga's executor honours `signal` (graphql-js's ExecutionArgs type does not know it).
      setExecuteFn((args: Parameters<typeof executeFn>[0] & { signal?: AbortSignal }) => {
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(createGraphQLError(
          `Execution exceeded the time limit of ${timeoutMs} ms and was cancelled`,
          { extensions: { code: 'EXECUTION_TIMEOUT', http: { status: 503 } } },
        )), timeoutMs);
        const signal = args.signal ? AbortSignal.any([args.signal, timeout.signal]) : timeout.signal;
        const result = executeFn({ ...args, signal } as typeof args);
        return Promise.resolve(result).finally(() => clearTimeout(timer));
      });
    },
  };
}
