// The NeurIPS 2020 build on the real files: built once in-process (buildNeurips2020, what the
// command runs) for the facts, and once through `papergraph build neurips-2020` for the command:
// its report, its snapshot, its refusals.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { normalizePersonName, normalizeTitle, slugify } from '../../src/ingest/identity.js';
import { buildNeurips2020, NEURIPS_BUILD_FILES, type NeuripsBuild } from '../../src/ingest/neurips-build.js';
import { readSnapshot } from '../../src/ingest/snapshot.js';
import { linkStatus } from '../../src/model/change.js';
import type { Corpus, Paper } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { datasetPath, describeDataset, SHARED_DIR } from '../support/datasets.js';
import { runCli } from './run-cli.js';

const FILES = Object.values(NEURIPS_BUILD_FILES);

interface GuidePaper {
  short: string;
  arxiv_id: string;
  neurips_listing_title: string;
}
interface ProceedingsRow {
  idx: number;
  abstract: string | null;
  arxiv_id: string | null;
}

describeDataset('the NeurIPS 2020 build', FILES, () => {
  let build: NeuripsBuild;
  let corpus: Corpus;
  let curated: Corpus;
  let byArxiv: Map<string, Paper[]>;
  const guide = () => JSON.parse(readFileSync(datasetPath('neurips-2020/guide-papers.json'), 'utf8')) as GuidePaper[];
  const proceedings = () =>
    readFileSync(datasetPath(NEURIPS_BUILD_FILES.abstracts), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ProceedingsRow);

  beforeAll(async () => {
    curated = loadCuratedCorpus(CURATED_DATA_DIR);
    build = await buildNeurips2020({ datasets: join(SHARED_DIR, 'datasets'), base: curated });
    corpus = build.corpus;
    byArxiv = new Map();
    for (const p of corpus.papers) if (p.arxivId) byArxiv.set(p.arxivId, [...(byArxiv.get(p.arxivId) ?? []), p]);
  }, 120_000);

  it('holds the curated corpus, the 1,900 listing papers and the 6,545 of the citation set, each once', () => {
    const [listing, citationSet] = build.report.sources;
    expect(listing).toMatchObject({ source: 'neurips-2020', read: 3800, skippedCount: 0, danglingReferences: 0 });
    // The curated corpus's NeurIPS 2020 papers are listing papers: 20 merge.
    expect(listing.created.papers + listing.merged.papers).toBe(1900);
    expect(listing.merged.papers).toBe(20);
    // The citation set's 541 NeurIPS 2020 papers merge into listing papers (by hash), SuperGLUE into the curated one (arXiv id).
    expect(citationSet).toMatchObject({ source: 'neurips-icml-citations', read: 6545 + 20649, skippedCount: 0, danglingReferences: 0 });
    expect(citationSet.merged.papers).toBe(542);
    expect(corpus.papers).toHaveLength(curated.papers.length + 1880 + 6003);
    expect(corpus.papers.filter((p) => p.venueId === 'neurips-2020')).toHaveLength(1900);
    // Every citation of the set lands; 2 of them the curated corpus had already.
    expect(corpus.citations).toHaveLength(curated.citations.length + 20649 - 2);
    expect([...byArxiv.values()].filter((ps) => ps.length > 1)).toEqual([]);
    const titles = new Map<string, number>();
    for (const p of corpus.papers)
      titles.set(`${normalizeTitle(p.title)}|${p.year}`, (titles.get(`${normalizeTitle(p.title)}|${p.year}`) ?? 0) + 1);
    expect([...titles].filter(([, n]) => n > 1)).toEqual([]);
    new KnowledgeGraph(corpus);
  });

  it('keeps each guide paper once, under its curated id, with its arXiv id and the proceedings record merged in', () => {
    for (const g of guide()) {
      const holders = byArxiv.get(g.arxiv_id) ?? [];
      expect(holders, g.short).toHaveLength(1);
      const [paper] = holders;
      expect(
        curated.papers.some((p) => p.id === paper.id),
        g.short,
      ).toBe(true);
      expect(paper.provenance[0].source, g.short).toBe('curated');
      expect(
        paper.provenance.map((s) => s.source),
        g.short,
      ).toContain('neurips-2020');
      expect(
        paper.externalIds.map((e) => e.scheme),
        g.short,
      ).toContain('neurips-proceedings');
      expect(paper.presentation, g.short).not.toBeNull();
    }
    const gpt3 = byArxiv.get('2005.14165')![0];
    expect(gpt3).toMatchObject({ id: 'brown2020language', title: 'Language Models are Few-Shot Learners', presentation: 'ORAL' });
    expect(byArxiv.get('2006.07733')![0]).toMatchObject({ id: 'grill2020bootstrap', presentation: 'ORAL', codeUrl: null });
    expect(byArxiv.get('2007.14062')![0].aliases).toContain('Big Bird: Bert for Longer Sequences');
  });

  it("gives the guide papers the authors' abstract from the proceedings, with its provenance", () => {
    const rows = proceedings();
    for (const g of guide()) {
      const paper = byArxiv.get(g.arxiv_id)![0];
      const row = rows.find((r) => r.arxiv_id === g.arxiv_id);
      if (!row) continue; // Untangling: the proceedings record has no arXiv id; checked by title below.
      expect(paper.abstract, g.short).toBe(row.abstract);
      expect(paper.abstractProvenance, g.short).toEqual({ source: 'neurips-2020', recordId: `abstracts.jsonl:${row.idx + 1}#${row.idx}` });
    }
    const untangling = corpus.papers.find((p) => p.id === 'kerg2020untangling')!;
    expect(untangling.abstract).toBe(rows[500].abstract);
    expect(untangling.summary).toBeTruthy();
  });

  it('has the citations of the set into and out of GPT-3; BYOL is not in the set, so it keeps its curated ones', () => {
    const fromSet = (c: Corpus['citations'][number]) => c.provenance.some((p) => p.source === 'neurips-icml-citations');
    const out = corpus.citations.filter((c) => c.citingId === 'brown2020language');
    const into = corpus.citations.filter((c) => c.citedId === 'brown2020language');
    expect(out.filter(fromSet)).toHaveLength(9);
    expect(into.filter(fromSet)).toHaveLength(432);
    const title = (id: string) => corpus.papers.find((p) => p.id === id)!.title;
    // GPT-3 cites RAG and SuperGLUE (curated papers) and MAML (an ICML 2017 paper of the set).
    expect(out.filter(fromSet).map((c) => c.citedId)).toEqual(expect.arrayContaining(['lewis2020retrieval', 'wang2019superglue']));
    expect(out.map((c) => title(c.citedId))).toContain('Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks');
    expect(corpus.papers.find((p) => p.arxivId === '1703.03400')).toMatchObject({ year: 2017, venueId: null });
    const byol = (c: Corpus['citations'][number]) => c.citingId === 'grill2020bootstrap' || c.citedId === 'grill2020bootstrap';
    expect(corpus.citations.filter(byol).filter(fromSet)).toEqual([]);
    expect(corpus.citations.filter(byol)).toHaveLength(curated.citations.filter(byol).length);
  });

  it('links NeurIPS 2020 papers to their subject areas as topics', () => {
    const topicsOf = (paperId: string) =>
      corpus.paperTopics.filter((t) => t.paperId === paperId).map((t) => corpus.topics.find((x) => x.id === t.topicId)!.name);
    expect(topicsOf('brown2020language')).toEqual(expect.arrayContaining(['Applications -> Natural Language Processing', 'Deep Learning']));
    expect(topicsOf('grill2020bootstrap')).toEqual(expect.arrayContaining(['Algorithms -> Unsupervised Learning']));
    expect(corpus.topics.filter((t) => t.id.startsWith('neurips-2020:area:'))).toHaveLength(171);
  });

  it('keeps the curated authors one person each, and the listing name-sharers apart', () => {
    for (const author of curated.authors) {
      const papers = curated.authorships.filter((a) => a.authorId === author.id).map((a) => a.paperId);
      const now = corpus.authorships.filter((a) => a.authorId === author.id).map((a) => a.paperId);
      expect(now, author.name).toEqual(expect.arrayContaining(papers));
    }
    const people = (name: string) => corpus.authors.filter((a) => normalizePersonName(a.name) === name);
    // Lei Chen of NYU is the curated one (Can Graph Neural Networks Count Substructures?); HKUST's is another.
    expect(people('lei chen').map((a) => [a.id, a.affiliations])).toEqual([
      ['lei-chen', ['New York University']],
      ['neurips-2020:author:lei-chen', ['Hong Kong University of Science and Technology']],
    ]);
    // The curated Jian Sun (ResNet) is Megvii's, by their co-author Xiangyu Zhang; BIT's is another.
    expect(people('jian sun').map((a) => [a.id, a.affiliations])).toEqual([
      ['jian-sun', ['Megvii, Face++']],
      ['neurips-2020:author:jian-sun-2', ['Beijing Insitute of Technology']],
    ]);
    // Curated facts win: RL Unplugged's first author stays Caglar Gulcehre (the listing swaps him with Ziyu Wang),
    // GPT-3's Tom B. Brown stays at OpenAI (the listing says Google Brain).
    const authorsOf = (paperId: string) =>
      corpus.authorships
        .filter((a) => a.paperId === paperId)
        .sort((x, y) => x.position - y.position)
        .map((a) => corpus.authors.find((p) => p.id === a.authorId)!.name);
    expect(authorsOf('wang2020rl').slice(0, 2)).toEqual(['Caglar Gulcehre', 'Ziyu Wang']);
    expect(authorsOf('wang2020rl')).toHaveLength(curated.authorships.filter((a) => a.paperId === 'wang2020rl').length);
    expect(corpus.authors.find((a) => a.id === 'tom-b-brown')!.affiliations).toEqual(['OpenAI']);
    expect(corpus.authorships.find((a) => a.paperId === 'brown2020language' && a.authorId === 'tom-b-brown')!.affiliations).toEqual([]);
    // Authors on several guide papers stay one: Quoc V. Le (UDA, and more), Ting Chen.
    for (const name of ['quoc v le', 'ting chen', 'yonglong tian']) expect(people(name), name).toHaveLength(1);
  });

  it('has the CSO aligned to the curated concepts: mapped, not duplicated', () => {
    const cso = build.report.sources.find((s) => s.source === 'cso')!;
    expect(cso).toMatchObject({ read: 166519, skippedCount: 0 });
    expect(cso.merged.concepts).toBeGreaterThanOrEqual(40);
    expect(corpus.concepts).toHaveLength(curated.concepts.length + cso.created.concepts);
    expect(corpus.concepts.filter((c) => c.scheme === 'cso').length).toBeGreaterThan(11000);
    const curatedNames = new Set(curated.concepts.flatMap((c) => [c.name, ...c.aliases]).map(slugify));
    expect(corpus.concepts.filter((c) => c.scheme !== 'curated' && curatedNames.has(slugify(c.name))).map((c) => c.id)).toEqual([]);
    const contrastive = corpus.concepts.find((c) => c.id === 'contrastive-learning')!;
    expect(contrastive.mappings).toContainEqual(expect.objectContaining({ scheme: 'cso', id: 'contrastive_learning', match: 'EXACT' }));
    expect(contrastive.externalIds.map((e) => e.scheme)).toContain('cso');
    expect(contrastive.broaderIds).toContain('machine-learning');
  });

  it('tags the papers: suggested links with their evidence, ≥ 95 % of NeurIPS 2020 below the top level of a scheme', () => {
    const tagger = build.report.sources.find((s) => s.source === 'tagger')!;
    expect(tagger.read).toBe(corpus.papers.length);
    const machine = corpus.paperConcepts.filter((pc) => pc.provenance.every((p) => p.source === 'tagger'));
    expect(machine.length).toBeGreaterThan(5000);
    for (const link of machine) {
      expect(linkStatus(link)).toBe('SUGGESTED');
      expect(link.evidence.length, `${link.paperId} ${link.conceptId}`).toBeGreaterThan(0);
      for (const e of link.evidence) expect(['TITLE', 'ABSTRACT']).toContain(e.field);
    }
    const neurips = new Set(corpus.papers.filter((p) => p.venueId === 'neurips-2020').map((p) => p.id));
    const narrow = new Set(corpus.concepts.filter((c) => c.broaderIds.length > 0).map((c) => c.id));
    const covered = new Set(
      corpus.paperConcepts.filter((pc) => neurips.has(pc.paperId) && narrow.has(pc.conceptId)).map((pc) => pc.paperId),
    );
    expect(covered.size / neurips.size).toBeGreaterThanOrEqual(0.95);
    // ContraGAN's proceedings title names contrastive learning: a suggested link, with that evidence.
    const contragan = corpus.paperConcepts.find((pc) => pc.paperId === 'neurips-2020:1438' && pc.conceptId === 'contrastive-learning')!;
    expect(contragan.provenance.map((p) => p.source)).toEqual(['tagger']);
    expect(contragan.evidence).toContainEqual({ field: 'TITLE', text: 'Contrastive Learning' });
  });
});

describeDataset('papergraph build neurips-2020', FILES, () => {
  it('writes a snapshot and prints each source, the NeurIPS summary, the time and the peak RSS', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'papergraph-build-')), 'neurips-2020.pgs');
    const result = runCli(['build', 'neurips-2020', '--datasets', join(SHARED_DIR, 'datasets'), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^neurips-2020: read 3,800, skipped 0, dangling references 0$/m);
    expect(result.stdout).toMatch(/^neurips-icml-citations: read 27,194, skipped 0, dangling references 0$/m);
    expect(result.stdout).toMatch(/^NeurIPS 2020: 1,900 papers, 1,899 with the authors' abstract/m);
    expect(result.stdout).toMatch(/in \d+\.\d s, peak RSS \d+ MB$/m);
    const snapshot = readSnapshot(out);
    expect(snapshot.papers.filter((p) => p.venueId === 'neurips-2020')).toHaveLength(1900);
    expect(snapshot.papers.find((p) => p.id === 'brown2020language')!.presentation).toBe('ORAL');
  }, 180_000);

  it('refuses an unknown graph and a missing datasets folder in one line, exit 2', () => {
    const unknown = runCli(['build', 'neurips-2019', '--out', join(tmpdir(), 'x.pgs')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown graph "neurips-2019": use one of neurips-2020');
    const missing = runCli(['build', 'neurips-2020', '--datasets', '/no/such/dir', '--out', join(tmpdir(), 'x.pgs')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--datasets /no/such/dir: no such folder');
  });
});

describe('papergraph build --help', () => {
  it('names the graph it builds and how to serve it', () => {
    const help = runCli(['build', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('npm start -- --snapshot neurips-2020.pgs');
  });
});
