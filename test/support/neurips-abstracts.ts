// A NeurIPS 2020 graph with the authors' abstracts, for tests of text similarity: the listing
// (../neurips-2020/papers.jsonl) joined to its abstracts (../neurips-2020-abstracts/) by `idx`,
// written as one JSONL file (proceedings title as title, the listing title as another title when
// it differs, abstract, arXiv id) and read by the tabular importer. Ids are "neurips:<idx>".

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { datasetPath } from './datasets.js';

export const NEURIPS_ABSTRACT_FILES = ['neurips-2020/papers.jsonl', 'neurips-2020-abstracts/abstracts.jsonl'];

const jsonLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

/** The listing + abstracts as a graph of 1,900 papers (1,899 with an abstract), no citations. */
export async function neuripsAbstractsGraph(): Promise<KnowledgeGraph> {
  const listing = jsonLines(datasetPath('neurips-2020/papers.jsonl'));
  const abstracts = new Map(jsonLines(datasetPath('neurips-2020-abstracts/abstracts.jsonl')).map((a) => [a.idx, a]));
  // The importer names the source (and the ids) after the folder: "neurips".
  const dir = join(mkdtempSync(join(tmpdir(), 'neurips-abstracts-')), 'neurips');
  mkdirSync(dir);
  const file = join(dir, 'papers.jsonl');
  const rows = listing.map((paper) => {
    const a = abstracts.get(paper.idx) ?? {};
    return JSON.stringify({
      id: paper.idx,
      title: a.proceedings_title ?? paper.title,
      authors: paper.authors,
      venue: paper.venue,
      year: paper.year,
      abstract: a.abstract ?? null,
      arxiv_id: a.arxiv_id ?? null,
    });
  });
  writeFileSync(file, `${rows.join('\n')}\n`);
  const batch = await tabularImporter.read([file], {});
  return new KnowledgeGraph(mergeBatches(null, [batch]).corpus);
}
