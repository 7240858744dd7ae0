// Paper: the node, its relations (authors, venue, topics, concepts, references, citations),
// and the root lookups `paper` and `papers`.

import type { Authorship, Citation, Paper, PaperConcept, Provenance } from '../../model/index.js';
import { CURATION_SOURCE, type Change, type PaperWithAuthors } from '../../model/change.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { CitationLink, PaperFilter, PaperQuery, PaperStats } from '../../store/graph-store.js';
import type { Page, PageRequest } from '../../store/page.js';
import { bibtexOf, cslItemOf } from '../../model/citation.js';
import { citationCost } from '../complexity.js';
import { builder } from '../builder.js';
import {
  connectionOf,
  connectionOfIds,
  cursorAt,
  LazyConnection,
  pageRequestFrom,
  selectsPage,
  type ConnectionArgs,
} from '../connection.js';
import { loadAll, present, type Context } from '../context.js';
import { AuthorRef, ConceptRef, PaperRef, TopicRef, VenueRef, resolveReference, resolveReferences, SearchResultRef } from '../refs.js';
import { OrderDirection, ProvenanceType } from './ordering.js';
import { facetsField, withFacets } from './facets.js';
import { RelatedPaperRef, relatedArgs, relatedOf } from './related.js';
import { conceptLinkFields, ExternalIdType, PresentationEnum } from './annotations.js';
import { lookupPaperId, paperLookupArgs } from './lookups.js';

export const PaperOrderField = builder.enumType('PaperOrderField', {
  description: 'What to sort papers by.',
  values: {
    YEAR: { description: 'Publication year (papers without one last).' },
    TITLE: { description: 'Title, alphabetically.' },
    CITATION_COUNT: { description: 'Number of papers in the graph citing it.' },
    REFERENCE_COUNT: { description: 'Number of papers in the graph it cites.' },
    INFLUENCE: { description: 'PageRank over the citation graph.' },
  },
});

const CitationFormat = builder.enumType('CitationFormat', {
  description: 'Formats a paper can be cited in.',
  values: {
    BIBTEX: { description: 'A BibTeX entry.' },
    CSL_JSON: { description: 'A CSL-JSON item, as JSON text.' },
  },
});

/** The description of every includeStubs argument. */
export const STUB_DESCRIPTION =
  'Also stub papers: placeholders a source made for references it could not describe (Semantic Scholar "S2 CorpusId:…"). Left out by default.';

/** Bylines are short, but a citation lists every author: more than any page. */
const ALL_AUTHORS = 10_000;

export const PaperOrder = builder.inputType('PaperOrder', {
  description: 'One sort key of a paper list; several keys sort by the first, then the next.',
  fields: (t) => ({
    field: t.field({ type: PaperOrderField, required: true, description: 'The key to sort by.' }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC', description: 'The direction (ASC by default).' }),
  }),
});

export const IntRange = builder.inputType('IntRange', {
  description: 'A condition on an integer; every bound given must hold.',
  fields: (t) => ({
    eq: t.int({ description: 'Equal to.' }),
    gte: t.int({ description: 'Greater than or equal to.' }),
    lte: t.int({ description: 'Less than or equal to.' }),
    in: t.intList({ description: 'One of these values.' }),
  }),
});

export const PaperWhere = builder.inputType('PaperWhere', {
  description: 'Which papers to list. Every condition given must hold.',
  fields: (t) => ({
    year: t.field({ type: IntRange, description: 'Publication year.' }),
    concept: t.string({ description: 'Linked to this concept (slug, case-insensitive, or global id).' }),
    concepts: t.stringList({ description: 'Linked to any of these concepts (slugs, case-insensitive, or global ids).' }),
    includeNarrower: t.boolean({
      description: 'With concept/concepts: also papers of narrower concepts, transitively.',
      defaultValue: false,
    }),
    topic: t.string({ description: 'In this topic (slug, case-insensitive, or global id).' }),
    venue: t.string({ description: 'Published at this venue (slug, case-insensitive, or global id).' }),
    author: t.string({ description: 'Written by this author (slug, case-insensitive, or global id).' }),
    titleContains: t.string({ description: 'Case-insensitive substring of the title or one of its other titles.' }),
  }),
});

type PaperWhereShape = typeof PaperWhere.$inferInput;

/** The store filter for a `where` input: references resolved to local ids, unknown ones refused. */
export async function paperFilterFrom(ctx: Context, where: PaperWhereShape | null | undefined): Promise<PaperFilter | null> {
  if (!where) return null;
  const conceptRefs = [...(where.concept ? [where.concept] : []), ...(where.concepts ?? [])];
  return {
    year: where.year ?? null,
    conceptIds: conceptRefs.length ? await resolveReferences(ctx, 'Concept', conceptRefs) : null,
    includeNarrower: where.includeNarrower ?? false,
    topicIds: where.topic ? [await resolveReference(ctx, 'Topic', where.topic)] : null,
    venueIds: where.venue ? [await resolveReference(ctx, 'Venue', where.venue)] : null,
    authorIds: where.author ? [await resolveReference(ctx, 'Author', where.author)] : null,
    titleContains: where.titleContains ?? null,
  };
}

const CitationConnection = builder.connectionObject(
  {
    type: PaperRef,
    name: 'CitationConnection',
    description: 'Papers linked by citations, a page at a time.',
    fields: (t) => ({ facets: facetsField(t) }),
  },
  {
    name: 'CitationEdge',
    description: 'A citation, seen from one of its papers; the node is the paper at the other end.',
    fields: (t) => ({
      contexts: t.stringList({
        description: 'Sentences of the citing paper around the citation, where known.',
        resolve: (e) => citationField(e, 'contexts'),
      }),
      intents: t.stringList({
        description: 'Why it is cited (BACKGROUND, METHOD, RESULT), where known.',
        resolve: (e) => citationField(e, 'intents'),
      }),
      isInfluential: t.boolean({
        nullable: true,
        description: 'Whether the citation is marked influential by its source (Semantic Scholar), where known.',
        resolve: (e) => citationField(e, 'isInfluential'),
      }),
      provenance: t.field({
        type: [ProvenanceType],
        description: 'Where the edge comes from: "guide" for the guide\'s numbered references, "curated", or an importer.',
        resolve: (e) => citationField(e, 'provenance'),
      }),
    }),
  },
);
const citationField = <K extends keyof Citation>(edge: unknown, key: K) => (edge as CitationEdge).field(key);

const PaperConceptConnection = builder.connectionObject(
  { type: ConceptRef, name: 'PaperConceptConnection', description: 'The concepts of a paper, strongest first.' },
  {
    name: 'PaperConceptEdge',
    description: 'A paper↔concept link with its role and strength.',
    fields: (t) => ({
      ...conceptLinkFields(t, linkOf),
    }),
  },
);
const linkOf = (edge: unknown) => (edge as { link: PaperConcept }).link;

const AuthorshipConnection = builder.connectionObject(
  { type: AuthorRef, name: 'PaperAuthorConnection', description: 'The authors of a paper, in byline order.' },
  {
    name: 'PaperAuthorEdge',
    description: 'An author of a paper, at a position of the byline.',
    fields: (t) => ({
      position: t.int({ description: '1-based position in the author list.', resolve: (e) => authorshipOf(e).position + 1 }),
      affiliations: t.stringList({
        description: 'Affiliations given with this paper, where known.',
        resolve: (e) => authorshipOf(e).affiliations,
      }),
    }),
  },
);
const authorshipOf = (edge: unknown) => (edge as { authorship: Authorship }).authorship;

/** An edge of a citation connection: its cursor and citation record are made when a query reads them. */
class CitationEdge {
  constructor(
    private readonly offset: number,
    readonly node: Paper,
    private readonly link: CitationLink,
  ) {}

  get cursor(): string {
    return cursorAt(this.offset);
  }

  get citation(): Citation {
    return this.link.citation;
  }

  /** One field of the citation, without building the record where the store can. */
  field<K extends keyof Citation>(key: K): Citation[K] {
    return this.link.field ? this.link.field(key) : this.link.citation[key];
  }
}

/**
 * A paper's references or citers. Only totalCount (and facets) selected: a count from the
 * paper's stats, no page. Otherwise the page, and its papers when edges are read.
 */
class CitationConnectionOf extends LazyConnection<CitationLink, CitationEdge> {
  constructor(
    private readonly ctx: Context,
    private readonly paperId: string,
    private readonly request: PageRequest,
    private readonly direction: 'references' | 'citedBy',
    private readonly includeStubs: boolean,
  ) {
    super();
  }

  protected loadPage() {
    const { direction } = this;
    const loader = this.includeStubs ? (direction === 'references' ? 'referencesWithStubs' : 'citedByWithStubs') : direction;
    return this.ctx.loaders[loader].load({ id: this.paperId, page: this.request });
  }

  protected count() {
    return this.ctx.loaders.paperStats.load(this.paperId).then((stats) => this.countOf(stats));
  }

  private countOf(stats: PaperStats | null): number {
    if (!stats) return 0;
    return this.direction === 'references'
      ? stats.referenceCount + (this.includeStubs ? stats.stubReferenceCount : 0)
      : stats.citationCount + (this.includeStubs ? stats.stubCitationCount : 0);
  }

  protected async makeEdges(page: Page<CitationLink>) {
    const papers = await loadAll(
      this.ctx.loaders.paper,
      page.items.map((l) => l.paperId),
    );
    return page.items.map((link, k) => new CitationEdge(page.start + k, papers[k] as Paper, link));
  }
}

function citationConnection(
  ctx: Context,
  paperId: string,
  args: ConnectionArgs & { includeStubs?: boolean | null },
  direction: 'references' | 'citedBy',
  info: GraphQLResolveInfo,
) {
  const includeStubs = args.includeStubs ?? false;
  const connection = new CitationConnectionOf(ctx, paperId, pageRequestFrom(args), direction, includeStubs);
  if (selectsPage(info)) connection.withPage();
  return withFacets(connection as never, {
    [direction === 'references' ? 'citedByPaperIds' : 'citingPaperIds']: [paperId],
    includeStubs,
  });
}

builder.node(PaperRef, {
  interfaces: [SearchResultRef],
  description: 'A research paper.',
  id: { resolve: (paper) => paper.id },
  loadMany: (ids, ctx) => loadAll(ctx.loaders.paper, ids),
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The title, as published.' }),
    aliases: t.exposeStringList('aliases', { description: 'Other titles the paper goes by: preprint titles, short names (BYOL, GPT-3).' }),
    abstract: t.exposeString('abstract', {
      nullable: true,
      description:
        "The authors' own abstract, as a source published it (see abstractProvenance); null when no source gave one. Never the curators' words: those are in summary.",
    }),
    abstractProvenance: t.field({
      type: ProvenanceType,
      nullable: true,
      description:
        'Where the abstract was read from (the proceedings, Semantic Scholar, …), or the curation change that set it; null when there is no abstract.',
      resolve: async (p, _a, ctx) =>
        p.abstract === null || p.abstractProvenance === null
          ? null
          : p.abstractProvenance.source === CURATION_SOURCE
            ? ((await curationChangeOf(ctx, p, 'abstract')) ?? p.abstractProvenance)
            : p.abstractProvenance,
    }),
    summary: t.exposeString('summary', {
      nullable: true,
      description:
        "A short description written by the papergraph curators in their own words (data/papers.json), not the authors' abstract; null for papers they did not describe.",
    }),
    summaryProvenance: t.field({
      type: ProvenanceType,
      nullable: true,
      description:
        'Where the summary comes from: the curated file, or the curation change that last set it; null when there is no summary.',
      resolve: async (p, _a, ctx) =>
        p.summary === null
          ? null
          : ((await curationChangeOf(ctx, p, 'summary')) ?? p.provenance.find((e) => e.source === 'curated') ?? p.provenance[0] ?? null),
    }),
    year: t.exposeInt('year', { nullable: true, description: 'Year of publication.' }),
    arxivId: t.exposeString('arxivId', { nullable: true, description: 'arXiv identifier, e.g. 2007.14062.' }),
    doi: t.exposeString('doi', { nullable: true, description: 'Digital Object Identifier.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where to read it.' }),
    pdfUrl: t.exposeString('pdfUrl', { nullable: true, description: 'The full text as a PDF, where known.' }),
    codeUrl: t.exposeString('codeUrl', { nullable: true, description: "The authors' code, where they published a link to it." }),
    presentation: t.field({
      type: PresentationEnum,
      nullable: true,
      description: 'How it was presented at its conference (oral, spotlight, poster), where the venue says.',
      resolve: (p) => p.presentation,
    }),
    externalIds: t.field({
      type: [ExternalIdType],
      description: 'Its ids in other systems (the proceedings hash, Semantic Scholar); arxivId and doi have fields of their own.',
      resolve: (p) => p.externalIds,
    }),
    isStub: t.boolean({
      description:
        'A placeholder a source made for a paper it could not describe (a Semantic Scholar "S2 CorpusId:…" reference): kept so citations land, left out of lists and counts unless includeStubs is given.',
      resolve: (p) => p.stub,
    }),
    provenance: t.field({ type: [ProvenanceType], description: 'The sources this paper was read from.', resolve: (p) => p.provenance }),
    venue: t.field({
      type: VenueRef,
      nullable: true,
      description: 'Where it was published.',
      resolve: (p, _args, ctx) => (p.venueId ? ctx.loaders.venue.load(p.venueId) : null),
    }),
    topics: t.field({
      type: [TopicRef],
      description: 'Broad topics the paper belongs to.',
      resolve: async (p, _args, ctx) => present(await loadAll(ctx.loaders.topic, await ctx.loaders.topicsOfPaper.load(p.id))),
    }),
    authors: t.field({
      type: AuthorshipConnection,
      description: 'The authors, in byline order.',
      args: { ...t.arg.connectionArgs() },
      resolve: async (p, args, ctx) => {
        const page = await ctx.loaders.authorsOfPaper.load({ id: p.id, page: pageRequestFrom(args) });
        const authors = await loadAll(
          ctx.loaders.author,
          page.items.map((a) => a.authorId),
        );
        return connectionOf(page, (authorship, cursor, k) => ({ cursor, node: authors[k] as never, authorship }));
      },
    }),
    concepts: t.field({
      type: PaperConceptConnection,
      description: 'Concepts the paper introduces, uses, studies or evaluates on; strongest first.',
      args: { ...t.arg.connectionArgs() },
      resolve: async (p, args, ctx) => {
        const page = await ctx.loaders.conceptsOfPaper.load({ id: p.id, page: pageRequestFrom(args) });
        const concepts = await loadAll(
          ctx.loaders.concept,
          page.items.map((l) => l.conceptId),
        );
        return connectionOf(page, (link, cursor, k) => ({ cursor, node: concepts[k] as never, link }));
      },
    }),
    references: t.field({
      type: CitationConnection,
      description: 'Papers in the graph that this paper cites.',
      args: { ...t.arg.connectionArgs(), includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }) },
      resolve: (p, args, ctx, info) => citationConnection(ctx, p.id, args, 'references', info),
    }),
    citedBy: t.field({
      type: CitationConnection,
      description: 'Papers in the graph that cite this paper.',
      args: { ...t.arg.connectionArgs(), includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }) },
      resolve: (p, args, ctx, info) => citationConnection(ctx, p.id, args, 'citedBy', info),
    }),
    referenceCount: t.int({
      description: 'Number of papers in the graph it cites.',
      args: { includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }) },
      resolve: async (p, args, ctx) => {
        const stats = (await ctx.loaders.paperStats.load(p.id))!;
        return stats.referenceCount + (args.includeStubs ? stats.stubReferenceCount : 0);
      },
    }),
    citationCount: t.int({
      description: 'Number of papers in the graph citing it.',
      args: { includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }) },
      resolve: async (p, args, ctx) => {
        const stats = (await ctx.loaders.paperStats.load(p.id))!;
        return stats.citationCount + (args.includeStubs ? stats.stubCitationCount : 0);
      },
    }),
    unresolvedReferenceCount: t.exposeInt('unresolvedReferenceCount', {
      description: 'References its source lists that are not papers of the graph (dangling on import).',
    }),
    referenceCoverage: t.float({
      nullable: true,
      description: 'Share of its known references that are in the graph (1 = all); null when no reference is known.',
      resolve: async (p, _a, ctx) => {
        // A stub is a reference the graph holds, if only as a placeholder: it counts as covered.
        const stats = (await ctx.loaders.paperStats.load(p.id))!;
        const inGraph = stats.referenceCount + stats.stubReferenceCount;
        const known = inGraph + p.unresolvedReferenceCount;
        return known === 0 ? null : inGraph / known;
      },
    }),
    citation: t.string({
      description: 'The paper as a citation to paste: BibTeX, or a CSL-JSON item (Zotero, Pandoc, citation-js).',
      args: { format: t.arg({ type: CitationFormat, defaultValue: 'BIBTEX', description: 'The format.' }) },
      complexity: (args) => citationCost(args.format ?? 'BIBTEX'),
      resolve: (p, args, ctx) => {
        // Once per paper and format in a request, however often the query asks for it.
        const format = args.format ?? 'BIBTEX';
        const formatted = citationsOf(ctx);
        const key = `${format}:${p.id}`;
        let entry = formatted.get(key);
        if (!entry) formatted.set(key, (entry = formatCitation(ctx, p, format)));
        return entry;
      },
    }),
    related: t.field({
      type: [RelatedPaperRef],
      description: 'Papers related to this one, best first, each with the evidence behind its score.',
      args: relatedArgs(t.arg),
      resolve: (p, args, ctx) => relatedOf(ctx, p.id, args.method, args.first),
    }),
    influence: t.float({
      description: 'PageRank of the paper in the citation graph (damping 0.85; sums to 1 over all papers).',
      resolve: async (p, _a, ctx) => (await ctx.loaders.paperStats.load(p.id))!.influence,
    }),
  }),
});

/**
 * The curation change that last set a text field of the paper, as a provenance entry (its seq as
 * recordId, so Provenance.change and curator resolve), or null when no change of the paper's
 * history set it (then the value came with the paper from its source). A record keeps only its
 * newest curation mark, so the paper's history is read, newest first, up to the request's version.
 */
async function curationChangeOf(ctx: Context, p: Paper, field: 'summary' | 'abstract'): Promise<Provenance | null> {
  const curation = ctx.curation;
  if (!curation || !p.provenance.some((e) => e.source === CURATION_SOURCE)) return null;
  const node = { kind: 'Paper', id: p.id } as const;
  for (let before = ctx.seq + 1; ; ) {
    const changes = await curation.historyOf(node, { before, limit: HISTORY_PAGE, newestFirst: true });
    for (const change of changes) if (setsField(change, p.id, field)) return { source: CURATION_SOURCE, recordId: String(change.seq) };
    if (changes.length < HISTORY_PAGE) return null;
    before = changes[changes.length - 1].seq;
  }
}

/** Changes of a paper's history read at once while looking for the one that set a field. */
const HISTORY_PAGE = 50;

/** Whether the change gave paper `id` a new value of `field` (changes logged before the field existed hold none). */
function setsField(change: Change, id: string, field: 'summary' | 'abstract'): boolean {
  const value = (paper: PaperWithAuthors | null | undefined) => paper?.[field] ?? null;
  const differs = (before: PaperWithAuthors | null, after: PaperWithAuthors) => after.id === id && value(before) !== value(after);
  switch (change.op) {
    case 'paper.add':
      return differs(null, change.after);
    case 'paper.update':
      return differs(change.before, change.after);
    case 'paper.merge':
      return differs(change.before.kept, change.after.kept);
    case 'paper.unmerge':
      return differs(change.before.kept, change.after.kept) || differs(null, change.after.merged);
    default:
      return false;
  }
}

const citations = new WeakMap<Context, Map<string, Promise<string>>>();
const citationsOf = (ctx: Context) => {
  let formatted = citations.get(ctx);
  if (!formatted) citations.set(ctx, (formatted = new Map()));
  return formatted;
};

async function formatCitation(ctx: Context, p: Paper, format: 'BIBTEX' | 'CSL_JSON'): Promise<string> {
  const page = await ctx.loaders.authorsOfPaper.load({ id: p.id, page: { first: ALL_AUTHORS } });
  const authors = present(
    await loadAll(
      ctx.loaders.author,
      page.items.map((a) => a.authorId),
    ),
  );
  const venue = p.venueId ? await ctx.loaders.venue.load(p.venueId) : null;
  if (ctx.loaders.deadline.due()) await ctx.loaders.deadline.wait(); // formatting thousands gives way between items
  const item = cslItemOf(p, authors, venue);
  return format === 'CSL_JSON' ? JSON.stringify(item) : bibtexOf([item]);
}

/** The query for a paper list field: filter resolved, connection args checked. */
export async function paperQueryFrom(
  ctx: Context,
  args: ConnectionArgs & {
    where?: PaperWhereShape | null;
    orderBy?: (typeof PaperOrder.$inferInput)[] | null;
    includeStubs?: boolean | null;
  },
  extra?: PaperFilter,
): Promise<PaperQuery> {
  const filter = { ...(await paperFilterFrom(ctx, args.where)), ...extra, ...(args.includeStubs ? { includeStubs: true } : {}) };
  return {
    filter,
    orderBy: args.orderBy?.map((o) => ({ field: o.field, direction: o.direction ?? 'ASC' })) ?? null,
    page: pageRequestFrom(args),
  };
}

type ArgBuilder = Parameters<Parameters<typeof builder.queryFields>[0]>[0]['arg'];

/** Arguments of every paper list: paging, `where` and `orderBy`. */
export function paperListArgs(arg: ArgBuilder) {
  return {
    ...arg.connectionArgs(),
    where: arg({ type: PaperWhere, description: 'Which papers to include.' }),
    orderBy: arg({ type: [PaperOrder], description: 'Sort keys, first key first; corpus order by default.' }),
    includeStubs: arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }),
  };
}

export const PaperConnection = builder.connectionObject(
  {
    type: PaperRef,
    name: 'PaperConnection',
    description: 'A page of papers.',
    fields: (t) => ({ facets: facetsField(t) }),
  },
  { name: 'PaperEdge', description: 'A paper in a list.' },
);

/** A filtered, ordered paper list, `extra` narrowing it to the parent's papers; it keeps its filter for facets. */
export async function paperList(ctx: Context, args: Parameters<typeof paperQueryFrom>[1], extra?: PaperFilter) {
  const query = await paperQueryFrom(ctx, args, extra);
  const page = await ctx.loaders.findPapers.load(query);
  return withFacets(await connectionOfIds(page, (ids) => loadAll(ctx.loaders.paper, ids)), query.filter ?? null);
}

builder.queryFields((t) => ({
  paper: t.field({
    type: PaperRef,
    nullable: true,
    description:
      'One paper by exactly one of: global id, arXiv id (bare, arXiv:, or an abs/ or pdf/ URL, any version), DOI (bare, doi: or a doi.org URL). Null when none matches.',
    args: paperLookupArgs(t.arg),
    resolve: async (_root, args, ctx) => {
      const id = await lookupPaperId(ctx, args);
      return id === null ? null : ctx.loaders.paper.load(id);
    },
  }),
  papers: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: PaperConnection,
    description: 'All papers, filtered and sorted.',
    args: paperListArgs(t.arg),
    resolve: (_root, args, ctx) => paperList(ctx, args),
  }),
}));
