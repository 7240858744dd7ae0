// Column encoding of a Corpus for snapshots: each corpus table becomes one section of typed
// blocks — Int32 indices into the node tables, Int32 years, Float64 scores, Uint8 enum codes,
// and strings as UTF-8 bytes with Uint32 offsets — that a reader views in place. Decoding a
// table gives Rows that build a record only when asked for it, and hands the graph its edges as
// typed index arrays, so loading a snapshot creates no object per record.

import { Buffer, isAscii } from 'node:buffer';
import { GRAPH_NODE_KINDS, NODE_KIND, type CollectionOf, type Corpus, type GraphNodeKind } from '../model/index.js';
import type { Rows } from '../graph/rows.js';
import { IdIndex } from './snapshot-id-index.js';
import {
  BLOCK_EMPTY_LISTS,
  BLOCK_F64,
  BLOCK_I32,
  BLOCK_JSON,
  BLOCK_U32,
  BLOCK_U8,
  BlockReader,
  BlockWriter,
  ColumnFormatError,
} from './snapshot-blocks.js';

export { ColumnFormatError };

/** Int32 stand-in for a null integer (a year, say); a real value equal to it falls back to JSON. */
const NULL_INT = -2147483648;

/** The tables other tables refer to by index: those of the graph's node kinds. */
export type NodeTableName = CollectionOf<GraphNodeKind>;
type ColumnKind = 'string' | 'strings' | 'int' | 'float' | 'enum' | 'enums' | 'bool' | 'provenance' | 'json';
/** A field of a small record kept in a list (an external id, a mapping, evidence): a string or an enum-coded value. */
type RecordField = { key: string; kind: 'string' | 'enum' };
type ColumnSpec =
  | { key: string; kind: ColumnKind }
  | { key: string; kind: 'ref' | 'refs'; table: NodeTableName }
  /** `records`: a list of flat records per row, one sub-column per field; `record`: one such record or null. */
  | { key: string; kind: 'records' | 'record'; fields: RecordField[] };

const col = (key: string, kind: ColumnKind): ColumnSpec => ({ key, kind });
const ref = (key: string, table: NodeTableName): ColumnSpec => ({ key, kind: 'ref', table });
const refs = (key: string, table: NodeTableName): ColumnSpec => ({ key, kind: 'refs', table });
const str = (key: string): RecordField => ({ key, kind: 'string' });
const code = (key: string): RecordField => ({ key, kind: 'enum' });
const records = (key: string, ...fields: RecordField[]): ColumnSpec => ({ key, kind: 'records', fields });
const record = (key: string, ...fields: RecordField[]): ColumnSpec => ({ key, kind: 'record', fields });
const EXTERNAL_ID_FIELDS = [code('scheme'), str('id'), str('url')];

/** The tables in write order (node tables before the edges that refer to them), columns in model order. */
const TABLES: { name: keyof Corpus; columns: ColumnSpec[] }[] = [
  {
    name: 'venues',
    columns: [
      col('id', 'string'),
      col('slug', 'string'),
      col('name', 'string'),
      col('fullName', 'string'),
      col('kind', 'enum'),
      col('year', 'int'),
      col('provenance', 'provenance'),
    ],
  },
  {
    name: 'authors',
    columns: [col('id', 'string'), col('name', 'string'), col('affiliations', 'strings'), col('provenance', 'provenance')],
  },
  {
    name: 'topics',
    columns: [
      col('id', 'string'),
      col('slug', 'string'),
      col('name', 'string'),
      col('description', 'string'),
      col('provenance', 'provenance'),
    ],
  },
  {
    name: 'concepts',
    columns: [
      col('id', 'string'),
      col('slug', 'string'),
      col('name', 'string'),
      col('kind', 'enum'),
      col('aliases', 'strings'),
      col('description', 'string'),
      refs('broaderIds', 'concepts'),
      col('provenance', 'provenance'),
      col('scheme', 'enum'),
      records('externalIds', ...EXTERNAL_ID_FIELDS),
      records('mappings', code('scheme'), str('id'), str('label'), str('uri'), code('match')),
    ],
  },
  {
    name: 'papers',
    columns: [
      col('id', 'string'),
      col('title', 'string'),
      col('aliases', 'strings'),
      col('abstract', 'string'),
      record('abstractProvenance', code('source'), str('recordId')),
      col('summary', 'string'),
      col('year', 'int'),
      ref('venueId', 'venues'),
      col('arxivId', 'string'),
      col('doi', 'string'),
      col('url', 'string'),
      col('provenance', 'provenance'),
      col('unresolvedReferenceCount', 'int'),
      col('pdfUrl', 'string'),
      col('codeUrl', 'string'),
      col('presentation', 'enum'),
      records('externalIds', ...EXTERNAL_ID_FIELDS),
      col('stub', 'bool'),
    ],
  },
  {
    name: 'collections',
    columns: [
      col('id', 'string'),
      col('slug', 'string'),
      col('title', 'string'),
      col('publisher', 'string'),
      col('date', 'string'),
      col('url', 'string'),
      col('description', 'string'),
      col('entries', 'json'),
      col('provenance', 'provenance'),
    ],
  },
  {
    name: 'authorships',
    columns: [ref('paperId', 'papers'), ref('authorId', 'authors'), col('position', 'int'), col('affiliations', 'strings')],
  },
  {
    name: 'citations',
    columns: [
      ref('citingId', 'papers'),
      ref('citedId', 'papers'),
      col('contexts', 'strings'),
      col('intents', 'enums'),
      col('isInfluential', 'bool'),
      col('provenance', 'provenance'),
    ],
  },
  {
    name: 'paperConcepts',
    columns: [
      ref('paperId', 'papers'),
      ref('conceptId', 'concepts'),
      col('role', 'enum'),
      col('score', 'float'),
      col('provenance', 'provenance'),
      records('evidence', code('field'), str('text')),
    ],
  },
  { name: 'paperTopics', columns: [ref('paperId', 'papers'), ref('topicId', 'topics')] },
];
const KNOWN_TABLES = new Set<string>(TABLES.map((t) => t.name));
const NODE_TABLES = new Set<string>(GRAPH_NODE_KINDS.map((kind) => NODE_KIND[kind].collection));

export interface EncodedSection {
  name: string;
  count: number;
  bytes: Buffer;
}

type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Writing

/** Every table of the corpus as a section; tables another module added to Corpus go in as JSON. */
export function encodeCorpus(corpus: Corpus): EncodedSection[] {
  const indexes = new Map<NodeTableName, Map<string, number>>();
  const sections: EncodedSection[] = TABLES.map(({ name, columns }) => {
    const rows = corpus[name] as unknown as Row[];
    if (NODE_TABLES.has(name)) indexes.set(name as NodeTableName, new Map(rows.map((r, i) => [r.id as string, i])));
    const w = new BlockWriter();
    for (const column of columns)
      writeColumn(
        w,
        column,
        rows.map((r) => r[column.key]),
        indexes,
      );
    writeExtras(w, rows, new Set(columns.map((c) => c.key)));
    return { name, count: rows.length, bytes: w.toBytes() };
  });
  for (const [key, value] of Object.entries(corpus)) {
    if (KNOWN_TABLES.has(key)) continue;
    const w = new BlockWriter();
    if (Array.isArray(value)) w.chunkedJson(value);
    else w.json(value);
    sections.push({ name: `extra:${key}`, count: Array.isArray(value) ? value.length : -1, bytes: w.toBytes() });
  }
  return sections;
}

function writeColumn(w: BlockWriter, column: ColumnSpec, values: unknown[], indexes: Map<NodeTableName, Map<string, number>>): void {
  switch (column.kind) {
    case 'string':
      return writeStrings(w, values);
    case 'json':
      return w.chunkedJson(values);
    case 'int':
      return writeInts(w, values);
    case 'float':
      return values.every((v) => typeof v === 'number') ? w.typed(BLOCK_F64, Float64Array.from(values as number[])) : w.chunkedJson(values);
    case 'bool':
      return values.every((v) => v === null || typeof v === 'boolean')
        ? w.typed(
            BLOCK_U8,
            Uint8Array.from(values, (v) => (v === null ? 2 : v ? 1 : 0)),
          )
        : w.chunkedJson(values);
    case 'enum':
      return writeEnum(w, values);
    case 'ref':
      return writeRefs(w, values, indexes.get(column.table)!);
    case 'records':
      return writeRecords(w, column.fields, values);
    case 'record':
      // One record or none: a list of at most one, so it shares the list encoding.
      return values.every((v) => v === null || isFlatRecord(v, column.fields))
        ? writeRecords(
            w,
            column.fields,
            values.map((v) => (v === null ? [] : [v])),
          )
        : w.chunkedJson(values);
    case 'strings':
    case 'enums':
    case 'refs':
    case 'provenance':
      return writeLists(w, column, values, indexes);
  }
}

/** [Uint8 null flags, when any value is null] Uint32 offsets, UTF-8 bytes; anything but strings and nulls as JSON. */
function writeStrings(w: BlockWriter, values: unknown[]): void {
  if (!values.every((v) => v === null || typeof v === 'string')) return w.chunkedJson(values);
  const strings = values as (string | null)[];
  if (strings.includes(null))
    w.typed(
      BLOCK_U8,
      Uint8Array.from(strings, (v) => (v === null ? 1 : 0)),
    );
  const offsets = new Uint32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i] + (strings[i] === null ? 0 : Buffer.byteLength(strings[i]!));
  const bytes = Buffer.allocUnsafe(offsets[strings.length]);
  for (let i = 0; i < strings.length; i++) if (strings[i] !== null) bytes.write(strings[i]!, offsets[i], 'utf8');
  w.typed(BLOCK_U32, offsets);
  w.bytes(bytes);
}

function writeInts(w: BlockWriter, values: unknown[]): void {
  const fits = values.every((v) => v === null || (Number.isInteger(v) && (v as number) > NULL_INT && (v as number) <= 2147483647));
  if (fits)
    w.typed(
      BLOCK_I32,
      Int32Array.from(values, (v) => (v === null ? NULL_INT : (v as number))),
    );
  else w.chunkedJson(values);
}

/** Dictionary coding: the distinct values once as JSON, then one small code per value. */
function writeEnum(w: BlockWriter, values: unknown[]): void {
  const codes = new Map<unknown, number>();
  for (const v of values) if (!codes.has(v)) codes.set(v, codes.size);
  w.json([...codes.keys()]);
  const code = (v: unknown) => codes.get(v)!;
  if (codes.size <= 256) w.typed(BLOCK_U8, Uint8Array.from(values, code));
  else w.typed(BLOCK_U32, Uint32Array.from(values, code));
}

/** Node references as Int32 indices (-1 for null); ids that resolve nowhere fall back to JSON. */
function writeRefs(w: BlockWriter, values: unknown[], index: Map<string, number>): void {
  const indices = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = v === null ? -1 : index.get(v as string);
    if (at === undefined) return w.chunkedJson(values);
    indices[i] = at;
  }
  w.typed(BLOCK_I32, indices);
}

/** A list per row: Uint32 offsets into one flat column, so empty lists cost four bytes. */
function writeLists(w: BlockWriter, column: ColumnSpec, values: unknown[], indexes: Map<NodeTableName, Map<string, number>>): void {
  const lists = values as unknown[][];
  if (!lists.every(Array.isArray) || (column.kind === 'provenance' && !lists.every((list) => list.every(isPlainProvenance)))) {
    return w.chunkedJson(values);
  }
  // Most lists of a big table are empty (contexts, intents, affiliations): then no offsets at all.
  if (lists.every((list) => list.length === 0)) return w.marker(BLOCK_EMPTY_LISTS);
  const offsets = new Uint32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i] + lists[i].length;
  w.typed(BLOCK_U32, offsets);
  const flat = lists.flat();
  if (column.kind === 'strings') writeStrings(w, flat);
  else if (column.kind === 'enums') writeEnum(w, flat);
  else if (column.kind === 'refs') writeRefs(w, flat, indexes.get(column.table)!);
  else {
    const items = flat as { source: string; recordId: string }[];
    writeEnum(
      w,
      items.map((p) => p.source),
    );
    writeStrings(
      w,
      items.map((p) => p.recordId),
    );
  }
}

/** Lists of flat records: Uint32 offsets, then one column per field over all the items (strings, or enum codes). */
function writeRecords(w: BlockWriter, fields: RecordField[], values: unknown[]): void {
  const lists = values as unknown[][];
  if (!lists.every((list) => Array.isArray(list) && list.every((item) => isFlatRecord(item, fields)))) return w.chunkedJson(values);
  if (lists.every((list) => list.length === 0)) return w.marker(BLOCK_EMPTY_LISTS);
  const offsets = new Uint32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i] + lists[i].length;
  w.typed(BLOCK_U32, offsets);
  const flat = lists.flat() as Row[];
  for (const field of fields) {
    const items = flat.map((item) => item[field.key]);
    if (field.kind === 'string') writeStrings(w, items);
    else writeEnum(w, items);
  }
}

/** An object with exactly `fields` as keys, strings (or null) in the string fields: what writeRecords keeps in columns. */
function isFlatRecord(item: unknown, fields: RecordField[]): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const row = item as Row;
  let keys = 0;
  for (const key in row) keys++;
  if (keys !== fields.length) return false;
  for (const field of fields) {
    if (!(field.key in row)) return false;
    const v = row[field.key];
    if (field.kind === 'string' ? v !== null && typeof v !== 'string' : v === undefined || (typeof v === 'object' && v !== null))
      return false;
  }
  return true;
}

function isPlainProvenance(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { source, recordId, ...rest } = item as Record<string, unknown>;
  return typeof source === 'string' && typeof recordId === 'string' && Object.keys(rest).length === 0;
}

/** Fields a record has beyond its columns (another module extended the model): kept sparse, as JSON. */
function writeExtras(w: BlockWriter, rows: Row[], known: Set<string>): void {
  const extras: [number, Row][] = [];
  rows.forEach((row, i) => {
    let extra: Row | null = null;
    for (const key in row) if (!known.has(key)) (extra ??= {})[key] = row[key];
    if (extra) extras.push([i, extra]);
  });
  w.json(extras.length);
  w.chunkedJson(extras);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One decoded column: a value per row, built when asked for. */
interface Column {
  get(i: number): unknown;
}

/** Values parsed up front: JSON fallbacks and small tables' JSON columns. */
class ArrayColumn implements Column {
  constructor(readonly values: unknown[]) {}
  get(i: number): unknown {
    return this.values[i];
  }
}

class StringColumn implements Column {
  /** The column as one string when it is ASCII (null when not), once a reader asked for it. */
  private text: string | null | undefined;

  constructor(
    readonly offsets: Uint32Array,
    readonly bytes: Buffer,
    readonly nulls: Uint8Array | null,
  ) {}

  get(i: number): string | null {
    if (this.nulls !== null && this.nulls[i] === 1) return null;
    return this.bytes.toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  /**
   * A getter for reading the whole column (every id, every title): an ASCII column is decoded
   * once, as one string, and each value sliced from it, several times faster than a decode per value.
   */
  reader(): (i: number) => string | null {
    // Decoded on the first whole-column read and kept: filters scan a column on every request.
    this.text ??= isAscii(this.bytes) ? this.bytes.toString('latin1') : null;
    const { text: whole, offsets, nulls } = this;
    if (whole === null) return (i) => this.get(i);
    return (i) => (nulls !== null && nulls[i] === 1 ? null : whole.slice(offsets[i], offsets[i + 1]));
  }
}

class IntColumn implements Column {
  constructor(readonly ints: Int32Array) {}
  get(i: number): number | null {
    return this.ints[i] === NULL_INT ? null : this.ints[i];
  }
}

class FloatColumn implements Column {
  constructor(private readonly floats: Float64Array) {}
  get(i: number): number {
    return this.floats[i];
  }
}

class BoolColumn implements Column {
  constructor(private readonly codes: Uint8Array) {}
  get(i: number): boolean | null {
    return this.codes[i] === 2 ? null : this.codes[i] === 1;
  }
}

class EnumColumn implements Column {
  constructor(
    private readonly vocabulary: unknown[],
    private readonly codes: Uint8Array | Uint32Array,
  ) {}
  get(i: number): unknown {
    return this.vocabulary[this.codes[i]];
  }
}

/** Node references: `indices` (-1 for null) into the referenced table, whose id column names them. */
class RefColumn implements Column {
  constructor(
    readonly indices: Int32Array,
    private readonly ids: Column,
  ) {}
  get(i: number): string | null {
    return this.indices[i] < 0 ? null : (this.ids.get(this.indices[i]) as string);
  }
}

class ListColumn implements Column {
  constructor(
    readonly offsets: Uint32Array,
    readonly items: Column,
  ) {}

  get(i: number): unknown[] {
    const list = [];
    for (let k = this.offsets[i], end = this.offsets[i + 1]; k < end; k++) list.push(this.items.get(k));
    return list;
  }
}

/** A list column whose lists are all empty; refLists sees no references in it. */
const EMPTY_LISTS: Column = { get: () => [] };

class ProvenanceColumn implements Column {
  constructor(
    private readonly offsets: Uint32Array,
    private readonly sources: Column,
    private readonly recordIds: Column,
  ) {}

  get(i: number): { source: unknown; recordId: unknown }[] {
    const list = [];
    for (let k = this.offsets[i], end = this.offsets[i + 1]; k < end; k++)
      list.push({ source: this.sources.get(k), recordId: this.recordIds.get(k) });
    return list;
  }
}

/** Lists of flat records, one column per field over the flattened items. */
class RecordsColumn implements Column {
  private readonly build: (columns: Column[], k: number) => Row;

  constructor(
    private readonly offsets: Uint32Array,
    private readonly fields: Column[],
    keys: string[],
  ) {
    const literal = keys.map((key, f) => `${JSON.stringify(key)}: c[${f}].get(k)`).join(', ');
    this.build = new Function('c', 'k', `return { ${literal} };`) as (columns: Column[], k: number) => Row;
  }

  get(i: number): Row[] {
    const list = [];
    for (let k = this.offsets[i], end = this.offsets[i + 1]; k < end; k++) list.push(this.build(this.fields, k));
    return list;
  }
}

/** A record or null per row, stored as a list of at most one. */
class OptionalRecordColumn implements Column {
  constructor(private readonly lists: Column) {}
  get(i: number): unknown {
    return (this.lists.get(i) as unknown[])[0] ?? null;
  }
}

/** The id column of a node table and its row count: what references resolve against. */
interface IdColumn {
  column: Column;
  count: number;
}

/** A decoded table: Rows whose records are built from the columns on each at(). */
export class ColumnTable<T = Row> implements Rows<T> {
  private readonly columnsByKey: Map<string, Column>;
  private readonly build: (columns: Column[], i: number) => T;
  /** Set on node tables whose ids are plain strings: then the graph finds rows through it. */
  indexOfId?: (id: string) => number;
  idAt?: (i: number) => string;

  constructor(
    readonly name: string,
    readonly length: number,
    private readonly columns: Column[],
    keys: string[],
    private readonly extras: Map<number, Row>,
  ) {
    this.columnsByKey = new Map(keys.map((key, k) => [key, columns[k]]));
    // An object literal compiled once from the fixed column names: records keep one shape, and
    // building one is a run of monomorphic getter calls.
    const literal = keys.map((key, k) => `${JSON.stringify(key)}: c[${k}].get(i)`).join(', ');
    this.build = new Function('c', 'i', `return { ${literal} };`) as (columns: Column[], i: number) => T;
  }

  /** Indexes the id column in place (see IdIndex), so that the table finds its own rows by id. */
  indexIds(): void {
    const ids = this.columnsByKey.get('id');
    if (!(ids instanceof StringColumn) || ids.nulls !== null) return;
    const index = new IdIndex(ids.bytes, ids.offsets, this.length, this.name);
    // Ids are decoded once each, when first asked for: a hot node's id is asked for on every query.
    const decoded = new Array<string | undefined>(this.length);
    this.indexOfId = (id) => index.indexOf(id);
    this.idAt = (i) => (decoded[i] ??= ids.get(i)!);
  }

  at(i: number): T | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const row = this.build(this.columns, i);
    const extra = this.extras.get(i);
    return extra ? (Object.assign(row as Row, extra) as T) : row;
  }

  field<K extends keyof T>(key: K): (i: number) => T[K] {
    const column = this.columnsByKey.get(key as string);
    if (!column || this.extras.size > 0) return (i) => this.at(i)![key];
    if (column instanceof StringColumn) return column.reader() as (i: number) => T[K];
    return (i) => column.get(i) as T[K];
  }

  /** The node indexes of a reference column, when it holds indexes (not ids that resolved nowhere). */
  refIndices(key: string): Int32Array | null {
    const column = this.columnsByKey.get(key);
    return column instanceof RefColumn ? column.indices : null;
  }

  /** The offsets and node indexes of a list-of-references column (a concept's broader concepts). */
  refLists(key: string): { offsets: Uint32Array; indices: Int32Array } | null {
    const column = this.columnsByKey.get(key);
    if (column === EMPTY_LISTS) return { offsets: new Uint32Array(this.length + 1), indices: new Int32Array(0) };
    return column instanceof ListColumn && column.items instanceof RefColumn
      ? { offsets: column.offsets, indices: column.items.indices }
      : null;
  }

  /** The values of an integer column as Int32 (nulls as -2^31), when it was stored typed. */
  ints(key: string): Int32Array | null {
    const column = this.columnsByKey.get(key);
    return column instanceof IntColumn ? column.ints : null;
  }
}

export type SnapshotTables = { [K in keyof Corpus]: ColumnTable<Corpus[K][number]> };

/** Decodes every section into column tables (by name); `extra:` sections come back parsed. */
export function decodeTables(
  sections: { name: string; count: number; bytes: Buffer }[],
  onSection?: (name: string) => void,
): { tables: SnapshotTables; extras: Record<string, unknown> } {
  const byName = new Map(sections.map((s) => [s.name, s]));
  const ids = new Map<NodeTableName, IdColumn>();
  const tables: Record<string, ColumnTable> = {};
  for (const { name, columns } of TABLES) {
    const section = byName.get(name);
    if (!section) throw new ColumnFormatError(`section ${name} is missing`);
    tables[name] = withSection(name, () => {
      const r = new BlockReader(section.bytes);
      const decoded = columns.map((column) => {
        const values = readColumn(r, column, section.count, ids);
        // Ids first: a table may refer to itself (a concept's broader concepts).
        if (column.key === 'id') ids.set(name as NodeTableName, { column: values, count: section.count });
        return values;
      });
      const table = new ColumnTable(
        name,
        section.count,
        decoded,
        columns.map((c) => c.key),
        readExtras(r),
      );
      if (NODE_TABLES.has(name)) table.indexIds();
      return table;
    });
    onSection?.(name);
  }
  const extras: Record<string, unknown> = {};
  for (const section of sections) {
    if (!section.name.startsWith('extra:')) continue;
    const r = new BlockReader(section.bytes);
    extras[section.name.slice('extra:'.length)] = withSection(section.name, () =>
      section.count < 0 ? r.json() : r.chunkedJson(section.count),
    );
  }
  return { tables: tables as unknown as SnapshotTables, extras };
}

/** Rebuilds the whole corpus, every record built: for merging onto a snapshot and for tests. */
export function decodeCorpus(sections: { name: string; count: number; bytes: Buffer }[], onSection?: (name: string) => void): Corpus {
  const { tables, extras } = decodeTables(sections, onSection);
  const corpus: Record<string, unknown> = {};
  for (const { name } of TABLES) {
    const table = tables[name] as unknown as ColumnTable;
    corpus[name] = Array.from({ length: table.length }, (_, i) => table.at(i));
  }
  return Object.assign(corpus, extras) as unknown as Corpus;
}

function withSection<T>(name: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    throw new ColumnFormatError(`section ${name}: ${(e as Error).message}`);
  }
}

function readColumn(r: BlockReader, column: ColumnSpec, count: number, ids: Map<NodeTableName, IdColumn>): Column {
  if (r.peekKind() === BLOCK_JSON && column.kind !== 'enum') return new ArrayColumn(r.chunkedJson(count));
  switch (column.kind) {
    case 'string':
      return readStrings(r, count);
    case 'json':
      return new ArrayColumn(r.chunkedJson(count));
    case 'int':
      return new IntColumn(r.typed(BLOCK_I32, count) as Int32Array);
    case 'float':
      return new FloatColumn(r.typed(BLOCK_F64, count) as Float64Array);
    case 'bool':
      return new BoolColumn(r.typed(BLOCK_U8, count) as Uint8Array);
    case 'enum':
      return readEnum(r, count);
    case 'ref':
      return readRefs(r, count, ids.get(column.table)!, column.table);
    case 'records':
      return readRecords(r, column.fields, count);
    case 'record':
      return new OptionalRecordColumn(readRecords(r, column.fields, count));
    case 'strings':
    case 'enums':
    case 'refs':
    case 'provenance':
      return readLists(r, column, count, ids);
  }
}

function readRecords(r: BlockReader, fields: RecordField[], count: number): Column {
  if (r.peekKind() === BLOCK_EMPTY_LISTS) {
    r.marker(BLOCK_EMPTY_LISTS);
    return EMPTY_LISTS;
  }
  const offsets = r.typed(BLOCK_U32, count + 1) as Uint32Array;
  const total = offsets[count];
  checkOffsets(offsets, count, total);
  const columns = fields.map((field) => (field.kind === 'string' ? readStrings(r, total) : readEnum(r, total)));
  return new RecordsColumn(
    offsets,
    columns,
    fields.map((f) => f.key),
  );
}

function readStrings(r: BlockReader, count: number): Column {
  if (r.peekKind() === BLOCK_JSON) return new ArrayColumn(r.chunkedJson(count));
  const nulls = r.peekKind() === BLOCK_U8 ? (r.typed(BLOCK_U8, count) as Uint8Array) : null;
  const offsets = r.typed(BLOCK_U32, count + 1) as Uint32Array;
  const bytes = r.bytes();
  checkOffsets(offsets, count, bytes.length);
  return new StringColumn(offsets, bytes, nulls);
}

function readEnum(r: BlockReader, count: number): Column {
  const vocabulary = r.json() as unknown[];
  if (!Array.isArray(vocabulary)) throw new ColumnFormatError('an enum vocabulary is not an array');
  const codes = r.peekKind() === BLOCK_U8 ? (r.typed(BLOCK_U8, count) as Uint8Array) : (r.typed(BLOCK_U32, count) as Uint32Array);
  for (let i = 0; i < count; i++) {
    if (codes[i] >= vocabulary.length) throw new ColumnFormatError(`enum code ${codes[i]} outside its vocabulary of ${vocabulary.length}`);
  }
  return new EnumColumn(vocabulary, codes);
}

function readRefs(r: BlockReader, count: number, ids: IdColumn, table: NodeTableName): Column {
  if (r.peekKind() === BLOCK_JSON) return new ArrayColumn(r.chunkedJson(count));
  const indices = r.typed(BLOCK_I32, count) as Int32Array;
  for (let k = 0; k < count; k++) {
    if (indices[k] < -1 || indices[k] >= ids.count)
      throw new ColumnFormatError(`${table} index ${indices[k]} outside its table of ${ids.count}`);
  }
  return new RefColumn(indices, ids.column);
}

function readLists(r: BlockReader, column: ColumnSpec, count: number, ids: Map<NodeTableName, IdColumn>): Column {
  if (r.peekKind() === BLOCK_EMPTY_LISTS) {
    r.marker(BLOCK_EMPTY_LISTS);
    return EMPTY_LISTS;
  }
  const offsets = r.typed(BLOCK_U32, count + 1) as Uint32Array;
  const total = offsets[count];
  checkOffsets(offsets, count, total);
  switch (column.kind) {
    case 'strings':
      return new ListColumn(offsets, readStrings(r, total));
    case 'enums':
      return new ListColumn(offsets, readEnum(r, total));
    case 'refs':
      return new ListColumn(offsets, readRefs(r, total, ids.get(column.table)!, column.table));
    default:
      return new ProvenanceColumn(offsets, readEnum(r, total), readStrings(r, total));
  }
}

function checkOffsets(offsets: Uint32Array, count: number, end: number): void {
  if (offsets[0] !== 0 || offsets[count] !== end) throw new ColumnFormatError(`offsets do not span their ${end} values`);
  for (let i = 0; i < count; i++) {
    if (offsets[i] > offsets[i + 1]) throw new ColumnFormatError(`offsets out of order at row ${i}`);
  }
}

function readExtras(r: BlockReader): Map<number, Row> {
  const count = r.json() as number;
  return new Map(r.chunkedJson(count) as [number, Row][]);
}
