//! Shared test helpers: a server state on a real SQLite file or a real PostgreSQL schema, a
//! valid application, signed requests, a local postback target.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use prequal_server::crypto;
use prequal_server::settings::{PartnerSettings, Settings};
use prequal_server::AppState;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use tower::ServiceExt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const DATA_KEY: &str = "k1:1111111111111111111111111111111111111111111111111111111111111111";
pub const HASH_KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";
pub const OPERATOR_SECRET: &str = "sk_op_test_current_0123456789";
pub const OPERATOR_OLD_SECRET: &str = "sk_op_test_previous_0123456789";
pub const ACME_SECRET: &str = "sk_live_acme_0123456789abcdef";
pub const ACME_KEY: &str = "pk_live_acme";
pub const OTHER_KEY: &str = "pk_live_other";
pub const OTHER_SECRET: &str = "sk_live_other_0123456789abcdef";
pub const TEST_KEY: &str = "pk_test_demo";
pub const OFF_KEY: &str = "pk_live_off";
pub const SHOP: &str = "https://shop.example";

/// The repository's root (for scripts/).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A real PostgreSQL: `PREQUAL_TEST_PG_URL` (scripts/test.sh starts one), or a throwaway
/// cluster started by `scripts/lib/pg.sh` for this test process and removed when it exits.
/// Never skips: without PostgreSQL the test fails and says how to get one.
pub fn pg_base_url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("PREQUAL_TEST_PG_URL") {
            if !url.is_empty() {
                return url;
            }
        }
        let out = std::process::Command::new("bash")
            .arg(repo_root().join("scripts/lib/pg.sh"))
            .arg("start-for")
            .arg(std::process::id().to_string())
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("run scripts/lib/pg.sh");
        let url = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(
            out.status.success() && url.starts_with("postgres://"),
            "no PostgreSQL for the tests: install Debian's postgresql (scripts/setup.sh) or set PREQUAL_TEST_PG_URL"
        );
        url
    })
    .clone()
}

/// A fresh, empty database for one test: a SQLite file in a temporary directory, or a new
/// schema in the PostgreSQL cluster (selected through the URL's `search_path`).
pub fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.join("prequal.db").display()),
        Backend::Postgres => {
            let base = pg_base_url();
            let schema = format!("t_{}", hex::encode(crypto::random_bytes::<8>().unwrap()));
            // The synchronous client runs its own runtime: off the test's runtime threads.
            let (b, s) = (base.clone(), schema.clone());
            std::thread::spawn(move || {
                let mut client =
                    postgres::Client::connect(&b, postgres::NoTls).expect("connect to PostgreSQL");
                client
                    .batch_execute(&format!("CREATE SCHEMA {s}"))
                    .expect("create schema");
            })
            .join()
            .expect("create a schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-csearch_path%3D{schema}")
        }
    }
}

pub fn partner(id: &str, key: &str, origins: &[&str], secrets: &[&str]) -> PartnerSettings {
    PartnerSettings {
        id: id.into(),
        publishable_key: key.into(),
        allowed_origins: origins.iter().map(|s| s.to_string()).collect(),
        secrets: secrets.iter().map(|s| s.to_string()).collect(),
        secrets_env: None,
        config: Some("demo".into()),
        config_file: None,
        rewrite_endpoints: false,
        postback_url: None,
        enabled: true,
    }
}

/// Settings for tests: four partners (live `acme`, live `other`, test `demo`, disabled `off`).
pub fn settings(database_url: String, dir: &std::path::Path) -> Settings {
    let mut s = Settings {
        database_url,
        data_dir: dir.to_path_buf(),
        data_keys: Some(DATA_KEY.into()),
        passport_hash_key: Some(HASH_KEY.into()),
        operator_secrets: vec![OPERATOR_SECRET.into(), OPERATOR_OLD_SECRET.into()],
        trust_forwarded_for: true,
        ..Settings::default()
    };
    s.db.writers = 2;
    s.db.readers = 2;
    s.partner_cache_ms = 0;
    s.outbox.base_backoff_ms = 50;
    s.outbox.max_backoff_ms = 200;
    s.partners = vec![
        partner("acme", ACME_KEY, &[SHOP], &[ACME_SECRET]),
        partner(
            "other",
            OTHER_KEY,
            &["https://other.example"],
            &[OTHER_SECRET],
        ),
        partner(
            "demo",
            TEST_KEY,
            &["http://127.0.0.1:*", "http://localhost:*"],
            &["sk_test_demo_0123456789"],
        ),
        PartnerSettings {
            enabled: false,
            ..partner("off", OFF_KEY, &[SHOP], &[])
        },
    ];
    s
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub settings: Settings,
    pub dir: Arc<tempfile::TempDir>,
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        TestApp::with(backend, |_| {}).await
    }

    pub async fn with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database(backend, dir.path());
        let mut s = settings(url, dir.path());
        tweak(&mut s);
        TestApp::from_settings(s, Arc::new(dir)).await
    }

    /// Another instance on the same database (a second server process, in effect).
    pub async fn another_instance(&self, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let mut s = self.settings.clone();
        tweak(&mut s);
        TestApp::from_settings(s, self.dir.clone()).await
    }

    pub async fn from_settings(s: Settings, dir: Arc<tempfile::TempDir>) -> TestApp {
        let today = prequal_server::clock::moscow_date(prequal_server::clock::now_ms());
        let resolved = s.resolve(&|_| None, today).expect("settings resolve");
        let state = AppState::build(s.clone(), resolved)
            .await
            .expect("state builds");
        TestApp {
            router: prequal_server::app(state.clone()),
            state,
            settings: s,
            dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            json,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// POST /v1/applications from the partner's allowed origin.
    pub async fn post_app(&self, key: &str, body: &Value) -> Reply {
        self.send(post_request(key, Some(SHOP), &body.to_string()))
            .await
    }

    pub async fn get(&self, path: &str, key: &str) -> Reply {
        let req = Request::get(path)
            .header("x-prequal-key", key)
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// A request signed with `secret` (the operator's or a partner's).
    pub async fn signed(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        secret: &str,
        body: &str,
    ) -> Reply {
        let t = prequal_server::clock::now_ms() / 1000;
        let mut req = Request::builder().method(method).uri(path).header(
            "prequal-signature",
            crypto::sign(secret.as_bytes(), t, body.as_bytes()),
        );
        if let Some(k) = key {
            req = req.header("x-prequal-key", k);
        }
        self.send(req.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    pub async fn decide(&self, id: &str, body: Value) -> Reply {
        self.signed(
            "POST",
            &format!("/v1/applications/{id}/decision"),
            None,
            OPERATOR_SECRET,
            &body.to_string(),
        )
        .await
    }

    pub async fn record(&self, id: &str) -> Reply {
        self.signed(
            "GET",
            &format!("/v1/operator/applications/{id}"),
            None,
            OPERATOR_SECRET,
            "",
        )
        .await
    }

    pub async fn count(&self) -> i64 {
        self.state
            .db()
            .read(prequal_server::store::count_applications)
            .await
            .expect("count")
    }
}

pub fn post_request(key: &str, origin: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post("/v1/applications")
        .header("x-prequal-key", key)
        .header("content-type", "application/json")
        .header("user-agent", "prequal-tests/1")
        .header("x-forwarded-for", "203.0.113.7");
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    pub text: String,
}

impl Reply {
    pub fn problem_type(&self) -> &str {
        self.json["type"].as_str().unwrap_or("")
    }
    /// The first problem with this code.
    pub fn problem(&self, code: &str) -> &Value {
        self.json["problems"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["code"] == code))
            .unwrap_or_else(|| panic!("no {code} in {}", self.text))
    }

    pub fn codes(&self) -> Vec<String> {
        self.json["problems"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["code"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A random application id (UUID-shaped).
pub fn new_id() -> String {
    let b = crypto::random_bytes::<16>().unwrap();
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A random six-digit passport number.
pub fn new_passport_number() -> String {
    let b = crypto::random_bytes::<4>().unwrap();
    format!("{:06}", u32::from_le_bytes(b) % 1_000_000)
}

/// An application that qualifies for `mfo-a-payday` of the demo configuration.
pub fn application(id: &str, passport_number: &str) -> Value {
    json!({
        "application_id": id,
        "applied_at": "2026-11-24T10:15:00+03:00",
        "locale": "ru",
        "offer_id": "mfo-a-payday",
        "loan": { "amount_kop": 1000000, "term_days": 30 },
        "applicant": {
            "last_name": "Иванов", "first_name": "Иван", "patronymic": "Иванович",
            "birth_date": "1990-05-10", "phone": "+79123456789", "email": "ivan@example.ru",
            "region": "77",
            "passport": { "series": "4502", "number": passport_number, "issue_date": "2010-06-01", "issuer_code": "770-001" },
            "inn": "500100732259", "snils": "112-233-445 95"
        },
        "income": { "employment": "employed", "tenure_months": 14, "confirmed_kop": 5000000, "unconfirmed_kop": 0 },
        "obligations": { "monthly_payments_kop": 1500000, "active_loans": 2, "overdue_now_days": 0,
                         "overdue_12m_max_days": 0, "utility_arrears": false },
        "consents": [
            { "kind": "personal_data", "text_version": "pd-2026-01", "given_at": "2026-11-24T10:14:50+03:00" },
            { "kind": "credit_bureau", "text_version": "bki-2026-01", "given_at": "2026-11-24T10:14:51+03:00" },
            { "kind": "transfer", "text_version": "tr-2026-01", "given_at": "2026-11-24T10:14:52+03:00" }
        ],
        "tracking": { "partner_key": ACME_KEY, "click_id": "clk-42", "sub1": "blog", "sub2": null,
                      "sub3": null, "sub4": null, "sub5": "s5" }
    })
}

pub fn fresh_application() -> (String, Value) {
    let id = new_id();
    let app = application(&id, &new_passport_number());
    (id, app)
}

/// A local HTTP server on 127.0.0.1 standing in for a partner's tracker: records every
/// request's path and query, answers with the statuses given (then 200).
pub struct PostbackTarget {
    pub url: String,
    pub hits: Arc<Mutex<Vec<String>>>,
    statuses: Arc<Mutex<Vec<u16>>>,
}

/// The test-only PKI of `tests/fixtures/tls` (see its `generate.sh`): a private CA and a
/// certificate for 127.0.0.1 / localhost that it signed.
pub fn test_pki(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

impl PostbackTarget {
    pub async fn start(statuses: Vec<u16>) -> PostbackTarget {
        PostbackTarget::listen(statuses, None).await
    }

    /// The same over HTTPS, with the certificate the test CA (`test_pki("ca.pem")`) signed.
    pub async fn start_https(statuses: Vec<u16>) -> PostbackTarget {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs = CertificateDer::pem_file_iter(test_pki("localhost.pem"))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = PrivateKeyDer::from_pem_file(test_pki("localhost.key")).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        PostbackTarget::listen(statuses, Some(acceptor)).await
    }

    async fn listen(statuses: Vec<u16>, tls: Option<tokio_rustls::TlsAcceptor>) -> PostbackTarget {
        use hyper::service::service_fn;
        use hyper_util::rt::TokioIo;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let hits = Arc::new(Mutex::new(Vec::new()));
        let statuses = Arc::new(Mutex::new(statuses.into_iter().rev().collect::<Vec<_>>()));
        let (h, s) = (hits.clone(), statuses.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (h, s, tls) = (h.clone(), s.clone(), tls.clone());
                tokio::spawn(async move {
                    let svc = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let (h, s) = (h.clone(), s.clone());
                        async move {
                            h.lock().unwrap().push(req.uri().to_string());
                            let code = s.lock().unwrap().pop().unwrap_or(200);
                            Ok::<_, std::convert::Infallible>(
                                hyper::Response::builder()
                                    .status(code)
                                    .body(http_body_util::Full::new(
                                        hyper::body::Bytes::from_static(b"ok"),
                                    ))
                                    .unwrap(),
                            )
                        }
                    });
                    let http = hyper::server::conn::http1::Builder::new();
                    match tls {
                        None => {
                            let _ = http.serve_connection(TokioIo::new(stream), svc).await;
                        }
                        // A client that does not trust the certificate ends here, unheard.
                        Some(tls) => {
                            if let Ok(stream) = tls.accept(stream).await {
                                let _ = http.serve_connection(TokioIo::new(stream), svc).await;
                            }
                        }
                    }
                });
            }
        });
        PostbackTarget {
            url: format!("{scheme}://{addr}"),
            hits,
            statuses,
        }
    }

    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Real HTTP: a client, and the real binary as a child process.

pub type Client = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    http_body_util::Full<hyper::body::Bytes>,
>;

pub fn http_client() -> Client {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http()
}

/// One request over a real socket: (status, body); `Err` when the connection failed.
pub async fn http(
    client: &Client,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, HeaderMap, String), String> {
    let mut req = hyper::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req
        .body(http_body_util::Full::new(hyper::body::Bytes::from(
            body.to_owned(),
        )))
        .map_err(|e| e.to_string())?;
    let resp = client.request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The real `prequal-server` binary on 127.0.0.1 with a settings file in `dir`.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub base: String,
    pub port: u16,
}

pub fn write_settings_file(dir: &std::path::Path, database_url: &str, extra: &str) -> PathBuf {
    let path = dir.join("settings.toml");
    let text = format!(
        r#"database_url = "{database_url}"
data_dir = "{data}"
trust_forwarded_for = false
{extra}

[rate_limit]
per_key = 0
per_address = 0

[[partners]]
id = "acme"
publishable_key = "{ACME_KEY}"
allowed_origins = ["{SHOP}"]
secrets = ["{ACME_SECRET}"]
config = "demo"
"#,
        data = dir.display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

impl ServerProcess {
    // The child is owned by the returned value, whose Drop kills and waits for it.
    #[allow(clippy::zombie_processes)]
    pub async fn start(settings: &std::path::Path, port: u16) -> ServerProcess {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_prequal-server"))
            .arg("--config")
            .arg(settings)
            .env("PREQUAL_LISTEN", format!("127.0.0.1:{port}"))
            .env("PREQUAL_DATA_KEYS", DATA_KEY)
            .env("PREQUAL_PASSPORT_HASH_KEY", HASH_KEY)
            .env("PREQUAL_OPERATOR_SECRETS", OPERATOR_SECRET)
            .env("PREQUAL_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start prequal-server");
        let base = format!("http://127.0.0.1:{port}");
        let client = http_client();
        for _ in 0..200 {
            if let Ok((200, _, _)) = http(&client, "GET", &format!("{base}/readyz"), &[], "").await
            {
                return ServerProcess { child, base, port };
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("prequal-server did not become ready on port {port}");
    }

    pub fn signal(&self, sig: &str) {
        let ok = std::process::Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
