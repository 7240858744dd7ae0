// Runs the papergraph CLI as a user would, in a child process: `node --import tsx src/cli/main.ts …`.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/datasets.js';

export const CLI = join(REPO_ROOT, 'src/cli/main.ts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    maxBuffer: 1 << 28,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Lines a user sees on stderr, without blank ones. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}

/** Starts a long-running command (serve; a .ts entry under tsx, a built one under plain node) and resolves with its first stdout line matching `ready`. */
export function startCli(args: string[], ready: RegExp, entry = CLI): Promise<{ line: string; stop: () => void; output: () => string }> {
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // Its own data directory (one server per directory, and the repository stays clean).
  const env = { ...process.env, PORT: '', PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-cli-')) };
  const child = spawn(process.execPath, [...loader, entry, ...args], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => ready.test(l));
      if (line) resolve({ line, stop: () => child.kill('SIGTERM'), output: () => stdout });
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ready: ${stderr}`)));
  });
}
