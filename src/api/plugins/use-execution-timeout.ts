// Stops an execution that runs past its time limit and answers with one clear error: a GraphQL
// error in a 200 (the request was valid, the server is healthy), never a 5xx.
//
// Over an in-memory store execution runs in microtasks (DataLoader batches): no timer can fire
// until it is over, and aborting the executor's signal mid-way leaves list items' promises
// rejected with no handler (graphql-js#4643, the same in @graphql-tools/executor), which would
// kill the process. So each resolver checks the deadline: past it, it answers with a promise
// that never settles. Nothing more is expanded, no error is built per field, the microtasks run
// out, and the timer answers; the abandoned execution is garbage, collected like any other.

import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

interface Deadline {
  at: number;
  expired: boolean;
  /** Resolver calls since the clock was last read. */
  calls: number;
}

/** Each execution's deadline, by its context value. */
const deadlines = new WeakMap<object, Deadline>();
const instrumented = new WeakSet<GraphQLSchema>();
/** Reading the clock costs more than a field: read it every so many resolver calls. */
const CALLS_PER_CLOCK_READ = 32;

export function useExecutionTimeout(timeoutMs: number): Plugin {
  const timeoutError = () => createGraphQLError(
    `Execution exceeded the time limit of ${timeoutMs} ms and was cancelled: ask for less (smaller pages, depth or limit)`,
    { extensions: { code: 'EXECUTION_TIMEOUT', timeoutMs } },
  );
  return {
    onSchemaChange({ schema }) {
      checkDeadlinesIn(schema);
    },
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args: Parameters<typeof executeFn>[0]) => {
        checkDeadlinesIn(args.schema);
        const deadline: Deadline = { at: performance.now() + timeoutMs, expired: false, calls: 0 };
        deadlines.set(args.contextValue as object, deadline);
        const execution = Promise.resolve(executeFn(args));
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
        return Promise.race([execution, late]).then((result) => {
          clearTimeout(timer);
          if (result !== 'late') return result;
          deadline.expired = true;
          execution.catch(() => undefined); // it stops at its next resolver; nobody waits for it
          return { data: null, errors: [timeoutError()] };
        }, (error: unknown) => {
          clearTimeout(timer);
          throw error;
        });
      });
    },
  };
}

/** Wraps every resolver of the schema, once: past its execution's deadline it never answers. */
function checkDeadlinesIn(schema: GraphQLSchema): void {
  if (instrumented.has(schema)) return;
  instrumented.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const deadline = deadlines.get(context as object);
        if (deadline && (deadline.expired || (++deadline.calls % CALLS_PER_CLOCK_READ === 0 && performance.now() > deadline.at))) {
          deadline.expired = true;
          // A new promise each time: one shared promise would keep every reaction attached to it.
          return new Promise(() => undefined);
        }
        return resolve(source, args, context, info);
      };
    }
  }
}
