// The curated format of data/ as an export: one JSON array per file, so that exporting a graph
// and importing the directory (`papergraph import --format curated`) gives the same graph. Every
// record written is checked against the format's own schema: a graph the format cannot hold (an
// id it does not allow, a citation with two contexts, a paper without authors) is refused with
// the record and field named, never written lossily.

import { neighbours } from '../../graph/csr.js';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { allRows } from '../../graph/rows.js';
import { CURATED_FILES, type CuratedFiles } from '../curated-format.js';
import { ExportError, type ExportFile } from './papers.js';

type Files = { [K in keyof CuratedFiles]: Record<string, unknown>[] };

/** A list, or undefined (left out of the JSON) when it is empty. */
const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** The curated files of the papers at `paperIndexes` (all papers when null) and what they refer to. */
export function toCuratedFiles(graph: KnowledgeGraph, paperIndexes: number[] | null, tick: () => void): ExportFile[] {
  const selected = new Uint8Array(graph.papers.size);
  const papers = paperIndexes ?? Array.from({ length: graph.papers.size }, (_, i) => i);
  for (const p of papers) selected[p] = 1;
  const keepAuthor = new Uint8Array(graph.authors.size);
  for (const p of papers) for (const a of neighbours(graph.authored.out, p)) keepAuthor[a] = 1;
  const citationSource = (source: string | undefined) =>
    source === 'guide' ? 'guide' : source === 'curated' ? 'curated' : (source ?? 'none');

  // Venues, topics and concepts go in whole: small tables, and broader links stay complete.
  const files: Files = {
    venues: graph.venues.records.map((v) => ({ id: v.id, name: v.name, fullName: v.fullName, kind: v.kind, year: v.year })),
    authors: graph.authors.records.filter((_, a) => keepAuthor[a]).map((a) => ({ id: a.id, name: a.name, affiliations: a.affiliations })),
    topics: graph.topics.records.map((t) => ({ id: t.id, slug: t.slug, name: t.name, description: t.description })),
    concepts: graph.concepts.records.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      kind: c.kind,
      aliases: c.aliases,
      description: c.description,
      broader: c.broaderIds,
      // Written only where they say something, so that data/ stays as the curators write it.
      scheme: c.scheme === 'curated' ? undefined : c.scheme,
      externalIds: nonEmpty(c.externalIds),
      mappings: nonEmpty(c.mappings),
    })),
    papers: papers.map((p) => {
      const paper = graph.papers.at(p);
      return {
        id: paper.id,
        title: paper.title,
        aliases: paper.aliases,
        summary: paper.summary,
        abstract: paper.abstract ?? undefined,
        year: paper.year,
        venue: paper.venueId,
        authors: Array.from(neighbours(graph.authored.out, p), (a) => graph.authors.idAt(a)),
        arxivId: paper.arxivId,
        doi: paper.doi,
        url: paper.url,
        topics: Array.from(neighbours(graph.inTopic.out, p), (t) => graph.topics.idAt(t)),
        pdfUrl: paper.pdfUrl ?? undefined,
        codeUrl: paper.codeUrl ?? undefined,
        presentation: paper.presentation ?? undefined,
        externalIds: nonEmpty(paper.externalIds),
        stub: paper.stub || undefined,
      };
    }),
    // In their records' order, which is the order the curated loader numbers them in.
    paperConcepts: allRows(graph.paperConcepts)
      .filter((pc) => selected[graph.papers.indexOf(pc.paperId)])
      .map((pc) => ({ paper: pc.paperId, concept: pc.conceptId, role: pc.role, score: pc.score, evidence: nonEmpty(pc.evidence) })),
    citations: allRows(graph.citations)
      .filter((c) => selected[graph.papers.indexOf(c.citingId)] && selected[graph.papers.indexOf(c.citedId)])
      .map((c) => {
        if (c.contexts.length > 1 || c.intents.length > 1) {
          throw new ExportError(
            `cannot export to the curated format: the citation ${c.citingId} → ${c.citedId} has ${c.contexts.length} contexts and ${c.intents.length} intents (the format holds one of each)`,
          );
        }
        return {
          citing: c.citingId,
          cited: c.citedId,
          provenance: citationSource(c.provenance[0]?.source),
          context: c.contexts[0] ?? null,
          intent: c.intents[0] ?? null,
        };
      }),
    collections: graph.collections.records.map((c) => ({
      id: c.id,
      slug: c.slug,
      title: c.title,
      publisher: c.publisher,
      date: c.date,
      url: c.url,
      description: c.description,
      entries: c.entries
        .filter((e) => selected[graph.papers.indexOf(e.paperId)])
        .map((e) => ({ rank: e.rank, paper: e.paperId, section: e.sectionId, why: e.why, keyInsights: e.keyInsights })),
    })),
  };
  return Object.entries(CURATED_FILES).map(([key, { file, schema }]) => {
    const records = files[key as keyof Files];
    records.forEach((record, i) => {
      const checked = schema.safeParse(record);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const name = typeof record.id === 'string' ? `"${record.id}"` : `#${i + 1}`;
        throw new ExportError(
          `cannot export to the curated format: ${file}: record ${name}: field "${issue.path.join('.') || '(record)'}": ${issue.message}`,
        );
      }
      tick();
    });
    return { name: file, content: `${JSON.stringify(records, null, 2)}\n` };
  });
}
