// On SIGTERM or SIGINT: /ready answers 503; every request already received is answered, with
// `Connection: close`; connections opened after the signal get a 503 (Connection: close), not a
// reset; the listener closes once the last request is answered; idle keep-alive connections end
// by their keep-alive timeout or after one more answer; only the end of the grace period cuts
// what is left. Then the process exits 0.
//
// Why not http's server.close(): since Node 19 it calls closeIdleConnections(), and Node counts
// as idle every connection between two messages, including one accepted while the event loop was
// busy whose request bytes are not read yet: those were reset (17 of 20 in flight). Connections
// still in the listen backlog are reset when the listener closes, so it closes last.

import { Server as NetServer, type Socket } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ShutdownHandle {
  /** False once shutdown has begun: /ready answers 503 from then on. */
  readonly accepting: boolean;
  /**
   * Called by the HTTP server for each request before the app sees it: false when it was
   * refused here (a 503 on a connection opened after shutdown began).
   */
  admit(request: IncomingMessage, response: ServerResponse): boolean;
  /** Starts the shutdown (what the signals call); resolves when every connection is closed. */
  shutdown(reason: string): Promise<void>;
}

export interface ShutdownOptions {
  log?: (line: string) => void;
  /** Listen for SIGTERM and SIGINT and exit 0 once closed (the default); tests drive shutdown() instead. */
  signals?: boolean;
  /** Runs once the last connection is closed, before the exit on a signal (closing the change log, say). */
  onClosed?: () => Promise<void>;
}

export function installGracefulShutdown(
  server: Server,
  graceMs: number,
  { log = console.error, signals = true, onClosed }: ShutdownOptions = {},
): ShutdownHandle {
  let closing: Promise<void> | null = null;
  /** Connections opened once the backlog at the signal is taken: their requests get a 503. */
  let refusing = false;
  let listening = true;
  const late = new WeakSet<Socket>();
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | null = null;
  /** Connections and requests taken in to be answered: settle() waits until they stop arriving. */
  let arrivals = 0;
  server.on('connection', (socket: Socket) => {
    if (refusing) late.add(socket);
    else arrivals++;
  });
  const handle: ShutdownHandle = {
    get accepting() {
      return closing === null;
    },
    admit(request, response) {
      if (closing && late.has(request.socket)) {
        // Kept alive while the listener is open: a client that reconnected at once would find its
        // new connection reset when the listener closes. Once it is closed, Connection: close.
        if (!listening) response.shouldKeepAlive = false;
        const text = JSON.stringify({
          errors: [{ message: 'The server is shutting down: retry shortly', extensions: { code: 'SHUTTING_DOWN' } }],
        });
        response.writeHead(503, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
          'retry-after': '1',
        });
        response.end(text);
        return false;
      }
      // Answered, then closed: the client reconnects elsewhere.
      if (closing) response.shouldKeepAlive = false;
      arrivals++;
      inFlight.add(response);
      response.once('close', () => {
        arrivals++; // its client may reconnect at once: let that connection in before the listener closes
        inFlight.delete(response);
        if (inFlight.size === 0) drained?.();
      });
      return true;
    },
    shutdown(reason) {
      closing ??= (async () => {
        log(`papergraph: ${reason}: closing, in-flight requests have ${graceMs} ms to finish`);
        // Each response not yet begun tells its client to reconnect elsewhere, and closes after.
        for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
        let forced = false;
        const until = performance.now() + graceMs;
        const force = setTimeout(() => {
          forced = true;
          log(`papergraph: grace period over: closing ${inFlight.size} unanswered request(s) and the remaining connections`);
          drained?.();
          server.closeAllConnections();
        }, graceMs);
        // Requests already sent may wait in the listen backlog or unread on a connection: take them in.
        // Node takes one waiting connection per turn of a busy event loop: this may take a while.
        await settle(() => arrivals, Math.min(until, performance.now() + Math.min(graceMs / 2, 3000)));
        refusing = true;
        // Keep listening (new connections get a 503, not a reset) until the last request is answered.
        while (!forced) {
          if (inFlight.size > 0) await new Promise<void>((resolve) => (drained = resolve));
          await settle(() => arrivals, until);
          if (inFlight.size === 0) break;
        }
        // Idle keep-alive connections end by their keep-alive timeout (or after one more answer).
        listening = false;
        await new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
        clearTimeout(force);
        try {
          await onClosed?.();
        } catch (e) {
          log(`papergraph: while closing: ${(e as Error).message}`);
        }
      })();
      return closing;
    },
  };
  if (signals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void handle.shutdown(signal).then(() => process.exit(0));
      });
    }
  }
  return handle;
}

/**
 * Lets the event loop take in what clients have sent already: connections waiting in the listen
 * backlog (closing the listener would reset them) and request bytes not read yet. Resolves after
 * two turns of the loop in a row (and 50 ms) in which no connection and no request arrived and no
 * answer went out (its client may reconnect at once), or at `until`.
 */
function settle(arrivals: () => number, until: number): Promise<void> {
  return new Promise((resolve) => {
    const earliest = performance.now() + 50;
    let quiet = 0;
    let seen = arrivals();
    const turn = () => {
      quiet = arrivals() === seen ? quiet + 1 : 0;
      seen = arrivals();
      const now = performance.now();
      if ((quiet >= 2 && now >= earliest) || now >= until) return resolve();
      // setImmediate runs right after the poll phase, where connections are accepted and sockets read.
      if (now < earliest) setTimeout(turn, 5);
      else setImmediate(turn);
    };
    setImmediate(turn);
  });
}
