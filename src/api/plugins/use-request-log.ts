// One JSON line per request: request id (from x-request-id or a new one, echoed back),
// operation name, cost, status, errors and duration.

import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { costOfRequest } from './use-query-cost.js';

export function useRequestLog(write: (line: string) => void): Plugin {
  const started = new WeakMap<Request, { id: string; at: number }>();
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      started.set(request, { id: given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID(), at: performance.now() });
    },
    onParams({ params, request }) {
      (request as Request & { operationName?: string }).operationName = params.operationName ?? undefined;
    },
    onResponse({ request, response, serverContext }) {
      const entry = started.get(request);
      if (!entry) return;
      response.headers.set('x-request-id', entry.id);
      const url = new URL(request.url, 'http://localhost');
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          requestId: entry.id,
          method: request.method,
          path: url.pathname,
          operationName: (request as Request & { operationName?: string }).operationName ?? null,
          cost: costOfRequest.get(request) ?? null,
          status: response.status,
          durationMs: Math.round((performance.now() - entry.at) * 100) / 100,
          client: (serverContext as { req?: { socket?: { remoteAddress?: string } } })?.req?.socket?.remoteAddress ?? null,
        }),
      );
    },
  };
}
