// The drawing as tables, for keyboard and screen-reader users (and anyone who wants to read it):
// every node drawn with its kind and degree, a link to its page and buttons to expand it or make
// it an end of the path; every edge with its two ends. Paged, so 2,000 nodes stay quick to show.

import { useState } from 'react';
import { Link } from 'wouter';
import type { EdgeType, GraphNodeKind } from '../gql/graphql';
import { EDGE_NAMES, type ExplorerGraph, KIND_NAMES } from './model';

const PAGE = 50;

interface Props {
  graph: ExplorerGraph;
  /** Changes whenever the graph does (the tables read it afresh). */
  version: number;
  kinds: ReadonlySet<GraphNodeKind>;
  edges: ReadonlySet<EdgeType>;
  onExpand(node: string): void;
  onPathEnd(node: string, end: 'from' | 'to'): void;
  busy: boolean;
}

function Pager({ page, pages, setPage, what }: { page: number; pages: number; setPage(p: number): void; what: string }) {
  if (pages <= 1) return null;
  return (
    <div className="pager" role="group" aria-label={`Pages of ${what}`}>
      <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
        Previous {PAGE}
      </button>
      <span>
        page {page + 1} of {pages}
      </span>
      <button type="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
        Next {PAGE}
      </button>
    </div>
  );
}

export function GraphTables({ graph, version, kinds, edges, onExpand, onPathEnd, busy }: Props) {
  const [nodePage, setNodePage] = useState(0);
  const [edgePage, setEdgePage] = useState(0);
  void version;
  const nodes = graph.filterNodes((_, a) => kinds.has(a.kind));
  const shownEdges = graph.filterEdges((_, a, s, t, sa, ta) => edges.has(a.edgeType) && kinds.has(sa.kind) && kinds.has(ta.kind));
  const nodePages = Math.max(1, Math.ceil(nodes.length / PAGE));
  const edgePages = Math.max(1, Math.ceil(shownEdges.length / PAGE));
  const np = Math.min(nodePage, nodePages - 1);
  const ep = Math.min(edgePage, edgePages - 1);
  return (
    <div className="graph-tables">
      <h2 id="graph-nodes-title">Nodes ({nodes.length})</h2>
      <div className="table-scroll" role="region" aria-labelledby="graph-nodes-title" tabIndex={0}>
        <table aria-labelledby="graph-nodes-title">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Kind</th>
              <th scope="col">Degree</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {nodes.slice(np * PAGE, (np + 1) * PAGE).map((key) => {
              const a = graph.getNodeAttributes(key);
              return (
                <tr key={key} data-node={key}>
                  <th scope="row">{a.href ? <Link href={a.href}>{a.label}</Link> : a.label}</th>
                  <td>
                    <span className={`kind kind-${a.kind.toLowerCase()}`}>{KIND_NAMES[a.kind]}</span>
                    {a.hub ? <span className="muted"> hub</span> : null}
                  </td>
                  <td>{a.degree}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      disabled={busy || a.expanded}
                      onClick={() => onExpand(key)}
                      aria-label={`${a.expanded ? 'Expanded' : 'Expand'} ${a.label}`}
                    >
                      {a.expanded ? 'Expanded' : 'Expand'}
                    </button>
                    <button type="button" onClick={() => onPathEnd(key, 'from')} aria-label={`Path from ${a.label}`}>
                      From
                    </button>
                    <button type="button" onClick={() => onPathEnd(key, 'to')} aria-label={`Path to ${a.label}`}>
                      To
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={np} pages={nodePages} setPage={setNodePage} what="nodes" />

      <h2 id="graph-edges-title">Edges ({shownEdges.length})</h2>
      <div className="table-scroll" role="region" aria-labelledby="graph-edges-title" tabIndex={0}>
        <table aria-labelledby="graph-edges-title">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Edge</th>
              <th scope="col">To</th>
            </tr>
          </thead>
          <tbody>
            {shownEdges.slice(ep * PAGE, (ep + 1) * PAGE).map((key) => {
              const [s, t] = graph.extremities(key);
              const a = graph.getEdgeAttributes(key);
              return (
                <tr key={key}>
                  <td>{graph.getNodeAttribute(s, 'label')}</td>
                  <td>
                    {EDGE_NAMES[a.edgeType]}
                    {a.role ? ` (${a.role.toLowerCase().replace('_', ' ')})` : ''}
                  </td>
                  <td>{graph.getNodeAttribute(t, 'label')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={ep} pages={edgePages} setPage={setEdgePage} what="edges" />
    </div>
  );
}
