#!/usr/bin/env node
// Runs the TypeScript CLI (src/cli/main.ts) under tsx, resolved from this package so that
// `npx papergraph` works from any directory; stdio is shared and the exit code passed through.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  // Die of the same signal, so a shell sees what happened to the child.
  if (signal) (process.removeAllListeners(signal), process.kill(process.pid, signal));
  else process.exit(code ?? 1);
});
