//! The MFO's own server-to-server calls, signed with the operator's secret: decisions, the
//! erase call, and reading one application in full (decrypted).

use super::{check_signature, json_response, read_body};
use crate::clock::{now_ms, rfc3339};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::store::{self, Decided, Erased, Status};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use prequal_rules::config::{Config, Payout, PayoutOn};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `approved`, `rejected`, `issued` or `repaid`.
    pub status: Status,
    /// For `repaid` under a `revshare` payout: the interest the borrower actually paid.
    #[serde(default)]
    pub interest_paid_kop: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecisionResponse {
    pub application_id: String,
    pub status: Status,
    pub updated_at: String,
    /// What this decision earned the partner (0 when it earned nothing or was a repeat call).
    pub payout_kop: i64,
    /// False when the application already had this status (nothing was recorded).
    pub changed: bool,
}

/// The partner's payout for a lead reaching `to` (contract.md: `cpa` pays `amount_kop` when the
/// lead reaches `on`; `revshare` pays `pct` of the interest actually paid, at `repaid`).
pub fn payout_for(
    config: &Config,
    offer_id: &str,
    to: Status,
    interest_paid_kop: Option<u64>,
) -> i64 {
    let Some(offer) = config.offers.iter().find(|o| o.id == offer_id) else {
        return 0;
    };
    match &offer.payout {
        Some(Payout::Cpa { amount_kop, on }) => {
            let reached = matches!(
                (on, to),
                (PayoutOn::Approved, Status::Approved) | (PayoutOn::Issued, Status::Issued)
            );
            if reached {
                i64::try_from(*amount_kop).unwrap_or(i64::MAX)
            } else {
                0
            }
        }
        Some(Payout::Revshare { pct }) if to == Status::Repaid => {
            let interest = i128::from(interest_paid_kop.unwrap_or(0));
            // pct is in millionths of a percent: share = interest × m / 10^8, rounded half up.
            let v = prequal_rules::money::div_round_half_up(
                interest * i128::from(pct.millionths()),
                100_000_000,
            );
            i64::try_from(v).unwrap_or(i64::MAX)
        }
        _ => 0,
    }
}

/// Records the MFO's decision; each change is an event and (live keys) a postback.
#[utoipa::path(post, tag = "operator", path = "/v1/applications/{id}/decision",
    params(("id" = String, Path), ("Prequal-Signature" = String, Header, description = "t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\"> with the operator's secret")),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = DecisionResponse),
        (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 404, body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::problem::Problem, content_type = "application/problem+json", description = "Not a step forward from the current status"),
        (status = 422, body = crate::problem::Problem, content_type = "application/problem+json")
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let bytes = read_body(&parts.headers, body, state.settings().body_limit_bytes).await?;
    check_signature(&state, &parts.headers, &bytes, state.operator_secrets())?;
    let id = id.to_ascii_lowercase(); // stored in lower case (intake.rs `application_id`)
    let decision: DecisionRequest = parse_body(&bytes)?;
    let to = decision.status;
    if matches!(to, Status::Received | Status::Withdrawn) {
        return Err(ApiError::Schema(vec![crate::problem::FieldProblem {
            code: "input.schema".into(),
            field: "status".into(),
            message: "a decision is approved, rejected, issued or repaid".into(),
            severity: None,
        }]));
    }
    let lookup = id.clone();
    let lead = state
        .db()
        .read(move |c| store::lead_ref(c, &lookup))
        .await?
        .ok_or(ApiError::NotFound)?;
    let partner = state.partner_by_id(&lead.partner_id).await?;
    let payout = partner.as_ref().map_or(0, |p| {
        payout_for(&p.config, &lead.offer_id, to, decision.interest_paid_kop)
    });
    let template = partner
        .as_ref()
        // A test partner's row has no postback URL (`AppState::build`); a lead sent with a
        // test key stays test even if its partner has gone live since.
        .filter(|_| !lead.test)
        .and_then(|p| p.postback_url.clone());
    let wants_postback = template.is_some();
    let now = now_ms();
    let key = id.clone();
    let outcome = state
        .db()
        .write(move |c| {
            store::decide(
                c,
                &key,
                to,
                payout,
                template.as_deref().map(|t| (t, &lead)),
                now,
            )
        })
        .await?;
    let (status, updated_at, payout_kop, changed) = match outcome {
        Decided::NotFound => return Err(ApiError::NotFound),
        Decided::Invalid { from } => {
            return Err(ApiError::InvalidTransition {
                from: from.as_str(),
                to: to.as_str(),
            })
        }
        Decided::Unchanged { status, updated_at } => (status, updated_at, 0, false),
        Decided::Changed {
            status,
            payout_kop,
            updated_at,
        } => (status, updated_at, payout_kop, true),
    };
    if changed {
        tracing::info!(application_id = %id, status = status.as_str(), "decision recorded");
        if wants_postback {
            state.wake_outbox();
        }
    }
    Ok(json_response(
        StatusCode::OK,
        &DecisionResponse {
            application_id: id,
            status,
            updated_at: rfc3339(updated_at),
            payout_kop,
            changed,
        },
    ))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EraseRequest {
    /// Why (for the record): e.g. `consent_withdrawn`, `subject_request`.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EraseResponse {
    pub application_id: String,
    pub status: Status,
    /// False when it had been erased before.
    pub erased_now: bool,
}

/// Erases the applicant's personal data (152-FZ art. 9 and 21: consent withdrawn, or the
/// subject's request). The status, counts and events stay; an undecided application becomes
/// `withdrawn`.
#[utoipa::path(post, tag = "operator", path = "/v1/applications/{id}/erase",
    params(("id" = String, Path), ("Prequal-Signature" = String, Header, description = "Signed with the operator's secret")),
    request_body = EraseRequest,
    responses((status = 200, body = EraseResponse), (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 404, body = crate::problem::Problem, content_type = "application/problem+json"))
)]
pub async fn erase(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let bytes = read_body(&parts.headers, body, state.settings().body_limit_bytes).await?;
    check_signature(&state, &parts.headers, &bytes, state.operator_secrets())?;
    let id = id.to_ascii_lowercase(); // stored in lower case (intake.rs `application_id`)
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        let _: EraseRequest = parse_body(&bytes)?;
    }
    let now = now_ms();
    let key = id.clone();
    let outcome = state
        .db()
        .write(move |c| store::erase(c, &key, true, now))
        .await?;
    let (status, erased_now) = match outcome {
        Erased::NotFound => return Err(ApiError::NotFound),
        Erased::Done { status } => (status, true),
        Erased::AlreadyErased { status } => (status, false),
    };
    tracing::info!(application_id = %id, erased_now, "personal data erased on request");
    Ok(json_response(
        StatusCode::OK,
        &EraseResponse {
            application_id: id,
            status,
            erased_now,
        },
    ))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConsentRecord {
    pub kind: String,
    pub text_version: String,
    /// As the applicant's browser reported it.
    pub given_at: String,
    /// As the server observed it (RFC 3339).
    pub received_at: String,
    /// `null` once erased.
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventRecord {
    pub kind: String,
    pub status: String,
    pub payout_kop: i64,
    pub at: String,
}

/// One application as the MFO sees it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApplicationRecord {
    pub application_id: String,
    pub partner_id: String,
    pub test: bool,
    pub status: Status,
    pub offer_id: String,
    pub rules_version: String,
    pub config_version: String,
    /// The verdict's warnings (e.g. `pdn.warn`).
    pub warning_codes: Vec<String>,
    /// An earlier application with the same passport within the repeat window.
    pub repeat_of: Option<String>,
    pub payout_kop: i64,
    pub created_at: String,
    pub updated_at: String,
    pub erased_at: Option<String>,
    /// The application as accepted, decrypted; `null` once its personal data was erased.
    #[schema(value_type = Option<Object>)]
    pub application: Option<serde_json::Value>,
    pub consents: Vec<ConsentRecord>,
    pub events: Vec<EventRecord>,
}

/// Reads one application in full, personal data decrypted.
#[utoipa::path(get, tag = "operator", path = "/v1/operator/applications/{id}",
    params(("id" = String, Path), ("Prequal-Signature" = String, Header, description = "Signed (empty body) with the operator's secret")),
    responses((status = 200, body = ApplicationRecord), (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 404, body = crate::problem::Problem, content_type = "application/problem+json"))
)]
pub async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let (parts, _) = req.into_parts();
    check_signature(&state, &parts.headers, b"", state.operator_secrets())?;
    let id = id.to_ascii_lowercase(); // stored in lower case (intake.rs `application_id`)
    let r = state
        .db()
        .read(move |c| store::record(c, &id))
        .await?
        .ok_or(ApiError::NotFound)?;
    let application = match (&r.key_id, &r.payload) {
        (Some(key_id), Some(sealed)) => {
            let plain = state
                .keyring()
                .open(key_id, r.application_id.as_bytes(), sealed)
                .map_err(|e| ApiError::Storage(format!("application {}: {e}", r.application_id)))?;
            Some(serde_json::from_slice(&plain).map_err(|e| ApiError::Storage(e.to_string()))?)
        }
        _ => None,
    };
    tracing::info!(application_id = %r.application_id, "operator read an application");
    let out = ApplicationRecord {
        application_id: r.application_id,
        partner_id: r.partner_id,
        test: r.test,
        status: r.status,
        offer_id: r.offer_id,
        rules_version: r.rules_version,
        config_version: r.config_version,
        warning_codes: serde_json::from_str(&r.warning_codes).unwrap_or_default(),
        repeat_of: r.repeat_of,
        payout_kop: r.payout_kop,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
        erased_at: r.erased_at.map(rfc3339),
        application,
        consents: r
            .consents
            .into_iter()
            .map(
                |(kind, text_version, given_at, received_at, client_addr, user_agent)| {
                    ConsentRecord {
                        kind,
                        text_version,
                        given_at,
                        received_at: rfc3339(received_at),
                        client_addr,
                        user_agent,
                    }
                },
            )
            .collect(),
        events: r
            .events
            .into_iter()
            .map(|(kind, status, payout_kop, at)| EventRecord {
                kind,
                status,
                payout_kop,
                at: rfc3339(at),
            })
            .collect(),
    };
    Ok(json_response(StatusCode::OK, &out))
}

/// Reads a signed call's JSON body: 400 when it is not JSON, 422 with the field's path when a
/// value has the wrong type (the same reader the rules engine uses for applications).
fn parse_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    use prequal_rules::application::{parse_json, ParseError};
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::BadJson("the body is not UTF-8".into()))?;
    parse_json(text).map_err(|e| match e {
        ParseError::Json { message } => ApiError::BadJson(message),
        ParseError::Schema { field, message } => {
            ApiError::Schema(vec![crate::problem::FieldProblem {
                code: "input.schema".into(),
                field,
                message,
                severity: None,
            }])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payouts_follow_the_offers_model() {
        let config = Config::demo();
        // mfo-a-payday: cpa 1500 ₽ on issued.
        assert_eq!(
            payout_for(&config, "mfo-a-payday", Status::Approved, None),
            0
        );
        assert_eq!(
            payout_for(&config, "mfo-a-payday", Status::Issued, None),
            150_000
        );
        // mfo-b-instalment: revshare 20 % of the interest paid, at repaid.
        assert_eq!(
            payout_for(&config, "mfo-b-instalment", Status::Issued, None),
            0
        );
        assert_eq!(
            payout_for(&config, "mfo-b-instalment", Status::Repaid, Some(224_000)),
            44_800
        );
        assert_eq!(
            payout_for(&config, "mfo-b-instalment", Status::Repaid, Some(3)),
            1
        );
        assert_eq!(payout_for(&config, "nope", Status::Issued, None), 0);
    }
}
