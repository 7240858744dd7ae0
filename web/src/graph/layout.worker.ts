// ForceAtlas2 off the main thread: the screen sends the graph as the layout's own byte arrays
// (10 floats per node, 3 per edge, as graphology-layout-forceatlas2 lays them out), this worker
// iterates in small batches and posts the positions after each, so the drawing settles in front
// of the reader while the page stays responsive. A new message replaces the run in progress.
// A module worker that Vite bundles into /assets: same origin, so the CSP's script-src 'self'
// allows it (the package's own worker is a blob: URL, which that policy refuses).

// @ts-expect-error: the package's iterate step has no types of its own
import iterate from 'graphology-layout-forceatlas2/iterate.js';

export interface LayoutRequest {
  run: number;
  nodes: Float32Array;
  edges: Float32Array;
  iterations: number;
  settings: Record<string, number | boolean>;
}

export interface LayoutUpdate {
  run: number;
  /** x, y of each node in the order sent. */
  positions: Float32Array;
  done: boolean;
}

const PPN = 10;
/** Positions are posted about this many times per run (each one is a full redraw of the graph). */
const UPDATES = 8;
let current = 0;

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { run, nodes, edges, iterations, settings } = event.data;
  current = run;
  let left = iterations;
  // Past 1,000 nodes a redraw of the whole graph is a long task (hundreds of ms with software
  // WebGL): the layout then moves the nodes once, when it is done.
  const updates = nodes.length / PPN > 1000 ? 1 : UPDATES;
  const batch = Math.max(5, Math.ceil(iterations / updates));
  const step = () => {
    if (current !== run) return;
    const n = Math.min(batch, left);
    for (let i = 0; i < n; i++) iterate(settings, nodes, edges);
    left -= n;
    const positions = new Float32Array((nodes.length / PPN) * 2);
    for (let i = 0, j = 0; i < nodes.length; i += PPN, j += 2) {
      positions[j] = nodes[i];
      positions[j + 1] = nodes[i + 1];
    }
    (self as unknown as Worker).postMessage({ run, positions, done: left <= 0 } satisfies LayoutUpdate, [positions.buffer]);
    if (left > 0) setTimeout(step, 0);
  };
  step();
};
