// `papergraph migrate`: applies the PostgreSQL migrations (store/change-log/pg-migrations.ts) a
// database lacks, and says which. Replicas apply them themselves at start (under an advisory
// lock, so replicas starting together apply each once); this command lets an operator do it
// beforehand, e.g. from a deployment's release step, or check what a database is at.

import { ChangeLogError } from '../store/change-log/change-log.js';
import { openPgDatabase } from '../store/change-log/pg-database.js';
import { MIGRATIONS } from '../store/change-log/pg-migrations.js';
import { UsageError } from './errors.js';

export async function runMigrate(options: { databaseUrl?: string; schema: string }): Promise<void> {
  if (!options.databaseUrl)
    throw new UsageError('give the database: --database-url postgres://user@host:5432/database, or set PAPERGRAPH_DATABASE_URL');
  let db: Awaited<ReturnType<typeof openPgDatabase>> | undefined;
  try {
    db = await openPgDatabase({ url: options.databaseUrl, schema: options.schema }, { migrate: false });
    const { applied, version } = await db.migrate();
    for (const m of applied) console.log(`applied migration ${m.version}: ${m.name}`);
    console.log(
      `${db.where} schema "${options.schema}" is at migration ${version} of ${MIGRATIONS.length}` +
        (applied.length ? '' : ' (nothing to apply)'),
    );
  } catch (e) {
    if (e instanceof ChangeLogError) throw new UsageError(e.message);
    throw e;
  } finally {
    await db?.close();
  }
}
