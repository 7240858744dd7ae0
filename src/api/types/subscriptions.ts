// Subscriptions to committed changes, fed by CuratedGraph.onChange: `nodeChanged(id)` and
// `graphChanged(kinds)`. Each event is resolved on the version right after its change (the
// request re-pins to it), so `node` and everything under it is the graph as the change left it.
// Served over server-sent events by yoga and over WebSocket by ../ws.ts.

import { GraphQLError } from 'graphql';
import type { NodeRef } from '../../model/change.js';
import { isNodeKind, type NodeKind } from '../../model/index.js';
import type { ChangeEvent } from '../../store/curation/curation.js';
import { builder } from '../builder.js';
import { repin, type Context } from '../context.js';
import { UserInputError } from '../errors.js';
import { loadNodes } from '../graph-nodes.js';
import { tryDecode, truncate } from '../global-id.js';
import { ChangeRef, NodeKindEnum } from './change.js';

/** Events a subscriber may fall behind by; past it the subscription ends with an error rather than hold memory. */
export const MAX_PENDING_EVENTS = 1000;

builder.subscriptionType({
  description: 'Changes as they are committed, over server-sent events (Accept: text/event-stream) or WebSocket (graphql-ws on /graphql).',
  authScopes: { read: true },
});

interface EventSource {
  event: ChangeEvent;
  /** The node the event is about, or null. */
  ref: NodeRef | null;
}

const ChangeEventRef = builder.objectRef<EventSource>('ChangeEvent').implement({
  description: 'A committed change and the node it is about, as the change left it.',
  fields: (t) => ({
    change: t.field({ type: ChangeRef, description: 'The change.', resolve: (e) => e.event.change }),
    node: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description:
        'The node after the change: for nodeChanged the node subscribed to, for graphChanged the first node of the change of the kinds asked for. Null when the change removed it.',
      resolve: async (e, _a, ctx) => (e.ref ? ((await loadNodes(ctx, [e.ref as never]))[0] as never) : null),
    }),
  }),
});

/**
 * Events of the server's CuratedGraph that pass `filter`, as an async iterator. It listens from
 * the moment the subscription is accepted (not from the first read), so no change committed
 * after that is missed; a subscriber that falls MAX_PENDING_EVENTS behind is ended with an error.
 */
function changesOf(ctx: Context, filter: (event: ChangeEvent) => NodeRef | null | false): AsyncIterableIterator<EventSource> {
  const curation = ctx.curation;
  if (!curation) {
    throw new GraphQLError('this server is read-only: it has no changes to follow (start it with --data-dir)', {
      extensions: { code: 'READ_ONLY' },
    });
  }
  const queue: EventSource[] = [];
  let waiting: ((result: IteratorResult<EventSource>) => void) | null = null;
  let waitingFailed: ((error: Error) => void) | null = null;
  let failure: GraphQLError | null = null;
  let done = false;
  const finish = () => {
    done = true;
    off();
    ends.delete(finish);
    waiting?.({ value: undefined, done: true });
    waiting = waitingFailed = null;
  };
  const ends = live.get(curation) ?? new Set<() => void>();
  live.set(curation, ends);
  ends.add(finish);
  // The feed may refuse at once (a fan-out whose bus is down): that error goes to the subscriber as it is.
  let off: () => void = () => {};
  const onFailure = (error: Error) => {
    if (done) return;
    failure =
      error instanceof GraphQLError
        ? error
        : new GraphQLError(`subscription ended: ${error.message}`, { extensions: { code: 'SUBSCRIPTIONS_UNAVAILABLE' } });
    off();
    // Events already queued are delivered first (next() gives the failure once the queue is empty).
    if (waitingFailed) {
      const reject = waitingFailed;
      const error = failure;
      waiting = waitingFailed = null;
      finish();
      reject(error);
    }
  };
  try {
    off = curation.onChange((event) => {
      if (done) return;
      const ref = filter(event);
      if (ref === false) return;
      if (waiting) {
        const resolve = waiting;
        waiting = waitingFailed = null;
        return resolve({ value: { event, ref }, done: false });
      }
      if (queue.length >= MAX_PENDING_EVENTS) {
        failure = new GraphQLError(`subscription ended: it fell ${MAX_PENDING_EVENTS} events behind`, {
          extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
        });
        queue.length = 0;
        off();
        return;
      }
      queue.push({ event, ref });
    }, onFailure);
  } catch (error) {
    ends.delete(finish);
    throw error;
  }
  return {
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (failure) {
        const error = failure;
        finish();
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        waitingFailed = reject;
      });
    },
    return: () => {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw: (error: unknown) => {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The live subscriptions of each CuratedGraph, so that shutdown can end them (see endSubscriptions). */
const live = new WeakMap<object, Set<() => void>>();

/**
 * Ends every subscription to `curation`'s changes: SSE streams and WebSocket operations complete
 * at once instead of holding the connection through a shutdown's grace period.
 */
export function endSubscriptions(curation: object): number {
  const ends = live.get(curation);
  if (!ends) return 0;
  const count = ends.size;
  for (const end of [...ends]) end();
  return count;
}

const sameRef = (a: NodeRef, b: NodeRef) => a.kind === b.kind && a.id === b.id;

/** Pins the request to the event's version, so the selection under it reads the graph right after the change. */
function atEvent(source: EventSource, ctx: Context): EventSource {
  repin(ctx, source.event.store);
  return source;
}

builder.subscriptionFields((t) => ({
  nodeChanged: t.field({
    type: ChangeEventRef,
    description: 'Every change that touches one node (a merge into it, a citation to it, a link, an edit), as it is committed.',
    args: { id: t.arg.id({ required: true, description: 'Global id of the node to follow.' }) },
    subscribe: (_root, args, ctx) => {
      const decoded = tryDecode(String(args.id));
      if (!decoded || !isNodeKind(decoded.typename))
        throw new UserInputError(`"id": "${truncate(String(args.id))}" is not a global id of a node`);
      const ref: NodeRef = { kind: decoded.typename, id: decoded.id };
      return changesOf(ctx, (event) => (event.change.targets.some((target) => sameRef(target, ref)) ? ref : false));
    },
    resolve: (source, _args, ctx) => atEvent(source, ctx),
  }),
  graphChanged: t.field({
    type: ChangeEventRef,
    description: 'Every change to nodes of the given kinds (all kinds by default), as it is committed.',
    args: { kinds: t.arg({ type: [NodeKindEnum], description: 'Only changes touching nodes of these kinds.' }) },
    subscribe: (_root, args, ctx) => {
      const kinds = args.kinds?.length ? new Set<NodeKind>(args.kinds as NodeKind[]) : null;
      return changesOf(ctx, (event) => {
        const targets = event.change.targets;
        const first = kinds ? targets.find((target) => kinds.has(target.kind)) : targets[0];
        return first ?? (kinds ? false : null);
      });
    },
    resolve: (source, _args, ctx) => atEvent(source, ctx),
  }),
}));
