//! The OpenAPI description, generated from the handlers' annotations (utoipa). The committed
//! copy is `docs/openapi.json`; a test fails when it drifts (`UPDATE_OPENAPI=1 cargo test`
//! rewrites it), and `prequal-server openapi` prints it.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "prequal intake API",
        description = "The reference MFO intake API: re-checks applications with the prequal rules engine, stores them exactly once, reports statuses and postbacks to partners. Errors are application/problem+json (RFC 9457). See contract.md, \"Intake API\".",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        crate::api::healthz,
        crate::api::readyz,
        crate::api::intake::offers,
        crate::api::intake::create_application,
        crate::api::intake::application_status,
        crate::api::operator::decide,
        crate::api::operator::erase,
        crate::api::operator::record,
        crate::api::partner::leads,
        crate::api::partner::funnel,
    ),
    components(schemas(crate::problem::Problem, crate::problem::FieldProblem, crate::store::Status)),
    modifiers(&Security)
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "publishable_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Prequal-Key",
                "The partner's publishable key (pk_test_… or pk_live_…), bound to its allowed origins.",
            ))),
        );
        components.add_security_scheme(
            "signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Prequal-Signature",
                "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.raw_body\">; several v1 allowed; 300 s tolerance.",
            ))),
        );
    }
}

pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The spec as committed: pretty JSON with a final newline.
pub fn spec_json() -> String {
    let mut s = spec()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
