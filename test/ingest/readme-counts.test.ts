// The README's section on the curated corpus states counts (records per file, papers, citations,
// concepts by kind, …). They come from the data: this test reads the section and checks every
// number in it against data/, so a count that drifts (the README once said 88 citations where
// the files held 92) fails here instead of misleading a reader.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURATED_FILES } from '../../src/ingest/curated-format.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { REPO_ROOT } from '../support/datasets.js';

const HEADING = '## The curated corpus (`data/`)';
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const start = readme.indexOf(HEADING);
const end = readme.indexOf('\n## ', start + HEADING.length);
const section = readme.slice(start, end < 0 ? undefined : end);

const records = (file: string) => JSON.parse(readFileSync(join(CURATED_DATA_DIR, file), 'utf8')) as Record<string, any>[];
const papers = records('papers.json');
const citations = records('citations.json');
const concepts = records('concepts.json');
const collections = records('collections.json');
const ofKind = (kind: string) => concepts.filter((c) => c.kind === kind).length;
const authorsOfPapers = new Set(papers.flatMap((p) => p.authors as string[])).size;

/** What a number followed by these words counts, in the data. */
const FACTS: [RegExp, number][] = [
  [/^papers\b/, papers.length],
  [/^authors\b/, authorsOfPapers],
  [/^citations\b/, citations.length],
  [/^of them the guide's numbered references/, citations.filter((c) => c.provenance === 'guide').length],
  [/^concepts\b/, concepts.length],
  [/^methods\b/, ofKind('METHOD')],
  [/^tasks\b/, ofKind('TASK')],
  [/^fields\b/, ofKind('FIELD')],
  [/^datasets\b/, ofKind('DATASET')],
  [/^metrics\b/, ofKind('METRIC')],
  [/^paper↔concept links\b/, records('paper-concepts.json').length],
];

describe("the README's counts of the curated corpus", () => {
  it('has the section', () => {
    expect(start).toBeGreaterThan(0);
  });

  it("states each file's record count as the file has it, for every file of the format", () => {
    const rows = section.split('\n').filter((line) => /^\| `[a-z-]+\.json` \|/.test(line));
    const stated = new Map(
      rows.map((row) => {
        const cells = row.split('|').map((c) => c.trim());
        return [cells[1].replaceAll('`', ''), Number(cells.at(-2)!.replaceAll(',', ''))];
      }),
    );
    expect([...stated.keys()].sort()).toEqual(
      Object.values(CURATED_FILES)
        .map((f) => f.file)
        .sort(),
    );
    for (const [file, count] of stated) expect(count, file).toBe(records(file).length);
    expect(stated.get('citations.json')).toBe(92);
  });

  it('states counts in its prose that the data bears out, and no count the test cannot check', () => {
    // Code spans (`neurips-2020`, the example error's "#12") and the table are not prose counts.
    const prose = section
      .split('\n')
      .filter((line) => !line.startsWith('|'))
      .join(' ')
      .replace(/`[^`]*`/g, '')
      .replace(/\s+/g, ' ');
    const numbers = [...prose.matchAll(/(?<![\w-])(\d[\d,]*) /g)];
    expect(numbers.length).toBeGreaterThanOrEqual(FACTS.length);
    const checked = new Set<RegExp>();
    for (const match of numbers) {
      const after = prose.slice(match.index + match[0].length);
      const fact = FACTS.find(([words]) => words.test(after));
      expect(fact, `README says "${match[0]}${after.slice(0, 30)}…", which no check covers`).toBeDefined();
      expect(Number(match[1].replaceAll(',', '')), `"${match[0]}${after.slice(0, 30)}"`).toBe(fact![1]);
      checked.add(fact![0]);
    }
    expect(checked.size).toBe(FACTS.length);
  });

  it('names the guide: ten ranked entries, nine numbered references', () => {
    const text = section.replace(/\s+/g, ' ');
    expect(text).toContain('ten ranked entries');
    expect(collections).toHaveLength(1);
    expect(collections[0].entries).toHaveLength(10);
    expect(text).toContain('its nine numbered references');
    expect(citations.filter((c) => c.provenance === 'guide')).toHaveLength(9);
  });
});
