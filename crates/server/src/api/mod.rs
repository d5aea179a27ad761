//! The HTTP surface: the router, its layers (timeout, concurrency limit, CORS) and the helpers
//! the handlers share (keys, origins, signatures, rate limits, bodies).
//!
//! Layers, outermost first: request timeout (408) → concurrency limit on `/v1` (503) → CORS on
//! `/v1` → the handler, which reads the body itself under the size limit (413) so that every
//! refusal is `application/problem+json`.

pub mod intake;
pub mod operator;
pub mod partner;

use crate::clock::now_ms;
use crate::crypto::verify_signature;
use crate::problem::ApiError;
use crate::state::{AppState, Partner};
use crate::store::{self, Bucket};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

pub const KEY_HEADER: &str = "x-prequal-key";
pub const SIGNATURE_HEADER: &str = "prequal-signature";
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// The service. Tests call it with `oneshot`; `serve` runs it on a socket.
pub fn app(state: AppState) -> Router {
    let limit = Arc::new(Semaphore::new(
        state.settings().max_concurrent_requests.max(1),
    ));
    let v1 = Router::new()
        .route("/offers", get(intake::offers))
        .route("/applications", post(intake::create_application))
        .route("/applications/{id}", get(intake::application_status))
        .route("/applications/{id}/decision", post(operator::decide))
        .route("/applications/{id}/erase", post(operator::erase))
        .route("/operator/applications/{id}", get(operator::record))
        .route("/partner/leads", get(partner::leads))
        .route("/partner/funnel", get(partner::funnel))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(state.clone(), cors))
        .layer(middleware::from_fn_with_state(limit, concurrency_limit));
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/openapi.json", get(openapi_json))
        .nest("/v1", v1);
    router = router.fallback(crate::static_files::service(&state.settings().static_dirs));
    let timeout = Duration::from_millis(state.settings().request_timeout_ms.max(1));
    router
        .layer(middleware::from_fn_with_state(timeout, request_timeout))
        .with_state(state)
}

async fn request_timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

async fn concurrency_limit(
    State(limit): State<Arc<Semaphore>>,
    req: Request,
    next: Next,
) -> Response {
    match limit.try_acquire() {
        Ok(_permit) => next.run(req).await,
        Err(_) => ApiError::Overloaded.into_response(),
    }
}

/// CORS for the browser-facing endpoints. A preflight carries no key, so it is answered for
/// any origin that some enabled partner allows; the real request is then checked against its
/// own key's origins (403 otherwise). Every answer, with an `Origin` or without, says it
/// depends on it (`Vary: Origin`), so that no shared cache hands one origin's answer, or one
/// without CORS headers, to another.
async fn cors(state: State<AppState>, req: Request, next: Next) -> Response {
    let mut resp = cors_inner(state, req, next).await;
    resp.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Origin"));
    resp
}

async fn cors_inner(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(origin) = origin else {
        return next.run(req).await;
    };
    let allowed = state.any_partner_allows(&origin).await;
    if req.method() == Method::OPTIONS {
        if !allowed {
            return ApiError::ForbiddenOrigin.into_response();
        }
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        add_cors(h, &origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, x-prequal-key, idempotency-key"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return resp;
    }
    let mut resp = next.run(req).await;
    if allowed {
        add_cors(resp.headers_mut(), &origin);
    }
    resp
}

fn add_cors(h: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after, location, idempotent-replayed"),
    );
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(get, tag = "health", path = "/healthz", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: the database answers and the server is not shutting down.
#[utoipa::path(get, tag = "health", path = "/readyz", responses((status = 200, body = Health), (status = 503, body = crate::problem::Problem, content_type = "application/problem+json")))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    if state.is_shutting_down() {
        return Err(ApiError::Overloaded);
    }
    let probe = state.db().read(|c| c.query("SELECT 1", &[]).map(|_| ()));
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(())) => Ok(Json(Health { status: "ready" })),
        Ok(Err(e)) => Err(e.into()),
        Err(_) => Err(ApiError::Overloaded),
    }
}

async fn openapi_json() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        crate::openapi::spec_json(),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// Helpers for the handlers

/// The publishable key's partner, enabled, with the request's Origin allowed.
pub async fn publishable(state: &AppState, headers: &HeaderMap) -> Result<Arc<Partner>, ApiError> {
    let key = headers
        .get(KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .ok_or(ApiError::UnknownKey)?;
    let partner = state
        .partner_by_key(key)
        .await?
        .filter(|p| p.enabled)
        .ok_or(ApiError::UnknownKey)?;
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().map_err(|_| ApiError::ForbiddenOrigin)?;
        if !partner.allows_origin(origin) {
            return Err(ApiError::ForbiddenOrigin);
        }
    }
    Ok(partner)
}

/// A browser call carries no signature; a call that does carry one is a server's, and its
/// signature must hold (contract.md: server-to-server calls carry `Prequal-Signature`).
pub fn check_signature_if_given(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    partner: &Partner,
) -> Result<(), ApiError> {
    if headers.contains_key(SIGNATURE_HEADER) {
        check_signature(state, headers, body, &partner.secrets)?;
    }
    Ok(())
}

/// The partner whose publishable key the request names and whose secret signed it.
pub async fn signed_partner(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Arc<Partner>, ApiError> {
    let key = headers
        .get(KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::UnknownKey)?;
    let partner = state
        .partner_by_key(key.trim())
        .await?
        .filter(|p| p.enabled)
        .ok_or(ApiError::UnknownKey)?;
    check_signature(state, headers, body, &partner.secrets)?;
    Ok(partner)
}

/// Verifies `Prequal-Signature` against `secrets`.
pub fn check_signature(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    secrets: &[Vec<u8>],
) -> Result<(), ApiError> {
    let header = match headers.get(SIGNATURE_HEADER) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| {
            ApiError::BadSignature(crate::crypto::SignatureError::Malformed.detail())
        })?),
    };
    verify_signature(
        header,
        body,
        secrets,
        now_ms() / 1000,
        state.settings().signature_tolerance_secs,
    )
    .map_err(|e| {
        tracing::info!(reason = ?e, "refused a signed request");
        ApiError::BadSignature(e.detail())
    })
}

/// The rate-limit buckets of a request: its key and its client address.
pub fn buckets(state: &AppState, partner: &Partner, addr: &str) -> Vec<Bucket> {
    let rl = &state.settings().rate_limit;
    vec![
        Bucket {
            name: format!("key:{}", partner.id),
            limit: rl.per_key,
        },
        Bucket {
            name: format!("addr:{addr}"),
            limit: rl.per_address,
        },
    ]
}

/// Counts the request against its limits (in the database: every instance shares them).
pub async fn rate_limit(state: &AppState, partner: &Partner, addr: &str) -> Result<(), ApiError> {
    let b = buckets(state, partner, addr);
    let window = state.settings().rate_limit.window_secs * 1000;
    let now = now_ms();
    match state
        .db()
        .write(move |c| store::hit_rate_limits(c, &b, window, now))
        .await?
    {
        Some(wait) => Err(ApiError::RateLimited(wait)),
        None => Ok(()),
    }
}

/// Reads the whole body, refusing more than `limit` bytes (413) without reading them all.
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > limit as u64 {
            return Err(ApiError::TooLarge(limit));
        }
    }
    let limited = http_body_util::Limited::new(body, limit);
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(ApiError::TooLarge(limit)),
        Err(_) => Err(ApiError::BadRequest(
            "the request body could not be read".into(),
        )),
    }
}

/// The peer address, when the server runs on a socket (not under `oneshot`).
pub fn peer(req_ext: &axum::http::Extensions) -> Option<SocketAddr> {
    req_ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)
}

pub fn json_response<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => ApiError::Storage(format!("serialising a response: {e}")).into_response(),
    }
}
