// `papergraph keys create|list|revoke`: the API keys of a data directory (keys.sqlite), or of
// the PostgreSQL database replicas share when PAPERGRAPH_DATABASE_URL (or --database-url) is
// set. The key itself is printed once, alone on stdout (so `KEY=$(papergraph keys create …)`
// works); what to do with it goes to stderr.

import type { Command } from 'commander';
import { ChangeLogError } from '../store/change-log/change-log.js';
import { DEFAULT_DATA_DIR } from '../store/change-log/data-dir.js';
import { KEY_SCOPES, type KeyAdmin, type KeyInfo, KeyStore, KeyStoreError } from '../store/change-log/key-store.js';
import { openPgDatabase } from '../store/change-log/pg-database.js';
import { PgKeyStore } from '../store/change-log/pg-key-store.js';
import { UsageError } from './errors.js';

interface DataDirOption {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema: string;
}

export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('Create, list and revoke the API keys that writes need (stored hashed in the data directory)')
    .addHelpText(
      'after',
      `
Examples:
  $ papergraph keys create --name alice --scope curate
  $ papergraph keys list
  $ papergraph keys revoke --name alice`,
    );
  const dataDir = (command: Command) =>
    command
      .option(
        '--data-dir <dir>',
        'the data directory (PAPERGRAPH_DATA_DIR sets the default)',
        process.env.PAPERGRAPH_DATA_DIR || DEFAULT_DATA_DIR,
      )
      .option(
        '--database-url <url>',
        'the PostgreSQL database of the replicas instead of a data directory (default: PAPERGRAPH_DATABASE_URL)',
        process.env.PAPERGRAPH_DATABASE_URL || undefined,
      )
      .option(
        '--database-schema <name>',
        'its schema (default: PAPERGRAPH_DATABASE_SCHEMA or papergraph)',
        process.env.PAPERGRAPH_DATABASE_SCHEMA || 'papergraph',
      );

  dataDir(
    keys
      .command('create')
      .description('Create a key and print it: it is shown this once and stored only as a hash')
      .requiredOption('--name <name>', 'who the key is for; changes made with it are recorded under this name')
      .requiredOption('--scope <scope>', `what it may do: ${KEY_SCOPES.join(', ')} (each includes the ones before it)`),
  ).action((options: DataDirOption & { name: string; scope: string }) =>
    withKeys(options, async (store) => {
      const { key, info } = await store.create(options.name, options.scope);
      process.stdout.write(`${key}\n`);
      process.stderr.write(
        `Created key "${info.name}" (scope ${info.scope}, id ${info.id}) in ${store.location}.\n` +
          'It is shown only this once: keep it now. Send it as the header "Authorization: Bearer <key>".\n',
      );
    }),
  );

  dataDir(
    keys.command('list').description('List the keys (names, scopes, ids, dates; never the keys themselves)').option('--json', 'print JSON'),
  ).action((options: DataDirOption & { json?: boolean }) =>
    withKeys(options, async (store) => {
      const list = await store.list();
      if (options.json) console.log(JSON.stringify(list, null, 2));
      else console.log(list.length ? formatKeys(list) : `no keys in ${store.location}`);
    }),
  );

  dataDir(
    keys
      .command('revoke')
      .description('Revoke the live key of a name: requests with it are refused from now on')
      .requiredOption('--name <name>', 'the key to revoke'),
  ).action((options: DataDirOption & { name: string }) =>
    withKeys(options, async (store) => {
      const info = await store.revoke(options.name);
      console.log(`revoked key "${info.name}" (id ${info.id})`);
    }),
  );
}

/** Opens the key store for one command; its refusals are the user's to fix (exit 2). */
async function withKeys(options: DataDirOption, run: (store: KeyAdmin) => Promise<void>): Promise<void> {
  let store: KeyAdmin | undefined;
  try {
    store = options.databaseUrl
      ? new PgKeyStore(await openPgDatabase({ url: options.databaseUrl, schema: options.databaseSchema }), true)
      : new KeyStore({ dataDir: options.dataDir });
    await run(store);
  } catch (e) {
    if (e instanceof KeyStoreError || e instanceof ChangeLogError) throw new UsageError(e.message);
    throw e;
  } finally {
    await store?.close();
  }
}

function formatKeys(list: KeyInfo[]): string {
  const rows = list.map((k) => [k.name, k.scope, k.id, k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'live']);
  const header = ['name', 'scope', 'id', 'created', 'state'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
