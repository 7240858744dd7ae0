// Computes each operation's cost after validation and before execution: over the budget it is
// refused (a 400 with the cost and the budget), otherwise the cost goes to `extensions.cost`.
// Before validation it counts the document's fields: graphql-js's overlapping-fields rule is
// quadratic in repeated fields, so a flood of them is refused before it can cost seconds.

import { PothosValidationError } from '@pothos/core';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, Kind, validate, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { costError } from '../complexity.js';
import { truncate } from '../global-id.js';

interface CostContext {
  params?: { variables?: Record<string, unknown> | null; operationName?: string | null };
  request?: Request;
}

export interface QueryCostOptions {
  budget: number;
  maxDepth: number;
  /** Field selections in the document, fragments included (each written field once). */
  maxFields: number;
}

/** The computed cost of each request's operation, for the request log. */
export const costOfRequest = new WeakMap<Request, number>();

export function useQueryCost(options: QueryCostOptions): Plugin<CostContext> {
  // Keyed by the context object: the plugin's view of the context is read-only.
  const costs = new WeakMap<object, number>();
  return {
    onValidate({ params, context, setResult: refuseBeforeValidation }) {
      const fields = fieldCount(params.documentAST);
      if (fields > options.maxFields) {
        // Setting the result here skips the standard rules altogether.
        const refusal = costError('Breadth' as never, { complexity: 0, depth: 0, breadth: fields, maxBreadth: options.maxFields }, undefined as never);
        refuseBeforeValidation([refusal as GraphQLError]);
        return;
      }
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
        let errors: readonly GraphQLError[];
        try {
          errors = validate(params.schema, params.documentAST, [rule]);
        } catch (error) {
          // The rule throws (rather than reports) on an operation type the schema lacks.
          if (!(error instanceof PothosValidationError)) throw error;
          errors = [error];
        }
        if (errors.length) setResult(errors.map(asRequestError));
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

function fieldCount(document: DocumentNode): number {
  let count = 0;
  visit(document, { [Kind.FIELD]: () => void count++ });
  return count;
}

/**
 * Errors met while costing (a malformed global id or a wrong variable, found when arguments are
 * read; an operation type the schema lacks) come after yoga marks validation errors: mark them
 * here as the 400s they are, with a code and without echoing a huge input back whole.
 */
function asRequestError(error: GraphQLError): GraphQLError {
  if (error.extensions.http) return error;
  const missingRoot = /^Could not find root type for operation (\w+)/.exec(error.message);
  const message = missingRoot ? `This API has no ${missingRoot[1]} operations: it is read-only and answers queries only` : error.message;
  return new GraphQLError(truncate(message, 200), {
    nodes: error.nodes,
    extensions: {
      ...error.extensions,
      code: error.extensions.code ?? (error instanceof PothosValidationError && !missingRoot ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED'),
      http: { status: 400 },
    },
  });
}
