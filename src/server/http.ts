// The HTTP server in front of the app: timeouts and connection caps that keep slow or flooding
// clients from holding sockets, and a gate that answers malformed requests with a 400 (and a log
// line) before the fetch adapter would turn them into a 500 with a stack; and compression of
// large answers (gzip or brotli, as Accept-Encoding asks).

import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpLimits {
  /** Time to receive a request's headers (slowloris). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (a body declared but not sent). Execution is not counted. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open (announced in `Keep-Alive: timeout=`). */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (its default, 30 s, let them run 30 s late). */
  checkIntervalMs: number;
  /** Open connections in all; over it a new connection gets a 503 and is closed. */
  maxConnections: number;
  /** Open connections from one address (0: no cap; behind a proxy every client shares one). */
  maxConnectionsPerClient: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 8_192,
  maxConnectionsPerClient: 4_096,
};

export interface HttpServerOptions {
  limits?: Partial<HttpLimits>;
  /** Where refusals are logged as JSON lines (the request log); null: quiet. */
  log?: ((line: string) => void) | null;
  /** Asked before the app sees a request; false when it has answered it itself (shutdown). */
  admit?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** Compression of JSON answers; false: never. */
  compression?: Partial<CompressionOptions> | false;
}

export interface CompressionOptions {
  /** Answers smaller than this (bytes) go as they are: compressing them saves less than it costs. */
  minBytes: number;
  /** Brotli quality, 0–11 (11 is for static files: too slow for answers made per request). */
  brotliQuality: number;
  /** gzip level, 1–9. */
  gzipLevel: number;
}

export const DEFAULT_COMPRESSION: CompressionOptions = { minBytes: 1024, brotliQuality: 4, gzipLevel: 6 };

export function createHttpServer(
  listener: RequestListener,
  { limits: given, log = null, admit = () => true, compression = {} }: HttpServerOptions = {},
): Server {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...given };
  const app = compression ? compressing(listener, { ...DEFAULT_COMPRESSION, ...compression }) : listener;
  const refused = new WeakSet<Socket>();
  const server = createServer({ connectionsCheckingInterval: limits.checkIntervalMs }, (request, response) => {
    if (refused.has(request.socket)) return; // over the connection cap: answered already
    const problem = targetProblem(request);
    if (problem === null) return void (admit(request, response) && app(request, response));
    logLine(log, {
      event: 'bad-request',
      status: 400,
      method: request.method,
      target: request.url?.slice(0, 200),
      host: request.headers.host?.slice(0, 200),
      reason: problem,
      client: request.socket.remoteAddress,
    });
    refuse(response, 400, problem);
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;

  const perClient = new Map<string, number>();
  let open = 0;
  // Before http's own listener, so a refused connection is marked before any request on it.
  server.prependListener('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? '';
    const fromClient = (perClient.get(client) ?? 0) + 1;
    const overClient = limits.maxConnectionsPerClient > 0 && fromClient > limits.maxConnectionsPerClient;
    if (open + 1 > limits.maxConnections || overClient) {
      refused.add(socket);
      logLine(log, {
        event: 'connection-refused',
        status: 503,
        reason: overClient ? 'too many connections from this address' : 'too many connections',
        client,
      });
      // A response, not a reset; the socket closes once written (or after a second at most).
      socket.end(rawResponse(503, 'Too many open connections; retry later', { 'retry-after': '1' }));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    open++;
    perClient.set(client, fromClient);
    socket.once('close', () => {
      open--;
      const left = (perClient.get(client) ?? 1) - 1;
      if (left === 0) perClient.delete(client);
      else perClient.set(client, left);
    });
  });

  // Node's own answers to what its parser refuses (400, 408 on a timeout, 431), logged.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: answer only if no response on this socket has begun, or the peer would read a corrupt stream.
    const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) return void socket.destroy();
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    logLine(log, { event: 'client-error', status, reason: error.code ?? error.message, client: socket.remoteAddress });
    socket.end(rawResponse(status, status === 408 ? 'Request not received in time' : 'Malformed HTTP request'));
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  return server;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** What is compressed: single JSON answers (incremental and event-stream answers go part by part, as they come). */
const COMPRESSIBLE = /^application\/(graphql-response\+)?json\b/i;

/**
 * The listener, with its JSON answers compressed when the client accepts br or gzip and the
 * answer is at least `minBytes`. Such an answer is written by the fetch adapter in one piece:
 * its head is held back until its end, then the body is compressed off the event loop (zlib's
 * thread pool) and sent with Content-Encoding and Content-Length. Any other answer passes as
 * it is written. `Vary: Accept-Encoding` is on every JSON answer, compressed or not.
 */
function compressing(app: RequestListener, options: CompressionOptions): RequestListener {
  return (request, response) => {
    const encoding = request.method === 'HEAD' ? null : encodingFor(request.headers['accept-encoding']);
    const original = response.writeHead;
    const writeHead = original as (this: ServerResponse, status: number, statusText?: string) => ServerResponse;
    response.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
      response.writeHead = original;
      const statusText = typeof rest[0] === 'string' ? rest[0] : undefined;
      const headers = typeof rest[0] === 'string' ? rest[1] : rest[0];
      if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
        for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value as string);
      }
      const type = String(response.getHeader('content-type') ?? '');
      if (!COMPRESSIBLE.test(type) || response.hasHeader('content-encoding')) {
        return statusText === undefined ? writeHead.call(response, status) : writeHead.call(response, status, statusText);
      }
      const vary = response.getHeader('vary');
      response.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      if (encoding === null || status < 200 || status === 204 || status === 304) {
        return statusText === undefined ? writeHead.call(response, status) : writeHead.call(response, status, statusText);
      }
      // Held: the body's size decides.
      const chunks: Buffer[] = [];
      const write = response.write;
      const end = response.end as (this: ServerResponse, chunk?: unknown) => ServerResponse;
      const head = () => (statusText === undefined ? writeHead.call(response, status) : writeHead.call(response, status, statusText));
      response.write = ((chunk: string | Uint8Array, ...args: unknown[]) => {
        if (chunk != null) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
        const callback = args.find((a) => typeof a === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as ServerResponse['write'];
      response.end = ((chunk?: unknown, ...args: unknown[]) => {
        if (chunk != null && typeof chunk !== 'function')
          chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
        response.write = write;
        response.end = end as ServerResponse['end'];
        const body = Buffer.concat(chunks);
        const send = (payload: Buffer, coding: string | null) => {
          if (coding) response.setHeader('content-encoding', coding);
          response.setHeader('content-length', payload.length);
          head();
          end.call(response, payload);
        };
        if (body.length < options.minBytes) send(body, null);
        else
          (encoding === 'br'
            ? brotliAsync(body, {
                params: { [zlib.BROTLI_PARAM_QUALITY]: options.brotliQuality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
              })
            : gzipAsync(body, { level: options.gzipLevel })
          ).then(
            (compressed) => send(compressed, encoding),
            () => send(body, null),
          );
        return response;
      }) as ServerResponse['end'];
      return response;
    } as ServerResponse['writeHead'];
    return app(request, response);
  };
}

/** br or gzip, the one the client prefers (br on a tie), or null; `q=0` refuses a coding. */
export function encodingFor(header: string | string[] | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  let best: 'br' | 'gzip' | null = null;
  let bestQ = 0;
  const wildcard = { q: 0 };
  const given: Record<string, number> = {};
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (name === '*') wildcard.q = q;
    else given[name] = q;
  }
  for (const coding of ['br', 'gzip'] as const) {
    const q = given[coding] ?? (coding === 'gzip' && given['x-gzip'] !== undefined ? given['x-gzip'] : wildcard.q);
    if (q > bestQ) (best = coding), (bestQ = q);
  }
  return best;
}

const validHosts = new Set<string>();

/**
 * Why the fetch adapter could not make a URL of this request (it joins `http://` + Host + target),
 * or null. Only origin-form targets (`/graphql?…`) are served: absolute-form
 * (`http://x/graphql`), authority-form and `*` are refused.
 */
function targetProblem(request: IncomingMessage): string | null {
  const target = request.url ?? '';
  if (!target.startsWith('/')) return 'The request target must be a path such as /graphql (not absolute-form or *)';
  const host = request.headers.host;
  if (host === undefined || validHosts.has(host)) return null;
  try {
    new URL(`http://${host}/`);
  } catch {
    return 'The Host header is not a valid host';
  }
  if (validHosts.size < 1000) validHosts.add(host);
  return null;
}

function body(message: string, status: number): string {
  const code =
    status === 400 ? 'BAD_REQUEST' : status === 408 ? 'REQUEST_TIMEOUT' : status === 431 ? 'HEADERS_TOO_LARGE' : 'SERVICE_UNAVAILABLE';
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

function refuse(response: ServerResponse, status: number, message: string): void {
  const text = body(message, status);
  response.shouldKeepAlive = false;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/** A whole HTTP/1.1 response as text, for sockets that the HTTP machinery does not answer. */
function rawResponse(status: number, message: string, headers: Record<string, string> = {}): string {
  const text = body(message, status);
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status]}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(text)}`,
    'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${text}`;
}

function logLine(log: ((line: string) => void) | null, fields: Record<string, unknown>): void {
  log?.(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}
