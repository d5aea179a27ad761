//! The application as it arrives: what the widget forwards, what `prequal check` reads and
//! what the API accepts (contract.md, "Application").
//!
//! Every field is optional at this layer so that a missing field becomes a `<field>.missing`
//! problem in the verdict (with all the other problems), not a parse error. A value of the
//! wrong JSON type is a parse error (`input.schema`) with the field's path. Identifiers and
//! dates stay strings here: checking them is the rules' job, not the parser's.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Application {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// RFC 3339 instant; its Moscow date is the application date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The chosen offer; without it every offer is tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan: Option<Loan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<Applicant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<Income>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obligations: Option<Obligations>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consents: Option<Vec<Consent>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking: Option<Tracking>,
}

/// The interface language; Russian is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ru,
    En,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    #[serde(default)]
    pub amount_kop: Option<u64>,
    #[serde(default)]
    pub term_days: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Two-digit code of the subject of the Russian Federation.
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub passport: Option<Passport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snils: Option<String>,
    /// Extension: whether the applicant has someone to call in an emergency. Yes or no only:
    /// a third person's data is never part of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_emergency_contact: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passport {
    #[serde(default)]
    pub series: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issue_date: Option<String>,
    #[serde(default)]
    pub issuer_code: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Employed,
    SelfEmployed,
    Entrepreneur,
    Pensioner,
    Student,
    Unemployed,
}

impl Employment {
    pub const ALL: [Employment; 6] = [
        Employment::Employed,
        Employment::SelfEmployed,
        Employment::Entrepreneur,
        Employment::Pensioner,
        Employment::Student,
        Employment::Unemployed,
    ];

    /// The wire form (`self_employed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Employment::Employed => "employed",
            Employment::SelfEmployed => "self_employed",
            Employment::Entrepreneur => "entrepreneur",
            Employment::Pensioner => "pensioner",
            Employment::Student => "student",
            Employment::Unemployed => "unemployed",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Income {
    #[serde(default)]
    pub employment: Option<Employment>,
    #[serde(default)]
    pub tenure_months: Option<u32>,
    #[serde(default)]
    pub confirmed_kop: Option<u64>,
    #[serde(default)]
    pub unconfirmed_kop: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligations {
    #[serde(default)]
    pub monthly_payments_kop: Option<u64>,
    #[serde(default)]
    pub active_loans: Option<u32>,
    #[serde(default)]
    pub overdue_now_days: Option<u32>,
    #[serde(default)]
    pub overdue_12m_max_days: Option<u32>,
    #[serde(default)]
    pub utility_arrears: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    PersonalData,
    CreditBureau,
    Transfer,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 3] = [
        ConsentKind::PersonalData,
        ConsentKind::CreditBureau,
        ConsentKind::Transfer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::PersonalData => "personal_data",
            ConsentKind::CreditBureau => "credit_bureau",
            ConsentKind::Transfer => "transfer",
        }
    }
}

/// One consent as the applicant gave it: which text (by version) and when. A version or time
/// left out or `null` reads as blank: a consent not recorded, so not given (`consent.<kind>`,
/// check.rs), as formats.md has it for any field left out, never an unreadable line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub kind: ConsentKind,
    #[serde(default, deserialize_with = "null_as_blank")]
    pub text_version: String,
    #[serde(default, deserialize_with = "null_as_blank")]
    pub given_at: String,
}

fn null_as_blank<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// The partner's tracking parameters, carried unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    #[serde(default)]
    pub partner_key: Option<String>,
    #[serde(default)]
    pub click_id: Option<String>,
    #[serde(default)]
    pub sub1: Option<String>,
    #[serde(default)]
    pub sub2: Option<String>,
    #[serde(default)]
    pub sub3: Option<String>,
    #[serde(default)]
    pub sub4: Option<String>,
    #[serde(default)]
    pub sub5: Option<String>,
    #[serde(default)]
    pub utm_source: Option<String>,
    #[serde(default)]
    pub utm_medium: Option<String>,
    #[serde(default)]
    pub utm_campaign: Option<String>,
    #[serde(default)]
    pub utm_content: Option<String>,
    #[serde(default)]
    pub utm_term: Option<String>,
}

/// Why a JSON text is not an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON at all (`input.json`); the message says where.
    Json { message: String },
    /// JSON of the wrong shape (`input.schema`): the field's path and what was wrong.
    Schema { field: String, message: String },
}

impl ParseError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            ParseError::Json { .. } => crate::code::Code::InputJson,
            ParseError::Schema { .. } => crate::code::Code::InputSchema,
        }
    }

    pub fn message(&self) -> String {
        match self {
            ParseError::Json { message } => message.clone(),
            ParseError::Schema { field, message } if field.is_empty() || field == "." => {
                message.clone()
            }
            ParseError::Schema { field, message } => format!("{field}: {message}"),
        }
    }
}

/// Reads any JSON document the contract defines, reporting the path of a wrongly typed field.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    // The fast path reads the text straight into `T`; only a failure pays for the slower
    // second pass that tells "not JSON" from "JSON of the wrong shape" and names the field.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    from_value(to_value(text)?)
}

/// The text as a JSON value: `ParseError::Json` if it is not JSON.
fn to_value(text: &str) -> Result<serde_json::Value, ParseError> {
    serde_json::from_str(text).map_err(|e| ParseError::Json {
        message: e.to_string(),
    })
}

/// The value read into `T`; a wrongly typed field is `ParseError::Schema` with its path.
fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ParseError> {
    serde_path_to_error::deserialize(value).map_err(|e| ParseError::Schema {
        field: e.path().to_string(),
        message: without_value(&e.inner().to_string()),
    })
}

/// serde's messages quote the value they refused (``invalid type: integer `79123456789`,
/// expected a string``). That value may be personal data and the message goes back to the
/// sender, into verdicts and logs, so only its JSON type and what was expected are kept.
fn without_value(message: &str) -> String {
    match message.split_once(", expected ") {
        Some((what, expected)) => {
            let cut = what
                .find(|c: char| matches!(c, '`' | '"' | '-') || c.is_ascii_digit())
                .unwrap_or(what.len());
            format!("{}, expected {expected}", what[..cut].trim_end())
        }
        None => message.to_owned(),
    }
}

/// The members the schema makes objects. serde's derived readers also take a JSON array
/// for a struct (its fields in order), so `"loan": [1000000, 30]` would read as a loan; the
/// schema says it is not one (`input.schema`).
const OBJECTS: [&str; 6] = [
    "loan",
    "applicant",
    "applicant.passport",
    "income",
    "obligations",
    "tracking",
];

fn check_shape(app: &serde_json::Value) -> Result<(), ParseError> {
    use serde_json::Value;
    let not_an_object = |field: String, v: &Value| ParseError::Schema {
        field,
        message: format!("invalid type: {}, expected an object", json_type(v)),
    };
    if !app.is_object() {
        return Err(not_an_object(".".into(), app));
    }
    for path in OBJECTS {
        let member = path.split('.').try_fold(app, |node, name| node.get(name));
        if let Some(v) = member.filter(|v| !v.is_null() && !v.is_object()) {
            return Err(not_an_object(path.into(), v));
        }
    }
    if let Some(Value::Array(consents)) = app.get("consents") {
        if let Some((i, v)) = consents.iter().enumerate().find(|(_, v)| !v.is_object()) {
            return Err(not_an_object(format!("consents[{i}]"), v));
        }
    }
    Ok(())
}

/// The members a blank would otherwise make unreadable (an enum) or invalid (an instant):
/// forms send `""` for an unanswered `<select>` or an empty field, which formats.md counts as
/// absent — a `<field>.missing` problem, or the default (`locale`, `applied_at`). Surrounding
/// whitespace goes too, so that the rules and the estimate read the same instant.
const TRIMMED: [&str; 3] = ["/applied_at", "/locale", "/income/employment"];

fn blank_as_absent(app: &mut serde_json::Value) {
    for pointer in TRIMMED {
        let Some(member) = app.pointer_mut(pointer) else {
            continue;
        };
        if let Some(text) = member.as_str().map(str::trim) {
            *member = match text {
                "" => serde_json::Value::Null,
                text => serde_json::Value::String(text.to_owned()),
            };
        }
    }
}

/// The members the schema makes integers. JSON Schema counts `1000000.0` (or `1e6`) as an
/// integer, and a partner's back end that computes kopecks in floating point writes one; serde's
/// integer readers refuse it. A whole number, exact in a double (up to 2^53), is read as the
/// integer it is; `1000000.5` stays a schema error.
const INTEGERS: [&str; 9] = [
    "/loan/amount_kop",
    "/loan/term_days",
    "/income/tenure_months",
    "/income/confirmed_kop",
    "/income/unconfirmed_kop",
    "/obligations/monthly_payments_kop",
    "/obligations/active_loans",
    "/obligations/overdue_now_days",
    "/obligations/overdue_12m_max_days",
];

fn whole_numbers_as_integers(app: &mut serde_json::Value) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    for pointer in INTEGERS {
        let Some(member) = app.pointer_mut(pointer) else {
            continue;
        };
        if member.is_f64() {
            if let Some(x) = member
                .as_f64()
                .filter(|x| x.fract() == 0.0 && (0.0..=EXACT).contains(x))
            {
                *member = serde_json::Value::from(x as u64);
            }
        }
    }
}

fn json_type(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// At most this many wrongly typed fields are named in one answer.
pub const MAX_TYPE_ERRORS: usize = 16;

/// The first `limit` wrongly typed fields, in the order serde meets them (serde_json's maps
/// are sorted by key, so by name). serde stops at the first, so each one found is set to
/// `null` (absent: every member of an application is optional) and the value read again. The
/// one member that `null` does not fit, a consent's `kind` (it says which box), takes the rest
/// of `consents` with it instead: reporting the `null` would report our own edit.
fn type_errors(mut value: serde_json::Value, limit: usize) -> Result<Application, Vec<ParseError>> {
    let mut errors: Vec<ParseError> = Vec::new();
    let mut last = String::new();
    while errors.len() < limit {
        let e = match serde_path_to_error::deserialize::<_, Application>(&value) {
            Ok(app) if errors.is_empty() => return Ok(app),
            Ok(_) => break,
            Err(e) => e,
        };
        let field = e.path().to_string();
        if !errors.is_empty() && field == last {
            let top = field.split(['.', '[']).next().unwrap_or_default();
            match value.get_mut(top) {
                Some(member) if !member.is_null() => *member = serde_json::Value::Null,
                _ => break,
            }
            continue;
        }
        errors.push(ParseError::Schema {
            field: field.clone(),
            message: without_value(&e.inner().to_string()),
        });
        if !set_null(&mut value, e.path()) {
            break;
        }
        last = field;
    }
    Err(errors)
}

/// Sets the member at `path` to `null` (for an enum's variant, the enum's value); false if
/// the path does not lead to one.
fn set_null(value: &mut serde_json::Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let mut node = value;
    for segment in path.iter() {
        let next = match segment {
            Segment::Seq { index } => node.get_mut(*index),
            Segment::Map { key } => node.get_mut(key.as_str()),
            Segment::Enum { .. } | Segment::Unknown => break,
        };
        match next {
            Some(child) => node = child,
            None => return false,
        }
    }
    *node = serde_json::Value::Null;
    true
}

impl Application {
    /// Reads an application from JSON text: the first problem, where there are several
    /// (`prequal check` reports one per line).
    pub fn from_json(text: &str) -> Result<Application, ParseError> {
        Application::read(text, 1).map_err(|mut errors| errors.swap_remove(0))
    }

    /// Reads an application from JSON text, naming the wrongly typed fields (up to
    /// `MAX_TYPE_ERRORS`), so that an API client can fix them all from one answer. The first
    /// error is `from_json`'s; on `Err` the list is never empty. Not listed: anything after a
    /// text that is not JSON or an object that is not an object (that one problem alone), and
    /// the rest of `consents` after a consent whose `kind` is unreadable.
    pub fn from_json_all(text: &str) -> Result<Application, Vec<ParseError>> {
        Application::read(text, MAX_TYPE_ERRORS)
    }

    fn read(text: &str, limit: usize) -> Result<Application, Vec<ParseError>> {
        let prepared = || -> Result<serde_json::Value, Vec<ParseError>> {
            let mut value = to_value(text).map_err(|e| vec![e])?;
            check_shape(&value).map_err(|e| vec![e])?;
            blank_as_absent(&mut value);
            whole_numbers_as_integers(&mut value);
            Ok(value)
        };
        // Read by value, its strings moved rather than copied: the usual case. Only a
        // refused text pays for reading it again to list its problems.
        match serde_json::from_value(prepared()?) {
            Ok(app) => Ok(app),
            Err(_) => type_errors(prepared()?, limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_example_reads() {
        let app =
            Application::from_json(include_str!("../../../schemas/examples/application.json"))
                .expect("contract example");
        assert_eq!(
            app.loan.as_ref().and_then(|l| l.amount_kop),
            Some(1_000_000)
        );
        assert_eq!(app.consents.as_ref().map(Vec::len), Some(3));
        assert_eq!(
            app.income.and_then(|i| i.employment),
            Some(Employment::Employed)
        );
    }

    #[test]
    fn a_consent_without_its_version_or_time_is_read_as_not_given() {
        for consent in [
            r#"{"kind": "transfer", "text_version": null, "given_at": "2026-11-24T10:00:00+03:00"}"#,
            r#"{"kind": "transfer", "text_version": "tr-1", "given_at": null}"#,
            r#"{"kind": "transfer", "text_version": "tr-1"}"#,
        ] {
            let app = Application::from_json(&format!(r#"{{"consents": [{consent}]}}"#))
                .unwrap_or_else(|e| panic!("{consent}: {e:?}"));
            let read = &app.consents.unwrap()[0];
            assert_eq!(read.kind, ConsentKind::Transfer);
            assert!(read.text_version.is_empty() || read.given_at.is_empty());
        }
        // Which box it was is still needed; a wrong type is still unreadable.
        for consent in [
            r#"{"text_version": "tr-1", "given_at": "2026-11-24T10:00:00+03:00"}"#,
            r#"{"kind": "transfer", "text_version": 1, "given_at": "2026-11-24T10:00:00+03:00"}"#,
        ] {
            assert!(
                matches!(
                    Application::from_json(&format!(r#"{{"consents": [{consent}]}}"#)),
                    Err(ParseError::Schema { .. })
                ),
                "{consent}"
            );
        }
    }

    #[test]
    fn missing_fields_are_none_and_wrong_types_name_their_path() {
        let app = Application::from_json(r#"{"applicant": {"phone": null}, "extra": 1}"#).unwrap();
        assert_eq!(app.applicant.unwrap().phone, None);
        match Application::from_json(r#"{"loan": {"amount_kop": "10"}}"#) {
            Err(ParseError::Schema { field, .. }) => assert_eq!(field, "loan.amount_kop"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Application::from_json("{"),
            Err(ParseError::Json { .. })
        ));
        assert!(matches!(
            Application::from_json(r#"{"loan": {"amount_kop": -1}}"#),
            Err(ParseError::Schema { .. })
        ));
    }

    #[test]
    fn blank_enums_and_instants_are_absent_and_unknown_values_still_refused() {
        let app = Application::from_json(
            r#"{"applied_at": " ", "locale": "", "income": {"employment": ""}}"#,
        )
        .unwrap();
        assert_eq!(app.applied_at, None);
        assert_eq!(app.locale, None);
        assert_eq!(app.income.unwrap().employment, None);
        let app = Application::from_json(
            r#"{"applied_at": " 2026-11-24T10:15:00+03:00 ", "locale": " en "}"#,
        )
        .unwrap();
        assert_eq!(app.applied_at.as_deref(), Some("2026-11-24T10:15:00+03:00"));
        assert_eq!(app.locale, Some(Locale::En));
        for (text, at) in [
            (r#"{"locale": "de"}"#, "locale"),
            (
                r#"{"income": {"employment": "astronaut"}}"#,
                "income.employment",
            ),
        ] {
            match Application::from_json(text) {
                Err(ParseError::Schema { field, .. }) => assert_eq!(field, at, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn whole_numbers_written_as_decimals_are_the_integers_json_schema_says_they_are() {
        let app = Application::from_json(
            r#"{"loan": {"amount_kop": 1000000.0, "term_days": 3e1},
                "obligations": {"active_loans": -0.0}}"#,
        )
        .unwrap();
        let loan = app.loan.unwrap();
        assert_eq!(
            (loan.amount_kop, loan.term_days),
            (Some(1_000_000), Some(30))
        );
        assert_eq!(app.obligations.unwrap().active_loans, Some(0));
        for text in [
            r#"{"loan": {"amount_kop": 1000000.5}}"#,
            r#"{"loan": {"amount_kop": -100.0}}"#,
            r#"{"loan": {"amount_kop": 1e300}}"#,
            r#"{"loan": {"term_days": 5e9}}"#,
        ] {
            assert!(
                matches!(Application::from_json(text), Err(ParseError::Schema { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn an_array_is_not_an_object() {
        for (text, at) in [
            (r#"["5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11"]"#, "."),
            ("[]", "."),
            (r#"{"loan": [1000000, 30]}"#, "loan"),
            (
                r#"{"applicant": {"passport": ["4502", "573482"]}}"#,
                "applicant.passport",
            ),
            (r#"{"income": "a lot"}"#, "income"),
            (
                r#"{"consents": [{"kind": "transfer"}, ["personal_data"]]}"#,
                "consents[1]",
            ),
        ] {
            match Application::from_json(text) {
                Err(ParseError::Schema { field, message }) => {
                    assert_eq!(field, at, "{text}");
                    assert!(message.ends_with("expected an object"), "{message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(Application::from_json(r#"{"loan": null, "tracking": {}}"#).is_ok());
    }

    /// The fields `from_json_all` names for a refused text.
    fn fields_refused(text: &str) -> Vec<String> {
        let errors = Application::from_json_all(text).unwrap_err();
        errors
            .into_iter()
            .map(|e| match e {
                ParseError::Schema { field, .. } => field,
                ParseError::Json { .. } => panic!("{e:?}"),
            })
            .collect()
    }

    #[test]
    fn every_wrongly_typed_field_is_named_and_the_first_is_from_jsons() {
        let text = r#"{"loan": {"amount_kop": "10", "term_days": 30},
            "applicant": {"phone": 79123456789, "region": "77"},
            "locale": "de", "consents": [{"kind": "marketing"}, {"kind": 1}]}"#;
        // In serde_json's order (by name). A consent's `kind` cannot be blanked (it says
        // which box), so the rest of `consents` goes unread rather than report the blank.
        assert_eq!(
            fields_refused(text),
            [
                "applicant.phone",
                "consents[0].kind",
                "loan.amount_kop",
                "locale"
            ]
        );
        let errors = Application::from_json_all(text).unwrap_err();
        assert_eq!(Application::from_json(text), Err(errors[0].clone()));
        // A readable application is read, and the list is capped.
        assert!(Application::from_json_all(r#"{"loan": {"term_days": 30}}"#).is_ok());
        let many = (0..40)
            .map(|i| format!(r#"{{"kind": "transfer", "text_version": {i}}}"#))
            .collect::<Vec<_>>()
            .join(",");
        let errors = Application::from_json_all(&format!(r#"{{"consents": [{many}]}}"#));
        assert_eq!(errors.unwrap_err().len(), MAX_TYPE_ERRORS);
        // A consent that lacks its `kind` is a problem of its own; an enum given as an
        // object (named as serde names it) is blanked whole, and the list goes on.
        assert_eq!(
            fields_refused(
                r#"{"consents": [{"text_version": 1}], "locale": {"ru": 1}, "tracking": {"sub1": 1}}"#
            ),
            [
                "consents[0].text_version",
                "consents[0]",
                "locale.ru",
                "tracking.sub1"
            ]
        );
        // Not JSON, or not an object: one problem.
        assert_eq!(Application::from_json_all("{").unwrap_err().len(), 1);
        assert_eq!(Application::from_json_all("[1, 2]").unwrap_err().len(), 1);
    }

    #[test]
    fn a_refused_value_is_not_repeated_in_the_message() {
        for text in [
            r#"{"applicant": {"phone": 79123456789}}"#,
            r#"{"applicant": {"passport": {"number": 573482}}}"#,
            r#"{"loan": {"amount_kop": "573482"}}"#,
            r#"{"loan": {"amount_kop": -573482}}"#,
            r#"{"income": {"employment": "573482"}}"#,
        ] {
            match Application::from_json(text) {
                Err(ParseError::Schema { message, .. }) => {
                    assert!(
                        !message.contains("573482") && !message.contains("7912"),
                        "{message}"
                    );
                    assert!(message.contains("expected"), "{message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}
