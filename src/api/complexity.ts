// What a query may cost before it runs. A field's cost follows its arguments: a page of n items
// multiplies the cost of what is selected inside it by n, a neighbourhood by its limit, a path
// by its length; work that is not a count of objects (a search's postings, a citation's
// formatting) is charged in the same unit, about the time of fetching one object (see
// COST_UNIT_MS); the total is refused above the budget with the computed cost in the message.

import { GraphQLError, getNullableType, isListType, type GraphQLField } from 'graphql';
import type { ComplexityErrorFn, FieldComplexityValue } from '@pothos/plugin-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection.js';

/** Worst-case items a query may touch, GitHub's ceiling for one call. */
export const DEFAULT_COST_BUDGET = 500_000;
export const DEFAULT_MAX_DEPTH = 15;
/** Lists without paging arguments are small (topics, broader concepts): assume this many. */
const UNPAGED_LIST_SIZE = 10;
/**
 * Unpaged lists that can be longer, with a bound above what real data gives them. Measured:
 * ACM CCS 2012 (2,113 concepts): 323 descendants and 18 narrower at most, 5 ancestors; the
 * curated scheme: 74 descendants, 7 ancestors; AAN: 39 distinct years. A scheme or a corpus
 * beyond these should get paged lists rather than bigger numbers here.
 */
const UNPAGED_LIST_BOUNDS: Record<string, number> = {
  'Concept.descendants': 500,
  'Concept.narrower': 50,
  'Concept.ancestors': 20,
  'Concept.timeline': 100,
};
/**
 * A subgraph's edges per node asked for (`limit`): every edge between kept nodes is returned,
 * so this is the density of real neighbourhoods with headroom. Measured worst cases over hubs,
 * limits 10–2000, depths 1–4 and each direction: AAN 9.8, the ogbn-arxiv-shaped synthetic
 * graph 8.8, the curated corpus 4.0.
 */
export const SUBGRAPH_EDGES_PER_NODE = 16;

/**
 * Wall time of one unit of cost at worst, measured on AAN by `npm run bench:cost` (the hostile
 * and normal queries of bench/cost-calibration.ts): a request accepted at the budget takes at
 * most about budget × this on one core.
 */
export const COST_UNIT_MS = 0.015;
/**
 * Units of cost per search posting. A search scores, for each distinct word, every document of
 * every field of the terms it matches (itself, the words it prefixes, its typos), then ranks the
 * documents matched: the store counts the postings before the search runs
 * (GraphStore.searchPostings). Measured: a posting takes two to three units' time, the most
 * on words not searched before.
 */
export const SEARCH_UNITS_PER_POSTING = 3;
/** A search whose postings are unknown when costed (not asked of the store): charged as this many. */
const UNKNOWN_SEARCH_POSTINGS = 200_000;
/**
 * One paper's citation, in units of cost: its whole author list and venue loaded (most of the
 * time), then citation-js's BibTeX or a JSON item. Measured on AAN against a unit's time.
 */
export const CITATION_COST: Record<'BIBTEX' | 'CSL_JSON', number> = { BIBTEX: 50, CSL_JSON: 40 };
/**
 * A path's search, in units: its bidirectional breadth-first search may visit much of the graph
 * before it meets (or gives up at maxDepth), whatever the length of the path it returns.
 * Measured on AAN: about 2,000 units' time from its most cited paper to its oldest.
 */
export const PATH_SEARCH_COST = 2_000;
/** Each id a neighbourhood's `exclude` names, in units: decoded and marked before the search (less than a node's fetch). */
export const EXCLUDE_COST_PER_ID = 1;
/**
 * A paper list's filter and sort, in units: a `where` tests every paper of the graph (a title
 * filter reads every title), and two or more sort keys sort every match (one key is an order
 * kept across requests). Measured on AAN (18k papers): about 3,000 and 6,000 units' time.
 */
export const PAPER_SCAN_COST = 3_000;
export const PAPER_SORT_COST = 6_000;

/** What the cost rule hands cost functions as their context (plugins/use-query-cost.ts). */
export interface CostRuleContext {
  /** Postings a search of this text scores, when the store was asked before costing. */
  searchPostings?: (text: string) => number | undefined;
}

/** A search: its postings, then each hit like a page's item. */
export function searchCost(args: { query?: unknown; first?: unknown; last?: unknown }, ctx: unknown): FieldComplexityValue {
  const text = typeof args.query === 'string' ? args.query : '';
  const postings = (ctx as CostRuleContext | undefined)?.searchPostings?.(text) ?? UNKNOWN_SEARCH_POSTINGS;
  return { field: 1 + postings * SEARCH_UNITS_PER_POSTING, multiplier: clampPage(args.first ?? args.last, DEFAULT_PAGE_SIZE) };
}

export function citationCost(format: 'BIBTEX' | 'CSL_JSON'): number {
  return CITATION_COST[format];
}

/**
 * The arguments fieldCost reads (a page's size, a list of ids): plugins/use-query-cost.ts keeps
 * a computed cost for the values of the variables that reach these, the arguments Pothos maps,
 * and fields with cost functions of their own.
 */
export const COST_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'last', 'ids', 'where', 'orderBy']);

const clampPage = (n: unknown, fallback: number) => Math.min(Math.max(typeof n === 'number' ? n : fallback, 0), MAX_PAGE_SIZE);

/** The cost of one field given its arguments (the default for every field of the schema). */
export function fieldCost(
  args: Record<string, unknown>,
  _ctx: unknown,
  field: GraphQLField<unknown, unknown, Record<string, unknown>>,
): FieldComplexityValue {
  const has = (name: string) => field.args.some((a) => a.name === name);
  if (has('first') || has('last')) {
    const fallback = Number(field.args.find((a) => a.name === 'first')?.defaultValue ?? DEFAULT_PAGE_SIZE);
    return { field: 1 + paperListWork(args, field), multiplier: clampPage(args.first ?? args.last, fallback) };
  }
  if (has('ids') && Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  if (isListType(getNullableType(field.type))) {
    const coordinate = `${parentTypeOf(field)}.${field.name}`;
    // A subgraph has up to `limit` nodes (its parent's multiplier) and more edges than nodes.
    if (coordinate === 'Subgraph.edges') return { field: 0, multiplier: SUBGRAPH_EDGES_PER_NODE };
    // A connection's edges, a subgraph's or a path's nodes: their parent field already multiplied by their count.
    if (PARENT_COUNTED_LISTS.has(field.name)) return { field: 0, multiplier: 1 };
    return { field: 1, multiplier: UNPAGED_LIST_BOUNDS[coordinate] ?? UNPAGED_LIST_SIZE };
  }
  return 1;
}

const PARENT_COUNTED_LISTS = new Set(['edges', 'nodes']);

/** What a paper list's `where` and `orderBy` add (other lists are over small tables: nothing). */
function paperListWork(args: Record<string, unknown>, field: GraphQLField<unknown, unknown, Record<string, unknown>>): number {
  if (String(field.args.find((a) => a.name === 'orderBy')?.type) !== '[PaperOrder!]') return 0;
  const where = args.where as Record<string, unknown> | null | undefined;
  const filtered = where && Object.values(where).some((v) => v !== null && v !== undefined && v !== false);
  const keys = Array.isArray(args.orderBy) ? args.orderBy.length : 0;
  return (filtered ? PAPER_SCAN_COST : 0) + (keys >= 2 ? PAPER_SORT_COST : 0);
}

/** The name of the type a field belongs to (Pothos records it on every field it builds). */
function parentTypeOf(field: GraphQLField<unknown, unknown, Record<string, unknown>>): string {
  return (field.extensions as { pothosConfig?: { parentType?: string } }).pothosConfig?.parentType ?? '';
}

/**
 * A 400 whatever the Accept header. Yoga marks errors met during validation as the
 * GraphQL-over-HTTP spec's (`spec: true`), which a client accepting application/json gets with
 * a 200; a limit of ours is a refusal, not a validation failure of the spec's.
 */
const REFUSAL_STATUS = { status: 400, spec: false };

export const costError: ComplexityErrorFn = (kind, result) => {
  // The cost says most about what to change: report it whenever it is over, whatever tripped first.
  const overBudget = result.maxComplexity !== undefined && result.complexity > result.maxComplexity;
  if (kind === 'Depth' && !overBudget) {
    return new GraphQLError(`Query is too deep: ${result.depth} levels, the most is ${result.maxDepth}`, {
      extensions: { code: 'QUERY_TOO_DEEP', depth: result.depth, maxDepth: result.maxDepth, http: REFUSAL_STATUS },
    });
  }
  if (kind === 'Breadth' && !overBudget) {
    return new GraphQLError(`Query selects too many fields: ${result.breadth}, the most is ${result.maxBreadth}`, {
      extensions: { code: 'QUERY_TOO_BROAD', breadth: result.breadth, maxBreadth: result.maxBreadth, http: REFUSAL_STATUS },
    });
  }
  return new GraphQLError(
    `Query is too expensive: its computed cost is ${result.complexity}, the budget is ${result.maxComplexity}. ` +
      'Ask for smaller pages (first/last), a smaller depth or limit, or split the query.',
    { extensions: { code: 'QUERY_TOO_EXPENSIVE', cost: result.complexity, budget: result.maxComplexity, http: REFUSAL_STATUS } },
  );
};
