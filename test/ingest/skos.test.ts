// SKOS concept schemes: the ACM Computing Classification System 2012 as published, and a small
// scheme for the SKOS features ACM does not use (altLabel, definition, languages, narrower only).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendants } from '../../src/graph/concepts.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { broaderCycles, skosImporter } from '../../src/ingest/skos.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

describeDataset('SKOS import of the ACM CCS 2012', ['acm-ccs-2012/acm_ccs2012.skos.xml'], () => {
  it('has 2,113 concepts, and "Machine learning" has its narrower concepts', async () => {
    const batch = await skosImporter.read([datasetPath('acm-ccs-2012/acm_ccs2012.skos.xml')], {});
    expect(batch.corpus.concepts).toHaveLength(2113);
    expect(batch.skipped).toEqual([]);
    // No broader cycle, no entity declaration, all UTF-8: nothing to warn about.
    expect(batch.warnings).toEqual([]);
    expect(batch.corpus.concepts.reduce((n, c) => n + c.broaderIds.length, 0)).toBe(2100);
    const graph = new KnowledgeGraph(batch.corpus);
    const ml = graph.concepts.get('acm:10010147.10010257')!;
    expect(ml).toMatchObject({ name: 'Machine learning', slug: 'machine-learning', kind: 'FIELD', broaderIds: ['acm:10010147'] });
    const narrower = batch.corpus.concepts.filter((c) => c.broaderIds.includes(ml.id)).map((c) => c.name);
    expect(narrower).toEqual([
      'Learning paradigms',
      'Learning settings',
      'Machine learning approaches',
      'Machine learning algorithms',
      'Cross-validation',
    ]);
    const below = descendants(graph, graph.concepts.indexOf(ml.id));
    expect(below.length).toBeGreaterThan(80);
  });

  it('gives repeated labels unique slugs', async () => {
    const { corpus } = await skosImporter.read([datasetPath('acm-ccs-2012/acm_ccs2012.skos.xml')], {});
    expect(new Set(corpus.concepts.map((c) => c.slug)).size).toBe(2113);
    const networkSecurity = corpus.concepts.filter((c) => c.name === 'Network security').map((c) => c.slug);
    expect(networkSecurity).toEqual(['network-security', 'network-security-2']);
  });
});

describe('SKOS features', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-skos-'));
  const file = join(dir, 'tiny.rdf');
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <skos:Concept rdf:about="http://example.org/scheme#ml">
    <skos:prefLabel xml:lang="de">Maschinelles Lernen</skos:prefLabel>
    <skos:prefLabel xml:lang="en">Machine learning</skos:prefLabel>
    <skos:altLabel xml:lang="en">ML</skos:altLabel>
    <skos:scopeNote xml:lang="en">A scope note.</skos:scopeNote>
    <skos:definition xml:lang="en">Learning from data.</skos:definition>
    <skos:narrower rdf:resource="http://example.org/scheme#ssl"/>
  </skos:Concept>
  <rdf:Description rdf:about="http://example.org/scheme#ssl">
    <rdf:type rdf:resource="http://www.w3.org/2004/02/skos/core#Concept"/>
    <skos:prefLabel>Self-supervised learning</skos:prefLabel>
    <skos:broader rdf:resource="http://example.org/scheme#ml"/>
  </rdf:Description>
  <skos:Concept rdf:about="http://example.org/scheme#nolabel"/>
</rdf:RDF>`,
  );

  it('reads labels (English preferred), aliases, definitions and both directions of broader/narrower', async () => {
    const batch = await skosImporter.read([file], { mapping: { prefix: 'ex', kind: 'method' } });
    const [ml, ssl] = batch.corpus.concepts;
    expect(ml).toMatchObject({
      id: 'ex:ml',
      name: 'Machine learning',
      aliases: ['ML', 'Maschinelles Lernen'],
      description: 'Learning from data.',
      kind: 'METHOD',
    });
    expect(ssl).toMatchObject({ id: 'ex:ssl', name: 'Self-supervised learning', broaderIds: ['ex:ml'] });
    expect(batch.skipped).toEqual([{ file, line: 3, reason: 'concept <http://example.org/scheme#nolabel> has no skos:prefLabel' }]);
  });

  it('derives the id prefix from the file name, and refuses broken XML with the file and line', async () => {
    expect((await skosImporter.read([file], {})).corpus.concepts[0].id).toBe('tiny:ml');
    const broken = join(dir, 'broken.rdf');
    writeFileSync(
      broken,
      '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n  xmlns:skos="http://www.w3.org/2004/02/skos/core#">\n  <skos:Concept rdf:about="x">\n</rdf:RDF>',
    );
    await expect(skosImporter.read([broken], {})).rejects.toThrow(/broken\.rdf: not valid RDF\/XML: 5:10: unexpected close tag/);
  });
});

describe('SKOS input that is suspect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-skos-safety-'));
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const rdf = (body: string) =>
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">\n${body}\n</rdf:RDF>\n`;
  const concept = (id: string, label: string, broader: string[]) =>
    `  <skos:Concept rdf:about="http://example.org/s#${id}"><skos:prefLabel>${label}</skos:prefLabel>${broader
      .map((b) => `<skos:broader rdf:resource="http://example.org/s#${b}"/>`)
      .join('')}</skos:Concept>`;

  it('keeps a broader cycle as stated, and reports it once as a warning', async () => {
    const file = join(dir, 'cycle.rdf');
    writeFileSync(
      file,
      head + rdf([concept('a', 'A', ['b']), concept('b', 'B', ['c']), concept('c', 'C', ['a']), concept('d', 'D', ['a'])].join('\n')),
    );
    const batch = await skosImporter.read([file], { mapping: { prefix: 'ex' } });
    expect(batch.corpus.concepts.map((c) => [c.id, c.broaderIds])).toEqual([
      ['ex:a', ['ex:b']],
      ['ex:b', ['ex:c']],
      ['ex:c', ['ex:a']],
      ['ex:d', ['ex:a']],
    ]);
    expect(batch.warnings).toEqual([{ file, line: 1, reason: 'skos:broader cycle: ex:a → ex:b → ex:c → ex:a' }]);
    expect(batch.warningCount).toBe(1);
    await expect(skosImporter.read([file], { mapping: { prefix: 'ex' }, strict: true })).rejects.toThrow(
      /cycle\.rdf:1: skos:broader cycle.*refused under --strict/,
    );
  });

  it('finds each cycle once: two cycles are two, a hierarchy with shared parents has none', () => {
    expect(
      broaderCycles([
        { id: 'a', broaderIds: ['b'] },
        { id: 'b', broaderIds: ['a'] },
        { id: 'c', broaderIds: ['d'] },
        { id: 'd', broaderIds: ['c', 'a'] },
      ]),
    ).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(
      broaderCycles([
        { id: 'a', broaderIds: [] },
        { id: 'b', broaderIds: ['a'] },
        { id: 'c', broaderIds: ['a', 'b'] },
      ]),
    ).toEqual([]);
  });

  it('never expands XML entities: declarations are warnings, a reference fails the file (billion laughs)', async () => {
    const laughs = [
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`),
    ];
    const bomb = join(dir, 'laughs.rdf');
    writeFileSync(bomb, `${head}<!DOCTYPE rdf:RDF [\n${laughs.join('\n')}\n]>\n${rdf(concept('a', '&lol9;', []))}`);
    await expect(skosImporter.read([bomb], {})).rejects.toThrow(
      /laughs\.rdf: not valid RDF\/XML: .*undefined entity.*\(XML entities are not expanded\)/,
    );

    const declared = join(dir, 'declared.rdf');
    writeFileSync(declared, `${head}<!DOCTYPE rdf:RDF [\n<!ENTITY ex "http://example.org/s#">\n]>\n${rdf(concept('a', 'A', []))}`);
    const batch = await skosImporter.read([declared], {});
    expect(batch.corpus.concepts.map((c) => c.name)).toEqual(['A']);
    expect(batch.warningCount).toBe(1);
    expect(batch.warnings![0].reason).toBe('XML entity declaration "ex" ignored (papergraph does not expand entities)');
    await expect(skosImporter.read([declared], { strict: true })).rejects.toThrow(/declared\.rdf:\d+: XML entity declaration "ex"/);
  });

  it('reports invalid UTF-8 by line and keeps the concept, and reads a byte-order mark', async () => {
    const file = join(dir, 'latin1.rdf');
    const text = `\uFEFF${head}${rdf([concept('a', 'Caf\u00e9', []), concept('b', 'Na\u00efve', ['a'])].join('\n'))}`;
    // The second label in Latin-1, as a careless export writes it: one byte 0xEF where UTF-8 has two.
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(text.slice(0, text.indexOf('Na')), 'utf8'), Buffer.from(text.slice(text.indexOf('Na')), 'latin1')]),
    );
    const batch = await skosImporter.read([file], { mapping: { prefix: 'ex' } });
    expect(batch.corpus.concepts.map((c) => c.name)).toEqual(['Café', 'Na\uFFFDve']);
    expect(batch.warnings).toEqual([{ file, line: 4, reason: 'invalid UTF-8 (each bad byte read as U+FFFD)' }]);
  });
});
