// GraphQL over WebSocket (the graphql-ws protocol) on the HTTP server's /graphql: subscriptions
// for clients that prefer a socket to server-sent events. Every operation goes through the same
// envelop pipeline as HTTP (parse limits, validation, cost, execution plugins) and the same
// context (the key, when reads are closed, is `connectionParams.authorization`).

import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { keyFromAuthorization } from './auth.js';
import type { PapergraphApp } from './yoga.js';

export interface WebSocketOptions {
  /** Largest message a client may send (bytes); the same bound as an HTTP body by default. */
  maxPayloadBytes?: number;
  /** Operations a connection may have running at once. */
  maxOperationsPerConnection?: number;
}

export interface WebSocketHandle {
  /** Closes every socket (code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
  /** Open sockets. */
  readonly clients: number;
}

interface Enveloped {
  schema: ExecutionArgs['schema'];
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  contextFactory: () => Promise<unknown> | unknown;
  parse: (source: string) => ExecutionArgs['document'];
  validate: (schema: ExecutionArgs['schema'], document: ExecutionArgs['document']) => readonly GraphQLError[];
}

export function attachWebSockets(httpServer: Server, app: PapergraphApp, options: WebSocketOptions = {}): WebSocketHandle {
  const maxOperations = options.maxOperationsPerConnection ?? 100;
  const wss = new WebSocketServer({ server: httpServer, path: app.graphqlEndpoint, maxPayload: options.maxPayloadBytes ?? 100_000 });
  const running = new WeakMap<object, number>();
  useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      // A malformed key closes the connection at once (4403), as a malformed header is a 401 over HTTP.
      onConnect: (ctx) => {
        const given = ctx.connectionParams?.authorization;
        if (given === undefined) return true;
        try {
          keyFromAuthorization(typeof given === 'string' ? given : String(given));
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const socket = ctx.extra.socket;
        const count = (running.get(socket) ?? 0) + 1;
        if (count > maxOperations) return [graphqlError(`at most ${maxOperations} operations may run at once on one connection`)];
        const enveloped = app.getEnveloped({
          req: ctx.extra.request,
          socket,
          connectionParams: ctx.connectionParams ?? {},
          params: payload,
        }) as unknown as Enveloped;
        let document: ExecutionArgs['document'];
        let contextValue: unknown;
        try {
          document = enveloped.parse(payload.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length) return errors;
          contextValue = await enveloped.contextFactory();
        } catch (error) {
          return [asGraphQLError(error)];
        }
        running.set(socket, count);
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables ?? undefined,
          contextValue,
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        } as ExecutionArgs;
      },
      onComplete: (ctx) => {
        const socket = ctx.extra.socket;
        running.set(socket, Math.max(0, (running.get(socket) ?? 1) - 1));
      },
    },
    wss,
  );
  return {
    get clients() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}

/** Errors of parse or of the context (a malformed Authorization) go to the client as they are; others by message only. */
function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return graphqlError(error instanceof Error ? error.message : String(error));
}

function graphqlError(message: string): GraphQLError {
  return new GraphQLError(message);
}
