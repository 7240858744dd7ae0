// Records addressed by a dense index, whatever holds them: a plain array (a corpus built in
// memory) or the typed columns of a snapshot, which build a record only when it is asked for.
// Arrays satisfy Rows as they are.

export interface Rows<T> {
  readonly length: number;
  at(index: number): T | undefined;
  /**
   * One field of every row, without building the rows (a snapshot reads it from its column).
   * Absent on arrays: fieldOf falls back to the records.
   */
  field?<K extends keyof T>(key: K): (index: number) => T[K];
}

/** Rows that find a row by id themselves (a snapshot indexes its id column in place). */
export interface IdentifiedRows<T> extends Rows<T> {
  /** The index of the row with this id, or -1. */
  indexOfId(id: string): number;
  idAt(index: number): string;
}

export function isIdentified<T>(rows: Rows<T>): rows is IdentifiedRows<T> {
  return typeof (rows as Partial<IdentifiedRows<T>>).indexOfId === 'function';
}

/** A getter for one field of the rows, from the column when the rows have one. */
export function fieldOf<T, K extends keyof T>(rows: Rows<T>, key: K): (index: number) => T[K] {
  if (rows.field) return rows.field(key);
  return (i) => rows.at(i)![key];
}

/** Every row as an array (the array itself when the rows are one): for exports and merges, not for serving. */
export function allRows<T>(rows: Rows<T>): T[] {
  if (Array.isArray(rows)) return rows;
  const out = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows.at(i)!;
  return out;
}

/** The rows in another order: row k is rows[order[k]]. Arrays are reordered in place of a view. */
export function permuted<T>(rows: Rows<T>, order: Uint32Array): Rows<T> {
  if (Array.isArray(rows)) return Array.from(order, (i) => rows[i] as T);
  const view: Rows<T> = { length: order.length, at: (k) => (k >= 0 && k < order.length ? rows.at(order[k]) : undefined) };
  // A field of the k-th row read from the underlying rows' column (a snapshot's), no record built.
  if (rows.field)
    view.field = <K extends keyof T>(key: K) => {
      const read = rows.field!(key);
      return (k: number) => read(order[k]);
    };
  return view;
}

/**
 * One field of a row by index, through a getter made once per field (`fieldOf`): for reading a
 * field or two of rows whose records would be built whole (a snapshot's) on `at`.
 */
export class FieldReader<T> {
  private readonly getters = new Map<keyof T, (index: number) => unknown>();

  constructor(private readonly rows: Rows<T>) {}

  get<K extends keyof T>(index: number, key: K): T[K] {
    let getter = this.getters.get(key);
    if (!getter) this.getters.set(key, (getter = fieldOf(this.rows, key)));
    return getter(index) as T[K];
  }
}
