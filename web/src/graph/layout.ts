// Runs ForceAtlas2 in the layout worker over the graph drawn and writes the positions back as
// they come (one graph event per batch, which sigma draws on its next frame).

import type { LayoutRequest, LayoutUpdate } from './layout.worker';
import type { ExplorerGraph } from './model';

const PPN = 10;
const PPE = 3;

export interface Layout {
  /** Lays the whole graph out again from where its nodes are (nodes in `pinned` stay put). */
  run(graph: ExplorerGraph, pinned?: ReadonlySet<string>): void;
  stop(): void;
  dispose(): void;
}

export function createLayout(onSettled?: () => void): Layout {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null; // no workers: the rings of the seed layout stay
  }
  let run = 0;
  let keys: string[] = [];
  let target: ExplorerGraph | null = null;
  if (worker) {
    worker.onmessage = (event: MessageEvent<LayoutUpdate>) => {
      const { positions, done } = event.data;
      if (event.data.run !== run || !target) return;
      const index = new Map(keys.map((k, i) => [k, i]));
      target.updateEachNodeAttributes(
        (key, attributes) => {
          const i = index.get(key);
          if (i === undefined) return attributes;
          attributes.x = positions[2 * i];
          attributes.y = positions[2 * i + 1];
          return attributes;
        },
        { attributes: ['x', 'y'] },
      );
      if (done) onSettled?.();
    };
  }
  return {
    run(graph, pinned) {
      if (!worker || graph.order < 2) return void onSettled?.();
      run += 1;
      target = graph;
      keys = graph.nodes();
      const index = new Map(keys.map((k, i) => [k, i]));
      const nodes = new Float32Array(keys.length * PPN);
      keys.forEach((key, i) => {
        const a = graph.getNodeAttributes(key);
        const j = i * PPN;
        nodes[j] = a.x;
        nodes[j + 1] = a.y;
        nodes[j + 6] = 1; // mass: 1 + degree in the drawing (added below)
        nodes[j + 7] = 1;
        nodes[j + 8] = a.size;
        nodes[j + 9] = pinned?.has(key) ? 1 : 0;
      });
      const edges = new Float32Array(graph.size * PPE);
      let e = 0;
      graph.forEachEdge((_, __, source, target) => {
        const s = index.get(source)! * PPN;
        const t = index.get(target)! * PPN;
        nodes[s + 6] += 1;
        nodes[t + 6] += 1;
        edges[e] = s;
        edges[e + 1] = t;
        edges[e + 2] = 1;
        e += PPE;
      });
      const order = keys.length;
      // Fewer iterations for bigger graphs: each costs O(n log n) with Barnes-Hut.
      const iterations = order > 1500 ? 60 : order > 500 ? 100 : 200;
      const request: LayoutRequest = {
        run,
        nodes,
        edges,
        iterations,
        settings: {
          linLogMode: false,
          outboundAttractionDistribution: false,
          adjustSizes: false,
          edgeWeightInfluence: 1,
          scalingRatio: 10,
          strongGravityMode: true,
          gravity: 0.05,
          slowDown: 1 + Math.log(order),
          barnesHutOptimize: order > 300,
          barnesHutTheta: 0.6,
        },
      };
      worker.postMessage(request, [nodes.buffer, edges.buffer]);
    },
    stop() {
      run += 1;
    },
    dispose() {
      run += 1;
      worker?.terminate();
      worker = null;
    },
  };
}
