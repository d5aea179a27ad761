//! Storage: one small SQL interface over two backends, SQLite (embedded, the default) and
//! PostgreSQL (several server instances on one database), chosen by the database URL.
//!
//! The domain's queries (`crate::store`) are written once against [`Conn`]; only the
//! migrations and a few clauses (`FOR UPDATE SKIP LOCKED`) differ per dialect. Queries are
//! plain strings checked by the tests against both backends, never against a live database at
//! build time.
//!
//! Connections live on dedicated threads ([`pool`]): blocking drivers, no async in SQL code.
//! Writes go through [`Db::write`], which batches the jobs waiting at that moment into one
//! transaction (group commit): one fsync makes a whole batch durable, and no job's result is
//! handed back before its transaction has committed.

mod migrations;
mod pool;
mod postgres;
mod sqlite;

pub use pool::{Db, PoolOptions};

use std::fmt;

/// A value bound to or read from SQL. Booleans are integers 0/1 and instants are integer
/// milliseconds since the Unix epoch in both dialects.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Blob(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> Result<&Value, DbError> {
        self.0
            .get(i)
            .ok_or_else(|| DbError::other(format!("no column {i}")))
    }
    pub fn int(&self, i: usize) -> Result<i64, DbError> {
        self.opt_int(i)?
            .ok_or_else(|| DbError::other(format!("column {i} is NULL")))
    }
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, DbError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            other => Err(DbError::other(format!(
                "column {i}: expected an integer, got {other:?}"
            ))),
        }
    }
    pub fn text(&self, i: usize) -> Result<String, DbError> {
        self.opt_text(i)?
            .ok_or_else(|| DbError::other(format!("column {i} is NULL")))
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>, DbError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(v) => Ok(Some(v.clone())),
            other => Err(DbError::other(format!(
                "column {i}: expected text, got {other:?}"
            ))),
        }
    }
    pub fn opt_blob(&self, i: usize) -> Result<Option<Vec<u8>>, DbError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Blob(v) => Ok(Some(v.clone())),
            other => Err(DbError::other(format!(
                "column {i}: expected a blob, got {other:?}"
            ))),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What a storage error means to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A UNIQUE or PRIMARY KEY constraint refused a row.
    Unique,
    /// The database cannot be reached or the pool is closed: try again later (503).
    Unavailable,
    Other,
}

/// A storage error. Its message may quote SQL but never bound values: it is logged, and
/// bound values can be personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbError {
    pub kind: ErrorKind,
    pub message: String,
}

impl DbError {
    pub fn other(message: impl Into<String>) -> DbError {
        DbError {
            kind: ErrorKind::Other,
            message: message.into(),
        }
    }
    pub fn unavailable(message: impl Into<String>) -> DbError {
        DbError {
            kind: ErrorKind::Unavailable,
            message: message.into(),
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for DbError {}

/// One connection, whichever the backend. SQL uses `$1`, `$2`… placeholders in both dialects.
pub trait Conn: Send {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query (or a statement with `RETURNING`) and returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// Runs SQL without parameters, possibly several statements.
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;
    /// False once the connection is known to be unusable (the server went away).
    fn is_healthy(&mut self) -> bool;

    /// Starts a write transaction (SQLite takes the write lock at once).
    fn begin(&mut self) -> Result<(), DbError> {
        match self.dialect() {
            Dialect::Sqlite => self.batch("BEGIN IMMEDIATE"),
            Dialect::Postgres => self.batch("BEGIN"),
        }
    }

    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// Where the data lives, parsed from a database URL: `sqlite://PATH` (or `sqlite:PATH`, a
/// relative path stays relative) or `postgres://…` / `postgresql://…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| {
                "database URL must start with sqlite:// or postgres:// (postgresql://)".to_owned()
            })?;
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() || path == ":memory:" {
            return Err(
                "an SQLite database needs a file path (several connections share it)".into(),
            );
        }
        Ok(Target::Sqlite(path.into()))
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Target::Sqlite(_) => Dialect::Sqlite,
            Target::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Opens one connection with the pragmas or settings every connection needs.
    pub fn connect(&self, read_only: bool) -> Result<Box<dyn Conn>, DbError> {
        match self {
            Target::Sqlite(path) => Ok(Box::new(sqlite::SqliteConn::open(path, read_only)?)),
            Target::Postgres(url) => Ok(Box::new(postgres::PgConn::open(url)?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            Target::parse("sqlite://data/p.db"),
            Ok(Target::Sqlite("data/p.db".into()))
        );
        assert_eq!(
            Target::parse("sqlite:///tmp/p.db"),
            Ok(Target::Sqlite("/tmp/p.db".into()))
        );
        assert!(matches!(
            Target::parse("postgres://u@h/db"),
            Ok(Target::Postgres(_))
        ));
        assert!(Target::parse("mysql://x").is_err());
        assert!(Target::parse("sqlite://:memory:").is_err());
    }
}
