// Long executions take turns: per client (by address) and in all, only so many go on at once;
// the others wait, queued in arrival order, until one ends. They are not refused: a queued
// request still answers, or times out with EXECUTION_TIMEOUT (its time limit keeps running).
//
// A request is "long" once it has used GATE_AFTER_MS of the event loop (see Deadline in
// ../context.ts): it is admitted here then, the next time it gives way. Cheap requests — nearly
// all — never get there, never queue, and pay nothing but one closure. What keeps them fast
// while long ones run is the slice queue in ../context.ts (the request that has used least goes
// first); this limit bounds how many long executions share the server — their memory, and how
// thin each one's share gets — so that one client's flood runs a few at a time instead of all
// at once, each then finishing within its time limit rather than all timing out together.
//
// The operations of a batched request run one after another (a batch is one client's request,
// not ten clients'), each with its own time limit.
//
// This plugin must come after use-execution-timeout.ts: it wraps that plugin's executor, so a
// request that times out (running or queued) gives up its turn as it answers.

import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

export interface ClientConcurrencyOptions {
  /** Long executions one client may run at once. */
  perClient: number;
  /** Long executions running at once in all. */
  total: number;
}

export const DEFAULT_CLIENT_CONCURRENCY: ClientConcurrencyOptions = { perClient: 2, total: 4 };

export function useClientConcurrency(options: ClientConcurrencyOptions = DEFAULT_CLIENT_CONCURRENCY): Plugin {
  const turns = new Turns(options);
  /** The last operation of each batched HTTP request: its operations run one after another. */
  const lastOfBatch = new WeakMap<object, Promise<unknown>>();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as Partial<Context> & { req?: { socket?: { remoteAddress?: string } }; request?: object };
      const deadline = context.loaders?.deadline;
      if (!deadline) return;
      const client = context.req?.socket?.remoteAddress ?? 'unknown';
      let turn: Turn | null = null;
      deadline.gate = () => (turn = turns.enter(client)).admitted;
      const run = (executeArgs: Parameters<typeof executeFn>[0]) => {
        const execution = executeFn(executeArgs);
        if (!isPromise(execution)) return execution;
        return execution.finally(() => {
          if (turn) turns.leave(turn);
          deadline.gate = null;
        });
      };
      setExecuteFn((executeArgs: Parameters<typeof executeFn>[0]) => {
        const request = context.request;
        const before = request && lastOfBatch.get(request);
        const execution = before ? before.then(() => run(executeArgs)) : run(executeArgs);
        if (request && isPromise(execution))
          lastOfBatch.set(
            request,
            execution.catch(() => undefined),
          );
        return execution;
      });
    },
  };
}

export interface Turn {
  client: string;
  admitted: Promise<void>;
  admit: () => void;
  state: 'waiting' | 'running' | 'done';
}

/** Who runs: at most `perClient` per client and `total` in all; the first waiting that may, goes. */
export class Turns {
  private running = 0;
  private readonly runningByClient = new Map<string, number>();
  private queue: Turn[] = [];

  constructor(private readonly limits: ClientConcurrencyOptions) {}

  enter(client: string): Turn {
    let admit!: () => void;
    const admitted = new Promise<void>((resolve) => (admit = resolve));
    const turn: Turn = { client, admitted, admit, state: 'waiting' };
    this.queue.push(turn);
    this.admit();
    return turn;
  }

  leave(turn: Turn): void {
    if (turn.state === 'running') {
      this.running--;
      const left = this.runningByClient.get(turn.client)! - 1;
      if (left) this.runningByClient.set(turn.client, left);
      else this.runningByClient.delete(turn.client);
    } else if (turn.state === 'waiting') {
      this.queue = this.queue.filter((t) => t !== turn);
    }
    turn.state = 'done';
    this.admit();
  }

  private admit(): void {
    for (let k = 0; k < this.queue.length && this.running < this.limits.total; ) {
      const turn = this.queue[k];
      const ofClient = this.runningByClient.get(turn.client) ?? 0;
      if (ofClient >= this.limits.perClient) {
        k++;
        continue;
      }
      this.queue.splice(k, 1);
      this.running++;
      this.runningByClient.set(turn.client, ofClient + 1);
      turn.state = 'running';
      turn.admit();
    }
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
