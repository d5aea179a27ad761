//! Postbacks: the partner's URL template, filled in and called server-to-server through the
//! outbox table. A row is written in the same transaction as the status change it reports, so
//! a postback is never lost nor invented; a worker on every instance claims due rows (with a
//! lease, `FOR UPDATE SKIP LOCKED` on PostgreSQL), calls them, and records success or the next
//! attempt with exponential backoff. Restarts lose nothing: the rows are the queue.
//!
//! Test keys never get here: their applications write no outbox rows.

use crate::clock::now_ms;
use crate::state::AppState;
use crate::store::{self, Status};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The values a postback template can use.
pub struct Fields<'a> {
    pub application_id: &'a str,
    pub offer_id: &'a str,
    pub click_id: Option<&'a str>,
    pub subs: [Option<&'a str>; 5],
    pub status: Status,
    pub payout_kop: i64,
}

/// Fills in `{click_id}`, `{sub1}`…`{sub5}`, `{status}`, `{payout}` (rubles, `1500.00`),
/// `{payout_kop}`, `{application_id}` and `{offer_id}`, percent-encoded. Unknown placeholders
/// stay as they are; missing values become empty.
pub fn render(template: &str, f: &Fields<'_>) -> String {
    let payout = format!("{}.{:02}", f.payout_kop / 100, (f.payout_kop % 100).abs());
    let payout_kop = f.payout_kop.to_string();
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let value = match name {
            "click_id" => Some(f.click_id.unwrap_or("")),
            "sub1" => Some(f.subs[0].unwrap_or("")),
            "sub2" => Some(f.subs[1].unwrap_or("")),
            "sub3" => Some(f.subs[2].unwrap_or("")),
            "sub4" => Some(f.subs[3].unwrap_or("")),
            "sub5" => Some(f.subs[4].unwrap_or("")),
            "status" => Some(f.status.as_str()),
            "payout" => Some(payout.as_str()),
            "payout_kop" => Some(payout_kop.as_str()),
            "application_id" => Some(f.application_id),
            "offer_id" => Some(f.offer_id),
            _ => None,
        };
        match value {
            Some(v) => encode_into(&mut out, v),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn encode_into(out: &mut String, v: &str) {
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The delay before attempt `attempts + 1`: base × 2^attempts, capped.
pub fn backoff_ms(attempts: i64, base_ms: i64, max_ms: i64) -> i64 {
    let shift = attempts.clamp(0, 30) as u32;
    base_ms.saturating_mul(1_i64 << shift).min(max_ms)
}

pub type HttpClient = Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    Empty<Bytes>,
>;

/// The postback client: HTTPS verified against the public web PKI's roots (`webpki-roots`,
/// built in, so the server does not depend on the host's CA bundle) plus `extra_roots`
/// (`outbox.ca_file`); plain HTTP for templates that ask for it.
pub fn client(extra_roots: &[CertificateDer<'static>]) -> HttpClient {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    // `read_roots` has checked each one already.
    roots.add_parsable_certificates(extra_roots.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .build();
    Client::builder(TokioExecutor::new()).build(https)
}

/// Reads `outbox.ca_file`: PEM certificates, each one usable as a trust anchor; at least one.
pub fn read_roots(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let what = || format!("outbox.ca_file {}", path.display());
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("{}: cannot read it: {e}", what()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", what()))?;
    if certs.is_empty() {
        return Err(format!("{}: no certificate in it", what()));
    }
    let mut check = RootCertStore::empty();
    for cert in &certs {
        check
            .add(cert.clone())
            .map_err(|e| format!("{}: not a usable CA certificate: {e}", what()))?;
    }
    Ok(certs)
}

/// Calls one postback; `Err` says why it failed, without the URL (it may carry partner data).
async fn call(client: &HttpClient, url: &str, timeout: Duration) -> Result<(), String> {
    let uri: hyper::Uri = url
        .parse()
        .map_err(|_| "the postback URL is not a valid URI".to_owned())?;
    let req = hyper::Request::get(uri)
        .header(
            "user-agent",
            concat!("prequal-server/", env!("CARGO_PKG_VERSION")),
        )
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let resp = tokio::time::timeout(timeout, client.request(req))
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|e| format!("request failed: {e}"))?;
    let status = resp.status();
    // Read (and discard) the body so the connection can be reused.
    let _ = tokio::time::timeout(timeout, resp.into_body().collect()).await;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", status.as_u16()))
    }
}

/// Delivers every postback that is due now; returns how many it attempted.
pub async fn deliver_due(
    state: &AppState,
    client: &HttpClient,
) -> Result<usize, crate::db::DbError> {
    let s = state.settings().outbox.clone();
    let mut attempted = 0;
    loop {
        let now = now_ms();
        let (lease, batch) = (s.lease_ms, s.batch.max(1));
        let items = state
            .db()
            .write(move |c| store::claim_outbox(c, now, lease, batch))
            .await?;
        if items.is_empty() {
            return Ok(attempted);
        }
        attempted += items.len();
        let timeout = Duration::from_millis(s.timeout_ms);
        let calls = items.into_iter().map(|item| {
            let client = client.clone();
            async move {
                let result = call(&client, &item.url, timeout).await;
                (item, result)
            }
        });
        let results = futures_join_all(calls).await;
        let (base, max, max_attempts) = (s.base_backoff_ms, s.max_backoff_ms, s.max_attempts);
        state
            .db()
            .write(move |c| {
                let now = now_ms();
                for (item, result) in &results {
                    match result {
                        Ok(()) => store::outbox_done(c, item.id, now)?,
                        Err(e) => {
                            let dead = item.attempts + 1 >= max_attempts;
                            tracing::warn!(outbox_id = item.id, attempt = item.attempts + 1, dead, error = %e, "postback failed");
                            store::outbox_failed(c, item.id, now + backoff_ms(item.attempts, base, max), dead, e)?;
                        }
                    }
                }
                Ok(())
            })
            .await?;
    }
}

/// Runs the calls concurrently (a tiny join_all, to avoid a dependency for one call site).
async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futs: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        if let Ok(v) = h.await {
            out.push(v);
        }
    }
    out
}

/// The worker: wakes on new rows (same instance) or every `poll_ms` (rows from other
/// instances, retries coming due) until shutdown.
pub async fn run(state: AppState, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let client = state.postback_client().clone();
    let poll = Duration::from_millis(state.settings().outbox.poll_ms.max(10));
    loop {
        if let Err(e) = deliver_due(&state, &client).await {
            tracing::warn!(error = %e, "outbox: cannot claim postbacks");
        }
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = state.outbox_notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_and_encode() {
        let f = Fields {
            application_id: "a-1",
            offer_id: "mfo-a",
            click_id: Some("c 1&x=2"),
            subs: [Some("блог"), None, None, None, Some("s5")],
            status: Status::Issued,
            payout_kop: 150_000,
        };
        let url = render(
            "http://t.example/pb?cid={click_id}&s1={sub1}&s2={sub2}&s5={sub5}&st={status}&p={payout}&pk={payout_kop}&x={other}",
            &f,
        );
        assert_eq!(
            url,
            "http://t.example/pb?cid=c%201%26x%3D2&s1=%D0%B1%D0%BB%D0%BE%D0%B3&s2=&s5=s5&st=issued&p=1500.00&pk=150000&x={other}"
        );
        assert_eq!(render("no braces {", &f), "no braces {");
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_ms(0, 1000, 60_000), 1000);
        assert_eq!(backoff_ms(3, 1000, 60_000), 8000);
        assert_eq!(backoff_ms(40, 1000, 60_000), 60_000);
    }
}
