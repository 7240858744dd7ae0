// Rows of a graph version made from the rows of the graph it was built from ("root" rows: an
// array or a snapshot's columns) and a patch: records that replace or extend them, and after a
// removal an index map. Versions share the root rows, the extras and every untouched chunk of
// the patch, so a change costs what it changes (and O(n) typed-array work when indexes shift).

import { fieldOf, type Rows } from './rows.js';

const BITS = 10;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

type Chunk<T> = (T | undefined)[];

/** A persistent sparse array of records: `with` copies the chunk directory and the touched chunks only. */
export class SparseRecords<T> {
  static empty<T>(): SparseRecords<T> {
    return new SparseRecords<T>([], 0);
  }

  private constructor(
    private readonly chunks: readonly (Chunk<T> | undefined)[],
    /** How many indexes hold a record. */
    readonly count: number,
  ) {}

  get(i: number): T | undefined {
    const chunk = this.chunks[i >>> BITS];
    return chunk === undefined ? undefined : chunk[i & MASK];
  }

  /** These records set at their indexes, the rest shared. */
  with(entries: Iterable<[number, T]>): SparseRecords<T> {
    const chunks = this.chunks.slice();
    const copied = new Set<number>();
    let count = this.count;
    for (const [i, record] of entries) {
      const c = i >>> BITS;
      if (!copied.has(c)) {
        copied.add(c);
        chunks[c] = chunks[c] ? chunks[c]!.slice() : new Array<T | undefined>(CHUNK);
      }
      const chunk = chunks[c]!;
      if (chunk[i & MASK] === undefined) count++;
      chunk[i & MASK] = record;
    }
    return new SparseRecords(chunks, count);
  }

  /** Every (index, record), ascending. */
  *entries(): Generator<[number, T]> {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (!chunk) continue;
      for (let k = 0; k < CHUNK; k++) if (chunk[k] !== undefined) yield [(c << BITS) + k, chunk[k]!];
    }
  }
}

/**
 * Rows = root rows + a patch. Row i is `overrides[i]` when set, else through `toBase`: a value
 * v >= 0 is root row v, v < 0 is `extras[-1 - v]`; without `toBase` row i is root row i.
 * `extras` is append-only and shared by every version over the same root (indexes into it are
 * never reused, so versions branching from one parent cannot disturb each other).
 */
export class PatchedRows<T> implements Rows<T> {
  /** The rows as a patch (themselves, or root rows with an empty patch). */
  static of<T>(rows: Rows<T>): PatchedRows<T> {
    return rows instanceof PatchedRows ? rows : new PatchedRows(rows, rows.length, null, [], SparseRecords.empty());
  }

  constructor(
    readonly base: Rows<T>,
    readonly length: number,
    readonly toBase: Int32Array | null,
    readonly extras: T[],
    readonly overrides: SparseRecords<T>,
  ) {}

  at(i: number): T | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const o = this.overrides.get(i);
    if (o !== undefined) return o;
    if (this.toBase === null) return this.base.at(i);
    const v = this.toBase[i];
    return v >= 0 ? this.base.at(v) : this.extras[-1 - v];
  }

  /** The root row behind row i, or -1 when a record of the patch holds it. */
  baseIndexOf(i: number): number {
    if (this.overrides.get(i) !== undefined) return -1;
    if (this.toBase === null) return i;
    return this.toBase[i];
  }

  /** The record of the patch at row i, or undefined when row i is a root row. */
  patchedAt(i: number): T | undefined {
    const o = this.overrides.get(i);
    if (o !== undefined || this.toBase === null) return o;
    const v = this.toBase[i];
    return v >= 0 ? undefined : this.extras[-1 - v];
  }

  field<K extends keyof T>(key: K): (index: number) => T[K] {
    const baseField = fieldOf(this.base, key);
    const { overrides, toBase, extras } = this;
    if (overrides.count === 0 && toBase === null) return baseField;
    return (i) => {
      const o = overrides.get(i);
      if (o !== undefined) return (o as T)[key];
      if (toBase === null) return baseField(i);
      const v = toBase[i];
      return v >= 0 ? baseField(v) : extras[-1 - v][key];
    };
  }

  /** The code of row i in `toBase` terms, pushing an overriding record into extras. */
  encode(i: number): number {
    const o = this.overrides.get(i);
    if (o !== undefined) return this.pushExtra(o);
    return this.toBase === null ? i : this.toBase[i];
  }

  /** Adds a record to the shared extras: its code. */
  pushExtra(record: T): number {
    this.extras.push(record);
    return -this.extras.length;
  }

  /** The same index space, records set or appended (indexes ≥ length grow it). */
  withRecords(records: Iterable<[number, T]>, length: number): PatchedRows<T> {
    return new PatchedRows(this.base, length, this.toBase, this.extras, this.overrides.with(records));
  }

  /** New rows from codes (see encode), one per row: after indexes shift. */
  withCodes(codes: Int32Array): PatchedRows<T> {
    return new PatchedRows(this.base, codes.length, codes, this.extras, SparseRecords.empty());
  }

  /** The record a code stands for. */
  decode(code: number): T {
    return code >= 0 ? this.base.at(code)! : this.extras[-1 - code];
  }
}

const identities = new WeakMap<object, Int32Array>();

/** 0, 1, …, n-1 for these root rows, built once and shared (read-only). */
export function identityCodes(base: Rows<unknown>): Int32Array {
  let codes = identities.get(base);
  if (!codes || codes.length !== base.length) {
    codes = new Int32Array(base.length);
    for (let i = 0; i < codes.length; i++) codes[i] = i;
    identities.set(base, codes);
  }
  return codes;
}
