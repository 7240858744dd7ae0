// Every curated-corpus operation of ../shared/acceptance/exploration.graphql, run as written,
// against the facts its comments state.

import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { curatedApp, query } from '../support/app.js';
import { describeWithShared, sharedPath } from '../support/datasets.js';

const FILE = 'acceptance/exploration.graphql';

describeWithShared('acceptance: exploration.graphql', [FILE], () => {
  const app = curatedApp();
  let document = '';
  const run = (operationName: string, variables?: Record<string, unknown>) => query(app, document, variables, operationName);
  const idOf = async (arxivId: string) =>
    (await query(app, 'query($a: String!) { paper(arxivId: $a) { id } }', { a: arxivId })).paper.id as string;
  beforeAll(() => {
    document = readFileSync(sharedPath(FILE), 'utf8');
  });

  it('BigBirdNeighborhood: Big Bird, its references and concepts; closed edges; truncation at limit', async () => {
    const bigBird = await idOf('2007.14062');
    const { neighborhood } = await run('BigBirdNeighborhood', { id: bigBird });
    expect(neighborhood.truncated).toBe(false);
    expect(neighborhood.nodes[0]).toMatchObject({ id: bigBird, title: 'Big Bird: Transformers for Longer Sequences' });
    const titles = neighborhood.nodes.map((n: any) => n.title ?? n.name);
    expect(titles).toContain('Attention Is All You Need');
    expect(titles).toContain('Sparse attention');
    const ids = new Set(neighborhood.nodes.map((n: any) => n.id));
    expect(ids.size).toBe(neighborhood.nodes.length);
    for (const e of neighborhood.edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      expect(['CITES', 'HAS_CONCEPT']).toContain(e.type);
    }
    const cut = (await run('BigBirdNeighborhood', { id: bigBird, limit: 3 })).neighborhood;
    expect(cut.nodes).toHaveLength(3);
    expect(cut.truncated).toBe(true);
  });

  it('PathByolToGpt3: starts at BYOL, ends at GPT-3, each step an edge; null between unconnected nodes', async () => {
    const byol = await idOf('2006.07733'),
      gpt3 = await idOf('2005.14165');
    const { path } = await run('PathByolToGpt3', { from: byol, to: gpt3 });
    expect(path.nodes[0].id).toBe(byol);
    expect(path.nodes.at(-1).id).toBe(gpt3);
    expect(path.length).toBe(path.edges.length);
    expect(path.nodes).toHaveLength(path.length + 1);
    path.edges.forEach((e: any, i: number) => {
      expect([e.source, e.target].sort()).toEqual([path.nodes[i].id, path.nodes[i + 1].id].sort());
    });
    // Through citations alone within one hop there is no way from BYOL to GPT-3.
    const none = await query(app, 'query($a: ID!, $b: ID!) { path(from: $a, to: $b, edgeTypes: [CITES], maxDepth: 1) { length } }', {
      a: byol,
      b: gpt3,
    });
    expect(none.path).toBeNull();
  });

  it('RelatedToGoodViews: Hard Negative Mixing ranks high, scores descend, evidence is there', async () => {
    const { relatedPapers } = await run('RelatedToGoodViews', { id: await idOf('2005.10243') });
    expect(relatedPapers).toHaveLength(5);
    const titles = relatedPapers.map((r: any) => r.paper.title);
    expect(titles).toContain('Hard Negative Mixing for Contrastive Learning');
    const scores = relatedPapers.map((r: any) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const moChi = relatedPapers.find((r: any) => r.paper.title.startsWith('Hard Negative'));
    expect(moChi.evidence.sharedConcepts.map((c: any) => c.slug)).toContain('contrastive-learning');
    expect(moChi.evidence.sharedReferences.length).toBeGreaterThanOrEqual(2);
    for (const r of relatedPapers) {
      const e = r.evidence;
      expect(e.sharedConcepts.length + e.sharedReferences.length + e.sharedCiters.length).toBeGreaterThan(0);
    }
  });

  it('Search: "contrastive" finds the concept and both contrastive papers in five; Big Bird first by the guide\'s wording', async () => {
    const contrastive = (await run('Search', { q: 'contrastive' })).search;
    const hits = contrastive.edges.map((e: any) => e.node.title ?? e.node.name);
    expect(hits).toContain('Contrastive learning');
    expect(hits).toContain('Hard Negative Mixing for Contrastive Learning');
    expect(hits.some((h: string) => h.startsWith('What Makes for Good Views'))).toBe(true);
    expect(contrastive.totalCount).toBeGreaterThanOrEqual(5);
    const bigBird = (await run('Search', { q: 'big bird transformers long sequences' })).search;
    expect(bigBird.edges[0].node.title).toBe('Big Bird: Transformers for Longer Sequences');
    const typo = (await query(app, '{ search(query: "contrastiv lerning", first: 3) { edges { node { ... on Concept { slug } } } } }'))
      .search;
    expect(typo.edges.map((e: any) => e.node.slug)).toContain('contrastive-learning');
  });

  it('InfluenceAndFacets: the Transformer paper is the most influential; facets count the whole list', async () => {
    const { papers } = await run('InfluenceAndFacets');
    expect(papers.edges[0].node.title).toBe('Attention Is All You Need');
    const influence = papers.edges.map((e: any) => e.node.influence);
    expect(influence).toEqual([...influence].sort((a, b) => b - a));
    const total = await query(app, '{ papers { totalCount } }');
    const byYear = papers.facets.byYear.reduce((sum: number, b: any) => sum + b.count, 0);
    expect(byYear).toBe(total.papers.totalCount); // every curated paper has a year
    expect(papers.facets.byYear[0]).toEqual({ value: '2020', count: expect.any(Number) });
    expect(papers.facets.byConcept).toHaveLength(5);
  });

  it('AttentionLineage: a timeline by year, co-occurring concepts, narrower concepts', async () => {
    const { concept } = await run('AttentionLineage');
    expect(concept.narrower.map((c: any) => c.slug)).toContain('self-attention');
    const years = concept.timeline.map((y: any) => y.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(concept.timeline.find((y: any) => y.year === 2020).count).toBeGreaterThanOrEqual(5);
    expect(concept.cooccurring.length).toBe(5);
    const counts = concept.cooccurring.map((c: any) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
