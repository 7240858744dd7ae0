// A table of records addressed both by their string id and by a dense integer index:
// the integer is what the CSR adjacency stores, the string is what the outside world sees.
// Records come from Rows (an array, or snapshot columns that build one on demand). Ids are
// indexed up front, since every lookup by id needs them: by the rows themselves when they can
// (a snapshot's index over its id bytes), else in a Map.

import { fieldOf, isIdentified, type IdentifiedRows, type Rows } from './rows.js';

type IdLookup = Pick<IdentifiedRows<unknown>, 'indexOfId' | 'idAt'>;

export class NodeTable<T extends { id: string; slug?: string }> {
  private readonly rows: Rows<T>;
  /** Records built from columns so far (null when the rows are an array, which needs no cache). */
  private readonly built: (T | undefined)[] | null;
  private readonly ids: IdLookup;
  private readonly slugIndex = new Map<string, number>();
  private everyRecord: T[] | null = null;

  /**
   * `redirects`: retired ids (a merged paper's) → the id that answers for them now; indexOf and
   * get follow them, idAt gives the current id.
   */
  constructor(
    readonly kind: string,
    rows: Rows<T>,
    hasSlugs = false,
    readonly redirects: ReadonlyMap<string, string> = NO_REDIRECTS,
  ) {
    this.rows = rows;
    this.built = Array.isArray(rows) ? null : new Array(rows.length);
    this.ids = isIdentified(rows) ? rows : mapLookup(kind, rows);
    if (hasSlugs) {
      const slugOf = fieldOf(rows, 'slug');
      for (let i = 0; i < rows.length; i++) {
        const slug = slugOf(i);
        if (slug === undefined) continue;
        if (this.slugIndex.has(slug)) throw new GraphBuildError(`duplicate ${kind} slug "${slug}"`);
        this.slugIndex.set(slug, i);
      }
    }
  }

  get size(): number {
    return this.rows.length;
  }

  /** The record at a dense index (which must be one of this table's). */
  at(i: number): T {
    if (!this.built) return this.rows.at(i)!;
    return (this.built[i] ??= this.rows.at(i)!);
  }

  /** The id at a dense index, without building the record. */
  idAt(i: number): string {
    return this.ids.idAt(i);
  }

  /** One field of every record, by index, read from its column where there is one. */
  field<K extends keyof T>(key: K): (i: number) => T[K] {
    return fieldOf(this.rows, key);
  }

  /**
   * Every record as an array: built in full on first use over snapshot columns. For exports,
   * merges and tests; serving reads single records with at().
   */
  get records(): T[] {
    return (this.everyRecord ??= Array.isArray(this.rows) ? this.rows : Array.from({ length: this.size }, (_, i) => this.at(i)));
  }

  /** The dense index of a slug, or -1 when no record has it. */
  indexOfSlug(slug: string): number {
    return this.slugIndex.get(slug) ?? -1;
  }

  /** The dense index of an id, or -1 when the id is unknown. */
  indexOf(id: string): number {
    const i = this.ids.indexOfId(id);
    if (i >= 0 || this.redirects.size === 0) return i;
    const to = this.redirects.get(id);
    return to === undefined ? -1 : this.ids.indexOfId(to);
  }

  /** The dense index of an id that must exist; `context` says who refers to it. */
  require(id: string, context: string): number {
    const i = this.ids.indexOfId(id);
    if (i < 0) throw new GraphBuildError(`${context} refers to unknown ${this.kind} "${id}"`);
    return i;
  }

  get(id: string): T | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.at(i);
  }
}

const NO_REDIRECTS: ReadonlyMap<string, string> = new Map();

function mapLookup<T extends { id: string }>(kind: string, rows: Rows<T>): IdLookup {
  const idOf = fieldOf(rows, 'id');
  const ids = new Array<string>(rows.length);
  const index = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const id = idOf(i);
    if (index.has(id)) throw new GraphBuildError(`duplicate ${kind} id "${id}"`);
    index.set(id, i);
    ids[i] = id;
  }
  return { indexOfId: (id) => index.get(id) ?? -1, idAt: (i) => ids[i] };
}

export class GraphBuildError extends Error {
  override name = 'GraphBuildError';
}
