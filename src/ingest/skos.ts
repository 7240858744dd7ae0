// SKOS concept schemes in RDF/XML, read with a real RDF parser (rdfxml-streaming-parser):
// skos:Concept with prefLabel (English preferred), altLabel → aliases, broader and narrower
// (both directions, deduplicated), definition or scopeNote → description.
//
// Ids are "<prefix>:<local id>", the prefix being --map prefix=… or the first word of the file
// name ("acm_ccs2012.skos.xml" → "acm"). Slugs come from labels, "-2", "-3" on repeats. Every
// concept is a FIELD unless --map kind=METHOD|TASK|DATASET|METRIC|FIELD says otherwise: a scheme
// does not say which of its concepts are methods or tasks. The concepts' scheme is "acm-ccs" for
// the ACM CCS (--map scheme=… for another name), else the batch's source name.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { CONCEPT_KINDS, type ConceptKind } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { ImportError, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import { ByteProgress, expandDirectories, INVALID_UTF8, IssueLog, requirePaths, Utf8Watch } from './source-files.js';

const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export const skosImporter: Importer = {
  format: 'skos',
  description: 'SKOS concept schemes in RDF/XML: prefLabel, altLabel, broader/narrower, definition (ids "<prefix>:<local id>")',
  example: 'papergraph import --format skos ../shared/datasets/acm-ccs-2012/acm_ccs2012.skos.xml',
  read: readSkos,
};

/** What the triples say about one subject. */
interface Described {
  /** The file the subject was first seen in, for reports. */
  file: string;
  isConcept: boolean;
  labels: { value: string; language: string }[];
  altLabels: string[];
  broader: Set<string>;
  notes: { value: string; language: string; definition: boolean }[];
}

async function readSkos(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, 'skos');
  const files = expandDirectories(paths, (name) => /\.(xml|rdf|skos|owl)$/i.test(name));
  const mapping = options.mapping ?? {};
  const kind = (mapping.kind ?? 'FIELD').toUpperCase() as ConceptKind;
  if (!CONCEPT_KINDS.includes(kind)) throw new ImportError(`skos: unknown kind "${mapping.kind}" (one of ${CONCEPT_KINDS.join(', ')})`);
  const prefix = mapping.prefix ?? /^[a-z0-9]+/i.exec(basename(files[0]))?.[0]?.toLowerCase() ?? 'skos';
  const batch = new BatchBuilder(mapping.source ?? basename(files[0]).replace(/\..*$/, '').replace(/_/g, '-').toLowerCase());
  // The scheme concepts belong to (alignment and the tagger tell schemes apart): --map scheme=…,
  // "acm-ccs" for the ACM Computing Classification System, else the source name.
  const scheme = mapping.scheme ?? (/^acm-ccs/.test(batch.source) || prefix === 'acm' ? 'acm-ccs' : batch.source);
  const log = new IssueLog(options.strict ?? false);

  const subjects = new Map<string, Described>();
  const progress = new ByteProgress(files, options.onProgress);
  for (const file of files) {
    await parseInto(file, subjects, log, progress.file());
    progress.fileDone(file);
  }

  const idOf = (iri: string) => `${prefix}:${localId(iri)}`;
  const concepts = [...subjects].filter(([, d]) => d.isConcept);
  const known = new Set(concepts.map(([iri]) => iri));
  let ordinal = 0;
  for (const [iri, d] of concepts) {
    ordinal++;
    // RDF has no record lines: an issue's "line" is the concept's position in the scheme.
    const name = pickLanguage(d.labels);
    if (!name) {
      log.report(d.file, ordinal, `concept <${iri}> has no skos:prefLabel`);
      continue;
    }
    const description = pickLanguage(d.notes.filter((n) => n.definition)) ?? pickLanguage(d.notes);
    const otherLabels = d.labels.map((l) => l.value).filter((l) => l !== name);
    batch.concept(
      {
        id: idOf(iri),
        name,
        kind,
        scheme,
        description,
        aliases: [...new Set([...d.altLabels, ...otherLabels])],
        broaderIds: [...d.broader].filter((b) => known.has(b) && b !== iri).map(idOf),
      },
      localId(iri),
    );
  }
  const labelled = new Set(batch.corpus.concepts.map((c) => c.id));
  for (const c of batch.corpus.concepts) c.broaderIds = c.broaderIds.filter((b) => labelled.has(b));
  const position = new Map(concepts.map(([iri], i) => [idOf(iri), { file: subjects.get(iri)!.file, ordinal: i + 1 }]));
  for (const cycle of broaderCycles(batch.corpus.concepts)) {
    const at = position.get(cycle[0])!;
    log.warn(at.file, at.ordinal, `skos:broader cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  }
  return { ...batch.finish(concepts.length, log.issues), ...log.summary() };
}

/**
 * Each cycle of `broader` links, found once by a depth-first walk (iterative: schemes can be
 * deep), as the concept ids along it.
 */
export function broaderCycles(concepts: { id: string; broaderIds: string[] }[]): string[][] {
  const broader = new Map(concepts.map((c) => [c.id, c.broaderIds]));
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: finished
  const cycles: string[][] = [];
  for (const { id: root } of concepts) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 1);
    while (path.length) {
      const top = path.length - 1;
      const parents = broader.get(path[top]) ?? [];
      if (next[top] >= parents.length) {
        state.set(path.pop()!, 2);
        next.pop();
        continue;
      }
      const parent = parents[next[top]++];
      const seen = state.get(parent);
      if (seen === 1) cycles.push(path.slice(path.indexOf(parent)));
      else if (seen === undefined && broader.has(parent)) {
        state.set(parent, 1);
        path.push(parent);
        next.push(0);
      }
    }
  }
  return cycles;
}

/**
 * Streams one RDF/XML file's triples into `subjects`; a syntax error names the file and line.
 * Entity declarations are reported, and not defined: a reference to one is an error, so no
 * entity is ever expanded (billion laughs included).
 */
async function parseInto(
  file: string,
  subjects: Map<string, Described>,
  log: IssueLog,
  onBytes?: (bytesRead: number) => void,
): Promise<void> {
  const describe = (iri: string): Described => {
    let d = subjects.get(iri);
    if (!d) subjects.set(iri, (d = { file, isConcept: false, labels: [], altLabels: [], broader: new Set(), notes: [] }));
    return d;
  };
  const parser = new RdfXmlParser({ baseIRI: pathToFileURL(file).href, trackPosition: true });
  // saxes keeps one handler per event: this one replaces the parser's, which would define the entities.
  const sax = (parser as unknown as { saxParser: { line: number; on(event: 'doctype', handler: (doctype: string) => void): void } })
    .saxParser;
  let entities = 0;
  sax.on('doctype', (doctype) => {
    for (const [, name] of doctype.matchAll(/<!ENTITY\s+(?:%\s+)?([^\s>]+)/g)) {
      entities++;
      log.warn(file, sax.line, `XML entity declaration "${name}" ignored (papergraph does not expand entities)`);
    }
  });
  const raw = createReadStream(file);
  if (onBytes) raw.on('data', () => onBytes(raw.bytesRead));
  await new Promise<void>((done, fail) => {
    parser.on(
      'data',
      (quad: {
        subject: { value: string };
        predicate: { value: string };
        object: { value: string; termType: string; language?: string };
      }) => {
        const s = quad.subject.value;
        const p = quad.predicate.value;
        const o = quad.object;
        if (p === RDF_TYPE) {
          if (o.value === `${SKOS}Concept`) describe(s).isConcept = true;
        } else if (p === `${SKOS}prefLabel`) describe(s).labels.push({ value: o.value.trim(), language: o.language ?? '' });
        else if (p === `${SKOS}altLabel`) describe(s).altLabels.push(o.value.trim());
        else if (p === `${SKOS}broader`) describe(s).broader.add(o.value);
        else if (p === `${SKOS}narrower`) describe(o.value).broader.add(s);
        else if (p === `${SKOS}definition` || p === `${SKOS}scopeNote`) {
          describe(s).notes.push({ value: o.value.trim(), language: o.language ?? '', definition: p.endsWith('definition') });
        }
      },
    );
    parser.on('end', () => done());
    pipeline(raw, new Utf8Watch((line) => log.warn(file, line, INVALID_UTF8)), parser, (e) => {
      if (!e) return;
      if (e instanceof ImportError) return fail(e);
      if ((e as NodeJS.ErrnoException).code) return fail(e);
      const unexpanded = entities && /undefined entity/.test(e.message) ? ' (XML entities are not expanded)' : '';
      fail(new ImportError(`${file}: not valid RDF/XML: ${e.message}${unexpanded}`));
    });
  });
}

/** English first, then untagged, then whatever language comes first. */
function pickLanguage(values: { value: string; language: string }[]): string | null {
  const usable = values.filter((v) => v.value);
  const english = usable.find((v) => v.language.toLowerCase() === 'en' || v.language.toLowerCase().startsWith('en-'));
  return (english ?? usable.find((v) => v.language === '') ?? usable[0])?.value ?? null;
}

/** The last segment of an IRI: "…/10010147.10010257" or "…#Concept7" → its local id. */
function localId(iri: string): string {
  return decodeURIComponent(
    iri
      .replace(/[#/]+$/, '')
      .split(/[#/]/)
      .pop() ?? iri,
  );
}
