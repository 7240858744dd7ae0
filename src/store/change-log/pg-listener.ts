// LISTEN on a connection of its own (a pooled connection cannot keep a LISTEN): a replica hears
// the NOTIFY every append sends at commit, and the key store hears a key created or revoked.
// The connection is re-made when lost (PostgreSQL restarted), with a growing pause; every
// handler is then called with `null`, since notifications sent meanwhile were lost: whoever
// listens reads what it missed (a follower catches up by seq, so nothing is lost for good).

import type pg from 'pg';
import type { PgDatabase } from './pg-database.js';

/** Called with a notification's payload, or null after a reconnection (some may have been missed). */
export type NotificationHandler = (payload: string | null) => void;

export class PgListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = 100;
  private closed = false;
  /** Whether the LISTEN connection is up now. */
  connected = false;
  /** The last failure to connect, for the logs (null once connected). */
  lastError: Error | null = null;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: { maxRetryMs?: number; onState?: (connected: boolean, error: Error | null) => void } = {},
  ) {}

  /** Calls `handler` on each notification of `channel`; returns the unsubscribe. Connects on first use. */
  async listen(channel: string, handler: NotificationHandler): Promise<() => void> {
    let set = this.handlers.get(channel);
    const fresh = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    if (!this.client && !this.connecting) await this.connect();
    else if (fresh && this.client) await this.client.query(`LISTEN "${channel}"`).catch(() => undefined);
    return () => set!.delete(handler);
  }

  /**
   * A wake source for a follower (store/curation/follower.ts): the appends' NOTIFY on `channel`
   * carries the log's new last seq; a reconnection wakes with null (read to find out).
   */
  wakeSource(channel: string): { subscribe(wake: (lastSeq: number | null) => void): Promise<() => void> } {
    return { subscribe: (wake) => this.listen(channel, (payload) => wake(payload === null ? null : Number(payload) || null)) };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    return (this.connecting ??= this.tryConnect().finally(() => (this.connecting = null)));
  }

  private async tryConnect(): Promise<void> {
    if (this.closed) return;
    const client = this.db.newClient();
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN "${channel}"`);
    } catch (e) {
      await client.end().catch(() => undefined);
      this.lastError = e as Error;
      this.setConnected(false);
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 100;
    this.lastError = null;
    client.on('notification', (message) => this.dispatch(message.channel, message.payload ?? null));
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.lastError = error ?? new Error('the LISTEN connection closed');
      this.setConnected(false);
      void client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.setConnected(true);
    // Whatever was sent while no connection listened is to be read again.
    for (const channel of this.handlers.keys()) this.dispatch(channel, null);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected && connected) return;
    this.connected = connected;
    this.options.onState?.(connected, this.lastError);
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 2_000);
  }

  private dispatch(channel: string, payload: string | null): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch {
        // A handler's failure is its own.
      }
    }
  }
}
