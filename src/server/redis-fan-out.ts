// Subscriptions across replicas: with PAPERGRAPH_REDIS_URL set, the change events that
// subscriptions hear come through Redis pub/sub (graphql-yoga's pubsub over
// @graphql-yoga/redis-event-target, ioredis clients), so a change written through one replica
// reaches the subscribers of every replica.
//
// Each change is published once, by the replica that wrote it (ChangeEvent origin 'write'; the
// changes a replica only follows are not published again), and handed on once per seq. A replica hearing a change from
// Redis hands it to its subscribers with its own version of the graph that holds it (it waits
// for its graph to catch up, up to FOLLOW_WAIT_MS), so `node` under an event is the graph right
// after the change, as in one process.
//
// Redis down: subscriptions already open end with SUBSCRIPTIONS_UNAVAILABLE, new ones are
// refused with it at once (no hang), queries and writes go on (a write whose event cannot be
// published is still committed; the log has it). ioredis reconnects by itself; once both
// connections are ready again, subscriptions work again. Events published while Redis was down
// are not replayed: a subscriber catches up through Query.changes(since:).

import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { GraphQLError } from 'graphql';
import { createPubSub } from 'graphql-yoga';
import { Redis, type RedisOptions } from 'ioredis';
import type { Change } from '../model/change.js';
import type { ChangeEvent, CuratedGraph, VersionedStore } from '../store/curation/curation.js';

/** How long a replica waits for its own graph to hold a change heard from Redis before handing it on with the newest version it has. */
export const FOLLOW_WAIT_MS = 5000;
/** Versions kept by seq, so that an event finds the version right after its change. */
const RECENT_VERSIONS = 1024;
/** Time to connect before a command fails (a Redis that does not answer is down, not slow). */
const CONNECT_TIMEOUT_MS = 2000;

export interface RedisFanOutOptions {
  url: string;
  /** The pub/sub channel (one per graph when several share a Redis). */
  channel: string;
  log?: (line: string) => void;
}

export interface RedisFanOut {
  /** The CuratedGraph the app serves: the given one, with onChange fed from Redis. */
  curation: CuratedGraph;
  /** Whether both connections are ready (subscriptions accepted). */
  readonly up: boolean;
  /** Events published and heard, for the log and tests. */
  readonly counts: { published: number; publishFailed: number; heard: number };
  close(): Promise<void>;
}

/** What goes over the channel: the change as committed (JSON). */
interface Message {
  change: Change;
}

export function redisUnavailable(detail: string): GraphQLError {
  return new GraphQLError(
    `subscriptions are unavailable: the event bus (Redis) cannot be reached (${detail}); queries and writes work; subscribe again shortly`,
    { extensions: { code: 'SUBSCRIPTIONS_UNAVAILABLE' } },
  );
}

/** Redacts a password from a Redis URL for the log. */
function shown(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

export async function startRedisFanOut(inner: CuratedGraph, options: RedisFanOutOptions): Promise<RedisFanOut> {
  const log = options.log ?? ((line: string) => console.error(line));
  const where = shown(options.url);
  const common: RedisOptions = {
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Reconnect for ever, at most every 2 s: Redis coming back is what recovery waits for.
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: true,
  };
  // Publishing never queues: while Redis is down a publish fails at once (and is counted), it does not pile up.
  const publisher = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  // The subscriber re-subscribes by itself after a reconnect (autoResubscribe).
  const subscriber = new Redis(options.url, { ...common, maxRetriesPerRequest: null });
  const counts = { published: 0, publishFailed: 0, heard: 0 };

  let lastProblem = 'not connected yet';
  let down = true;
  const failures = new Set<(error: Error) => void>();
  const isUp = () => publisher.status === 'ready' && subscriber.status === 'ready';
  const update = () => {
    const up = isUp();
    if (up && down) {
      down = false;
      log(`papergraph: Redis at ${where}: connected; subscriptions fan out over channel "${options.channel}"`);
    } else if (!up && !down) {
      down = true;
      log(`papergraph: Redis at ${where} unreachable (${lastProblem}): subscriptions refused until it is back; queries and writes go on`);
      const error = redisUnavailable(lastProblem);
      for (const fail of [...failures]) fail(error);
      failures.clear();
    }
  };
  for (const client of [publisher, subscriber]) {
    client.on('error', (error: Error & { code?: string }) => {
      lastProblem = error.code ?? error.message;
    });
    for (const event of ['ready', 'close', 'end', 'reconnecting'] as const) client.on(event, update);
  }

  // The event target calls publish() and drops its promise: answered here, so a refused publish is counted, not an unhandled rejection.
  const publishClient = new Proxy(publisher, {
    get(target, property, receiver) {
      if (property !== 'publish') return Reflect.get(target, property, receiver);
      return (channel: string, message: string) =>
        target.publish(channel, message).then(
          (receivers) => {
            counts.published++;
            return receivers;
          },
          (error: Error) => {
            counts.publishFailed++;
            lastProblem = (error as Error & { code?: string }).code ?? error.message;
            return 0;
          },
        );
    },
  });
  const pubsub = createPubSub<Record<string, [Message]>>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient: subscriber }),
  });

  // Versions by seq, from the inner graph (its own writes and what it follows).
  const recent = new Map<number, VersionedStore>();
  const waiters = new Set<{ seq: number; resolve: (store: VersionedStore) => void }>();
  const offInner = inner.onChange(({ change, store, origin }) => {
    recent.set(change.seq, store);
    if (recent.size > RECENT_VERSIONS) recent.delete(recent.keys().next().value!);
    for (const waiter of waiters)
      if (change.seq >= waiter.seq) {
        waiters.delete(waiter);
        waiter.resolve(store);
      }
    if (origin !== 'follow') pubsub.publish(options.channel, { change });
  });
  const versionHolding = (seq: number): Promise<VersionedStore> => {
    const known = recent.get(seq);
    if (known) return Promise.resolve(known);
    const current = inner.current();
    if (current.seq >= seq) return Promise.resolve(current);
    return new Promise((resolve) => {
      const waiter = {
        seq,
        resolve: (store: VersionedStore) => (clearTimeout(timer), resolve(store)),
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        resolve(inner.current());
      }, FOLLOW_WAIT_MS);
      timer.unref();
      waiters.add(waiter);
    });
  };

  // One subscription to the channel for the whole process, handed to local listeners in seq order.
  const listeners = new Set<(event: ChangeEvent) => void>();
  let delivered = Promise.resolve();
  const stream = pubsub.subscribe(options.channel);
  // Seqs handed on already: a change heard twice (published again by a replica that only
  // followed it, should a graph not mark its origin) reaches the subscribers once.
  const handed = new Set<number>();
  const pump = (async () => {
    for await (const message of stream) {
      counts.heard++;
      const change = message.change;
      if (handed.has(change.seq)) continue;
      handed.add(change.seq);
      if (handed.size > RECENT_VERSIONS * 4) handed.delete(handed.values().next().value!);
      const ready = versionHolding(change.seq);
      // Kept in the order heard, however long each waits for its version.
      delivered = delivered.then(async () => {
        const store = await ready;
        for (const listener of listeners) {
          try {
            listener({ change, store, origin: 'write' });
          } catch {
            // A listener's failure is its own.
          }
        }
      });
    }
  })();

  // connect() may settle before the connection is ready (the subscription above started it):
  // wait for both to be ready, or for the connect timeout, whichever comes first.
  await Promise.allSettled([publisher.connect(), subscriber.connect()]);
  await new Promise<void>((resolve) => {
    const clients = [publisher, subscriber];
    const done = () => {
      clearTimeout(timer);
      for (const client of clients) client.off('ready', check);
      resolve();
    };
    const check = () => isUp() && done();
    const timer = setTimeout(done, CONNECT_TIMEOUT_MS + 500);
    for (const client of clients) client.on('ready', check);
    check();
  });
  update();
  if (down) log(`papergraph: Redis at ${where} unreachable at start (${lastProblem}): subscriptions refused until it answers`);

  const curation: CuratedGraph = {
    current: () => inner.current(),
    write: (command, meta) => inner.write(command, meta),
    revert: (seq, meta) => inner.revert(seq, meta),
    versionsOf: (nodes, seq) => inner.versionsOf(nodes, seq),
    historyOf: (node, options) => inner.historyOf(node, options),
    changes: (options) => inner.changes(options),
    changesBySeq: (seqs) => inner.changesBySeq(seqs),
    catchUp: () => inner.catchUp(),
    compact: () => inner.compact(),
    close: () => inner.close(),
    onChange(listener, onFailure) {
      if (!isUp()) throw redisUnavailable(lastProblem);
      listeners.add(listener);
      if (onFailure) failures.add(onFailure);
      return () => {
        listeners.delete(listener);
        if (onFailure) failures.delete(onFailure);
      };
    },
  };

  return {
    curation,
    get up() {
      return isUp();
    },
    counts,
    async close() {
      offInner();
      await stream.return?.();
      await pump.catch(() => undefined);
      for (const client of [publisher, subscriber]) client.disconnect();
    },
  };
}
