//! The widget's only network traffic, through the browser's `fetch` (web-sys, no HTTP crate):
//! `GET {api}/v1/offers` before `ready`; then, only for a qualified application after the
//! three consents, one `POST` to the chosen offer's endpoint (retried with the same
//! `Idempotency-Key`, so the lender stores it once) and `GET {endpoint}/{id}` for its status.
//!
//! Requests carry no cookies (`credentials: omit`) and nothing personal in the URL; every URL
//! must be HTTPS or on this machine ([`url_allowed`]), anything else is refused before a byte
//! leaves. The retry policy ([`decide`]) is a pure function, tested natively.

use std::time::Duration;

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCache, RequestCredentials, RequestInit};

use crate::form::ServerProblem;
use crate::json::{self, Json};

/// HTTPS anywhere, or plain HTTP to this machine only (`127.0.0.1`, `localhost`, `[::1]`);
/// no credentials in the URL, no whitespace or backslashes (which browsers read as `/`).
pub fn url_allowed(url: &str) -> bool {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return false;
    }
    if secure {
        return true;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    matches!(host, "127.0.0.1" | "localhost" | "::1")
}

/// What came back: the status, the `Retry-After` header and the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// One request. `Err(())` is a network failure (no answer, or the body could not be read).
pub async fn request(
    method: &str,
    url: &str,
    partner_key: &str,
    idempotency_key: Option<&str>,
    body: Option<&str>,
) -> Result<Reply, ()> {
    let window = web_sys::window().ok_or(())?;
    let headers = Headers::new().map_err(|_| ())?;
    headers.set("X-Prequal-Key", partner_key).map_err(|_| ())?;
    headers
        .set("Accept", "application/json, application/problem+json")
        .map_err(|_| ())?;
    let init = RequestInit::new();
    init.set_method(method);
    // `mode` is left at `fetch`'s default for a URL, `cors`.
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    if let Some(key) = idempotency_key {
        headers.set("Idempotency-Key", key).map_err(|_| ())?;
    }
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| ())?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ())?;
    reply_of(window.fetch_with_request(&request)).await
}

/// `GET {api}/v1/offers` as a page's script started it before the wasm was there (the demo
/// page's `prefetch.js`, the embed loader), so that the first load need not wait for the wasm:
/// the URL and partner key it was made with, and `fetch`'s promise (or a promise of the reply
/// the script has read already, see `reply_of`).
///
/// The script must make exactly the request `net::request` would (the same headers,
/// `credentials: omit`, `cache: no-store`, `fetch`'s default `cors` mode); the app uses it only
/// when `url` and `key` are what it would ask for itself, and only for its first load.
#[derive(Clone, Debug)]
pub struct Prefetched {
    pub url: String,
    pub key: String,
    pub response: Promise,
}

// By identity of the promise: `AppProps` compares its props to decide whether to re-render.
impl PartialEq for Prefetched {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url
            && self.key == other.key
            && AsRef::<JsValue>::as_ref(&self.response) == AsRef::<JsValue>::as_ref(&other.response)
    }
}

impl Prefetched {
    /// Reads a script's `{url, key, response}`; `None` unless all three are there with the
    /// right types (a string, a string, a promise).
    pub fn from_js(value: &JsValue) -> Option<Prefetched> {
        if !value.is_object() {
            return None;
        }
        let get = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
        Some(Prefetched {
            url: get("url")?.as_string()?,
            key: get("key")?.as_string()?,
            response: get("response")?.dyn_into().ok()?,
        })
    }
}

/// The reply a prefetched request got. A rejected promise is a network failure, exactly as
/// in [`request`].
pub async fn prefetched(prefetched: Prefetched) -> Result<Reply, ()> {
    reply_of(prefetched.response).await
}

/// Waits for `fetch`'s promise and reads the whole reply. A prefetching script may instead
/// resolve to the reply it has already read, `{status, retryAfter, body}`: then nothing is left
/// to wait for, and the first step is drawn in the same task as the app (no frame in between).
async fn reply_of(fetching: Promise) -> Result<Reply, ()> {
    let value = JsFuture::from(fetching).await.map_err(|_| ())?;
    if let Some(reply) = read_reply(&value) {
        return Ok(reply);
    }
    let response: web_sys::Response = value.dyn_into().map_err(|_| ())?;
    let retry_after = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .map(in_seconds);
    let text = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    Ok(Reply {
        status: response.status(),
        retry_after,
        body: text.as_string().unwrap_or_default(),
    })
}

/// `Retry-After` in seconds, as [`decide`] reads it. The header is seconds or an HTTP date
/// (RFC 9110, 10.2.3); a date becomes the seconds from now until it, 0 if it has passed.
fn in_seconds(value: String) -> String {
    let at = js_sys::Date::parse(&value);
    // `Date.parse("120")` is the year 120: seconds are left as they are.
    if value.trim().bytes().all(|b| b.is_ascii_digit()) || !at.is_finite() {
        return value;
    }
    let seconds = ((at - js_sys::Date::now()) / 1000.0).ceil();
    (seconds.clamp(0.0, f64::from(u32::MAX)) as u32).to_string()
}

/// A reply already read by a script: a status number and a body string (`retryAfter` a string
/// or absent); `None` for anything else, a `Response` included.
fn read_reply(value: &JsValue) -> Option<Reply> {
    if !value.is_object() || value.is_instance_of::<web_sys::Response>() {
        return None;
    }
    let get = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
    let status = get("status")?.as_f64()?;
    if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
        return None;
    }
    Some(Reply {
        status: status as u16,
        retry_after: get("retryAfter").and_then(|v| v.as_string()),
        body: get("body")?.as_string()?,
    })
}

/// How many times a submission is tried before the applicant is asked to try again.
pub const MAX_ATTEMPTS: u32 = 5;
/// The first wait after a failure; each next one doubles (0.5, 1, 2, 4 s).
pub const BACKOFF_MS: u32 = 500;
/// The longest `Retry-After` honoured; a longer one gives up and asks the applicant.
pub const MAX_RETRY_AFTER_MS: u32 = 60_000;

/// How a submission ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: stored by the lender; the status it reported.
    Accepted { status: Option<String> },
    /// A 4xx with field problems.
    Problems(Vec<ServerProblem>),
    /// Another 4xx: retrying would not help.
    Rejected { status: u16 },
    /// Network errors, 5xx, 409 or 429 until the attempts ran out; `status` is the last
    /// reply's, `None` for no answer at all (which includes a request the browser blocked).
    GaveUp { status: Option<u16> },
}

/// After attempt number `attempt` (0-based) got `reply`: stop with an outcome, or wait this
/// long and try again with the same body and key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Done(Outcome),
    RetryAfter(u32),
}

/// `status` of an `{"application_id", "status"}` body.
fn status_of(body: &str) -> Option<String> {
    json::parse(body)
        .ok()?
        .get("status")?
        .as_str()
        .map(str::to_owned)
}

/// The `problems` of an `application/problem+json` body: those with a field and a message.
fn problems_of(body: &str) -> Vec<ServerProblem> {
    let Ok(doc) = json::parse(body) else {
        return Vec::new();
    };
    let Some(Json::Arr(items)) = doc.get("problems") else {
        return Vec::new();
    };
    let text = |item: &Json, key: &str| {
        item.get(key)
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned()
    };
    items
        .iter()
        .map(|item| ServerProblem {
            field: text(item, "field"),
            code: text(item, "code"),
            message: text(item, "message"),
        })
        .filter(|p| !p.field.is_empty() && !p.message.is_empty())
        .collect()
}

/// The retry policy: network errors, 5xx and 409 ("still being processed") are retried with
/// doubling waits; 429 waits for its `Retry-After` (in seconds: [`in_seconds`] reads an HTTP
/// date); any other 4xx stops.
pub fn decide(attempt: u32, reply: Result<&Reply, ()>) -> Decision {
    let backoff = || BACKOFF_MS.saturating_mul(1 << attempt.min(10));
    let retry = |ms: u32, status: Option<u16>| {
        if attempt + 1 >= MAX_ATTEMPTS || ms > MAX_RETRY_AFTER_MS {
            Decision::Done(Outcome::GaveUp { status })
        } else {
            Decision::RetryAfter(ms)
        }
    };
    let reply = match reply {
        Err(()) => return retry(backoff(), None),
        Ok(reply) => reply,
    };
    match reply.status {
        200..=299 => Decision::Done(Outcome::Accepted {
            status: status_of(&reply.body),
        }),
        429 => {
            let seconds = reply
                .retry_after
                .as_deref()
                .and_then(|s| s.trim().parse::<u32>().ok());
            retry(
                seconds.map_or_else(backoff, |s| s.saturating_mul(1000)),
                Some(429),
            )
        }
        409 | 500..=599 => retry(backoff(), Some(reply.status)),
        status => {
            let problems = problems_of(&reply.body);
            if problems.is_empty() {
                Decision::Done(Outcome::Rejected { status })
            } else {
                Decision::Done(Outcome::Problems(problems))
            }
        }
    }
}

/// Sends `body` to `endpoint` until [`decide`] says stop; `on_attempt(n)` before each try.
pub async fn submit(
    endpoint: &str,
    partner_key: &str,
    application_id: &str,
    body: &str,
    mut on_attempt: impl FnMut(u32),
) -> Outcome {
    let mut attempt = 0;
    loop {
        on_attempt(attempt);
        let reply = request(
            "POST",
            endpoint,
            partner_key,
            Some(application_id),
            Some(body),
        )
        .await;
        match decide(attempt, reply.as_ref().map_err(|_| ())) {
            Decision::Done(outcome) => return outcome,
            Decision::RetryAfter(ms) => {
                yew::platform::time::sleep(Duration::from_millis(u64::from(ms))).await;
                attempt += 1;
            }
        }
    }
}

/// The application's status from `GET {endpoint}/{id}`; `None` on any failure.
pub async fn status(endpoint: &str, partner_key: &str, application_id: &str) -> Option<String> {
    let url = format!("{}/{application_id}", endpoint.trim_end_matches('/'));
    let reply = request("GET", &url, partner_key, None, None).await.ok()?;
    if !(200..=299).contains(&reply.status) {
        return None;
    }
    status_of(&reply.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine() {
        for ok in [
            "https://mfo.example/v1/applications",
            "HTTPS://MFO.EXAMPLE",
            "http://127.0.0.1:8080/v1/applications",
            "http://localhost/v1",
            "http://[::1]:3000/x",
            " https://mfo.example ",
        ] {
            assert!(url_allowed(ok), "{ok}");
        }
        for bad in [
            "http://mfo.example/v1/applications",
            "http://127.0.0.1.evil.example/",
            "http://localhost.evil.example",
            "http://127.0.0.1@evil.example/",
            "https://user:pw@mfo.example/",
            "http://127.0.0.1\\@evil.example/",
            "ftp://127.0.0.1/",
            "javascript:alert(1)",
            "//mfo.example/v1",
            "/v1/applications",
            "https://",
            "https://mfo.example/a b",
            "",
        ] {
            assert!(!url_allowed(bad), "{bad}");
        }
    }

    fn reply(status: u16, retry_after: Option<&str>, body: &str) -> Reply {
        Reply {
            status,
            retry_after: retry_after.map(str::to_owned),
            body: body.into(),
        }
    }

    #[test]
    fn retries_network_errors_and_5xx_with_doubling_waits() {
        assert_eq!(decide(0, Err(())), Decision::RetryAfter(500));
        assert_eq!(
            decide(1, Ok(&reply(503, None, ""))),
            Decision::RetryAfter(1000)
        );
        assert_eq!(
            decide(2, Ok(&reply(409, None, ""))),
            Decision::RetryAfter(2000)
        );
        assert_eq!(
            decide(MAX_ATTEMPTS - 1, Err(())),
            Decision::Done(Outcome::GaveUp { status: None })
        );
        // Giving up says what the last answer was.
        for status in [503, 409, 429] {
            assert_eq!(
                decide(MAX_ATTEMPTS - 1, Ok(&reply(status, Some("1"), ""))),
                Decision::Done(Outcome::GaveUp {
                    status: Some(status)
                })
            );
        }
    }

    #[test]
    fn too_many_requests_waits_for_retry_after() {
        assert_eq!(
            decide(0, Ok(&reply(429, Some("3"), ""))),
            Decision::RetryAfter(3000)
        );
        assert_eq!(
            decide(0, Ok(&reply(429, None, ""))),
            Decision::RetryAfter(500)
        );
        assert_eq!(
            decide(0, Ok(&reply(429, Some("3600"), ""))),
            Decision::Done(Outcome::GaveUp { status: Some(429) })
        );
    }

    #[test]
    fn success_and_client_errors_stop() {
        assert_eq!(
            decide(
                0,
                Ok(&reply(
                    201,
                    None,
                    r#"{"application_id":"x","status":"received"}"#
                ))
            ),
            Decision::Done(Outcome::Accepted {
                status: Some("received".into())
            })
        );
        assert_eq!(
            decide(0, Ok(&reply(401, None, r#"{"type":"x","title":"t"}"#))),
            Decision::Done(Outcome::Rejected { status: 401 })
        );
        let body = r#"{"type":"about:blank","title":"t","status":422,"detail":"d",
            "problems":[{"code":"inn.checksum","field":"applicant.inn","message":"В ИНН неверная контрольная цифра"}]}"#;
        assert_eq!(
            decide(0, Ok(&reply(422, None, body))),
            Decision::Done(Outcome::Problems(vec![ServerProblem {
                field: "applicant.inn".into(),
                code: "inn.checksum".into(),
                message: "В ИНН неверная контрольная цифра".into(),
            }]))
        );
    }
}
