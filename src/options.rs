//! What a host page configures: the contract's widget options (contract.md, "Widget") as one
//! plain struct, read here from attributes named in kebab-case (`api`, `partner-key`,
//! `locale`, `click-id`, `sub1`…, `utm-source`…), which is how both the demo page's `data-*`
//! attributes and the `<mfo-prequal>` element's attributes (issue 7) spell them.
//!
//! It does not read the host page's URL and does not apply a theme: both belong to the embed
//! loader. `theme` is carried so that the loader can pass it through unchanged.

use prequal_rules::application::{Locale, Tracking};

use crate::net;

/// The widget's options. `PartialEq` so that a host's `update(options)` re-renders only what
/// changed (a new `api` or `partner_key` reloads the offers).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Base URL of the intake API (`https://api.example`), without `/v1`.
    pub api: String,
    /// The partner's publishable key (`pk_…`), sent as `X-Prequal-Key`.
    pub partner_key: String,
    pub locale: Locale,
    /// Click and sub ids and UTM tags, carried unchanged into the forwarded application. Its
    /// `partner_key` is ignored: the option above is the one used.
    pub tracking: Tracking,
    pub theme: Theme,
}

/// White-label theming (issue 7): a named preset and CSS variables. The widget only sets the
/// attribute `data-theme="<preset>"`; variables need a stylesheet, which the loader constructs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    pub preset: Option<String>,
    pub variables: Vec<(String, String)>,
}

/// A configuration mistake: which option, and a code for the `error` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionProblem {
    pub option: &'static str,
    pub code: &'static str,
}

impl Options {
    /// Reads the options from attributes: `get("partner-key")` returns the attribute's value.
    /// Unknown locales fall back to Russian; blank values count as absent.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Options {
        let read = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let tracking = Tracking {
            partner_key: None,
            click_id: read("click-id"),
            sub1: read("sub1"),
            sub2: read("sub2"),
            sub3: read("sub3"),
            sub4: read("sub4"),
            sub5: read("sub5"),
            utm_source: read("utm-source"),
            utm_medium: read("utm-medium"),
            utm_campaign: read("utm-campaign"),
            utm_content: read("utm-content"),
            utm_term: read("utm-term"),
        };
        Options {
            api: read("api").unwrap_or_default(),
            partner_key: read("partner-key").unwrap_or_default(),
            locale: match read("locale").as_deref() {
                Some("en") => Locale::En,
                _ => Locale::Ru,
            },
            tracking,
            theme: Theme {
                preset: read("theme"),
                variables: Vec::new(),
            },
        }
    }

    /// The first mistake that keeps the widget from working, if any: no API, an API that is
    /// neither HTTPS nor on this machine, no partner key.
    pub fn problem(&self) -> Option<OptionProblem> {
        if self.api.trim().is_empty() {
            return Some(OptionProblem {
                option: "api",
                code: "options.api_missing",
            });
        }
        if !net::url_allowed(&self.api) {
            return Some(OptionProblem {
                option: "api",
                code: "options.api_insecure",
            });
        }
        if self.partner_key.trim().is_empty() {
            return Some(OptionProblem {
                option: "partnerKey",
                code: "options.partner_key_missing",
            });
        }
        None
    }

    /// `path` (starting with `/`) under the API's base URL.
    pub fn api_url(&self, path: &str) -> String {
        crate::components::join(self.api.trim().trim_end_matches('/'), path)
    }

    /// The tracking parameters as they go into the application: the options' own, with the
    /// partner key.
    pub fn application_tracking(&self) -> Tracking {
        Tracking {
            partner_key: Some(self.partner_key.clone()),
            ..self.tracking.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn reads_kebab_case_attributes() {
        let o = Options::from_attributes(attrs(&[
            ("api", "https://api.example/"),
            ("partner-key", " pk_test_demo "),
            ("locale", "en"),
            ("click-id", "abc"),
            ("sub2", "x"),
            ("utm-source", "blog"),
            ("utm-term", ""),
        ]));
        assert_eq!(o.api, "https://api.example/");
        assert_eq!(o.partner_key, "pk_test_demo");
        assert_eq!(o.locale, Locale::En);
        assert_eq!(o.tracking.click_id.as_deref(), Some("abc"));
        assert_eq!(o.tracking.sub2.as_deref(), Some("x"));
        assert_eq!(o.tracking.utm_source.as_deref(), Some("blog"));
        assert_eq!(o.tracking.utm_term, None);
        assert_eq!(o.problem(), None);
        assert_eq!(o.api_url("/v1/offers"), "https://api.example/v1/offers");
        let t = o.application_tracking();
        assert_eq!(t.partner_key.as_deref(), Some("pk_test_demo"));
        assert_eq!(t.click_id.as_deref(), Some("abc"));
    }

    #[test]
    fn names_the_option_that_is_wrong() {
        let o = Options::from_attributes(attrs(&[("locale", "de")]));
        assert_eq!(o.locale, Locale::Ru);
        assert_eq!(o.problem().map(|p| p.option), Some("api"));
        let o = Options::from_attributes(attrs(&[("api", "http://api.example")]));
        assert_eq!(o.problem().map(|p| p.code), Some("options.api_insecure"));
        let o = Options::from_attributes(attrs(&[("api", "http://127.0.0.1:8080")]));
        assert_eq!(o.problem().map(|p| p.option), Some("partnerKey"));
    }
}
