// The NeurIPS 2020 listing + proceedings importer, the NeurIPS/ICML citation-set importer, and
// the rules that tell apart people who share a name — on the real files.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { arxivCitationsImporter, arxivYear } from '../../src/ingest/arxiv-citations.js';
import { AuthorDisambiguator, normalizePersonName, normalizeTitle, sameAffiliation } from '../../src/ingest/identity.js';
import type { ImportBatch } from '../../src/ingest/importer.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { BatchBuilder } from '../../src/ingest/batch-builder.js';
import { neuripsImporter, proceedingsId } from '../../src/ingest/neurips.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

const LISTING = 'neurips-2020/papers.jsonl';
const ABSTRACTS = 'neurips-2020-abstracts/abstracts.jsonl';

interface AbstractRow {
  idx: number;
  title: string;
  proceedings_title: string | null;
  abstract: string | null;
  arxiv_id: string | null;
}

describeDataset('the NeurIPS 2020 listing with its proceedings records', [LISTING, ABSTRACTS], () => {
  let batch: ImportBatch;
  let rows: AbstractRow[];
  beforeAll(async () => {
    batch = await neuripsImporter.read([datasetPath(LISTING), datasetPath(ABSTRACTS)], {});
    rows = readFileSync(datasetPath(ABSTRACTS), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AbstractRow);
  });
  const paper = (idx: number) => batch.corpus.papers.find((p) => p.id === `neurips-2020:${idx}`)!;

  it('reads 1,900 papers with 1,899 abstracts, 547 arXiv ids and the presentation counts of the README', () => {
    expect(batch.skipped).toEqual([]);
    expect(batch.read).toBe(3800);
    const { papers } = batch.corpus;
    expect(papers).toHaveLength(1900);
    expect(papers.filter((p) => p.abstract)).toHaveLength(1899);
    expect(papers.filter((p) => p.arxivId)).toHaveLength(547);
    expect(papers.filter((p) => p.externalIds.some((e) => e.scheme === 'semantic-scholar'))).toHaveLength(1889);
    expect(papers.filter((p) => p.externalIds.some((e) => e.scheme === 'neurips-proceedings'))).toHaveLength(1899);
    expect(papers.filter((p) => p.codeUrl)).toHaveLength(663);
    const count = (kind: string) => papers.filter((p) => p.presentation === kind).length;
    expect([count('POSTER'), count('SPOTLIGHT'), count('ORAL')]).toEqual([1513, 280, 105]);
    // Retitled papers keep the listing's initial title as an alias.
    const retitled = rows.filter((r) => r.proceedings_title && normalizeTitle(r.proceedings_title) !== normalizeTitle(r.title));
    expect(retitled.length).toBeGreaterThan(180);
    expect(papers.filter((p) => p.aliases.length > 0)).toHaveLength(retitled.length);
    // Subject areas: 171 distinct, primary and secondary, as topics.
    expect(batch.corpus.topics).toHaveLength(171);
  });

  it('gives GPT-3 its proceedings record: abstract with provenance, hash, Semantic Scholar id, Oral, subject areas', () => {
    const gpt3 = paper(1461);
    expect(gpt3.title).toBe('Language Models are Few-Shot Learners');
    expect(gpt3.abstract).toBe(rows[1461].abstract);
    expect(gpt3.abstract).toMatch(/^We demonstrate that scaling up language models greatly improves task-agnostic, few-shot performance/);
    expect(gpt3.abstractProvenance).toEqual({ source: 'neurips-2020', recordId: 'abstracts.jsonl:1462#1461' });
    expect(gpt3).toMatchObject({
      arxivId: '2005.14165',
      year: 2020,
      presentation: 'ORAL',
      url: 'https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html',
      pdfUrl: 'https://proceedings.neurips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf',
    });
    expect(gpt3.externalIds).toEqual([
      {
        scheme: 'neurips-proceedings',
        id: '1457c0d6bfcb4967418bfb8ac142f64a',
        url: 'https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html',
      },
      {
        scheme: 'semantic-scholar',
        id: '90abbc2cf38462b954ae1b772fac9532e2ccd8b0',
        url: 'https://www.semanticscholar.org/paper/90abbc2cf38462b954ae1b772fac9532e2ccd8b0',
      },
    ]);
    const topics = batch.corpus.paperTopics
      .filter((t) => t.paperId === gpt3.id)
      .map((t) => batch.corpus.topics.find((x) => x.id === t.topicId)!.name);
    expect(topics).toEqual([
      'Applications -> Natural Language Processing',
      'Algorithms -> Few-Shot Learning',
      'Algorithms -> Large Scale Learning',
      'Algorithms -> Meta-Learning',
      'Algorithms -> Unsupervised Learning',
      'Deep Learning',
      'Deep Learning -> Generative Models',
    ]);
  });

  it('titles a retitled paper as in the proceedings, the listing title an alias; idx 344 has only its listing record', () => {
    expect(paper(1769)).toMatchObject({
      title: 'Big Bird: Transformers for Longer Sequences',
      aliases: ['Big Bird: Bert for Longer Sequences'],
    });
    expect(paper(1316).title).toMatch(/^RandAugment/);
    expect(paper(344)).toMatchObject({ abstract: null, abstractProvenance: null, externalIds: [], presentation: null, url: null });
  });

  it('tells apart the two Lei Chens and the two Jian Suns, and keeps a moved Tong Zhang one person by his co-authors', () => {
    const authorsOf = (name: string) => {
      const people = batch.corpus.authors.filter((a) => normalizePersonName(a.name) === name);
      return people.map((a) => ({
        affiliations: a.affiliations,
        papers: batch.corpus.authorships.filter((x) => x.authorId === a.id).map((x) => Number(x.paperId.split(':')[1])),
      }));
    };
    expect(authorsOf('lei chen')).toEqual([
      { affiliations: ['Hong Kong University of Science and Technology'], papers: [676] },
      { affiliations: ['New York University'], papers: [885] },
    ]);
    expect(authorsOf('jian sun')).toEqual([
      { affiliations: ['Megvii, Face++'], papers: [289, 533] },
      { affiliations: ['Beijing Insitute of Technology'], papers: [858] },
    ]);
    // Tencent AI Lab and HKUST, joined by Luo Luo and Haishan Ye, who write with him at both.
    const tong = authorsOf('tong zhang');
    expect(tong).toHaveLength(1);
    expect(tong[0].affiliations).toEqual(['Tencent AI Lab', 'Hong Kong University of Science and Technology']);
    expect(tong[0].papers).toHaveLength(7);
    // A rare name at two places is one person who moved.
    expect(authorsOf('ilja kuzborskij')).toHaveLength(1);
    // 73 names of the listing are more than one person (the README says so): 84 people more than names.
    const people = new Map<string, number>();
    for (const a of batch.corpus.authors) people.set(normalizePersonName(a.name), (people.get(normalizePersonName(a.name)) ?? 0) + 1);
    expect([...people.values()].filter((n) => n > 1)).toHaveLength(73);
    expect(batch.corpus.authors).toHaveLength(people.size + 84);
  });
});

describeDataset('the NeurIPS/ICML citation set', ['neurips-icml-citations/papers.csv', 'neurips-icml-citations/citations.csv'], () => {
  it('reads 6,545 papers by arXiv id and 20,649 edges, none dangling; NeurIPS 2020 ones carry their proceedings hash', async () => {
    const batch = await arxivCitationsImporter.read([datasetPath('neurips-icml-citations/')], {});
    expect(batch.skipped).toEqual([]);
    expect(batch.corpus.papers).toHaveLength(6545);
    expect(batch.corpus.citations).toHaveLength(20649);
    expect([...batch.unresolvedReferences.values()].reduce((a, b) => a + b, 0)).toBe(0);
    const neurips = batch.corpus.papers.filter((p) => p.externalIds.some((e) => e.scheme === 'neurips-proceedings'));
    expect(neurips).toHaveLength(541);
    expect(new Set(neurips.map((p) => p.venueId))).toEqual(new Set(['neurips-icml-citations:venue:neurips-2020']));
    const gpt3 = batch.corpus.papers.find((p) => p.arxivId === '2005.14165')!;
    expect(gpt3).toMatchObject({ id: 'neurips-icml-citations:2005.14165', year: 2020, title: 'Language Models are Few-Shot Learners' });
    expect(gpt3.externalIds[0].id).toBe('1457c0d6bfcb4967418bfb8ac142f64a');
    expect(batch.corpus.papers.find((p) => p.arxivId === '0709.0928')).toMatchObject({
      year: 2007,
      venueId: null,
      url: 'https://arxiv.org/abs/0709.0928',
    });
    // 9 references of GPT-3 are in the set, 432 papers of the set cite it.
    expect(batch.corpus.citations.filter((c) => c.citingId === gpt3.id)).toHaveLength(9);
    expect(batch.corpus.citations.filter((c) => c.citedId === gpt3.id)).toHaveLength(432);
  });

  it('dates an arXiv id by the year it was issued', () => {
    expect([arxivYear('2005.14165'), arxivYear('0709.0928'), arxivYear('hep-th/9901001'), arxivYear('nonsense')]).toEqual([
      2020,
      2007,
      1999,
      null,
    ]);
  });
});

describe('people who share a name', () => {
  it('compares affiliations by distinctive words, acronyms and typos, not by kind of place', () => {
    expect(sameAffiliation('Google', 'Google Brain')).toBe(true);
    expect(sameAffiliation('Megvii', 'Megvii, Face++')).toBe(true);
    expect(sameAffiliation('MIT', 'Massachusetts Institute of Technology')).toBe(true);
    expect(sameAffiliation('NYU', 'New York University')).toBe(true);
    expect(sameAffiliation('Beijing Institute of Technology', 'Beijing Insitute of Technology')).toBe(true);
    expect(sameAffiliation('UC Berkeley', 'University of California, Berkeley')).toBe(true);
    expect(sameAffiliation('MILA, Polytechnique Montréal', 'Montreal Institute for Learning Algorithms')).toBe(true);
    expect(sameAffiliation('New York University', 'Hong Kong University of Science and Technology')).toBe(false);
    expect(sameAffiliation('Megvii, Face++', 'Beijing Institute of Technology')).toBe(false);
    expect(sameAffiliation('Stanford University', 'Harvard University')).toBe(false);
  });

  it('splits a common name by affiliation unless a co-author joins the mentions; a mention without affiliation joins the largest', () => {
    const people = new AuthorDisambiguator();
    const add = (name: string, affiliations: string[], coauthors: string[]) => people.add({ name, affiliations, coauthors });
    // Three Chens make "chen" a common family name.
    add('Wei Chen', ['A'], []);
    add('Xi Chen', ['B'], []);
    const a = add('Lei Chen', ['New York University'], ['Joan Bruna']);
    const b = add('Lei Chen', ['HKUST'], ['Quanming Yao']);
    const c = add('Lei Chen', ['Tencent'], ['Joan Bruna']);
    const d = add('Lei Chen', ['NYU'], []);
    const e = add('Lei Chen', [], []);
    expect([a, b, c, d, e].map((i) => people.person(i))).toEqual(['lei chen', 'lei chen 2', 'lei chen', 'lei chen', 'lei chen']);
  });
});

describe('merging authors across sources', () => {
  /** One source's papers: [paper id, [author name, affiliations][]]. */
  const source = (name: string, papers: [string, [string, string[]][]][]): ImportBatch => {
    const b = new BatchBuilder(name);
    for (const [id, authors] of papers) {
      b.addPaper({ id, title: `Paper ${id} of ${name}`, year: 2020 }, id);
      authors.forEach(([author, affiliations], i) =>
        b.authorship(id, b.author(`${name}:${normalizePersonName(author)}`, author, affiliations, id), i, affiliations),
      );
    }
    return b.finish(papers.length, []);
  };

  it('merges a name from another source only with evidence or nothing against it, and one newcomer per kept person', () => {
    const first = source('a', [
      [
        'a:1',
        [
          ['Jian Sun', ['Microsoft Research']],
          ['Xiangyu Zhang', []],
        ],
      ],
      ['a:2', [['Ada Lovelace', ['Analytical Engines']]]],
      ['a:3', [['Alan Turing', []]]],
    ]);
    const second = source('b', [
      // Shares a co-author with a's Jian Sun: the same person, whatever the affiliation.
      [
        'b:1',
        [
          ['Jian Sun', ['Megvii']],
          ['Xiangyu Zhang', ['Megvii']],
        ],
      ],
      // Another affiliation and no co-author in common: another Ada Lovelace.
      ['b:2', [['Ada Lovelace', ['Difference Engines']]]],
      // Nothing says otherwise (a's Turing has no affiliation): one Turing.
      ['b:3', [['Alan Turing', ['Manchester']]]],
    ]);
    const { corpus, report } = mergeBatches(null, [first, second]);
    const named = (name: string) => corpus.authors.filter((x) => x.name === name);
    expect(named('Jian Sun')).toHaveLength(1);
    expect(named('Jian Sun')[0].affiliations).toEqual(['Microsoft Research', 'Megvii']);
    expect(named('Ada Lovelace').map((x) => x.affiliations)).toEqual([['Analytical Engines'], ['Difference Engines']]);
    expect(named('Alan Turing')).toHaveLength(1);
    expect(report.sources[1]).toMatchObject({ created: { authors: 1 }, merged: { authors: 3 } });
  });

  it('merges papers by NeurIPS proceedings hash, given as an external id or read from a proceedings URL', () => {
    const hash = '1457c0d6bfcb4967418bfb8ac142f64a';
    const a = new BatchBuilder('a');
    a.addPaper(
      { id: 'a:1', title: 'GPT-3', year: 2020, url: `https://proceedings.neurips.cc/paper/2020/hash/${hash}-Abstract.html` },
      'a:1',
    );
    const b = new BatchBuilder('b');
    b.addPaper(
      { id: 'b:1', title: 'Language Models are Few-Shot Learners', year: 2019, externalIds: [proceedingsId(hash)], presentation: 'ORAL' },
      'b:1',
    );
    const { corpus, report } = mergeBatches(null, [a.finish(1, []), b.finish(1, [])]);
    expect(report.sources[1].merged.papers).toBe(1);
    expect(corpus.papers).toHaveLength(1);
    expect(corpus.papers[0]).toMatchObject({ id: 'a:1', presentation: 'ORAL', aliases: ['Language Models are Few-Shot Learners'] });
    expect(corpus.papers[0].externalIds).toEqual([proceedingsId(hash)]);
  });

  it('matches the authors of a paper both sources have by name before position (the listing swaps RL Unplugged)', () => {
    const first = source('a', [
      [
        'a:1',
        [
          ['Caglar Gulcehre', []],
          ['Ziyu Wang', []],
          ['Alexander Novikov', []],
        ],
      ],
    ]);
    const second = source('b', [
      [
        'b:1',
        [
          ['Ziyu Wang', ['DeepMind']],
          ['Caglar Gulcehre', ['DeepMind']],
          ['Alexander Novikov', ['DeepMind']],
        ],
      ],
    ]);
    second.corpus.papers[0].title = first.corpus.papers[0].title;
    const { corpus } = mergeBatches(null, [first, second]);
    const order = corpus.authorships
      .filter((x) => x.paperId === 'a:1')
      .sort((x, y) => x.position - y.position)
      .map((x) => corpus.authors.find((p) => p.id === x.authorId)!.name);
    expect(order).toEqual(['Caglar Gulcehre', 'Ziyu Wang', 'Alexander Novikov']);
    expect(corpus.authors).toHaveLength(3);
  });
});
