// A table of records addressed both by their string id and by a dense integer index:
// the integer is what the CSR adjacency stores, the string is what the outside world sees.
// Records come from Rows (an array, or snapshot columns that build one on demand). Ids are
// indexed up front, since every lookup by id needs them: by the rows themselves when they can
// (a snapshot's index over its id bytes), else in a Map.
//
// A table of a later graph version (graph-changes.ts) is derived from its predecessor: it
// shares the root rows, their id and slug indexes and the records built from them, and layers
// the changed records over them (PatchedRows); ids and slugs of changed records are found
// through a small map of candidates, each checked against the record it names.

import { PatchedRows } from './patched-rows.js';
import { fieldOf, isIdentified, type IdentifiedRows, type Rows } from './rows.js';

type IdLookup = Pick<IdentifiedRows<unknown>, 'indexOfId' | 'idAt'>;

/** What every version over the same root rows shares. */
interface Root<T> {
  rows: Rows<T>;
  ids: IdLookup;
  /** Slug → root index (null for a table without slugs). */
  slugs: Map<string, number> | null;
  /** Records built from columns so far (null when the rows are an array). */
  built: (T | undefined)[] | null;
  /** Normalised key → root indexes, per field, built on first use (KnowledgeGraph.byArxivId). */
  keys: Map<string, Map<string, number | number[]>>;
}

/**
 * Indexes of changed records by id and by slug, shared by the versions of one index space
 * (until indexes shift). Versions branching from one parent may both add to it: a lookup
 * takes a candidate only when the version's own record at that index has the key.
 */
interface Candidates {
  ids: Map<string, number[]>;
  slugs: Map<string, number[]>;
}

/** A version's changes to its predecessor's table, indexes in the predecessor's space (appended ones after it). */
export interface TableEdit<T> {
  /** Size including appended records. */
  length: number;
  /** Changed and appended records by index. */
  records: ReadonlyMap<number, T>;
  /** Indexes of records that leave (the others keep their order). */
  removed: ReadonlySet<number>;
}

/** Looks up a normalised key: the last paper that has it, as a Map would hold it. */
export interface KeyIndex {
  get(key: string): number | undefined;
}

export class NodeTable<T extends { id: string; slug?: string }> {
  private readonly root: Root<T>;
  /** Null: the root rows as they are. */
  private readonly patch: PatchedRows<T> | null;
  /** Root index → index here, once indexes shifted (-1: left). */
  private readonly baseToNew: Int32Array | null;
  private readonly candidates: Candidates | null;
  private everyRecord: T[] | null = null;
  private readonly keyIndexes = new Map<string, KeyIndex>();
  readonly size: number;

  /**
   * `redirects`: retired ids (a merged paper's) → the id that answers for them now; indexOf and
   * get follow them, idAt gives the current id.
   */
  constructor(
    readonly kind: string,
    rows: Rows<T>,
    hasSlugs = false,
    readonly redirects: ReadonlyMap<string, string> = NO_REDIRECTS,
    derived?: { root: Root<T>; patch: PatchedRows<T>; baseToNew: Int32Array | null; candidates: Candidates },
  ) {
    if (derived) {
      this.root = derived.root;
      this.patch = derived.patch;
      this.baseToNew = derived.baseToNew;
      this.candidates = derived.candidates;
      this.size = derived.patch.length;
      return;
    }
    this.patch = null;
    this.baseToNew = null;
    this.candidates = null;
    this.size = rows.length;
    let slugs: Map<string, number> | null = null;
    if (hasSlugs) {
      slugs = new Map();
      const slugOf = fieldOf(rows, 'slug');
      for (let i = 0; i < rows.length; i++) {
        const slug = slugOf(i);
        if (slug === undefined) continue;
        if (slugs.has(slug)) throw new GraphBuildError(`duplicate ${kind} slug "${slug}"`);
        slugs.set(slug, i);
      }
    }
    this.root = {
      rows,
      ids: isIdentified(rows) ? rows : mapLookup(kind, rows),
      slugs,
      built: Array.isArray(rows) ? null : new Array(rows.length),
      keys: new Map(),
    };
  }

  /** The record at a dense index (which must be one of this table's). */
  at(i: number): T {
    if (this.patch) {
      const record = this.patch.patchedAt(i);
      if (record !== undefined) return record;
      return this.rootAt(this.patch.baseIndexOf(i));
    }
    return this.rootAt(i);
  }

  private rootAt(b: number): T {
    const { built, rows } = this.root;
    if (!built) return rows.at(b)!;
    return (built[b] ??= rows.at(b)!);
  }

  /** The id at a dense index, without building the record. */
  idAt(i: number): string {
    if (this.patch) {
      const record = this.patch.patchedAt(i);
      if (record !== undefined) return record.id;
      return this.root.ids.idAt(this.patch.baseIndexOf(i));
    }
    return this.root.ids.idAt(i);
  }

  /** One field of every record, by index, read from its column where there is one. */
  field<K extends keyof T>(key: K): (i: number) => T[K] {
    return this.patch ? this.patch.field(key) : fieldOf(this.root.rows, key);
  }

  /**
   * Every record as an array: built in full on first use over snapshot columns. For exports,
   * merges and tests; serving reads single records with at().
   */
  get records(): T[] {
    return (this.everyRecord ??=
      !this.patch && Array.isArray(this.root.rows) ? this.root.rows : Array.from({ length: this.size }, (_, i) => this.at(i)));
  }

  /** The dense index of a slug, or -1 when no record has it. */
  indexOfSlug(slug: string): number {
    return this.slugHolders(slug, true)[0] ?? -1;
  }

  /** Indexes of the records with this slug (one when `first`). */
  private slugHolders(slug: string, first: boolean): number[] {
    const found: number[] = [];
    const listed = this.candidates?.slugs.get(slug);
    if (listed)
      for (let k = listed.length - 1; k >= 0; k--) {
        const j = listed[k];
        if (j < this.size && !found.includes(j) && this.slugAt(j) === slug) {
          found.push(j);
          if (first) return found;
        }
      }
    const b = this.root.slugs?.get(slug);
    if (b !== undefined) {
      const j = this.fromRoot(b);
      if (j >= 0 && !found.includes(j) && this.slugAt(j) === slug) found.push(j);
    }
    return found;
  }

  private slugAt(i: number): string | undefined {
    const record = this.patch?.patchedAt(i);
    if (record !== undefined) return record.slug;
    return fieldOf(this.root.rows, 'slug')(this.patch ? this.patch.baseIndexOf(i) : i);
  }

  /** Index here of root row b, or -1 when it left. */
  private fromRoot(b: number): number {
    return this.baseToNew ? this.baseToNew[b] : b;
  }

  /** The dense index of an id, or -1 when the id is unknown (redirects not followed). */
  indexOfExact(id: string): number {
    const listed = this.candidates?.ids.get(id);
    if (listed)
      for (let k = listed.length - 1; k >= 0; k--) {
        const j = listed[k];
        if (j < this.size && this.idAt(j) === id) return j;
      }
    const b = this.root.ids.indexOfId(id);
    if (b < 0) return -1;
    const j = this.fromRoot(b);
    if (j < 0 || !this.patch) return j;
    const record = this.patch.patchedAt(j);
    return record === undefined || record.id === id ? j : -1;
  }

  /** The dense index of an id, or -1 when the id is unknown. */
  indexOf(id: string): number {
    const i = this.indexOfExact(id);
    if (i >= 0 || this.redirects.size === 0) return i;
    const to = this.redirects.get(id);
    return to === undefined ? -1 : this.indexOfExact(to);
  }

  /** The dense index of an id that must exist; `context` says who refers to it. */
  require(id: string, context: string): number {
    const i = this.indexOfExact(id);
    if (i < 0) throw new GraphBuildError(`${context} refers to unknown ${this.kind} "${id}"`);
    return i;
  }

  get(id: string): T | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.at(i);
  }

  /**
   * Records by a normalised key of one field (the last index wins, as in a Map filled in
   * index order); root rows are indexed once for every version, changed records per version.
   */
  keyIndex<K extends keyof T>(key: K, normalize: (value: NonNullable<T[K]>) => string): KeyIndex {
    const name = String(key);
    let index = this.keyIndexes.get(name);
    if (index) return index;
    let rootKeys = this.root.keys.get(name);
    if (!rootKeys) {
      rootKeys = new Map();
      const valueOf = fieldOf(this.root.rows, key);
      for (let i = 0; i < this.root.rows.length; i++) {
        const value = valueOf(i);
        if (!value) continue;
        const k = normalize(value as NonNullable<T[K]>);
        const seen = rootKeys.get(k);
        rootKeys.set(k, seen === undefined ? i : typeof seen === 'number' ? [seen, i] : [...seen, i]);
      }
      this.root.keys.set(name, rootKeys);
    }
    if (!this.patch) {
      const plain = new Map<string, number>();
      for (const [k, v] of rootKeys) plain.set(k, typeof v === 'number' ? v : v[v.length - 1]);
      index = plain;
    } else {
      // Changed records of this version, by key.
      const changed = new Map<string, number>();
      for (let i = 0; i < this.size; i++) {
        const record = this.patch.patchedAt(i);
        if (record === undefined) continue;
        const value = record[key];
        if (value) changed.set(normalize(value as NonNullable<T[K]>), i);
      }
      const rootOnly = rootKeys;
      index = {
        get: (k: string) => {
          let best = changed.get(k) ?? -1;
          const v = rootOnly.get(k);
          for (const b of v === undefined ? [] : typeof v === 'number' ? [v] : v) {
            const j = this.fromRoot(b);
            if (j > best && this.patch!.patchedAt(j) === undefined) best = j;
          }
          return best < 0 ? undefined : best;
        },
      };
    }
    this.keyIndexes.set(name, index);
    return index;
  }

  /**
   * The table after `edit`, sharing what it left alone; `remap`: index of the edit (old and
   * appended) → new (-1: removed), null when no index moved. Throws a GraphBuildError on a repeated id or slug.
   */
  derive(edit: TableEdit<T>, redirects: ReadonlyMap<string, string> = this.redirects): { table: NodeTable<T>; remap: Int32Array | null } {
    const prev = PatchedRows.of(this.patch ?? this.root.rows);
    let table: NodeTable<T>;
    let remap: Int32Array | null = null;
    if (edit.removed.size === 0) {
      const candidates = this.candidates ?? { ids: new Map(), slugs: new Map() };
      const patch = prev.withRecords(edit.records, edit.length);
      for (const [i, record] of edit.records) {
        if (i >= this.size) addCandidate(candidates.ids, record.id, i);
        if (record.slug !== undefined && this.root.slugs) addCandidate(candidates.slugs, record.slug, i);
      }
      table = new NodeTable(this.kind, this.root.rows, false, redirects, { root: this.root, patch, baseToNew: this.baseToNew, candidates });
    } else {
      remap = new Int32Array(edit.length);
      for (const d of edit.removed) remap[d] = -1;
      let next = 0;
      for (let d = 0; d < edit.length; d++) if (remap[d] === 0) remap[d] = next++;
      const codes = new Int32Array(next);
      const kept = Math.min(this.size, edit.length);
      if (prev.overrides.count === 0 && prev.toBase === null) {
        for (let d = 0; d < kept; d++) if (remap[d] >= 0) codes[remap[d]] = d;
      } else for (let d = 0; d < kept; d++) if (remap[d] >= 0 && !edit.records.has(d)) codes[remap[d]] = prev.encode(d);
      for (const [d, record] of edit.records) if (remap[d] >= 0) codes[remap[d]] = prev.pushExtra(record);
      const baseToNew = new Int32Array(this.root.rows.length).fill(-1);
      const candidates: Candidates = { ids: new Map(), slugs: new Map() };
      const patch = prev.withCodes(codes);
      for (let j = 0; j < codes.length; j++) {
        const code = codes[j];
        if (code >= 0) {
          baseToNew[code] = j;
          continue;
        }
        const record = patch.decode(code);
        addCandidate(candidates.ids, record.id, j);
        if (record.slug !== undefined && this.root.slugs) addCandidate(candidates.slugs, record.slug, j);
      }
      table = new NodeTable(this.kind, this.root.rows, false, redirects, { root: this.root, patch, baseToNew, candidates });
    }
    if (this.root.slugs)
      for (const [i, record] of edit.records) {
        const j = remap ? (i < remap.length ? remap[i] : -1) : i;
        if (j < 0 || record.slug === undefined) continue;
        if (table.slugHolders(record.slug, false).length > 1) throw new GraphBuildError(`duplicate ${this.kind} slug "${record.slug}"`);
      }
    return { table, remap };
  }
}

function addCandidate(map: Map<string, number[]>, key: string, index: number): void {
  const listed = map.get(key);
  if (listed) listed.push(index);
  else map.set(key, [index]);
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
