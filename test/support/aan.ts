// A test-only loader for the ACL Anthology Network (papers.jsonl + citations.csv) into a Corpus.
// AAN has no concepts, so papers get keyword concepts from their titles: enough real structure
// to exercise HAS_CONCEPT, BROADER and shared-concept scoring on real data.

import { readFileSync } from 'node:fs';
import { emptyCorpus, newPaper, type Corpus } from '../../src/model/index.js';
import { datasetPath } from './datasets.js';

export const AAN_FILES = ['aan/papers.jsonl', 'aan/citations.csv'];

interface AanPaper {
  id: string;
  title: string;
  authors?: string[];
  venue?: string;
  year?: number;
}

/** Keyword concepts: a title containing a word starting with `stem` has the concept. */
const TITLE_CONCEPTS: { id: string; stems: string[]; broader: string[] }[] = [
  { id: 'syntax', stems: ['syntac', 'syntax'], broader: [] },
  { id: 'semantics', stems: ['semantic'], broader: [] },
  { id: 'parsing', stems: ['pars'], broader: ['syntax'] },
  { id: 'dependency-parsing', stems: ['dependency', 'dependencies'], broader: ['parsing'] },
  { id: 'grammar', stems: ['grammar'], broader: ['syntax'] },
  { id: 'treebank', stems: ['treebank'], broader: ['syntax', 'corpora'] },
  { id: 'corpora', stems: ['corpus', 'corpora'], broader: [] },
  { id: 'machine-translation', stems: ['translat'], broader: ['generation'] },
  { id: 'alignment', stems: ['align'], broader: ['machine-translation'] },
  { id: 'generation', stems: ['generat'], broader: [] },
  { id: 'summarization', stems: ['summar'], broader: ['generation'] },
  { id: 'dialogue', stems: ['dialog'], broader: [] },
  { id: 'speech', stems: ['speech', 'spoken'], broader: [] },
  { id: 'word-sense', stems: ['sense', 'disambiguat'], broader: ['semantics', 'lexicon'] },
  { id: 'lexicon', stems: ['lexic'], broader: [] },
  { id: 'information-extraction', stems: ['extract'], broader: [] },
  { id: 'named-entities', stems: ['entity', 'entities'], broader: ['information-extraction'] },
  { id: 'coreference', stems: ['corefer', 'anaphor'], broader: ['discourse'] },
  { id: 'discourse', stems: ['discourse'], broader: [] },
  { id: 'tagging', stems: ['tagg', 'tagger'], broader: ['syntax'] },
  { id: 'segmentation', stems: ['segment'], broader: [] },
  { id: 'question-answering', stems: ['question', 'answer'], broader: ['information-retrieval'] },
  { id: 'information-retrieval', stems: ['retriev', 'search'], broader: [] },
  { id: 'learning', stems: ['learn', 'training'], broader: [] },
  { id: 'unsupervised-learning', stems: ['unsupervised'], broader: ['learning'] },
  { id: 'statistical-models', stems: ['statistic', 'probabilist'], broader: ['learning'] },
  { id: 'evaluation', stems: ['evaluat'], broader: [] },
  { id: 'sentiment', stems: ['sentiment', 'opinion'], broader: ['semantics'] },
  { id: 'chinese', stems: ['chinese'], broader: [] },
  { id: 'japanese', stems: ['japanese'], broader: [] },
];

/** Loads AAN as a Corpus: papers in file order (so paper index = line number), citations in file order. */
export function loadAanCorpus(): Corpus {
  const corpus = emptyCorpus();
  const authorIds = new Set<string>();
  const venueIds = new Set<string>();
  const venueSlugs = new Set<string>();
  corpus.concepts = TITLE_CONCEPTS.map((c) => ({
    id: c.id,
    slug: c.id,
    name: c.id.replace(/-/g, ' '),
    kind: 'FIELD',
    aliases: [],
    description: null,
    broaderIds: c.broader,
    provenance: [],
    scheme: 'curated',
    externalIds: [],
    mappings: [],
  }));
  for (const line of readFileSync(datasetPath('aan/papers.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as AanPaper;
    corpus.papers.push(
      newPaper(record.id, record.title, {
        year: record.year ?? null,
        venueId: record.venue ?? null,
        provenance: [{ source: 'aan', recordId: record.id }],
      }),
    );
    if (record.venue && !venueIds.has(record.venue)) {
      venueIds.add(record.venue);
      corpus.venues.push({
        id: record.venue,
        slug: uniqueSlug(record.venue, venueSlugs),
        name: record.venue,
        fullName: null,
        kind: 'CONFERENCE',
        year: null,
        provenance: [],
      });
    }
    (record.authors ?? []).forEach((name, position) => {
      if (!authorIds.has(name)) authorIds.add(name), corpus.authors.push({ id: name, name, affiliations: [], provenance: [] });
      corpus.authorships.push({ paperId: record.id, authorId: name, position, affiliations: [] });
    });
    const words = record.title.toLowerCase().split(/[^a-z]+/);
    let matched = 0;
    for (const concept of TITLE_CONCEPTS) {
      if (!words.some((w) => concept.stems.some((stem) => w.startsWith(stem)))) continue;
      // Earlier-listed matches count as more central: varied, deterministic scores in (0, 1].
      corpus.paperConcepts.push({
        paperId: record.id,
        conceptId: concept.id,
        role: 'STUDIES',
        score: 1 / (1 + matched++),
        provenance: [],
        evidence: [],
      });
    }
  }
  const lines = readFileSync(datasetPath('aan/citations.csv'), 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const [citingId, citedId] = line.trim().split(',');
    corpus.citations.push({ citingId, citedId, contexts: [], intents: [], isInfluential: null, provenance: [] });
  }
  return corpus;
}

/** "ACL 2008: Proceedings of ..." → "acl-2008-proceedings-of", suffixed when two names collide. */
function uniqueSlug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'venue';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
