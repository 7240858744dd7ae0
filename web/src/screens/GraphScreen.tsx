// The graph screen (/graph?focus=<global id>&depth=…&edges=…&kinds=…&limit=…&hub=…&from=…&to=…):
// a node's neighbourhood drawn with sigma over graphology, laid out by ForceAtlas2 in a worker.
// Everything it shows is in the URL (start, filters, the path's ends), so a view can be shared.
// - Clicking a node expands it: its own neighbourhood, without the nodes drawn (`exclude`), is
//   merged in around it. Shift-click (or the tables' From/To buttons, or the pickers) chooses the
//   ends of a path, which the API's `path` finds; it is drawn in red with everything else dimmed.
// - Filters (edge types, node kinds) hide at once and fetch the neighbourhood again with them.
// - Hubs (the API's hubDegree) stay leaves, and the API's limit caps a view at 2,000 nodes.
// - Performance marks 'graph:answer' (the start's neighbourhood arrived) and 'graph:drawn' (sigma
//   drew it) are left for `npm run explorer:budgets`.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from 'urql';
import { Link, useLocation, useSearch } from 'wouter';
import type { EdgeType, GraphEdgeFieldsFragment, GraphNodeFieldsFragment, GraphNodeKind } from '../gql/graphql';
import { GraphCanvas, type CanvasView } from '../graph/GraphCanvas';
import { GraphTables } from '../graph/GraphTables';
import { createLayout, type Layout } from '../graph/layout';
import {
  census,
  createGraph,
  DEFAULTS,
  EDGE_NAMES,
  EDGE_TYPES,
  formatParams,
  type GraphParams,
  KIND_COLOURS,
  KIND_NAMES,
  MAX_NODES,
  mergeSubgraph,
  NODE_KINDS,
  parseParams,
  type PathHighlight,
} from '../graph/model';
import { NodePicker } from '../graph/NodePicker';
import { GraphNeighborhoodDocument, GraphPathDocument } from '../graph/operations';
import '../graph/graph.css';

type LoadState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'drawn'; truncated: boolean; hubs: number }
  | { state: 'error'; message: string };

type PathState =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'found'; length: number; nodes: GraphNodeFieldsFragment[]; edges: GraphEdgeFieldsFragment[] }
  | { state: 'missing'; maxDepth: number }
  | { state: 'error'; message: string };

const PATH_MAX_DEPTH = 6;
const EXPAND_LIMIT = 150;

export default function GraphScreen() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = useMemo(() => parseParams(search), [search]);
  const setParams = useCallback(
    (change: Partial<GraphParams>) => {
      const next = formatParams({ ...parseParams(location.search), ...change });
      navigate(next ? `/graph?${next}` : '/graph', { replace: true });
    },
    [navigate],
  );
  const client = useClient();
  // A new start builds a new graph (sigma indexes it once when it is handed over: adding 2,000
  // nodes and 13,000 edges one event at a time to a drawn graph costs seconds); expansions and
  // paths are merged into the graph drawn.
  const [graph, setGraph] = useState(createGraph);
  const [generation, setGeneration] = useState(0);
  const [version, setVersion] = useState(0);
  const [load, setLoad] = useState<LoadState>({ state: 'idle' });
  const [startLabel, setStartLabel] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [path, setPath] = useState<PathState>({ state: 'none' });
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [drawnGeneration, setDrawnGeneration] = useState(-1);
  // The tables are rendered only while open (the drawing does not wait for 2,000 rows).
  const [tablesOpen, setTablesOpen] = useState(false);
  const layout = useRef<Layout | null>(null);
  const wave = useRef(0);
  const loadRun = useRef(0);
  const pendingLayout = useRef<{ graph: ReturnType<typeof createGraph>; pinned: Set<string> } | null>(null);

  useEffect(() => {
    layout.current = createLayout();
    return () => layout.current?.dispose();
  }, []);

  const edgeKey = params.edges.join(',');
  const kindKey = params.kinds.join(',');
  const variables = useMemo(
    () => ({
      edgeTypes: edgeKey ? (edgeKey.split(',') as EdgeType[]) : [],
      nodeKinds: kindKey.split(',').length === NODE_KINDS.length ? null : (kindKey.split(',') as GraphNodeKind[]),
      hubDegree: params.hub,
    }),
    [edgeKey, kindKey, params.hub],
  );

  // The start's neighbourhood, fetched again whenever the start or a filter changes.
  useEffect(() => {
    const focus = params.focus;
    const run = ++loadRun.current;
    if (!focus) {
      setGraph(createGraph());
      setLoad({ state: 'idle' });
      setVersion((v) => v + 1);
      return;
    }
    setLoad({ state: 'loading' });
    client
      .query(
        GraphNeighborhoodDocument,
        { id: focus, depth: params.depth, limit: params.limit, ...variables },
        { requestPolicy: 'network-only' },
      )
      .toPromise()
      .then((result) => {
        if (run !== loadRun.current) return;
        if (result.error) {
          setLoad({ state: 'error', message: result.error.graphQLErrors.map((e) => e.message).join('; ') || result.error.message });
          return;
        }
        const answer = result.data?.neighborhood;
        if (!answer) {
          setLoad({ state: 'error', message: 'No node has this id: it may have been removed, or the link is mistyped.' });
          return;
        }
        performance.clearMarks('graph:answer');
        performance.clearMarks('graph:issued');
        performance.clearMarks('graph:drawn');
        performance.mark('graph:answer', { detail: { nodes: answer.nodes.length, edges: answer.edges.length } });
        layout.current?.stop();
        const fresh = createGraph();
        wave.current = 0;
        mergeSubgraph(fresh, answer, null, 0);
        if (fresh.hasNode(focus)) fresh.setNodeAttribute(focus, 'expanded', true);
        setGraph(fresh);
        setStartLabel(answer.nodes[0]?.label ?? null);
        setLoad({ state: 'drawn', truncated: answer.truncated, hubs: answer.hubs.length });
        setAnnounce(
          `Drawn: ${graph.order} nodes and ${graph.size} edges${answer.truncated ? ' (more within reach: the limit or a hub stopped the walk)' : ''}.`,
        );
        setSelected(null);
        setGeneration((g) => g + 1);
        setVersion((v) => v + 1);
        // The layout starts once the graph is on screen (onDrawn): on a small machine the worker
        // would otherwise compete with the browser for the first frame.
        pendingLayout.current = { graph: fresh, pinned: new Set([focus]) };
      });
  }, [client, params.focus, params.depth, params.limit, variables]);

  const onDrawn = useCallback(
    (g: number) => {
      if (g === 0) return;
      performance.mark('graph:drawn', { detail: { nodes: graph.order, edges: graph.size } });
      try {
        performance.measure('graph:draw', 'graph:answer', 'graph:drawn');
      } catch {
        // no answer mark (a redraw of an old generation)
      }
      setDrawnGeneration(g);
      const pending = pendingLayout.current;
      if (pending && pending.graph === graph) {
        pendingLayout.current = null;
        layout.current?.run(pending.graph, pending.pinned);
      }
    },
    [graph],
  );

  const expand = useCallback(
    async (node: string) => {
      if (!graph.hasNode(node) || busy) return;
      setSelected(node);
      const attributes = graph.getNodeAttributes(node);
      if (attributes.expanded) return;
      if (graph.order >= MAX_NODES) {
        setAnnounce(`The drawing has ${graph.order} nodes, the most it takes (${MAX_NODES}); start from another node to see further.`);
        return;
      }
      setBusy(true);
      setAnnounce(`Expanding ${attributes.label}…`);
      const result = await client
        .query(
          GraphNeighborhoodDocument,
          {
            id: node,
            depth: 1,
            limit: Math.min(EXPAND_LIMIT, MAX_NODES - graph.order + 1),
            exclude: graph.filterNodes((key) => key !== node),
            ...variables,
          },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      setBusy(false);
      if (result.error || !result.data?.neighborhood) {
        setAnnounce(`Could not expand ${attributes.label}: ${result.error?.message ?? 'the node is gone'}.`);
        return;
      }
      wave.current += 1;
      const added = mergeSubgraph(graph, result.data.neighborhood, node, wave.current);
      graph.setNodeAttribute(node, 'expanded', true);
      setVersion((v) => v + 1);
      setAnnounce(
        added.length
          ? `Expanded ${attributes.label}: ${added.length} new nodes (${graph.order} drawn).`
          : `Expanded ${attributes.label}: nothing new within the filters.`,
      );
      layout.current?.run(graph);
    },
    [busy, client, graph, variables],
  );

  const from = params.from ?? (params.to ? params.focus : null);
  const to = params.to;
  // The path between the chosen ends, merged into the drawing and highlighted.
  useEffect(() => {
    if (!from || !to || drawnGeneration < 1) {
      setPath({ state: 'none' });
      return;
    }
    let cancelled = false;
    setPath({ state: 'loading' });
    client
      .query(GraphPathDocument, { from, to, edgeTypes: variables.edgeTypes, maxDepth: PATH_MAX_DEPTH }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (cancelled) return;
        if (result.error) {
          setPath({ state: 'error', message: result.error.graphQLErrors.map((e) => e.message).join('; ') || result.error.message });
          return;
        }
        const found = result.data?.path;
        if (!found) {
          setPath({ state: 'missing', maxDepth: PATH_MAX_DEPTH });
          setAnnounce(`No path within ${PATH_MAX_DEPTH} steps over the chosen edge types.`);
          return;
        }
        const before = graph.order;
        mergeSubgraph(graph, found, from, wave.current + 1);
        if (graph.order > before) layout.current?.run(graph);
        setVersion((v) => v + 1);
        setPath({ state: 'found', length: found.length, nodes: [...found.nodes], edges: [...found.edges] });
        setAnnounce(`Path found: ${found.length} steps, from ${found.nodes[0]?.label} to ${found.nodes.at(-1)?.label}.`);
      });
    return () => {
      cancelled = true;
    };
  }, [client, graph, from, to, variables.edgeTypes, drawnGeneration]);

  const onNodeClick = useCallback(
    (node: string, shift: boolean) => {
      if (shift) setParams({ to: node });
      else void expand(node);
    },
    [expand, setParams],
  );
  const onUnavailable = useCallback((message: string) => setUnavailable(message), []);

  const highlight = useMemo<PathHighlight | null>(
    () => (path.state === 'found' ? { nodes: new Set(path.nodes.map((n) => n.id)), edges: new Set(path.edges.map((e) => e.id)) } : null),
    [path],
  );
  const view = useMemo<CanvasView>(
    () => ({
      kinds: new Set(params.kinds),
      edges: new Set(params.edges),
      path: highlight,
      ends: new Set([from, to].filter((x): x is string => !!x)),
      selected,
    }),
    [params.kinds, params.edges, highlight, from, to, selected],
  );
  const counts = useMemo(() => {
    void version;
    return census(graph);
  }, [graph, version]);
  const labelOf = (id: string | null) => (id && graph.hasNode(id) ? graph.getNodeAttribute(id, 'label') : id ? 'a node not drawn' : null);
  const chosen = selected && graph.hasNode(selected) ? graph.getNodeAttributes(selected) : null;

  const toggle = <T extends string>(list: readonly T[], all: readonly T[], value: T): T[] =>
    list.includes(value) ? list.filter((v) => v !== value) : all.filter((v) => v === value || list.includes(v));

  return (
    <section
      className="graph-screen"
      aria-labelledby="graph-title"
      data-state={load.state}
      data-drawn={drawnGeneration}
      data-nodes={graph.order}
      data-edges={graph.size}
      data-path={path.state}
    >
      <h1 id="graph-title">{startLabel && params.focus ? `Graph around “${startLabel}”` : 'Graph'}</h1>

      <div className="graph-start">
        <NodePicker
          label={params.focus ? 'Start from another node' : 'Start from a paper, concept, topic, author or venue'}
          placeholder="e.g. contrastive learning"
          onPick={(node) => setParams({ focus: node.id, from: null, to: null })}
        />
      </div>

      <form className="graph-controls" onSubmit={(e) => e.preventDefault()} aria-label="What to draw">
        <fieldset>
          <legend>Edges</legend>
          {EDGE_TYPES.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                checked={params.edges.includes(type)}
                onChange={() => setParams({ edges: toggle(params.edges, EDGE_TYPES, type) })}
              />{' '}
              {EDGE_NAMES[type]} <span className="muted">({counts.edges[type]})</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="legend">
          <legend>Node kinds (colour)</legend>
          {NODE_KINDS.map((kind) => (
            <label key={kind}>
              <input
                type="checkbox"
                checked={params.kinds.includes(kind)}
                onChange={() => setParams({ kinds: toggle(params.kinds, NODE_KINDS, kind) })}
              />{' '}
              <span className="swatch" style={{ background: KIND_COLOURS[kind] }} aria-hidden="true" />
              {KIND_NAMES[kind]} <span className="muted">({counts.kinds[kind]})</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="graph-size">
          <legend>Size</legend>
          <label>
            Depth{' '}
            <select value={params.depth} onChange={(e) => setParams({ depth: Number(e.target.value) })}>
              {[1, 2, 3, 4].map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label>
            At most{' '}
            <select value={params.limit} onChange={(e) => setParams({ limit: Number(e.target.value) })}>
              {[...new Set([50, 100, DEFAULTS.limit, 500, 1000, 2000, params.limit])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={n}>
                    {n} nodes
                  </option>
                ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={params.hub !== null} onChange={() => setParams({ hub: params.hub === null ? 100 : null })} />{' '}
            Keep hubs (over 100 neighbours) as leaves
          </label>
        </fieldset>
      </form>

      <p className="graph-status" role="status" aria-live="polite">
        {load.state === 'idle' ? 'Choose a node to start from.' : null}
        {load.state === 'loading' ? 'Loading the neighbourhood…' : null}
        {load.state === 'drawn'
          ? `${graph.order} nodes, ${graph.size} edges drawn${load.truncated ? ' (more within reach)' : ''}${load.hubs ? `, ${load.hubs} hubs left as leaves` : ''}. ${busy ? 'Expanding…' : ''} `
          : null}
        {announce && load.state === 'drawn' ? <span className="announce">{announce}</span> : null}
      </p>
      {load.state === 'error' ? (
        <div role="alert" className="error">
          <p>
            <strong>Could not draw this neighbourhood.</strong> {load.message}
          </p>
          <p>
            <Link href="/search">Search</Link> for a node to start from.
          </p>
        </div>
      ) : null}
      {unavailable ? (
        <p role="alert" className="notice">
          {unavailable}
        </p>
      ) : null}

      <div className="graph-layout" hidden={!params.focus}>
        <GraphCanvas
          graph={graph}
          generation={generation}
          view={view}
          onNodeClick={onNodeClick}
          onDrawn={onDrawn}
          onUnavailable={onUnavailable}
        />
        <aside className="graph-side" aria-label="Selected node and path">
          <h2 id="selected-title">Selected node</h2>
          {chosen && selected ? (
            <div className="node-card" data-node={selected}>
              <p>
                <strong>{chosen.href ? <Link href={chosen.href}>{chosen.label}</Link> : chosen.label}</strong>
              </p>
              <p>
                <span className={`kind kind-${chosen.kind.toLowerCase()}`}>{KIND_NAMES[chosen.kind]}</span> degree {chosen.degree}
                {chosen.year ? ` · ${chosen.year}` : ''}
                {chosen.hub ? ' · hub' : ''}
              </p>
              <p className="row-actions">
                <button type="button" disabled={busy || chosen.expanded} onClick={() => void expand(selected)}>
                  {chosen.expanded ? 'Expanded' : 'Expand'}
                </button>
                <button type="button" onClick={() => setParams({ focus: selected, from: null, to: null })}>
                  Centre here
                </button>
                <button type="button" onClick={() => setParams({ from: selected })}>
                  Path from here
                </button>
                <button type="button" onClick={() => setParams({ to: selected })}>
                  Path to here
                </button>
              </p>
            </div>
          ) : (
            <p className="muted">Click a node (or use the table below) to expand it and see its card here.</p>
          )}

          <h2 id="path-title">Path</h2>
          <p>
            From: <strong>{labelOf(from) ?? 'the start node'}</strong>
            <br />
            To: <strong>{labelOf(to) ?? (to ? 'a node not drawn yet' : 'choose below, or shift-click a node')}</strong>
          </p>
          <NodePicker
            label="Path to (search)"
            placeholder="e.g. Language Models are Few-Shot Learners"
            onPick={(node) => setParams({ to: node.id })}
          />
          {path.state === 'loading' ? <p className="status">Finding the path…</p> : null}
          {path.state === 'missing' ? (
            <p className="notice">
              No path within {path.maxDepth} steps over {params.edges.map((t) => EDGE_NAMES[t]).join(', ')}.
            </p>
          ) : null}
          {path.state === 'error' ? (
            <p role="alert" className="error">
              {path.message}
            </p>
          ) : null}
          {path.state === 'found' ? (
            <div className="path-result">
              <p>
                {path.length} {path.length === 1 ? 'step' : 'steps'}:
              </p>
              <ol className="path-steps" aria-label="The path, step by step">
                {path.nodes.map((node, i) => {
                  const edge = path.edges[i];
                  const href = graph.hasNode(node.id) ? graph.getNodeAttribute(node.id, 'href') : null;
                  return (
                    <li key={node.id} data-node={node.id}>
                      <span className={`kind kind-${node.nodeKind.toLowerCase()}`}>{KIND_NAMES[node.nodeKind]}</span>
                      {href ? <Link href={href}>{node.label}</Link> : node.label}
                      {edge ? (
                        <span className="path-edge">
                          {edge.source === node.id ? `— ${EDGE_NAMES[edge.type]} →` : `← ${EDGE_NAMES[edge.type]} —`}
                        </span>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            </div>
          ) : null}
          {from || to ? (
            <button type="button" onClick={() => setParams({ from: null, to: null })}>
              Clear the path
            </button>
          ) : null}
        </aside>
      </div>

      {params.focus ? (
        <details
          className="graph-table-details"
          open={tablesOpen || unavailable !== null}
          onToggle={(e) => setTablesOpen((e.currentTarget as HTMLDetailsElement).open)}
        >
          <summary>The nodes and edges as tables (keyboard and screen readers)</summary>
          {tablesOpen || unavailable !== null ? (
            <GraphTables
              graph={graph}
              version={version}
              kinds={view.kinds}
              edges={view.edges}
              busy={busy}
              onExpand={(node) => void expand(node)}
              onPathEnd={(node, end) => setParams({ [end]: node })}
            />
          ) : null}
        </details>
      ) : null}
    </section>
  );
}
