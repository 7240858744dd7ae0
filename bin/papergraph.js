#!/usr/bin/env node
// The `papergraph` command: the built CLI (dist/cli/main.mjs, from `npm run build`) when it is
// there; otherwise, in a development checkout, the TypeScript sources under tsx (a devDependency).
// Resolved from this package, so `npx papergraph` works from any directory.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.mjs', import.meta.url);
const sources = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

if (existsSync(built)) {
  // Runs in this process: it reads the same process.argv.
  await import(built.href);
} else {
  let tsx = null;
  try {
    tsx = existsSync(sources) ? import.meta.resolve('tsx') : null;
  } catch {
    // tsx is not installed (a production install): fall through to the message.
  }
  if (!tsx) {
    console.error(
      'papergraph: no built CLI (dist/cli/main.mjs) and no development setup to run the sources: run `npm run build` (or `npm install` for development)',
    );
    process.exit(1);
  }
  // Stdio is shared and the exit code passed through.
  const child = spawn(process.execPath, ['--import', tsx, sources, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    // Die of the same signal, so a shell sees what happened to the child.
    if (signal) process.removeAllListeners(signal), process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
