//! The browser-facing endpoints the widget calls with its publishable key:
//! `GET /v1/offers`, `POST /v1/applications`, `GET /v1/applications/{id}`.

use super::{
    check_signature_if_given, json_response, peer, publishable, rate_limit, read_body,
    IDEMPOTENCY_HEADER,
};
use crate::clock::{moscow_date, now_ms, rfc3339};
use crate::crypto::{hmac_sha256, sha256_hex};
use crate::problem::{ApiError, FieldProblem};
use crate::state::{AppState, Partner};
use crate::store::{self, Accepted, ConsentRow, NewApplication, Status};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use prequal_rules::application::{Application, ParseError};
use prequal_rules::check::{check, Context};
use prequal_rules::code::Code;
use prequal_rules::date::moscow_date_of;
use prequal_rules::verdict::{Problem, Severity, Verdict};
use serde::Serialize;

/// `POST /v1/applications` → 201.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ApplicationCreated {
    pub application_id: String,
    pub status: Status,
}

/// `GET /v1/applications/{id}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApplicationStatus {
    pub application_id: String,
    pub status: Status,
    /// When the status last changed (RFC 3339).
    pub updated_at: String,
}

/// The partner's configuration (contract.md, "Partner configuration"; `schemas/config.schema.json`).
pub struct ConfigDoc;
/// An application (contract.md, "Application"; `schemas/application.schema.json`).
pub struct ApplicationDoc;

macro_rules! free_form_schema {
    ($t:ty, $desc:expr) => {
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .description(Some($desc))
                    .into()
            }
        }
        impl utoipa::ToSchema for $t {}
    };
}
free_form_schema!(ConfigDoc, "The partner's configuration: contract.md \"Partner configuration\", schemas/config.schema.json.");
free_form_schema!(
    ApplicationDoc,
    "An application: contract.md \"Application\", schemas/application.schema.json."
);

/// The partner's configuration for the widget, as the server will check against it.
#[utoipa::path(get, tag = "intake", path = "/v1/offers",
    params(("X-Prequal-Key" = String, Header, description = "The publishable key")),
    responses(
        (status = 200, body = ConfigDoc),
        (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 403, body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 429, body = crate::problem::Problem, content_type = "application/problem+json")
    )
)]
pub async fn offers(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (parts, _) = req.into_parts();
    let partner = publishable(&state, &parts.headers).await?;
    check_signature_if_given(&state, &parts.headers, b"", &partner)?;
    let addr = state.client_addr(&parts.headers, peer(&parts.extensions));
    rate_limit(&state, &partner, &addr).await?;
    let public = state.public_url();
    let body = match loopback_alias(public, &parts.headers) {
        // Only this server's own endpoint, as `rewrite_endpoints` wrote it (a JSON string of
        // ours), can match; any other partner's configuration is left as it is.
        Some(alias) => partner.config_json.replace(
            &format!("\"{public}/v1/applications\""),
            &format!("\"{alias}/v1/applications\""),
        ),
        None => partner.config_json.clone(),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response())
}

/// This server under another loopback name than its public URL's, when the request's `Host`
/// says so: `http://localhost:8080` for a public URL of `http://127.0.0.1:8080`. The demo's
/// offers send applications to the public URL (`rewrite_endpoints`); a page opened as
/// `localhost` must post to the name it came from, or its own CSP (`connect-src 'self'`) blocks
/// the application after the applicant has consented. Only between loopback names of one
/// port, so a `Host` header can never point the endpoints anywhere else.
fn loopback_alias(public_url: &str, headers: &HeaderMap) -> Option<String> {
    let public = public_url.strip_prefix("http://")?;
    let host = headers
        .get(header::HOST)?
        .to_str()
        .ok()?
        .to_ascii_lowercase();
    let loopback = |authority: &str| {
        let (name, port) = authority.rsplit_once(':')?;
        matches!(name, "127.0.0.1" | "localhost" | "[::1]").then_some(port.to_owned())
    };
    let port = loopback(public)?;
    (host != public && loopback(&host)? == port).then(|| format!("http://{host}"))
}

/// Accepts an application: re-checks it with the partner's configuration and stores it
/// exactly once; 201 only after the commit.
#[utoipa::path(post, tag = "intake", path = "/v1/applications",
    params(
        ("X-Prequal-Key" = String, Header, description = "The publishable key"),
        ("Idempotency-Key" = Option<String>, Header, description = "= application_id; retries with the same key and body get the saved response")
    ),
    request_body(content = ApplicationDoc, content_type = "application/json"),
    responses(
        (status = 201, body = ApplicationCreated, description = "Stored durably (or stored before: the saved response)"),
        (status = 400, body = crate::problem::Problem, content_type = "application/problem+json", description = "Not JSON; the detail says where"),
        (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 403, body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::problem::Problem, content_type = "application/problem+json", description = "The same key is still being processed"),
        (status = 413, body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::problem::Problem, content_type = "application/problem+json", description = "type …/invalid-application (schema problems, required fields left out; field paths), …/not-qualified (reason codes) or …/idempotency-key-reused"),
        (status = 429, body = crate::problem::Problem, content_type = "application/problem+json", description = "With Retry-After")
    )
)]
pub async fn create_application(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let partner = publishable(&state, &parts.headers).await?;
    let addr = state.client_addr(&parts.headers, peer(&parts.extensions));
    let bytes = read_body(&parts.headers, body, state.settings().body_limit_bytes).await?;
    check_signature_if_given(&state, &parts.headers, &bytes, &partner)?;
    let now = now_ms();
    let refused = |refusal: ApiError| async {
        // A refused request still counts against the limits; over them, 429 comes first.
        rate_limit(&state, &partner, &addr).await?;
        Err::<Response, ApiError>(refusal)
    };
    let read = match read_application(&parts.headers, &bytes) {
        Ok(read) => read,
        Err(refusal) => return refused(refusal).await,
    };
    // A retry gets what the first request got, even if the rules or the date would now say
    // otherwise: the saved response is looked up before the application is checked again.
    let saved = {
        let (id, partner_id, hash) = (read.id.clone(), partner.id.clone(), read.hash.clone());
        state
            .db()
            .read(move |c| store::saved(c, &id, &partner_id, &hash))
            .await?
    };
    match saved {
        Some(Accepted::Replayed(saved)) => {
            rate_limit(&state, &partner, &addr).await?;
            tracing::info!(application_id = %read.id, partner = %partner.id, "idempotent replay");
            return Ok(created(&read.id, saved, true));
        }
        Some(_) => return refused(ApiError::KeyReused).await,
        None => {}
    }
    let new = match prepare(&state, &partner, &parts.headers, read, &addr, now) {
        Ok(new) => new,
        Err(refusal) => return refused(refusal).await,
    };
    let Some(_guard) = state.begin_inflight(&new.application_id) else {
        return Err(ApiError::InProgress);
    };
    let buckets = super::buckets(&state, &partner, &addr);
    let window = state.settings().rate_limit.window_secs * 1000;
    let repeat_since = now - state.settings().repeat_window_days * 86_400_000;
    let id = new.application_id.clone();
    let wants_postback = new.postback_url.is_some();
    let outcome = state
        .db()
        .write(move |c| {
            if let Some(wait) = store::hit_rate_limits(c, &buckets, window, now)? {
                return Ok(Err(wait));
            }
            store::accept(c, &new, repeat_since, now).map(Ok)
        })
        .await?;
    match outcome {
        Err(wait) => Err(ApiError::RateLimited(wait)),
        Ok(Accepted::Created { repeat_of }) => {
            tracing::info!(application_id = %id, partner = %partner.id, test = partner.test, repeat = repeat_of.is_some(), "application accepted");
            if wants_postback {
                state.wake_outbox();
            }
            let body = ApplicationCreated {
                application_id: id.clone(),
                status: Status::Received,
            };
            Ok(created(
                &id,
                serde_json::to_string(&body).unwrap_or_default(),
                false,
            ))
        }
        Ok(Accepted::Replayed(saved)) => {
            tracing::info!(application_id = %id, partner = %partner.id, "idempotent replay");
            Ok(created(&id, saved, true))
        }
        Ok(Accepted::Mismatch) => Err(ApiError::KeyReused),
    }
}

fn created(id: &str, body: String, replayed: bool) -> Response {
    let mut resp = (StatusCode::CREATED, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("/v1/applications/{id}")) {
        h.insert(header::LOCATION, v);
    }
    if replayed {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// An application as read from a request: parsed, with its id and the hash that recognises
/// a retry of the same request.
struct ReadApplication {
    app: Application,
    id: String,
    hash: String,
}

/// Parses the body and identifies the application.
fn read_application(headers: &HeaderMap, bytes: &[u8]) -> Result<ReadApplication, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::BadJson(format!(
            "the body is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    // Every wrongly typed field at once, so that one answer says all that needs fixing.
    let mut app = Application::from_json_all(text).map_err(|errors| {
        let mut problems = Vec::with_capacity(errors.len());
        for e in errors {
            match e {
                ParseError::Json { message } => return ApiError::BadJson(message),
                ParseError::Schema { field, message } => problems.push(FieldProblem {
                    code: "input.schema".into(),
                    field: if field == "." { String::new() } else { field },
                    message,
                    severity: Some("blocker".into()),
                }),
            }
        }
        ApiError::Schema(problems)
    })?;
    let id = application_id(headers, app.application_id.as_deref())?;
    app.application_id = Some(id.clone());
    Ok(ReadApplication {
        app,
        id,
        hash: canonical_hash(text),
    })
}

/// The day the server checks the application on. It is `applied_at`'s Moscow date (contract.md,
/// "Conventions"), the one the browser checked, and the server's own date when that is absent;
/// the server's own time is stored beside it (`created_at`) for the lender's later checks.
/// But never a day after the server's tomorrow: a date that has not come yet is no one's
/// submission date, and it would age the applicant and their passport past the rules (a
/// 10-year-old "applying" in 2040 would be of age). A day's grace covers a client clock a
/// little fast around midnight. An earlier date is the applicant's claim, as formats.md says.
fn application_day(app: &Application, now: i64) -> Context {
    let today = moscow_date(now);
    let latest = today.add_days(1).unwrap_or(today);
    let claimed = app
        .applied_at
        .as_deref()
        .and_then(|s| moscow_date_of(s.trim()));
    match claimed {
        Some(day) if day > latest => Context {
            today,
            date_override: Some(latest),
        },
        _ => Context::on(today),
    }
}

/// Re-checks the application; on success everything to store it.
fn prepare(
    state: &AppState,
    partner: &Partner,
    headers: &HeaderMap,
    read: ReadApplication,
    addr: &str,
    now: i64,
) -> Result<NewApplication, ApiError> {
    let ReadApplication { app, id, hash } = read;
    let verdict = check(&app, &partner.config, &application_day(&app, now));
    if !verdict.qualified {
        // A required field left out is a schema problem (application.schema.json's
        // `required`, as `application_id.missing` is), not a reason not to qualify:
        // contract.md, "Intake API", 422 "the `type` tells which". Every problem is listed
        // all the same, so one answer says all that needs fixing (problem.schema.json's
        // example).
        let problems = reasons(&verdict);
        if verdict
            .problems
            .iter()
            .any(|p| matches!(p.code, Code::Missing(_)))
        {
            return Err(ApiError::Schema(problems));
        }
        return Err(ApiError::NotQualified(problems));
    }
    let offer_id = app
        .offer_id
        .clone()
        .filter(|o| !o.trim().is_empty())
        .or_else(|| verdict.offers.iter().find(|o| o.fits).map(|o| o.id.clone()))
        .unwrap_or_default();
    let warnings: Vec<&str> = verdict
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| p.code.as_str())
        .collect();

    let payload =
        serde_json::to_vec(&app).map_err(|e| ApiError::Storage(format!("serialising: {e}")))?;
    let (key_id, sealed) = state
        .keyring()
        .seal(id.as_bytes(), &payload)
        .map_err(ApiError::Storage)?;
    let passport_hash = app
        .applicant
        .as_ref()
        .and_then(|a| a.passport.as_ref())
        .map(|p| {
            let digits: String = [p.series.as_deref(), p.number.as_deref()]
                .into_iter()
                .flatten()
                .flat_map(str::chars)
                .filter(char::is_ascii_digit)
                .collect();
            digits
        })
        .filter(|d| d.len() == 10)
        .map(|d| {
            hex::encode(hmac_sha256(
                state.passport_hash_key(),
                &[b"passport:", d.as_bytes()],
            ))
        });
    let tracking = app.tracking.clone().unwrap_or_default();
    let clip = |s: Option<String>| s.map(|v| v.chars().take(256).collect::<String>());
    let response = ApplicationCreated {
        application_id: id.clone(),
        status: Status::Received,
    };
    Ok(NewApplication {
        application_id: id,
        partner_id: partner.id.clone(),
        test: partner.test,
        offer_id,
        amount_kop: app
            .loan
            .as_ref()
            .and_then(|l| l.amount_kop)
            .and_then(|v| i64::try_from(v).ok()),
        term_days: app.loan.as_ref().and_then(|l| l.term_days).map(i64::from),
        click_id: clip(tracking.click_id),
        subs: [
            clip(tracking.sub1),
            clip(tracking.sub2),
            clip(tracking.sub3),
            clip(tracking.sub4),
            clip(tracking.sub5),
        ],
        request_hash: hash,
        response_json: serde_json::to_string(&response).unwrap_or_default(),
        rules_version: verdict.rules_version.to_owned(),
        config_version: verdict.config_version.clone(),
        warning_codes: serde_json::to_string(&warnings).unwrap_or_else(|_| "[]".into()),
        key_id,
        payload: sealed,
        passport_hash,
        consents: app
            .consents
            .iter()
            .flatten()
            .map(|c| ConsentRow {
                kind: c.kind.as_str().into(),
                text_version: c.text_version.chars().take(64).collect(),
                given_at: c.given_at.chars().take(64).collect(),
            })
            .collect(),
        client_addr: addr.to_owned(),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(512).collect()),
        // None for a test partner: its row is stored without one (`AppState::build`).
        postback_url: partner.postback_url.clone(),
    })
}

/// The application's id: the `Idempotency-Key` header and the body's `application_id`, which
/// must agree when both are given; one of them is required; a UUID (contract.md, "Intake API").
fn application_id(headers: &HeaderMap, body_id: Option<&str>) -> Result<String, ApiError> {
    let header_id = match headers.get(IDEMPOTENCY_HEADER) {
        None => None,
        Some(v) => {
            let text = v
                .to_str()
                .map_err(|_| schema("application_id", "the Idempotency-Key header is not text"))?
                .trim();
            // The IETF draft writes the key as a Structured Field string, in quotes; the
            // contract writes it bare. Both are the same key, and an empty one is none.
            let bare = text
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or(text)
                .trim();
            Some(bare).filter(|k| !k.is_empty())
        }
    };
    if header_id.is_some_and(|h| !is_uuid(h)) {
        return Err(schema(
            "application_id",
            "the Idempotency-Key header must be the application_id, a UUID",
        ));
    }
    let body_id = body_id.map(str::trim).filter(|s| !s.is_empty());
    let id = match (header_id, body_id) {
        // A UUID's hex digits may be written in either case (RFC 9562).
        (Some(h), Some(b)) if !h.eq_ignore_ascii_case(b) => {
            return Err(schema(
                "application_id",
                "application_id and the Idempotency-Key header differ",
            ))
        }
        (_, Some(b)) => b,
        (Some(h), None) => h,
        (None, None) => {
            return Err(ApiError::Schema(vec![FieldProblem {
                code: "application_id.missing".into(),
                field: "application_id".into(),
                message: "application_id (or the Idempotency-Key header) is required".into(),
                severity: Some("blocker".into()),
            }]))
        }
    };
    if !is_uuid(id) {
        return Err(schema(
            "application_id",
            "application_id must be a UUID (8-4-4-4-12 hexadecimal digits)",
        ));
    }
    // One application per UUID whatever the case of its digits: stored, looked up and
    // answered in lower case, as RFC 9562 §4 writes UUIDs.
    Ok(id.to_ascii_lowercase())
}

/// The textual form of a UUID: 32 hexadecimal digits in groups of 8-4-4-4-12 (RFC 9562 §4).
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn schema(field: &str, message: &str) -> ApiError {
    ApiError::Schema(vec![FieldProblem {
        code: "input.schema".into(),
        field: field.into(),
        message: message.into(),
        severity: Some("blocker".into()),
    }])
}

/// Why the application does not qualify: the blockers, then the chosen (or every) offer's own
/// reasons, each once.
fn reasons(v: &Verdict) -> Vec<FieldProblem> {
    let offers = v.offers.iter().flat_map(|o| o.problems.iter());
    let mut out: Vec<FieldProblem> = Vec::new();
    for p in v
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Blocker)
        .chain(offers)
    {
        let fp = field_problem(p);
        if !out.iter().any(|q| q.code == fp.code && q.field == fp.field) {
            out.push(fp);
        }
    }
    out
}

fn field_problem(p: &Problem) -> FieldProblem {
    FieldProblem {
        code: p.code.as_str().into(),
        field: p.field.into(),
        message: p.message.into(),
        severity: Some(match p.severity {
            Severity::Blocker => "blocker".into(),
            Severity::Warning => "warning".into(),
        }),
    }
}

/// SHA-256 of the body with object keys sorted and no insignificant whitespace, so that a retry
/// that re-serialises the same document is recognised as the same request.
pub fn canonical_hash(text: &str) -> String {
    let mut value: serde_json::Value =
        serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
    // The id as it is stored: the same UUID in capitals is the same document.
    if let Some(id) = value.get_mut("application_id") {
        if let Some(lower) = id.as_str().map(str::to_ascii_lowercase) {
            *id = serde_json::Value::String(lower);
        }
    }
    let mut out = String::with_capacity(text.len());
    canonical(&value, &mut out);
    sha256_hex(out.as_bytes())
}

fn canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value as V;
    match v {
        V::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&V::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        V::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The status of one of the partner's applications.
#[utoipa::path(get, tag = "intake", path = "/v1/applications/{id}",
    params(("id" = String, Path), ("X-Prequal-Key" = String, Header, description = "The publishable key")),
    responses(
        (status = 200, body = ApplicationStatus),
        (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 403, body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 429, body = crate::problem::Problem, content_type = "application/problem+json")
    )
)]
pub async fn application_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let (parts, _) = req.into_parts();
    let partner = publishable(&state, &parts.headers).await?;
    check_signature_if_given(&state, &parts.headers, b"", &partner)?;
    let addr = state.client_addr(&parts.headers, peer(&parts.extensions));
    rate_limit(&state, &partner, &addr).await?;
    let id = id.to_ascii_lowercase();
    let row = state
        .db()
        .read(move |c| store::status(c, &id).map(|r| r.map(|r| (id, r))))
        .await?;
    match row {
        Some((id, r)) if r.partner_id == partner.id => Ok(json_response(
            StatusCode::OK,
            &ApplicationStatus {
                application_id: id,
                status: r.status,
                updated_at: rfc3339(r.updated_at),
            },
        )),
        _ => Err(ApiError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_hash_ignores_key_order_and_whitespace() {
        assert_eq!(
            canonical_hash(r#"{"a":1,"b":[1,{"y":2,"x":"é"}]}"#),
            canonical_hash("{ \"b\" : [1, {\"x\":\"é\",\"y\":2}], \"a\":1 }")
        );
        assert_ne!(canonical_hash(r#"{"a":1}"#), canonical_hash(r#"{"a":2}"#));
        assert_eq!(
            canonical_hash(r#"{"application_id":"5F0C6A8E-1F6B-4C1E-9A57-0D7F3F0B2C11"}"#),
            canonical_hash(r#"{"application_id":"5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11"}"#)
        );
    }

    #[test]
    fn ids_come_from_the_header_or_the_body_and_must_agree() {
        const ID: &str = "5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11";
        let mut h = HeaderMap::new();
        assert!(application_id(&h, None).is_err());
        assert_eq!(application_id(&h, Some(ID)).unwrap(), ID);
        h.insert(IDEMPOTENCY_HEADER, HeaderValue::from_static(ID));
        assert_eq!(application_id(&h, None).unwrap(), ID);
        assert_eq!(application_id(&h, Some(ID)).unwrap(), ID);
        // The same UUID in capitals is the same id, in lower case: one application, not two.
        let upper = ID.to_ascii_uppercase();
        assert_eq!(application_id(&h, Some(&upper)).unwrap(), ID);
        assert_eq!(application_id(&HeaderMap::new(), Some(&upper)).unwrap(), ID);
        assert!(application_id(&h, Some("5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c12")).is_err());
    }

    #[test]
    fn an_id_is_a_uuid() {
        for bad in [
            "5f0c6a8e-1f6b",
            "not-a-uuid-but-ok",
            "../../etc",
            "5f0c6a8e1f6b4c1e9a570d7f3f0b2c11",
            "5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c1g",
            "5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11-0",
            "{5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11}",
        ] {
            assert!(
                application_id(&HeaderMap::new(), Some(bad)).is_err(),
                "{bad}"
            );
        }
    }
}
