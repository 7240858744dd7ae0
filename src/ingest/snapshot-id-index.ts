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
  constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Uint32Array,
    count: number,
    table: string,
  ) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let row = 0; row < count; row++) {
      const start = offsets[row],
        end = offsets[row + 1];
      const slot = this.slotOf(bytes, start, end);
      const other = this.slots[slot];
      if (other !== EMPTY) {
        throw new ColumnFormatError(
          `duplicate ${table} id "${Buffer.from(bytes.subarray(start, end)).toString('utf8')}" (rows ${other} and ${row})`,
        );
      }
      this.slots[slot] = row;
    }
  }

  /** The row of `id`, or -1. */
  indexOf(id: string): number {
    // Ids are ASCII nearly always: hash the char codes, which are then the bytes (no encoding,
    // the hot path of every lookup); anything else goes through its UTF-8 bytes.
    let hash = FNV_OFFSET;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (c > 0x7f) {
        const key = Buffer.from(id, 'utf8');
        return this.slots[this.slotOf(key, 0, key.length)];
      }
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

  /** The slot holding the id whose bytes are key[start, end), or the empty slot where it would go. */
  private slotOf(key: Uint8Array, start: number, end: number): number {
    let hash = FNV_OFFSET;
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ key[k], FNV_PRIME);
    const length = end - start;
    for (let slot = (hash >>> 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = this.slots[slot];
      if (row === EMPTY) return slot;
      const rowStart = this.offsets[row];
      if (this.offsets[row + 1] - rowStart !== length) continue;
      let k = 0;
      while (k < length && this.bytes[rowStart + k] === key[start + k]) k++;
      if (k === length) return slot;
    }
  }
}
