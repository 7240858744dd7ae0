// The PostgreSQL schema, as numbered migrations. Each is applied once, in order, inside one
// transaction that holds an advisory lock (pg-database.ts): replicas starting together apply it
// once, and a failed migration leaves nothing half done. `{schema}` is the schema's quoted name.
// Never edit a migration that has shipped: add the next number.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'change log, checkpoints, metadata',
    sql: `
      -- The last seq handed out. Appenders lock this one row for their transaction, so seqs are
      -- assigned in commit order with no gap, whichever replica appends (a sequence would hand
      -- seq 11 to a transaction that commits before the one holding seq 10, and a follower
      -- reading "after 10" would miss it).
      CREATE TABLE {schema}.log_head (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        seq bigint NOT NULL
      );
      INSERT INTO {schema}.log_head (seq) VALUES (0);
      CREATE TABLE {schema}.changes (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        reason text,
        op text NOT NULL,
        reverts bigint,
        before json,                        -- the record before (NULL: there was none)
        after json,                         -- the record after (NULL: there is none)
        extra json                          -- the operation's other fields, if any (a link's note)
      );
      CREATE TABLE {schema}.change_targets (
        kind text NOT NULL,
        id text NOT NULL,
        seq bigint NOT NULL REFERENCES {schema}.changes (seq),
        PRIMARY KEY (kind, id, seq)
      );
      CREATE TABLE {schema}.checkpoints (
        id bigserial PRIMARY KEY,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        snapshot text
      );
      -- Which graph the log applies to (the source the first replica was started on), and such.
      CREATE TABLE {schema}.meta (
        key text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'API keys',
    sql: `
      CREATE TABLE {schema}.api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('read', 'curate', 'admin')),
        secret_sha256 bytea NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      -- One live key per name: audit records name the key, so a name means one key at a time.
      CREATE UNIQUE INDEX api_keys_live_name ON {schema}.api_keys (name) WHERE revoked_at IS NULL;
    `,
  },
];
