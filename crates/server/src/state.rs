//! The shared state behind every request: settings, the database, keys, a short-lived cache
//! of partners (so a key lookup is not a query per request; a disabled key stops working on
//! every instance within `partner_cache_ms`), the in-flight idempotency keys of this instance.

use crate::crypto::{sha256_hex, Keyring};
use crate::db::{Db, PoolOptions};
use crate::problem::ApiError;
use crate::settings::{Resolved, Settings};
use crate::store::{self, PartnerRow};
use prequal_rules::config::Config;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// A partner as the request handlers need it.
#[derive(Debug)]
pub struct Partner {
    pub id: String,
    pub test: bool,
    pub enabled: bool,
    pub allowed_origins: Vec<String>,
    pub config: Config,
    /// The configuration as served by `GET /v1/offers`.
    pub config_json: String,
    pub postback_url: Option<String>,
    /// Signing secrets, decrypted (current first).
    pub secrets: Vec<Vec<u8>>,
}

impl Partner {
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|p| origin_matches(p, origin))
    }
}

/// `https://shop.example` exactly, `http://localhost:*` any port, `https://*.shop.example`
/// any subdomain, `*` anything. Case-insensitive; a trailing `/` in the pattern is ignored.
pub fn origin_matches(pattern: &str, origin: &str) -> bool {
    let p = pattern.trim().trim_end_matches('/').to_ascii_lowercase();
    let o = origin.trim().to_ascii_lowercase();
    if p == "*" {
        return true;
    }
    if let Some(prefix) = p.strip_suffix(":*") {
        if o == prefix {
            return true;
        }
        return o
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix(':'))
            .is_some_and(|port| {
                !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())
            });
    }
    if let Some((scheme, domain)) = p.split_once("://*.") {
        let Some(host) = o.strip_prefix(scheme).and_then(|r| r.strip_prefix("://")) else {
            return false;
        };
        return host.len() > domain.len() + 1
            && host.ends_with(domain)
            && host[..host.len() - domain.len()].ends_with('.')
            && !host.contains(['/', ':', '@']);
    }
    p == o
}

struct Cached<T> {
    at: Instant,
    value: T,
}

struct Inner {
    settings: Settings,
    db: Db,
    keyring: Keyring,
    passport_hash_key: Vec<u8>,
    operator_secrets: Vec<Vec<u8>>,
    public_url: String,
    by_key: RwLock<HashMap<String, Cached<Option<Arc<Partner>>>>>,
    by_id: RwLock<HashMap<String, Cached<Option<Arc<Partner>>>>>,
    origins: RwLock<Option<Cached<Arc<Vec<String>>>>>,
    inflight: Mutex<HashSet<String>>,
    outbox: Notify,
    postback_client: crate::outbox::HttpClient,
    shutting_down: AtomicBool,
}

/// Cheap to clone; one per server.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

const CACHE_MAX: usize = 10_000;

impl AppState {
    /// Opens the database (running migrations), stores the configured partners and secrets
    /// (sealed), and reads the operator's secrets back.
    pub async fn build(settings: Settings, resolved: Resolved) -> Result<AppState, String> {
        let options = PoolOptions {
            writers: settings.db.writers,
            readers: settings.db.readers,
            max_batch: settings.db.max_batch,
        };
        let url = settings.database_url.clone();
        let db = tokio::task::spawn_blocking(move || Db::open(&url, &options))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("database: {e}"))?;
        let now = crate::clock::now_ms();
        let keyring = resolved.keyring.clone();
        let mut rows = Vec::new();
        for p in &resolved.partners {
            let config_json = serde_json::to_string(&p.config).map_err(|e| e.to_string())?;
            let row = PartnerRow {
                id: p.id.clone(),
                test: p.test,
                enabled: p.enabled,
                allowed_origins: p.allowed_origins.clone(),
                config_json,
                config_version: p.config.config_version.clone(),
                // Test keys never trigger postbacks.
                postback_url: if p.test { None } else { p.postback_url.clone() },
            };
            let sealed = seal_all(&keyring, &format!("partner:{}", p.id), &p.secrets)?;
            rows.push((row, sha256_hex(p.publishable_key.as_bytes()), sealed));
        }
        let operator_sealed = seal_all(
            &keyring,
            "operator",
            &resolved
                .operator_secrets
                .iter()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect::<Vec<_>>(),
        )?;
        let sync_operator = !resolved.operator_secrets.is_empty();
        db.write(move |c| {
            for (row, hash, sealed) in &rows {
                store::upsert_partner(c, row, hash, now)?;
                store::replace_secrets(c, &format!("partner:{}", row.id), sealed, now)?;
            }
            if sync_operator {
                store::replace_secrets(c, "operator", &operator_sealed, now)?;
            }
            Ok(())
        })
        .await
        .map_err(|e| format!("storing partners: {e}"))?;
        let sealed = db
            .read(|c| store::load_secrets(c, "operator"))
            .await
            .map_err(|e| format!("reading operator secrets: {e}"))?;
        let operator_secrets = open_all(&keyring, "operator", &sealed)?;
        Ok(AppState(Arc::new(Inner {
            public_url: settings.public_url(),
            settings,
            db,
            keyring,
            passport_hash_key: resolved.passport_hash_key,
            operator_secrets,
            by_key: RwLock::new(HashMap::new()),
            by_id: RwLock::new(HashMap::new()),
            origins: RwLock::new(None),
            inflight: Mutex::new(HashSet::new()),
            outbox: Notify::new(),
            postback_client: crate::outbox::client(&resolved.postback_roots),
            shutting_down: AtomicBool::new(false),
        })))
    }

    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }
    /// One client for every postback, so connections to a partner's tracker are reused.
    pub fn postback_client(&self) -> &crate::outbox::HttpClient {
        &self.0.postback_client
    }
    pub fn db(&self) -> &Db {
        &self.0.db
    }
    pub fn keyring(&self) -> &Keyring {
        &self.0.keyring
    }
    pub fn passport_hash_key(&self) -> &[u8] {
        &self.0.passport_hash_key
    }
    pub fn operator_secrets(&self) -> &[Vec<u8>] {
        &self.0.operator_secrets
    }
    pub fn public_url(&self) -> &str {
        &self.0.public_url
    }

    fn cache_ttl(&self) -> Duration {
        Duration::from_millis(self.0.settings.partner_cache_ms)
    }

    /// The partner holding publishable key `key` (enabled or not), cached briefly.
    pub async fn partner_by_key(&self, key: &str) -> Result<Option<Arc<Partner>>, ApiError> {
        let hash = sha256_hex(key.as_bytes());
        if let Some(hit) = self.cached(&self.0.by_key, &hash) {
            return Ok(hit);
        }
        let h = hash.clone();
        let loaded = self
            .0
            .db
            .read(move |c| {
                let Some(row) = store::partner_by_key_hash(c, &h)? else {
                    return Ok(None);
                };
                let sealed = store::load_secrets(c, &format!("partner:{}", row.id))?;
                Ok(Some((row, sealed)))
            })
            .await?;
        let partner = loaded.and_then(|(row, sealed)| self.make_partner(row, &sealed));
        self.remember(&self.0.by_key, hash, partner.clone());
        Ok(partner)
    }

    /// The partner with id `id`, cached briefly.
    pub async fn partner_by_id(&self, id: &str) -> Result<Option<Arc<Partner>>, ApiError> {
        if let Some(hit) = self.cached(&self.0.by_id, id) {
            return Ok(hit);
        }
        let i = id.to_owned();
        let loaded = self
            .0
            .db
            .read(move |c| {
                let Some(row) = store::partner_by_id(c, &i)? else {
                    return Ok(None);
                };
                let sealed = store::load_secrets(c, &format!("partner:{}", row.id))?;
                Ok(Some((row, sealed)))
            })
            .await?;
        let partner = loaded.and_then(|(row, sealed)| self.make_partner(row, &sealed));
        self.remember(&self.0.by_id, id.to_owned(), partner.clone());
        Ok(partner)
    }

    fn cached(
        &self,
        map: &RwLock<HashMap<String, Cached<Option<Arc<Partner>>>>>,
        k: &str,
    ) -> Option<Option<Arc<Partner>>> {
        let guard = map.read().ok()?;
        let c = guard.get(k)?;
        (c.at.elapsed() < self.cache_ttl()).then(|| c.value.clone())
    }

    fn remember(
        &self,
        map: &RwLock<HashMap<String, Cached<Option<Arc<Partner>>>>>,
        k: String,
        v: Option<Arc<Partner>>,
    ) {
        if let Ok(mut guard) = map.write() {
            if guard.len() >= CACHE_MAX {
                guard.clear();
            }
            guard.insert(
                k,
                Cached {
                    at: Instant::now(),
                    value: v,
                },
            );
        }
    }

    fn make_partner(&self, row: PartnerRow, sealed: &[(String, Vec<u8>)]) -> Option<Arc<Partner>> {
        let config = match Config::from_json(&row.config_json) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(partner = %row.id, error = %e.message(), "stored partner configuration does not parse");
                return None;
            }
        };
        let secrets = match open_all(&self.0.keyring, &format!("partner:{}", row.id), sealed) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(partner = %row.id, error = %e, "cannot open the partner's secrets");
                Vec::new()
            }
        };
        Some(Arc::new(Partner {
            id: row.id,
            test: row.test,
            enabled: row.enabled,
            allowed_origins: row.allowed_origins,
            config,
            config_json: row.config_json,
            postback_url: row.postback_url,
            secrets,
        }))
    }

    /// Whether some enabled partner allows `origin` (for CORS preflights, which carry no key).
    pub async fn any_partner_allows(&self, origin: &str) -> bool {
        let fresh = self.0.origins.read().ok().and_then(|g| {
            g.as_ref()
                .filter(|c| c.at.elapsed() < self.cache_ttl())
                .map(|c| c.value.clone())
        });
        let list = match fresh {
            Some(l) => l,
            None => {
                let Ok(list) = self.0.db.read(store::enabled_origins).await else {
                    return false;
                };
                let list = Arc::new(list);
                if let Ok(mut g) = self.0.origins.write() {
                    *g = Some(Cached {
                        at: Instant::now(),
                        value: list.clone(),
                    });
                }
                list
            }
        };
        list.iter().any(|p| origin_matches(p, origin))
    }

    /// Marks an idempotency key as being processed here; `None` if it already is.
    pub fn begin_inflight(&self, key: &str) -> Option<InflightGuard> {
        let mut set = self.0.inflight.lock().ok()?;
        set.insert(key.to_owned()).then(|| InflightGuard {
            state: self.clone(),
            key: key.to_owned(),
        })
    }

    pub fn wake_outbox(&self) {
        self.0.outbox.notify_one();
    }

    pub async fn outbox_notified(&self) {
        self.0.outbox.notified().await;
    }

    pub fn set_shutting_down(&self) {
        self.0.shutting_down.store(true, Ordering::SeqCst);
    }

    pub fn is_shutting_down(&self) -> bool {
        self.0.shutting_down.load(Ordering::SeqCst)
    }

    /// The client's address: the socket's peer, or the first `X-Forwarded-For` entry when the
    /// settings say a trusted proxy sets it.
    pub fn client_addr(&self, headers: &axum::http::HeaderMap, peer: Option<SocketAddr>) -> String {
        if self.0.settings.trust_forwarded_for {
            if let Some(first) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty() && v.len() <= 64)
            {
                return first.to_owned();
            }
        }
        peer.map(|p| p.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    }
}

/// Removes the key from the in-flight set when the request ends, however it ends.
pub struct InflightGuard {
    state: AppState,
    key: String,
}

impl Drop for InflightGuard {
    fn drop(&mut self) {
        if let Ok(mut set) = self.state.0.inflight.lock() {
            set.remove(&self.key);
        }
    }
}

fn seal_all(
    keyring: &Keyring,
    owner: &str,
    secrets: &[String],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    secrets
        .iter()
        .map(|s| keyring.seal(owner.as_bytes(), s.as_bytes()))
        .collect()
}

fn open_all(
    keyring: &Keyring,
    owner: &str,
    sealed: &[(String, Vec<u8>)],
) -> Result<Vec<Vec<u8>>, String> {
    sealed
        .iter()
        .map(|(id, blob)| keyring.open(id, owner.as_bytes(), blob))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::origin_matches;

    #[test]
    fn origin_patterns() {
        assert!(origin_matches(
            "https://shop.example",
            "https://shop.example"
        ));
        assert!(origin_matches(
            "https://shop.example/",
            "HTTPS://Shop.Example"
        ));
        assert!(!origin_matches(
            "https://shop.example",
            "http://shop.example"
        ));
        assert!(!origin_matches(
            "https://shop.example",
            "https://shop.example.evil"
        ));
        assert!(origin_matches(
            "http://127.0.0.1:*",
            "http://127.0.0.1:3000"
        ));
        assert!(origin_matches("http://localhost:*", "http://localhost"));
        assert!(!origin_matches(
            "http://127.0.0.1:*",
            "http://127.0.0.1.evil.example:80"
        ));
        assert!(!origin_matches(
            "http://127.0.0.1:*",
            "http://127.0.0.1:80x"
        ));
        assert!(origin_matches(
            "https://*.shop.example",
            "https://a.b.shop.example"
        ));
        assert!(!origin_matches(
            "https://*.shop.example",
            "https://shop.example"
        ));
        assert!(!origin_matches(
            "https://*.shop.example",
            "https://evilshop.example"
        ));
        assert!(!origin_matches(
            "https://*.shop.example",
            "https://a.shop.example:444"
        ));
        assert!(!origin_matches("https://shop.example", "null"));
    }
}
