//! The server's settings: a file (TOML or JSON, by extension) and the environment, which
//! overrides the file. Secrets are best given by the environment; `--demo` fills in a
//! development set-up (see [`Settings::demo`]).
//!
//! Environment: `PREQUAL_LISTEN` (address:port), `PREQUAL_PORT` (127.0.0.1:PORT),
//! `PREQUAL_PUBLIC_URL`, `PREQUAL_DATABASE_URL`, `PREQUAL_DATA` (data directory),
//! `PREQUAL_STATIC_DIRS` (`:`-separated), `PREQUAL_DATA_KEYS` (`id:hex64,…`, active first),
//! `PREQUAL_PASSPORT_HASH_KEY` (hex), `PREQUAL_OPERATOR_SECRETS` (`,`-separated).

use crate::crypto::{random_bytes, Keyring};
use prequal_rules::config::Config;
use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The socket address to listen on.
    pub listen: String,
    /// The base URL clients reach this server at (offers' `endpoint` can be rewritten to it).
    pub public_url: Option<String>,
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Directories served under `/` (first match wins): the demo pages.
    pub static_dirs: Vec<PathBuf>,
    pub body_limit_bytes: usize,
    pub request_timeout_ms: u64,
    /// Time a client has to send its request headers (slowloris).
    pub header_timeout_ms: u64,
    pub max_concurrent_requests: usize,
    pub max_connections: usize,
    pub signature_tolerance_secs: i64,
    /// A passport seen again within this many days (any partner) flags the application.
    pub repeat_window_days: i64,
    /// Personal data of applications that went nowhere is erased after this many days.
    pub retention_days: i64,
    pub retention_interval_secs: u64,
    /// How long a publishable key's partner record is cached before the database is asked
    /// again (a disabled key stops working within this time on every instance).
    pub partner_cache_ms: u64,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub rate_limit: RateLimitSettings,
    pub outbox: OutboxSettings,
    pub db: DbSettings,
    pub data_keys: Option<String>,
    pub passport_hash_key: Option<String>,
    pub operator_secrets: Vec<String>,
    pub partners: Vec<PartnerSettings>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitSettings {
    pub window_secs: i64,
    /// Requests per window per publishable key (0: unlimited).
    pub per_key: i64,
    /// Requests per window per client address (0: unlimited).
    pub per_address: i64,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxSettings {
    pub poll_ms: u64,
    pub max_attempts: i64,
    pub base_backoff_ms: i64,
    pub max_backoff_ms: i64,
    pub timeout_ms: u64,
    /// A claimed postback not finished within this time can be claimed again (the instance
    /// that claimed it may have died).
    pub lease_ms: i64,
    pub batch: i64,
    /// A PEM file of certificate authorities trusted for HTTPS postbacks besides the public
    /// web PKI's (`webpki-roots`): a partner whose tracker uses a private CA.
    pub ca_file: Option<PathBuf>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DbSettings {
    pub writers: usize,
    pub readers: usize,
    pub max_batch: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerSettings {
    pub id: String,
    /// `pk_test_…` (applications marked as tests, no postbacks) or `pk_live_…`.
    pub publishable_key: String,
    /// Exact origins (`https://shop.example`), any port (`http://localhost:*`) or any
    /// subdomain (`https://*.shop.example`).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Signing secrets, the current one first; two during a rotation.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Or: the name of an environment variable holding them, `,`-separated.
    #[serde(default)]
    pub secrets_env: Option<String>,
    /// `"demo"` for the built-in demo configuration…
    #[serde(default)]
    pub config: Option<String>,
    /// …or a configuration file (contract.md, "Partner configuration").
    #[serde(default)]
    pub config_file: Option<PathBuf>,
    /// Point every offer's `endpoint` at this server's `/v1/applications`.
    #[serde(default)]
    pub rewrite_endpoints: bool,
    /// Called server-to-server on every status change: `{click_id}`, `{sub1}`…`{sub5}`,
    /// `{status}`, `{payout}` (rubles), `{payout_kop}`, `{application_id}`, `{offer_id}`.
    #[serde(default)]
    pub postback_url: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            database_url: "sqlite://data/prequal.db".into(),
            data_dir: "data".into(),
            static_dirs: Vec::new(),
            body_limit_bytes: 64 * 1024,
            request_timeout_ms: 10_000,
            header_timeout_ms: 5_000,
            max_concurrent_requests: 1024,
            max_connections: 4096,
            signature_tolerance_secs: 300,
            repeat_window_days: 30,
            retention_days: 90,
            retention_interval_secs: 3600,
            partner_cache_ms: 5_000,
            trust_forwarded_for: false,
            rate_limit: RateLimitSettings::default(),
            outbox: OutboxSettings::default(),
            db: DbSettings::default(),
            data_keys: None,
            passport_hash_key: None,
            operator_secrets: Vec::new(),
            partners: Vec::new(),
        }
    }
}

impl Default for RateLimitSettings {
    fn default() -> RateLimitSettings {
        RateLimitSettings {
            window_secs: 60,
            per_key: 60_000,
            per_address: 600,
        }
    }
}

impl Default for OutboxSettings {
    fn default() -> OutboxSettings {
        OutboxSettings {
            poll_ms: 1_000,
            max_attempts: 12,
            base_backoff_ms: 2_000,
            max_backoff_ms: 3_600_000,
            timeout_ms: 10_000,
            lease_ms: 60_000,
            batch: 32,
            ca_file: None,
        }
    }
}

impl Default for DbSettings {
    fn default() -> DbSettings {
        DbSettings {
            writers: 4,
            readers: 4,
            max_batch: 256,
        }
    }
}

/// Reads the environment; a function so that tests can pass their own.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Settings {
    /// Reads a settings file: TOML, or JSON when it ends in `.json`.
    pub fn from_file(path: &Path) -> Result<Settings, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
        } else {
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
        }
    }

    /// Applies the environment's overrides.
    pub fn apply_env(&mut self, env: Env<'_>) {
        if let Some(port) = env("PREQUAL_PORT") {
            self.listen = format!("127.0.0.1:{port}");
        }
        if let Some(v) = env("PREQUAL_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = env("PREQUAL_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = env("PREQUAL_DATA") {
            self.data_dir = v.into();
        }
        if let Some(v) = env("PREQUAL_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = env("PREQUAL_STATIC_DIRS") {
            self.static_dirs = v
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect();
        }
        if let Some(v) = env("PREQUAL_DATA_KEYS") {
            self.data_keys = Some(v);
        }
        if let Some(v) = env("PREQUAL_PASSPORT_HASH_KEY") {
            self.passport_hash_key = Some(v);
        }
        if let Some(v) = env("PREQUAL_OPERATOR_SECRETS") {
            self.operator_secrets = split_list(&v);
        }
    }

    /// The demo: a test partner `pk_test_demo` with the built-in configuration, SQLite under
    /// `PREQUAL_DATA` (default `./data`), the demo pages from `dist/` and `www/`, and
    /// development keys generated once and kept in `<data>/dev-keys.json` (printed at start).
    pub fn demo(env: Env<'_>) -> Result<(Settings, Vec<String>), String> {
        let port = env("PREQUAL_PORT").unwrap_or_else(|| "8080".into());
        let data_dir: PathBuf = env("PREQUAL_DATA").unwrap_or_else(|| "data".into()).into();
        let mut s = Settings {
            listen: format!("127.0.0.1:{port}"),
            database_url: format!("sqlite://{}", data_dir.join("prequal.db").display()),
            static_dirs: vec!["dist".into(), "www".into()],
            data_dir: data_dir.clone(),
            ..Settings::default()
        };
        let (keys, notes) = DevKeys::load_or_create(&data_dir)?;
        s.data_keys = Some(keys.data_keys);
        s.passport_hash_key = Some(keys.passport_hash_key);
        s.operator_secrets = vec![keys.operator_secret];
        s.partners.push(PartnerSettings {
            id: "demo".into(),
            publishable_key: "pk_test_demo".into(),
            // The demo's own origin is added when the public URL is known (state.rs).
            allowed_origins: vec!["http://127.0.0.1:*".into(), "http://localhost:*".into()],
            secrets: vec![keys.partner_secret],
            secrets_env: None,
            config: Some("demo".into()),
            config_file: None,
            rewrite_endpoints: true,
            postback_url: None,
            enabled: true,
        });
        Ok((s, notes))
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Development keys for the demo, generated on first start and kept beside its database.
#[derive(Serialize, Deserialize)]
struct DevKeys {
    data_keys: String,
    passport_hash_key: String,
    operator_secret: String,
    partner_secret: String,
}

impl DevKeys {
    fn load_or_create(dir: &Path) -> Result<(DevKeys, Vec<String>), String> {
        let path = dir.join("dev-keys.json");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let keys: DevKeys =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            return Ok((
                keys,
                vec![format!(
                    "development keys: {} (not for production)",
                    path.display()
                )],
            ));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let keys = DevKeys {
            data_keys: Keyring::generate_spec("dev1")?,
            passport_hash_key: hex::encode(random_bytes::<32>()?),
            operator_secret: format!("sk_op_test_{}", hex::encode(random_bytes::<16>()?)),
            partner_secret: format!("sk_test_{}", hex::encode(random_bytes::<16>()?)),
        };
        let text = serde_json::to_string_pretty(&keys).map_err(|e| e.to_string())?;
        write_private(&path, &text)?;
        Ok((
            keys,
            vec![format!(
                "generated development keys in {} (not for production)",
                path.display()
            )],
        ))
    }
}

fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A partner ready to serve: secrets read, configuration loaded and checked.
#[derive(Clone, Debug)]
pub struct PartnerSetup {
    pub id: String,
    pub publishable_key: String,
    pub test: bool,
    pub enabled: bool,
    pub allowed_origins: Vec<String>,
    pub secrets: Vec<String>,
    pub config: Config,
    pub postback_url: Option<String>,
}

/// Everything secret or derived, resolved and validated before the server starts.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub keyring: Keyring,
    pub passport_hash_key: Vec<u8>,
    pub operator_secrets: Vec<Vec<u8>>,
    pub partners: Vec<PartnerSetup>,
    /// The extra trusted roots for postbacks (`outbox.ca_file`), read and checked.
    pub postback_roots: Vec<CertificateDer<'static>>,
}

impl Settings {
    pub fn resolve(
        &self,
        env: Env<'_>,
        today: prequal_rules::date::Date,
    ) -> Result<Resolved, String> {
        let keyring = Keyring::parse(self.data_keys.as_deref().ok_or(
            "no data encryption key: set PREQUAL_DATA_KEYS=id:<64 hex digits> (`prequal-server keygen` prints one)",
        )?)?;
        let passport_hash_key = hex::decode(self.passport_hash_key.as_deref().ok_or(
            "no passport hash key: set PREQUAL_PASSPORT_HASH_KEY=<64 hex digits> (`prequal-server keygen` prints one)",
        )?)
        .map_err(|_| "PREQUAL_PASSPORT_HASH_KEY must be hexadecimal".to_owned())?;
        if passport_hash_key.len() < 16 {
            return Err("the passport hash key must be at least 16 bytes".into());
        }
        if self.operator_secrets.len() > 2 {
            return Err("at most two operator secrets (the current and the previous)".into());
        }
        let public_url = self.public_url();
        let mut partners = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for p in &self.partners {
            if !seen.insert(p.publishable_key.clone()) || !seen.insert(format!("id:{}", p.id)) {
                return Err(format!("partner '{}': its id or key is used twice", p.id));
            }
            let test = if p.publishable_key.starts_with("pk_test_") {
                true
            } else if p.publishable_key.starts_with("pk_live_") {
                false
            } else {
                return Err(format!(
                    "partner '{}': a publishable key starts with pk_test_ or pk_live_",
                    p.id
                ));
            };
            let mut secrets = p.secrets.clone();
            if let Some(var) = &p.secrets_env {
                secrets.extend(env(var).map(|v| split_list(&v)).unwrap_or_default());
            }
            if secrets.len() > 2 {
                return Err(format!(
                    "partner '{}': at most two secrets (current and previous)",
                    p.id
                ));
            }
            let mut config = match (&p.config, &p.config_file) {
                (Some(name), None) if name == "demo" => Config::demo(),
                (None, Some(path)) => {
                    let text = std::fs::read_to_string(path).map_err(|e| {
                        format!("partner '{}': cannot read {}: {e}", p.id, path.display())
                    })?;
                    Config::from_json(&text).map_err(|e| {
                        format!("partner '{}': {}: {}", p.id, path.display(), e.message())
                    })?
                }
                _ => {
                    return Err(format!(
                        "partner '{}': give config = \"demo\" or config_file",
                        p.id
                    ))
                }
            };
            let problems = config.problems(today);
            if let Some(first) = problems.first() {
                return Err(format!(
                    "partner '{}': offer '{}' option {}: {}",
                    p.id, first.offer_id, first.option, first.message
                ));
            }
            if p.rewrite_endpoints {
                for offer in &mut config.offers {
                    offer.endpoint = Some(format!("{public_url}/v1/applications"));
                }
            }
            let mut allowed_origins = p.allowed_origins.clone();
            if p.rewrite_endpoints && !allowed_origins.contains(&public_url) {
                allowed_origins.push(public_url.clone());
            }
            partners.push(PartnerSetup {
                id: p.id.clone(),
                publishable_key: p.publishable_key.clone(),
                test,
                enabled: p.enabled,
                allowed_origins,
                secrets,
                config,
                postback_url: p.postback_url.clone(),
            });
        }
        Ok(Resolved {
            keyring,
            passport_hash_key,
            operator_secrets: self
                .operator_secrets
                .iter()
                .map(|s| s.as_bytes().to_vec())
                .collect(),
            partners,
            postback_roots: match &self.outbox.ca_file {
                Some(path) => crate::outbox::read_roots(path)?,
                None => Vec::new(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> prequal_rules::date::Date {
        prequal_rules::date::Date::new(2026, 11, 24).expect("a date")
    }

    #[test]
    fn a_toml_file_and_the_environment_combine() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(
            &path,
            r#"
listen = "0.0.0.0:9000"
database_url = "sqlite://x.db"
[rate_limit]
per_address = 5
[[partners]]
id = "acme"
publishable_key = "pk_live_acme"
allowed_origins = ["https://shop.example"]
secrets_env = "ACME_SECRETS"
config = "demo"
rewrite_endpoints = true
postback_url = "https://t.example/pb?c={click_id}"
"#,
        )
        .unwrap();
        let mut s = Settings::from_file(&path).unwrap();
        let env = |k: &str| match k {
            "PREQUAL_DATABASE_URL" => Some("postgres://u@h/db".to_owned()),
            "PREQUAL_PUBLIC_URL" => Some("https://api.example/".to_owned()),
            "PREQUAL_DATA_KEYS" => Some(format!("k1:{}", "ab".repeat(32))),
            "PREQUAL_PASSPORT_HASH_KEY" => Some("cd".repeat(32)),
            "PREQUAL_OPERATOR_SECRETS" => Some("op1, op2".to_owned()),
            "ACME_SECRETS" => Some("sk_new,sk_old".to_owned()),
            _ => None,
        };
        s.apply_env(&env);
        assert_eq!(s.listen, "0.0.0.0:9000");
        assert_eq!(s.database_url, "postgres://u@h/db");
        assert_eq!(s.rate_limit.per_address, 5);
        assert_eq!(s.rate_limit.per_key, RateLimitSettings::default().per_key);
        assert_eq!(s.operator_secrets, ["op1", "op2"]);
        let r = s.resolve(&env, today()).unwrap();
        let p = &r.partners[0];
        assert!(!p.test);
        assert_eq!(p.secrets, ["sk_new", "sk_old"]);
        assert_eq!(
            p.config.offers[0].endpoint.as_deref(),
            Some("https://api.example/v1/applications")
        );
        assert!(p
            .allowed_origins
            .contains(&"https://api.example".to_owned()));
    }

    #[test]
    fn the_example_settings_file_reads() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("settings.example.toml");
        let s = Settings::from_file(&path).unwrap();
        let d = Settings::default();
        assert_eq!(
            (s.listen.as_str(), s.body_limit_bytes, s.db.max_batch),
            (d.listen.as_str(), d.body_limit_bytes, d.db.max_batch)
        );
        assert_eq!(
            s.partners[0].secrets_env.as_deref(),
            Some("PREQUAL_PARTNER_ACME_SECRETS")
        );
    }

    #[test]
    fn json_settings_and_mistakes_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, r#"{"listen": "127.0.0.1:1", "unknown_option": 1}"#).unwrap();
        assert!(Settings::from_file(&path)
            .unwrap_err()
            .contains("unknown_option"));
        let s = Settings {
            data_keys: None,
            ..Settings::default()
        };
        assert!(s
            .resolve(&|_| None, today())
            .unwrap_err()
            .contains("PREQUAL_DATA_KEYS"));
        let mut s = Settings {
            data_keys: Some(format!("k1:{}", "ab".repeat(32))),
            passport_hash_key: Some("cd".repeat(32)),
            ..Settings::default()
        };
        let mut p = PartnerSettings {
            id: "x".into(),
            publishable_key: "pk_prod_x".into(),
            allowed_origins: vec![],
            secrets: vec![],
            secrets_env: None,
            config: Some("demo".into()),
            config_file: None,
            rewrite_endpoints: false,
            postback_url: None,
            enabled: true,
        };
        s.partners = vec![p.clone()];
        assert!(s
            .resolve(&|_| None, today())
            .unwrap_err()
            .contains("pk_test_ or pk_live_"));
        p.publishable_key = "pk_test_x".into();
        p.config = None;
        s.partners = vec![p];
        assert!(s
            .resolve(&|_| None, today())
            .unwrap_err()
            .contains("config"));
    }

    #[test]
    fn the_demo_keeps_its_development_keys() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let env = |k: &str| (k == "PREQUAL_DATA").then(|| data.display().to_string());
        let (a, notes) = Settings::demo(&env).unwrap();
        assert!(notes[0].contains("generated"));
        let (b, notes) = Settings::demo(&env).unwrap();
        assert!(notes[0].contains("development keys"));
        assert_eq!(a.data_keys, b.data_keys);
        assert_eq!(a.partners[0].publishable_key, "pk_test_demo");
        assert!(a.database_url.ends_with("prequal.db"));
        assert!(a.resolve(&env, today()).is_ok());
    }
}
