// The server's kill test, shared by test/server/crash.test.ts (--quick) and `npm run crash-test`:
// the real server on a fresh data directory, a curate key made with the CLI, several HTTP clients
// sending acknowledged writes (addPaper, addCitation between added papers and to Big Bird,
// linkConcept, updatePaper) through the GraphQL API, SIGKILL at a moment drawn from the seed
// (after K acknowledgements), a restart on the same directory, and the checks:
//   1. every acknowledged write is in the log (Query.changes) under its seq, with no gap in seqs;
//   2. the served graph shows it whole: the paper with every author in order, the citation, the link;
//   3. the served graph equals the graph rebuilt with the reference semantics
//      (model/change-apply.ts) from the curated corpus and the log: every paper's title, year,
//      authors, references and concept links, compared paper by paper and as one SHA-256 digest.
// Compaction runs during the writes (PAPERGRAPH_COMPACT_EVERY is small) so kills land before,
// during and after it.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { applyChangeToCorpus, type CorpusWithRedirects } from '../../src/model/change-apply.js';
import type { Change } from '../../src/model/change.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { REPO_ROOT } from '../support/datasets.js';
import { mulberry32 } from '../support/synthetic.js';

const CURATED = join(REPO_ROOT, 'data');
export const BIG_BIRD = 'zaheer2020big';

export interface KillTrialOptions {
  seed: number;
  /** Writes the clients send in all (the kill comes before the last of them). */
  writes?: number;
  clients?: number;
  /** Run the built bundle (dist/, from npm run build) instead of the sources under tsx. */
  built?: boolean;
  /** PAPERGRAPH_COMPACT_EVERY of the server. */
  compactEvery?: number;
  log?: (line: string) => void;
}

export interface KillTrialResult {
  seed: number;
  /** Acknowledgements after which SIGKILL was sent. */
  killAfterAcks: number;
  /** Writes acknowledged before the kill (including those answered while the signal went out). */
  acknowledged: number;
  /** Writes sent but not answered: each may be in the log or not, whole either way. */
  unanswered: number;
  /** Changes in the log after restart. */
  changes: number;
  /** What the restarted server said: changes replayed, and whether it dropped a torn write. */
  replayedLine: string;
  tornDropped: boolean;
  /** Compactions the first server finished before the kill. */
  compactions: number;
  papersCompared: number;
  digest: string;
  ms: number;
}

const gid = (kind: string, id: string) => Buffer.from(`${kind}:${id}`).toString('base64');
const localOf = (globalId: string) =>
  Buffer.from(globalId, 'base64')
    .toString('utf8')
    .replace(/^[A-Za-z]+:/, '');

interface Server {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<void>;
}

function startServer(dataDir: string, built: boolean, env: Record<string, string>): Promise<Server> {
  const args = built
    ? [join(REPO_ROOT, 'dist/server/main.mjs'), '--data-dir', dataDir]
    : ['--import', 'tsx', join(REPO_ROOT, 'src/server/main.ts'), '--data-dir', dataDir];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PAPERGRAPH_LOG: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s: ${stderr}`)), 120_000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const m = /Graph(?:i)?QL at (http:\/\/[\d.]+:\d+\/graphql)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stdout: () => stdout, stderr: () => stderr, exited });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? code}) before listening: ${stderr}`));
    });
  });
}

function createKey(dataDir: string): string {
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'src/cli/main.ts'),
      'keys',
      'create',
      '--name',
      'crash-test',
      '--scope',
      'curate',
      '--data-dir',
      dataDir,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (cli.status !== 0) throw new Error(`papergraph keys create failed: ${cli.stderr}`);
  return cli.stdout.trim();
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

// ---- the writes

type Write =
  | { op: 'addPaper'; title: string; year: number; authors: string[] }
  | { op: 'updatePaper'; paper: string; title: string; authors: string[] }
  | { op: 'addCitation'; citing: string; cited: string }
  | { op: 'linkConcept'; paper: string; concept: string; role: string; score: number };

interface Ack {
  write: Write;
  seq: number;
  /** The paper added (local id), for addPaper. */
  paper?: string;
}

const MUTATIONS: Record<Write['op'], string> = {
  addPaper: `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename
    ... on AddPaperPayload { change { seq } paper { id } } ... on UserError { message } } }`,
  updatePaper: `mutation($input: UpdatePaperInput!) { updatePaper(input: $input) { __typename
    ... on UpdatePaperPayload { change { seq } } ... on UserError { message } } }`,
  addCitation: `mutation($input: AddCitationInput!) { addCitation(input: $input) { __typename
    ... on AddCitationPayload { change { seq } } ... on UserError { message } } }`,
  linkConcept: `mutation($input: LinkConceptInput!) { linkConcept(input: $input) { __typename
    ... on LinkConceptPayload { change { seq } } ... on UserError { message } } }`,
};

function inputOf(write: Write, clientMutationId: string): Record<string, unknown> {
  const base = { clientMutationId, reason: `kill test ${clientMutationId}` };
  switch (write.op) {
    case 'addPaper':
      return { ...base, title: write.title, year: write.year, authors: write.authors.map((name) => ({ name })) };
    case 'updatePaper':
      return { ...base, id: gid('Paper', write.paper), title: write.title, authors: write.authors.map((name) => ({ name })) };
    case 'addCitation':
      return { ...base, citingId: gid('Paper', write.citing), citedId: gid('Paper', write.cited) };
    case 'linkConcept':
      return {
        ...base,
        paperId: gid('Paper', write.paper),
        conceptId: gid('Concept', write.concept),
        role: write.role,
        score: write.score,
      };
  }
}

const ROLES = ['INTRODUCES', 'USES', 'STUDIES', 'EVALUATES_ON'];

/** The clients: each sends one write at a time, drawn from its own random stream, until the budget is spent or the server is gone. */
async function runClients(
  url: string,
  key: string,
  options: { seed: number; writes: number; clients: number; killAfterAcks: number; kill: () => void },
): Promise<{ acks: Ack[]; unanswered: number; refused: string[] }> {
  const concepts = (JSON.parse(readFileSync(join(CURATED, 'concepts.json'), 'utf8')) as { id: string }[]).map((c) => c.id).slice(0, 12);
  const acks: Ack[] = [];
  const refused: string[] = [];
  const papers: string[] = []; // acknowledged added papers, shared by all clients
  const citations = new Set<string>();
  const links = new Map<string, string>();
  let sent = 0;
  let unanswered = 0;
  let dead = false;
  const client = async (c: number) => {
    const random = mulberry32(options.seed * 1000 + c);
    const own: string[] = [];
    let n = 0;
    while (!dead && sent < options.writes) {
      const pick = random();
      let write: Write;
      const name = `s${options.seed}c${c}n${n++}`;
      if (papers.length === 0 || pick < 0.35) {
        const authors = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => `Author ${name}-${k}`);
        write = { op: 'addPaper', title: `Kill test paper ${name}`, year: 2021 + (n % 4), authors };
      } else if (pick < 0.65) {
        const citing = papers[Math.floor(random() * papers.length)];
        const cited = random() < 0.5 ? BIG_BIRD : papers[Math.floor(random() * papers.length)];
        if (citing === cited || citations.has(`${citing}>${cited}`)) continue;
        citations.add(`${citing}>${cited}`);
        write = { op: 'addCitation', citing, cited };
      } else if (pick < 0.85 || own.length === 0) {
        const paper = papers[Math.floor(random() * papers.length)];
        const concept = concepts[Math.floor(random() * concepts.length)];
        const role = ROLES[Math.floor(random() * ROLES.length)];
        const score = (1 + Math.floor(random() * 100)) / 100;
        // Linking again as it is already linked is a ConflictError (nothing to change): not sent.
        if (links.get(`${paper}|${concept}`) === `${role}:${score}`) continue;
        links.set(`${paper}|${concept}`, `${role}:${score}`);
        write = { op: 'linkConcept', paper, concept, role, score };
      } else {
        const paper = own[Math.floor(random() * own.length)];
        const authors = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => `Author ${name}-u${k}`);
        write = { op: 'updatePaper', paper, title: `Kill test paper ${name} (edited)`, authors };
      }
      sent++;
      let data: Record<string, { __typename: string; change?: { seq: number }; paper?: { id: string }; message?: string }>;
      try {
        data = await graphql(url, MUTATIONS[write.op], { input: inputOf(write, name) }, key);
      } catch (e) {
        unanswered++;
        if (!dead) refused.push(`${write.op} ${name}: ${(e as Error).message}`);
        dead = true; // the server is gone (killed): every client stops
        return;
      }
      const result = data[write.op];
      if (!result.change) {
        refused.push(`${write.op} ${name}: ${result.__typename}: ${result.message}`);
        continue;
      }
      const ack: Ack = { write, seq: result.change.seq };
      if (write.op === 'addPaper') {
        ack.paper = localOf(result.paper!.id);
        papers.push(ack.paper);
        own.push(ack.paper);
      }
      acks.push(ack);
      if (acks.length === options.killAfterAcks) options.kill();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  return { acks, unanswered, refused };
}

// ---- the graph, as served and as rebuilt

/** What the test compares of each paper: fields the writes set and the edges they add. */
interface PaperView {
  id: string;
  title: string;
  year: number | null;
  authors: string[];
  references: string[];
  concepts: string[];
}

const PAPERS_QUERY = `query($after: String) { papers(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id title year
    authors(first: 100) { totalCount edges { node { name } } }
    references(first: 100) { totalCount edges { node { id } } }
    concepts(first: 100) { totalCount edges { role score node { id } } } } } } }`;

interface PapersPage {
  papers: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        title: string;
        year: number | null;
        authors: { totalCount: number; edges: { node: { name: string } }[] };
        references: { totalCount: number; edges: { node: { id: string } }[] };
        concepts: { totalCount: number; edges: { role: string; score: number; node: { id: string } }[] };
      };
    }[];
  };
}

async function servedPapers(url: string): Promise<Map<string, PaperView>> {
  const out = new Map<string, PaperView>();
  let after: string | null = null;
  for (;;) {
    const page: PapersPage = await graphql<PapersPage>(url, PAPERS_QUERY, { after });
    for (const { node } of page.papers.edges) {
      for (const list of [node.authors, node.references, node.concepts])
        if (list.totalCount > 100) throw new Error(`paper ${node.id} has more than 100 of a list: raise the page size`);
      const id = localOf(node.id);
      out.set(id, {
        id,
        title: node.title,
        year: node.year,
        authors: node.authors.edges.map((e) => e.node.name),
        references: node.references.edges.map((e) => localOf(e.node.id)).sort(),
        concepts: node.concepts.edges.map((e) => `${localOf(e.node.id)}:${e.role}:${e.score}`).sort(),
      });
    }
    if (!page.papers.pageInfo.hasNextPage) return out;
    after = page.papers.pageInfo.endCursor;
  }
}

/** The same view of the curated corpus with every change of the log applied by the reference semantics. */
function rebuiltPapers(changes: Change[]): Map<string, PaperView> {
  const corpus: CorpusWithRedirects = { ...loadCuratedCorpus(CURATED), redirects: new Map() };
  for (const change of changes) applyChangeToCorpus(corpus, change);
  const authorName = new Map(corpus.authors.map((a) => [a.id, a.name]));
  const out = new Map<string, PaperView>();
  for (const p of corpus.papers) out.set(p.id, { id: p.id, title: p.title, year: p.year, authors: [], references: [], concepts: [] });
  const authorships = [...corpus.authorships].sort((a, b) => a.position - b.position);
  for (const a of authorships) out.get(a.paperId)!.authors.push(authorName.get(a.authorId)!);
  for (const c of corpus.citations) out.get(c.citingId)!.references.push(c.citedId);
  for (const pc of corpus.paperConcepts) out.get(pc.paperId)!.concepts.push(`${pc.conceptId}:${pc.role}:${pc.score}`);
  for (const view of out.values()) view.references.sort(), view.concepts.sort();
  return out;
}

function digestOf(papers: Map<string, PaperView>): string {
  const hash = createHash('sha256');
  for (const id of [...papers.keys()].sort()) hash.update(`${JSON.stringify(papers.get(id))}\n`);
  return hash.digest('hex');
}

async function readLog(dataDir: string): Promise<Change[]> {
  const log = openSqliteChangeLog({ dataDir });
  try {
    const changes: Change[] = [];
    for await (const change of log.readSince(0)) changes.push(change);
    return changes;
  } finally {
    await log.close();
  }
}

// ---- one trial

export async function runServerKillTrial(options: KillTrialOptions): Promise<KillTrialResult> {
  const started = performance.now();
  const { seed, writes = 1000, clients = 8, built = false, compactEvery = 150 } = options;
  const random = mulberry32(seed);
  const killAfterAcks = Math.max(1, Math.floor(writes * (0.1 + 0.8 * random())));
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-server-kill-'));
  const env = { PAPERGRAPH_COMPACT_EVERY: String(compactEvery) };
  let first: Server | null = null;
  let second: Server | null = null;
  try {
    const key = createKey(dataDir);
    first = await startServer(dataDir, built, env);
    const running = first;
    const { acks, unanswered, refused } = await runClients(first.url, key, {
      seed,
      writes,
      clients,
      killAfterAcks,
      kill: () => running.child.kill('SIGKILL'),
    });
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await first.exited;
    const compactions = (first.stdout().match(/compacted the log up to change/g) ?? []).length;
    if (refused.length > 0 && refused.some((r) => !/fetch failed|ECONNRESET|ECONNREFUSED|socket/i.test(r)))
      throw new Error(`writes were refused before the kill: ${refused.slice(0, 3).join('; ')}`);
    if (first.child.signalCode !== 'SIGKILL')
      throw new Error(`the server was not killed but ended with ${first.child.exitCode}: ${first.stderr()}`);

    second = await startServer(dataDir, built, env);
    const replayedLine = /base [^\n]*replayed [\d,]+ change\(s\)[^\n]*/.exec(second.stdout())?.[0] ?? '';
    if (!replayedLine) throw new Error(`the restarted server did not say what it replayed: ${second.stdout()}`);
    const tornDropped = /dropped a torn or unfinished write/.test(second.stderr());

    // 1. Every acknowledged write under its seq, seqs without gap.
    const changes = await servedChanges(second.url);
    changes.forEach((c, k) => {
      if (c.seq !== k + 1) throw new Error(`change ${c.seq} at position ${k + 1}: a gap in the log`);
    });
    const bySeq = new Map(changes.map((c) => [c.seq, c]));
    const OPS: Record<Write['op'], string> = {
      addPaper: 'PAPER_ADD',
      updatePaper: 'PAPER_UPDATE',
      addCitation: 'CITATION_ADD',
      linkConcept: 'CONCEPT_LINK',
    };
    for (const ack of acks) {
      const change = bySeq.get(ack.seq);
      if (!change) throw new Error(`acknowledged ${ack.write.op} (change ${ack.seq}) is missing after restart`);
      if (change.op.replace(/\./g, '_').toUpperCase() !== OPS[ack.write.op])
        throw new Error(`change ${ack.seq} is a ${change.op}, acknowledged as ${ack.write.op}`);
    }

    // 2. Each acknowledged write whole in the served graph.
    const served = await servedPapers(second.url);
    const log = await readLog(dataDir);
    const lastEdit = new Map<string, Change>();
    for (const c of log) if (c.op === 'paper.add' || c.op === 'paper.update') lastEdit.set(c.after.id, c);
    for (const ack of acks) {
      const w = ack.write;
      if (w.op === 'addPaper' || w.op === 'updatePaper') {
        const id = w.op === 'addPaper' ? ack.paper! : w.paper;
        const view = served.get(id);
        if (!view) throw new Error(`acknowledged paper ${id} (change ${ack.seq}) is not served`);
        const last = lastEdit.get(id)!;
        if (last.seq < ack.seq) throw new Error(`paper ${id}: its last edit in the log (${last.seq}) precedes the acknowledged ${ack.seq}`);
        const after = (last as Extract<Change, { op: 'paper.add' }>).after;
        const names = after.authors.map((a) => a.name);
        if (view.title !== after.title || JSON.stringify(view.authors) !== JSON.stringify(names))
          throw new Error(`paper ${id} is served as ${JSON.stringify(view)}, not as change ${last.seq} left it (${after.title}, ${names})`);
        if (
          w.op === 'updatePaper' &&
          last.seq === ack.seq &&
          (view.title !== w.title || JSON.stringify(view.authors) !== JSON.stringify(w.authors))
        )
          throw new Error(`paper ${id} lacks part of acknowledged update ${ack.seq}`);
      } else if (w.op === 'addCitation') {
        if (!served.get(w.citing)?.references.includes(w.cited))
          throw new Error(`acknowledged citation ${w.citing} → ${w.cited} (change ${ack.seq}) is not served`);
      } else if (!served.get(w.paper)?.concepts.some((c) => c.startsWith(`${w.concept}:`))) {
        throw new Error(`acknowledged link ${w.paper} — ${w.concept} (change ${ack.seq}) is not served`);
      }
    }

    // 3. The served graph is the one rebuilt from the curated corpus and the log.
    second.child.kill('SIGTERM');
    await second.exited;
    second = null;
    const rebuilt = rebuiltPapers(log);
    for (const [id, view] of rebuilt) {
      const other = served.get(id);
      if (JSON.stringify(other) !== JSON.stringify(view))
        throw new Error(
          `paper ${id} differs from the graph rebuilt from the log: served ${JSON.stringify(other)}, rebuilt ${JSON.stringify(view)}`,
        );
    }
    if (served.size !== rebuilt.size) throw new Error(`${served.size} papers served, ${rebuilt.size} rebuilt from the log`);
    const digest = digestOf(served);
    if (digest !== digestOf(rebuilt)) throw new Error('digests differ');
    return {
      seed,
      killAfterAcks,
      acknowledged: acks.length,
      unanswered,
      changes: changes.length,
      replayedLine,
      tornDropped,
      compactions,
      papersCompared: served.size,
      digest,
      ms: performance.now() - started,
    };
  } finally {
    first?.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await Promise.all([first?.exited, second?.exited]);
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }
}

const CHANGES_QUERY = `query($after: String) { changes(since: 0, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { seq op } } } }`;

async function servedChanges(url: string): Promise<{ seq: number; op: string }[]> {
  const out: { seq: number; op: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const page: {
      changes: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { seq: number; op: string } }[] };
    } = await graphql(url, CHANGES_QUERY, { after });
    out.push(...page.changes.edges.map((e) => e.node));
    if (!page.changes.pageInfo.hasNextPage) return out;
    after = page.changes.pageInfo.endCursor;
  }
}
