// The flags of `papergraph serve` and `npm start`, parsed without loading the API.

import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import type { GraphSourceOptions } from './graph-source.js';

export interface ServeOptions extends GraphSourceOptions {
  port?: number;
  host?: string;
  /** The data directory (change log, keys, snapshots); default PAPERGRAPH_DATA_DIR, else ./papergraph-data. */
  dataDir?: string;
  /** Serving processes on the port (server/cluster.ts); default PAPERGRAPH_WORKERS, else the profile's (config.ts). */
  workers?: number;
}

export const DEFAULT_PORT = 4000;
export const DEFAULT_HOST = '127.0.0.1';

/** `npm start -- --snapshot graph.pgs --port 4001`: the same flags as `papergraph serve`. */
export function serveOptionsFromArgs(args: string[]): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        snapshot: { type: 'string' },
        data: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        workers: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    snapshot: values.snapshot,
    data: values.data,
    dataDir: values['data-dir'],
    host: values.host,
    port: portFrom(values.port, '--port'),
    workers: workersFrom(values.workers, '--workers'),
  };
}

/** A number of workers from a flag: a whole number from 1 to 1024. */
export function workersFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers < 1 || workers > 1024)
    throw new UsageError(`${name} must be a number of processes from 1 to 1024, not "${value}"`);
  return workers;
}

/** A port from a flag or the environment; `name` says which in the error. */
export function portFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${name} must be a port number from 0 to 65535, not "${value}"`);
  return port;
}
