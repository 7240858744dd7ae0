// Reading import sources: paths checked up front with one clear line, directories expanded,
// plain or gzipped files streamed line by line in linear time with a record size limit, and
// malformed records (skipped) or suspect ones (warnings) logged or, under --strict, thrown with
// their file and line.

import { isUtf8 } from 'node:buffer';
import { createReadStream, existsSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { ImportError, KEPT_ISSUES, MAX_RECORD_BYTES, type ImportBatch, type ImportIssue } from './importer.js';

/** Every path must exist: a missing one is an ImportError naming it, before anything is read. */
export function requirePaths(paths: string[], format: string): void {
  if (paths.length === 0) throw new ImportError(`${format}: no input files given`);
  for (const path of paths) {
    if (!existsSync(path)) throw new ImportError(`${format}: cannot read "${path}": no such file or directory`);
  }
}

/** Paths with each directory replaced by its files whose names `accept`s, sorted for a stable order. */
export function expandDirectories(paths: string[], accept: (name: string) => boolean): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter(accept)
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
}

/** True when the file starts with the gzip magic bytes, whatever its name. */
export function isGzipped(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** A byte stream of the file's decompressed content; `onBytes` hears the file bytes read so far (compressed, for gzip). */
export function openText(path: string, onBytes?: (bytesRead: number) => void): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (onBytes) raw.on('data', () => onBytes(raw.bytesRead));
  return isGzipped(path) ? raw.pipe(createGunzip()) : raw;
}

/**
 * Input progress in bytes over several files, reported to ImportOptions.onProgress: the total is
 * known up front (file sizes), so a bar can fill whatever the records look like.
 */
export class ByteProgress {
  readonly total: number;
  private before = 0;

  constructor(
    files: string[],
    private readonly report?: (done: number, total?: number) => void,
  ) {
    this.total = files.reduce((sum, file) => sum + statSync(file).size, 0);
  }

  /** A listener for one file's bytes read; call `fileDone` after the file. */
  file(): ((bytesRead: number) => void) | undefined {
    return this.report && ((bytesRead) => this.report!(this.before + bytesRead, this.total));
  }

  fileDone(file: string): void {
    this.before += statSync(file).size;
    this.report?.(this.before, this.total);
  }
}

/** One line of a text file. `text` is null when the line is over the record size limit (and was not kept). */
export interface SourceLine {
  text: string | null;
  /** 1-based. */
  line: number;
  /** Length in bytes, without the line break. */
  bytes: number;
  /** The line had bytes that are not UTF-8; `text` has U+FFFD in their place. */
  invalidUtf8: boolean;
}

export interface LineOptions {
  maxRecordBytes?: number;
  onBytes?: (bytesRead: number) => void;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The file's lines, streamed (gzip is detected by content). Each chunk is scanned once for line
 * breaks (a long line costs its length, not its length squared); a line over `maxRecordBytes` is
 * not kept: its bytes are skipped up to the next break. A UTF-8 byte-order mark is dropped.
 */
export async function* readLines(path: string, options: LineOptions = {}): AsyncGenerator<SourceLine> {
  const max = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  let parts: Buffer[] = [];
  let bytes = 0;
  let n = 0;
  let first = true;
  const line = (): SourceLine => {
    n++;
    if (bytes > max) return { text: null, line: n, bytes, invalidUtf8: false };
    let buffer = parts.length === 1 ? parts[0] : Buffer.concat(parts, bytes);
    if (buffer.length && buffer[buffer.length - 1] === CR) buffer = buffer.subarray(0, buffer.length - 1);
    return { text: buffer.toString('utf8'), line: n, bytes, invalidUtf8: !isUtf8(buffer) };
  };
  for await (const chunk of openText(path, options.onBytes) as AsyncIterable<Buffer>) {
    let start = 0;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    for (;;) {
      const end = chunk.indexOf(LF, start);
      const stop = end === -1 ? chunk.length : end;
      bytes += stop - start;
      if (bytes <= max) parts.push(chunk.subarray(start, stop));
      else parts = [];
      if (end === -1) break;
      yield line();
      parts = [];
      bytes = 0;
      start = end + 1;
    }
  }
  if (bytes > 0) yield line();
}

/**
 * Collects malformed records (skipped) and suspect ones (warnings: kept, perhaps repaired); under
 * strict the first of either aborts the import instead. Past KEPT_ISSUES of a kind only the count grows.
 */
export class IssueLog {
  readonly issues: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  skippedCount = 0;
  warningCount = 0;

  constructor(private readonly strict: boolean) {}

  report(file: string, line: number, reason: string): void {
    if (this.strict) throw new ImportError(`${file}:${line}: ${reason}`);
    if (this.skippedCount++ < KEPT_ISSUES) this.issues.push({ file, line, reason });
  }

  warn(file: string, line: number, reason: string): void {
    if (this.strict) throw new ImportError(`${file}:${line}: ${reason} (refused under --strict)`);
    if (this.warningCount++ < KEPT_ISSUES) this.warnings.push({ file, line, reason });
  }

  /** The counts and kept issues, for an ImportBatch. */
  summary(): Pick<ImportBatch, 'skipped' | 'skippedCount' | 'warnings' | 'warningCount'> {
    return { skipped: this.issues, skippedCount: this.skippedCount, warnings: this.warnings, warningCount: this.warningCount };
  }
}

export const INVALID_UTF8 = 'invalid UTF-8 (each bad byte read as U+FFFD)';

const megabytesText = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The reason given for a record over the size limit. */
export function oversizedReason(bytes: number, max: number): string {
  return `record of ${megabytesText(bytes)} is over the ${megabytesText(max)} limit`;
}

export interface JsonLinesOptions {
  maxRecordBytes?: number;
  onBytes?: (bytesRead: number) => void;
}

/**
 * Streams a JSONL file: each non-blank line parsed as a JSON object and handed to `onRecord`.
 * Bad JSON, an oversized line, and any error `onRecord` throws, is reported against the line;
 * invalid UTF-8 is a warning (the record is kept). Returns records read.
 */
export async function readJsonLines(
  path: string,
  log: IssueLog,
  onRecord: (record: Record<string, unknown>, line: number) => void,
  options: JsonLinesOptions = {},
): Promise<number> {
  const max = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  let read = 0;
  for await (const { text, line, bytes, invalidUtf8 } of readLines(path, { maxRecordBytes: max, onBytes: options.onBytes })) {
    if (text === null) {
      read++;
      log.report(path, line, oversizedReason(bytes, max));
      continue;
    }
    if (!text.trim()) continue;
    read++;
    if (invalidUtf8) log.warn(path, line, INVALID_UTF8);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      log.report(path, line, `malformed JSON: ${(e as Error).message}`);
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      log.report(path, line, 'expected a JSON object');
      continue;
    }
    try {
      onRecord(record as Record<string, unknown>, line);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      log.report(path, line, (e as Error).message);
    }
  }
  return read;
}

/** How many bytes a UTF-8 sequence starting with `lead` has (1 for a stray continuation byte). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/**
 * Passes bytes through unchanged and reports, once per line, each line with bytes that are not
 * UTF-8 (for parsers that decode on their own: csv-parse, the XML parser). Valid chunks cost one
 * native check; lines are only looked at in a chunk that fails it.
 */
export class Utf8Watch extends Transform {
  private carry: Buffer | null = null;
  private line = 1;
  private lastReported = 0;

  constructor(private readonly onInvalid: (line: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.check(this.carry ? Buffer.concat([this.carry, chunk]) : chunk, false);
      done(null, chunk);
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.carry) this.check(this.carry, true);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private check(data: Buffer, last: boolean): void {
    // Hold back a sequence the chunk cuts in two: it is checked with the next chunk.
    let cut = data.length;
    if (!last) {
      for (let i = data.length - 1; i >= Math.max(0, data.length - 4); i--) {
        if ((data[i] & 0xc0) !== 0x80) {
          if (i + sequenceLength(data[i]) > data.length) cut = i;
          break;
        }
      }
    }
    this.carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    const piece = data.subarray(0, cut);
    if (isUtf8(piece)) {
      this.countLines(piece);
      return;
    }
    let start = 0;
    for (;;) {
      const end = piece.indexOf(LF, start);
      const segment = piece.subarray(start, end === -1 ? piece.length : end);
      if (!isUtf8(segment) && this.lastReported !== this.line) {
        this.lastReported = this.line;
        this.onInvalid(this.line);
      }
      if (end === -1) break;
      this.line++;
      start = end + 1;
    }
  }

  private countLines(piece: Buffer): void {
    for (let at = piece.indexOf(LF); at !== -1; at = piece.indexOf(LF, at + 1)) this.line++;
  }
}

/**
 * Passes whole lines through, and drops each line over `maxBytes` (a lone line break keeps the
 * line count) after reporting it: parsers that buffer a record (csv-parse) then never hold more
 * than the limit. Lines are held as a list of pieces until their break, so a long line costs its length.
 */
export class LineLimit extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private dropping = false;
  private line = 1;

  constructor(
    private readonly maxBytes: number,
    private readonly onOversized: (line: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let start = 0;
      // Whole kept lines of this chunk from `run` to `start` go on in one push, not one per line.
      let run = 0;
      for (;;) {
        const end = chunk.indexOf(LF, start);
        const stop = end === -1 ? chunk.length : end + 1;
        if (!this.dropping) {
          this.pendingBytes += stop - start;
          if (this.pendingBytes - (end === -1 ? 0 : 1) > this.maxBytes) {
            this.onOversized(this.line);
            this.dropping = true;
            this.pending = [];
          } else if (this.pending.length || end === -1) this.pending.push(chunk.subarray(start, stop));
        }
        if (end === -1) {
          if (start > run) this.push(chunk.subarray(run, start));
          break;
        }
        if (this.dropping) {
          if (start > run) this.push(chunk.subarray(run, start));
          this.push(Buffer.from([LF]));
          run = stop;
        } else if (this.pending.length) {
          // The line began in an earlier chunk (so it is this chunk's first): its pieces, this one last.
          for (const p of this.pending) this.push(p);
          run = stop;
        }
        this.pending = [];
        this.pendingBytes = 0;
        this.dropping = false;
        this.line++;
        start = end + 1;
      }
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    for (const p of this.pending) this.push(p);
    done();
  }
}

/**
 * A whole file as text, for parsers that need all of it (BibTeX): refused over `maxBytes` with a
 * message naming the limit. BOM dropped; invalid UTF-8 reported per line through `onInvalid`.
 */
export async function readWholeText(
  path: string,
  maxBytes: number,
  format: string,
  onInvalid: (line: number) => void,
  onBytes?: (bytesRead: number) => void,
): Promise<string> {
  const size = statSync(path).size;
  if (size > maxBytes) {
    throw new ImportError(
      `${format}: "${path}" is ${megabytesText(size)}, over the ${megabytesText(maxBytes)} a ${format} file may have (split it into several files)`,
    );
  }
  const parts: Buffer[] = [];
  let total = 0;
  const watch = new Utf8Watch(onInvalid);
  for await (const chunk of openText(path, onBytes).pipe(watch) as AsyncIterable<Buffer>) {
    total += chunk.length;
    // A gzipped file is measured as it inflates.
    if (total > maxBytes)
      throw new ImportError(
        `${format}: "${path}" holds over ${megabytesText(maxBytes)} of text, the most a ${format} file may have (split it into several files)`,
      );
    parts.push(chunk);
  }
  const text = Buffer.concat(parts, total).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Thrown by record handlers for a record they refuse: becomes an ImportIssue on that line. */
export class RecordError extends Error {
  override name = 'RecordError';

  constructor(message: string) {
    // Only the message is ever shown; a stack per refused record was most of the time on files of duplicates.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** The file name without folders and compression/format extensions: "papers.jsonl.gz" → "papers". */
export function stem(path: string): string {
  return basename(path).replace(/(\.(gz|jsonl|json|csv|tsv|xml|rdf|skos|bib|txt))+$/i, '');
}

/** csv-parse settings of readCsvRows: rows keyed by the header, fields trimmed. */
const CSV_BY_HEADER: CsvOptions = { columns: true, bom: true, trim: true, skip_empty_lines: true, relax_quotes: true };

/**
 * Streams CSV rows (keyed by header unless `options.csv` says otherwise); a row csv-parse or
 * `onRow` refuses, or a line over the record size limit, is reported with its line, invalid UTF-8
 * is a warning; an ImportError (a refusal under --strict) stops the read. Returns rows read.
 */
export function readCsvRows<R = Record<string, unknown>>(
  file: string,
  log: IssueLog,
  onRow: (row: R, line: number) => void,
  options: { maxRecordBytes: number; onBytes?: (bytesRead: number) => void; csv?: CsvOptions },
): Promise<number> {
  // `info: true` triples the parse time; the live `parser.info.lines` is exact while 'data' runs.
  const parser = parse({ ...(options.csv ?? CSV_BY_HEADER), skip_records_with_error: true });
  let rows = 0;
  return new Promise((done, fail) => {
    let failed = false;
    const abort = (e: unknown) => {
      if (failed) return;
      failed = true;
      parser.destroy();
      fail(e);
    };
    parser.on('skip', (err: Error & { lines?: number }) => {
      rows++;
      try {
        log.report(file, err.lines ?? parser.info.lines, `malformed CSV row: ${err.message}`);
      } catch (e) {
        abort(e);
      }
    });
    parser.on('data', (row: R) => {
      rows++;
      try {
        onRow(row, parser.info.lines);
      } catch (e) {
        if (e instanceof ImportError) return abort(e);
        try {
          log.report(file, parser.info.lines, (e as Error).message);
        } catch (strictError) {
          abort(strictError);
        }
      }
    });
    parser.on('end', () => {
      if (!failed) done(rows);
    });
    // The line guard drops an oversized line before csv-parse buffers it (its own limit, with skipping, loses the rest of the chunk).
    const oversized = (line: number) => {
      rows++;
      log.report(file, line, `record over the ${(options.maxRecordBytes / (1024 * 1024)).toFixed(1)} MB limit`);
    };
    pipeline(
      openText(file, options.onBytes),
      new Utf8Watch((line) => log.warn(file, line, INVALID_UTF8)),
      new LineLimit(options.maxRecordBytes, oversized),
      parser,
      (e) => {
        if (!e) return;
        abort(
          e instanceof ImportError
            ? e
            : (e as NodeJS.ErrnoException).code?.startsWith('CSV_')
              ? new ImportError(`${file}: ${e.message}`)
              : e,
        );
      },
    );
  });
}
