//! Schema migrations, one file per version and dialect under `migrations/`. Each runs in its
//! own transaction and is recorded in `schema_migrations`; on PostgreSQL an advisory lock keeps
//! two instances starting together from running the same one twice.

use super::{Conn, DbError, Dialect, Value};

struct Migration {
    version: i64,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sqlite: include_str!("../../migrations/sqlite/0001_init.sql"),
    postgres: include_str!("../../migrations/postgres/0001_init.sql"),
}];

/// An arbitrary constant: the advisory lock that serialises migrations on PostgreSQL.
const PG_MIGRATION_LOCK: i64 = 0x0070_7265_7175_616c;

pub fn run(conn: &mut dyn Conn) -> Result<(), DbError> {
    conn.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )?;
    for m in MIGRATIONS {
        conn.begin()?;
        let result = apply(conn, m);
        match result {
            Ok(()) => conn.batch("COMMIT")?,
            Err(e) => {
                let _ = conn.batch("ROLLBACK");
                return Err(e);
            }
        }
    }
    Ok(())
}

fn apply(conn: &mut dyn Conn, m: &Migration) -> Result<(), DbError> {
    if conn.dialect() == Dialect::Postgres {
        conn.execute(
            "SELECT pg_advisory_xact_lock($1)",
            &[Value::Int(PG_MIGRATION_LOCK)],
        )?;
    }
    let done = conn.query_one(
        "SELECT version FROM schema_migrations WHERE version = $1",
        &[Value::Int(m.version)],
    )?;
    if done.is_some() {
        return Ok(());
    }
    let sql = match conn.dialect() {
        Dialect::Sqlite => m.sqlite,
        Dialect::Postgres => m.postgres,
    };
    conn.batch(sql)?;
    conn.execute(
        "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
        &[Value::Int(m.version), Value::Int(crate::clock::now_ms())],
    )?;
    tracing::info!(version = m.version, "applied a schema migration");
    Ok(())
}
