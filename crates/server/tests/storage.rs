//! The intake API end to end through the router (`oneshot`, no socket), on real storage. Every
//! case runs twice: on SQLite (`sqlite::…`) and on PostgreSQL (`postgres::…`).

mod common;

use common::*;
use prequal_server::store;
use serde_json::json;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::cases::$name(super::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::cases::$name(super::Backend::Postgres).await })*
        }
    };
}

on_both_backends!(
    a_qualified_application_is_stored_once_with_its_versions,
    personal_data_is_sealed_at_rest_and_opens_for_the_operator,
    a_retry_gets_the_saved_response_and_another_body_gets_422,
    a_duplicate_in_progress_gets_409,
    concurrent_duplicates_create_exactly_one_record,
    the_server_recheck_is_authoritative,
    bad_input_is_refused_with_the_right_status_never_500,
    keys_and_origins_are_checked,
    rate_limits_hold_across_instances,
    signatures_are_verified,
    decisions_move_the_status_and_pay_the_partner,
    postbacks_go_through_the_outbox_with_retries_and_survive_restarts,
    test_keys_never_trigger_postbacks,
    two_instances_deliver_each_postback_once,
    repeat_applications_are_flagged_across_partners,
    erasure_on_request_keeps_counts_and_statuses,
    the_retention_job_erases_what_went_nowhere,
    partners_see_their_own_leads_and_funnel,
    data_keys_rotate,
    health_and_readiness,
);

/// Not a storage matter, so on SQLite only: the demo's offers name this server as the page
/// does. A page opened as `http://localhost:8080` posts to `localhost`, not to the public URL's
/// `127.0.0.1`, which its own `connect-src 'self'` would block; no other `Host` moves them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_endpoints_follow_the_loopback_name_the_page_used() {
    let t = TestApp::with(Backend::Sqlite, |s| {
        s.public_url = Some("http://127.0.0.1:8080".into());
        for p in &mut s.partners {
            p.rewrite_endpoints = true;
        }
    })
    .await;
    let endpoints = |host: Option<&str>| {
        let mut req = axum::http::Request::get("/v1/offers").header("x-prequal-key", TEST_KEY);
        if let Some(host) = host {
            req = req.header("host", host);
        }
        let req = req.body(axum::body::Body::empty()).unwrap();
        async {
            let r = t.send(req).await;
            assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.text);
            let offers = r.json["offers"].as_array().unwrap().clone();
            assert_eq!(offers.len(), 2);
            offers
                .iter()
                .map(|o| o["endpoint"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let public = "http://127.0.0.1:8080/v1/applications";
    for (host, endpoint) in [
        (None, public),
        (Some("127.0.0.1:8080"), public),
        (
            Some("localhost:8080"),
            "http://localhost:8080/v1/applications",
        ),
        (
            Some("LocalHost:8080"),
            "http://localhost:8080/v1/applications",
        ),
        (Some("[::1]:8080"), "http://[::1]:8080/v1/applications"),
        // Another port, another host, or none that reads: the public URL.
        (Some("localhost:9090"), public),
        (Some("evil.example:8080"), public),
        (Some("evil.example"), public),
        (Some("localhost"), public),
    ] {
        assert_eq!(endpoints(host).await, [endpoint, endpoint], "{host:?}");
    }
}

/// Not a storage matter, so on SQLite only: HTTPS postbacks are verified against the trusted
/// roots, and `outbox.ca_file` adds a partner's private CA to them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_postbacks_trust_the_web_pki_and_the_configured_ca_only() {
    let target = PostbackTarget::start_https(vec![]).await;
    let template = format!("{}/pb?id={{application_id}}&st={{status}}", target.url);
    let untrusting = TestApp::with(Backend::Sqlite, |s| {
        s.partners[0].postback_url = Some(template.clone())
    })
    .await;
    let (id, app) = fresh_application();
    assert_eq!(
        untrusting.post_app(ACME_KEY, &app).await.status,
        axum::http::StatusCode::CREATED
    );
    // Without the CA the tracker's certificate is refused: nothing is sent, the postback waits.
    let client = untrusting.state.postback_client().clone();
    assert_eq!(
        prequal_server::outbox::deliver_due(&untrusting.state, &client)
            .await
            .unwrap(),
        1
    );
    let c = untrusting
        .state
        .db()
        .read(store::outbox_counts)
        .await
        .unwrap();
    assert_eq!((c.pending, c.done), (1, 0));
    assert!(target.hits().is_empty(), "{:?}", target.hits());

    // The same database, now trusting the CA (a restart with `outbox.ca_file` set).
    let trusting = untrusting
        .another_instance(|s| {
            s.outbox.ca_file = Some(test_pki("ca.pem"));
            s.outbox.base_backoff_ms = 1;
        })
        .await;
    let client = trusting.state.postback_client().clone();
    for _ in 0..50 {
        prequal_server::outbox::deliver_due(&trusting.state, &client)
            .await
            .unwrap();
        if !target.hits().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(target.hits(), [format!("/pb?id={id}&st=received")]);
    let c = trusting
        .state
        .db()
        .read(store::outbox_counts)
        .await
        .unwrap();
    assert_eq!((c.pending, c.done), (0, 1));
}

#[test]
fn a_ca_file_that_is_not_one_stops_the_start() {
    let bad = [
        ("missing.pem", "cannot", false),
        ("localhost.key", "no certificate", true),
    ];
    for (name, says, exists) in bad {
        let path = test_pki(name);
        assert_eq!(path.exists(), exists, "{}", path.display());
        let e = prequal_server::outbox::read_roots(&path).unwrap_err();
        assert!(e.contains("outbox.ca_file") && e.contains(says), "{e}");
    }
    assert_eq!(
        prequal_server::outbox::read_roots(&test_pki("ca.pem"))
            .unwrap()
            .len(),
        1
    );
    // The server does not start with it.
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(fresh_database(Backend::Sqlite, dir.path()), dir.path());
    s.outbox.ca_file = Some(test_pki("localhost.key"));
    let today = prequal_server::clock::moscow_date(prequal_server::clock::now_ms());
    let e = s.resolve(&|_| None, today).unwrap_err();
    assert!(e.contains("outbox.ca_file"), "{e}");
}

mod cases {
    use super::*;
    use axum::http::StatusCode;

    pub async fn a_qualified_application_is_stored_once_with_its_versions(b: Backend) {
        let t = TestApp::new(b).await;
        let (id, app) = fresh_application();
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.json, json!({"application_id": id, "status": "received"}));
        assert_eq!(
            r.headers["location"],
            format!("/v1/applications/{id}").as_str()
        );
        assert_eq!(r.headers["access-control-allow-origin"], SHOP);

        let s = t.get(&format!("/v1/applications/{id}"), ACME_KEY).await;
        assert_eq!(s.status, StatusCode::OK);
        assert_eq!(s.json["status"], "received");
        assert!(s.json["updated_at"].as_str().unwrap().ends_with("+03:00"));
        // Another partner's key does not see it.
        assert_eq!(
            t.get(&format!("/v1/applications/{id}"), OTHER_KEY)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            t.get("/v1/applications/nope-nope-nope", ACME_KEY)
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        let rec = t.record(&id).await;
        assert_eq!(rec.status, StatusCode::OK, "{}", rec.text);
        assert_eq!(
            rec.json["rules_version"],
            prequal_rules::verdict::RULES_VERSION
        );
        assert_eq!(
            rec.json["config_version"],
            prequal_rules::config::Config::demo().config_version
        );
        assert_eq!(rec.json["test"], false);
        assert_eq!(rec.json["warning_codes"], json!(["pdn.warn"]));
        // Consents with the server's time, the client's address and user agent.
        let consents = rec.json["consents"].as_array().unwrap();
        assert_eq!(consents.len(), 3);
        assert_eq!(consents[0]["client_addr"], "203.0.113.7");
        assert_eq!(consents[0]["user_agent"], "prequal-tests/1");
        assert!(consents[0]["received_at"]
            .as_str()
            .unwrap()
            .starts_with("20"));
        assert_eq!(rec.json["events"][0]["kind"], "received");
        assert_eq!(t.count().await, 1);
    }

    pub async fn personal_data_is_sealed_at_rest_and_opens_for_the_operator(b: Backend) {
        let t = TestApp::new(b).await;
        let id = new_id();
        let app = application(&id, "573482");
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        // Every stored column, as bytes: no passport, INN, SNILS, phone or name in the clear.
        let rows = t
            .state
            .db()
            .read(|c| {
                let mut all = Vec::new();
                for table in ["applications", "consents", "events", "outbox"] {
                    for row in c.query(&format!("SELECT * FROM {table}"), &[])? {
                        all.push(format!("{row:?}"));
                    }
                }
                Ok(all.join("\n"))
            })
            .await
            .unwrap();
        for secret in [
            "573482",
            "500100732259",
            "11223344595",
            "112-233-445 95",
            "79123456789",
            "Иванов",
        ] {
            assert!(!rows.contains(secret), "{secret} stored in the clear");
        }
        let rec = t.record(&id).await;
        assert_eq!(
            rec.json["application"]["applicant"]["passport"]["number"],
            "573482"
        );
        assert_eq!(rec.json["application"]["applicant"]["inn"], "500100732259");
    }

    pub async fn a_retry_gets_the_saved_response_and_another_body_gets_422(b: Backend) {
        let t = TestApp::new(b).await;
        let (id, app) = fresh_application();
        let first = t.post_app(ACME_KEY, &app).await;
        assert_eq!(first.status, StatusCode::CREATED);
        // The same document, keys in another order and other whitespace: the saved response.
        let reordered = serde_json::to_string_pretty(&app).unwrap();
        let again = t.send(post_request(ACME_KEY, Some(SHOP), &reordered)).await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.text, first.text);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        // The same key with another body.
        let mut changed = app.clone();
        changed["loan"]["amount_kop"] = json!(1_100_000);
        let r = t.post_app(ACME_KEY, &changed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.problem_type().ends_with("/idempotency-key-reused"));
        // The same key from another partner.
        let r = t
            .send(post_request(
                OTHER_KEY,
                Some("https://other.example"),
                &app.to_string(),
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The Idempotency-Key header is the id; it must agree with the body's.
        let mut req = post_request(ACME_KEY, Some(SHOP), &app.to_string());
        req.headers_mut()
            .insert("idempotency-key", new_id().parse().unwrap());
        assert_eq!(t.send(req).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        // A header that is no UUID at all is told so, not that it differs from the body's.
        let mut req = post_request(ACME_KEY, Some(SHOP), &app.to_string());
        req.headers_mut()
            .insert("idempotency-key", "not-a-uuid".parse().unwrap());
        let r = t.send(req).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.json["problems"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("UUID")),
            "{}",
            r.text
        );
        let mut no_id = app.clone();
        no_id.as_object_mut().unwrap().remove("application_id");
        let mut req = post_request(ACME_KEY, Some(SHOP), &no_id.to_string());
        req.headers_mut()
            .insert("idempotency-key", id.parse().unwrap());
        let r = t.send(req).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a body without the id is another body"
        );
        // The same UUID in capitals is the same application: a replay, never a second one.
        let mut upper = app.clone();
        upper["application_id"] = json!(id.to_ascii_uppercase());
        let r = t.post_app(ACME_KEY, &upper).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.headers["idempotent-replayed"], "true");
        assert_eq!(r.text, first.text);
        let status = t
            .get(
                &format!("/v1/applications/{}", id.to_ascii_uppercase()),
                ACME_KEY,
            )
            .await;
        assert_eq!(status.status, StatusCode::OK, "{}", status.text);
        assert_eq!(status.json["application_id"], id.as_str());
        assert_eq!(t.count().await, 1);

        // The partner's offers change overnight so that the application would no longer
        // qualify: a retry still gets the saved response, a new application gets the verdict.
        let mut config = serde_json::to_value(prequal_rules::config::Config::demo()).unwrap();
        for offer in config["offers"].as_array_mut().unwrap() {
            offer["regions_excluded"] = json!(["77"]);
        }
        let file = t.dir.path().join("offers-excluding-77.json");
        std::fs::write(&file, config.to_string()).unwrap();
        let changed = t
            .another_instance(|s| {
                s.partners[0].config = None;
                s.partners[0].config_file = Some(file);
            })
            .await;
        let retry = changed.post_app(ACME_KEY, &app).await;
        assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text);
        assert_eq!(retry.text, first.text);
        let (_, new) = fresh_application();
        let r = changed.post_app(ACME_KEY, &new).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.problem_type().ends_with("/not-qualified"));
        assert_eq!(t.count().await, 1);
    }

    pub async fn a_duplicate_in_progress_gets_409(b: Backend) {
        let t = TestApp::new(b).await;
        let (id, app) = fresh_application();
        let guard = t.state.begin_inflight(&id).expect("not in flight yet");
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.problem_type().ends_with("/in-progress"));
        assert_eq!(r.headers["retry-after"], "1");
        drop(guard);
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
    }

    pub async fn concurrent_duplicates_create_exactly_one_record(b: Backend) {
        let t = TestApp::new(b).await;
        let second = t.another_instance(|_| {}).await;
        let (id, app) = fresh_application();
        let mut tasks = Vec::new();
        for i in 0..24 {
            let router = if i % 2 == 0 {
                t.router.clone()
            } else {
                second.router.clone()
            };
            let body = app.to_string();
            tasks.push(tokio::spawn(async move {
                use tower::ServiceExt;
                router
                    .oneshot(post_request(ACME_KEY, Some(SHOP), &body))
                    .await
                    .unwrap()
                    .status()
            }));
        }
        let mut created = 0;
        for task in tasks {
            let status = task.await.unwrap();
            assert!(
                status == StatusCode::CREATED || status == StatusCode::CONFLICT,
                "{status}"
            );
            created += usize::from(status == StatusCode::CREATED);
        }
        assert!(created >= 1);
        assert_eq!(t.count().await, 1);
        let rec = t.record(&id).await;
        assert_eq!(rec.json["events"].as_array().unwrap().len(), 1);
        assert_eq!(rec.json["consents"].as_array().unwrap().len(), 3);
    }

    pub async fn the_server_recheck_is_authoritative(b: Backend) {
        let t = TestApp::new(b).await;
        // A browser could claim anything: a bad INN checksum and an amount over the offer's.
        let (_, mut app) = fresh_application();
        app["applicant"]["inn"] = json!("500100732258");
        app["loan"]["amount_kop"] = json!(99_000_000);
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.problem_type().ends_with("/not-qualified"));
        let codes = r.codes();
        assert!(codes.contains(&"inn.checksum".to_owned()), "{codes:?}");
        assert!(
            codes.contains(&"loan.amount_out_of_range".to_owned()),
            "{codes:?}"
        );
        let inn = r.problem("inn.checksum");
        assert_eq!(inn["field"], "applicant.inn");
        assert!(!inn["message"].as_str().unwrap().is_empty());
        // The application date is `applied_at`'s (contract.md, "Conventions"), as in the
        // browser: 17 on 2026-01-10, though 18 on any day this test runs.
        let (_, mut app) = fresh_application();
        app["applied_at"] = json!("2026-01-10T12:00:00+03:00");
        app["applicant"]["birth_date"] = json!("2008-01-11");
        app["applicant"]["passport"]["series"] = json!("4522");
        app["applicant"]["passport"]["issue_date"] = json!("2022-02-01");
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        r.problem("age.under_min");
        // But a date that has not come yet does not age the applicant: ten years old today,
        // "applying" in ten years, is under age.
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let year = 1970 + secs / 31_556_952;
        let (_, mut app) = fresh_application();
        app["applied_at"] = json!(format!("{}-06-01T12:00:00+03:00", year + 10));
        app["applicant"]["birth_date"] = json!(format!("{}-01-01", year - 10));
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        r.problem("age.under_min");
        // Missing consent.
        let (_, mut app) = fresh_application();
        app["consents"].as_array_mut().unwrap().pop();
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.codes(), vec!["consent.transfer".to_owned()]);
        assert!(r.problem_type().ends_with("/not-qualified"));
        // A required field left out is a schema problem, even beside a reason not to qualify;
        // the type tells which (contract.md, "Intake API"), and every problem is listed.
        let (_, mut app) = fresh_application();
        app["applicant"].as_object_mut().unwrap().remove("phone");
        app["income"]
            .as_object_mut()
            .unwrap()
            .remove("unconfirmed_kop");
        app["applicant"]["inn"] = json!("500100732258");
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(
            r.problem_type().ends_with("/invalid-application"),
            "{}",
            r.text
        );
        let codes = r.codes();
        for code in [
            "applicant.phone.missing",
            "income.unconfirmed_kop.missing",
            "inn.checksum",
        ] {
            assert!(codes.contains(&code.to_owned()), "{codes:?}");
        }
        assert_eq!(
            r.problem("applicant.phone.missing")["field"],
            "applicant.phone"
        );
        assert_eq!(t.count().await, 0);
    }

    pub async fn bad_input_is_refused_with_the_right_status_never_500(b: Backend) {
        let t = TestApp::with(b, |s| s.body_limit_bytes = 16 * 1024).await;
        let send = |body: String| t.send(post_request(ACME_KEY, Some(SHOP), &body));
        // Malformed JSON: 400 saying where.
        let r = send("{\"application_id\": \"abcdefgh-1\",\n \"loan\": {".into()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.problem_type().ends_with("/json"));
        assert_eq!(r.json["problems"][0]["code"], "input.json");
        assert!(
            r.json["detail"].as_str().unwrap().contains("line 2"),
            "{}",
            r.text
        );
        assert_eq!(r.headers["content-type"], "application/problem+json");
        // Wrong types: 422 with the field's path.
        let (_, mut app) = fresh_application();
        app["loan"]["amount_kop"] = json!("10000");
        let r = send(app.to_string()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.problem_type().ends_with("/invalid-application"));
        assert_eq!(r.json["problems"][0]["field"], "loan.amount_kop");
        assert_eq!(r.json["problems"][0]["code"], "input.schema");
        assert_eq!(
            r.json["problems"].as_array().unwrap().len(),
            1,
            "{}",
            r.text
        );
        // Every wrongly typed field in one answer, not only the first.
        app["applicant"]["phone"] = json!(79123456789u64);
        app["income"]["employment"] = json!("astronaut");
        let r = send(app.to_string()).await;
        let fields: Vec<&str> = r.json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["applicant.phone", "income.employment", "loan.amount_kop"],
            "{}",
            r.text
        );
        assert!(!r.text.contains("79123456789") && !r.text.contains("astronaut"));
        let (_, mut app) = fresh_application();
        app["consents"][1]["kind"] = json!("marketing");
        let r = send(app.to_string()).await;
        assert_eq!(r.json["problems"][0]["field"], "consents[1].kind");
        // Values out of range, the wrong root, nothing at all, not UTF-8, a bad id.
        let (_, mut app) = fresh_application();
        app["loan"]["term_days"] = json!(-5);
        assert_eq!(
            send(app.to_string()).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // An array where the schema has an object is a schema problem, never a reading of
        // the array's items as the object's fields.
        let (id, mut app) = fresh_application();
        app["loan"] = json!([1_000_000, 30]);
        for (body, field) in [
            (app.to_string(), "loan"),
            (json!([id]).to_string(), ""),
            ("[1,2]".to_owned(), ""),
        ] {
            let r = send(body).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
            assert!(
                r.problem_type().ends_with("/invalid-application"),
                "{}",
                r.text
            );
            assert_eq!(r.json["problems"][0]["field"], field);
        }
        // A refused value is not echoed: it may be personal data.
        let (_, mut app) = fresh_application();
        app["applicant"]["phone"] = json!(79123456789_u64);
        let r = send(app.to_string()).await;
        assert_eq!(r.json["problems"][0]["field"], "applicant.phone");
        assert!(!r.text.contains("79123456789"), "{}", r.text);
        assert_eq!(send("".into()).await.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            send("null".into()).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let mut req = post_request(ACME_KEY, Some(SHOP), "");
        *req.body_mut() = axum::body::Body::from(vec![b'{', 0xff, 0xfe, b'}']);
        assert_eq!(t.send(req).await.status, StatusCode::BAD_REQUEST);
        for bad_id in ["../../etc/passwd", "not-a-uuid-but-ok"] {
            let (_, mut app) = fresh_application();
            app["application_id"] = json!(bad_id);
            let r = send(app.to_string()).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad_id}");
            assert_eq!(r.json["problems"][0]["field"], "application_id");
        }
        let (_, mut app) = fresh_application();
        app["application_id"] = json!(12345);
        assert_eq!(
            send(app.to_string()).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // Oversized: by Content-Length, and streamed without one.
        let (_, mut app) = fresh_application();
        app["padding"] = json!("x".repeat(20_000));
        let r = send(app.to_string()).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(r.problem_type().ends_with("/too-large"));
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            (0..40).map(|_| Ok(vec![b' '; 1024])).collect();
        let mut req = post_request(ACME_KEY, Some(SHOP), "");
        *req.body_mut() = axum::body::Body::from_stream(futures_stream(chunks));
        assert_eq!(t.send(req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
        // Another method on a known path, and an unknown path: problem+json too.
        for (method, path, status) in [
            ("DELETE", "/v1/offers", StatusCode::METHOD_NOT_ALLOWED),
            ("GET", "/v1/applications", StatusCode::METHOD_NOT_ALLOWED),
            ("GET", "/v1/no-such-thing", StatusCode::NOT_FOUND),
        ] {
            let req = axum::http::Request::builder()
                .method(method)
                .uri(path)
                .header("x-prequal-key", ACME_KEY)
                .body(axum::body::Body::empty())
                .unwrap();
            let r = t.send(req).await;
            assert_eq!(r.status, status, "{method} {path}");
            assert_eq!(r.headers["content-type"], "application/problem+json");
            assert_eq!(r.json["status"], status.as_u16());
            if status == StatusCode::METHOD_NOT_ALLOWED {
                assert!(
                    r.headers.contains_key("allow"),
                    "{method} {path}: {:?}",
                    r.headers
                );
            }
        }
        // Deeply nested JSON is refused by the parser's recursion limit, not by a crash.
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let r = send(deep).await;
        assert!(r.status.is_client_error(), "{}", r.status);
        // Huge numbers, unknown fields (ignored), control characters in strings.
        let (_, mut app) = fresh_application();
        app["loan"]["amount_kop"] = json!(1e300);
        assert_eq!(
            send(app.to_string()).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let (_, mut app) = fresh_application();
        app["applicant"]["last_name"] = json!("Ив\u{0}анов");
        assert_eq!(
            send(app.to_string()).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let (_, mut app) = fresh_application();
        app["unknown_field"] = json!({"a": 1});
        assert_eq!(send(app.to_string()).await.status, StatusCode::CREATED);
        assert_eq!(t.count().await, 1);
        // Unknown API paths are problem+json 404s.
        let r = t.get("/v1/nothing-here", ACME_KEY).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.headers["content-type"], "application/problem+json");
    }

    fn futures_stream(
        items: Vec<Result<Vec<u8>, std::io::Error>>,
    ) -> impl futures_core_stream::Stream<Item = Result<Vec<u8>, std::io::Error>> {
        futures_core_stream::iter(items)
    }

    pub async fn keys_and_origins_are_checked(b: Backend) {
        let t = TestApp::new(b).await;
        let (_, app) = fresh_application();
        let body = app.to_string();
        for key in ["", "pk_live_unknown", OFF_KEY] {
            let r = t.send(post_request(key, Some(SHOP), &body)).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "key {key:?}");
            assert!(r.problem_type().ends_with("/unknown-key"));
        }
        let mut req = post_request(ACME_KEY, Some(SHOP), &body);
        req.headers_mut().remove("x-prequal-key");
        assert_eq!(t.send(req).await.status, StatusCode::UNAUTHORIZED);
        for origin in [
            "https://evil.example",
            "http://shop.example",
            "https://shop.example.evil.example",
            "null",
        ] {
            let r = t.send(post_request(ACME_KEY, Some(origin), &body)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "origin {origin}");
            assert!(r.problem_type().ends_with("/forbidden-origin"));
            assert!(r.headers.get("access-control-allow-origin").is_none());
        }
        // The demo key's wildcard ports.
        let r = t
            .send(
                axum::http::Request::get("/v1/offers")
                    .header("x-prequal-key", TEST_KEY)
                    .header("origin", "http://localhost:5173")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json["config_version"], "demo-2026-11-24.1");
        assert_eq!(
            r.headers["access-control-allow-origin"],
            "http://localhost:5173"
        );
        // Another partner's origin with this key.
        let r = t
            .send(post_request(ACME_KEY, Some("https://other.example"), &body))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Preflights: allowed for an origin some partner allows, refused otherwise.
        let pre = |origin: &'static str| {
            axum::http::Request::options("/v1/applications")
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "content-type,x-prequal-key,idempotency-key",
                )
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let r = t.send(pre(SHOP)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(r.headers["access-control-allow-origin"], SHOP);
        assert!(r.headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("x-prequal-key"));
        assert_eq!(
            t.send(pre("https://evil.example")).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(t.count().await, 0);
        // Every answer varies with the Origin, with one or without, refused or not; the
        // browser may read whether an answer was a replay.
        let varies = |r: &Reply| {
            r.headers
                .get_all("vary")
                .iter()
                .any(|v| v.to_str().unwrap().to_ascii_lowercase().contains("origin"))
        };
        assert!(varies(&t.get("/v1/offers", ACME_KEY).await));
        assert!(varies(&t.send(pre("https://evil.example")).await));
        let r = t.post_app(ACME_KEY, &app).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert!(varies(&r));
        assert!(r.headers["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("idempotent-replayed"));
        // The key as the IETF draft writes it, a quoted string, is the same key; an empty
        // header is none (the body's id counts).
        for written in ["\"{id}\"", " \"{id}\" ", ""] {
            let (id, app) = fresh_application();
            let mut req = post_request(ACME_KEY, Some(SHOP), &app.to_string());
            let value = written.replace("{id}", &id);
            req.headers_mut()
                .insert("idempotency-key", value.parse().unwrap());
            let r = t.send(req).await;
            assert_eq!(r.status, StatusCode::CREATED, "{written:?}: {}", r.text);
            assert_eq!(r.json["application_id"], id.to_lowercase());
        }
    }

    pub async fn rate_limits_hold_across_instances(b: Backend) {
        let t = TestApp::with(b, |s| {
            s.rate_limit.per_key = 100;
            s.rate_limit.per_address = 4;
        })
        .await;
        let second = t.another_instance(|_| {}).await;
        let mut statuses = Vec::new();
        for i in 0..6 {
            let inst = if i % 2 == 0 { &t } else { &second };
            let (_, app) = fresh_application();
            let r = inst.post_app(ACME_KEY, &app).await;
            statuses.push(r.status.as_u16());
            if r.status == StatusCode::TOO_MANY_REQUESTS {
                assert!(r.problem_type().ends_with("/rate-limited"));
                let wait: i64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
                assert!((1..=60).contains(&wait), "{wait}");
            }
        }
        assert_eq!(statuses, vec![201, 201, 201, 201, 429, 429]);
        // Refused requests count too, and GETs share the same buckets.
        let get = axum::http::Request::get("/v1/offers")
            .header("x-prequal-key", ACME_KEY)
            .header("x-forwarded-for", "203.0.113.7")
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(second.send(get).await.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(t.count().await, 4);
        // Another address is not limited by this one; the key's own limit is separate.
        let (_, app) = fresh_application();
        let mut req = post_request(ACME_KEY, Some(SHOP), &app.to_string());
        req.headers_mut()
            .insert("x-forwarded-for", "198.51.100.1".parse().unwrap());
        assert_eq!(t.send(req).await.status, StatusCode::CREATED);
        let k = TestApp::with(b, |s| s.rate_limit.per_key = 2).await;
        for expected in [200, 200, 429] {
            assert_eq!(
                k.get("/v1/offers", ACME_KEY).await.status.as_u16(),
                expected
            );
        }
    }

    pub async fn signatures_are_verified(b: Backend) {
        let t = TestApp::new(b).await;
        let (id, app) = fresh_application();
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        let path = format!("/v1/applications/{id}/decision");
        let body = json!({"status": "approved"}).to_string();
        let now = prequal_server::clock::now_ms() / 1000;
        let try_sig = |sig: String, body: String| {
            let req = axum::http::Request::post(path.clone())
                .header("prequal-signature", sig)
                .body(axum::body::Body::from(body))
                .unwrap();
            t.send(req)
        };
        let sign = |secret: &str, at: i64, body: &str| {
            prequal_server::crypto::sign(secret.as_bytes(), at, body.as_bytes())
        };
        // Forged, stale, future, for another body, missing, garbage, a partner's secret.
        for (sig, b) in [
            (sign("sk_forged", now, &body), body.clone()),
            (sign(OPERATOR_SECRET, now - 301, &body), body.clone()),
            (sign(OPERATOR_SECRET, now + 301, &body), body.clone()),
            (sign(OPERATOR_SECRET, now, "{}"), body.clone()),
            ("t=1,v1=zz".into(), body.clone()),
            ("".into(), body.clone()),
            (sign(ACME_SECRET, now, &body), body.clone()),
        ] {
            let r = try_sig(sig, b).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
            assert!(r.problem_type().ends_with("/bad-signature"));
        }
        let req = axum::http::Request::post(path.clone())
            .body(axum::body::Body::from(body.clone()))
            .unwrap();
        assert_eq!(t.send(req).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            t.get(&format!("/v1/applications/{id}"), ACME_KEY)
                .await
                .json["status"],
            "received"
        );
        // The previous secret still works during a rotation, and several v1 are allowed.
        let two = format!(
            "{},v1={}",
            sign("sk_wrong", now, &body),
            sign(OPERATOR_OLD_SECRET, now, &body)
                .split("v1=")
                .nth(1)
                .unwrap()
        );
        let r = try_sig(two, body.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.json["status"], "approved");
        // The partner endpoints want the partner's own secret with its key.
        let r = t
            .signed(
                "GET",
                "/v1/partner/funnel",
                Some(ACME_KEY),
                OTHER_SECRET,
                "",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = t
            .signed(
                "GET",
                "/v1/partner/funnel",
                Some(ACME_KEY),
                OPERATOR_SECRET,
                "",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = t
            .signed("GET", "/v1/partner/funnel", Some(ACME_KEY), ACME_SECRET, "")
            .await;
        assert_eq!(r.status, StatusCode::OK);

        // The intake endpoints: a browser sends no signature; a server that sends one must
        // send a good one, with the partner's secret.
        let (_, app) = fresh_application();
        let body = app.to_string();
        for secret in [OTHER_SECRET, OPERATOR_SECRET, "sk_forged"] {
            let r = t
                .signed("POST", "/v1/applications", Some(ACME_KEY), secret, &body)
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
            assert!(r.problem_type().ends_with("/bad-signature"));
        }
        let mut stale = post_request(ACME_KEY, None, &body);
        stale.headers_mut().insert(
            "prequal-signature",
            sign(ACME_SECRET, now - 301, &body).parse().unwrap(),
        );
        assert_eq!(t.send(stale).await.status, StatusCode::UNAUTHORIZED);
        for path in ["/v1/offers", &format!("/v1/applications/{id}")] {
            let r = t
                .signed("GET", path, Some(ACME_KEY), OTHER_SECRET, "")
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
            let r = t.signed("GET", path, Some(ACME_KEY), ACME_SECRET, "").await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
        }
        let r = t
            .signed(
                "POST",
                "/v1/applications",
                Some(ACME_KEY),
                ACME_SECRET,
                &body,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }

    pub async fn decisions_move_the_status_and_pay_the_partner(b: Backend) {
        let t = TestApp::new(b).await;
        let (id, app) = fresh_application();
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        let r = t.decide(&id, json!({"status": "issued"})).await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "received cannot become issued"
        );
        assert!(r.problem_type().ends_with("/invalid-transition"));
        let r = t.decide(&id, json!({"status": "approved"})).await;
        assert_eq!(
            (r.json["changed"].clone(), r.json["payout_kop"].clone()),
            (json!(true), json!(0))
        );
        let r = t.decide(&id, json!({"status": "approved"})).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json["changed"], false, "a repeated call records nothing");
        // mfo-a-payday pays 1500 ₽ (cpa) on issued.
        let r = t.decide(&id, json!({"status": "issued"})).await;
        assert_eq!(r.json["payout_kop"], 150_000);
        let r = t
            .decide(
                &id,
                json!({"status": "repaid", "interest_paid_kop": 240_000}),
            )
            .await;
        assert_eq!(r.json["payout_kop"], 0);
        assert_eq!(
            t.get(&format!("/v1/applications/{id}"), ACME_KEY)
                .await
                .json["status"],
            "repaid"
        );
        let rec = t.record(&id).await;
        let kinds: Vec<&str> = rec.json["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["received", "approved", "issued", "repaid"]);
        assert_eq!(rec.json["payout_kop"], 150_000);
        // Bad decisions.
        for body in [
            json!({"status": "received"}),
            json!({"status": "lost"}),
            json!({"status": "approved", "x": 1}),
        ] {
            assert_eq!(
                t.decide(&id, body).await.status,
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        assert_eq!(
            t.decide("no-such-application", json!({"status": "approved"}))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // revshare: 20 % of the interest paid, on repaid.
        let id2 = new_id();
        let mut app2 = application(&id2, &new_passport_number());
        app2["offer_id"] = json!("mfo-b-instalment");
        app2["loan"] = json!({"amount_kop": 2_000_000, "term_days": 84});
        app2["obligations"]["monthly_payments_kop"] = json!(0);
        app2["consents"] = json!([
            { "kind": "personal_data", "text_version": "pd-2026-02", "given_at": "2026-11-24T10:14:50+03:00" },
            { "kind": "credit_bureau", "text_version": "bki-2026-02", "given_at": "2026-11-24T10:14:51+03:00" },
            { "kind": "transfer", "text_version": "tr-2026-02", "given_at": "2026-11-24T10:14:52+03:00" }
        ]);
        let r = t.post_app(ACME_KEY, &app2).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        for s in ["approved", "issued"] {
            assert_eq!(
                t.decide(&id2, json!({"status": s})).await.json["payout_kop"],
                0
            );
        }
        let r = t
            .decide(
                &id2,
                json!({"status": "repaid", "interest_paid_kop": 300_001}),
            )
            .await;
        assert_eq!(r.json["payout_kop"], 60_000);
    }

    pub async fn postbacks_go_through_the_outbox_with_retries_and_survive_restarts(b: Backend) {
        let target = PostbackTarget::start(vec![500, 503]).await;
        let template = format!(
            "{}/pb?cid={{click_id}}&s1={{sub1}}&s5={{sub5}}&st={{status}}&p={{payout}}",
            target.url
        );
        let t = TestApp::with(b, |s| s.partners[0].postback_url = Some(template.clone())).await;
        let client = t.state.postback_client().clone();
        let (id, app) = fresh_application();
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        // The first two calls fail (500, 503); each failure schedules a retry with backoff.
        assert_eq!(
            prequal_server::outbox::deliver_due(&t.state, &client)
                .await
                .unwrap(),
            1
        );
        let counts = t.state.db().read(store::outbox_counts).await.unwrap();
        assert_eq!((counts.pending, counts.done), (1, 0));
        assert_eq!(
            prequal_server::outbox::deliver_due(&t.state, &client)
                .await
                .unwrap(),
            0,
            "not due yet"
        );
        tokio::time::sleep(std::time::Duration::from_millis(80)).await;
        prequal_server::outbox::deliver_due(&t.state, &client)
            .await
            .unwrap();
        // A decision, then a "restart": a new instance on the same database delivers it.
        assert_eq!(
            t.decide(&id, json!({"status": "approved"})).await.status,
            StatusCode::OK
        );
        assert_eq!(
            t.decide(&id, json!({"status": "issued"})).await.status,
            StatusCode::OK
        );
        let restarted = t.another_instance(|_| {}).await;
        for _ in 0..20 {
            prequal_server::outbox::deliver_due(&restarted.state, &client)
                .await
                .unwrap();
            let c = restarted
                .state
                .db()
                .read(store::outbox_counts)
                .await
                .unwrap();
            if c.pending == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let c = restarted
            .state
            .db()
            .read(store::outbox_counts)
            .await
            .unwrap();
        assert_eq!((c.pending, c.done, c.dead), (0, 3, 0));
        let hits = target.hits();
        let ok: Vec<&String> = hits.iter().skip(2).collect();
        assert_eq!(hits.len(), 5, "{hits:?}");
        assert!(hits[0].contains("st=received"));
        assert!(
            ok.iter()
                .any(|h| h.as_str() == "/pb?cid=clk-42&s1=blog&s5=s5&st=issued&p=1500.00"),
            "{hits:?}"
        );
        assert!(
            ok.iter().any(|h| h.contains("st=approved&p=0.00")),
            "{hits:?}"
        );
    }

    pub async fn two_instances_deliver_each_postback_once(b: Backend) {
        let target = PostbackTarget::start(vec![]).await;
        let template = format!("{}/pb?id={{application_id}}&st={{status}}", target.url);
        let t = TestApp::with(b, |s| {
            s.partners[0].postback_url = Some(template.clone());
            s.outbox.batch = 3;
        })
        .await;
        let second = t.another_instance(|_| {}).await;
        for _ in 0..30 {
            let (_, app) = fresh_application();
            assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        }
        let client = t.state.postback_client().clone();
        let (a, b2) = tokio::join!(
            prequal_server::outbox::deliver_due(&t.state, &client),
            prequal_server::outbox::deliver_due(&second.state, &client)
        );
        assert_eq!(
            a.unwrap() + b2.unwrap(),
            30,
            "each row is claimed by one instance only"
        );
        let mut hits = target.hits();
        assert_eq!(hits.len(), 30);
        hits.sort();
        hits.dedup();
        assert_eq!(hits.len(), 30, "no postback was sent twice");
        let c = t.state.db().read(store::outbox_counts).await.unwrap();
        assert_eq!((c.pending, c.done), (0, 30));
    }

    pub async fn test_keys_never_trigger_postbacks(b: Backend) {
        let target = PostbackTarget::start(vec![]).await;
        let t = TestApp::with(b, |s| {
            s.partners[2].postback_url = Some(format!("{}/pb?st={{status}}", target.url))
        })
        .await;
        let mut ids = Vec::new();
        for _ in 0..2 {
            let (id, app) = fresh_application();
            let r = t
                .send(post_request(
                    TEST_KEY,
                    Some("http://127.0.0.1:8080"),
                    &app.to_string(),
                ))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            ids.push(id);
        }
        /// Decides `id` on `instance` and delivers what is due: nothing may go out.
        async fn decided_without_postback(instance: &TestApp, id: &str, target: &PostbackTarget) {
            let decided = instance.decide(id, json!({"status": "approved"})).await;
            assert_eq!(decided.status, StatusCode::OK);
            prequal_server::outbox::deliver_due(&instance.state, instance.state.postback_client())
                .await
                .unwrap();
            let c = instance
                .state
                .db()
                .read(store::outbox_counts)
                .await
                .unwrap();
            assert_eq!((c.pending, c.done, c.dead), (0, 0, 0));
            assert!(target.hits().is_empty());
        }
        decided_without_postback(&t, &ids[0], &target).await;
        assert_eq!(t.record(&ids[0]).await.json["test"], true);
        // The partner goes live with a postback URL: a lead sent with its test key still posts
        // nothing back when it is decided.
        let live = t
            .another_instance(|s| {
                let p = &mut s.partners[2];
                p.publishable_key = "pk_live_demo".into();
                p.postback_url = Some(format!("{}/pb?st={{status}}", target.url));
            })
            .await;
        decided_without_postback(&live, &ids[1], &target).await;
    }

    pub async fn repeat_applications_are_flagged_across_partners(b: Backend) {
        let t = TestApp::new(b).await;
        let passport = new_passport_number();
        let first = new_id();
        assert_eq!(
            t.post_app(ACME_KEY, &application(&first, &passport))
                .await
                .status,
            StatusCode::CREATED
        );
        let second = new_id();
        let r = t
            .send(post_request(
                OTHER_KEY,
                Some("https://other.example"),
                &application(&second, &passport).to_string(),
            ))
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(t.record(&second).await.json["repeat_of"], first.as_str());
        assert_eq!(
            t.record(&first).await.json["repeat_of"],
            serde_json::Value::Null
        );
        let third = new_id();
        assert_eq!(
            t.post_app(ACME_KEY, &application(&third, &new_passport_number()))
                .await
                .status,
            StatusCode::CREATED
        );
        assert_eq!(
            t.record(&third).await.json["repeat_of"],
            serde_json::Value::Null
        );
        // Outside the window (0 days: only this very millisecond), nothing is flagged.
        let narrow = t.another_instance(|s| s.repeat_window_days = 0).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let fourth = new_id();
        assert_eq!(
            narrow
                .post_app(ACME_KEY, &application(&fourth, &passport))
                .await
                .status,
            StatusCode::CREATED
        );
        assert_eq!(
            t.record(&fourth).await.json["repeat_of"],
            serde_json::Value::Null
        );
    }

    pub async fn erasure_on_request_keeps_counts_and_statuses(b: Backend) {
        let t = TestApp::new(b).await;
        let (id, app) = fresh_application();
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        let path = format!("/v1/applications/{id}/erase");
        let body = json!({"reason": "consent_withdrawn"}).to_string();
        let r = t.signed("POST", &path, None, "sk_forged", &body).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = t.signed("POST", &path, None, OPERATOR_SECRET, &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(
            r.json,
            json!({"application_id": id, "status": "withdrawn", "erased_now": true})
        );
        let r = t.signed("POST", &path, None, OPERATOR_SECRET, "").await;
        assert_eq!(r.json["erased_now"], false);
        let rec = t.record(&id).await;
        assert_eq!(rec.json["application"], serde_json::Value::Null);
        assert!(rec.json["erased_at"].is_string());
        assert_eq!(
            rec.json["consents"][0]["client_addr"],
            serde_json::Value::Null
        );
        assert_eq!(
            rec.json["consents"].as_array().unwrap().len(),
            3,
            "the consent record stays"
        );
        assert_eq!(
            t.get(&format!("/v1/applications/{id}"), ACME_KEY)
                .await
                .json["status"],
            "withdrawn"
        );
        assert_eq!(t.count().await, 1);
        let f = t
            .signed("GET", "/v1/partner/funnel", Some(ACME_KEY), ACME_SECRET, "")
            .await;
        assert_eq!(f.json["total"], 1);
        assert_eq!(f.json["by_status"]["withdrawn"], 1);
        // The passport's keyed hash went too: a new application is no longer a repeat.
        let again = new_id();
        let passport = rec.json["application"]["applicant"]["passport"]["number"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let _ = passport;
        assert_eq!(
            t.signed(
                "POST",
                "/v1/applications/nope-nope/erase",
                None,
                OPERATOR_SECRET,
                ""
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let _ = again;
    }

    pub async fn the_retention_job_erases_what_went_nowhere(b: Backend) {
        let t = TestApp::new(b).await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            let (id, app) = fresh_application();
            assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
            ids.push(id);
        }
        t.decide(&ids[1], json!({"status": "rejected"})).await;
        t.decide(&ids[2], json!({"status": "approved"})).await;
        t.decide(&ids[2], json!({"status": "issued"})).await;
        // Nothing is old enough yet.
        assert_eq!(
            prequal_server::retention::run_once(&t.state).await.unwrap(),
            0
        );
        // As if retention_days had passed: everything created before "now + 1 ms".
        let now = prequal_server::clock::now_ms() + 1;
        let erased = t
            .state
            .db()
            .write(move |c| store::erase_expired(c, now, 100, now))
            .await
            .unwrap();
        assert_eq!(erased, 2);
        for (id, status, erased) in [
            (&ids[0], "received", true),
            (&ids[1], "rejected", true),
            (&ids[2], "issued", false),
        ] {
            let rec = t.record(id).await;
            assert_eq!(rec.json["status"], status);
            assert_eq!(rec.json["application"].is_null(), erased, "{id}");
        }
        assert_eq!(t.count().await, 3);
    }

    pub async fn partners_see_their_own_leads_and_funnel(b: Backend) {
        let t = TestApp::new(b).await;
        let mut ids = Vec::new();
        for _ in 0..5 {
            let (id, app) = fresh_application();
            assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
            ids.push(id);
        }
        let (other_id, other_app) = fresh_application();
        t.send(post_request(
            OTHER_KEY,
            Some("https://other.example"),
            &other_app.to_string(),
        ))
        .await;
        t.decide(&ids[0], json!({"status": "approved"})).await;
        t.decide(&ids[0], json!({"status": "issued"})).await;
        t.decide(&ids[1], json!({"status": "rejected"})).await;
        let t = &t;
        let leads = |after: Option<String>| {
            let path = match after {
                Some(a) => format!("/v1/partner/leads?limit=2&after={a}"),
                None => "/v1/partner/leads?limit=2".into(),
            };
            async move {
                t.signed("GET", &path, Some(ACME_KEY), ACME_SECRET, "")
                    .await
            }
        };
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let r = leads(after.clone()).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            for l in r.json["leads"].as_array().unwrap() {
                seen.push(l["application_id"].as_str().unwrap().to_owned());
                assert_eq!(l["click_id"], "clk-42");
            }
            match r.json["next"].as_str() {
                Some(n) => after = Some(n.to_owned()),
                None => break,
            }
        }
        seen.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(seen, expected);
        assert!(!seen.contains(&other_id));
        let f = t
            .signed("GET", "/v1/partner/funnel", Some(ACME_KEY), ACME_SECRET, "")
            .await;
        assert_eq!(f.json["total"], 5);
        assert_eq!(f.json["by_status"]["received"], 3);
        assert_eq!(f.json["by_status"]["issued"], 1);
        assert_eq!(f.json["reached"]["received"], 5);
        assert_eq!(f.json["reached"]["approved"], 1);
        assert_eq!(f.json["reached"]["issued"], 1);
        assert_eq!(f.json["payout_kop"], 150_000);
        assert_eq!(f.json["test"], false);
        let bad = t
            .signed(
                "GET",
                "/v1/partner/leads?limit=0",
                Some(ACME_KEY),
                ACME_SECRET,
                "",
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let bad = t
            .signed(
                "GET",
                "/v1/partner/leads?limit=abc",
                Some(ACME_KEY),
                ACME_SECRET,
                "",
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let bad = t
            .signed(
                "GET",
                "/v1/partner/leads?after=garbage",
                Some(ACME_KEY),
                ACME_SECRET,
                "",
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }

    pub async fn data_keys_rotate(b: Backend) {
        let t = TestApp::new(b).await;
        let (old_id, app) = fresh_application();
        assert_eq!(t.post_app(ACME_KEY, &app).await.status, StatusCode::CREATED);
        let k2 = format!("k2:{},{DATA_KEY}", "33".repeat(32));
        let rotated = t.another_instance(|s| s.data_keys = Some(k2)).await;
        let (new_id_, app) = fresh_application();
        assert_eq!(
            rotated.post_app(ACME_KEY, &app).await.status,
            StatusCode::CREATED
        );
        for id in [&old_id, &new_id_] {
            let rec = rotated.record(id).await;
            assert_eq!(rec.status, StatusCode::OK, "{}", rec.text);
            assert!(rec.json["application"]["applicant"].is_object());
        }
        let key_ids = rotated
            .state
            .db()
            .read(|c| c.query("SELECT key_id FROM applications ORDER BY created_at", &[]))
            .await
            .unwrap();
        let ids: Vec<String> = key_ids.iter().map(|r| r.text(0).unwrap()).collect();
        assert_eq!(ids, ["k1", "k2"]);
        // Partner secrets were re-sealed with k2 and still verify.
        let f = rotated
            .signed("GET", "/v1/partner/funnel", Some(ACME_KEY), ACME_SECRET, "")
            .await;
        assert_eq!(f.status, StatusCode::OK);
    }

    pub async fn health_and_readiness(b: Backend) {
        let t = TestApp::new(b).await;
        assert_eq!(t.get("/healthz", "").await.json["status"], "ok");
        assert_eq!(t.get("/readyz", "").await.json["status"], "ready");
        t.state.set_shutting_down();
        assert_eq!(
            t.get("/readyz", "").await.status,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}

/// A minimal stream for a body without Content-Length (no extra dependency).
mod futures_core_stream {
    pub use futures_core::Stream;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub struct Iter<I>(I);

    pub fn iter<I: IntoIterator>(i: I) -> Iter<I::IntoIter> {
        Iter(i.into_iter())
    }

    impl<I: Iterator + Unpin> Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }
}
