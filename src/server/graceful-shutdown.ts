// On SIGTERM or SIGINT: stop accepting connections, report not ready, let in-flight requests
// finish within a grace period, then cut what is left and exit 0.

import type { Server } from 'node:http';

export interface ShutdownHandle {
  /** False once shutdown has begun: /ready answers 503 from then on. */
  readonly accepting: boolean;
  /** Starts the shutdown (what the signals call); resolves when the server is closed. */
  shutdown(reason: string): Promise<void>;
}

export function installGracefulShutdown(server: Server, graceMs: number, log: (line: string) => void = console.error): ShutdownHandle {
  let closing: Promise<void> | null = null;
  const handle: ShutdownHandle = {
    get accepting() { return closing === null; },
    shutdown(reason) {
      closing ??= new Promise<void>((resolve) => {
        log(`papergraph: ${reason}: closing, in-flight requests have ${graceMs} ms to finish`);
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => { clearTimeout(force); resolve(); });
        // Keep-alive connections with no request in flight would hold close() open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
  // A keep-alive connection whose request finishes while closing would sit idle until the grace
  // period cuts it: close each one as soon as its last response is out.
  server.on('request', (_request, response) => {
    response.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void handle.shutdown(signal).then(() => process.exit(0));
    });
  }
  return handle;
}
