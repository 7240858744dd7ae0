// Exports: every graph format parses back with as many nodes and edges as the graph has, text
// survives escaping, filters keep what they promise, and papers come out as BibTeX and CSL-JSON.

import { Cite } from '@citation-js/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { EXPORTERS, ExportError, exportFiles, paperBibtex, paperCsl, selectPapers } from '../../src/ingest/export/index.js';
import { cslName } from '../../src/ingest/export/csl.js';
import { emptyCorpus, newPaper } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset } from '../support/datasets.js';

const graph = new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR));
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['node', 'edge', 'data', 'attvalue', 'key'].includes(name),
});

/** Node and edge counts of a whole graph, by the graph's own tables. */
function countsOf(g: KnowledgeGraph) {
  const nodes = g.papers.size + g.authors.size + g.venues.size + g.topics.size + g.concepts.size;
  const published = g.paperVenue.filter((v) => v >= 0).length;
  const edges =
    g.citations.length + g.paperConcepts.length + g.authorships.length + g.paperTopics.length + g.broader.out.targets.length + published;
  return { nodes, edges };
}

function parseGraphml(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  return xml.parse(text).graphml.graph as {
    node: { '@id': string; data: { '@key': string; '#text': string | number }[] }[];
    edge: { '@source': string; '@target': string; data: { '@key': string; '#text': string }[] }[];
  };
}

/** A graph whose text needs every kind of escaping. */
function awkwardGraph(): KnowledgeGraph {
  const corpus = emptyCorpus();
  const title = 'Less <is> "more" & fewer, \'quoted\'\nlines\u0001 — ünïcode';
  corpus.papers.push(newPaper('p1', title, { year: 2020 }), newPaper('p2', 'Plain', { year: 2019 }));
  corpus.citations.push({
    citingId: 'p1',
    citedId: 'p2',
    contexts: ['as "shown", in <2>'],
    intents: ['METHOD'],
    isInfluential: true,
    provenance: [],
  });
  return new KnowledgeGraph(corpus);
}

describe('graph exports of the curated corpus', () => {
  const { nodes, edges } = countsOf(graph);

  it('GraphML is well-formed and has every node and edge, typed', () => {
    const parsed = parseGraphml(exportFiles(graph, 'graphml')[0].content);
    expect(parsed.node).toHaveLength(nodes);
    expect(parsed.edge).toHaveLength(edges);
    const attention = parsed.node.find((n) => n['@id'] === 'paper:vaswani2017attention')!;
    expect(attention.data.find((d) => d['@key'] === 'label')!['#text']).toBe('Attention Is All You Need');
    expect(attention.data.find((d) => d['@key'] === 'kind')!['#text']).toBe('PAPER');
    const types = new Set(parsed.edge.map((e) => e.data.find((d) => d['@key'] === 'type')!['#text']));
    expect([...types].sort()).toEqual(['AUTHORED', 'BROADER', 'CITES', 'HAS_CONCEPT', 'IN_TOPIC', 'PUBLISHED_IN']);
  });

  it('GEXF is well-formed and has every node and edge, HAS_CONCEPT weighted by score', () => {
    const text = exportFiles(graph, 'gexf')[0].content;
    expect(XMLValidator.validate(text)).toBe(true);
    const g = xml.parse(text).gexf.graph;
    expect(g.nodes.node).toHaveLength(nodes);
    expect(g.edges.edge).toHaveLength(edges);
    const hasConcept = g.edges.edge.find((e: Record<string, string>) => e['@label'] === 'HAS_CONCEPT');
    expect(Number(hasConcept['@weight'])).toBeGreaterThan(0);
  });

  it('Cytoscape.js JSON has every element, and every edge ends on a node', () => {
    const { elements } = JSON.parse(exportFiles(graph, 'cytoscape')[0].content);
    expect(elements.nodes).toHaveLength(nodes);
    expect(elements.edges).toHaveLength(edges);
    const ids = new Set(elements.nodes.map((n: { data: { id: string } }) => n.data.id));
    for (const e of elements.edges) expect(ids.has(e.data.source) && ids.has(e.data.target)).toBe(true);
    const role = elements.edges.find((e: { data: { type: string } }) => e.data.type === 'HAS_CONCEPT').data;
    expect(role.role).toMatch(/^(INTRODUCES|USES|STUDIES|EVALUATES_ON)$/);
  });

  it('CSV gives nodes.csv and edges.csv that a CSV parser reads back', () => {
    const [nodesCsv, edgesCsv] = exportFiles(graph, 'csv');
    expect(nodesCsv.name).toBe('nodes.csv');
    const nodeRows = parseCsv(nodesCsv.content, { columns: true }) as Record<string, string>[];
    const edgeRows = parseCsv(edgesCsv.content, { columns: true }) as Record<string, string>[];
    expect(nodeRows).toHaveLength(nodes);
    expect(edgeRows).toHaveLength(edges);
    expect(nodeRows.find((r) => r.id === 'paper:vaswani2017attention')).toMatchObject({
      kind: 'PAPER',
      year: '2017',
      arxivId: '1706.03762',
    });
  });

  it('keeps only the filtered papers and what they touch', () => {
    const indexes = selectPapers(graph, { year: 2020, conceptSlug: 'contrastive-learning' })!;
    expect(indexes.length).toBeGreaterThan(0);
    const paperIds = indexes.map((i) => graph.papers.records[i].id);
    const parsed = parseGraphml(exportFiles(graph, 'graphml', { paperIds })[0].content);
    const papers = parsed.node.filter((n) => n['@id'].startsWith('paper:'));
    expect(papers.map((n) => n['@id']).sort()).toEqual(paperIds.map((id) => `paper:${id}`).sort());
    const kept = new Set(parsed.node.map((n) => n['@id']));
    for (const e of parsed.edge) expect(kept.has(e['@source']) && kept.has(e['@target'])).toBe(true);
    expect(parsed.node.some((n) => n['@id'] === 'concept:contrastive-learning')).toBe(true);
  });

  it('refuses unknown formats, papers and concepts with an ExportError', () => {
    expect(() => exportFiles(graph, 'dot')).toThrow(ExportError);
    expect(() => exportFiles(graph, 'dot')).toThrow(
      /unknown export format "dot" \(known: graphml, gexf, cytoscape, csv, curated, bibtex, csl\)/,
    );
    expect(() => paperBibtex(graph, 'no-such-paper')).toThrow('no paper with id "no-such-paper"');
    expect(() => selectPapers(graph, { conceptSlug: 'no-such-concept' })).toThrow('no concept with slug "no-such-concept"');
    expect(EXPORTERS.map((e) => e.format)).toEqual(['graphml', 'gexf', 'cytoscape', 'csv', 'curated', 'bibtex', 'csl']);
  });
});

describe('escaping', () => {
  const awkward = awkwardGraph();
  const title = awkward.papers.records[0].title;

  it('keeps XML well-formed and the text intact (minus characters XML cannot hold)', () => {
    for (const format of ['graphml', 'gexf']) {
      const text = exportFiles(awkward, format)[0].content;
      expect(XMLValidator.validate(text), format).toBe(true);
      expect(text).toContain('Less &lt;is&gt; &quot;more&quot; &amp; fewer');
      expect(text).not.toContain('\u0001');
    }
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true }).parse(
      exportFiles(awkward, 'gexf')[0].content,
    );
    expect(parsed.gexf.graph.nodes.node[0]['@label']).toBe(title.replace('\u0001', ''));
  });

  it('quotes CSV fields with commas, quotes and line breaks so they read back exactly', () => {
    const [nodesCsv, edgesCsv] = exportFiles(awkward, 'csv');
    const rows = parseCsv(nodesCsv.content, { columns: true }) as Record<string, string>[];
    expect(rows[0].label).toBe(title);
    expect((parseCsv(edgesCsv.content, { columns: true }) as Record<string, string>[])[0].contexts).toBe('as "shown", in <2>');
  });
});

describe('papers as BibTeX and CSL-JSON', () => {
  it('gives "Attention Is All You Need" as a BibTeX entry with its title, authors and year', () => {
    const bibtex = paperBibtex(graph, 'vaswani2017attention');
    expect(bibtex).toMatch(/^@inproceedings\{vaswani2017attention,/);
    expect(bibtex).toContain('Attention {Is} {All} {You} {Need}');
    expect(bibtex).toContain('Vaswani, Ashish and Shazeer, Noam and Parmar, Niki');
    expect(bibtex).toMatch(/year = \{2017\}/);
    // And citation-js reads it back.
    const [item] = new Cite(bibtex).format('data', { format: 'object' }) as unknown as { title: string; author: { family: string }[] }[];
    expect(item.title).toBe('Attention Is All You Need');
    expect(item.author).toHaveLength(8);
  });

  it('gives a CSL-JSON item with authors in order, year, venue and arXiv id', () => {
    const csl = paperCsl(graph, 'vaswani2017attention');
    expect(csl).toMatchObject({
      id: 'vaswani2017attention',
      type: 'paper-conference',
      title: 'Attention Is All You Need',
      issued: { 'date-parts': [[2017]] },
      note: 'arXiv:1706.03762',
    });
    expect(csl.author!.map((a) => a.family)).toEqual([
      'Vaswani',
      'Shazeer',
      'Parmar',
      'Uszkoreit',
      'Jones',
      'Gomez',
      'Kaiser',
      'Polosukhin',
    ]);
    expect(csl['container-title']).toMatch(/Neural Information Processing Systems/);
  });

  it('exports a filtered set as BibTeX and CSL-JSON, one entry per paper', () => {
    const paperIds = selectPapers(graph, { year: 2020 })!.map((i) => graph.papers.records[i].id);
    const bibtex = exportFiles(graph, 'bibtex', { paperIds })[0].content;
    expect(bibtex.match(/^@\w+\{/gm)).toHaveLength(paperIds.length);
    expect(JSON.parse(exportFiles(graph, 'csl', { paperIds })[0].content)).toHaveLength(paperIds.length);
  });

  it('splits names the way bibliographies want them', () => {
    expect(cslName('Aaron van den Oord')).toEqual({ given: 'Aaron', 'non-dropping-particle': 'van den', family: 'Oord' });
    expect(cslName('Rush, Alexander M.')).toEqual({ given: 'Alexander M.', family: 'Rush' });
    expect(cslName('Alexander M. Rush')).toEqual({ given: 'Alexander M.', family: 'Rush' });
    expect(cslName('Plato')).toEqual({ family: 'Plato' });
  });
});

describeDataset('GraphML export of the ACL Anthology Network', AAN_FILES, () => {
  it('opens in an XML parser with as many nodes and edges as the graph', () => {
    const aan = new KnowledgeGraph(loadAanCorpus());
    const started = performance.now();
    const text = exportFiles(aan, 'graphml')[0].content;
    const exportMs = performance.now() - started;
    const parsed = parseGraphml(text);
    const { nodes, edges } = countsOf(aan);
    expect(parsed.node).toHaveLength(nodes);
    expect(parsed.edge).toHaveLength(edges);
    expect(parsed.edge.filter((e) => e.data[0]['#text'] === 'CITES')).toHaveLength(82_898);
    console.log(`[export] AAN GraphML: ${nodes} nodes, ${edges} edges, ${(text.length / 1e6).toFixed(1)} MB in ${exportMs.toFixed(0)} ms`);
  });
});
