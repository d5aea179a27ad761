//! The crash test: the real binary under load, `kill -9` mid-stream, restart; every
//! application that was answered 201 is stored, exactly once. On SQLite and on PostgreSQL.

mod common;

use common::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn crash_and_check(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(backend, dir.path());
    let settings = write_settings_file(dir.path(), &db, "");
    let port = free_port();
    let mut server = ServerProcess::start(&settings, port).await;
    let url = format!("{}/v1/applications", server.base);

    let accepted: Arc<Mutex<Vec<(String, String)>>> = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for _ in 0..8 {
        let (url, accepted, stop) = (url.clone(), accepted.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let client = http_client();
            let mut errors = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && errors < 50 {
                let (id, app) = fresh_application();
                let body = app.to_string();
                match http(
                    &client,
                    "POST",
                    &url,
                    &[("x-prequal-key", ACME_KEY), ("idempotency-key", &id)],
                    &body,
                )
                .await
                {
                    Ok((201, _, _)) => accepted.lock().unwrap().push((id, body)),
                    Ok((status, _, text)) => panic!("unexpected {status}: {text}"),
                    Err(_) => errors += 1,
                }
            }
        }));
    }
    // Let it run, then kill it hard while requests are in flight.
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if accepted.lock().unwrap().len() >= 300 {
            break;
        }
    }
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let accepted = accepted.lock().unwrap().clone();
    assert!(
        accepted.len() >= 20,
        "too few accepted before the kill: {}",
        accepted.len()
    );

    let server = ServerProcess::start(&settings, free_port()).await;
    let client = http_client();
    for (id, _) in &accepted {
        let (status, _, body) = http(
            &client,
            "GET",
            &format!("{}/v1/applications/{id}", server.base),
            &[("x-prequal-key", ACME_KEY)],
            "",
        )
        .await
        .unwrap();
        assert_eq!(
            status, 200,
            "an application answered 201 is missing after the crash: {body}"
        );
    }
    // Exactly once: each retried again gets the saved response, and the count does not move.
    let count = |server: &ServerProcess| {
        let db = db.clone();
        let _ = server;
        std::thread::spawn(move || {
            let database = prequal_server::db::Db::open(&db, &Default::default()).unwrap();
            let n = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(database.read(prequal_server::store::count_applications))
                .unwrap();
            database.close();
            n
        })
        .join()
        .unwrap()
    };
    let before = count(&server);
    assert!(before >= accepted.len() as i64);
    for (id, body) in accepted.iter().take(100) {
        let (status, headers, text) = http(
            &client,
            "POST",
            &format!("{}/v1/applications", server.base),
            &[("x-prequal-key", ACME_KEY), ("idempotency-key", id)],
            body,
        )
        .await
        .unwrap();
        assert_eq!(status, 201, "{text}");
        assert_eq!(headers["idempotent-replayed"], "true");
    }
    assert_eq!(count(&server), before);
    eprintln!(
        "{backend:?}: {} answered 201 before kill -9, {before} stored, all found after restart",
        accepted.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_stream_loses_and_duplicates_nothing_on_sqlite() {
    crash_and_check(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_stream_loses_and_duplicates_nothing_on_postgres() {
    crash_and_check(Backend::Postgres).await;
}
