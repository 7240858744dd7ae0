// Relay connections over store pages: argument checks, opaque offset cursors, edges.

import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
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

/**
 * Cursors already encoded, by offset: a page of 20 names 20 offsets, and the same first offsets
 * come back on every request (a Buffer round trip each, before). Offsets past MEMOISED_CURSORS
 * (lists that long are paged rarely that deep) are encoded each time.
 */
const cursors: string[] = [];
const MEMOISED_CURSORS = 1 << 16;

/** The cursor of the item at `offset` of a list. */
export function cursorAt(offset: number): string {
  if (offset >= MEMOISED_CURSORS) return encodeCursor(offset);
  return (cursors[offset] ??= encodeCursor(offset));
}

function decodeCursor(cursor: string, argName: string): number {
  const text = /^[A-Za-z0-9+/]{1,64}={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new UserInputError(`Invalid cursor in "${argName}": "${truncate(cursor)}" is not a cursor of this list`);
  }
  return offset;
}

function checkSize(name: 'first' | 'last', value: number | null | undefined): void {
  if (value != null && (value < 1 || value > MAX_PAGE_SIZE)) {
    throw new UserInputError(`"${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`);
  }
}

/** Checks first/last (1..MAX_PAGE_SIZE) and decodes cursors; no first and no last means a default page. */
export function pageRequestFrom(args: ConnectionArgs): PageRequest {
  checkSize('first', args.first);
  checkSize('last', args.last);
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
  const edges = page.items.map((item, k) => toEdge(item, cursorAt(page.start + k), k));
  return { edges, totalCount: page.totalCount, pageInfo: pageInfoOf(page) };
}

/** Where a page sits in its list; its cursors are those of its first and last items. */
export function pageInfoOf(page: Page<unknown>): Connection<never>['pageInfo'] {
  const end = page.start + page.items.length;
  const empty = page.items.length === 0;
  return {
    hasPreviousPage: page.start > 0,
    hasNextPage: end < page.totalCount,
    startCursor: empty ? null : cursorAt(page.start),
    endCursor: empty ? null : cursorAt(end - 1),
  };
}

/** Loads the nodes of a page of ids and makes them a connection; ids that vanished are dropped. */
export async function connectionOfIds<N>(page: Page<string>, load: (ids: string[]) => Promise<(N | null)[]>): Promise<Connection<Edge<N>>> {
  const nodes = await load(page.items);
  const connection = connectionOf(page, (_id, cursor, k) => ({ cursor, node: nodes[k] as N }));
  connection.edges = connection.edges.filter((e) => e.node != null);
  return connection;
}

/**
 * A connection that builds only what its query selects. Its page is loaded when the resolver
 * asks for it (`selectsPage`: edges or pageInfo are selected), or else only counted (`count`);
 * its edges, their nodes and cursors are made when `edges` is resolved, not before. Subclasses
 * say how (methods, not closures: one object per connection).
 */
export abstract class LazyConnection<T, E> {
  private page: Promise<Page<T>> | null = null;
  private built: Promise<E[]> | null = null;

  protected abstract loadPage(): Promise<Page<T>>;
  /** The size of the whole list without its page, when the page is not needed; null: from the page. */
  protected abstract count(): Promise<number> | null;
  protected abstract makeEdges(page: Page<T>): Promise<E[]>;

  /** Starts loading the page (in the resolver: its load batches with its siblings'). */
  withPage(): this {
    this.page ??= this.loadPage();
    return this;
  }

  get totalCount(): Promise<number> {
    if (!this.page) {
      const counted = this.count();
      if (counted) return counted;
    }
    return this.withPage().page!.then(totalOf);
  }

  get edges(): Promise<E[]> {
    return (this.built ??= this.withPage().page!.then((page) => this.makeEdges(page)));
  }

  get pageInfo(): Promise<Connection<never>['pageInfo']> {
    return this.withPage().page!.then(pageInfoOf);
  }
}

const totalOf = (page: Page<unknown>) => page.totalCount;

/**
 * Whether a connection field's selection asks for its page (edges or pageInfo), in any fragment
 * and whatever its @include/@skip say (a page that is not used costs only its making). Without
 * them, the connection can answer totalCount (and facets) from a count.
 */
export function selectsPage(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  const { fieldNodes } = info;
  if (fieldNodes.length === 1) {
    const known = pageSelected.get(fieldNodes[0]);
    if (known !== undefined) return known;
    const selected = selectionAsksPage(fieldNodes[0].selectionSet, info.fragments, new Set());
    // Fragments are part of the same document as the field node: the answer holds for it.
    pageSelected.set(fieldNodes[0], selected);
    return selected;
  }
  return fieldNodes.some((node) => selectionAsksPage(node.selectionSet, info.fragments, new Set()));
}

const pageSelected = new WeakMap<FieldNode, boolean>();
const PAGE_FIELDS = new Set(['edges', 'pageInfo', 'nodes']);

function selectionAsksPage(
  selectionSet: SelectionSetNode | undefined,
  fragments: GraphQLResolveInfo['fragments'],
  seen: Set<string>,
): boolean {
  if (!selectionSet) return false;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (PAGE_FIELDS.has(selection.name.value)) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selectionAsksPage(selection.selectionSet, fragments, seen)) return true;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      // A fragment the document does not define fails validation before this runs; be safe anyway.
      const fragment = fragments[selection.name.value];
      if (!fragment || selectionAsksPage(fragment.selectionSet, fragments, seen)) return true;
    }
  }
  return false;
}
