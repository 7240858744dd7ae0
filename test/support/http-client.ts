// A real HTTP server (server/http.ts) around an app, and a raw client (node:http, which neither
// decompresses nor caches): what goes over the wire is what the test sees.

import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHttpServer, type HttpServerOptions } from '../../src/server/http.js';
import type { PapergraphApp } from '../../src/api/yoga.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as received (compressed when Content-Encoding says so). */
  body: Buffer;
}

export interface Served {
  port: number;
  get(params: Record<string, unknown>, headers?: Record<string, string>): Promise<RawResponse>;
  post(body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export async function serveOverHttp(app: PapergraphApp, options: HttpServerOptions = {}): Promise<Served> {
  const server: Server = createHttpServer(app, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    port,
    get(params, headers = {}) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      return send('GET', `/graphql?${search}`, { accept: 'application/graphql-response+json', ...headers });
    },
    post(body, headers = {}) {
      return send(
        'POST',
        '/graphql',
        { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        JSON.stringify(body),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The body as JSON. */
export function json<T = any>(response: RawResponse): T {
  return JSON.parse(response.body.toString('utf8')) as T;
}
