// Several imports into one corpus, with identity rules deciding when two records are one thing.
//
// Rules (the README repeats them):
// - Papers: same id, else (from another source) same DOI, arXiv id, or normalised title-or-alias
//   + year. Within one source its own ids are trusted: two AAN records with one title stay two.
// - Authors: same id, else (from another source) same normalised name ("Rush, Alexander M." =
//   "Alexander M. Rush"). A merged paper keeps the author list it had; the newcomer's list only
//   adds affiliations (matched by name, or by position when both lists have the same length).
// - Venues, topics, concepts, collections: same id, else same slug, else (from another source)
//   same normalised name. Concepts match by slug or name only within one scheme; a concept of
//   another scheme (CSO, ACM) is aligned instead (concept-alignment.ts): absorbed, with a
//   mapping, into the concept it names, else added with a slug unique in the graph.
// - The record already present keeps its id (curated ids win) and gains the other's provenance,
//   missing fields, and aliases (the other title when it differs). Edges are re-pointed to kept
//   ids and folded when they repeat. The base corpus is copied, never modified; the batches are
//   consumed (their records are adopted into the result, and may be updated by later batches).

import { NODE_KINDS, type Corpus } from '../model/index.js';
import { ImportError, type ImportBatch } from './importer.js';
import { CorpusMerger, type EdgeCounts, type NodeCounts, type SourceReport } from './corpus-merger.js';

export interface ImportReport {
  sources: SourceReport[];
  /** Sizes of the merged corpus. */
  totals: NodeCounts & EdgeCounts;
}

export interface MergeOptions {
  /** Refuse (before merging anything) when a batch skipped malformed records. */
  strict?: boolean;
}

/**
 * Merges `batches`, in order, into a copy of `base` (or into an empty corpus). A batch may be a
 * function of the corpus merged so far (the tagger's links over every paper): it is called when
 * its turn comes, so no copy of the merged corpus is needed to make it.
 */
export function mergeBatches(
  base: Corpus | null,
  batches: (ImportBatch | ((merged: Corpus) => ImportBatch))[],
  options: MergeOptions = {},
): { corpus: Corpus; report: ImportReport } {
  if (options.strict) {
    for (const batch of batches) {
      if (typeof batch === 'function') continue;
      const issue = batch.skipped[0];
      if (issue) throw new ImportError(`${issue.file}:${issue.line}: ${issue.reason}`);
    }
  }
  const merger = new CorpusMerger();
  if (base) merger.addBase(base);
  const sources = batches.map((batch) => merger.addBatch(typeof batch === 'function' ? batch(merger.corpus) : batch));
  const corpus = merger.corpus;
  return {
    corpus,
    report: {
      sources,
      totals: {
        ...(Object.fromEntries(NODE_KINDS.map(({ collection }) => [collection, corpus[collection].length])) as NodeCounts),
        citations: corpus.citations.length,
        paperConcepts: corpus.paperConcepts.length,
        authorships: corpus.authorships.length,
        paperTopics: corpus.paperTopics.length,
      },
    },
  };
}

const SHOWN_ISSUES = 10;
const n = (value: number) => value.toLocaleString('en-US');

/** The report as the CLI prints it: one paragraph per source, then the totals. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const s of report.sources) {
    const kinds = (Object.keys(s.created) as (keyof NodeCounts)[])
      .filter((k) => s.created[k] + s.merged[k] > 0)
      .map((k) => `${k} ${n(s.created[k])} new${s.merged[k] ? `, ${n(s.merged[k])} merged` : ''}`);
    const edges = (Object.keys(s.edges) as (keyof EdgeCounts)[]).filter((k) => s.edges[k] > 0).map((k) => `${k} ${n(s.edges[k])}`);
    const warned = s.warningCount ? `, warnings ${n(s.warningCount)}` : '';
    lines.push(`${s.source}: read ${n(s.read)}, skipped ${n(s.skippedCount)}${warned}, dangling references ${n(s.danglingReferences)}`);
    if (kinds.length) lines.push(`  created/merged: ${kinds.join('; ')}`);
    if (edges.length) lines.push(`  edges added: ${edges.join(', ')}`);
    for (const issue of s.skipped.slice(0, SHOWN_ISSUES)) lines.push(`  skipped ${issue.file}:${issue.line}: ${issue.reason}`);
    if (s.skippedCount > SHOWN_ISSUES) lines.push(`  … and ${n(s.skippedCount - Math.min(s.skipped.length, SHOWN_ISSUES))} more skipped`);
    for (const issue of s.warnings.slice(0, SHOWN_ISSUES)) lines.push(`  warning ${issue.file}:${issue.line}: ${issue.reason}`);
    if (s.warningCount > SHOWN_ISSUES) lines.push(`  … and ${n(s.warningCount - Math.min(s.warnings.length, SHOWN_ISSUES))} more warnings`);
  }
  const t = report.totals;
  lines.push(
    `graph: ${n(t.papers)} papers, ${n(t.authors)} authors, ${n(t.venues)} venues, ${n(t.concepts)} concepts, ${n(t.topics)} topics, ` +
      `${n(t.citations)} citations, ${n(t.paperConcepts)} paper-concept links`,
  );
  return lines.join('\n');
}
