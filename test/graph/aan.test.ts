// The exploration algorithms on the real ACL Anthology Network, checked against facts of the
// dataset and against brute-force reference implementations written naively over the records.

import { beforeAll, expect, it } from 'vitest';
import { degree } from '../../src/graph/csr.js';
import type { NodeRef, TypedEdge } from '../../src/graph/hetero.js';
import { GRAPH_NODE_KINDS, type EdgeType, type GraphNodeKind } from '../../src/model/index.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { neighborhood } from '../../src/graph/neighborhood.js';
import { pageRank } from '../../src/graph/pagerank.js';
import { shortestPath } from '../../src/graph/path.js';
import { HYBRID_WEIGHTS, RELATED_METHODS, relatedPapers, type RelatedMethod } from '../../src/graph/related.js';
import type { Corpus } from '../../src/model/index.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset } from '../support/datasets.js';
import { mulberry32 as seededRandom } from '../support/synthetic.js';

/** The typed graph as plain records keyed by "KIND:id": what the brute-force references walk. */
class NaiveGraph {
  readonly edges = new Set<string>();
  private readonly numbers = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly adjacent: { node: number; type: EdgeType; forward: boolean }[][] = [];

  constructor(corpus: Corpus) {
    for (const c of corpus.citations) this.add('CITES', `Paper:${c.citingId}`, `Paper:${c.citedId}`);
    for (const pc of corpus.paperConcepts) this.add('HAS_CONCEPT', `Paper:${pc.paperId}`, `Concept:${pc.conceptId}`);
    for (const c of corpus.concepts) for (const b of c.broaderIds) this.add('BROADER', `Concept:${c.id}`, `Concept:${b}`);
    for (const a of corpus.authorships) this.add('AUTHORED', `Author:${a.authorId}`, `Paper:${a.paperId}`);
    for (const p of corpus.papers) if (p.venueId) this.add('PUBLISHED_IN', `Paper:${p.id}`, `Venue:${p.venueId}`);
  }

  private numberOf(key: string): number {
    let n = this.numbers.get(key);
    if (n === undefined) this.numbers.set(key, (n = this.keys.length)), this.keys.push(key), this.adjacent.push([]);
    return n;
  }

  private add(type: EdgeType, source: string, target: string): void {
    this.edges.add(`${type}|${source}|${target}`);
    const [s, t] = [this.numberOf(source), this.numberOf(target)];
    this.adjacent[s].push({ node: t, type, forward: true });
    this.adjacent[t].push({ node: s, type, forward: false });
  }

  /** Plain BFS distances from `from`, up to maxDepth (or until `until` is reached). */
  distances(from: string, types: readonly EdgeType[], direction: 'OUT' | 'BOTH', maxDepth: number, until?: string): Map<string, number> {
    const distance = new Map([[this.numberOf(from), 0]]);
    const goal = until === undefined ? -1 : this.numberOf(until);
    let frontier = [this.numberOf(from)];
    for (let d = 1; d <= maxDepth && frontier.length && !distance.has(goal); d++) {
      const next: number[] = [];
      for (const v of frontier) {
        for (const step of this.adjacent[v]) {
          if (!types.includes(step.type) || (direction === 'OUT' && !step.forward) || distance.has(step.node)) continue;
          distance.set(step.node, d);
          next.push(step.node);
        }
      }
      frontier = next;
    }
    return new Map([...distance].map(([n, d]) => [this.keys[n], d]));
  }
}

describeDataset('ACL Anthology Network', AAN_FILES, () => {
  let corpus: Corpus;
  let graph: KnowledgeGraph;
  let naive: NaiveGraph;
  const tableOf = (kind: GraphNodeKind) =>
    ({ Paper: graph.papers, Concept: graph.concepts, Author: graph.authors, Topic: graph.topics, Venue: graph.venues })[kind];
  const keyOf = (node: NodeRef) => `${node.kind}:${tableOf(node.kind).records[node.index].id}`;
  const refOf = (key: string): NodeRef => {
    const [kind, ...id] = key.split(':');
    return { kind: kind as GraphNodeKind, index: tableOf(kind as GraphNodeKind).indexOf(id.join(':')) };
  };
  const edgeKey = (e: TypedEdge) => `${e.type}|${keyOf(e.source)}|${keyOf(e.target)}`;

  beforeAll(() => {
    corpus = loadAanCorpus();
    graph = new KnowledgeGraph(corpus);
    naive = new NaiveGraph(corpus);
  });

  it('has 18,041 papers and 82,898 citations; J93-2004 is the most cited, with 770 citers', () => {
    expect(graph.papers.size).toBe(18_041);
    expect(graph.citations).toHaveLength(82_898);
    let top = 0;
    for (let p = 1; p < graph.papers.size; p++) if (degree(graph.cites.in, p) > degree(graph.cites.in, top)) top = p;
    expect(graph.papers.records[top].id).toBe('J93-2004');
    expect(degree(graph.cites.in, top)).toBe(770);
  });

  it('PageRank sums to 1, matches a naive power iteration, and ranks a classic first', () => {
    const ranks = pageRank(graph);
    expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // Naive reference: push rank along each citation record, spread the dangling rank.
    const n = graph.papers.size,
      index = new Map(corpus.papers.map((p, i) => [p.id, i]));
    const outDegree = new Array(n).fill(0);
    for (const c of corpus.citations) outDegree[index.get(c.citingId)!]++;
    let rank = new Array(n).fill(1 / n);
    for (let it = 0; it < 20; it++) {
      const dangling = rank.reduce((sum, r, i) => (outDegree[i] === 0 ? sum + r : sum), 0);
      const next = new Array(n).fill((1 - 0.85) / n + (0.85 * dangling) / n);
      for (const c of corpus.citations)
        next[index.get(c.citedId)!] += (0.85 * rank[index.get(c.citingId)!]) / outDegree[index.get(c.citingId)!];
      rank = next;
    }
    for (let p = 0; p < n; p++) expect(Math.abs(ranks[p] - rank[p])).toBeLessThan(1e-12);
    // Rank flows down chains of old papers: the top is an early classic (Church 1988 here), and
    // the Penn Treebank paper is in the top ten.
    const byRank = [...ranks.keys()].sort((a, b) => ranks[b] - ranks[a]);
    const top = graph.papers.records[byRank[0]];
    expect(top.year).toBeLessThan(1995);
    expect(degree(graph.cites.in, byRank[0])).toBeGreaterThanOrEqual(100);
    expect(byRank.slice(0, 10).map((p) => graph.papers.records[p].id)).toContain('J93-2004');
  });

  it('shortestPath agrees with plain BFS on 200 seeded pairs, and every step is an edge of the graph', () => {
    const random = seededRandom(42);
    const pickPaper = () => `Paper:${corpus.papers[Math.floor(random() * corpus.papers.length)].id}`;
    const pickAny = () => {
      const kind = (['Paper', 'Author', 'Concept', 'Venue'] as const)[Math.floor(random() * 4)];
      const records = tableOf(kind).records;
      return `${kind}:${records[Math.floor(random() * records.length)].id}`;
    };
    const allTypes: EdgeType[] = ['CITES', 'HAS_CONCEPT', 'BROADER', 'AUTHORED', 'PUBLISHED_IN'];
    const cases = [
      ...Array.from({ length: 140 }, () => ({
        from: pickPaper(),
        to: pickPaper(),
        types: ['CITES'] as EdgeType[],
        direction: 'BOTH' as const,
        maxDepth: 5,
      })),
      ...Array.from({ length: 30 }, () => ({
        from: pickPaper(),
        to: pickPaper(),
        types: ['CITES'] as EdgeType[],
        direction: 'OUT' as const,
        maxDepth: 8,
      })),
      ...Array.from({ length: 30 }, () => ({ from: pickAny(), to: pickAny(), types: allTypes, direction: 'BOTH' as const, maxDepth: 4 })),
    ];
    let found = 0;
    for (const { from, to, types, direction, maxDepth } of cases) {
      const expected = naive.distances(from, types, direction, maxDepth, to).get(to);
      const path = shortestPath(graph, refOf(from), refOf(to), { edgeTypes: types, maxDepth, direction });
      if (expected === undefined) {
        expect(path, `${from} → ${to}`).toBeNull();
        continue;
      }
      found++;
      expect(path, `${from} → ${to}`).not.toBeNull();
      const keys = path!.nodes.map(keyOf);
      expect(keys).toHaveLength(expected + 1);
      expect([keys[0], keys[keys.length - 1]]).toEqual([from, to]);
      path!.edges.forEach((edge, i) => {
        expect(naive.edges.has(edgeKey(edge))).toBe(true);
        const ends = [keyOf(edge.source), keyOf(edge.target)];
        if (direction === 'OUT') expect(ends).toEqual([keys[i], keys[i + 1]]);
        else expect(ends.sort()).toEqual([keys[i], keys[i + 1]].sort());
      });
    }
    expect(found).toBeGreaterThan(80);
    expect(found).toBeLessThan(cases.length);
  });

  it('neighborhood at depth 2 around J93-2004 stops exactly at the limit, breadth-first', () => {
    const start = refOf('Paper:J93-2004');
    const distance = naive.distances('Paper:J93-2004', ['CITES'], 'BOTH', 2);
    const result = neighborhood(graph, start, { depth: 2, edgeTypes: ['CITES'], direction: 'BOTH', limit: 1500 });
    expect(distance.size).toBeGreaterThan(1500);
    expect(result.nodes).toHaveLength(1500);
    expect(result.truncated).toBe(true);
    const keys = result.nodes.map(keyOf);
    expect(keys[0]).toBe('Paper:J93-2004');
    expect(new Set(keys).size).toBe(keys.length);
    const depths = keys.map((k) => distance.get(k)!);
    depths.forEach((d, i) => expect(d).toBeGreaterThanOrEqual(depths[Math.max(0, i - 1)]));
    // Every citation among the kept nodes, once each, and no other edge.
    const kept = new Set(keys);
    const expectedEdges = corpus.citations
      .map((c) => `CITES|Paper:${c.citingId}|Paper:${c.citedId}`)
      .filter((e) => kept.has(e.split('|')[1]) && kept.has(e.split('|')[2]));
    expect(result.edges.map(edgeKey).sort()).toEqual(expectedEdges.sort());
  });

  it('neighborhood over several types equals the brute-force ball when nothing is cut', () => {
    const types: EdgeType[] = ['CITES', 'AUTHORED', 'HAS_CONCEPT', 'PUBLISHED_IN'];
    const result = neighborhood(graph, refOf('Paper:P02-1040'), { depth: 2, edgeTypes: types, direction: 'BOTH', limit: 100_000 });
    expect(result.truncated).toBe(false);
    const ball = naive.distances('Paper:P02-1040', types, 'BOTH', 2);
    expect(new Set(result.nodes.map(keyOf))).toEqual(new Set(ball.keys()));
    const expectedEdges = [...naive.edges].filter((e) => {
      const [type, source, target] = e.split('|');
      return types.includes(type as EdgeType) && ball.has(source) && ball.has(target);
    });
    expect(result.edges.map(edgeKey).sort()).toEqual(expectedEdges.sort());
    expect(GRAPH_NODE_KINDS.filter((k) => result.nodes.some((n) => n.kind === k))).toEqual(['Paper', 'Concept', 'Author', 'Venue']);
  });

  it('relatedPapers equals a brute-force reference for seeded papers and every method', () => {
    const n = graph.papers.size;
    const index = new Map(corpus.papers.map((p, i) => [p.id, i]));
    const refs = Array.from({ length: n }, () => new Set<number>());
    const citers = Array.from({ length: n }, () => new Set<number>());
    for (const c of corpus.citations) {
      refs[index.get(c.citingId)!].add(index.get(c.citedId)!);
      citers[index.get(c.citedId)!].add(index.get(c.citingId)!);
    }
    const around = refs.map((r, v) => new Set([...r, ...citers[v]].filter((u) => u !== v)));
    const conceptIndex = new Map(corpus.concepts.map((c, i) => [c.id, i]));
    const conceptsOf = Array.from({ length: n }, () => new Map<number, number>());
    for (const pc of corpus.paperConcepts) conceptsOf[index.get(pc.paperId)!].set(conceptIndex.get(pc.conceptId)!, pc.score);
    const papersWith = new Array(corpus.concepts.length).fill(0);
    for (const m of conceptsOf) for (const c of m.keys()) papersWith[c]++;
    const common = <T>(a: Set<T> | Map<T, unknown>, b: Set<T> | Map<T, unknown>) =>
      a.size <= b.size ? [...a.keys()].filter((x) => b.has(x)) : [...b.keys()].filter((x) => a.has(x));

    const bruteForce = (p: number): Map<RelatedMethod, Map<number, number>> => {
      const component = {
        CO_CITATION: new Map<number, number>(),
        BIBLIOGRAPHIC_COUPLING: new Map(),
        SHARED_CONCEPTS: new Map(),
        ADAMIC_ADAR: new Map(),
        DIRECT_CITATION: new Map(),
      };
      for (let q = 0; q < n; q++) {
        if (q === p) continue;
        const set = (m: Map<number, number>, value: number) => value > 0 && m.set(q, value);
        set(component.CO_CITATION, common(citers[p], citers[q]).length);
        set(component.BIBLIOGRAPHIC_COUPLING, common(refs[p], refs[q]).length);
        set(
          component.SHARED_CONCEPTS,
          common(conceptsOf[p], conceptsOf[q]).reduce(
            (s, c) => s + Math.min(conceptsOf[p].get(c)!, conceptsOf[q].get(c)!) * Math.log(n / papersWith[c]),
            0,
          ),
        );
        set(
          component.ADAMIC_ADAR,
          common(around[p], around[q]).reduce((s, z) => s + 1 / Math.log(around[z].size), 0),
        );
        set(component.DIRECT_CITATION, Number(refs[p].has(q)) + Number(citers[p].has(q)));
      }
      const hybrid = new Map<number, number>();
      for (const [method, scores] of Object.entries(component)) {
        const max = Math.max(0, ...scores.values());
        for (const [q, s] of scores) hybrid.set(q, (hybrid.get(q) ?? 0) + (HYBRID_WEIGHTS[method as keyof typeof component] * s) / max);
      }
      return new Map([...Object.entries(component), ['HYBRID', hybrid]] as [RelatedMethod, Map<number, number>][]);
    };

    const random = seededRandom(7);
    const cited = [...Array(n).keys()].filter((p) => around[p].size > 0);
    const samples = [index.get('J93-2004')!, ...Array.from({ length: 10 }, () => cited[Math.floor(random() * cited.length)])];
    for (const p of samples) {
      const expected = bruteForce(p);
      for (const method of RELATED_METHODS) {
        const scores = expected.get(method)!;
        const ranking = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        const actual = relatedPapers(graph, p, method, 20);
        const label = `${corpus.papers[p].id} ${method}`;
        expect(actual.length, label).toBe(Math.min(20, ranking.length));
        // The Penn Treebank paper has citers, references and title concepts: every method has 20.
        if (p === samples[0]) expect(actual, label).toHaveLength(20);
        actual.forEach((r, i) => {
          // Sums taken in another order may differ in the last bits: ties are equal within 1e-9.
          expect(Math.abs(r.score - ranking[i][1]), label).toBeLessThan(1e-9);
          expect(Math.abs(r.score - scores.get(r.index)!), label).toBeLessThan(1e-9);
          if (
            Math.abs(ranking[i][1] - (ranking[i + 1]?.[1] ?? -1)) > 1e-9 &&
            Math.abs(ranking[i][1] - (ranking[i - 1]?.[1] ?? -1)) > 1e-9
          ) {
            expect(r.index, label).toBe(ranking[i][0]);
          }
          expect(r.sharedReferences).toEqual(common(refs[p], refs[r.index]).sort((a, b) => a - b));
          expect(r.sharedCiters).toEqual(common(citers[p], citers[r.index]).sort((a, b) => a - b));
          expect(r.sharedConcepts).toEqual(common(conceptsOf[p], conceptsOf[r.index]).sort((a, b) => a - b));
          expect([r.citedByAnchor, r.citesAnchor]).toEqual([refs[p].has(r.index), citers[p].has(r.index)]);
        });
        expect(new Set(actual.map((r) => r.index)).size).toBe(actual.length);
      }
    }
  });
});
