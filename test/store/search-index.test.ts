// The search index builds in the background: a store keeps answering other requests while it
// builds, searches made meanwhile wait for it, and it is built once.

import { expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset } from '../support/datasets.js';

describeDataset('search index over AAN, built in the background', AAN_FILES, () => {
  it('answers other requests while it builds, then every search made meanwhile', async () => {
    const store = new MemoryStore(new KnowledgeGraph(loadAanCorpus()));
    let built = false;
    const building = store.prepareSearch().then((index) => ((built = true), index));
    const early = store.search([{ text: 'statistical parsing', kinds: ['Paper'], page: { first: 5 } }]);
    // Two turns of the event loop in: the index (18,041 papers and their authors) is not done, the store answers.
    await new Promise((resolve) => setImmediate(resolve));
    const [paper] = await store.nodesByIds('Paper', ['J93-2004']);
    expect(paper?.title).toBe('Building A Large Annotated Corpus Of English: The Penn Treebank');
    expect(built).toBe(false);
    const [hits] = await early;
    expect(built).toBe(true);
    expect(hits.totalCount).toBeGreaterThan(100);
    expect(hits.items).toHaveLength(5);
    expect(await store.prepareSearch()).toBe(await building);
  });
});
