//! Connection threads and group commit.
//!
//! Writers: each writer thread owns one connection, takes the first waiting job, then every
//! job already queued behind it (up to `max_batch`), and runs them in ONE transaction, each
//! inside its own savepoint so that one job's error rolls back only that job. The results are
//! handed back only after `COMMIT` returned; if the commit fails, every job in the batch gets
//! the error. SQLite has one writer (it has one write lock anyway); PostgreSQL several.
//!
//! Readers: a few threads with their own connections for queries that change nothing.

use super::{migrations, Conn, DbError, Dialect, Target};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// Called with the outcome of the batch's commit.
type Completion = Box<dyn FnOnce(Result<(), DbError>) + Send>;
/// A write job: runs inside the batch transaction, says whether it succeeded (otherwise its
/// savepoint is rolled back) and returns what to do once the commit is known.
type WriteJob = Box<dyn FnOnce(&mut dyn Conn) -> (bool, Completion) + Send>;
type ReadJob = Box<dyn FnOnce(&mut dyn Conn) + Send>;

#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// Writer threads (connections); SQLite always uses one.
    pub writers: usize,
    pub readers: usize,
    /// The most jobs one transaction takes.
    pub max_batch: usize,
}

impl Default for PoolOptions {
    fn default() -> PoolOptions {
        PoolOptions {
            writers: 4,
            readers: 4,
            max_batch: 256,
        }
    }
}

struct Inner {
    dialect: Dialect,
    writer: RwLock<Option<Sender<WriteJob>>>,
    reader: RwLock<Option<Sender<ReadJob>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

/// The database: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

impl Db {
    /// Connects, runs the migrations and starts the connection threads.
    pub fn open(url: &str, options: &PoolOptions) -> Result<Db, DbError> {
        let target = Target::parse(url).map_err(DbError::other)?;
        let mut first = target.connect(false)?;
        migrations::run(first.as_mut())?;

        let writers = match target.dialect() {
            Dialect::Sqlite => 1,
            Dialect::Postgres => options.writers.max(1),
        };
        let (wtx, wrx) = mpsc::channel::<WriteJob>();
        let (rtx, rrx) = mpsc::channel::<ReadJob>();
        let wrx = Arc::new(Mutex::new(wrx));
        let rrx = Arc::new(Mutex::new(rrx));
        let mut threads = Vec::new();
        let mut first = Some(first);
        for i in 0..writers {
            let conn = match first.take() {
                Some(c) => c,
                None => target.connect(false)?,
            };
            let (rx, target, max) = (wrx.clone(), target.clone(), options.max_batch.max(1));
            threads.push(spawn(format!("db-writer-{i}"), move || {
                writer_loop(conn, &target, &rx, max)
            })?);
        }
        for i in 0..options.readers.max(1) {
            let conn = target.connect(true)?;
            let (rx, target) = (rrx.clone(), target.clone());
            threads.push(spawn(format!("db-reader-{i}"), move || {
                reader_loop(conn, &target, &rx)
            })?);
        }
        Ok(Db {
            inner: Arc::new(Inner {
                dialect: target.dialect(),
                writer: RwLock::new(Some(wtx)),
                reader: RwLock::new(Some(rtx)),
                threads: Mutex::new(threads),
            }),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    /// Runs `f` in a write transaction (batched with others); resolves after the commit.
    /// An `Err` from `f` rolls back what `f` did, and only that.
    pub async fn write<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T, DbError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<Result<T, DbError>>();
        let job: WriteJob = Box::new(move |conn: &mut dyn Conn| {
            let result = catch_unwind(AssertUnwindSafe(|| f(conn)))
                .unwrap_or_else(|_| Err(DbError::other("a write job panicked")));
            let ok = result.is_ok();
            let done: Completion = Box::new(move |commit: Result<(), DbError>| {
                let _ = tx.send(commit.and(result));
            });
            (ok, done)
        });
        let sent = match self.inner.writer.read() {
            Ok(guard) => guard.as_ref().map(|s| s.send(job).is_ok()).unwrap_or(false),
            Err(_) => false,
        };
        if !sent {
            return Err(DbError::unavailable("the database is closed"));
        }
        rx.await
            .unwrap_or_else(|_| Err(DbError::unavailable("the database writer stopped")))
    }

    /// Runs `f` on a reader connection (no transaction, sees committed data).
    pub async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T, DbError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<Result<T, DbError>>();
        let job: ReadJob = Box::new(move |conn: &mut dyn Conn| {
            let result = catch_unwind(AssertUnwindSafe(|| f(conn)))
                .unwrap_or_else(|_| Err(DbError::other("a read job panicked")));
            let _ = tx.send(result);
        });
        let sent = match self.inner.reader.read() {
            Ok(guard) => guard.as_ref().map(|s| s.send(job).is_ok()).unwrap_or(false),
            Err(_) => false,
        };
        if !sent {
            return Err(DbError::unavailable("the database is closed"));
        }
        rx.await
            .unwrap_or_else(|_| Err(DbError::unavailable("the database reader stopped")))
    }

    /// Stops taking jobs, lets the queued ones finish and commit, and joins the threads.
    pub fn close(&self) {
        if let Ok(mut w) = self.inner.writer.write() {
            w.take();
        }
        if let Ok(mut r) = self.inner.reader.write() {
            r.take();
        }
        let threads = match self.inner.threads.lock() {
            Ok(mut t) => std::mem::take(&mut *t),
            Err(_) => Vec::new(),
        };
        for t in threads {
            let _ = t.join();
        }
    }
}

fn spawn(name: String, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, DbError> {
    std::thread::Builder::new()
        .name(name)
        .spawn(f)
        .map_err(|e| DbError::other(format!("cannot start a database thread: {e}")))
}

/// Replaces a connection the server dropped, waiting between tries.
fn reconnect(conn: &mut Box<dyn Conn>, target: &Target, read_only: bool) {
    while !conn.is_healthy() {
        match target.connect(read_only) {
            Ok(c) => *conn = c,
            Err(e) => {
                tracing::warn!(error = %e, "database reconnect failed; retrying in 1 s");
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

fn writer_loop(
    mut conn: Box<dyn Conn>,
    target: &Target,
    rx: &Mutex<Receiver<WriteJob>>,
    max: usize,
) {
    loop {
        let batch = {
            let Ok(rx) = rx.lock() else { return };
            let Ok(first) = rx.recv() else { return };
            let mut batch = vec![first];
            while batch.len() < max {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                }
            }
            batch
        };
        reconnect(&mut conn, target, false);
        run_batch(conn.as_mut(), batch);
    }
}

fn run_batch(conn: &mut dyn Conn, batch: Vec<WriteJob>) {
    if let Err(e) = conn.begin() {
        // Dropping a job unrun drops its sender: its caller gets "unavailable" (503), and a
        // retry with the same Idempotency-Key is safe because nothing was written.
        drop(batch);
        tracing::error!(error = %e, "cannot begin a write transaction");
        return;
    }
    let mut done = Vec::with_capacity(batch.len());
    let mut broken = None;
    for job in batch {
        if broken.is_some() {
            drop(job);
            continue;
        }
        if let Err(e) = conn.batch("SAVEPOINT job") {
            broken = Some(e);
            drop(job);
            continue;
        }
        let (ok, completion) = job(conn);
        let end = if ok {
            conn.batch("RELEASE SAVEPOINT job")
        } else {
            conn.batch("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job")
        };
        done.push(completion);
        if let Err(e) = end {
            broken = Some(e);
        }
    }
    let commit = match broken {
        Some(e) => Err(e),
        None => conn.batch("COMMIT"),
    };
    if let Err(e) = &commit {
        tracing::error!(error = %e, "a write batch did not commit");
        let _ = conn.batch("ROLLBACK");
    }
    for completion in done {
        completion(commit.clone());
    }
}

fn reader_loop(mut conn: Box<dyn Conn>, target: &Target, rx: &Mutex<Receiver<ReadJob>>) {
    loop {
        let job = {
            let Ok(rx) = rx.lock() else { return };
            let Ok(job) = rx.recv() else { return };
            job
        };
        reconnect(&mut conn, target, true);
        job(conn.as_mut());
    }
}
