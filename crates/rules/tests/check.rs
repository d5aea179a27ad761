//! `check` end to end: the contract's example application, changed one field at a time, against
//! the contract's example configuration. Each case is data: a JSON patch and what the verdict
//! must say.

use prequal_rules::application::Application;
use prequal_rules::check::{check, Context};
use prequal_rules::code::REQUIRED_FIELDS;
use prequal_rules::config::Config;
use prequal_rules::verdict::{Severity, Verdict};
use serde_json::{json, Value};

const APPLICATION: &str = include_str!("../../../schemas/examples/application.json");
const CONFIG: &str = include_str!("../../../schemas/examples/config.json");

/// Merges `patch` into `base`: objects recursively, `null` removes a key, anything else replaces.
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.remove(k);
                } else {
                    merge(b.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// The verdict as `prequal check --today DATE` gives it.
fn verdict_on(date: &str, patch: Value) -> Verdict {
    let today = date.parse().unwrap();
    verdict_in(
        Context {
            today,
            date_override: Some(today),
        },
        patch,
    )
}

fn verdict_in(ctx: Context, patch: Value) -> Verdict {
    let mut app: Value = serde_json::from_str(APPLICATION).unwrap();
    merge(&mut app, &patch);
    let app = Application::from_json(&app.to_string()).unwrap();
    let config = Config::from_json(CONFIG).unwrap();
    check(&app, &config, &ctx)
}

fn verdict(patch: Value) -> Verdict {
    verdict_on("2026-11-24", patch)
}

/// The codes of the verdict, top-level and per offer, as strings.
fn codes(v: &Verdict) -> Vec<&'static str> {
    v.codes().iter().map(|c| c.as_str()).collect()
}

/// The top-level problem with this code: its field and severity.
fn problem(v: &Verdict, code: &str) -> (&'static str, Severity) {
    let all = v
        .problems
        .iter()
        .chain(v.offers.iter().flat_map(|o| &o.problems));
    let p = all.into_iter().find(|p| p.code.as_str() == code);
    let p = p.unwrap_or_else(|| panic!("no {code} in {:?}", codes(v)));
    (p.field, p.severity)
}

#[test]
fn the_contract_example_qualifies_with_the_contract_numbers() {
    let v = verdict(json!({}));
    assert!(v.qualified, "{:?}", codes(&v));
    let pdn = v.pdn.as_ref().unwrap();
    assert_eq!(
        (pdn.pct, pdn.new_payment_kop, pdn.income_used_kop),
        (54.8, 1_240_000, 5_000_000)
    );
    assert_eq!(codes(&v), ["pdn.warn"]);
    assert_eq!(problem(&v, "pdn.warn").1, Severity::Warning);
    let quote = v.offers[0].quote.as_ref().unwrap();
    assert_eq!((quote.total_kop, quote.psk_pct), (1_240_000, 292.0));
    assert_eq!(v.config_version, "2026-11-24.1");
}

#[test]
fn each_blocker_has_its_code_and_field() {
    let cases = [
        (
            json!({"applicant": {"inn": "500100732258"}}),
            "inn.checksum",
            "applicant.inn",
        ),
        (
            json!({"applicant": {"snils": "112-233-445 96"}}),
            "snils.checksum",
            "applicant.snils",
        ),
        (
            json!({"applicant": {"phone": "+7 495 123-45-67"}}),
            "phone.not_mobile",
            "applicant.phone",
        ),
        (
            json!({"applicant": {"phone": null}}),
            "applicant.phone.missing",
            "applicant.phone",
        ),
        (
            json!({"applicant": {"email": "ivan@"}}),
            "email.format",
            "applicant.email",
        ),
        (
            json!({"applicant": {"region": "00"}}),
            "region.unknown",
            "applicant.region",
        ),
        (
            json!({"applicant": {"last_name": "Ivanov"}}),
            "name.format",
            "applicant.last_name",
        ),
        (
            json!({"applicant": {"birth_date": "1990-02-30"}}),
            "birth_date.invalid",
            "applicant.birth_date",
        ),
        (
            json!({"applicant": {"birth_date": "2009-01-01", "passport": {"issue_date": "2024-01-10"}}}),
            "age.under_min",
            "applicant.birth_date",
        ),
        (
            json!({"applicant": {"passport": {"series": "45A2"}}}),
            "passport.format",
            "applicant.passport.series",
        ),
        (
            json!({"applicant": {"passport": {"number": "57348"}}}),
            "passport.format",
            "applicant.passport.number",
        ),
        (
            json!({"applicant": {"passport": {"series": "4596"}}}),
            "passport.series_year",
            "applicant.passport.series",
        ),
        (
            json!({"applicant": {"passport": {"issue_date": "2003-01-01"}}}),
            "passport.issued_before_14",
            "applicant.passport.issue_date",
        ),
        (
            json!({"applicant": {"passport": {"issue_date": "2026-12-01"}}}),
            "passport.issued_in_future",
            "applicant.passport.issue_date",
        ),
        (
            json!({"applicant": {"passport": {"issuer_code": "77-00"}}}),
            "issuer_code.format",
            "applicant.passport.issuer_code",
        ),
        (
            json!({"consents": [{"kind": "personal_data", "text_version": "pd-2026-01", "given_at": "2026-11-24T10:14:50+03:00"}]}),
            "consent.transfer",
            "consents.transfer",
        ),
        // A consent's time is an RFC 3339 instant; without one it is no record of consent.
        (
            json!({"consents": [
                {"kind": "personal_data", "text_version": "pd-2026-01", "given_at": "2026-11-24T10:14:50+03:00"},
                {"kind": "credit_bureau", "text_version": "bki-2026-01", "given_at": "2026-11-24T10:14:51+03:00"},
                {"kind": "transfer", "text_version": "tr-2026-01", "given_at": "yesterday"}]}),
            "consent.transfer",
            "consents.transfer",
        ),
        (
            json!({"consents": [
                {"kind": "personal_data", "text_version": "pd-2026-01", "given_at": "2026-11-24 10:14:50"},
                {"kind": "credit_bureau", "text_version": "bki-2026-01", "given_at": "2026-11-24T10:14:51+03:00"},
                {"kind": "transfer", "text_version": "tr-2026-01", "given_at": "2026-11-24T10:14:52+03:00"}]}),
            "consent.personal_data",
            "consents.personal_data",
        ),
        // A version or time left out or null: a consent not recorded, so not given.
        (
            json!({"consents": [
                {"kind": "personal_data", "text_version": "pd-2026-01", "given_at": "2026-11-24T10:14:50+03:00"},
                {"kind": "credit_bureau", "given_at": "2026-11-24T10:14:51+03:00"},
                {"kind": "transfer", "text_version": "tr-2026-01", "given_at": "2026-11-24T10:14:52+03:00"}]}),
            "consent.credit_bureau",
            "consents.credit_bureau",
        ),
        (
            json!({"consents": [
                {"kind": "personal_data", "text_version": "pd-2026-01", "given_at": "2026-11-24T10:14:50+03:00"},
                {"kind": "credit_bureau", "text_version": "bki-2026-01", "given_at": "2026-11-24T10:14:51+03:00"},
                {"kind": "transfer", "text_version": "tr-2026-01", "given_at": null}]}),
            "consent.transfer",
            "consents.transfer",
        ),
        (
            json!({"obligations": {"overdue_now_days": 45}}),
            "credit.overdue_now",
            "obligations.overdue_now_days",
        ),
        (
            json!({"income": {"confirmed_kop": 0, "unconfirmed_kop": 0}}),
            "income.missing",
            "income.confirmed_kop",
        ),
        (json!({"offer_id": "nope"}), "offer.unknown", "offer_id"),
    ];
    for (patch, code, field) in cases {
        let v = verdict(patch.clone());
        assert!(!v.qualified, "{patch} should not qualify");
        assert_eq!(problem(&v, code), (field, Severity::Blocker), "{patch}");
    }
}

#[test]
fn an_unanswered_select_is_a_missing_answer_not_an_unreadable_line() {
    // formats.md: absent, null or blank (`""`, as forms send them) is `<field>.missing`.
    let v = verdict(json!({"income": {"employment": ""}, "locale": ""}));
    assert_eq!(
        problem(&v, "income.employment.missing"),
        ("income.employment", Severity::Blocker)
    );
}

/// An identifier in an application is checked as `prequal validate` checks it: spaces around
/// it are separators, a line break is not.
#[test]
fn a_line_break_around_an_identifier_is_a_format_error_in_an_application_too() {
    let cases = [
        ("inn", "500100732259", "inn.format"),
        ("snils", "112-233-445 95", "snils.format"),
        ("phone", "+79123456789", "phone.format"),
    ];
    for (key, valid, code) in cases {
        let spaced = verdict(json!({"applicant": {key: format!(" {valid}\u{a0}")}}));
        assert!(spaced.qualified, "{key}: {:?}", codes(&spaced));
        for stray in ["\n", "\r\n", "\u{2028}"] {
            let v = verdict(json!({"applicant": {key: format!("{valid}{stray}")}}));
            assert_eq!(
                problem(&v, code).0,
                format!("applicant.{key}"),
                "{key} {stray:?}"
            );
        }
    }
}

#[test]
fn applied_at_dates_the_application_unless_the_date_is_given() {
    // contract.md, "Conventions"; formats.md: `applied_at.invalid` "not with --today".
    let today: prequal_rules::date::Date = "2026-11-24".parse().unwrap();
    let unread = verdict_in(Context::on(today), json!({"applied_at": "yesterday"}));
    assert_eq!(
        problem(&unread, "applied_at.invalid"),
        ("applied_at", Severity::Blocker)
    );
    let overridden = verdict_on("2026-11-24", json!({"applied_at": "yesterday"}));
    assert!(overridden.qualified, "{:?}", codes(&overridden));
    // Blank is absent: today's date, no problem.
    let blank = verdict_in(Context::on(today), json!({"applied_at": ""}));
    assert!(blank.qualified, "{:?}", codes(&blank));
    // 17 on the day applied, 18 by the context's today: `applied_at` decides.
    let minor = json!({"applied_at": "2026-01-10T12:00:00+03:00",
                       "applicant": {"birth_date": "2008-01-11",
                                     "passport": {"series": "4522", "issue_date": "2022-02-01"}}});
    let v = verdict_in(Context::on(today), minor);
    assert_eq!(problem(&v, "age.under_min").0, "applicant.birth_date");
}

#[test]
fn the_passport_expires_90_days_after_the_20th_birthday() {
    // domain.md §2: B = 1990-05-10, issued 2004-06-01 → valid through 2010-08-08.
    let patch = json!({"applicant": {"passport": {"issue_date": "2004-06-01", "series": "4504"}},
                       "income": {"tenure_months": 14}});
    let on_last_day = verdict_on("2010-08-08", patch.clone());
    assert!(
        !codes(&on_last_day).contains(&"passport.expired"),
        "{:?}",
        codes(&on_last_day)
    );
    let next_day = verdict_on("2010-08-09", patch);
    assert_eq!(
        problem(&next_day, "passport.expired").0,
        "applicant.passport.issue_date"
    );
}

#[test]
fn one_born_on_29_february_comes_of_age_on_28_february() {
    // domain.md §2 (ГК РФ art. 192): the same rule as the passport's ages.
    let patch = json!({"applicant": {"birth_date": "2008-02-29",
                                     "passport": {"issue_date": "2022-03-10", "series": "4522"}}});
    let before = verdict_on("2026-02-27", patch.clone());
    assert_eq!(problem(&before, "age.under_min").0, "applicant.birth_date");
    let on_the_day = verdict_on("2026-02-28", patch);
    assert!(
        !codes(&on_the_day).contains(&"age.under_min"),
        "{:?}",
        codes(&on_the_day)
    );
}

#[test]
fn an_offer_that_does_not_fit_says_why() {
    let cases = [
        (
            json!({"loan": {"amount_kop": 5_000_000}}),
            "loan.amount_out_of_range",
            "loan.amount_kop",
        ),
        (
            json!({"loan": {"term_days": 45}}),
            "loan.term_out_of_range",
            "loan.term_days",
        ),
        (
            json!({"applicant": {"birth_date": "2006-06-01", "passport": {"issue_date": "2026-06-15", "series": "4526"}}}),
            "age.out_of_offer_range",
            "applicant.birth_date",
        ),
        (
            json!({"applicant": {"region": "05"}}),
            "offer.region_excluded",
            "applicant.region",
        ),
        (
            json!({"income": {"tenure_months": 2}}),
            "offer.tenure_too_short",
            "income.tenure_months",
        ),
        (
            json!({"obligations": {"monthly_payments_kop": 3_000_000}}),
            "pdn.above_limit",
            "obligations.monthly_payments_kop",
        ),
    ];
    for (patch, code, field) in cases {
        let v = verdict(patch.clone());
        assert!(!v.qualified, "{patch}");
        assert!(!v.offers[0].fits, "{patch}");
        let offer_codes: Vec<_> = v.offers[0]
            .problems
            .iter()
            .map(|p| (p.code.as_str(), p.field))
            .collect();
        assert!(
            offer_codes.contains(&(code, field)),
            "{patch}: {offer_codes:?}"
        );
        assert_eq!(
            problem(&v, "offer.none_fits"),
            ("offer_id", Severity::Blocker),
            "{patch}"
        );
    }
}

#[test]
fn a_passport_part_is_checked_before_the_other_is_given() {
    for (passport, code, field) in [
        (
            json!({"series": "4596", "number": null}),
            "passport.series_year",
            "applicant.passport.series",
        ),
        (
            json!({"series": "45O2", "number": null}),
            "passport.format",
            "applicant.passport.series",
        ),
        (
            json!({"series": null, "number": "57348"}),
            "passport.format",
            "applicant.passport.number",
        ),
    ] {
        let v = verdict(json!({"applicant": {"passport": passport.clone()}}));
        assert_eq!(problem(&v, code), (field, Severity::Blocker), "{passport}");
    }
    // A good part alone brings no problem of its own, only the other part's `missing`.
    let v = verdict(json!({"applicant": {"passport": {"series": "4502", "number": null}}}));
    assert!(!codes(&v).contains(&"passport.format"), "{:?}", codes(&v));
    assert!(codes(&v).contains(&"applicant.passport.number.missing"));
}

#[test]
fn all_problems_are_reported_at_once() {
    let v = verdict(json!({
        "applicant": {"inn": "1234567890", "phone": "12345", "passport": {"issuer_code": "000-000"}},
        "consents": [],
        "loan": {"amount_kop": 1}
    }));
    for code in [
        "inn.checksum",
        "phone.format",
        "issuer_code.format",
        "consent.personal_data",
        "consent.credit_bureau",
        "consent.transfer",
        "loan.amount_out_of_range",
    ] {
        assert!(
            codes(&v).contains(&code),
            "{code} missing from {:?}",
            codes(&v)
        );
    }
}

#[test]
fn each_required_field_left_out_is_its_own_missing_blocker() {
    // contract.md, "Reason codes": `<field>.missing`, for every field the schema requires.
    for (field, code) in REQUIRED_FIELDS {
        let mut patch = Value::Null;
        for key in field.rsplit('.') {
            patch = json!({ key: patch });
        }
        let v = verdict(patch);
        assert!(!v.qualified, "{field} left out should not qualify");
        assert_eq!(problem(&v, code), (*field, Severity::Blocker), "{field}");
    }
}

#[test]
fn an_empty_application_lists_its_missing_fields_without_panicking() {
    let config = Config::from_json(CONFIG).unwrap();
    let today = "2026-11-24".parse().unwrap();
    let v = check(&Application::default(), &config, &Context::on(today));
    assert!(!v.qualified);
    for code in [
        "applicant.missing",
        "loan.missing",
        "income.missing",
        "obligations.missing",
    ] {
        assert!(
            codes(&v).contains(&code),
            "{code} missing from {:?}",
            codes(&v)
        );
    }
}

#[test]
fn optional_identifiers_may_be_absent_or_blank() {
    let v =
        verdict(json!({"applicant": {"inn": null, "snils": "", "email": null, "patronymic": ""}}));
    assert!(v.qualified, "{:?}", codes(&v));
}

#[test]
fn without_offer_id_every_offer_is_tried() {
    let config = Config::demo();
    let mut app: Application = serde_json::from_str(APPLICATION).unwrap();
    app.offer_id = None;
    let today = "2026-11-24".parse().unwrap();
    let v = check(&app, &config, &Context::on(today));
    assert_eq!(v.offers.len(), config.offers.len());
    assert!(v.qualified);
    // The instalment offer allows 56 to 168 days: a 30-day loan does not fit it.
    let instalment = v
        .offers
        .iter()
        .find(|o| o.id == "mfo-b-instalment")
        .unwrap();
    assert!(instalment
        .problems
        .iter()
        .any(|p| p.code.as_str() == "loan.term_out_of_range"));
}

#[test]
fn a_rate_above_the_cap_makes_the_offer_unusable() {
    let mut config = Config::from_json(CONFIG).unwrap();
    config.offers[0].daily_rate_pct = prequal_rules::money::Rate::from_millionths(1_000_000);
    let app: Application = serde_json::from_str(APPLICATION).unwrap();
    let today = "2026-11-24".parse().unwrap();
    let v = check(&app, &config, &Context::on(today));
    assert!(!v.qualified);
    assert_eq!(problem(&v, "cap.daily_rate").0, "offer_id");
}

#[test]
fn a_psk_a_little_above_the_cap_after_rounding_refuses_the_offer() {
    // 1 001 ₽ for 7 days at 0.8 %/day: 56,056 ₽ of interest is 56,06 ₽ to the kopeck, so the
    // ПСК is 292.021 %, above 292 % on the rounded value (contract.md, "Loan arithmetic").
    let v = verdict(json!({"loan": {"amount_kop": 100_100, "term_days": 7}}));
    assert!(!v.qualified, "{:?}", codes(&v));
    assert_eq!(problem(&v, "cap.psk"), ("offer_id", Severity::Blocker));
    let offer = &v.offers[0];
    assert_eq!(offer.quote.as_ref().unwrap().psk_pct, 292.021);
    // 1 000 ₽ for 7 days is exactly 56 ₽ of interest, a ПСК of exactly 292 %: within the cap.
    let v = verdict(json!({"loan": {"amount_kop": 100_000, "term_days": 7}}));
    assert!(v.qualified, "{:?}", codes(&v));
}

#[test]
fn a_zero_amount_is_reported_at_the_amount_even_where_the_offer_allows_it() {
    let mut config = Config::from_json(CONFIG).unwrap();
    config.offers[0].amount_min_kop = 0;
    let mut app: Value = serde_json::from_str(APPLICATION).unwrap();
    app["loan"]["amount_kop"] = json!(0);
    let app = Application::from_json(&app.to_string()).unwrap();
    let v = check(&app, &config, &Context::on("2026-11-24".parse().unwrap()));
    let why = &v.offers[0].problems;
    assert_eq!(why.len(), 1, "{why:?}");
    assert_eq!(why[0].code.as_str(), "loan.amount_out_of_range");
    assert_eq!(why[0].field, "loan.amount_kop");
}

#[test]
fn the_application_date_is_applied_at_in_moscow() {
    let mut app: Application = serde_json::from_str(APPLICATION).unwrap();
    app.applied_at = Some("2026-03-31T21:30:00Z".into()); // 00:30 on 1 April in Moscow
    app.loan = Some(prequal_rules::application::Loan {
        amount_kop: Some(1_000_000),
        term_days: Some(30),
    });
    let config = Config::from_json(CONFIG).unwrap();
    let v = check(&app, &config, &Context::on("2026-11-24".parse().unwrap()));
    assert_eq!(v.application_date.to_string(), "2026-04-01");
}

#[test]
fn english_messages_for_an_english_application() {
    let v = verdict(json!({"locale": "en", "applicant": {"inn": "500100732258"}}));
    let p = v
        .problems
        .iter()
        .find(|p| p.code.as_str() == "inn.checksum")
        .unwrap();
    assert!(
        p.message.is_ascii() && !p.message.is_empty(),
        "{}",
        p.message
    );
}

#[test]
fn an_application_that_cannot_go_anywhere_is_never_called_likely() {
    use prequal_rules::estimate::LikelihoodBand;
    // Nothing else wrong: the factors alone call it likely.
    let clean = json!({"obligations": {"monthly_payments_kop": 0}, "applicant": {"email": "ivan@example.ru"}});
    let fine = verdict(clean.clone());
    assert!(fine.qualified, "{:?}", codes(&fine));
    assert_ne!(fine.estimate.band, LikelihoodBand::Low);
    // The consents come after the result: without them the band stands.
    let mut unconsented = clean.clone();
    merge(&mut unconsented, &json!({"consents": []}));
    assert_eq!(verdict(unconsented).estimate.band, fine.estimate.band);
    // A region no offer serves, or an expired passport: low, whatever the factors say.
    for patch in [
        json!({"applicant": {"region": "05"}}),
        json!({"applicant": {"birth_date": "1980-01-01", "passport": {"issue_date": "2001-01-01"}}}),
    ] {
        let mut p = clean.clone();
        merge(&mut p, &patch);
        let v = verdict(p);
        assert!(!v.qualified, "{patch}");
        assert_eq!(v.estimate.band, LikelihoodBand::Low, "{patch}");
    }
}

#[test]
fn another_offer_is_advised_only_where_one_does_not_have_the_same_problem() {
    let demo = |patch: Value| {
        let mut app: Value = serde_json::from_str(APPLICATION).unwrap();
        merge(&mut app, &patch);
        let app = Application::from_json(&app.to_string()).unwrap();
        check(
            &app,
            &Config::demo(),
            &Context::on("2026-11-24".parse().unwrap()),
        )
    };
    let advice = |v: &Verdict, offer: &str, code: &str| {
        let result = v.offers.iter().find(|o| o.id == offer).unwrap();
        let p = result.problems.iter().find(|p| p.code.as_str() == code);
        p.unwrap_or_else(|| panic!("no {code} for {offer}")).advice
    };
    // Two months at the job: the payday offer asks for 3, the instalments for 6. Neither is
    // the other to choose, whether an offer is chosen or not.
    for offer_id in [json!(null), json!("mfo-a-payday")] {
        let v = demo(json!({"income": {"tenure_months": 2}, "offer_id": offer_id}));
        assert_eq!(advice(&v, "mfo-a-payday", "offer.tenure_too_short"), None);
    }
    let v = demo(json!({"income": {"tenure_months": 2}, "offer_id": null}));
    assert_eq!(
        advice(&v, "mfo-b-instalment", "offer.tenure_too_short"),
        None
    );
    // Five months: the payday offer is the other one for the instalments.
    let v = demo(json!({"income": {"tenure_months": 5}, "offer_id": "mfo-b-instalment"}));
    assert_eq!(
        advice(&v, "mfo-b-instalment", "offer.tenure_too_short"),
        Some("Выберите предложение с меньшими требованиями к стажу")
    );
    // 19 years old: the payday offer lends from 21, the instalments from 18.
    let v = demo(json!({"applicant": {"birth_date": "2007-01-15",
        "passport": {"issue_date": "2021-02-01", "series": "4521"}}, "offer_id": "mfo-a-payday"}));
    assert_eq!(
        advice(&v, "mfo-a-payday", "age.out_of_offer_range"),
        Some("Выберите другое предложение: возрастные рамки у кредиторов разные")
    );
}

#[test]
fn advice_names_another_offer_only_where_there_is_another() {
    // The contract's example configuration has one offer, as a white-label page does.
    let all_advice = |v: &Verdict| -> Vec<&'static str> {
        v.problems
            .iter()
            .chain(v.offers.iter().flat_map(|o| &o.problems))
            .filter_map(|p| p.advice)
            .collect()
    };
    let advice_for = |v: &Verdict, code: &str| {
        v.offers
            .iter()
            .flat_map(|o| &o.problems)
            .find(|p| p.code.as_str() == code)
            .unwrap_or_else(|| panic!("no {code} in {:?}", codes(v)))
            .advice
    };
    let patches = [
        json!({"loan": {"amount_kop": 5_000_000}}),
        json!({"loan": {"term_days": 45}}),
        json!({"applicant": {"birth_date": "2006-06-01", "passport": {"issue_date": "2026-06-15", "series": "4526"}}}),
        json!({"applicant": {"region": "05"}}),
        json!({"income": {"tenure_months": 2}}),
    ];
    for patch in &patches {
        for locale in ["ru", "en"] {
            let mut patch = patch.clone();
            patch["locale"] = json!(locale);
            let v = verdict(patch.clone());
            assert!(!v.qualified, "{patch}");
            for advice in all_advice(&v) {
                assert!(
                    !advice.contains("другое предложение")
                        && !advice.contains("another offer")
                        && !advice.contains("Выберите предложение")
                        && !advice.contains("Choose an offer"),
                    "{patch}: {advice}"
                );
            }
        }
    }
    let v = verdict(json!({"applicant": {"region": "05"}}));
    assert_eq!(advice_for(&v, "offer.region_excluded"), None);
    // An offer id the configuration does not have: its one offer is the other to choose.
    let v = verdict(json!({"offer_id": "nope"}));
    let unknown = v
        .problems
        .iter()
        .find(|p| p.code.as_str() == "offer.unknown");
    assert_eq!(
        unknown.and_then(|p| p.advice),
        Some("Выберите другое предложение")
    );

    // With two offers, the other one is the advice.
    let mut app: Value = serde_json::from_str(APPLICATION).unwrap();
    merge(
        &mut app,
        &json!({"applicant": {"region": "05"}, "offer_id": "mfo-a-payday"}),
    );
    let app = Application::from_json(&app.to_string()).unwrap();
    let v = check(
        &app,
        &Config::demo(),
        &Context::on("2026-11-24".parse().unwrap()),
    );
    assert_eq!(
        advice_for(&v, "offer.region_excluded"),
        Some("Выберите другое предложение")
    );
}
