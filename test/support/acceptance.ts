// Every operation of the acceptance files with the variables their tests use, as cases to run
// against two apps that must answer alike (graphql-js vs jit, corpus vs snapshot).

import { readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';
import type { PapergraphApp } from '../../src/api/yoga.js';
import { query } from './app.js';
import { sharedPath } from './datasets.js';

export const ACCEPTANCE_FILES = ['acceptance/foundation.graphql', 'acceptance/exploration.graphql'];

export interface AcceptanceCase {
  name: string;
  document: string;
  variables?: Record<string, unknown>;
}

/** Papers the acceptance operations take as variables, by a short name: their global ids, looked up through `app` by arXiv id. */
export async function acceptancePaperIds(
  app: PapergraphApp,
): Promise<Record<'bigBird' | 'byol' | 'gpt3' | 'goodViews' | 'transformer', string>> {
  const arxivIds = { bigBird: '2007.14062', byol: '2006.07733', gpt3: '2005.14165', goodViews: '2005.10243', transformer: '1706.03762' };
  const ids: Record<string, string> = {};
  for (const [name, a] of Object.entries(arxivIds))
    ids[name] = (await query(app, 'query($a: String!) { paper(arxivId: $a) { id } }', { a })).paper.id;
  return ids as Record<keyof typeof arxivIds, string>;
}

/** Every named operation of the acceptance files, by name, each as a document of its own. */
export function acceptanceOperations(): Map<string, string> {
  const operations = new Map<string, string>();
  for (const file of ACCEPTANCE_FILES) {
    for (const definition of parse(readFileSync(sharedPath(file), 'utf8')).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) operations.set(definition.name.value, print(definition));
    }
  }
  return operations;
}

/** The cases: every operation, with each set of variables its test uses. */
export async function acceptanceCases(app: PapergraphApp): Promise<AcceptanceCase[]> {
  const ids = await acceptancePaperIds(app);
  const variables: Record<string, Record<string, unknown>[]> = {
    NodeRoundTrip: [{ id: ids.transformer }],
    PapersPage: [{ after: null }],
    BigBirdNeighborhood: [{ id: ids.bigBird }, { id: ids.bigBird, limit: 3 }],
    PathByolToGpt3: [{ from: ids.byol, to: ids.gpt3 }],
    RelatedToGoodViews: [{ id: ids.goodViews }],
    Search: [{ q: 'contrastive' }, { q: 'big bird transformers long sequences' }],
  };
  return [...acceptanceOperations()].flatMap(([name, document]) =>
    (variables[name] ?? [undefined]).map((v) => ({ name, document, variables: v })),
  );
}
