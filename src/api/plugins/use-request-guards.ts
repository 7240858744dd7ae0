// Cheap checks before any parsing: the method (405), the body size a request declares (413), and
// a per-client rate limit (a fixed window per address; each operation of a batch counts). Each
// answers at once with a 4xx and a JSON error. A body that declares no size is counted as it is
// read (413 too). Parameters that are not JSON are a 400. Media types are lower-cased for yoga.
//
// This replaces yoga's maxRequestBodySize, which pipes every body through a counting stream. A
// declared length needs no counting: Node's HTTP parser reads no more than the content-length
// says (the rest would be the next request on the connection).

import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface RequestGuardOptions {
  maxBodyBytes: number;
  rateLimit: { requests: number; windowMs: number };
  /** The client's address, from the server adapter; requests without one share a bucket. */
  clientOf?: (request: Request, serverContext: Record<string, unknown>) => string;
}

/** The methods served; anything else is a 405 with an Allow header. */
const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';
const ALLOWED = new Set(ALLOWED_METHODS.split(', '));

export function useRequestGuards(options: RequestGuardOptions): Plugin {
  const windows = new Map<string, { start: number; count: number }>();
  const clientOf = options.clientOf ?? ((_r, server) => addressOf(server) ?? 'unknown');
  /** Counts `n` requests for the client; the seconds until its window ends when that is over the limit, else null. */
  const charge = (client: string, n: number): number | null => {
    const { requests, windowMs } = options.rateLimit;
    const now = Date.now();
    let window = windows.get(client);
    if (!window || now - window.start >= windowMs) {
      if (windows.size > 100_000) windows.clear(); // bound memory under address floods
      windows.set(client, (window = { start: now, count: 0 }));
    }
    window.count += n;
    return window.count > requests ? Math.ceil((window.start + windowMs - now) / 1000) : null;
  };
  const rateLimited = (retry: number) =>
    `Rate limit: ${options.rateLimit.requests} requests per ${options.rateLimit.windowMs / 1000} s; retry in ${retry} s`;
  return {
    onRequest({ request, serverContext, endResponse, fetchAPI }) {
      const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
            status,
            headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
          }),
        );
      if (!ALLOWED.has(request.method)) {
        return refuse(405, 'METHOD_NOT_ALLOWED', `Method ${request.method} is not allowed: use ${ALLOWED_METHODS}`, {
          allow: ALLOWED_METHODS,
        });
      }
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > options.maxBodyBytes) {
        return refuse(413, 'REQUEST_TOO_LARGE', `Request body is ${length} bytes; the most accepted is ${options.maxBodyBytes}`);
      }
      if (options.rateLimit.requests > 0) {
        const retry = charge(clientOf(request, serverContext as Record<string, unknown>), 1);
        if (retry !== null) return refuse(429, 'RATE_LIMITED', rateLimited(retry), { 'retry-after': String(retry) });
      }
      // Media types are case-insensitive (RFC 9110 8.3.1); yoga compares them as written.
      lowerMediaTypes(request.headers);
    },
    onResponse({ request, response }) {
      // A chunked body refused part-way is left unread on the connection: close it, or a client
      // that reuses it waits on a connection nobody reads. (Node drains a declared-length body.)
      if (response.status === 413 && !request.headers.has('content-length')) response.headers.set('connection', 'close');
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const declared = request.headers.get('content-length');
      // Only one non-negative integer is a length (comma-joined values are a smuggling attempt).
      if (declared !== null && !/^\d+$/.test(declared)) {
        throw createGraphQLError('Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
      }
      if (!requestParser) return;
      const parse = requestParser;
      const counted = declared === null && request.body !== null;
      setRequestParser(async (request) => {
        const tooLarge = { seen: false };
        try {
          return await parse(counted ? limitedBody(request, options.maxBodyBytes, fetchAPI, tooLarge) : request);
        } catch (error) {
          // The multipart parser reports any failure of the body as a 400: the size is what failed.
          if (tooLarge.seen) throw bodyTooLarge();
          // Yoga's GET, form and multipart parsers JSON.parse `variables` and `extensions` unguarded.
          if (!(error instanceof SyntaxError)) throw error;
          throw createGraphQLError(`Request parameters are not valid JSON: ${error.message}`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
      return {
        // Each operation of a batch counts against the rate limit (the request counted one already).
        onRequestParseDone({ requestParserResult }) {
          if (options.rateLimit.requests <= 0 || !Array.isArray(requestParserResult) || requestParserResult.length < 2) return;
          const retry = charge(clientOf(request, serverContext as Record<string, unknown>), requestParserResult.length - 1);
          if (retry !== null) {
            throw createGraphQLError(`${rateLimited(retry)} (a batch counts each of its ${requestParserResult.length} operations)`, {
              extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(retry) } } },
            });
          }
        },
      };
    },
  };
}

/** Lower-cases the media types of Content-Type and Accept (not their parameters: a multipart boundary is case-sensitive). */
function lowerMediaTypes(headers: Headers): void {
  const type = headers.get('content-type');
  if (type !== null && /[A-Z]/.test(type))
    headers.set(
      'content-type',
      type.replace(/^[^;]*/, (m) => m.trim().toLowerCase()),
    );
  const accept = headers.get('accept');
  if (accept !== null && /[A-Z]/.test(accept))
    headers.set(
      'accept',
      accept
        .split(',')
        .map((range) => range.replace(/^[^;]*/, (m) => m.trim().toLowerCase()))
        .join(','),
    );
}

const bodyTooLarge = () =>
  createGraphQLError('Request body too large', { extensions: { code: 'REQUEST_TOO_LARGE', http: { status: 413 } } });

function addressOf(serverContext: Record<string, unknown>): string | undefined {
  const req = serverContext.req as { socket?: { remoteAddress?: string } } | undefined;
  return req?.socket?.remoteAddress;
}

/** The request with a body that fails once more than `limit` bytes have been read (as yoga's maxRequestBodySize does). */
function limitedBody(
  request: Request,
  limit: number,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
  tooLarge: { seen: boolean },
): Request {
  // A native stream cannot be piped into the ponyfill's TransformStream (graphql-yoga#4583).
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let read = 0;
  const body = request.body!.pipeThrough(
    new Transform({
      transform(chunk: Uint8Array, controller) {
        read += chunk.byteLength;
        if (read > limit) {
          tooLarge.seen = true;
          controller.error(bodyTooLarge());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}
