//! The partner's server-to-server calls, signed with its secret key (and naming its
//! publishable key): its leads' statuses and a funnel summary.

use super::{json_response, signed_partner};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::store::{self, Funnel, Lead};
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadsQuery {
    /// The `cursor` of the last lead of the previous page.
    pub after: Option<String>,
    /// At most this many (1…1000, default 100).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LeadsPage {
    /// Oldest change first.
    pub leads: Vec<Lead>,
    /// Pass as `after` to get the next page; `null` when this page was the last.
    pub next: Option<String>,
}

/// The partner's leads whose status changed after `after`.
#[utoipa::path(get, tag = "partner", path = "/v1/partner/leads",
    params(LeadsQuery, ("X-Prequal-Key" = String, Header), ("Prequal-Signature" = String, Header, description = "Signed (empty body) with the partner's secret")),
    responses((status = 200, body = LeadsPage), (status = 400, body = crate::problem::Problem, content_type = "application/problem+json"), (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"))
)]
pub async fn leads(
    State(state): State<AppState>,
    query: Result<Query<LeadsQuery>, axum::extract::rejection::QueryRejection>,
    req: Request,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let partner = signed_partner(&state, req.headers(), b"").await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::BadRequest(
            "limit must be between 1 and 1000".into(),
        ));
    }
    let (after_ms, after_id) = match q.after.as_deref() {
        None | Some("") => (i64::MIN, String::new()),
        Some(c) => {
            let (ms, id) = c.split_once(':').ok_or_else(|| {
                ApiError::BadRequest("after must be a cursor from a previous page".into())
            })?;
            (
                ms.parse().map_err(|_| {
                    ApiError::BadRequest("after must be a cursor from a previous page".into())
                })?,
                id.to_owned(),
            )
        }
    };
    let pid = partner.id.clone();
    let leads = state
        .db()
        .read(move |c| store::leads(c, &pid, (after_ms, &after_id), limit))
        .await?;
    let next = if leads.len() as i64 == limit {
        leads.last().map(|l| l.cursor.clone())
    } else {
        None
    };
    Ok(json_response(StatusCode::OK, &LeadsPage { leads, next }))
}

/// Counts by status, how many reached each stage, and the payout earned.
#[utoipa::path(get, tag = "partner", path = "/v1/partner/funnel",
    params(("X-Prequal-Key" = String, Header), ("Prequal-Signature" = String, Header, description = "Signed (empty body) with the partner's secret")),
    responses((status = 200, body = Funnel), (status = 401, body = crate::problem::Problem, content_type = "application/problem+json"))
)]
pub async fn funnel(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let partner = signed_partner(&state, req.headers(), b"").await?;
    let (pid, test) = (partner.id.clone(), partner.test);
    let f = state
        .db()
        .read(move |c| store::funnel(c, &pid, test))
        .await?;
    Ok(json_response(StatusCode::OK, &f))
}
