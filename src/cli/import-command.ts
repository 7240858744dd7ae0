// `papergraph import`: read sources with an importer, merge them onto a base graph, optionally
// tag papers with concepts, check the result builds as a graph, and write it as a snapshot.
// Before any work, --out is checked: never an input, a device, a FIFO or a directory, never a
// file that is not a snapshot, and a place a file can be created; the old file survives any failure.

import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { pageRank } from '../graph/pagerank.js';
import { loadCuratedCorpus } from '../ingest/curated.js';
import { importerFor } from '../ingest/formats.js';
import { formatReport, mergeBatches } from '../ingest/merge.js';
import { readSnapshot, SNAPSHOT_MAGIC, type SnapshotHeader, writeSnapshot } from '../ingest/snapshot.js';
import { taggerBatch } from '../ingest/tagger.js';
import type { Corpus } from '../model/index.js';
import { CURATED_DATA_DIR } from '../server/load-default-store.js';
import { isSystemError, systemErrorText, UsageError } from './errors.js';
import { megabytes, startProgress } from './progress.js';

export interface ImportCommandOptions {
  format: string;
  mapping: Record<string, string>;
  strict: boolean;
  tag: boolean;
  /** "curated" (default), "none", or a snapshot file. */
  base: string;
  out: string;
}

export async function runImport(paths: string[], options: ImportCommandOptions): Promise<void> {
  const started = performance.now();
  const importer = importerFor(options.format);
  const inputs = paths.map((path) => inputStats(path));
  // Checked before the long part: a bad --out should not cost the whole import, nor destroy anything.
  checkOut(options.out, paths, inputs);
  const base = loadBase(options.base);

  const reading = startProgress('import', { unit: 'MB', scale: megabytes });
  const batch = await importer.read(paths, {
    strict: options.strict,
    mapping: options.mapping,
    onProgress: (done, total) => reading.update(done, total),
  });
  reading.finish();

  let { corpus, report } = mergeBatches(base, [batch], { strict: options.strict });
  if (options.tag) {
    // Tag what this import brought, with every concept the merged graph knows; merging folds repeats.
    const imported = corpus.papers.filter((p) => p.provenance.some((source) => source.source === batch.source));
    const tagged = mergeBatches(corpus, [taggerBatch(corpus, { papers: imported })]);
    corpus = tagged.corpus;
    report = { sources: [...report.sources, ...tagged.report.sources], totals: tagged.report.totals };
  }
  // Fail here rather than at `serve`: every edge must land on a node.
  const graph = new KnowledgeGraph(corpus);

  const header = writeGraphSnapshot(options.out, graph);

  console.log(formatReport(report));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `wrote ${options.out}: ${megabytes(header.totalBytes).toFixed(1)} MB, ${graph.papers.size.toLocaleString('en-US')} papers, ` +
      `${graph.citations.length.toLocaleString('en-US')} citations (${seconds} s)`,
  );
}

/**
 * Writes the graph to `out` with a progress bar: in graph order (citations sorted, authorships by
 * position) and with PageRank, what a start then skips. A system error is a UsageError saying the
 * previous file at `out` is unchanged.
 */
export function writeGraphSnapshot(out: string, graph: KnowledgeGraph): SnapshotHeader {
  const writing = startProgress('snapshot', { unit: 'MB', scale: megabytes });
  let header: SnapshotHeader;
  try {
    header = writeSnapshot(out, graph.toCorpus(), {
      influence: pageRank(graph),
      searchGraph: graph,
      onProgress: (done, total) => writing.update(done, total),
    });
  } catch (e) {
    if (isSystemError(e)) throw new UsageError(`cannot write ${out}: ${systemErrorText(e)}; the previous file there is unchanged`);
    throw e;
  }
  writing.finish();
  return header;
}

/** An input path's stats: it must exist and be a regular file or a directory (a pipe or device cannot be read twice, nor sized). */
function inputStats(path: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (e) {
    if (isSystemError(e)) throw new UsageError(`cannot read ${path}: ${systemErrorText(e)}`);
    throw e;
  }
  if (!stats.isFile() && !stats.isDirectory()) throw new UsageError(`cannot read ${path}: not a regular file or directory`);
  return stats;
}

/**
 * Refuses an --out that is an input (same inode, whatever the path), a device, a FIFO, a socket,
 * a directory, or an existing file that is not a snapshot; then proves a file can be created
 * beside it, so permission, read-only and missing-directory errors come before the work.
 */
export function checkOut(out: string, paths: string[], inputs: Stats[]): void {
  let existing: Stats | null = null;
  try {
    existing = statSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UsageError(`--out ${out}: ${systemErrorText(e as NodeJS.ErrnoException)}`);
  }
  if (existing) {
    if (existing.isDirectory()) throw new UsageError(`--out ${out} is a directory: give the path of a snapshot file`);
    if (existing.isCharacterDevice() || existing.isBlockDevice())
      throw new UsageError(`--out ${out} is a device, not a file: give the path of a snapshot file`);
    if (existing.isFIFO()) throw new UsageError(`--out ${out} is a FIFO (named pipe), not a file: give the path of a snapshot file`);
    if (!existing.isFile()) throw new UsageError(`--out ${out} is not a regular file: give the path of a snapshot file`);
    const same = (s: Stats) => s.dev === existing.dev && s.ino === existing.ino;
    paths.forEach((path, i) => {
      const inside = inputs[i].isDirectory()
        ? readdirSync(path)
            .map((name) => join(path, name))
            .find((file) => same(statSync(file)))
        : null;
      if (same(inputs[i]) || inside)
        throw new UsageError(`--out ${out} is the input file ${inside ?? path}: the import would overwrite its own source`);
    });
    if (existing.size > 0 && !isSnapshot(out)) {
      throw new UsageError(`--out ${out} exists and is not a papergraph snapshot: remove it or choose another path`);
    }
  }
  const dir = dirname(resolve(out));
  let dirStats: Stats;
  try {
    dirStats = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`--out ${out}: its directory ${dir} does not exist`);
    throw new UsageError(`--out ${out}: ${systemErrorText(e as NodeJS.ErrnoException)}`);
  }
  if (!dirStats.isDirectory()) throw new UsageError(`--out ${out}: ${dir} is not a directory`);
  // The snapshot is written to a temporary file beside --out and renamed: create one now, empty.
  const probe = `${out}.tmp-${process.pid}`;
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // /proc and the like: the directory exists but takes no new files.
    const why = code === 'ENOENT' ? 'this directory does not take new files' : systemErrorText(e as NodeJS.ErrnoException);
    throw new UsageError(`cannot write ${out} in ${dir}: ${why}`);
  }
}

function isSnapshot(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(SNAPSHOT_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === SNAPSHOT_MAGIC;
  } finally {
    closeSync(fd);
  }
}

function loadBase(base: string): Corpus | null {
  if (base === 'none') return null;
  if (base === 'curated') return loadCuratedCorpus(CURATED_DATA_DIR);
  if (!existsSync(base)) throw new UsageError(`--base must be "curated", "none" or a snapshot file; ${base} does not exist`);
  if (statSync(base).isDirectory()) return loadCuratedCorpus(base);
  return readSnapshot(base);
}

/** `--mapping id=paper_id,title=title` (repeatable) into { id: 'paper_id', title: 'title' }. */
export function parseMapping(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const mapping = { ...previous };
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--mapping expects field=column pairs, not "${pair}"`);
    mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return mapping;
}
