// TEXT related papers through the API: the method, the shared terms on the evidence (capped by
// `first`), HYBRID for a paper without citations, and one store call for many papers' lists.

import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/api/global-id.js';
import { countingStore, curatedApp, curatedStore, query } from '../support/app.js';

describe('related papers by text (API)', () => {
  it('relatedPapers(method: TEXT) for GPT-3: GPT-2 first, with the words both use', async () => {
    const data = await query(
      curatedApp(),
      `query($id: ID!) { relatedPapers(id: $id, method: TEXT, first: 3) { score paper { title } evidence { sharedTerms sharedTermsCapped: sharedTerms(first: 2) sharedConceptCount } } }`,
      { id: toGlobalId('Paper', 'brown2020language') },
    );
    const [top] = data.relatedPapers;
    expect(top.paper.title).toBe('Language Models are Unsupervised Multitask Learners');
    expect(top.evidence.sharedTerms).toEqual(expect.arrayContaining(['gpt', 'language', 'models']));
    expect(top.evidence.sharedTermsCapped).toEqual(top.evidence.sharedTerms.slice(0, 2));
    expect(top.evidence.sharedConceptCount).toBeGreaterThan(0);
  });

  it('Paper.related for many papers is one store call; HYBRID of an uncited paper shows shared terms', async () => {
    const counted = countingStore(curatedStore());
    const data = await query(
      curatedApp(counted.store),
      `{ papers(first: 20, where: { titleContains: "graph" }) { edges { node { id title related(first: 2) { paper { title } evidence { sharedTerms } } text: related(method: TEXT, first: 2) { paper { id } } } } } }`,
    );
    expect(counted.calls.get('relatedPapers')).toBe(1);
    const nodes = data.papers.edges.map((e: any) => e.node);
    const count = nodes.find((n: any) => n.title === 'Can Graph Neural Networks Count Substructures?');
    expect(count.related[0].paper.title).toBe('Factor Graph Neural Networks');
    expect(count.related[0].evidence.sharedTerms).toEqual(expect.arrayContaining(['graph', 'neural']));
    for (const n of nodes) expect(n.text.map((r: any) => r.paper.id)).not.toContain(n.id);
  });
});
