// GET /state: what this process holds, as JSON, to compare replicas (and worker processes): the
// seq of the last change its graph holds, whether it is ready (caught up with the log), how far
// behind the last seq it heard of it is, and why it cannot read the log if it cannot. With
// ?digest=1, also a digest of its graph (store/curation/digest.ts: SHA-256 over the graph's
// content, the same on every replica holding the same changes) and its counts: computed once per
// version, on demand (tens of ms on the curated corpus; seconds on a large graph).

import type { Plugin } from 'graphql-yoga';
import type { Context } from '../api/context.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { CuratedGraph } from '../store/curation/curation.js';
import { type GraphDigest, graphDigest } from '../store/curation/digest.js';
import type { LogFollower } from '../store/curation/follower.js';

export interface StatusSource {
  curation: CuratedGraph;
  /** The follower of a replica (null: the embedded log, written by this process alone). */
  follower: LogFollower | null;
  ready: () => boolean;
  /** "postgres" or "embedded". */
  log: string;
}

export function useReplicaStatus(source: StatusSource): Plugin<Context> {
  let cached: { seq: number; digest: GraphDigest } | null = null;
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/state') return;
      const store = source.curation.current();
      const graph = (store as { graph?: KnowledgeGraph }).graph;
      const withDigest = url.searchParams.get('digest') === '1';
      if (withDigest && graph && cached?.seq !== store.seq) cached = { seq: store.seq, digest: graphDigest(graph) };
      const follower = source.follower;
      const body = {
        seq: store.seq,
        ready: source.ready(),
        log: source.log,
        lag: follower?.lag ?? 0,
        logError: follower?.lastError?.message ?? null,
        // Write batches appended here, those validated again because another writer appended first, changes followed from others.
        ...countersOf(source.curation),
        ...(withDigest && cached && cached.seq === store.seq ? cached.digest : {}),
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 200,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}

function countersOf(curation: CuratedGraph): { batches?: number; retried?: number; followed?: number } {
  const c = curation as Partial<{ appends: number; movedRetries: number; followed: number }>;
  return c.appends === undefined ? {} : { batches: c.appends, retried: c.movedRetries, followed: c.followed };
}
