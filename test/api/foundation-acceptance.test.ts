// Every operation of ../shared/acceptance/foundation.graphql, run as written, against the
// facts its comments state.

import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { curatedApp, query } from '../support/app.js';
import { describeWithShared, sharedPath } from '../support/datasets.js';

const FILE = 'acceptance/foundation.graphql';

describeWithShared('acceptance: foundation.graphql', [FILE], () => {
  const app = curatedApp();
  let document = '';
  const run = (operationName: string, variables?: Record<string, unknown>) => query(app, document, variables, operationName);
  beforeAll(() => {
    document = readFileSync(sharedPath(FILE), 'utf8');
  });

  it("GuideEssentials: 10 ranked entries in the guide's sections, each with notes", async () => {
    const { collection } = await run('GuideEssentials');
    expect(collection.publisher).toBe('Zeta Alpha');
    const entries = collection.entries.edges.map((e: any) => e.node);
    expect(collection.entries.totalCount).toBe(10);
    expect(entries.map((e: any) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(entries[0].paper.title).toMatch(/^Bootstrap Your Own Latent/);
    expect(entries[9].paper.title).toMatch(/^Open Graph Benchmark/);
    const sections = entries.map((e: any) => e.section.name);
    expect(sections.slice(0, 4)).toEqual(Array(4).fill('Semi and Self-Supervision'));
    expect(sections.slice(4, 8)).toEqual(Array(4).fill('Transformers and Attention'));
    expect(sections.slice(8)).toEqual(Array(2).fill('Benchmarks and evaluation'));
    for (const e of entries) {
      expect(e.why.length).toBeGreaterThan(40);
      expect(e.keyInsights.length).toBeGreaterThan(40);
      expect(e.paper.year).toBe(2020);
      expect(e.paper.arxivId).toMatch(/^\d{4}\.\d{5}$/);
    }
  });

  it('BigBirdByArxiv: NeurIPS 2020, Manzil Zaheer first, attention and sparse attention, the right references', async () => {
    const { paper } = await run('BigBirdByArxiv');
    expect(paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(paper.year).toBe(2020);
    expect(paper.venue.name).toBe('NeurIPS 2020');
    expect(paper.authors.edges[0].node.name).toBe('Manzil Zaheer');
    const concepts = paper.concepts.edges.map((e: any) => e.node);
    expect(concepts).toContainEqual(expect.objectContaining({ slug: 'attention', kind: 'METHOD' }));
    expect(concepts.map((c: any) => c.slug)).toContain('sparse-attention');
    const titles = paper.references.edges.map((e: any) => e.node.title);
    expect(titles).toContain('Attention Is All You Need');
    expect(titles.some((t: string) => t.startsWith('BERT'))).toBe(true);
    expect(titles).toContain('Efficient Transformers: A Survey');
    expect(paper.references.totalCount).toBe(titles.length);
  });

  it('ContrastiveLearning: under self-supervised learning, with both contrastive papers', async () => {
    const { concept } = await run('ContrastiveLearning');
    expect(concept.kind).toBe('METHOD');
    expect(concept.broader.map((b: any) => b.slug)).toEqual(expect.arrayContaining(['self-supervised-learning']));
    const titles = concept.papers.edges.map((e: any) => e.node.title);
    expect(titles.some((t: string) => t.startsWith('What Makes for Good Views'))).toBe(true);
    expect(titles).toContain('Hard Negative Mixing for Contrastive Learning');
    const years = concept.papers.edges.map((e: any) => e.node.year);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('Papers2020OnAttention: Big Bird is among them, most cited first, all from 2020', async () => {
    const { papers } = await run('Papers2020OnAttention');
    const nodes = papers.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.title)).toContain('Big Bird: Transformers for Longer Sequences');
    const counts = nodes.map((n: any) => n.citationCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(papers.totalCount).toBeGreaterThanOrEqual(nodes.length);
  });

  it('TransformerCitedBy and NodeRoundTrip: cited by Big Bird and Untangling; node(id) is the same paper', async () => {
    const { paper } = await run('TransformerCitedBy');
    expect(paper.title).toBe('Attention Is All You Need');
    const citers = paper.citedBy.edges.map((e: any) => e.node.title);
    expect(citers).toContain('Big Bird: Transformers for Longer Sequences');
    expect(citers.some((t: string) => t.startsWith('Untangling tradeoffs between recurrence and self-attention'))).toBe(true);
    const { node } = await run('NodeRoundTrip', { id: paper.id });
    expect(node).toMatchObject({ id: paper.id, __typename: 'Paper', title: 'Attention Is All You Need' });
  });

  it('TransformersTopic: holds Big Bird and GPT-3', async () => {
    const { topic } = await run('TransformersTopic');
    expect(topic.name).toBe('Transformers and Attention');
    const titles = topic.papers.edges.map((e: any) => e.node.title);
    expect(titles).toContain('Big Bird: Transformers for Longer Sequences');
    expect(titles).toContain('Language Models are Few-Shot Learners');
  });

  it('PapersPage: walking to the end yields totalCount distinct papers', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = -1;
    for (let pages = 0; pages < 1000; pages++) {
      const { papers } = await run('PapersPage', { after });
      total = papers.totalCount;
      for (const e of papers.edges) seen.add(e.node.id);
      if (!papers.pageInfo.hasNextPage) break;
      after = papers.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(25);
    expect(seen.size).toBe(total);
  });
});
