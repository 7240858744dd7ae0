// The drawing: sigma 3 (WebGL) over the screen's graphology graph. Sigma redraws by itself on
// every change of the graph (a merge, a batch of layout positions); what depends on the screen's
// state (filters, the path, the hovered node) goes through its node and edge reducers, so nothing
// is copied. Labels are drawn only for nodes shown bigger than a threshold and on a grid of cells
// (sigma's label density), which keeps 2,000 nodes legible and fast. A node's card follows the
// pointer; clicking a node expands it, shift-click makes it an end of the path.

import { useEffect, useRef, useState } from 'react';
import Sigma from 'sigma';
import type { EdgeType, GraphNodeKind } from '../gql/graphql';
import { EDGE_NAMES, type EdgeAttributes, type ExplorerGraph, KIND_NAMES, type NodeAttributes, type PathHighlight } from './model';

export interface CanvasView {
  kinds: ReadonlySet<GraphNodeKind>;
  edges: ReadonlySet<EdgeType>;
  path: PathHighlight | null;
  /** Ends of the path being chosen (shown larger with a label). */
  ends: ReadonlySet<string>;
  selected: string | null;
}

interface Props {
  graph: ExplorerGraph;
  /** Bumped when the graph was replaced (a new start): reported back with onDrawn once drawn. */
  generation: number;
  view: CanvasView;
  onNodeClick(node: string, shift: boolean): void;
  /** Called once a new generation's graph is drawn (for the 'graph:drawn' mark). */
  onDrawn(generation: number): void;
  /** Sigma could not start (no WebGL): the tables remain. */
  onUnavailable(message: string): void;
}

const DIM_NODE = '#d7dbe0';
const DIM_EDGE = '#eceef1';
const PATH_EDGE = '#dc2626';

export function GraphCanvas({ graph, generation, view, onNodeClick, onDrawn, onUnavailable }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma<NodeAttributes, EdgeAttributes> | null>(null);
  const [hover, setHover] = useState<{ node: string; x: number; y: number } | null>(null);
  const handlers = useRef({ onNodeClick, onDrawn });
  handlers.current = { onNodeClick, onDrawn };
  const generationRef = useRef(generation);
  generationRef.current = generation;
  const viewRef = useRef(view);
  viewRef.current = view;
  /** The reducers' inputs sigma has: a new sigma gets them in its settings, not by a second full redraw. */
  const applied = useRef<{ sigma: unknown; view: CanvasView | null; hovered: string | null }>({ sigma: null, view: null, hovered: null });

  useEffect(() => {
    if (!container.current) return;
    let sigma: Sigma<NodeAttributes, EdgeAttributes>;
    try {
      sigma = new Sigma(graph, container.current, {
        allowInvalidContainer: true,
        // Arrowheads double the triangles drawn: past a few thousand edges they are lines.
        defaultEdgeType: graph.size > 4000 ? 'line' : 'arrow',
        renderEdgeLabels: false,
        labelRenderedSizeThreshold: 7,
        labelDensity: 0.5,
        labelGridCellSize: 120,
        labelSize: 12,
        labelFont: 'system-ui, sans-serif',
        zIndex: true,
        hideEdgesOnMove: graph.size > 3000,
        minCameraRatio: 0.03,
        maxCameraRatio: 8,
        ...reducers(graph, viewRef.current, null),
      });
    } catch (error) {
      onUnavailable(
        `The drawing needs WebGL, which this browser refused (${(error as Error).message}). The tables below list the same nodes and edges.`,
      );
      return;
    }
    sigmaRef.current = sigma;
    applied.current = { sigma, view: viewRef.current, hovered: null };
    // Sigma issues the whole drawing in its constructor (each new start is a new graph object);
    // it is on screen once the browser has produced that frame: the second animation frame.
    const generationDrawn = generationRef.current;
    if (generationDrawn > 0) performance.mark('graph:issued', { detail: { nodes: graph.order, edges: graph.size } });
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => handlers.current.onDrawn(generationDrawn));
    });
    sigma.on('clickNode', ({ node, event }) => {
      const original = event.original as MouseEvent;
      handlers.current.onNodeClick(node, original.shiftKey);
    });
    sigma.on('enterNode', ({ node, event }) => setHover({ node, x: event.x, y: event.y }));
    sigma.on('leaveNode', () => setHover(null));
    return () => {
      cancelAnimationFrame(frame);
      sigma.kill();
      sigmaRef.current = null;
    };
    // One sigma per graph object; the graph's own events drive redraws.
  }, [graph, onUnavailable]);

  useEffect(() => {
    const sigma = sigmaRef.current;
    if (!sigma) return;
    const hovered = hover?.node ?? null;
    const last = applied.current;
    if (last.sigma === sigma && last.view === view && last.hovered === hovered) return;
    applied.current = { sigma, view, hovered };
    const { nodeReducer, edgeReducer } = reducers(graph, view, hovered);
    sigma.setSetting('nodeReducer', nodeReducer);
    sigma.setSetting('edgeReducer', edgeReducer);
  }, [view, hover?.node, graph]);

  const card = hover && graph.hasNode(hover.node) ? graph.getNodeAttributes(hover.node) : null;
  const width = container.current?.clientWidth ?? 0;
  return (
    <div className="graph-stage">
      <div
        ref={container}
        className="graph-canvas"
        role="img"
        aria-label={`Drawing of ${graph.order} nodes and ${graph.size} edges; the tables below list them and can be used with a keyboard.`}
      />
      {card && hover ? (
        <div
          className="graph-card"
          role="tooltip"
          style={{ left: Math.min(hover.x + 12, Math.max(0, width - 260)), top: hover.y + 12 }}
          data-node={hover.node}
        >
          <strong>{card.label}</strong>
          <span className={`kind kind-${card.kind.toLowerCase()}`}>{KIND_NAMES[card.kind]}</span>
          <span>
            degree {card.degree}
            {card.year ? ` · ${card.year}` : ''}
            {card.hub ? ' · hub (not expanded)' : ''}
          </span>
          <span className="muted">{card.expanded ? 'expanded' : 'click to expand, shift-click for a path'}</span>
        </div>
      ) : null}
    </div>
  );
}

export function edgeLabel(type: EdgeType): string {
  return EDGE_NAMES[type];
}

/** Sigma's reducers for a view: what is hidden, dimmed or highlighted (null: draw as stored). */
function reducers(graph: ExplorerGraph, view: CanvasView, hovered: string | null) {
  const { kinds, edges, path, ends, selected } = view;
  const nodeReducer = (node: string, data: NodeAttributes) => {
    const shown = { ...data } as NodeAttributes & { hidden?: boolean; highlighted?: boolean; zIndex?: number; forceLabel?: boolean };
    if (!kinds.has(data.kind)) shown.hidden = true;
    if (path && !path.nodes.has(node)) {
      shown.color = DIM_NODE;
      shown.label = '';
      shown.zIndex = 0;
    } else if (path) {
      shown.zIndex = 2;
      shown.size = Math.max(data.size, 9);
      shown.forceLabel = true;
      shown.highlighted = true;
    }
    if (ends.has(node) || node === selected || node === hovered) {
      shown.highlighted = true;
      shown.forceLabel = true;
      shown.zIndex = 3;
    }
    return shown;
  };
  // Edges need a reducer only while something hides or dims some of them (with 13,000 edges a
  // reducer call per edge per redraw is felt while the layout moves the nodes).
  const allKinds = !graph.someNode((_, a) => !kinds.has(a.kind));
  const allEdges = !graph.someEdge((_, a) => !edges.has(a.edgeType));
  const edgeReducer =
    allKinds && allEdges && !path
      ? null
      : (edge: string, data: EdgeAttributes) => {
          const shown = { ...data } as EdgeAttributes & { hidden?: boolean; zIndex?: number };
          if (!edges.has(data.edgeType)) shown.hidden = true;
          else if (!allKinds) {
            const [s, t] = graph.extremities(edge);
            if (!kinds.has(graph.getNodeAttribute(s, 'kind')) || !kinds.has(graph.getNodeAttribute(t, 'kind'))) shown.hidden = true;
          }
          if (path) {
            if (path.edges.has(edge)) {
              shown.color = PATH_EDGE;
              shown.size = 3;
              shown.zIndex = 2;
            } else {
              shown.color = DIM_EDGE;
              shown.zIndex = 0;
            }
          }
          return shown;
        };
  return { nodeReducer, edgeReducer };
}
