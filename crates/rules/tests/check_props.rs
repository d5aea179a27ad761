//! Property tests: nothing a client sends can make the rules engine panic. Arbitrary text,
//! arbitrary JSON, and the example application with arbitrary values in any of its fields.

use prequal_rules::application::{Application, ParseError, MAX_TYPE_ERRORS};
use prequal_rules::check::{check, Context};
use prequal_rules::config::Config;
use proptest::prelude::*;
use serde_json::Value;

const APPLICATION: &str = include_str!("../../../schemas/examples/application.json");

/// Every leaf path of the example application (`applicant.passport.series`, `consents.0.kind`…).
fn leaf_paths(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                prefix.push(k.clone());
                leaf_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(i.to_string());
                leaf_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => out.push(prefix.clone()),
    }
}

/// A leaf path as the parser names it: `consents[0].kind`.
fn json_path(path: &[String]) -> String {
    let mut out = String::new();
    for key in path {
        match key.parse::<usize>() {
            Ok(i) => out.push_str(&format!("[{i}]")),
            Err(_) if out.is_empty() => out.push_str(key),
            Err(_) => out.push_str(&format!(".{key}")),
        }
    }
    out
}

fn set(v: &mut Value, path: &[String], leaf: Value) {
    let mut at = v;
    for key in path {
        at = match at {
            Value::Object(map) => map.entry(key.clone()).or_insert(Value::Null),
            Value::Array(items) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(item) => item,
                None => return,
            },
            _ => return,
        };
    }
    *at = leaf;
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<u32>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        "[0-9 +()-]{0,16}".prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn run_check(app: &Application) {
    let today = "2026-11-24".parse().unwrap();
    for config in [
        Config::demo(),
        Config {
            offers: Vec::new(),
            ..Config::demo()
        },
    ] {
        let verdict = check(app, &config, &Context::on(today));
        // The verdict always serialises: the CLI and the server write it out.
        serde_json::to_string(&verdict).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_is_read_or_refused(text in ".{0,200}") {
        let _ = Application::from_json(&text);
        let _ = Config::from_json(&text);
    }

    #[test]
    fn any_json_is_read_or_refused_and_checked(value in json_value()) {
        if let Ok(app) = Application::from_json(&value.to_string()) {
            run_check(&app);
        }
    }

    #[test]
    fn the_example_with_arbitrary_fields_never_panics(
        changes in prop::collection::vec((any::<prop::sample::Index>(), leaf()), 1..6),
        date in "(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
    ) {
        let mut app: Value = serde_json::from_str(APPLICATION).unwrap();
        let mut paths = Vec::new();
        leaf_paths(&app, &mut Vec::new(), &mut paths);
        let mut changed = Vec::new();
        for (index, leaf) in changes {
            let path = &paths[index.index(paths.len())];
            set(&mut app, path, leaf);
            changed.push(path.clone());
        }
        // A refusal names only fields that were changed, the first as `from_json` does.
        if let Err(errors) = Application::from_json_all(&app.to_string()) {
            prop_assert!((1..=MAX_TYPE_ERRORS).contains(&errors.len()));
            prop_assert_eq!(Application::from_json(&app.to_string()).err(), errors.first().cloned());
            for e in &errors {
                let ParseError::Schema { field, .. } = e else {
                    return Err(TestCaseError::fail(format!("{e:?}")));
                };
                prop_assert!(
                    changed.iter().any(|p| json_path(p) == *field),
                    "{} not among {:?}", field, changed
                );
            }
        }
        if let Ok(app) = Application::from_json(&app.to_string()) {
            run_check(&app);
            let today = date.parse().unwrap();
            let _ = check(&app, &Config::demo(), &Context { today, date_override: Some(today) });
        }
    }
}
