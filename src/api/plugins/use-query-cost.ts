// Computes each operation's cost after validation and before execution: over the budget it is
// refused (a 400 with the cost and the budget), otherwise the cost goes to `extensions.cost`.
// A batch's operations are summed against the one budget: over it, the whole request is refused.
// A search is charged by the postings it scores: the store is asked for them (async) when the
// request's parameters arrive, so costing (sync, during validation) can read them.
// Before validation it counts the fields of each operation of the document (fragments included): graphql-js's overlapping-fields rule is
// quadratic in repeated fields, so a flood of them is refused before it can cost seconds.
//
// Parsing, validating and costing a big document (or a batch) run synchronously for several
// milliseconds: such a request first waits for a turn (one per turn of the event loop, in
// arrival order), and a batch takes one per operation it costs. Between turns the loop serves
// I/O and the executions' slices (../context.ts), so a cheap query is not kept waiting behind
// twenty clients' refusals; documents under TURN_AFTER_CHARS never wait.
//
// Costing is a walk of the whole document, as long as validating it: an accepted cost is kept
// per document and the variables it can depend on (see costKey), so the same question with
// another paper id is not costed again.

import { PothosValidationError } from '@pothos/core';
import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getVariableValues,
  parse,
  validate,
  visit,
  visitWithTypeInfo,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { COST_ARGUMENTS, costError, fieldCost, type CostRuleContext } from '../complexity.js';
import { truncate } from '../global-id.js';

interface CostContext {
  params?: { variables?: Record<string, unknown> | null; operationName?: string | null };
  request?: Request;
}

export interface QueryCostOptions {
  budget: number;
  maxDepth: number;
  /** Field selections in one operation of the document, the fragments it spreads included (each written field once). */
  maxFields: number;
  /** Lexer tokens a batch entry may have when it is parsed for costing (as the token limit): more, and it is not costed here. */
  maxTokens?: number;
  /** Postings a search of each text scores (the store's searchPostings); without it searches are charged a fixed worst case. */
  searchPostings?: (texts: readonly string[]) => Promise<number[]>;
}

/**
 * GraphiQL's introspection query (graphql-js's getIntrospectionQuery, every option on) is 15
 * levels deep; introspection is held to the depth limit, but never below this, so it passes.
 */
export const INTROSPECTION_QUERY_DEPTH = 15;

/** The computed cost of each request's operation, for the request log. */
export const costOfRequest = new WeakMap<Request, number>();

/** The computed cost of each operation, by its context (one per batch entry), for the metrics. */
export const costOfOperation = new WeakMap<object, number>();

export function useQueryCost(options: QueryCostOptions): Plugin<CostContext> {
  // Keyed by the context object: the plugin's view of the context is read-only.
  const costs = new WeakMap<object, number>();
  const refusals = new WeakMap<object, GraphQLError[]>();
  let accepted = new WeakMap<DocumentNode, Map<string, number>>();
  let kept = 0;
  const record = (context: CostContext, cost: number) => {
    costs.set(context, cost);
    costOfOperation.set(context, cost);
    if (context.request) costOfRequest.set(context.request, cost);
  };
  // Postings of each search text a request holds, asked of the store before costing.
  const postingsOf = new WeakMap<Request, Map<string, number>>();
  const prefetch = async (request: Request, params: GraphQLParams, document?: DocumentNode) => {
    if (!options.searchPostings || !isParams(params) || !params.query.includes('search')) return;
    let known = postingsOf.get(request);
    if (!known) postingsOf.set(request, (known = new Map()));
    const texts = searchTextsIn(params.query, variablesOf(params), document).filter((t) => !known.has(t));
    if (!texts.length) return;
    const counts = await options.searchPostings(texts);
    texts.forEach((text, k) => known.set(text, counts[k]));
  };
  const ruleContext = (context: CostContext): CostContext & CostRuleContext => ({
    ...context,
    searchPostings: (text) => (context.request ? postingsOf.get(context.request)?.get(text) : undefined),
  });
  let schema: GraphQLSchema | undefined;
  return {
    onSchemaChange({ schema: changed }) {
      schema = changed;
    },
    onRequestParse({ request }) {
      return {
        async onRequestParseDone({ requestParserResult }) {
          // Yoga refuses a batch over its limit (PAPERGRAPH_MAX_BATCH) after this: not costed.
          if (
            !Array.isArray(requestParserResult) ||
            requestParserResult.length < 2 ||
            requestParserResult.length > MAX_COSTED_BATCH ||
            !schema
          )
            return;
          // A batch: its operations costed up front, one by one, their sum against the one
          // budget; the first that takes the sum over it ends the costing (the rest are not
          // parsed: a refusal costs little more than the operations it had to read).
          let total = 0;
          let costed = 0;
          for (const params of requestParserResult) {
            costed++;
            await turn();
            const document = parsedOrNull(params, options.maxTokens);
            if (!document) continue; // refused later, on its own
            await prefetch(request, params, document);
            const cost = operationCost(schema, document, params as GraphQLParams, ruleContext({ request, params }));
            // One over the budget alone is refused alone, before any work: it adds nothing.
            if (cost <= options.budget) total += cost;
            if (total > options.budget) break;
          }
          if (total <= options.budget) return;
          const n = requestParserResult.length;
          throw createGraphQLError(
            `Batch is too expensive: ${costed === n ? `its ${n} operations together cost` : `its first ${costed} of ${n} operations already cost`} ${total}, the budget of one request is ${options.budget}. ` +
              'Send fewer operations, or ask each for less.',
            { extensions: { code: 'QUERY_TOO_EXPENSIVE', cost: total, budget: options.budget, http: { status: 400 } } },
          );
        },
      };
    },
    async onParams({ request, params }) {
      if (isParams(params) && params.query.length > TURN_AFTER_CHARS) await turn();
      await prefetch(request, params);
    },
    onValidate({ params, context, setResult: refuseBeforeValidation }) {
      const fields = fieldCount(params.documentAST);
      if (fields > options.maxFields) {
        // Setting the result here skips the standard rules altogether.
        const refusal = costError(
          'Breadth' as never,
          { complexity: 0, depth: 0, breadth: fields, maxBreadth: options.maxFields },
          undefined as never,
        );
        refuseBeforeValidation([refusal as GraphQLError]);
        return;
      }
      // Runs after the standard rules pass (not at all on an invalid document, whose errors say
      // more); an accepted cost is kept for the document and what it depends on (costKey).
      return ({ valid, setResult }) => {
        if (!valid) return;
        const introspection = introspectionDepth(params.documentAST);
        const introspectionLimit = Math.max(options.maxDepth, INTROSPECTION_QUERY_DEPTH);
        if (introspection > introspectionLimit) {
          setResult([
            costError(
              'Depth' as never,
              { complexity: 0, breadth: 0, depth: introspection, maxDepth: introspectionLimit },
              undefined as never,
            ) as GraphQLError,
          ]);
          return;
        }
        const key = costKey(params.schema, params.documentAST, context.params?.operationName ?? null, context.params?.variables ?? {});
        const known = key === null ? undefined : accepted.get(params.documentAST)?.get(key);
        if (known !== undefined) return record(context, known);
        const rule = createComplexityRule({
          context: ruleContext(context),
          variableValues: context.params?.variables ?? {},
          operationName: context.params?.operationName,
          validate: (result, reportError) => {
            const over = result.complexity > options.budget ? 'Complexity' : result.depth > options.maxDepth ? 'Depth' : null;
            if (!over) return;
            const error = costError(
              over as never,
              { ...result, maxComplexity: options.budget, maxDepth: options.maxDepth },
              undefined as never,
            );
            reportError(error instanceof GraphQLError ? error : new GraphQLError(String(error)));
          },
          onResult: (result, errors) => {
            record(context, result.complexity);
            if (key === null || errors.length) return;
            // Past the bound everything kept is dropped: a flood of distinct variables costs
            // what it cost before anything was kept, and memory stays bounded.
            if (++kept > MAX_KEPT_COSTS) {
              accepted = new WeakMap();
              kept = 1;
            }
            let byKey = accepted.get(params.documentAST);
            if (!byKey) accepted.set(params.documentAST, (byKey = new Map()));
            byKey.set(key, result.complexity);
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
        // Refused as execution starts, not as the validation result: yoga keeps a document's
        // validation result for its next requests, and a cost depends on the variables too.
        if (errors.length) refusals.set(context, errors.map(asRequestError));
      };
    },
    onSubscribe({ args, setSubscribeFn }) {
      // The schema has no subscriptions: costing refused it ("no subscription operations").
      const refused = refusals.get(args.contextValue as object);
      if (refused) setSubscribeFn(() => ({ errors: refused }));
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusals.get(args.contextValue as object);
      if (refused) return setResultAndStopExecution({ errors: refused });
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

/** A batch entry's document, or null when it is not one or does not parse within the token limit (yoga refuses it later). */
function parsedOrNull(params: unknown, maxTokens: number | undefined): DocumentNode | null {
  if (!isParams(params)) return null;
  try {
    return parse(params.query, { maxTokens });
  } catch {
    return null;
  }
}

/** One operation's cost, for summing a batch: 0 when it cannot be costed (it is refused later, on its own). */
function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  params: GraphQLParams,
  context: CostContext & CostRuleContext,
): number {
  let cost = 0;
  try {
    const rule = createComplexityRule({
      context,
      variableValues: variablesOf(params),
      operationName: typeof params.operationName === 'string' ? params.operationName : undefined,
      validate: () => {},
      onResult: (result) => void (cost = result.complexity),
    });
    validate(schema, document, [rule]);
  } catch {
    return 0;
  }
  return cost;
}

/** Documents longer than this wait for a turn of the event loop before they are parsed and costed. */
export const TURN_AFTER_CHARS = 500;

const waitingForTurn: (() => void)[] = [];
let turnScheduled = false;

/** Resolves in a later turn of the event loop: one waiter per turn, in arrival order. */
function turn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waitingForTurn.push(resolve);
    if (!turnScheduled) (turnScheduled = true), setImmediate(nextTurn);
  });
}

function nextTurn(): void {
  const next = waitingForTurn.shift()!;
  turnScheduled = waitingForTurn.length > 0;
  if (turnScheduled) setImmediate(nextTurn);
  next();
}

/** More operations than any batch limit: yoga refuses such a batch itself. */
const MAX_COSTED_BATCH = 100;

/** Batch entries are checked by yoga after the costing: any JSON may be here. */
function isParams(params: unknown): params is GraphQLParams & { query: string } {
  return typeof params === 'object' && params !== null && typeof (params as GraphQLParams).query === 'string';
}

function variablesOf(params: GraphQLParams): Record<string, unknown> {
  const variables = params.variables as unknown;
  return typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
}

/** Where a document's searches take their text: literals and variable names; kept per document text. */
interface SearchArguments {
  literals: string[];
  variables: string[];
  /** String defaults of the document's variables (`$q: String! = "…"`), used when a request gives none. */
  defaults: Map<string, string>;
}
const searchArguments = new Map<string, SearchArguments>();
const MAX_KEPT_DOCUMENTS = 1_000;
const MAX_KEPT_DOCUMENT_CHARS = 10_000;

/** The text of every `search(query: …)` in a document, literal or from a variable; none when it does not parse. */
function searchTextsIn(query: string, variables: Record<string, unknown>, parsed?: DocumentNode): string[] {
  let args = searchArguments.get(query);
  if (!args) {
    args = { literals: [], variables: [], defaults: new Map() };
    let document: DocumentNode | null = parsed ?? null;
    if (!document) {
      try {
        document = parse(query);
      } catch {
        // yoga answers the syntax error
      }
    }
    if (document) {
      const found = args;
      visit(document, {
        VariableDefinition(node) {
          if (node.defaultValue?.kind === Kind.STRING) found.defaults.set(node.variable.name.value, node.defaultValue.value);
        },
        Field(node) {
          if (node.name.value !== 'search') return;
          const value = node.arguments?.find((a) => a.name.value === 'query')?.value;
          if (value?.kind === Kind.STRING) found.literals.push(value.value);
          else if (value?.kind === Kind.VARIABLE) found.variables.push(value.name.value);
        },
      });
    }
    if (searchArguments.size >= MAX_KEPT_DOCUMENTS) searchArguments.clear();
    if (query.length <= MAX_KEPT_DOCUMENT_CHARS) searchArguments.set(query, args);
  }
  const texts = new Set(args.literals);
  for (const name of args.variables) {
    const value = variables[name] === undefined ? args.defaults.get(name) : variables[name];
    if (typeof value === 'string') texts.add(value);
  }
  return [...texts];
}

/** The depth of the deepest introspection (`__schema`, `__type`) selection, fragments followed. */
function introspectionDepth(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const depthOf = (set: SelectionSetNode, seen: Set<string>): number => {
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) deepest = Math.max(deepest, 1 + (s.selectionSet ? depthOf(s.selectionSet, seen) : 0));
      else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
      else {
        const fragment = fragments.get(s.name.value);
        // Validation has refused cycles; `seen` only keeps a spread from being walked twice on one path.
        if (fragment && !seen.has(fragment.name.value))
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set(seen).add(fragment.name.value)));
      }
    }
    return deepest;
  };
  let deepest = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    for (const s of definition.selectionSet.selections) {
      if (s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type') && s.selectionSet) {
        deepest = Math.max(deepest, 1 + depthOf(s.selectionSet, new Set()));
      }
    }
  }
  return deepest;
}

/** Accepted costs kept, all documents together (each key at most MAX_KEY_CHARS: some 10 MB at worst). */
const MAX_KEPT_COSTS = 10_000;
/** Keys longer than this (big lists of ids, say) are not kept. */
const MAX_KEY_CHARS = 500;

const fieldCounts = new WeakMap<DocumentNode, number>();

/**
 * The fields of the broadest operation of a document: each operation with the fragments it
 * spreads (each written field once), and a fragment no operation spreads on its own. A document
 * of several operations (a client's operations file, GraphiQL's tabs) runs one of them, and
 * validation compares fields within one selection at a time: the sum over operations would
 * refuse a document whose every operation is small. The largest is held to the limit, the one
 * executed or not, since validation walks them all.
 */
function fieldCount(document: DocumentNode): number {
  let count = fieldCounts.get(document);
  if (count === undefined) fieldCounts.set(document, (count = broadestOperation(document)));
  return count;
}

function broadestOperation(document: DocumentNode): number {
  const own = new Map<DefinitionNode, { fields: number; spreads: Set<string> }>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const counted = { fields: 0, spreads: new Set<string>() };
    visit(definition, {
      [Kind.FIELD]: () => void counted.fields++,
      [Kind.FRAGMENT_SPREAD]: (spread) => void counted.spreads.add(spread.name.value),
    });
    own.set(definition, counted);
  }
  const spread = new Set<string>();
  const withFragments = (root: DefinitionNode): number => {
    let fields = 0;
    const seen = new Set<string>();
    const pending = [root];
    while (pending.length) {
      const counted = own.get(pending.pop()!)!;
      fields += counted.fields;
      for (const name of counted.spreads) {
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue; // unknown: validation refuses it
        seen.add(name), spread.add(name), pending.push(fragment);
      }
    }
    return fields;
  };
  let broadest = 0;
  for (const definition of own.keys())
    if (definition.kind === Kind.OPERATION_DEFINITION) broadest = Math.max(broadest, withFragments(definition));
  for (const [name, fragment] of fragments) if (!spread.has(name)) broadest = Math.max(broadest, withFragments(fragment));
  return broadest;
}

/**
 * What the costing of an operation depends on besides its document: null when it must be costed
 * afresh (its variables do not coerce, or the key is too long to keep).
 *
 * Costing coerces the variables (an error if one does not fit its type), reads each field's
 * arguments (Pothos' argument mappers, such as a global id's decoding, may refuse a value; a
 * variable missing or null where a value is required is an error) and hands them to the field's
 * cost function. The default one, fieldCost, reads only COST_ARGUMENTS; other cost functions
 * may read any argument of their field. So once the variables coerce, the outcome depends on the
 * values of the variables that reach a mapped argument, a cost argument or a field with its own
 * cost function, and for every other variable only on whether it is missing, null or a value.
 */
function costKey(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
  variables: Record<string, unknown>,
): string | null {
  const shape = variableShape(schema, document, operationName);
  if (!shape) return null;
  if (shape.operation.variableDefinitions?.length) {
    const coerced = getVariableValues(schema, shape.operation.variableDefinitions, variables, { maxErrors: 1 });
    if (coerced.errors) return null;
  }
  const parts = shape.names.map((name) => {
    const value = variables[name];
    if (shape.valued.has(name)) return value === undefined ? 'u' : JSON.stringify(value);
    return value === undefined ? 'u' : value === null ? 'n' : 'v';
  });
  const key = `${operationName ?? ''}\n${parts.join('\n')}`;
  return key.length > MAX_KEY_CHARS ? null : key;
}

interface VariableShape {
  operation: OperationDefinitionNode;
  /** The operation's variables, in order. */
  names: string[];
  /** Those whose values the cost may depend on. */
  valued: Set<string>;
}

const shapes = new WeakMap<DocumentNode, Map<string, VariableShape | null>>();

/** The operation named (or the only one) and which of its variables reach costing as values. */
function variableShape(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): VariableShape | null {
  let byName = shapes.get(document);
  if (!byName) shapes.set(document, (byName = new Map()));
  const cached = byName.get(operationName ?? '');
  if (cached !== undefined) return cached;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    operationName === null
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((o) => o.name?.value === operationName);
  // An unknown name is refused by the complexity rule: not cached, so names cannot grow the map.
  if (!operation) return null;
  const valued = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  // The whole document (every fragment, whichever operation spreads it): a superset is safe.
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (typeInfo.getDirective()) return; // directives' arguments are not costed
        const field = typeInfo.getFieldDef();
        if (!field) return;
        const extensions = field.extensions as { pothosArgMappers?: unknown[]; complexity?: unknown };
        const counts =
          (extensions.pothosArgMappers?.length ?? 0) > 0 ||
          (extensions.complexity !== undefined && extensions.complexity !== fieldCost) ||
          COST_ARGUMENTS.has(node.name.value);
        if (counts) variablesIn(node.value, valued);
      },
    }),
  );
  const shape = { operation, names: (operation.variableDefinitions ?? []).map((d) => d.variable.name.value), valued };
  byName.set(operationName ?? '', shape);
  return shape;
}

function variablesIn(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) value.values.forEach((v) => variablesIn(v, into));
  else if (value.kind === Kind.OBJECT) value.fields.forEach((f) => variablesIn(f.value, into));
}

/**
 * Errors met while costing (a malformed global id or a wrong variable, found when arguments are
 * read; an operation type the schema lacks) come after yoga marks validation errors: mark them
 * here as the 400s they are, with a code and without echoing a huge input back whole.
 */
function asRequestError(error: GraphQLError): GraphQLError {
  if (error.extensions.http) return error;
  const missingRoot = /^Could not find root type for operation (\w+)/.exec(error.message);
  const message = missingRoot ? `This API has no ${missingRoot[1]} operations` : error.message;
  return new GraphQLError(truncate(message, 200), {
    nodes: error.nodes,
    extensions: {
      ...error.extensions,
      code:
        error.extensions.code ?? (error instanceof PothosValidationError && !missingRoot ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED'),
      http: { status: 400 },
    },
  });
}
