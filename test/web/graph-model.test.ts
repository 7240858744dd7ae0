// The graph screen's model without a browser: what a URL asks for (and back), and how answers
// of the API are merged into the drawn graph (keys, attributes, nothing twice, edges only between
// drawn nodes, new nodes placed around the expanded one).

import { describe, expect, it } from 'vitest';
import { census, createGraph, DEFAULTS, formatParams, mergeSubgraph, parseParams } from '../../web/src/graph/model';

const node = (id: string, nodeKind: 'PAPER' | 'CONCEPT', label: string, degree = 1) =>
  (nodeKind === 'PAPER'
    ? { __typename: 'Paper', id, nodeKind, label, degree, arxivId: `2000.${id}`, doi: null, year: 2020 }
    : { __typename: 'Concept', id, nodeKind, label, degree, slug: label.toLowerCase() }) as never;
const edge = (type: 'CITES' | 'HAS_CONCEPT', source: string, target: string) =>
  ({ id: `${type}:${source}:${target}`, type, source, target, role: type === 'HAS_CONCEPT' ? 'USES' : null, score: null }) as never;

describe('graph URL parameters', () => {
  it('has defaults for a bare /graph and round-trips what differs from them', () => {
    expect(parseParams('')).toEqual(DEFAULTS);
    expect(formatParams(DEFAULTS)).toBe('');
    const p = parseParams('focus=abc&depth=2&edges=HAS_CONCEPT,CITES&kinds=PAPER&limit=2000&hub=none&to=xyz');
    expect(p).toMatchObject({
      focus: 'abc',
      depth: 2,
      edges: ['CITES', 'HAS_CONCEPT'],
      kinds: ['PAPER'],
      limit: 2000,
      hub: null,
      to: 'xyz',
    });
    expect(parseParams(formatParams(p))).toEqual(p);
  });
  it('clamps numbers to the API caps and drops unknown edge types and kinds', () => {
    expect(parseParams('depth=9&limit=99999&edges=CITES,NOPE&kinds=WHAT')).toMatchObject({
      depth: 4,
      limit: 2000,
      edges: ['CITES'],
      kinds: [],
    });
    expect(parseParams('node=n1').focus).toBe('n1');
  });
});

describe('merging answers into the drawn graph', () => {
  it('adds nodes and edges once, with kind, colour, page link and hubs; edges to undrawn nodes wait', () => {
    const g = createGraph();
    const added = mergeSubgraph(
      g,
      {
        nodes: [node('a', 'PAPER', 'A', 3), node('c', 'CONCEPT', 'Attention')],
        edges: [edge('HAS_CONCEPT', 'a', 'c'), edge('CITES', 'a', 'x')],
        hubs: ['c'],
      },
      null,
      0,
    );
    expect(added).toEqual(['a', 'c']);
    expect(g.order).toBe(2);
    expect(g.size).toBe(1);
    expect(g.getNodeAttributes('a')).toMatchObject({
      kind: 'PAPER',
      label: 'A',
      degree: 3,
      href: '/paper/arxiv/2000.a',
      year: 2020,
      x: 0,
      y: 0,
    });
    expect(g.getNodeAttributes('c')).toMatchObject({ kind: 'CONCEPT', href: '/concept/attention', hub: true });
    expect(g.getEdgeAttributes('HAS_CONCEPT:a:c')).toMatchObject({ edgeType: 'HAS_CONCEPT', role: 'USES' });

    // An expansion of c: a is there already, x and its citation arrive, placed around c.
    g.setNodeAttribute('c', 'x', 100);
    const more = mergeSubgraph(
      g,
      {
        nodes: [node('c', 'CONCEPT', 'Attention'), node('x', 'PAPER', 'X'), node('a', 'PAPER', 'A')],
        edges: [edge('CITES', 'a', 'x'), edge('HAS_CONCEPT', 'a', 'c')],
      },
      'c',
      1,
    );
    expect(more).toEqual(['x']);
    expect(g.size).toBe(2);
    const x = g.getNodeAttributes('x');
    expect(Math.hypot(x.x - 100, x.y - g.getNodeAttribute('c', 'y'))).toBeLessThan(30);
    expect(x.wave).toBe(1);
    expect(census(g)).toMatchObject({ kinds: { PAPER: 2, CONCEPT: 1 }, edges: { CITES: 1, HAS_CONCEPT: 1 } });
  });
});
