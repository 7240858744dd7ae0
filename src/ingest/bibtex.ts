// BibTeX (and BibLaTeX) files, parsed with citation-js: entries become papers with authors
// ("Rush, Alexander M." → "Alexander M. Rush", LaTeX accents decoded), year, venue (booktitle
// or journal), DOI and arXiv id (eprint, or an arXiv journal/URL). Ids: "bibtex:<citation key>".
// @string macros apply to the whole file, so a file is read whole: one over BIBTEX_MAX_FILE_BYTES
// is refused with a message, before it is read.

import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import type { VenueKind } from '../model/index.js';
import { BatchBuilder } from './batch-builder.js';
import { findArxivId, findDoi, normalizePersonName, slugify } from './identity.js';
import { MAX_RECORD_BYTES, type ImportBatch, type Importer, type ImportOptions } from './importer.js';
import { ByteProgress, expandDirectories, INVALID_UTF8, IssueLog, oversizedReason, readWholeText, requirePaths } from './source-files.js';

const SOURCE = 'bibtex';

/** The largest .bib file read (its text is held whole): 256 MB; split larger ones. */
export const BIBTEX_MAX_FILE_BYTES = 256 * 1024 * 1024;

// The input side of citation-js, beside the output side that export/citation-js.d.ts declares.
declare module '@citation-js/core' {
  export const plugins: { input: { chain(data: unknown, options: { target: string; generateGraph?: boolean }): unknown[] } };
}

export const bibtexImporter: Importer = {
  format: 'bibtex',
  description: 'BibTeX/BibLaTeX entries: title, authors, year, venue (booktitle/journal), doi, eprint/arXiv',
  example: 'papergraph import --format bibtex references.bib',
  read: readBibtex,
};

/** One "@type{…}" block of the file and the line it starts on. */
interface Chunk {
  type: string;
  text: string;
  line: number;
  closed: boolean;
}

interface RawEntry {
  type: string;
  label: string;
  properties: Record<string, string | number>;
}
interface CslName {
  given?: string;
  family?: string;
  literal?: string;
  suffix?: string;
  'dropping-particle'?: string;
  'non-dropping-particle'?: string;
}
interface CslItem {
  id: string;
  type: string;
  title?: string;
  author?: CslName[];
  issued?: { 'date-parts'?: number[][] };
  'container-title'?: string;
  publisher?: string;
  DOI?: string;
  URL?: string;
  volume?: string;
}

async function readBibtex(paths: string[], options: ImportOptions): Promise<ImportBatch> {
  requirePaths(paths, SOURCE);
  const batch = new BatchBuilder(SOURCE);
  const log = new IssueLog(options.strict ?? false);
  let read = 0;
  const files = expandDirectories(paths, (name) => /\.(bib|bibtex)$/i.test(name));
  const progress = new ByteProgress(files, options.onProgress);
  const maxRecord = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  for (const file of files) {
    const text = await readWholeText(file, BIBTEX_MAX_FILE_BYTES, SOURCE, (line) => log.warn(file, line, INVALID_UTF8), progress.file());
    progress.fileDone(file);
    const chunks = splitEntries(text);
    // @string macros apply to every entry, so each entry is parsed with them in front.
    const macros = chunks
      .filter((c) => c.type === 'string' && c.closed)
      .map((c) => c.text)
      .join('\n');
    for (const chunk of chunks.filter((c) => !['string', 'comment', 'preamble'].includes(c.type))) {
      read++;
      if (chunk.text.length > maxRecord) {
        log.report(file, chunk.line, oversizedReason(Buffer.byteLength(chunk.text), maxRecord));
        continue;
      }
      if (!chunk.closed) {
        log.report(file, chunk.line, `@${chunk.type} entry is not closed (unbalanced braces)`);
        continue;
      }
      let entry: { raw: RawEntry; item: CslItem } | undefined;
      try {
        const [raw] = plugins.input.chain(`${macros}\n${chunk.text}`, {
          target: '@biblatex/entries+list',
          generateGraph: false,
        }) as RawEntry[];
        const [item] = plugins.input.chain([raw], { target: '@csl/list+object', generateGraph: false }) as CslItem[];
        entry = raw && item ? { raw, item } : undefined;
      } catch (e) {
        log.report(file, chunk.line, `cannot parse entry: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      if (!entry) log.report(file, chunk.line, 'cannot parse entry');
      else {
        const problem = addEntry(batch, entry.raw, entry.item);
        if (problem) log.report(file, chunk.line, problem);
      }
    }
  }
  return { ...batch.finish(read, log.issues), ...log.summary() };
}

/** Adds one entry; returns why it was refused, if it was. */
function addEntry(batch: BatchBuilder, raw: RawEntry, item: CslItem): string | null {
  const key = raw.label;
  const title = item.title?.trim();
  if (!title) return `entry "${key}": missing title`;
  const id = `${SOURCE}:${key}`;
  const year = item.issued?.['date-parts']?.[0]?.[0] ?? null;
  const prop = (name: string) => (raw.properties[name] === undefined ? null : String(raw.properties[name]));
  const container = item['container-title'] ?? null;
  const arxivLike = [container, item.publisher, item.URL, item.volume, prop('note'), prop('howpublished')].filter(Boolean).join(' ');
  const isArxivEprint = /arxiv/i.test(prop('archiveprefix') ?? prop('eprinttype') ?? 'arxiv');
  const arxivId = (isArxivEprint ? findArxivId(prop('eprint')) : null) ?? (/arxiv|corr/i.test(arxivLike) ? findArxivId(arxivLike) : null);
  const venueId = container ? venueOf(batch, container, item.type, key) : null;
  const paper = batch.addPaper(
    {
      id,
      title,
      year: Number.isInteger(year) ? year : null,
      venueId,
      arxivId,
      doi: findDoi(item.DOI ?? prop('doi')),
      url: item.URL ?? null,
      abstract: prop('abstract'),
    },
    key,
  );
  if (!paper) return `entry "${key}": duplicate citation key`;
  (item.author ?? []).forEach((person, position) => {
    const name = displayName(person);
    if (!name) return;
    batch.authorship(id, batch.author(`${SOURCE}:author:${slugify(normalizePersonName(name))}`, name, [], key), position, []);
  });
  return null;
}

/** arXiv and CoRR are one preprint venue, whatever the entry calls them. */
function venueOf(batch: BatchBuilder, container: string, cslType: string, key: string): string {
  if (/^(arxiv|corr)\b/i.test(container)) return batch.venue(`${SOURCE}:venue:arxiv`, 'arXiv', 'PREPRINT', null, key);
  const kind: VenueKind = cslType === 'paper-conference' ? 'CONFERENCE' : cslType === 'report' ? 'REPORT' : 'JOURNAL';
  return batch.venue(`${SOURCE}:venue:${slugify(container)}`, container, kind, null, key);
}

/** { given: "Alexander M.", family: "Rush" } → "Alexander M. Rush"; particles and suffixes kept. */
function displayName(person: CslName): string {
  if (person.literal) return person.literal.trim();
  return [person.given, person['dropping-particle'], person['non-dropping-particle'], person.family, person.suffix]
    .filter((part) => part && part.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Cuts a .bib file into its "@type{…}" blocks with their starting lines, by brace depth. An
 * "@type{" at the start of a line inside an open block ends that block as unclosed, so one
 * broken entry does not swallow the ones after it.
 */
export function splitEntries(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  const head = /@([A-Za-z]+)\s*([{(])/y;
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n') line++;
    head.lastIndex = i;
    const match = ch === '@' ? head.exec(source) : null;
    if (!match) {
      i++;
      continue;
    }
    const open = match[2];
    const close = open === '{' ? '}' : ')';
    const start = i;
    const startLine = line;
    let depth = 0;
    let j = i + match[0].length - 1;
    let closed = false;
    for (; j < source.length; j++) {
      const c = source[j];
      if (c === '\n') {
        line++;
        if (depth > 0 && /^@[A-Za-z]+\s*[{(]/.test(source.slice(j + 1, j + 40))) break;
      } else if (c === open || (c === '{' && open === '(')) depth++;
      else if (c === close || (c === '}' && open === '(')) {
        depth--;
        if (depth === 0) {
          closed = true;
          j++;
          break;
        }
      }
    }
    chunks.push({ type: match[1].toLowerCase(), text: source.slice(start, j), line: startLine, closed });
    i = j;
    if (!closed && j < source.length) i = j + 1;
  }
  return chunks;
}
