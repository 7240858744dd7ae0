// Snapshots: the whole corpus in one binary file that loads without re-parsing its sources.
//
// Layout (little-endian):
//   0  "PGSNAP"                 magic bytes
//   6  u16 format version       a reader refuses any other version, naming both
//   8  u32 header length        then u32 crc32 of the header, then the header: JSON with the
//  16  header JSON              papergraph version, total bytes and the section directory
//      sections, 8-aligned      (name, offset, length, row count, crc32 per section)
// Each section is one corpus table in columns (see snapshot-columns.ts). readSnapshot builds the
// whole Corpus back; snapshot-graph.ts serves straight from the columns instead. Two sections are
// not tables: `derived:influence` (the stored PageRank) and `graph:redirects` (paper ids retired
// by merges → the id kept, a JSON block of pairs); a reader that predates one ignores it, and a
// snapshot without one loads as having none. `derived:search` is the graph's search index in
// typed arrays (src/store/search-compact.ts): a server searches as soon as it has loaded; a
// snapshot without it (or with another layout of it) builds it from the graph after start.
// Every section has its crc32 in the header.

import { Buffer } from 'node:buffer';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';
import type { Corpus } from '../model/index.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { buildCompactIndexSync, type CompactSearchData, SEARCH_FIELDS } from '../store/search-compact.js';
import { BLOCK_F64, BLOCK_U32, BLOCK_U8, BlockReader, BlockWriter } from './snapshot-blocks.js';
import { ColumnFormatError, decodeCorpus, decodeTables, encodeCorpus, type SnapshotTables } from './snapshot-columns.js';

export const SNAPSHOT_MAGIC = 'PGSNAP';
/**
 * Bump when the layout or a column encoding changes: old files then get a clear error.
 * 3: columns for the paper's summary, abstract provenance, links, presentation, external ids and
 * stub flag, the concept's scheme, external ids and mappings, and the tagger's evidence on links.
 */
export const SNAPSHOT_FORMAT_VERSION = 3;
const PREAMBLE_BYTES = 16;

export const PAPERGRAPH_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A snapshot a user must replace or re-create: missing, corrupt, truncated, from another version. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export interface SnapshotSection {
  name: string;
  offset: number;
  length: number;
  /** Rows in the table (-1 for a non-table section). */
  count: number;
  crc32: number;
}

export interface SnapshotHeader {
  formatVersion: number;
  papergraphVersion: string;
  totalBytes: number;
  sections: SnapshotSection[];
}

export interface SnapshotProgress {
  /** Called after each section is written or decoded: bytes done of the total. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}

export interface SnapshotWriteOptions extends SnapshotProgress {
  /**
   * The PageRank of each paper, in the corpus's paper order (pageRank of the graph built from
   * it): stored so that serving the snapshot need not compute it at start.
   */
  influence?: Float64Array;
  /**
   * Paper ids retired by merges → the id of the paper kept (KnowledgeGraph.paperRedirects).
   * Default: the corpus's own `redirects` map when it is a CorpusWithRedirects, else none.
   */
  redirects?: ReadonlyMap<string, string>;
  /**
   * The graph the corpus was taken from (`graph.toCorpus()`, same nodes in the same order): its
   * search index is stored (section `derived:search`), so serving the snapshot searches at once.
   */
  searchGraph?: KnowledgeGraph;
}

/** The section of the stored PageRank: derived data, not a corpus table. */
const INFLUENCE_SECTION = 'derived:influence';
/** The section of the merged paper ids and the ids they resolve to. */
const REDIRECTS_SECTION = 'graph:redirects';
/** The section of the search index (search-compact.ts), and the layout of it this code writes and reads. */
const SEARCH_SECTION = 'derived:search';
const SEARCH_LAYOUT = 1;

/** zlib.crc32 is native from Node 20.15; older Node 20 gets the table-driven fallback below. */
const crc32: (data: Uint8Array) => number = (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ?? crc32Fallback;

/**
 * Writes the corpus to `path` atomically: a temp file beside it, fsync, rename over the old
 * file, fsync the directory. A failure at any point leaves the previous snapshot as it was.
 */
export function writeSnapshot(path: string, given: Corpus, options: SnapshotWriteOptions = {}): SnapshotHeader {
  requireLittleEndian();
  // A CorpusWithRedirects (model/change-apply.ts) carries its redirects as a Map: a section of its own, not a table.
  const { redirects: own, ...corpus } = given as Corpus & { redirects?: unknown };
  const redirects = options.redirects ?? (own instanceof Map ? (own as Map<string, string>) : null);
  if (own !== undefined && !(own instanceof Map)) (corpus as Record<string, unknown>).redirects = own;
  const encoded = encodeCorpus(corpus);
  if (options.influence) {
    if (options.influence.length !== corpus.papers.length)
      throw new RangeError(`influence has ${options.influence.length} values for ${corpus.papers.length} papers`);
    const w = new BlockWriter();
    w.typed(BLOCK_F64, options.influence);
    encoded.push({ name: INFLUENCE_SECTION, count: options.influence.length, bytes: w.toBytes() });
  }
  if (options.searchGraph) {
    const graph = options.searchGraph;
    const sizes = [graph.papers.size, graph.concepts.size, graph.authors.size, graph.topics.size, graph.venues.size];
    const rows = [corpus.papers.length, corpus.concepts.length, corpus.authors.length, corpus.topics.length, corpus.venues.length];
    if (sizes.some((size, k) => size !== rows[k]))
      throw new RangeError('searchGraph is not the graph the corpus was taken from (node counts differ)');
    const data = buildCompactIndexSync(graph);
    encoded.push({ name: SEARCH_SECTION, count: data.counts.reduce((a, b) => a + b, 0), bytes: encodeSearch(data) });
  }
  if (redirects && redirects.size > 0) {
    const w = new BlockWriter();
    w.chunkedJson([...redirects]);
    encoded.push({ name: REDIRECTS_SECTION, count: redirects.size, bytes: w.toBytes() });
  }
  const sections: SnapshotSection[] = [];
  let header: SnapshotHeader;
  let headerBytes: Buffer;
  // The header holds the offsets, and its length moves them: reserve room until it fits, pad with spaces.
  for (let reserved = 256; ; reserved *= 2) {
    let offset = align8(PREAMBLE_BYTES + reserved);
    sections.length = 0;
    for (const s of encoded) {
      sections.push({ name: s.name, offset, length: s.bytes.byteLength, count: s.count, crc32: crc32(s.bytes) });
      offset = align8(offset + s.bytes.byteLength);
    }
    header = { formatVersion: SNAPSHOT_FORMAT_VERSION, papergraphVersion: PAPERGRAPH_VERSION, totalBytes: offset, sections };
    const json = JSON.stringify(header);
    if (Buffer.byteLength(json) <= reserved) {
      headerBytes = Buffer.alloc(reserved, ' ');
      headerBytes.write(json, 0, 'utf8');
      break;
    }
  }
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(SNAPSHOT_MAGIC, 0, 'latin1');
  preamble.writeUInt16LE(SNAPSHOT_FORMAT_VERSION, 6);
  preamble.writeUInt32LE(headerBytes.byteLength, 8);
  preamble.writeUInt32LE(crc32(headerBytes), 12);

  const temp = `${path}.tmp-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (e) {
    throw new SnapshotError(
      `cannot write snapshot ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'its directory does not exist' : (e as Error).message}`,
    );
  }
  try {
    writeAll(fd, preamble, 0);
    writeAll(fd, headerBytes, PREAMBLE_BYTES);
    encoded.forEach((s, i) => {
      writeAll(fd, s.bytes, sections[i].offset);
      options.onProgress?.(sections[i].offset + s.bytes.byteLength, header.totalBytes);
    });
    // Padding after the last section: the file is exactly totalBytes long.
    const end = sections.length ? sections.at(-1)!.offset + sections.at(-1)!.length : PREAMBLE_BYTES + headerBytes.byteLength;
    if (end < header.totalBytes) writeAll(fd, Buffer.alloc(header.totalBytes - end), end);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(temp, { force: true });
    throw e;
  }
  fsyncDirectory(dirname(path));
  return header;
}

/** Reads a snapshot back into the corpus it was written from, or throws a SnapshotError that says what to do. */
export function readSnapshot(path: string, options: SnapshotProgress = {}): Corpus {
  return decodeSnapshot(path, options, decodeCorpus);
}

/** The corpus and the merged paper ids a snapshot holds (what a rebuild from it starts with). */
export function readSnapshotWithRedirects(path: string, options: SnapshotProgress = {}): Corpus & { redirects: Map<string, string> } {
  return decodeSnapshot(path, options, (sections, onSection) =>
    Object.assign(decodeCorpus(sections, onSection), { redirects: redirectsOf(sections) }),
  );
}

/**
 * Reads a snapshot's tables as columns that build records on demand: no object per record, and
 * the file's bytes stay the storage. What serving a snapshot uses (see snapshot-graph.ts).
 */
export function readSnapshotTables(path: string, options: SnapshotProgress = {}): SnapshotContents {
  return decodeSnapshot(path, options, (sections, onSection, header) => {
    const stored = sections.find((s) => s.name === INFLUENCE_SECTION);
    const { tables } = decodeTables(sections, onSection);
    const search = withSectionName(SEARCH_SECTION, () => searchOf(sections));
    if (search) searchOfTables.set(tables, search);
    return {
      header,
      tables,
      influence: stored ? (new BlockReader(stored.bytes).typed(BLOCK_F64, stored.count) as Float64Array) : null,
      redirects: redirectsOf(sections),
      search,
    };
  });
}

function encodeSearch(data: CompactSearchData): Buffer {
  const w = new BlockWriter();
  w.json({
    layout: SEARCH_LAYOUT,
    fields: SEARCH_FIELDS,
    counts: data.counts,
    samples: data.samples,
    terms: data.terms.length,
    postings: data.docs.length,
    freqBytes: data.freqs.BYTES_PER_ELEMENT,
    lengthBytes: data.lengths.BYTES_PER_ELEMENT,
  });
  w.chunkedJson(data.terms);
  for (const array of [data.prefixRank, data.fuzzyRank, data.offsets, data.docs]) w.typed(BLOCK_U32, array);
  w.typed(data.freqs.BYTES_PER_ELEMENT === 1 ? BLOCK_U8 : BLOCK_U32, data.freqs);
  w.typed(data.lengths.BYTES_PER_ELEMENT === 1 ? BLOCK_U8 : BLOCK_U32, data.lengths);
  w.typed(BLOCK_F64, data.averages);
  return w.toBytes();
}

/**
 * The stored search index, viewed in place; null when the snapshot has none or another layout of
 * it (then it is built from the graph). A section of this layout that does not add up is corrupt.
 */
function searchOf(sections: Sections): CompactSearchData | null {
  const section = sections.find((s) => s.name === SEARCH_SECTION);
  if (!section) return null;
  const r = new BlockReader(section.bytes);
  const meta = r.json() as {
    layout?: number;
    fields?: unknown;
    counts: number[];
    samples: string[][];
    terms: number;
    postings: number;
    freqBytes: number;
    lengthBytes: number;
  };
  if (meta.layout !== SEARCH_LAYOUT || JSON.stringify(meta.fields) !== JSON.stringify(SEARCH_FIELDS)) return null;
  const documents = meta.counts.reduce((a, b) => a + b, 0);
  const F = SEARCH_FIELDS.length;
  const width = (bytes: number) => (bytes === 1 ? BLOCK_U8 : BLOCK_U32);
  const data: CompactSearchData = {
    counts: meta.counts,
    samples: meta.samples,
    terms: r.chunkedJson(meta.terms) as string[],
    prefixRank: r.typed(BLOCK_U32, meta.terms) as Uint32Array,
    fuzzyRank: r.typed(BLOCK_U32, meta.terms) as Uint32Array,
    offsets: r.typed(BLOCK_U32, meta.terms * F + 1) as Uint32Array,
    docs: r.typed(BLOCK_U32, meta.postings) as Uint32Array,
    freqs: r.typed(width(meta.freqBytes), meta.postings) as Uint8Array | Uint32Array,
    lengths: r.typed(width(meta.lengthBytes), documents * F) as Uint8Array | Uint32Array,
    averages: r.typed(BLOCK_F64, F) as Float64Array,
  };
  if (documents !== section.count || data.offsets[meta.terms * F] !== meta.postings)
    throw new ColumnFormatError(`section ${SEARCH_SECTION}: its postings and documents do not add up`);
  return data;
}

/** The search index a snapshot's tables were read with (readSnapshotTables), for the graph served from them. */
const searchOfTables = new WeakMap<SnapshotTables, CompactSearchData>();

/** The search index stored with tables read by readSnapshotTables, if the snapshot has one. */
export function storedSearchOfTables(tables: SnapshotTables): CompactSearchData | undefined {
  return searchOfTables.get(tables);
}

/** The redirects section as a map (empty when the snapshot has none); its pairs are checked for shape. */
function redirectsOf(sections: Sections): Map<string, string> {
  const section = sections.find((s) => s.name === REDIRECTS_SECTION);
  if (!section) return new Map();
  const pairs = new BlockReader(section.bytes).chunkedJson(section.count);
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
      throw new ColumnFormatError(`section ${REDIRECTS_SECTION}: ${JSON.stringify(pair)} is not a [merged id, kept id] pair`);
  }
  return new Map(pairs as [string, string][]);
}

export interface SnapshotContents {
  header: SnapshotHeader;
  tables: SnapshotTables;
  /** The stored PageRank of each paper, when the writer stored it. */
  influence: Float64Array | null;
  /** Merged paper ids → the id kept; empty when none (or the writer predates redirects). */
  redirects: Map<string, string>;
  /** The stored search index (viewed in place), when the writer stored one of this layout. */
  search: CompactSearchData | null;
}

/** Runs a section's decoder, naming the section in a format error. */
function withSectionName<T>(name: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof ColumnFormatError && !e.message.startsWith(`section ${name}`))
      throw new ColumnFormatError(`section ${name}: ${e.message}`);
    throw e;
  }
}

type Sections = { name: string; count: number; bytes: Buffer }[];

function decodeSnapshot<T>(
  path: string,
  options: SnapshotProgress,
  decode: (sections: Sections, onSection: (name: string) => void, header: SnapshotHeader) => T,
): T {
  requireLittleEndian();
  const fd = openSnapshot(path);
  try {
    const header = readHeader(fd, path);
    const sections = header.sections.map((s) => {
      const bytes = readExactly(fd, s.offset, s.length, path);
      if (crc32(bytes) !== s.crc32) throw new SnapshotError(`snapshot ${path} is corrupt: checksum mismatch in section ${s.name}`);
      return { name: s.name, count: s.count, bytes };
    });
    // Decoding, not reading, is the long part: progress counts the bytes of the sections decoded.
    const ends = new Map(header.sections.map((s) => [s.name, s.offset + s.length]));
    try {
      return decode(sections, (name) => options.onProgress?.(ends.get(name) ?? 0, header.totalBytes), header);
    } catch (e) {
      if (e instanceof ColumnFormatError) throw new SnapshotError(`snapshot ${path} is corrupt: ${e.message}`);
      throw e;
    }
  } finally {
    closeSync(fd);
  }
}

/** The header alone (versions, sections, row counts): cheap, for `papergraph stats`. */
export function readSnapshotHeader(path: string): SnapshotHeader {
  const fd = openSnapshot(path);
  try {
    return readHeader(fd, path);
  } finally {
    closeSync(fd);
  }
}

function openSnapshot(path: string): number {
  if (!existsSync(path)) throw new SnapshotError(`snapshot ${path} does not exist`);
  if (statSync(path).isDirectory()) throw new SnapshotError(`${path} is a directory, not a snapshot`);
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw new SnapshotError(`snapshot ${path} cannot be opened: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readHeader(fd: number, path: string): SnapshotHeader {
  const size = fstatSync(fd).size;
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  const got = readSync(fd, preamble, 0, PREAMBLE_BYTES, 0);
  const magic = preamble.toString('latin1', 0, Math.min(got, 6));
  if (magic !== SNAPSHOT_MAGIC.slice(0, magic.length) || got === 0) {
    throw new SnapshotError(`${path} is not a papergraph snapshot (it does not start with ${SNAPSHOT_MAGIC})`);
  }
  if (got < PREAMBLE_BYTES) throw new SnapshotError(`snapshot ${path} is truncated: it has ${size} bytes`);
  const version = preamble.readUInt16LE(6);
  const headerLength = preamble.readUInt32LE(8);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    const writer = bestEffortHeader(fd, headerLength, size)?.papergraphVersion;
    const older = version < SNAPSHOT_FORMAT_VERSION ? ' (an older format: snapshots do not carry over between formats)' : '';
    throw new SnapshotError(
      `snapshot ${path} was written by format version ${version}${writer ? ` (papergraph ${writer})` : ''}, ` +
        `this papergraph (${PAPERGRAPH_VERSION}) reads version ${SNAPSHOT_FORMAT_VERSION}${older}: re-run papergraph import … --out ${path}`,
    );
  }
  if (PREAMBLE_BYTES + headerLength > size)
    throw new SnapshotError(`snapshot ${path} is truncated: it has ${size} bytes, its header alone needs ${PREAMBLE_BYTES + headerLength}`);
  const headerBytes = readExactly(fd, PREAMBLE_BYTES, headerLength, path);
  if (crc32(headerBytes) !== preamble.readUInt32LE(12))
    throw new SnapshotError(`snapshot ${path} is corrupt: checksum mismatch in its header`);
  const header = JSON.parse(headerBytes.toString('utf8')) as SnapshotHeader;
  if (size < header.totalBytes)
    throw new SnapshotError(`snapshot ${path} is truncated: it has ${size} bytes, its header says ${header.totalBytes}`);
  return header;
}

function bestEffortHeader(fd: number, length: number, size: number): SnapshotHeader | null {
  try {
    if (PREAMBLE_BYTES + length > size || length > 1 << 24) return null;
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, PREAMBLE_BYTES);
    return JSON.parse(bytes.toString('utf8')) as SnapshotHeader;
  } catch {
    return null;
  }
}

/** A fresh, unpooled buffer per section: its typed columns can be viewed in place, aligned. */
function readExactly(fd: number, position: number, length: number, path: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, done, Math.min(length - done, 1 << 30), position + done);
    if (n === 0) throw new SnapshotError(`snapshot ${path} is truncated: it ends inside byte ${position + done}`);
    done += n;
  }
  return bytes;
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.byteLength) done += writeSync(fd, bytes, done, Math.min(bytes.byteLength - done, 1 << 30), position + done);
}

/** Makes the rename durable; some platforms cannot fsync a directory, which costs durability, not correctness. */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows and some network filesystems.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function requireLittleEndian(): void {
  // Typed columns are stored as this machine lays them out: little-endian, as every supported platform.
  if (endianness() !== 'LE') throw new SnapshotError('snapshots need a little-endian machine');
}

function align8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}

let crcTable: Uint32Array | undefined;

function crc32Fallback(data: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
