// The block layer of a snapshot section: [u32 kind][u32 byte length][payload padded to 8 bytes].
// Typed payloads stay 8-aligned, so a reader views them in place; JSON blocks hold string columns.

import { Buffer } from 'node:buffer';

export const BLOCK_JSON = 1;
export const BLOCK_U8 = 2;
export const BLOCK_U32 = 3;
export const BLOCK_I32 = 4;
export const BLOCK_F64 = 5;
/** No payload: a list column whose lists are all empty (no offsets to store). */
export const BLOCK_EMPTY_LISTS = 6;
const BLOCK_NAMES: Record<number, string> = { 1: 'JSON', 2: 'Uint8', 3: 'Uint32', 4: 'Int32', 5: 'Float64', 6: 'empty lists' };

/** Values per JSON block: keeps every JSON text far below V8's maximum string length at any scale. */
const JSON_CHUNK = 32_768;

/** A decoding problem inside one section; snapshot.ts names the file and the section. */
export class ColumnFormatError extends Error {
  override name = 'ColumnFormatError';
}

export class BlockWriter {
  private readonly parts: Uint8Array[] = [];

  json(value: unknown): void {
    this.block(BLOCK_JSON, Buffer.from(JSON.stringify(value), 'utf8'));
  }

  chunkedJson(values: unknown[]): void {
    for (let start = 0; start < values.length; start += JSON_CHUNK) this.json(values.slice(start, start + JSON_CHUNK));
  }

  /** A block of `kind` with no payload (a marker). */
  marker(kind: number): void {
    this.block(kind, new Uint8Array(0));
  }

  /** Raw bytes (UTF-8 text of a string column) as a Uint8 block. */
  bytes(payload: Uint8Array): void {
    this.block(BLOCK_U8, payload);
  }

  typed(kind: number, array: Uint8Array | Uint32Array | Int32Array | Float64Array): void {
    this.block(kind, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }

  private block(kind: number, payload: Uint8Array): void {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(kind, 0);
    header.writeUInt32LE(payload.byteLength, 4);
    this.parts.push(header, payload);
    const padding = (8 - (payload.byteLength % 8)) % 8;
    if (padding) this.parts.push(Buffer.alloc(padding));
  }

  toBytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export class BlockReader {
  private position = 0;

  constructor(private readonly section: Buffer) {}

  peekKind(): number {
    if (this.position + 8 > this.section.byteLength) throw new ColumnFormatError('ends before its last block');
    return this.section.readUInt32LE(this.position);
  }

  json(): unknown {
    const { start, length } = this.next(BLOCK_JSON);
    return JSON.parse(this.section.toString('utf8', start, start + length));
  }

  chunkedJson(count: number): unknown[] {
    const values = new Array<unknown>(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.json();
      if (!Array.isArray(chunk)) throw new ColumnFormatError('a JSON column block is not an array');
      if (filled + chunk.length > count) throw new ColumnFormatError(`a column has more than ${count} values for ${count} rows`);
      // The first chunk holds every value of a small table: no copy needed.
      if (chunk.length === count) return chunk;
      for (let i = 0; i < chunk.length; i++) values[filled++] = chunk[i];
    }
    return values;
  }

  /** Consumes a payload-free marker block of `kind`. */
  marker(kind: number): void {
    this.next(kind);
  }

  /** A Uint8 block of any length, as a view of the section (no copy). */
  bytes(): Buffer {
    const { start, length } = this.next(BLOCK_U8);
    return this.section.subarray(start, start + length);
  }

  typed(kind: number, count: number): Uint8Array | Uint32Array | Int32Array | Float64Array {
    const { start, length } = this.next(kind);
    const ArrayType = kind === BLOCK_U8 ? Uint8Array : kind === BLOCK_U32 ? Uint32Array : kind === BLOCK_I32 ? Int32Array : Float64Array;
    if (length !== count * ArrayType.BYTES_PER_ELEMENT) {
      throw new ColumnFormatError(`a ${BLOCK_NAMES[kind]} column has ${length / ArrayType.BYTES_PER_ELEMENT} values for ${count} rows`);
    }
    const offset = this.section.byteOffset + start;
    const buffer = this.section.buffer as ArrayBuffer;
    // A view needs an aligned offset; sections are read into fresh buffers, so this copy is rare.
    if (offset % ArrayType.BYTES_PER_ELEMENT !== 0) return new ArrayType(buffer.slice(offset, offset + length));
    return new ArrayType(buffer, offset, count);
  }

  private next(kind: number): { start: number; length: number } {
    const found = this.peekKind();
    if (found !== kind)
      throw new ColumnFormatError(`expected a ${BLOCK_NAMES[kind]} block, found ${BLOCK_NAMES[found] ?? `kind ${found}`}`);
    const length = this.section.readUInt32LE(this.position + 4);
    const start = this.position + 8;
    if (start + length > this.section.byteLength) throw new ColumnFormatError('a block runs past the end of its section');
    this.position = start + length + ((8 - (length % 8)) % 8);
    return { start, length };
  }
}
