// Access to ../shared (datasets and acceptance operations). Where a file is absent (a user's
// fresh clone) its tests skip with a visible message; under PAPERGRAPH_REQUIRE_DATASETS=1
// (CI) a missing file fails the run instead.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');

export function sharedPath(relative: string): string {
  return resolve(SHARED_DIR, relative);
}

export function datasetPath(relative: string): string {
  return sharedPath(`datasets/${relative}`);
}

/** Missing files among `relativeToShared`; throws under PAPERGRAPH_REQUIRE_DATASETS=1. */
export function missingShared(relativeToShared: string[]): string[] {
  const missing = relativeToShared.filter((p) => !existsSync(sharedPath(p)));
  if (missing.length && process.env.PAPERGRAPH_REQUIRE_DATASETS === '1') {
    throw new Error(`PAPERGRAPH_REQUIRE_DATASETS=1 but missing: ${missing.map(sharedPath).join(', ')}`);
  }
  return missing;
}

/** A describe block that needs files of ../shared: skipped, loudly, where they are absent. */
export function describeWithShared(name: string, relativeToShared: string[], body: () => void): void {
  const missing = missingShared(relativeToShared);
  if (missing.length) {
    console.warn(
      `[papergraph] SKIPPING "${name}": missing ${missing.map(sharedPath).join(', ')} (set up ../shared beside the repo to run it)`,
    );
    describe.skip(name, body);
  } else {
    describe(name, body);
  }
}

/** `describeWithShared` for files under ../shared/datasets. */
export function describeDataset(name: string, relativeToDatasets: string[], body: () => void): void {
  describeWithShared(
    name,
    relativeToDatasets.map((p) => `datasets/${p}`),
    body,
  );
}
