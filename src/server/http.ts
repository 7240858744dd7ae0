// The HTTP server in front of the app: timeouts and connection caps that keep slow or flooding
// clients from holding sockets, and a gate that answers malformed requests with a 400 (and a log
// line) before the fetch adapter would turn them into a 500 with a stack.

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
}

export function createHttpServer(app: RequestListener, { limits: given, log = null, admit = () => true }: HttpServerOptions = {}): Server {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...given };
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
