// The ACL Anthology Network through the CLI: tabular import into a snapshot, then stats from it.

import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { datasetPath, describeDataset } from '../support/datasets.js';
import { runCli } from './run-cli.js';

describeDataset('papergraph import of AAN (tabular)', ['aan/papers.jsonl', 'aan/citations.csv'], () => {
  const snapshot = join(mkdtempSync(join(tmpdir(), 'papergraph-aan-')), 'aan.pgs');

  it('imports 18,041 papers and 82,898 citations into a snapshot that loads fast', () => {
    const started = performance.now();
    const imported = runCli([
      'import',
      '--format',
      'tabular',
      '--base',
      'none',
      '--out',
      snapshot,
      datasetPath('aan/papers.jsonl'),
      datasetPath('aan/citations.csv'),
    ]);
    const importMs = performance.now() - started;
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/graph: 18,041 papers/);

    const stats = JSON.parse(runCli(['stats', '--snapshot', snapshot, '--json']).stdout);
    expect(stats.nodes.papers).toBe(18_041);
    expect(stats.edges.CITES).toBe(82_898);
    console.log(
      `[cli] AAN import ${(importMs / 1000).toFixed(1)} s (process included); snapshot ${(statSync(snapshot).size / 1e6).toFixed(1)} MB ` +
        `read in ${stats.readMs} ms, graph built in ${stats.buildMs} ms`,
    );
    // The bench holds the 0.5 s target on a quiet machine; this bound survives a busy CI box.
    expect(stats.readMs).toBeLessThan(2_000);
  });
});
