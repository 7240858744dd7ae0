// Relay connections over store pages: argument checks, opaque offset cursors, edges.

import type { Page, PageRequest } from '../store/page.js';
import { UserInputError } from './errors.js';
import { truncate } from './global-id.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const CURSOR_PREFIX = 'offset:';

function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64');
}

function decodeCursor(cursor: string, argName: string): number {
  const text = /^[A-Za-z0-9+/]{1,64}={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new UserInputError(`Invalid cursor in "${argName}": "${truncate(cursor)}" is not a cursor of this list`);
  }
  return offset;
}

/** Checks first/last (1..MAX_PAGE_SIZE) and decodes cursors; no first and no last means a default page. */
export function pageRequestFrom(args: ConnectionArgs): PageRequest {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw new UserInputError(`"${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`);
    }
  }
  const request: PageRequest = {
    first: args.first ?? null,
    last: args.last ?? null,
    after: args.after != null ? decodeCursor(args.after, 'after') : null,
    before: args.before != null ? decodeCursor(args.before, 'before') : null,
  };
  if (request.first == null && request.last == null) request.first = DEFAULT_PAGE_SIZE;
  return request;
}

export interface Edge<N> {
  cursor: string;
  node: N;
}

export interface Connection<E> {
  edges: E[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** A connection whose edges are built from a page's items (with their nodes already loaded). */
export function connectionOf<T, E extends Edge<unknown>>(
  page: Page<T>,
  toEdge: (item: T, cursor: string, index: number) => E,
): Connection<E> {
  const edges = page.items.map((item, k) => toEdge(item, encodeCursor(page.start + k), k));
  const end = page.start + page.items.length;
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasPreviousPage: page.start > 0,
      hasNextPage: end < page.totalCount,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Loads the nodes of a page of ids and makes them a connection; ids that vanished are dropped. */
export async function connectionOfIds<N>(page: Page<string>, load: (ids: string[]) => Promise<(N | null)[]>): Promise<Connection<Edge<N>>> {
  const nodes = await load(page.items);
  const connection = connectionOf(page, (_id, cursor, k) => ({ cursor, node: nodes[k] as N }));
  connection.edges = connection.edges.filter((e) => e.node != null);
  return connection;
}
