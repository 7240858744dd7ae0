// Column encoding of a Corpus for snapshots: each corpus table becomes one section of typed
// blocks (Uint32 indices into the node tables, Int32 years, Float64 scores, Uint8 enum codes)
// and chunked JSON arrays of strings, so reading never parses one giant JSON text.

import type { Buffer } from 'node:buffer';
import type { Corpus } from '../model/index.js';
import { BLOCK_F64, BLOCK_I32, BLOCK_JSON, BLOCK_U32, BLOCK_U8, BlockReader, BlockWriter, ColumnFormatError } from './snapshot-blocks.js';

export { ColumnFormatError };

/** Int32 stand-in for a null integer (a year, say); a real value equal to it falls back to JSON. */
const NULL_INT = -2147483648;

type NodeTableName = 'papers' | 'authors' | 'venues' | 'topics' | 'concepts';
type ColumnKind = 'string' | 'strings' | 'int' | 'float' | 'enum' | 'enums' | 'bool' | 'provenance' | 'json';
type Column = { key: string; kind: ColumnKind } | { key: string; kind: 'ref' | 'refs'; table: NodeTableName };

const col = (key: string, kind: ColumnKind): Column => ({ key, kind });
const ref = (key: string, table: NodeTableName): Column => ({ key, kind: 'ref', table });
const refs = (key: string, table: NodeTableName): Column => ({ key, kind: 'refs', table });

/** The tables in write order (node tables before the edges that refer to them), columns in model order. */
const TABLES: { name: keyof Corpus; columns: Column[] }[] = [
  { name: 'venues', columns: [col('id', 'string'), col('slug', 'string'), col('name', 'string'), col('fullName', 'string'), col('kind', 'enum'), col('year', 'int'), col('provenance', 'provenance')] },
  { name: 'authors', columns: [col('id', 'string'), col('name', 'string'), col('affiliations', 'strings'), col('provenance', 'provenance')] },
  { name: 'topics', columns: [col('id', 'string'), col('slug', 'string'), col('name', 'string'), col('description', 'string'), col('provenance', 'provenance')] },
  { name: 'concepts', columns: [col('id', 'string'), col('slug', 'string'), col('name', 'string'), col('kind', 'enum'), col('aliases', 'strings'), col('description', 'string'), refs('broaderIds', 'concepts'), col('provenance', 'provenance')] },
  { name: 'papers', columns: [col('id', 'string'), col('title', 'string'), col('aliases', 'strings'), col('abstract', 'string'), col('year', 'int'), ref('venueId', 'venues'), col('arxivId', 'string'), col('doi', 'string'), col('url', 'string'), col('provenance', 'provenance'), col('unresolvedReferenceCount', 'int')] },
  { name: 'collections', columns: [col('id', 'string'), col('slug', 'string'), col('title', 'string'), col('publisher', 'string'), col('date', 'string'), col('url', 'string'), col('description', 'string'), col('entries', 'json'), col('provenance', 'provenance')] },
  { name: 'authorships', columns: [ref('paperId', 'papers'), ref('authorId', 'authors'), col('position', 'int'), col('affiliations', 'strings')] },
  { name: 'citations', columns: [ref('citingId', 'papers'), ref('citedId', 'papers'), col('contexts', 'strings'), col('intents', 'enums'), col('isInfluential', 'bool'), col('provenance', 'provenance')] },
  { name: 'paperConcepts', columns: [ref('paperId', 'papers'), ref('conceptId', 'concepts'), col('role', 'enum'), col('score', 'float'), col('provenance', 'provenance')] },
  { name: 'paperTopics', columns: [ref('paperId', 'papers'), ref('topicId', 'topics')] },
];
const KNOWN_TABLES = new Set<string>(TABLES.map((t) => t.name));

export interface EncodedSection {
  name: string;
  count: number;
  bytes: Buffer;
}

type Row = Record<string, unknown>;

/** Every table of the corpus as a section; tables another module added to Corpus go in as JSON. */
export function encodeCorpus(corpus: Corpus): EncodedSection[] {
  const indexes = new Map<NodeTableName, Map<string, number>>();
  const sections: EncodedSection[] = TABLES.map(({ name, columns }) => {
    const rows = corpus[name] as unknown as Row[];
    if (name === 'papers' || name === 'authors' || name === 'venues' || name === 'topics' || name === 'concepts') {
      indexes.set(name, new Map(rows.map((r, i) => [r.id as string, i])));
    }
    const w = new BlockWriter();
    for (const column of columns) writeColumn(w, column, rows, indexes);
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

/** Rebuilds the corpus from its sections (by name), in the order encodeCorpus wrote them. */
export function decodeCorpus(sections: { name: string; count: number; bytes: Buffer }[], onSection?: (name: string) => void): Corpus {
  const byName = new Map(sections.map((s) => [s.name, s]));
  const ids = new Map<NodeTableName, string[]>();
  const corpus: Record<string, unknown> = {};
  for (const { name, columns } of TABLES) {
    const section = byName.get(name);
    if (!section) throw new ColumnFormatError(`section ${name} is missing`);
    corpus[name] = withSection(name, () => {
      const r = new BlockReader(section.bytes);
      const values = columns.map((column) => {
        const columnValues = readColumn(r, column, section.count, ids);
        // Ids first: a table may refer to itself (a concept's broader concepts).
        if (column.key === 'id') ids.set(name as NodeTableName, columnValues as string[]);
        return columnValues;
      });
      const rows = buildRows(columns, values, section.count);
      readExtras(r, rows);
      return rows;
    });
    onSection?.(name);
  }
  for (const section of sections) {
    if (!section.name.startsWith('extra:')) continue;
    const r = new BlockReader(section.bytes);
    corpus[section.name.slice('extra:'.length)] = withSection(section.name, () => section.count < 0 ? r.json() : r.chunkedJson(section.count));
  }
  return corpus as unknown as Corpus;
}

function withSection<T>(name: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    throw new ColumnFormatError(`section ${name}: ${(e as Error).message}`);
  }
}

function buildRows(columns: Column[], values: unknown[][], count: number): Row[] {
  // An object literal per table, compiled once from the fixed column names: assigning keys one by
  // one through a loop is several times slower on V8, and this is the hot loop of a load.
  const literal = columns.map((c, k) => `${JSON.stringify(c.key)}: v[${k}][i]`).join(', ');
  const makeRow = new Function('v', 'i', `return { ${literal} };`) as (v: unknown[][], i: number) => Row;
  const rows = new Array<Row>(count);
  for (let i = 0; i < count; i++) rows[i] = makeRow(values, i);
  return rows;
}

function writeColumn(w: BlockWriter, column: Column, rows: Row[], indexes: Map<NodeTableName, Map<string, number>>): void {
  const values = rows.map((r) => r[column.key]);
  switch (column.kind) {
    case 'string': case 'json': return w.chunkedJson(values);
    case 'int': return writeInts(w, values);
    case 'float': return values.every((v) => typeof v === 'number') ? w.typed(BLOCK_F64, Float64Array.from(values as number[])) : w.chunkedJson(values);
    case 'bool': return values.every((v) => v === null || typeof v === 'boolean')
      ? w.typed(BLOCK_U8, Uint8Array.from(values, (v) => (v === null ? 2 : v ? 1 : 0))) : w.chunkedJson(values);
    case 'enum': return writeEnum(w, values);
    case 'ref': return writeRefs(w, values, indexes.get(column.table)!);
    case 'strings': case 'enums': case 'refs': case 'provenance': return writeLists(w, column, values, indexes);
  }
}

function readColumn(r: BlockReader, column: Column, count: number, ids: Map<NodeTableName, string[]>): unknown[] {
  switch (column.kind) {
    case 'string': case 'json': return r.chunkedJson(count);
    case 'int': return readInts(r, count);
    case 'float': return r.peekKind() === BLOCK_JSON ? r.chunkedJson(count) : Array.from(r.typed(BLOCK_F64, count) as Float64Array);
    case 'bool': {
      if (r.peekKind() === BLOCK_JSON) return r.chunkedJson(count);
      const codes = r.typed(BLOCK_U8, count);
      return Array.from(codes, (c) => (c === 2 ? null : c === 1));
    }
    case 'enum': return readEnum(r, count);
    case 'ref': return readRefs(r, count, ids.get(column.table)!);
    case 'strings': case 'enums': case 'refs': case 'provenance': return readLists(r, column, count, ids);
  }
}

function writeInts(w: BlockWriter, values: unknown[]): void {
  const fits = values.every((v) => v === null || (Number.isInteger(v) && (v as number) > NULL_INT && (v as number) <= 2147483647));
  if (fits) w.typed(BLOCK_I32, Int32Array.from(values, (v) => (v === null ? NULL_INT : (v as number))));
  else w.chunkedJson(values);
}

function readInts(r: BlockReader, count: number): unknown[] {
  if (r.peekKind() === BLOCK_JSON) return r.chunkedJson(count);
  const ints = r.typed(BLOCK_I32, count);
  const values = new Array<number | null>(count);
  for (let i = 0; i < count; i++) values[i] = ints[i] === NULL_INT ? null : ints[i];
  return values;
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

function readEnum(r: BlockReader, count: number): unknown[] {
  const vocabulary = r.json() as unknown[];
  const codes = r.peekKind() === BLOCK_U8 ? r.typed(BLOCK_U8, count) : r.typed(BLOCK_U32, count);
  const values = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    if (codes[i] >= vocabulary.length) throw new ColumnFormatError(`enum code ${codes[i]} outside its vocabulary of ${vocabulary.length}`);
    values[i] = vocabulary[codes[i]];
  }
  return values;
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

function readRefs(r: BlockReader, count: number, ids: string[]): unknown[] {
  if (r.peekKind() === BLOCK_JSON) return r.chunkedJson(count);
  const indices = r.typed(BLOCK_I32, count);
  const values = new Array<string | null>(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k];
    if (i >= ids.length) throw new ColumnFormatError(`node index ${i} outside its table of ${ids.length}`);
    values[k] = i < 0 ? null : ids[i];
  }
  return values;
}

/** A list per row: Uint32 offsets into one flat column, so empty lists cost four bytes. */
function writeLists(w: BlockWriter, column: Column, values: unknown[], indexes: Map<NodeTableName, Map<string, number>>): void {
  const lists = values as unknown[][];
  if (column.kind === 'provenance' && !lists.every((list) => list.every(isPlainProvenance))) return w.chunkedJson(values);
  const offsets = new Uint32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i] + lists[i].length;
  w.typed(BLOCK_U32, offsets);
  const flat = lists.flat();
  if (column.kind === 'strings') w.chunkedJson(flat);
  else if (column.kind === 'enums') writeEnum(w, flat);
  else if (column.kind === 'refs') writeRefs(w, flat, indexes.get(column.table)!);
  else {
    const items = flat as { source: string; recordId: string }[];
    writeEnum(w, items.map((p) => p.source));
    w.chunkedJson(items.map((p) => p.recordId));
  }
}

function isPlainProvenance(item: unknown): boolean {
  const keys = Object.keys(item as object);
  return keys.length === 2 && keys.includes('source') && keys.includes('recordId');
}

function readLists(r: BlockReader, column: Column, count: number, ids: Map<NodeTableName, string[]>): unknown[] {
  if (r.peekKind() === BLOCK_JSON) return r.chunkedJson(count);
  const offsets = r.typed(BLOCK_U32, count + 1) as Uint32Array;
  const total = offsets[count];
  for (let i = 0; i < count; i++) {
    if (offsets[i] > offsets[i + 1] || offsets[i + 1] > total) throw new ColumnFormatError(`list offsets out of order at row ${i}`);
  }
  const lists = new Array<unknown[]>(count);
  if (column.kind === 'provenance') {
    // Built in place, without a flat array of objects to slice: provenance is on every record.
    const sources = readEnum(r, total);
    const recordIds = r.chunkedJson(total);
    for (let i = 0; i < count; i++) {
      const list = [];
      for (let k = offsets[i]; k < offsets[i + 1]; k++) list.push({ source: sources[k], recordId: recordIds[k] });
      lists[i] = list;
    }
    return lists;
  }
  const flat = column.kind === 'strings' ? r.chunkedJson(total)
    : column.kind === 'enums' ? readEnum(r, total)
      : readRefs(r, total, ids.get((column as { table: NodeTableName }).table)!);
  for (let i = 0; i < count; i++) lists[i] = offsets[i] === offsets[i + 1] ? [] : flat.slice(offsets[i], offsets[i + 1]);
  return lists;
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

function readExtras(r: BlockReader, rows: Row[]): void {
  const count = r.json() as number;
  for (const [i, extra] of r.chunkedJson(count) as [number, Row][]) Object.assign(rows[i], extra);
}
