//! The committed OpenAPI description (`docs/openapi.json`) must match the code's.
//! `UPDATE_OPENAPI=1 cargo test -p prequal-server --test openapi` rewrites it.

#[test]
fn the_committed_openapi_spec_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let generated = prequal_server::openapi::spec_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p prequal-server --test openapi` and commit it"
    );
}

#[test]
fn the_spec_describes_every_endpoint_and_problem_type() {
    let spec: serde_json::Value =
        serde_json::from_str(&prequal_server::openapi::spec_json()).unwrap();
    for path in [
        "/v1/offers",
        "/v1/applications",
        "/v1/applications/{id}",
        "/v1/applications/{id}/decision",
        "/v1/applications/{id}/erase",
        "/v1/operator/applications/{id}",
        "/v1/partner/leads",
        "/v1/partner/funnel",
        "/healthz",
        "/readyz",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} missing");
    }
    let post = &spec["paths"]["/v1/applications"]["post"]["responses"];
    for code in ["201", "400", "401", "403", "409", "413", "422", "429"] {
        assert!(post[code].is_object(), "POST /v1/applications lacks {code}");
    }
}
