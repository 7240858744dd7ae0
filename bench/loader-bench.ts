// The loader layer alone: the same operations executed in process (graphql-js, papergraph's
// schema, no HTTP and no yoga) with the per-request loaders and without them, in interleaved
// rounds, so the difference is the loaders' and nothing else's.

import { execute, parse, type ExecutionResult } from 'graphql';
import { createContext } from '../src/api/context.js';
import { schema } from '../src/api/schema.js';
import type { GraphStore } from '../src/store/graph-store.js';
import { QUERIES, type QueryName } from '../test/support/queries.js';
import { median, ratioByCase, summarize, type CaseSamples, type LatencySummary } from './stats.js';
import type { Workload } from './workload.js';

export interface LoaderCost {
  query: QueryName;
  /** Wall time. */
  batched: LatencySummary;
  unbatched: LatencySummary;
  batchedCpuP50: number;
  unbatchedCpuP50: number;
  /** batched / unbatched CPU time − 1, question by question (stats.ratioByCase): what the loaders add (negative: they save). */
  cost: number;
}

/** Wall and CPU ms of one execution, its answer checked. */
async function executeOnce(
  store: GraphStore,
  query: QueryName,
  document: ReturnType<typeof parse>,
  variables: Record<string, unknown>,
  batching: boolean,
  expectedSize: number,
): Promise<[number, number]> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = (await execute({
    schema,
    document,
    contextValue: createContext(store, { batching }),
    variableValues: variables,
  })) as ExecutionResult;
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  if (result.errors?.length) throw new Error(`${query}: ${result.errors[0].message}`);
  const size = QUERIES[query].sizeOf(result.data);
  if (size !== expectedSize) throw new Error(`${query}: answer of size ${size}, expected ${expectedSize}`);
  return [ms, (cpu.user + cpu.system) / 1000];
}

/**
 * Each question is executed with loaders and without, back to back (who goes first alternates
 * from one pass over the questions to the next: the second run finds warm caches). A first pass
 * warms up; then passes run until `budgetMs` is spent (at least `minPasses`). The cost is in CPU
 * time (other processes do not inflate it) and compares each question with itself.
 */
export async function loaderCosts(
  store: GraphStore,
  workload: Workload,
  queries: QueryName[],
  budgetMs: number,
  minPasses = 2,
): Promise<LoaderCost[]> {
  const out: LoaderCost[] = [];
  for (const query of queries) {
    const document = parse(QUERIES[query].document);
    const cases = workload[query];
    const wall = { batched: [] as number[], unbatched: [] as number[] };
    const batchedRuns: CaseSamples = { samples: [], cases: [] };
    const unbatchedRuns: CaseSamples = { samples: [], cases: [] };
    let timedStart = 0;
    for (let pass = 0; pass <= minPasses || performance.now() - timedStart < budgetMs; pass++) {
      if (pass === 1) timedStart = performance.now();
      for (let k = 0; k < cases.length; k++) {
        const c = cases[k];
        const batchedFirst = (k + pass) % 2 === 0;
        const first = await executeOnce(store, query, document, c.variables, batchedFirst, c.expectedSize);
        const second = await executeOnce(store, query, document, c.variables, !batchedFirst, c.expectedSize);
        if (pass === 0) continue;
        const [batched, unbatched] = batchedFirst ? [first, second] : [second, first];
        wall.batched.push(batched[0]);
        wall.unbatched.push(unbatched[0]);
        batchedRuns.samples.push(batched[1]);
        batchedRuns.cases.push(k);
        unbatchedRuns.samples.push(unbatched[1]);
        unbatchedRuns.cases.push(k);
      }
    }
    out.push({
      query,
      batched: summarize(wall.batched),
      unbatched: summarize(wall.unbatched),
      batchedCpuP50: median(batchedRuns.samples),
      unbatchedCpuP50: median(unbatchedRuns.samples),
      cost: ratioByCase(batchedRuns, unbatchedRuns) - 1,
    });
  }
  return out;
}
