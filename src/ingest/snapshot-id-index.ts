// A hash index from id to row over a snapshot's id column, straight on its UTF-8 bytes: no JS
// string per id and no Map, so a table of millions of ids is indexed in one pass over bytes.
// Open addressing (linear probing) in an Int32Array at most half full; FNV-1a hashes.

import { Buffer } from 'node:buffer';
import { ColumnFormatError } from './snapshot-blocks.js';

const EMPTY = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

export class IdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `offsets[i]..offsets[i + 1]` are the bytes of row i's id; throws on a repeated id. */
  constructor(private readonly bytes: Uint8Array, private readonly offsets: Uint32Array, count: number, table: string) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let row = 0; row < count; row++) {
      const start = offsets[row], end = offsets[row + 1];
      let hash = FNV_OFFSET;
      for (let k = start; k < end; k++) hash = Math.imul(hash ^ bytes[k], FNV_PRIME);
      let slot = (hash >>> 0) & this.mask;
      for (;;) {
        const other = this.slots[slot];
        if (other === EMPTY) break;
        if (this.sameBytes(other, start, end)) {
          throw new ColumnFormatError(`duplicate ${table} id "${Buffer.from(bytes.subarray(start, end)).toString('utf8')}" (rows ${other} and ${row})`);
        }
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = row;
    }
  }

  /** The row of `id`, or -1. */
  indexOf(id: string): number {
    // Ids are ASCII nearly always: hash the char codes, which are then the bytes.
    let hash = FNV_OFFSET;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (c > 0x7f) return this.indexOfBytes(Buffer.from(id, 'utf8'));
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    for (let slot = (hash >>> 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = this.slots[slot];
      if (row === EMPTY) return -1;
      const start = this.offsets[row];
      if (this.offsets[row + 1] - start !== id.length) continue;
      let k = 0;
      while (k < id.length && this.bytes[start + k] === id.charCodeAt(k)) k++;
      if (k === id.length) return row;
    }
  }

  private indexOfBytes(key: Uint8Array): number {
    let hash = FNV_OFFSET;
    for (let k = 0; k < key.length; k++) hash = Math.imul(hash ^ key[k], FNV_PRIME);
    for (let slot = (hash >>> 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = this.slots[slot];
      if (row === EMPTY) return -1;
      const start = this.offsets[row];
      if (this.offsets[row + 1] - start !== key.length) continue;
      let k = 0;
      while (k < key.length && this.bytes[start + k] === key[k]) k++;
      if (k === key.length) return row;
    }
  }

  private sameBytes(row: number, start: number, end: number): boolean {
    const otherStart = this.offsets[row];
    if (this.offsets[row + 1] - otherStart !== end - start) return false;
    for (let k = 0; k < end - start; k++) if (this.bytes[otherStart + k] !== this.bytes[start + k]) return false;
    return true;
  }
}
