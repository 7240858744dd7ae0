// Where a command's graph comes from (server/graph-source.ts), with the CLI's progress display.

import { type GraphSourceOptions, type LoadedGraph, loadGraph as loadGraphOf } from '../server/graph-source.js';
import { startProgress } from './progress.js';

export type { GraphSourceOptions, LoadedGraph } from '../server/graph-source.js';

export function loadGraph(options: GraphSourceOptions): LoadedGraph {
  return loadGraphOf(options, startProgress);
}
