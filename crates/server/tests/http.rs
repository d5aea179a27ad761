//! Over real sockets on 127.0.0.1: the peer address, static pages, slow clients, and the
//! real binary's graceful shutdown.

mod common;

use common::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn in_process(
    tweak: impl FnOnce(&mut prequal_server::Settings),
) -> (TestApp, String, tokio::sync::oneshot::Sender<()>) {
    let t = TestApp::with(Backend::Sqlite, |s| {
        s.trust_forwarded_for = false;
        tweak(s);
    })
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(prequal_server::run(t.state.clone(), listener, async move {
        let _ = rx.await;
    }));
    (t, base, tx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_over_http_records_the_peer_address() {
    let (t, base, stop) = in_process(|_| {}).await;
    let client = http_client();
    let (id, app) = fresh_application();
    let (status, headers, body) = http(
        &client,
        "POST",
        &format!("{base}/v1/applications"),
        &[
            ("x-prequal-key", ACME_KEY),
            ("origin", SHOP),
            ("idempotency-key", &id),
            ("user-agent", "ua/1"),
        ],
        &app.to_string(),
    )
    .await
    .unwrap();
    assert_eq!(status, 201, "{body}");
    assert_eq!(headers["access-control-allow-origin"], SHOP);
    let rec = t.record(&id).await;
    assert_eq!(rec.json["consents"][0]["client_addr"], "127.0.0.1");
    assert_eq!(rec.json["consents"][0]["user_agent"], "ua/1");
    let (status, _, body) = http(&client, "GET", &format!("{base}/openapi.json"), &[], "")
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("/v1/applications"));
    let _ = stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_pages_and_the_loader_are_served_from_the_static_dirs() {
    let pages = tempfile::tempdir().unwrap();
    let dist = pages.path().join("dist");
    let www = pages.path().join("www");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    std::fs::write(dist.join("prequal.js"), "window.Prequal = {};").unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm").unwrap();
    std::fs::create_dir_all(dist.join("v/0.1.0")).unwrap();
    std::fs::write(dist.join("v/0.1.0/prequal-abc.wasm"), b"\0asm").unwrap();
    std::fs::write(www.join("partner.html"), "<p>partner page</p>").unwrap();
    let dirs = vec![dist.clone(), www.clone()];
    let (_t, base, stop) = in_process(move |s| s.static_dirs = dirs).await;
    let client = http_client();
    let get = |path: &'static str| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            http(&client, "GET", &format!("{base}{path}"), &[], "")
                .await
                .unwrap()
        }
    };
    let (s, _, body) = get("/").await;
    assert_eq!((s, body.contains("demo")), (200, true));
    let (s, h, body) = get("/prequal.js").await;
    assert_eq!((s, body.as_str()), (200, "window.Prequal = {};"));
    assert!(h["content-type"].to_str().unwrap().contains("javascript"));
    // Partner pages on other origins load the loader and the bundle (with SRI, hence CORS).
    assert_eq!(h["access-control-allow-origin"], "*");
    assert_eq!(h["cache-control"], "public, max-age=300");
    let (s, h, _) = get("/v/0.1.0/prequal-abc.wasm").await;
    assert_eq!(s, 200);
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(h["cache-control"].to_str().unwrap().contains("immutable"));
    let (_, h, _) = get("/").await;
    assert!(
        h.get("access-control-allow-origin").is_none(),
        "pages are not shared"
    );
    let (_, h, _) = get("/app_bg.wasm").await;
    assert_eq!(h["content-type"], "application/wasm");
    assert_eq!(get("/partner.html").await.0, 200);
    assert_eq!(get("/missing.html").await.0, 404);
    assert_eq!(get("/../Cargo.toml").await.0, 404);
    let _ = stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sends_its_headers_too_slowly_is_cut_off() {
    let (_t, base, stop) = in_process(|s| s.header_timeout_ms = 300).await;
    let addr = base.trim_start_matches("http://").to_owned();
    let mut sock = tokio::net::TcpStream::connect(&addr).await.unwrap();
    sock.write_all(b"POST /v1/applications HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(3), sock.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server kept a stalled connection open");
    let _ = stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_hits_the_request_timeout() {
    let (_t, base, stop) = in_process(|s| s.request_timeout_ms = 300).await;
    let addr = base.trim_start_matches("http://").to_owned();
    let mut sock = tokio::net::TcpStream::connect(&addr).await.unwrap();
    sock.write_all(
        format!("POST /v1/applications HTTP/1.1\r\nHost: x\r\nX-Prequal-Key: {ACME_KEY}\r\nContent-Length: 100\r\n\r\n{{").as_bytes(),
    )
    .await
    .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(3), sock.read(&mut buf))
        .await
        .expect("an answer")
        .unwrap();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(head.contains("application/problem+json"));
    let _ = stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_concurrency_limit_the_api_answers_503() {
    let (_t, base, stop) = in_process(|s| s.max_concurrent_requests = 1).await;
    let addr = base.trim_start_matches("http://").to_owned();
    // One request holds the only slot while its body trickles in…
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(
        format!("POST /v1/applications HTTP/1.1\r\nHost: x\r\nX-Prequal-Key: {ACME_KEY}\r\nContent-Length: 100\r\n\r\n{{").as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // …so another is refused at once, with Retry-After.
    let (status, headers, body) = http(
        &http_client(),
        "GET",
        &format!("{base}/v1/offers"),
        &[("x-prequal-key", ACME_KEY)],
        "",
    )
    .await
    .unwrap();
    assert_eq!(status, 503, "{body}");
    assert_eq!(headers["retry-after"], "1");
    // Health checks are outside the limit.
    assert_eq!(
        http(&http_client(), "GET", &format!("{base}/healthz"), &[], "")
            .await
            .unwrap()
            .0,
        200
    );
    drop(slow);
    let _ = stop.send(());
}

/// SIGTERM while a request is in flight: that request still completes (and is stored), new
/// connections are refused, the process exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_in_flight_requests_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let settings = write_settings_file(dir.path(), &db, "");
    let port = free_port();
    let mut server = ServerProcess::start(&settings, port).await;
    let (id, app) = fresh_application();
    let body = app.to_string();
    let mut sock = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let head = format!(
        "POST /v1/applications HTTP/1.1\r\nHost: x\r\nX-Prequal-Key: {ACME_KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    sock.write_all(head.as_bytes()).await.unwrap();
    sock.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    // New connections are no longer accepted…
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err(),
        "still accepting after SIGTERM"
    );
    // …but the request in flight finishes.
    sock.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), sock.read(&mut buf))
        .await
        .expect("an answer")
        .unwrap();
    let resp = String::from_utf8_lossy(&buf[..n]);
    assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");
    drop(sock);
    let mut exited = None;
    for _ in 0..100 {
        if let Some(status) = server.child.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(exited.expect("exited after SIGTERM").success());
    // It was committed: a restart has it.
    let server = ServerProcess::start(&settings, free_port()).await;
    let (status, _, body) = http(
        &http_client(),
        "GET",
        &format!("{}/v1/applications/{id}", server.base),
        &[("x-prequal-key", ACME_KEY)],
        "",
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{body}");
}

#[test]
fn help_and_bad_arguments() {
    let bin = env!("CARGO_BIN_EXE_prequal-server");
    let out = std::process::Command::new(bin)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("PREQUAL_DATABASE_URL"));
    let out = std::process::Command::new(bin)
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = std::process::Command::new(bin)
        .arg("keygen")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("PREQUAL_DATA_KEYS=k1:"));
    // Without keys it refuses to start, saying which variable to set.
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin)
        .env_remove("PREQUAL_DATA_KEYS")
        .env(
            "PREQUAL_DATABASE_URL",
            format!("sqlite://{}/x.db", dir.path().display()),
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PREQUAL_DATA_KEYS"));
}
