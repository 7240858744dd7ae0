// The keys and indexes that decide identity when corpora merge (merge.ts states the rules),
// and the small list helpers the merger shares.

import { emptyCorpus, type Corpus, type Paper, type Provenance } from '../model/index.js';
import { normalizeArxivId, normalizeDoi, slugify, titleYearKey } from './identity.js';

const PROCEEDINGS_SCHEME = 'neurips-proceedings';
const PROCEEDINGS_URL =
  /^https?:\/\/(?:papers|proceedings)\.n(?:eur)?ips\.cc\/paper(?:_files\/paper)?\/\d{4}\/(?:hash|file)\/([0-9a-f]{32})-/i;

/** The NeurIPS proceedings hash in an abstract-page or PDF URL ("…/hash/<32 hex>-Abstract.html"), or null. */
export function proceedingsHashOf(url: string | null | undefined): string | null {
  const match = url ? PROCEEDINGS_URL.exec(url) : null;
  return match ? match[1].toLowerCase() : null;
}

/** Appends to the list under `key`, starting it if needed. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Adds provenance entries the list does not hold yet. */
export function addProvenance(target: Provenance[], more: Provenance[]): void {
  for (const p of more) if (!target.some((t) => t.source === p.source && t.recordId === p.recordId)) target.push(p);
}

/** Venues, topics, concepts, collections: found by id, then slug, then (from another source) name. */
export class NamedIndex<T extends { id: string; slug: string }> {
  readonly byId = new Map<string, T>();
  private readonly bySlug = new Map<string, T>();
  private readonly byName = new Map<string, T>();

  constructor(
    private readonly nameOf: (record: T) => string,
    private readonly origin: Map<object, number>,
  ) {}

  find(record: T, batchNo: number): T | undefined {
    const hit = this.byId.get(record.id) ?? this.bySlug.get(record.slug);
    if (hit) return hit;
    const named = this.byName.get(slugify(this.nameOf(record)));
    return named && this.origin.get(named) !== batchNo ? named : undefined;
  }

  /** True when a record of this kind already has `slug`. */
  slugTaken(slug: string): boolean {
    return this.bySlug.has(slug);
  }

  add(record: T): void {
    this.byId.set(record.id, record);
    if (!this.bySlug.has(record.slug)) this.bySlug.set(record.slug, record);
    const name = slugify(this.nameOf(record));
    if (!this.byName.has(name)) this.byName.set(name, record);
  }
}

/** A copy whose records (and their lists, and the objects in those) can be updated without touching the original. */
export function copyCorpus(c: Corpus): Corpus {
  const copy = emptyCorpus();
  for (const table of Object.keys(copy) as (keyof Corpus)[]) (copy[table] as object[]) = c[table].map(copyRecord);
  return copy;
}

function copyRecord<T extends object>(record: T): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const key in copy) {
    const value = copy[key];
    if (Array.isArray(value)) copy[key] = value.map((v: unknown) => (v !== null && typeof v === 'object' ? { ...v } : v));
  }
  return copy as unknown as T;
}

/**
 * Papers by DOI, arXiv id and title-or-alias + year. These keys only ever match a record of an
 * earlier batch, so they are computed when the next batch starts: a single import never pays.
 */
export class PaperKeyIndex {
  private readonly byKey = new Map<string, Paper>();
  private readonly pending: [kept: Paper, from: Paper][] = [];

  /** From the next batch on, `from`'s keys lead to `kept`. */
  add(kept: Paper, from: Paper): void {
    this.pending.push([kept, from]);
  }

  flush(): void {
    for (const [kept, from] of this.pending) for (const key of paperKeys(from)) if (!this.byKey.has(key)) this.byKey.set(key, kept);
    this.pending.length = 0;
  }

  /** The paper of an earlier batch with one of `p`'s keys, strongest key first. */
  find(p: Paper): Paper | undefined {
    if (this.byKey.size === 0) return undefined;
    for (const key of paperKeys(p)) {
      const hit = this.byKey.get(key);
      if (hit) return hit;
    }
    return undefined;
  }
}

/**
 * The identity keys of a paper, strongest first: DOI, NeurIPS proceedings hash (an external id,
 * or read from a proceedings URL), arXiv id, then title-or-alias + year.
 */
function paperKeys(p: Paper): string[] {
  const keys: string[] = [];
  if (p.doi) keys.push(`doi:${normalizeDoi(p.doi)}`);
  const hashes = new Set(p.externalIds.filter((e) => e.scheme === PROCEEDINGS_SCHEME).map((e) => e.id.toLowerCase()));
  for (const url of [p.url, p.pdfUrl]) {
    const hash = proceedingsHashOf(url);
    if (hash) hashes.add(hash);
  }
  for (const hash of hashes) keys.push(`neurips:${hash}`);
  if (p.arxivId) keys.push(`arxiv:${normalizeArxivId(p.arxivId)}`);
  for (const title of [p.title, ...p.aliases]) {
    const key = titleYearKey(title, p.year);
    if (key) keys.push(`title:${key}`);
  }
  return keys;
}
