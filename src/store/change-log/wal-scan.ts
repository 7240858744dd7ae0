// Reads an SQLite write-ahead log (the -wal file) as SQLite's recovery will, before the database
// is opened: which frames belong to committed transactions and which are a torn or unfinished
// tail that recovery drops. SQLite drops that tail by itself (each frame carries a checksum over
// every frame before it, and only frames up to the last valid commit frame count); this scan
// only lets the log say so. Format: https://www.sqlite.org/fileformat2.html#walformat

import { closeSync, openSync, readSync, statSync } from 'node:fs';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export interface WalScan {
  /** Size of the -wal file; 0 when there is none (the log was closed cleanly, or is new). */
  bytes: number;
  /** Frames of committed transactions: recovery keeps them. */
  committedFrames: number;
  /** Frames of this WAL generation after the last commit frame, or failing their checksum: a write that never committed (torn by a crash); recovery drops them. */
  discardedFrames: number;
  /** Bytes at the end too short to be a whole frame (a frame torn mid-write). */
  partialBytes: number;
}

export function scanWal(path: string): WalScan {
  let bytes = 0;
  try {
    bytes = statSync(path).size;
  } catch {
    return { bytes: 0, committedFrames: 0, discardedFrames: 0, partialBytes: 0 };
  }
  if (bytes < WAL_HEADER) return { bytes, committedFrames: 0, discardedFrames: 0, partialBytes: bytes };
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(WAL_HEADER);
    readSync(fd, header, 0, WAL_HEADER, 0);
    const magic = header.readUInt32BE(0);
    if ((magic & 0xfffffffe) !== 0x377f0682) return { bytes, committedFrames: 0, discardedFrames: 0, partialBytes: 0 };
    const bigEndian = (magic & 1) === 1;
    const pageSize = header.readUInt32BE(8) || 65536;
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    let sum = checksum(header.subarray(0, 24), bigEndian, [0, 0]);
    // A header that fails its own checksum makes the whole WAL void, as for SQLite.
    if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) {
      return { bytes, committedFrames: 0, discardedFrames: 0, partialBytes: 0 };
    }
    const frameSize = FRAME_HEADER + pageSize;
    const frames = Math.floor((bytes - WAL_HEADER) / frameSize);
    const partialBytes = (bytes - WAL_HEADER) % frameSize;
    const frame = Buffer.alloc(frameSize);
    let valid = 0;
    let committed = 0;
    let torn = 0;
    for (let i = 0; i < frames; i++) {
      readSync(fd, frame, 0, frameSize, WAL_HEADER + i * frameSize);
      const sameGeneration = frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2;
      if (!sameGeneration) break; // frames of an older generation, left behind after a checkpoint reset
      sum = checksum(frame.subarray(FRAME_HEADER), bigEndian, checksum(frame.subarray(0, 8), bigEndian, sum));
      if (sum[0] !== frame.readUInt32BE(16) || sum[1] !== frame.readUInt32BE(20)) {
        torn = 1; // this generation's frame, damaged: the write was torn
        break;
      }
      valid++;
      if (frame.readUInt32BE(4) !== 0) committed = valid;
    }
    return { bytes, committedFrames: committed, discardedFrames: valid - committed + torn, partialBytes };
  } finally {
    closeSync(fd);
  }
}

/** SQLite's WAL checksum: over 32-bit words in the WAL's byte order, continued from `start`. */
function checksum(data: Buffer, bigEndian: boolean, start: [number, number]): [number, number] {
  let s0 = start[0];
  let s1 = start[1];
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}
