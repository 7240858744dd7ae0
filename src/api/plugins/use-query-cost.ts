// Computes each operation's cost after validation and before execution: over the budget it is
// refused (a 400 with the cost and the budget), otherwise the cost goes to `extensions.cost`.

import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { costError } from '../complexity.js';

interface CostContext {
  params?: { variables?: Record<string, unknown> | null; operationName?: string | null };
  request?: Request;
}

/** The computed cost of each request's operation, for the request log. */
export const costOfRequest = new WeakMap<Request, number>();

export function useQueryCost(options: { budget: number; maxDepth: number }): Plugin<CostContext> {
  // Keyed by the context object: the plugin's view of the context is read-only.
  const costs = new WeakMap<object, number>();
  return {
    onValidate({ params, context }) {
      // Runs after the standard rules pass, every time (costs depend on variables, so no cache),
      // and not at all on an invalid document (whose errors say more).
      return ({ valid, setResult }) => {
        if (!valid) return;
        const rule = createComplexityRule({
          context,
          variableValues: context.params?.variables ?? {},
          operationName: context.params?.operationName,
          validate: (result, reportError) => {
            const over = result.complexity > options.budget ? 'Complexity' : result.depth > options.maxDepth ? 'Depth' : null;
            if (!over) return;
            const error = costError(over as never, { ...result, maxComplexity: options.budget, maxDepth: options.maxDepth }, undefined as never);
            reportError(error instanceof GraphQLError ? error : new GraphQLError(String(error)));
          },
          onResult: (result) => {
            costs.set(context, result.complexity);
            if (context.request) costOfRequest.set(context.request, result.complexity);
          },
        });
        const errors = validate(params.schema, params.documentAST, [rule]);
        if (errors.length) setResult([...errors]);
      };
    },
    onExecute({ args }) {
      const cost = costs.get(args.contextValue as object);
      return {
        onExecuteDone({ result, setResult }) {
          if (cost === undefined || !result || Symbol.asyncIterator in result) return;
          setResult({ ...result, extensions: { ...result.extensions, cost: { requested: cost, budget: options.budget } } });
        },
      };
    },
  };
}
