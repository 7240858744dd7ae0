// `papergraph export`: the graph (or the part around a filtered set of papers) in a format graph
// and citation tools read, to stdout or to files.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exporterFor, exportFiles } from '../ingest/export/index.js';
import { selectPapers } from '../ingest/export/papers.js';
import { type GraphSourceOptions, loadGraph } from './graph-source.js';
import { startProgress } from './progress.js';

export interface ExportCommandOptions extends GraphSourceOptions {
  format: string;
  whereYear?: number;
  concept?: string;
  out?: string;
}

export function runExport(options: ExportCommandOptions): void {
  exporterFor(options.format);
  const { graph } = loadGraph(options);
  const indexes = selectPapers(graph, { year: options.whereYear, conceptSlug: options.concept });
  const paperIds = indexes?.map((i) => graph.papers.records[i].id);
  const progress = startProgress('export', { unit: 'elements' });
  const files = exportFiles(graph, options.format, { paperIds, onProgress: (done, total) => progress.update(done, total) });
  progress.finish();
  if (options.out === undefined) {
    process.stdout.write(files.map((f) => f.content).join('\n'));
    return;
  }
  // Several files (csv) go into --out as a directory; one file goes to --out, or into it when it is a directory.
  const intoDirectory = files.length > 1 || (existsSync(options.out) && statSync(options.out).isDirectory());
  if (intoDirectory) mkdirSync(options.out, { recursive: true });
  for (const file of files) {
    const target = intoDirectory ? join(options.out, file.name) : options.out;
    writeFileSync(target, file.content);
    process.stderr.write(`wrote ${target} (${Buffer.byteLength(file.content).toLocaleString('en-US')} bytes)\n`);
  }
  const papers = indexes === null ? graph.papers.size : indexes.length;
  process.stderr.write(`export: ${papers.toLocaleString('en-US')} papers as ${options.format}\n`);
}
