//! Every error the API answers, as one enum, each rendered as `application/problem+json`
//! (RFC 9457; contract.md, "Intake API"). The doc comment on each variant says when it is used.
//! A client's mistake is never a 500; a storage error is a 503 whose detail is logged, never
//! sent (it could quote SQL).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub const PROBLEM_BASE: &str = "https://prequal.example/problems/";

/// One field problem: a reason code from the contract's table, the field's JSON path, a message.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub code: String,
    pub field: String,
    pub message: String,
    /// `blocker` or `warning` (extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `https://prequal.example/problems/<name>`; for 422 it tells `invalid-application`
    /// (schema problems, required fields left out) from `not-qualified`.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FieldProblem>,
}

#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON; the detail says where (line and column).
    BadJson(String),
    /// 400: a malformed request other than the body (a header, a path or query value).
    BadRequest(String),
    /// 401: no publishable key, or an unknown or disabled one.
    UnknownKey,
    /// 401: a server-to-server call whose signature is missing, stale or wrong.
    BadSignature(&'static str),
    /// 403: the request's Origin is not one the partner allowed.
    ForbiddenOrigin,
    /// 404
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 409: the same Idempotency-Key is still being processed.
    InProgress,
    /// 409: a decision that does not follow from the current status.
    InvalidTransition {
        from: &'static str,
        to: &'static str,
    },
    /// 408: the request took longer than the server waits.
    Timeout,
    /// 413: the body is larger than the limit.
    TooLarge(usize),
    /// 422: JSON of the wrong shape or values, or a required field left out
    /// (`invalid-application`), with field paths.
    Schema(Vec<FieldProblem>),
    /// 422: the application does not qualify (`not-qualified`), with reason codes.
    NotQualified(Vec<FieldProblem>),
    /// 422: the Idempotency-Key was used before with another body. 422 rather than 409, which
    /// contract.md keeps for a key still being processed: the IETF draft
    /// draft-ietf-httpapi-idempotency-key-header (section "Error Scenarios") answers a reused
    /// key with another payload 422 and a concurrent request 409.
    KeyReused,
    /// 429: over a rate limit; wait this many seconds.
    RateLimited(i64),
    /// 503: the server is overloaded (concurrency limit) or shutting down.
    Overloaded,
    /// 503: storage failed; the message is logged, never sent.
    Storage(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadJson(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::UnknownKey | ApiError::BadSignature(_) => StatusCode::UNAUTHORIZED,
            ApiError::ForbiddenOrigin => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::InProgress | ApiError::InvalidTransition { .. } => StatusCode::CONFLICT,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Schema(_) | ApiError::NotQualified(_) | ApiError::KeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Overloaded | ApiError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn problem(&self) -> Problem {
        let (name, title, detail, problems): (&str, &str, String, Vec<FieldProblem>) = match self {
            ApiError::BadJson(m) => (
                "json",
                "The body is not valid JSON",
                m.clone(),
                // The reason code of an unreadable document (contract.md, "Reason codes").
                vec![FieldProblem {
                    code: "input.json".into(),
                    field: String::new(),
                    message: m.clone(),
                    severity: Some("blocker".into()),
                }],
            ),
            ApiError::BadRequest(m) => {
                ("bad-request", "The request is malformed", m.clone(), vec![])
            }
            ApiError::UnknownKey => (
                "unknown-key",
                "Unknown or disabled key",
                "send a valid publishable key in X-Prequal-Key".into(),
                vec![],
            ),
            ApiError::BadSignature(why) => (
                "bad-signature",
                "The request signature does not verify",
                (*why).into(),
                vec![],
            ),
            ApiError::ForbiddenOrigin => (
                "forbidden-origin",
                "Origin not allowed",
                "this key may be used only from the partner's allowed origins".into(),
                vec![],
            ),
            ApiError::NotFound => (
                "not-found",
                "Not found",
                "no such resource for this key".into(),
                vec![],
            ),
            ApiError::MethodNotAllowed => (
                "method-not-allowed",
                "Method not allowed",
                "this resource does not take this method; the Allow header lists those it takes"
                    .into(),
                vec![],
            ),
            ApiError::InProgress => (
                "in-progress",
                "The same Idempotency-Key is still being processed",
                "retry after a moment to get the saved response".into(),
                vec![],
            ),
            ApiError::InvalidTransition { from, to } => (
                "invalid-transition",
                "This decision does not follow from the current status",
                format!("an application that is {from} cannot become {to}"),
                vec![],
            ),
            ApiError::Timeout => (
                "timeout",
                "Request timeout",
                "the request took too long".into(),
                vec![],
            ),
            ApiError::TooLarge(limit) => (
                "too-large",
                "The body is too large",
                format!("the limit is {limit} bytes"),
                vec![],
            ),
            ApiError::Schema(p) => (
                "invalid-application",
                "The application has problems",
                format!("{} field(s) need attention", p.len()),
                p.clone(),
            ),
            ApiError::NotQualified(p) => (
                "not-qualified",
                "The application does not qualify",
                format!(
                    "{} reason(s); the server re-checked it with the partner's configuration",
                    p.len()
                ),
                p.clone(),
            ),
            ApiError::KeyReused => (
                "idempotency-key-reused",
                "The Idempotency-Key was used with another request",
                "a new application needs a new application_id".into(),
                vec![],
            ),
            ApiError::RateLimited(s) => (
                "rate-limited",
                "Too many requests",
                format!("retry after {s} s"),
                vec![],
            ),
            ApiError::Overloaded => (
                "unavailable",
                "Service unavailable",
                "the server is busy; retry shortly".into(),
                vec![],
            ),
            ApiError::Storage(_) => (
                "unavailable",
                "Service unavailable",
                "storage is unavailable; retry with the same Idempotency-Key".into(),
                vec![],
            ),
        };
        Problem {
            type_: format!("{PROBLEM_BASE}{name}"),
            title: title.into(),
            status: self.status().as_u16(),
            detail,
            problems,
        }
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> ApiError {
        ApiError::Storage(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Storage(message) = &self {
            tracing::error!(error = %message, "storage error");
        }
        let status = self.status();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut resp = (status, body).into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match &self {
            ApiError::RateLimited(s) => {
                if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                    h.insert(header::RETRY_AFTER, v);
                }
            }
            ApiError::Overloaded | ApiError::Storage(_) | ApiError::InProgress => {
                h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        resp
    }
}
