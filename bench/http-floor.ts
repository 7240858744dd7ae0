// The floor: a bare node:http server that runs the same operations with graphql-jit and direct
// resolvers (floor-resolvers.ts) over the same store. No framework, no plugins, no validation
// after the first request of a document: what the operations cost with nothing else around them.

import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GraphStore } from '../src/store/graph-store.js';
import { floorSchema, type FloorContext } from './floor-resolvers.js';

interface Body {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

function compile(schema: GraphQLSchema, query: string, operationName: string | undefined): CompiledQuery | { errors: readonly Error[] } {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return { errors: [error as Error] };
  }
  const errors = validate(schema, document);
  if (errors.length) return { errors };
  const compiled = compileQuery(schema, document, operationName);
  return isCompiledQuery(compiled) ? compiled : { errors: compiled.errors ?? [new Error('graphql-jit could not compile the operation')] };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The floor's request handler over `store`. */
export function floorHandler(store: GraphStore): RequestListener {
  const schema = floorSchema();
  const compiled = new Map<string, CompiledQuery | { errors: readonly Error[] }>();
  const context: FloorContext = { store };
  const handle = async (req: IncomingMessage, res: ServerResponse, text: string) => {
    const { query = '', variables, operationName } = JSON.parse(text) as Body;
    let operation = compiled.get(query);
    if (!operation) compiled.set(query, (operation = compile(schema, query, operationName)));
    if ('errors' in operation) return send(res, 400, JSON.stringify({ errors: operation.errors.map((e) => ({ message: e.message })) }));
    const result = await operation.query(undefined, context, variables ?? {});
    send(res, 200, operation.stringify(result));
  };
  return (req, res) => {
    if (req.method !== 'POST') return send(res, 405, '{"errors":[{"message":"POST only"}]}');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: Error) =>
        send(res, 500, JSON.stringify({ errors: [{ message: error.message }] })),
      );
    });
  };
}

/** The floor alone on 127.0.0.1 (a free port), once it listens. */
export async function startFloor(store: GraphStore): Promise<Server> {
  const server = createServer(floorHandler(store));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
