// A replica following a change log that other writers append to: the PostgreSQL log shared by
// replicas on several machines, or the embedded SQLite log shared by worker processes on one.
//
// Start-up (openCuratedGraph) has loaded the newest snapshot and replayed the log after its
// checkpoint. The follower then keeps the graph current: each time it is woken (a NOTIFY from
// PostgreSQL, a message from the cluster's primary) or its poll timer fires, it asks the graph
// to catch up, which reads every change after the seq the graph holds, in seq order, and applies
// each once (CuratedGraph.catchUp). A wake carries no data, only "look": a missed or duplicated
// wake loses nothing and applies nothing twice, since catch-up goes by seq; the poll is the
// safety net for wakes lost while a connection was down. Writes made on this replica are applied
// by the replica when committed (read-your-writes), before any wake; a wake for them finds
// nothing to do.
//
// Use (generic over the log and the wake):
//   const follower = new LogFollower({ graph: curation, wake });   // curation: CuratedGraphImpl
//   await follower.start();                                        // resolves once caught up (or after a first failure, retrying)
//   follower.ready                                                 // /ready: caught up at least once since start
//   await follower.waitFor(seq)                                    // until the graph holds seq
//   await follower.stop();
// A WakeSource for worker processes sharing the SQLite log: the primary relays each worker's
// "appended up to seq N" to the others; each worker's source calls wake(N).

import type { CatchUpResult } from './curated-graph.js';

/** Whatever tells a follower that the log may hold changes it has not applied. */
export interface WakeSource {
  /**
   * Calls `wake` when there may be something to read: with the log's last seq when known (a
   * wake at or below the seq the graph holds is skipped), or null (read to find out: after a
   * reconnection, notifications may have been missed). Returns the unsubscribe.
   */
  subscribe(wake: (lastSeq: number | null) => void): (() => void) | Promise<() => void>;
}

/** The graph a follower keeps current (CuratedGraphImpl). */
export interface FollowedGraph {
  current(): { readonly seq: number };
  catchUp(): Promise<CatchUpResult>;
}

export interface FollowerOptions {
  graph: FollowedGraph;
  /** Null: the poll alone (every `pollMs`). */
  wake: WakeSource | null;
  /** Catch up at least this often, woken or not (default 1,000 ms). */
  pollMs?: number;
  /** After a failed catch-up (the log unreachable), try again after this long (default 250 ms, doubling to `pollMs`). */
  retryMs?: number;
  /** Told once when catching up starts failing, and once when it works again (null). */
  onError?: (error: Error | null) => void;
}

export class LogFollower {
  /** Caught up with the log at least once since start: the replica may take traffic. */
  ready = false;
  /** The failure of the last catch-up, or null when it worked. */
  lastError: Error | null = null;
  /** Catch-ups run, and changes they applied. */
  runs = 0;
  applied = 0;
  /** The highest last seq a wake announced. */
  private announced = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private readonly waiters = new Set<{ seq: number; resolve: () => void }>();

  constructor(private readonly options: FollowerOptions) {
    this.retryMs = options.retryMs ?? 250;
  }

  /** Subscribes to the wake source, starts the poll, and catches up once (resolves after that first catch-up, whether it worked or not). */
  async start(): Promise<void> {
    if (this.options.wake) this.unsubscribe = await this.options.wake.subscribe((seq) => this.wake(seq));
    this.pollTimer = setInterval(() => this.kick(), this.options.pollMs ?? 1_000);
    this.pollTimer.unref();
    this.kick();
    await this.running;
  }

  /** Something may be there to read (`lastSeq`: the log's last, when known). */
  wake(lastSeq: number | null = null): void {
    if (lastSeq !== null) {
      this.announced = Math.max(this.announced, lastSeq);
      if (lastSeq <= this.options.graph.current().seq) return;
    }
    this.kick();
  }

  /** Resolves once the graph holds `seq` (and every change before it). */
  waitFor(seq: number): Promise<void> {
    if (this.options.graph.current().seq >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.add({ seq, resolve });
      this.wake(seq);
    });
  }

  /** How far behind the last announced seq the graph is (0 when unknown or caught up). */
  get lag(): number {
    return Math.max(0, this.announced - this.options.graph.current().seq);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  /** Runs a catch-up now, or once more after the one running (a wake during a run is not lost). */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async run(): Promise<void> {
    this.runs++;
    try {
      const result = await this.options.graph.catchUp();
      this.applied += result.applied;
      if (result.atHead) this.ready = true;
      // More was there than one catch-up reads: go on.
      if (!result.atHead) this.again = true;
      if (this.lastError) {
        this.lastError = null;
        this.options.onError?.(null);
      }
      this.retryMs = this.options.retryMs ?? 250;
    } catch (e) {
      const first = this.lastError === null;
      this.lastError = e as Error;
      if (first) this.options.onError?.(this.lastError);
      this.scheduleRetry();
    }
    const seq = this.options.graph.current().seq;
    for (const waiter of this.waiters)
      if (waiter.seq <= seq) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.pollMs ?? 1_000);
  }
}
