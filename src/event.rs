//! The events the widget emits for its host (contract.md, "Widget"): `ready`, `step`,
//! `change`, `result`, `submitted`, `error`, `resize`, each with its `detail`.
//!
//! **No personal data in any event**: the variants hold only field names, codes, booleans,
//! step names, the random application id and static texts, and nothing else can be put in
//! them — a value the applicant typed has no way in, and a lender's codes only if they look
//! like codes ([`is_code`]).

use crate::json::{quote, ObjectWriter};

/// One event for the host. [`WidgetEvent::name`] is the contract's name (the DOM event is
/// `prequal:<name>`), [`WidgetEvent::detail_json`] its `detail`.
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetEvent {
    /// The offers are loaded and the widget can be used.
    Ready { version: &'static str },
    /// The applicant moved to another step.
    Step { step: &'static str, index: usize },
    /// A field was checked as the applicant left it: its name (JSON path) and validity.
    Change { field: &'static str, valid: bool },
    /// The verdict, when the result step is shown: qualified (but for the consents, which
    /// come after) and the reason codes.
    Result {
        qualified: bool,
        codes: Vec<&'static str>,
    },
    /// The application was accepted by the lender's intake API.
    Submitted { application_id: String },
    /// Something went wrong: a code and a static message (never the applicant's data).
    Error { code: &'static str, message: String },
    /// The widget's height changed, in CSS pixels.
    Resize { height: u32 },
}

impl WidgetEvent {
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready { .. } => "ready",
            WidgetEvent::Step { .. } => "step",
            WidgetEvent::Change { .. } => "change",
            WidgetEvent::Result { .. } => "result",
            WidgetEvent::Submitted { .. } => "submitted",
            WidgetEvent::Error { .. } => "error",
            WidgetEvent::Resize { .. } => "resize",
        }
    }

    /// The event's `detail` as a JSON object.
    pub fn detail_json(&self) -> String {
        let mut w = ObjectWriter::new();
        match self {
            WidgetEvent::Ready { version } => w.str("version", version),
            WidgetEvent::Step { step, index } => {
                w.str("step", step).raw("index", &index.to_string())
            }
            WidgetEvent::Change { field, valid } => {
                w.str("field", field).bool("valid", Some(*valid))
            }
            WidgetEvent::Result { qualified, codes } => {
                let codes: Vec<String> = codes.iter().map(|c| quote(c)).collect();
                w.bool("qualified", Some(*qualified))
                    .raw("codes", &format!("[{}]", codes.join(",")))
            }
            WidgetEvent::Submitted { application_id } => w.str("application_id", application_id),
            WidgetEvent::Error { code, message } => w.str("code", code).str("message", message),
            WidgetEvent::Resize { height } => w.raw("height", &height.to_string()),
        };
        w.finish()
    }
}

/// Whether a lender's problem code looks like one (`inn.checksum`: lowercase words joined by
/// dots). Only such codes go into `submit.problems`' message: whatever else a lender writes
/// there (a name, a number) must not reach the host.
pub fn is_code(s: &str) -> bool {
    // Words of [a-z0-9_], at least two, each non-empty.
    let (mut prev, mut dots) = (b'.', 0);
    for &c in s.as_bytes() {
        let word = matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_');
        if !word && (c != b'.' || prev == b'.') {
            return false;
        }
        dots += usize::from(c == b'.');
        prev = c;
    }
    dots > 0 && prev != b'.'
}

/// The widget's version, as `ready` reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_code_shaped_lender_codes_pass() {
        for ok in ["inn.checksum", "applicant.phone.format", "x_1.y"] {
            assert!(is_code(ok), "{ok}");
        }
        for no in [
            "",
            "inn",
            "Иванов 9123456789",
            "inn.",
            ".inn",
            "Inn.checksum",
            "a.b c",
        ] {
            assert!(!is_code(no), "{no}");
        }
    }

    #[test]
    fn details_are_the_contracts_objects() {
        let cases = [
            (
                WidgetEvent::Ready { version: "0.1.0" },
                "ready",
                r#"{"version":"0.1.0"}"#,
            ),
            (
                WidgetEvent::Step {
                    step: "about",
                    index: 1,
                },
                "step",
                r#"{"step":"about","index":1}"#,
            ),
            (
                WidgetEvent::Change {
                    field: "applicant.inn",
                    valid: false,
                },
                "change",
                r#"{"field":"applicant.inn","valid":false}"#,
            ),
            (
                WidgetEvent::Result {
                    qualified: false,
                    codes: vec!["pdn.above_limit", "offer.none_fits"],
                },
                "result",
                r#"{"qualified":false,"codes":["pdn.above_limit","offer.none_fits"]}"#,
            ),
            (
                WidgetEvent::Submitted {
                    application_id: "5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11".into(),
                },
                "submitted",
                r#"{"application_id":"5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11"}"#,
            ),
            (
                WidgetEvent::Error {
                    code: "offers.load",
                    message: "HTTP 500".into(),
                },
                "error",
                r#"{"code":"offers.load","message":"HTTP 500"}"#,
            ),
            (
                WidgetEvent::Resize { height: 640 },
                "resize",
                r#"{"height":640}"#,
            ),
        ];
        for (event, name, json) in cases {
            assert_eq!(event.name(), name);
            assert_eq!(event.detail_json(), json);
        }
    }
}
