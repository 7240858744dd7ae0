// The Computer Science Ontology (CSO, KMi) as published: the CSV dump of its triples, three
// quoted columns `"<subject>","<predicate>","<object>"` (labels as `"text"@en .`), plain or gzip,
// streamed with csv-parse.
//
// - Every `rdf:type cso:Topic` with an `rdfs:label` is a topic. Topics that CSO says are the same
//   (`preferentialEquivalent`, `relatedEquivalent`, taken both ways and transitively: union-find)
//   become ONE concept "cso:<topic id>" (the id as published, percent-encoding kept, as in
//   topics.csv): the representative is the topic the group's members name as preferred (the one
//   named most, then the smallest id), its label is the name, the other labels are aliases.
// - `A superTopicOf B` → B's concept has A's concept as broader (between representatives: links
//   inside a group are dropped, repeats removed); a cycle this makes is a warning.
// - `owl:sameAs` Wikidata / DBpedia → external ids "wikidata" (Q-id) / "dbpedia" (resource name);
//   each topic of the group → an external id "cso" (topic id, topic URI). Freebase, YAGO, Cyc,
//   `contributesTo` and `relatedLink` are not read.
// - Kind FIELD (CSO does not say which topics are methods or tasks), scheme "cso", slugs from the
//   labels ("-2" on repeats). Subjects with no type or label (100 URIs in 3.5 occur only in
//   sameAs/relatedLink rows) are not topics and are left out.
//
// Equivalences NOT followed (README "Known flaws"): CSO 3.5 makes self-supervised learning a
// preferential equivalent of contrastive learning, and transformers one of encoder-decoder; for
// machine learning these are distinct concepts. SEPARATE_TOPICS below keeps them apart (each such
// topic joins only the group it names there). Alignment to curated concepts (concept-alignment.ts)
// adds a general guard: a label that names a different curated concept is never kept as an alias.

import type { Concept, ExternalId } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { MAX_RECORD_BYTES, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import { broaderCycles } from './skos.js';
import { ByteProgress, expandDirectories, IssueLog, readCsvRows, requirePaths } from './source-files.js';

export const CSO_SCHEME = 'cso';
export const CSO_TOPIC_PREFIX = 'https://cso.kmi.open.ac.uk/topics/';
const CSO_SCHEMA = 'http://cso.kmi.open.ac.uk/schema/cso#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';
const WIKIDATA = /^https?:\/\/www\.wikidata\.org\/entity\/(Q\d+)$/;
const DBPEDIA = /^https?:\/\/dbpedia\.org\/resource\/(.+)$/;

/**
 * Topics whose CSO equivalences are not followed, each mapped to the topic whose group it joins
 * instead (itself: a group of its own). From the dataset README's known flaws.
 */
export const SEPARATE_TOPICS: ReadonlyMap<string, string> = new Map([
  // preferentialEquivalent → contrastive_learning: self-supervision is the broader paradigm.
  ['self-supervised_learning', 'self-supervised_learning'],
  // preferentialEquivalent → encoder-decoder: the Transformer is one architecture, encoder-decoder a pattern.
  ['transformers', 'transformers'],
  ['transformer-based', 'transformers'],
]);

export const csoImporter: Importer = {
  format: 'cso',
  description:
    'The Computer Science Ontology CSV dump (CSO 3.x, plain or .gz): topics → concepts "cso:<id>", equivalents collapsed, superTopicOf → broader, Wikidata/DBpedia ids',
  example: 'papergraph import --format cso ../shared/datasets/cso/CSO.3.5.csv.gz',
  read: readCso,
};

/** What the rows say about one topic URI. */
interface TopicFacts {
  /** File and line of the first row naming it as a subject, for warnings. */
  file: string;
  line: number;
  typed: boolean;
  label: string | null;
  preferred: string | null;
  related: string[];
  /** Subjects of `superTopicOf` rows whose object is this topic. */
  supers: string[];
  sameAs: string[];
}

async function readCso(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, 'cso');
  const files = expandDirectories(paths, (name) => /\.csv(\.gz)?$/i.test(name));
  const log = new IssueLog(options.strict ?? false);
  const batch = new BatchBuilder(options.mapping?.source ?? CSO_SCHEME);
  const facts = new Map<string, TopicFacts>();
  const progress = new ByteProgress(files, options.onProgress);
  let read = 0;
  for (const file of files) {
    read += await readTriples(file, log, facts, { maxRecordBytes: options.maxRecordBytes ?? MAX_RECORD_BYTES, onBytes: progress.file() });
    progress.fileDone(file);
  }

  const topics = [...facts].filter(([, f]) => f.typed);
  for (const [id, f] of topics) if (f.label === null) log.report(f.file, f.line, `topic "${id}" has no rdfs:label`);
  const labelled = topics.filter(([, f]) => f.label !== null).map(([id]) => id);
  const isTopic = new Set(labelled);

  // Equivalence groups (union-find with path halving).
  const parent = new Map(labelled.map((id) => [id, id]));
  const find = (id: string): string => {
    let x = id;
    while (parent.get(x) !== x) {
      const up = parent.get(parent.get(x)!)!;
      parent.set(x, up);
      x = up;
    }
    return x;
  };
  const union = (a: string, b: string) => {
    if (!isTopic.has(a) || !isTopic.has(b)) return;
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const id of labelled) {
    const f = facts.get(id)!;
    const override = SEPARATE_TOPICS.get(id);
    if (override !== undefined) {
      union(id, override);
      continue;
    }
    for (const other of f.preferred === null ? f.related : [f.preferred, ...f.related]) if (!SEPARATE_TOPICS.has(other)) union(id, other);
  }
  const groups = new Map<string, string[]>();
  for (const id of labelled) {
    const root = find(id);
    const members = groups.get(root);
    if (members) members.push(id);
    else groups.set(root, [id]);
  }

  const representativeOf = new Map<string, string>();
  const conceptOf = new Map<string, Concept>();
  const order = [...groups.values()].map((members) => ({ members, representative: representative(members, facts) }));
  for (const g of order) for (const m of g.members) representativeOf.set(m, g.representative);
  for (const { members, representative: rep } of order) {
    const f = facts.get(rep)!;
    const name = f.label!;
    const aliases = [...new Set(members.map((m) => facts.get(m)!.label!))].filter((l) => l !== name);
    const externalIds: ExternalId[] = [];
    const addId = (scheme: string, id: string, url: string | null) => {
      if (!externalIds.some((e) => e.scheme === scheme && e.id === id)) externalIds.push({ scheme, id, url });
    };
    for (const m of [rep, ...members.filter((m) => m !== rep)]) addId(CSO_SCHEME, m, CSO_TOPIC_PREFIX + m);
    for (const m of [rep, ...members.filter((m) => m !== rep)]) {
      for (const uri of facts.get(m)!.sameAs) {
        const q = WIKIDATA.exec(uri)?.[1];
        if (q) addId('wikidata', q, `https://www.wikidata.org/entity/${q}`);
        const resource = DBPEDIA.exec(uri)?.[1];
        if (resource) addId('dbpedia', decodeURIComponent(resource), uri);
      }
    }
    const conceptId = csoConceptId(rep);
    const broaderIds = new Set<string>();
    for (const m of members)
      for (const s of facts.get(m)!.supers) {
        const b = representativeOf.get(s);
        if (b !== undefined && b !== rep) broaderIds.add(csoConceptId(b));
      }
    conceptOf.set(
      rep,
      batch.concept({ id: conceptId, name, kind: 'FIELD', scheme: CSO_SCHEME, aliases, externalIds, broaderIds: [...broaderIds] }, rep),
    );
  }

  const byConcept = new Map([...conceptOf].map(([rep, c]) => [c.id, facts.get(rep)!]));
  for (const cycle of broaderCycles(batch.corpus.concepts)) {
    const at = byConcept.get(cycle[0])!;
    log.warn(at.file, at.line, `superTopicOf cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  }
  return { ...batch.finish(read, log.issues), ...log.summary() };
}

/** "machine_learning" → "cso:machine_learning". */
export function csoConceptId(topicId: string): string {
  return `cso:${topicId}`;
}

/**
 * The topic a group is named after: the one its members name as preferred most often (a topic
 * of SEPARATE_TOPICS names its target), then the smallest id; a group nobody prefers into takes
 * its smallest id.
 */
function representative(members: string[], facts: Map<string, TopicFacts>): string {
  if (members.length === 1) return members[0];
  const inGroup = new Set(members);
  const votes = new Map<string, number>();
  for (const m of members) {
    const preferred = SEPARATE_TOPICS.get(m) ?? facts.get(m)!.preferred;
    if (preferred !== null && inGroup.has(preferred)) votes.set(preferred, (votes.get(preferred) ?? 0) + 1);
  }
  const candidates = votes.size ? [...votes] : members.map((m) => [m, 0] as [string, number]);
  candidates.sort(([a, va], [b, vb]) => vb - va || (a < b ? -1 : a > b ? 1 : 0));
  return candidates[0][0];
}

/** `<https://…/topics/x>` → "x"; null for any other term. */
function topicIdOf(term: string): string | null {
  const uri = iriOf(term);
  if (uri === null) return null;
  if (uri.startsWith(CSO_TOPIC_PREFIX)) return uri.slice(CSO_TOPIC_PREFIX.length) || null;
  if (uri.startsWith('http://cso.kmi.open.ac.uk/topics/')) return uri.slice('http://cso.kmi.open.ac.uk/topics/'.length) || null;
  return null;
}

function iriOf(term: string): string | null {
  return term.length > 2 && term.startsWith('<') && term.endsWith('>') ? term.slice(1, -1) : null;
}

/** `"vision, binocular"@en .` (csv-parse with relax_quotes keeps the quotes) → "vision, binocular". */
function literalOf(term: string): string | null {
  const m = /^"(.*)"(?:@[A-Za-z-]+)?\s*\.?$/s.exec(term.trim()) ?? /^(.*?)(?:@[A-Za-z-]+)?\s*\.?$/s.exec(term.trim());
  const text = m?.[1].replace(/""/g, '"').trim();
  return text ? text : null;
}

/** Streams one file's rows into `facts`; returns the rows read. */
function readTriples(
  file: string,
  log: IssueLog,
  facts: Map<string, TopicFacts>,
  options: { maxRecordBytes: number; onBytes?: (bytesRead: number) => void },
): Promise<number> {
  const topic = (id: string, line: number): TopicFacts => {
    let f = facts.get(id);
    if (!f) facts.set(id, (f = { file, line, typed: false, label: null, preferred: null, related: [], supers: [], sameAs: [] }));
    return f;
  };
  const onRow = (row: string[], line: number) => {
    if (row.length !== 3) return log.report(file, line, `expected 3 columns ("<subject>","<predicate>","<object>"), got ${row.length}`);
    const [s, p, o] = row;
    const subject = topicIdOf(s);
    const predicate = iriOf(p);
    if (subject === null || predicate === null) {
      return log.report(
        file,
        line,
        `not a CSO topic triple: subject ${JSON.stringify(s.slice(0, 80))}, predicate ${JSON.stringify(p.slice(0, 80))}`,
      );
    }
    if (predicate === RDF_TYPE) {
      if (iriOf(o) === `${CSO_SCHEMA}Topic`) topic(subject, line).typed = true;
      return;
    }
    if (predicate === RDFS_LABEL) {
      const label = literalOf(o);
      if (label === null) return log.report(file, line, `empty label for topic "${subject}"`);
      const f = topic(subject, line);
      if (f.label !== null && f.label !== label)
        log.warn(file, line, `topic "${subject}" has a second label "${label}" (kept "${f.label}")`);
      f.label ??= label;
      return;
    }
    if (predicate === OWL_SAME_AS) {
      const uri = iriOf(o);
      if (uri) topic(subject, line).sameAs.push(uri);
      return;
    }
    if (!predicate.startsWith(CSO_SCHEMA)) return;
    const relation = predicate.slice(CSO_SCHEMA.length);
    if (relation !== 'superTopicOf' && relation !== 'preferentialEquivalent' && relation !== 'relatedEquivalent') return;
    const object = topicIdOf(o);
    if (object === null) return log.report(file, line, `cso:${relation} object is not a CSO topic: ${JSON.stringify(o.slice(0, 80))}`);
    if (relation === 'superTopicOf') {
      if (object !== subject) topic(object, line).supers.push(subject);
    } else if (relation === 'preferentialEquivalent') {
      const f = topic(subject, line);
      if (f.preferred !== null && f.preferred !== object) {
        log.warn(file, line, `topic "${subject}" has a second preferentialEquivalent "${object}" (both followed)`);
        f.related.push(object);
      } else f.preferred = object;
    } else if (object !== subject) topic(subject, line).related.push(object);
  };

  // Labels are written `"text"@en .`: text after a closing quote, which relax_quotes keeps as is.
  return readCsvRows<string[]>(file, log, onRow, {
    ...options,
    csv: { bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true },
  });
}
