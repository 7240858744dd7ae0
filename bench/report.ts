// The bench's output: one table per section on stdout, and bench/results/<date>.json with the
// machine it ran on (CPU, cores, Node, package versions) and the same figures, rounded.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** A table: its rows are strings already formatted; `verdict` is ok / MISSED / FAILED / ''. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

export type Verdict = 'ok' | 'MISSED' | 'FAILED' | '';

export function verdict(pass: boolean | null, failed = false): Verdict {
  if (failed) return 'FAILED';
  return pass === null ? '' : pass ? 'ok' : 'MISSED';
}

export const ms = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '—' : x < 1 ? `${x.toFixed(3)} ms` : x < 100 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`;
export const pair = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;
export const ratio = (x: number | null) => (x == null || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`);
export const percent = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export function formatTable(table: Table): string {
  const widths = table.header.map((h, c) => Math.max(h.length, ...table.rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? (cell ?? '').padEnd(widths[c]) : (cell ?? '').padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [
    `## ${table.title}`,
    line(table.header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.rows.map(line),
    ...table.notes.map((n) => `  ${n}`),
  ].join('\n');
}

/** The same tables as GitHub markdown, for the README's Performance section. */
export function markdownTable(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `**${table.title}**`,
    '',
    `| ${table.header.map(escape).join(' | ')} |`,
    `|${table.header.map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
    ...(table.notes.length ? ['', ...table.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

const PACKAGES = [
  'graphql',
  'graphql-yoga',
  '@pothos/core',
  'dataloader',
  'graphql-jit',
  'minisearch',
  'graphology',
  'autocannon',
  'tsx',
  'typescript',
];

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  platform: string;
  papergraph: string;
  packages: Record<string, string>;
}

export function machine(): Machine {
  const root = new URL('../', import.meta.url);
  const versionOf = (name: string) => {
    try {
      return (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8')) as { version: string }).version;
    } catch {
      return 'absent';
    }
  };
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    papergraph: versionOf('..'),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])),
  };
}

/** Writes bench/results/<date>[-quick][suffix].json; returns its path. */
export function writeResults(quick: boolean, results: object, suffix = ''): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${new Date().toISOString().slice(0, 10)}${quick ? '-quick' : ''}${suffix}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
  return file;
}
