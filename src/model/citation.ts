// A paper as a citation: its CSL-JSON item (the format of Zotero, Pandoc and citation-js) and
// BibTeX. In model because it is pure over the model's records: the API and the exporters both use it.

import * as citationJs from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import type { Author, Paper, Venue, VenueKind } from './types.js';
import { work } from './work.js';

export interface CslName {
  given?: string;
  family: string;
  'non-dropping-particle'?: string;
}

export interface CslItem {
  id: string;
  'citation-key': string;
  type: string;
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': number[][] };
  'container-title'?: string;
  publisher?: string;
  DOI?: string;
  URL?: string;
  abstract?: string;
  note?: string;
}

const CSL_TYPES: Record<VenueKind, string> = {
  CONFERENCE: 'paper-conference',
  WORKSHOP: 'paper-conference',
  JOURNAL: 'article-journal',
  PREPRINT: 'article',
  REPORT: 'report',
};

/** citation-js's output formatters (ingest/bibtex.ts declares its input side on the same export). */
const output = (citationJs as unknown as { plugins: { output: { format(name: string, data: unknown[], options: object): string } } })
  .plugins.output;

/** Lower-case words that begin a family name: "Aaron van den Oord" is Oord with particle "van den". */
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'la',
  'le',
  'dos',
  'das',
  'ter',
  'ten',
  'bin',
  'al',
]);

/** The CSL item of a paper from its records: authors in byline order. */
export function cslItemOf(paper: Paper, authors: readonly Author[], venue: Venue | null): CslItem {
  const item: CslItem = {
    id: paper.id,
    'citation-key': citationKey(paper.id),
    type: venue ? CSL_TYPES[venue.kind] : 'article',
    title: paper.title,
  };
  if (authors.length) item.author = authors.map((a) => cslName(a.name));
  if (paper.year !== null) item.issued = { 'date-parts': [[paper.year]] };
  if (venue && venue.kind !== 'PREPRINT') item['container-title'] = venue.fullName ?? venue.name;
  if (venue?.kind === 'PREPRINT') item.publisher = venue.name;
  if (paper.doi) item.DOI = paper.doi;
  if (paper.url) item.URL = paper.url;
  if (paper.abstract) item.abstract = paper.abstract;
  if (paper.arxivId) item.note = `arXiv:${paper.arxivId}`;
  return item;
}

/**
 * BibTeX entries of `items`, one after another. citation-js's BibTeX output straight from CSL
 * items (entry types, LaTeX escaping), without a Cite object: that would first re-parse and
 * copy every item, some 3× the time and most of the memory.
 */
export function bibtexOf(items: readonly CslItem[]): string {
  if (!items.length) return '';
  work.add('citationsFormatted', items.length);
  return `${output.format('bibtex', [...items], { format: 'text' }).trim()}\n`;
}

/** "Rush, Alexander M." and "Alexander M. Rush" both give family "Rush", given "Alexander M.". */
export function cslName(name: string): CslName {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const comma = trimmed.indexOf(',');
  if (comma > 0) return withGiven(trimmed.slice(0, comma).trim(), trimmed.slice(comma + 1).trim());
  const words = trimmed.split(' ');
  if (words.length === 1) return { family: words[0] };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1])) start--;
  const particle = words.slice(start, words.length - 1);
  const family = words[words.length - 1];
  const given = words.slice(0, start).join(' ');
  return particle.length ? { given, 'non-dropping-particle': particle.join(' '), family } : { given, family };
}

function withGiven(family: string, given: string): CslName {
  return given ? { given, family } : { family };
}

/** BibTeX keys cannot hold spaces, commas, braces, quotes, # or %: anything unusual becomes "_". */
export function citationKey(paperId: string): string {
  return paperId.replace(/[^A-Za-z0-9_:.+\-/]/g, '_');
}
