// The papergraph command line: serve, import, export, stats. Errors a user must fix print one
// line on stderr and exit with code 2; anything else is a bug and prints its stack (exit 1).

import { Command, InvalidArgumentError, Option } from 'commander';
import { EXPORTERS } from '../ingest/export/index.js';
import { IMPORTERS } from '../ingest/formats.js';
import { PAPERGRAPH_VERSION } from '../ingest/snapshot.js';
import { oneLine, reportError, UsageError } from './errors.js';
import { parseMapping, runImport } from './import-command.js';
import { registerKeysCommand } from './keys-command.js';
import { runExport } from './export-command.js';
import { runCompact } from './compact-command.js';
import { BUILDS, DEFAULT_DATASETS, runBuild } from './build-command.js';
import { DEFAULT_DATA_DIR } from '../store/change-log/data-dir.js';
import { DEFAULT_HOST, DEFAULT_PORT, portFrom, workersFrom } from '../server/serve-options.js';
import { startProgress } from './progress.js';
import { runStats } from './stats-command.js';
import { runPersistedManifest } from './persisted-manifest.js';

const program = new Command('papergraph')
  .description('A GraphQL server over a knowledge graph of research papers, and the tools to fill it and take data out.')
  .version(PAPERGRAPH_VERSION)
  .exitOverride()
  .showSuggestionAfterError(true)
  .configureOutput({
    // Commander's own errors ("unknown option", "missing required argument") become our one line.
    outputError: (message, write) => write(`papergraph: ${oneLine(message.replace(/^error: /, ''))}\n`),
  })
  .addHelpText(
    'after',
    `
Examples:
  $ papergraph serve --snapshot graph.pgs
  $ papergraph keys create --name alice --scope curate
  $ papergraph compact --data-dir ./papergraph-data
  $ papergraph migrate --database-url postgres://postgres@127.0.0.1:5432/test
  $ papergraph build neurips-2020 --out neurips-2020.pgs
  $ papergraph import --format tabular ../shared/datasets/aan/papers.jsonl ../shared/datasets/aan/citations.csv --base none --out aan.pgs
  $ papergraph export --format graphml --snapshot aan.pgs --where-year 2005 --out aan-2005.graphml
  $ papergraph stats --snapshot aan.pgs
  $ papergraph persisted-manifest ../web/src --out trusted-operations.json`,
  );

/** Commander parser for flags that must be whole numbers. */
const integer = (name: string) => (value: string) => {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number, not "${value}"`);
  return Number(value);
};

/** Commander parsers throw InvalidArgumentError so the message comes out as one line, exit 2. */
const asArgumentError =
  <T>(parse: (value: string, previous: T) => T) =>
  (value: string, previous: T) => {
    try {
      return parse(value, previous);
    } catch (e) {
      throw e instanceof UsageError ? new InvalidArgumentError(e.message) : e;
    }
  };

program
  .command('serve')
  .description('Serve the graph over HTTP with GraphiQL (default: the curated corpus in data/)')
  .option('--snapshot <file>', 'serve a snapshot written by `papergraph import --out`')
  .option('--data <dir>', 'serve a curated-format data directory')
  .option(
    '--data-dir <dir>',
    `where the change log, API keys and compacted snapshots live (default: PAPERGRAPH_DATA_DIR or ${DEFAULT_DATA_DIR})`,
  )
  .option('--port <n>', `port to listen on (default: PORT or ${DEFAULT_PORT})`)
  .option('--host <h>', `interface to listen on (default: HOST or ${DEFAULT_HOST})`)
  .option(
    '--workers <n>',
    'serving processes on the one port, each a full replica of the graph (default: PAPERGRAPH_WORKERS, else the number of cores in the production profile, 1 otherwise)',
  )
  .addHelpText(
    'after',
    `
Examples:
  $ papergraph serve
  $ papergraph serve --snapshot aan.pgs --port 4001 --data-dir ./aan-data
  $ papergraph serve --workers 2
  (also: npm start -- --snapshot aan.pgs)`,
  )
  .action(async (options: { snapshot?: string; data?: string; dataDir?: string; port?: string; host?: string; workers?: string }) => {
    // The API (graphql, Pothos, yoga) loads only for serve: the other commands start faster without it.
    const { startServing } = await import('../server/cluster.js');
    await startServing(
      {
        snapshot: options.snapshot,
        data: options.data,
        dataDir: options.dataDir,
        host: options.host,
        port: portFrom(options.port, '--port'),
        workers: workersFrom(options.workers, '--workers'),
      },
      { progress: startProgress },
    );
  });

program
  .command('compact')
  .description('Fold the change log of a data directory into a new snapshot (PageRank recomputed), with the server stopped')
  .option('--data-dir <dir>', `the data directory (default: PAPERGRAPH_DATA_DIR or ${DEFAULT_DATA_DIR})`)
  .option('--snapshot <file>', 'the graph the log applies to, when the data directory has not recorded it')
  .option('--data <dir>', 'a curated-format data directory the log applies to, when not recorded')
  .addHelpText(
    'after',
    `
The server compacts by itself every PAPERGRAPH_COMPACT_EVERY changes (default 10,000), in a
worker thread; this command does the same offline, e.g. before a backup.

Examples:
  $ papergraph compact --data-dir ./papergraph-data`,
  )
  .action((options: { dataDir?: string; snapshot?: string; data?: string }) =>
    runCompact({
      dataDir: options.dataDir ?? (process.env.PAPERGRAPH_DATA_DIR || DEFAULT_DATA_DIR),
      snapshot: options.snapshot,
      data: options.data,
    }),
  );

program
  .command('migrate')
  .description('Create or upgrade the PostgreSQL schema replicas share (the change log, API keys and history)')
  .option('--database-url <url>', 'the database (default: PAPERGRAPH_DATABASE_URL)', process.env.PAPERGRAPH_DATABASE_URL || undefined)
  .option(
    '--database-schema <name>',
    'the schema (default: PAPERGRAPH_DATABASE_SCHEMA or papergraph)',
    process.env.PAPERGRAPH_DATABASE_SCHEMA || 'papergraph',
  )
  .addHelpText(
    'after',
    `
Replicas (papergraph serve with PAPERGRAPH_DATABASE_URL set) apply missing migrations at start,
one at a time under an advisory lock; this command does it beforehand.

Examples:
  $ papergraph migrate --database-url postgres://papergraph@db.internal:5432/papergraph`,
  )
  .action(async (options: { databaseUrl?: string; databaseSchema: string }) => {
    const { runMigrate } = await import('./migrate-command.js');
    await runMigrate({ databaseUrl: options.databaseUrl, schema: options.databaseSchema });
  });

program
  .command('import')
  .description('Read data files, merge them onto a base graph and write the result as a snapshot')
  .argument('<paths...>', 'files or directories to read')
  .requiredOption('--format <format>', `input format: ${IMPORTERS.map((i) => i.format).join(', ')}`)
  .requiredOption('--out <file>', 'snapshot to write (atomically: the old file survives a failed import)')
  .option(
    '--mapping <field=column>',
    'column mapping for tabular input; repeat, or separate pairs with commas',
    asArgumentError(parseMapping),
  )
  .addOption(new Option('--map <field=column>', 'alias of --mapping').argParser(asArgumentError(parseMapping)).hideHelp())
  .option('--strict', 'abort on the first malformed or suspect record (default: skip or keep it, count it, report it)')
  .option('--tag', 'link the imported papers to concepts named in their titles and abstracts')
  .option('--base <base>', 'graph to merge onto: "curated", "none", or a snapshot file', 'curated')
  .addHelpText(
    'after',
    () => `
Formats:
${IMPORTERS.map((i) => `  ${i.format.padEnd(18)}${i.description}`).join('\n')}

Examples:
${IMPORTERS.map((i) => `  $ ${i.example}${i.example.includes('--out') ? '' : ' --out graph.pgs'}`).join('\n')}
  $ papergraph import --format tabular --mapping id=paper_id,title=title papers.csv edges.csv --base none --out my.pgs
`,
  )
  .action(
    async (
      paths: string[],
      options: {
        format: string;
        out: string;
        mapping?: Record<string, string>;
        map?: Record<string, string>;
        strict?: boolean;
        tag?: boolean;
        base: string;
      },
    ) => {
      await runImport(paths, {
        format: options.format,
        out: options.out,
        base: options.base,
        strict: options.strict ?? false,
        tag: options.tag ?? false,
        mapping: { ...options.mapping, ...options.map },
      });
    },
  );

program
  .command('build')
  .description('Build a whole knowledge graph from the shared datasets and the curated corpus, and write it as a snapshot')
  .argument('<graph>', `the graph to build: ${BUILDS.join(', ')}`)
  .option('--datasets <dir>', 'the shared datasets folder', DEFAULT_DATASETS)
  .option('--out <file>', 'snapshot to write (atomically: the old file survives a failed build)', 'neurips-2020.pgs')
  .addHelpText(
    'after',
    `
neurips-2020: the curated corpus, the NeurIPS 2020 listing with its proceedings abstracts, ids,
links, presentation and subject areas, the NeurIPS/ICML citation set, the Computer Science
Ontology (aligned to the curated concepts) and the concept tagger over every paper's title and
abstract. Prints what each source created, merged, skipped and left dangling, and the time and
peak memory.

Examples:
  $ papergraph build neurips-2020
  $ papergraph build neurips-2020 --datasets ../shared/datasets --out neurips-2020.pgs
  (also: npm run build:neurips; then npm start -- --snapshot neurips-2020.pgs)`,
  )
  .action((graph: string, options: { datasets: string; out: string }) => runBuild(graph, options));

program
  .command('export')
  .description('Write the graph, or the part around a filtered set of papers, for graph and citation tools')
  .requiredOption('--format <format>', `output format: ${EXPORTERS.map((e) => e.format).join(', ')}`)
  .option('--snapshot <file>', 'export a snapshot (default: the curated corpus)')
  .option('--data <dir>', 'export a curated-format data directory')
  .option('--where-year <year>', 'only papers of this year', integer('--where-year'))
  .option('--concept <slug>', 'only papers with this concept or a narrower one')
  .option('--out <file>', 'write here instead of stdout (a directory for csv: nodes.csv and edges.csv)')
  .addHelpText(
    'after',
    () => `
Formats:
${EXPORTERS.map((e) => `  ${e.format.padEnd(12)}${e.description}`).join('\n')}

Examples:
  $ papergraph export --format graphml --out papergraph.graphml
  $ papergraph export --format bibtex --concept contrastive-learning --where-year 2020
  $ papergraph export --format csv --snapshot aan.pgs --out aan-csv/
`,
  )
  .action((options: { format: string; snapshot?: string; data?: string; whereYear?: number; concept?: string; out?: string }) =>
    runExport(options),
  );

program
  .command('stats')
  .description('Count the nodes by kind and the edges by type, with the memory of the adjacency and the load time')
  .option('--snapshot <file>', 'a snapshot (default: the curated corpus)')
  .option('--data <dir>', 'a curated-format data directory')
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    `
Examples:
  $ papergraph stats
  $ papergraph stats --snapshot aan.pgs --json`,
  )
  .action((options: { snapshot?: string; data?: string; json?: boolean }) => runStats(options));

program
  .command('persisted-manifest')
  .description("Write the trusted-operations manifest ({hash: document}) of a client's operations, for PAPERGRAPH_TRUSTED_OPERATIONS")
  .argument('<paths...>', 'files or folders: .graphql files, and gql/graphql tagged templates in .ts, .tsx, .js, .jsx files')
  .option('--out <file>', 'write here (atomically) instead of stdout')
  .option('--no-validate', "do not check the operations against papergraph's schema")
  .addHelpText(
    'after',
    `
Each operation is stored with the fragments it spreads, printed and hashed (SHA-256, hex) as
graphql-codegen's client preset does for persistedDocuments; a client sends the hash as
documentId (with or without "sha256:") or as its automatic-persisted-query hash.

Examples:
  $ papergraph persisted-manifest ../web/src --out trusted-operations.json
  $ PAPERGRAPH_TRUSTED_OPERATIONS=trusted-operations.json papergraph serve`,
  )
  .action(async (paths: string[], options: { out?: string; validate: boolean }) => {
    await runPersistedManifest(paths, { out: options.out, validate: options.validate });
  });

registerKeysCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportError(error);
}
