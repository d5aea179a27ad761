//! The embed loader's side of the widget (issue 7): `prequal.js` (built by
//! `scripts/build-embed.sh` from `www/embed/loader.js`) owns the shadow root and the
//! stylesheets, and calls [`mount_embedded`] with the host's options object and the offers
//! request it started at mount, while the wasm was loading (`net::Prefetched`).
//!
//! Here the options are read and **validated** (unknown option, wrong type, missing or
//! disallowed value → one `console.error` naming the option, a polite message in the widget and
//! an `error` event; never a panic or an exception into the host page), the tracking
//! parameters are completed from the host page's URL, the theme variables become CSS text for
//! the widget's own constructable stylesheet ([`EmbeddedWidget::theme_css`]), the partner's name,
//! logo and legal footer are drawn around the app (as text and an `<img>`, never as HTML), and the
//! optional tracking pixel fires on `ready`, `step` and `submitted` only — with the event name and
//! the tracking parameters, never a verdict, a reason code or anything the applicant typed.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Array, Function, Object};
use prequal_rules::application::{Locale, Tracking};
use prequal_rules::text::{self, UiText};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::{function_component, html, AppHandle, Callback, Html, Properties};

use crate::dom::SizeObserver;
use crate::net::Prefetched;
use crate::{dispatch_dom_event, net, App, AppProps, Options, Theme, WidgetEvent};

/// The options a host may give (contract.md, "Widget"), plus the white-label ones.
const OPTIONS: [&str; 8] = [
    "api",
    "partnerKey",
    "locale",
    "theme",
    "tracking",
    "pixel",
    "partner",
    "footer",
];

/// The tracking parameters: option keys, URL query names and pixel placeholders alike.
const TRACKING: [&str; 11] = [
    "click_id",
    "sub1",
    "sub2",
    "sub3",
    "sub4",
    "sub5",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
];

/// Theme presets (`www/widget.css`, `.pq-widget[data-theme="<preset>"]`).
pub const PRESETS: [&str; 3] = ["default", "dark", "bank"];

/// Theme variables a host may set, as `--pq-<name>` (camelCase, kebab-case or the full
/// custom-property name are accepted).
pub const VARIABLES: [&str; 14] = [
    "color-primary",
    "color-primary-dark",
    "color-error",
    "color-ok",
    "color-note",
    "color-text",
    "color-muted",
    "color-border",
    "color-line",
    "color-bg",
    "color-soft",
    "radius",
    "space",
    "font",
];

/// A plain copy of the host's options object, so that validation is plain Rust (and tested
/// natively).
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Absent,
    Str(String),
    Num(f64),
    Bool(bool),
    Obj(Vec<(String, Val)>),
    /// An array, a function or another kind of value, by its description.
    Other(&'static str),
}

impl Val {
    fn kind(&self) -> &'static str {
        match self {
            Val::Absent => "nothing",
            Val::Str(_) => "a string",
            Val::Num(_) => "a number",
            Val::Bool(_) => "a boolean",
            Val::Obj(_) => "an object",
            Val::Other(kind) => kind,
        }
    }

    fn get(&self, key: &str) -> &Val {
        match self {
            Val::Obj(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&Val::Absent, |(_, v)| v),
            _ => &Val::Absent,
        }
    }
}

/// A configuration mistake: the option's path (`theme.variables.colour`), a code for the
/// `error` event and the message for the console.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub option: String,
    pub code: &'static str,
    pub message: String,
}

fn problem(option: &str, code: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        option: option.to_owned(),
        code,
        message: message.into(),
    }
}

/// Everything the embed needs, validated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    pub options: Options,
    pub pixel: Option<String>,
    pub partner_name: Option<String>,
    pub partner_logo: Option<String>,
    pub footer: Option<String>,
}

/// A string option: absent, blank → `None`; another type → a problem.
fn string(v: &Val, option: &str, max: usize) -> Result<Option<String>, Problem> {
    match v {
        Val::Absent => Ok(None),
        Val::Str(s) if s.trim().is_empty() => Ok(None),
        Val::Str(s) if s.chars().count() > max => Err(problem(
            option,
            "options.invalid",
            format!("option \"{option}\" is longer than {max} characters"),
        )),
        Val::Str(s) => Ok(Some(s.trim().to_owned())),
        other => Err(wrong_type(option, "a string", other)),
    }
}

fn wrong_type(option: &str, expected: &str, got: &Val) -> Problem {
    problem(
        option,
        "options.type",
        format!("option \"{option}\" must be {expected}, not {}", got.kind()),
    )
}

fn object<'a>(v: &'a Val, option: &str) -> Result<&'a [(String, Val)], Problem> {
    match v {
        Val::Absent => Ok(&[]),
        Val::Obj(entries) => Ok(entries),
        other => Err(wrong_type(option, "an object", other)),
    }
}

fn unknown(option: &str, known: &[&str]) -> Problem {
    let plain = |s: &str| s.replace(['-', '_'], "").to_ascii_lowercase();
    let (parent, key) = option.rsplit_once('.').unwrap_or(("", option));
    let hint = known
        .iter()
        .find(|k| plain(k) == plain(key))
        .map(|k| {
            let path = if parent.is_empty() {
                (*k).to_owned()
            } else {
                format!("{parent}.{k}")
            };
            format!(" (did you mean \"{path}\"?)")
        })
        .unwrap_or_default();
    problem(
        option,
        "options.unknown",
        format!(
            "unknown option \"{option}\"{hint}; known: {}",
            known.join(", ")
        ),
    )
}

/// Whether a URL is HTTPS, or plain HTTP on this machine (the widget's rule for its API).
fn url_ok(url: &str) -> bool {
    net::url_allowed(url)
}

/// The placeholders of a pixel template, or the first unknown one.
fn pixel_placeholders(template: &str) -> Result<(), String> {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err("an unclosed \"{\"".into());
        };
        let name = &after[..end];
        if name != "event" && !TRACKING.contains(&name) {
            return Err(format!("an unknown placeholder {{{name}}}"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// A theme variable's CSS custom property (`colorPrimary` → `--pq-color-primary`).
fn variable_name(key: &str) -> Option<String> {
    let key = key
        .strip_prefix("--pq-")
        .or_else(|| key.strip_prefix("--"))
        .unwrap_or(key);
    let mut kebab = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            kebab.push('-');
            kebab.push(c.to_ascii_lowercase());
        } else {
            kebab.push(c);
        }
    }
    VARIABLES
        .contains(&kebab.as_str())
        .then(|| format!("--pq-{kebab}"))
}

/// A theme value that cannot leave its declaration or fetch anything.
fn variable_value_ok(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    !value.is_empty()
        && value.len() <= 200
        && !value
            .chars()
            .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '@') || c.is_control())
        && !lower.contains("/*")
        && !lower.contains("url(")
        && !lower.contains("image-set(")
        && !lower.contains("expression(")
        && value.matches('"').count().is_multiple_of(2)
        && value.matches('\'').count().is_multiple_of(2)
}

/// Reads and validates the host's options; `query(name)` reads the host page's URL query,
/// which fills in the tracking parameters the options do not give.
pub fn parse(v: &Val, query: &dyn Fn(&str) -> Option<String>) -> Result<Embed, Problem> {
    let entries = match v {
        Val::Absent => &[][..],
        Val::Obj(entries) => &entries[..],
        other => return Err(wrong_type("options", "an object", other)),
    };
    if let Some((key, _)) = entries.iter().find(|(k, _)| !OPTIONS.contains(&k.as_str())) {
        return Err(unknown(key, &OPTIONS));
    }
    let mut embed = Embed::default();
    let o = &mut embed.options;

    o.api = string(v.get("api"), "api", 2000)?.unwrap_or_default();
    o.partner_key = string(v.get("partnerKey"), "partnerKey", 200)?.unwrap_or_default();
    o.locale = match string(v.get("locale"), "locale", 10)?.as_deref() {
        None | Some("ru") => Locale::Ru,
        Some("en") => Locale::En,
        Some(other) => {
            return Err(problem(
                "locale",
                "options.invalid",
                format!("option \"locale\" must be \"ru\" or \"en\", not \"{other}\""),
            ))
        }
    };

    // The theme: a preset's name, or {preset, variables}.
    let mut theme = Theme::default();
    let preset = match v.get("theme") {
        // What the loader could not read as JSON from the element's `theme` attribute.
        Val::Str(s) if s.trim_start().starts_with('{') => {
            return Err(problem(
                "theme",
                "options.invalid",
                "option \"theme\" is not valid JSON: write {\"preset\": …, \"variables\": {…}} or a preset's name",
            ))
        }
        Val::Str(_) | Val::Absent => string(v.get("theme"), "theme", 40)?,
        Val::Obj(entries) => {
            if let Some((key, _)) = entries
                .iter()
                .find(|(k, _)| k != "preset" && k != "variables")
            {
                return Err(unknown(&format!("theme.{key}"), &["preset", "variables"]));
            }
            for (key, value) in object(v.get("theme").get("variables"), "theme.variables")? {
                let option = format!("theme.variables.{key}");
                let Some(name) = variable_name(key) else {
                    let known: Vec<String> = VARIABLES
                        .iter()
                        .map(|v| {
                            let mut out = String::new();
                            let mut up = false;
                            for c in v.chars() {
                                match (c, up) {
                                    ('-', _) => up = true,
                                    (c, true) => {
                                        out.push(c.to_ascii_uppercase());
                                        up = false
                                    }
                                    (c, false) => out.push(c),
                                }
                            }
                            out
                        })
                        .collect();
                    let known: Vec<&str> = known.iter().map(String::as_str).collect();
                    return Err(unknown(&option, &known));
                };
                let Some(value) = string(value, &option, 200)? else {
                    continue;
                };
                if !variable_value_ok(&value) {
                    return Err(problem(
                        &option,
                        "options.invalid",
                        format!(
                            "option \"{option}\" is not a plain CSS value (no ; {{ }} < > \\ @, comments or url())"
                        ),
                    ));
                }
                theme.variables.push((name, value));
            }
            string(v.get("theme").get("preset"), "theme.preset", 40)?
        }
        other => return Err(wrong_type("theme", "a preset's name or an object", other)),
    };
    if let Some(preset) = preset {
        if !PRESETS.contains(&preset.as_str()) {
            let option = if matches!(v.get("theme"), Val::Obj(_)) {
                "theme.preset"
            } else {
                "theme"
            };
            return Err(problem(
                option,
                "options.invalid",
                format!(
                    "option \"{option}\" must be one of {}, not \"{preset}\"",
                    PRESETS.join(", ")
                ),
            ));
        }
        theme.preset = Some(preset);
    }
    o.theme = theme;

    // Tracking: the options' own values, then the page's URL.
    let given = object(v.get("tracking"), "tracking")?;
    if let Some((key, _)) = given.iter().find(|(k, _)| !TRACKING.contains(&k.as_str())) {
        return Err(unknown(&format!("tracking.{key}"), &TRACKING));
    }
    let mut values: Vec<Option<String>> = Vec::with_capacity(TRACKING.len());
    for name in TRACKING {
        let option = format!("tracking.{name}");
        let value = match v.get("tracking").get(name) {
            Val::Num(n) if n.is_finite() => Some(n.to_string()),
            other => string(other, &option, 500)?,
        };
        values.push(value.or_else(|| {
            query(name)
                .map(|q| q.trim().chars().take(500).collect::<String>())
                .filter(|q| !q.is_empty())
        }));
    }
    let mut it = values.into_iter();
    let mut next = || it.next().flatten();
    o.tracking = Tracking {
        partner_key: None,
        click_id: next(),
        sub1: next(),
        sub2: next(),
        sub3: next(),
        sub4: next(),
        sub5: next(),
        utm_source: next(),
        utm_medium: next(),
        utm_campaign: next(),
        utm_content: next(),
        utm_term: next(),
    };

    // The pixel: off unless given; HTTPS or this machine; known placeholders only.
    if let Some(pixel) = string(v.get("pixel"), "pixel", 2000)? {
        let authority = pixel.split("://").nth(1).and_then(|r| r.split('/').next());
        if !url_ok(&pixel) || authority.is_none_or(|a| a.contains('{')) {
            return Err(problem(
                "pixel",
                "options.invalid",
                "option \"pixel\" must be an https:// URL (or http:// on this machine) with a fixed host",
            ));
        }
        if let Err(what) = pixel_placeholders(&pixel) {
            return Err(problem(
                "pixel",
                "options.invalid",
                format!(
                    "option \"pixel\" has {what}; known: {{event}}, {}",
                    TRACKING.map(|t| format!("{{{t}}}")).join(", ")
                ),
            ));
        }
        embed.pixel = Some(pixel);
    }

    // The partner's name and logo, and the legal footer: text and an image only.
    let partner = object(v.get("partner"), "partner")?;
    if let Some((key, _)) = partner.iter().find(|(k, _)| k != "name" && k != "logo") {
        return Err(unknown(&format!("partner.{key}"), &["name", "logo"]));
    }
    embed.partner_name = string(v.get("partner").get("name"), "partner.name", 100)?;
    embed.partner_logo = string(v.get("partner").get("logo"), "partner.logo", 2000)?;
    if let Some(logo) = &embed.partner_logo {
        if !url_ok(logo) {
            return Err(problem(
                "partner.logo",
                "options.invalid",
                "option \"partner.logo\" must be an https:// URL (or http:// on this machine)",
            ));
        }
    }
    embed.footer = string(v.get("footer"), "footer", 2000)?;

    // What the widget cannot work without.
    let o = &embed.options;
    if o.api.is_empty() {
        return Err(problem(
            "api",
            "options.api_missing",
            "option \"api\" (the intake API's base URL) is missing",
        ));
    }
    if !url_ok(&o.api) {
        return Err(problem(
            "api",
            "options.api_insecure",
            "option \"api\" must be an https:// URL (or http:// on this machine), or a path on this site starting with \"/\"",
        ));
    }
    if o.partner_key.is_empty() {
        return Err(problem(
            "partnerKey",
            "options.partner_key_missing",
            "option \"partnerKey\" (the publishable key, pk_…) is missing",
        ));
    }
    if !o.partner_key.starts_with("pk_") {
        return Err(problem(
            "partnerKey",
            "options.invalid",
            "option \"partnerKey\" must be a publishable key (pk_…), never a secret one",
        ));
    }
    Ok(embed)
}

/// The theme's variables as a stylesheet for the widget's shadow root (empty without any).
pub fn theme_css(theme: &Theme) -> String {
    if theme.variables.is_empty() {
        return String::new();
    }
    let mut css = String::from(":host .pq-widget, :host .pq-embed {");
    for (name, value) in &theme.variables {
        css.push_str(&format!(" {name}: {value};"));
    }
    css.push_str(" }");
    css
}

/// The pixel's URL for `event`, or `None` for an event the pixel never fires on.
pub fn pixel_url(template: &str, event: &str, tracking: &Tracking) -> Option<String> {
    if !matches!(event, "ready" | "step" | "submitted") {
        return None;
    }
    let values = [
        &tracking.click_id,
        &tracking.sub1,
        &tracking.sub2,
        &tracking.sub3,
        &tracking.sub4,
        &tracking.sub5,
        &tracking.utm_source,
        &tracking.utm_medium,
        &tracking.utm_campaign,
        &tracking.utm_content,
        &tracking.utm_term,
    ];
    let mut url = template.replace("{event}", event);
    for (name, value) in TRACKING.iter().zip(values) {
        url = url.replace(
            &format!("{{{name}}}"),
            &encode(value.as_deref().unwrap_or("")),
        );
    }
    Some(url)
}

/// Percent-encoding of everything but unreserved characters (RFC 3986).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The browser side.

fn to_val(v: &JsValue, depth: u8) -> Val {
    if v.is_undefined() || v.is_null() {
        Val::Absent
    } else if let Some(s) = v.as_string() {
        Val::Str(s)
    } else if let Some(n) = v.as_f64() {
        Val::Num(n)
    } else if let Some(b) = v.as_bool() {
        Val::Bool(b)
    } else if Array::is_array(v) {
        Val::Other("an array")
    } else if v.is_function() {
        Val::Other("a function")
    } else if v.is_object() && depth < 4 {
        let entries = Object::entries(v.unchecked_ref());
        Val::Obj(
            entries
                .iter()
                .map(|pair| {
                    let pair: Array = pair.unchecked_into();
                    (
                        pair.get(0).as_string().unwrap_or_default(),
                        to_val(&pair.get(1), depth + 1),
                    )
                })
                .collect(),
        )
    } else {
        Val::Other("another kind of value")
    }
}

fn page_query() -> impl Fn(&str) -> Option<String> {
    let params = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
    move |name| params.as_ref().and_then(|p| p.get(name))
}

/// The locale the options ask for, even when they are wrong elsewhere (for the message).
fn locale_of(v: &Val) -> Locale {
    match v.get("locale") {
        Val::Str(s) if s.trim() == "en" => Locale::En,
        _ => Locale::Ru,
    }
}

fn create(tag: &str, class: &str) -> Option<Element> {
    let el = web_sys::window()?.document()?.create_element(tag).ok()?;
    el.set_class_name(class);
    Some(el)
}

struct Inner {
    /// The `.pq-embed` element the loader made in the shadow root.
    container: Element,
    emit: Function,
    alive: Cell<bool>,
    /// The options in force (read by the event callback: never borrowed across Yew calls).
    embed: RefCell<Option<Rc<Embed>>>,
    app: RefCell<Option<AppHandle<Slot>>>,
    /// The key of this widget's `App` in its [`Slot`].
    generation: Cell<u32>,
    /// The app's root, the partner header and footer, the error or configuration notice.
    app_root: RefCell<Option<Element>>,
    chrome: RefCell<Vec<Element>>,
    notice: RefCell<Option<Element>>,
    theme_css: RefCell<String>,
    /// `resize` follows the container, partner header and footer and notices included (the
    /// app, told `host_resizes`, reports none of its own).
    size: RefCell<Option<SizeObserver>>,
    /// The loader's offers request, until the app is first mounted (which gets it) or the first
    /// options turn out bad (which drops it).
    prefetched: RefCell<Option<Prefetched>>,
}

/// A widget mounted by the loader: `update(options)`, `unmount()`, `theme_css()`.
#[wasm_bindgen]
pub struct EmbeddedWidget {
    inner: Rc<Inner>,
}

/// Mounts the widget into `container` (an element in the loader's shadow root) with the
/// host's `options`; `emit(name, detail)` gets every event. `prefetched` is the loader's
/// `{url, key, response}` for `GET /v1/offers` (or `undefined`): the app's first load uses it
/// if it matches the options. Never throws: a bad option is reported in the console, in the
/// widget and as an `error` event.
#[wasm_bindgen]
pub fn mount_embedded(
    container: Element,
    options: JsValue,
    emit: Function,
    prefetched: JsValue,
) -> EmbeddedWidget {
    let inner = Rc::new(Inner {
        container,
        emit,
        alive: Cell::new(true),
        embed: RefCell::new(None),
        app: RefCell::new(None),
        generation: Cell::new(0),
        app_root: RefCell::new(None),
        chrome: RefCell::new(Vec::new()),
        notice: RefCell::new(None),
        theme_css: RefCell::new(String::new()),
        size: RefCell::new(None),
        prefetched: RefCell::new(Prefetched::from_js(&prefetched)),
    });
    let weak = Rc::downgrade(&inner);
    *inner.size.borrow_mut() = SizeObserver::watch(&inner.container, move |height| {
        if let Some(inner) = weak.upgrade() {
            deliver(&inner, &WidgetEvent::Resize { height });
        }
    });
    apply(&inner, &options);
    EmbeddedWidget { inner }
}

#[wasm_bindgen]
impl EmbeddedWidget {
    /// Replaces the options (the loader merges them first).
    pub fn update(&self, options: JsValue) {
        if self.inner.alive.get() {
            apply(&self.inner, &options);
        }
    }

    /// The CSS for the widget's own stylesheet: the theme's variables.
    pub fn theme_css(&self) -> String {
        self.inner.theme_css.borrow().clone()
    }

    /// Destroys the app and empties the container; nothing fires afterwards.
    pub fn unmount(&self) {
        let inner = &self.inner;
        if !inner.alive.replace(false) {
            return;
        }
        park(inner);
        inner.chrome.borrow_mut().clear();
        inner.notice.borrow_mut().take();
        inner.size.borrow_mut().take();
        inner.embed.borrow_mut().take();
        inner.prefetched.borrow_mut().take();
        inner.container.set_text_content(None);
    }
}

fn apply(inner: &Rc<Inner>, options: &JsValue) {
    let val = to_val(options, 0);
    match parse(&val, &page_query()) {
        Ok(embed) => show(inner, embed),
        Err(problem) => fail(inner, &problem, locale_of(&val)),
    }
}

/// Bad options: one console error naming the option, the polite message, an `error` event.
fn fail(inner: &Rc<Inner>, problem: &Problem, locale: Locale) {
    park(inner);
    inner.embed.borrow_mut().take();
    // An app mounted later, once the options are fixed, is not the first load.
    inner.prefetched.borrow_mut().take();
    inner.theme_css.borrow_mut().clear();
    inner.container.set_text_content(None);
    inner.chrome.borrow_mut().clear();
    inner.notice.borrow_mut().take();
    web_sys::console::error_1(&JsValue::from_str(&format!(
        "prequal: {} — see EMBEDDING.md",
        problem.message
    )));
    if let Some(section) = create("section", "pq-widget pq-misconfigured") {
        section.set_attribute("lang", lang(locale)).ok();
        if let Some(p) = create("p", "pq-error") {
            p.set_attribute("role", "alert").ok();
            p.set_text_content(Some(text::ui(UiText::Misconfigured, locale)));
            section.append_child(&p).ok();
        }
        inner.container.append_child(&section).ok();
    }
    let event = WidgetEvent::Error {
        code: problem.code,
        message: problem.message.clone(),
    };
    deliver(inner, &event);
}

fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => "ru",
        Locale::En => "en",
    }
}

/// Good options: (re)draws the partner's header and footer and mounts or updates the app.
fn show(inner: &Rc<Inner>, embed: Embed) {
    let embed = Rc::new(embed);
    // The preset on the wrapper too: the partner's header and footer take its colours and font.
    match &embed.options.theme.preset {
        Some(preset) => inner.container.set_attribute("data-theme", preset).ok(),
        None => inner.container.remove_attribute("data-theme").ok(),
    };
    let previous = inner.embed.borrow_mut().replace(embed.clone());
    *inner.theme_css.borrow_mut() = theme_css(&embed.options.theme);
    let root = inner.app_root.borrow().clone();
    let root = match root {
        Some(root) => root,
        None => {
            // Coming from the error message (or the first time): a parked app's root, or a
            // fresh one.
            inner.container.set_text_content(None);
            let parked = PARKED.with(|p| p.borrow_mut().pop());
            let root = match parked {
                Some(Parked { root, app }) => {
                    *inner.app.borrow_mut() = Some(app);
                    root
                }
                None => match create("div", "pq-app") {
                    Some(root) => root,
                    None => return,
                },
            };
            inner.container.append_child(&root).ok();
            *inner.app_root.borrow_mut() = Some(root.clone());
            root
        }
    };
    if previous.as_deref().map(chrome_of) != Some(chrome_of(&embed)) {
        draw_chrome(inner, &embed, &root);
    }
    let props = AppProps {
        options: embed.options.clone(),
        on_event: callback(inner),
        config: None,
        prefetched: None,
        host_resizes: true,
    };
    // The loader's request is for the first app this widget mounts, parked one or not.
    let props = match inner.prefetched.borrow_mut().take() {
        Some(prefetched) => AppProps {
            prefetched: Some(prefetched),
            ..props
        },
        None => props,
    };
    // A new generation for a new widget's app: parking and taking over are only queued in
    // Yew, and without a new key the two updates could meet in one render that keeps the
    // parked `App`, with what the previous applicant typed.
    let generation = match previous {
        Some(_) => inner.generation.get(),
        None => {
            let next = GENERATION.with(|g| {
                g.set(g.get().wrapping_add(1));
                g.get()
            });
            inner.generation.set(next);
            next
        }
    };
    let props = SlotProps {
        app: Some(props),
        generation,
    };
    let existing = inner.app.borrow_mut().take();
    let app = match existing {
        Some(mut app) => {
            app.update(props);
            app
        }
        None => yew::Renderer::<Slot>::with_root_and_props(root, props).render(),
    };
    *inner.app.borrow_mut() = Some(app);
}

/// Yew 0.21 never removes the event listeners it puts on an app's root element (its
/// `HostHandlers::add_listener` forgets them), so a destroyed app would leave its root, six
/// listeners and their closures behind on every unmount. An unmounted (or misconfigured)
/// widget's app is parked here instead, its `App` dropped and nothing drawn once Yew runs, and
/// the next widget mounted takes it over with a fresh `App` (a new key): what stays is bounded
/// by the most widgets ever parked at once, not by how often they were mounted.
struct Parked {
    root: Element,
    app: AppHandle<Slot>,
}

thread_local! {
    static PARKED: RefCell<Vec<Parked>> = const { RefCell::new(Vec::new()) };
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

/// The app in a Yew root: `None` while parked; a new `generation` is a new `App`.
#[derive(Properties, PartialEq, Default)]
struct SlotProps {
    app: Option<AppProps>,
    generation: u32,
}

#[function_component(Slot)]
fn slot(p: &SlotProps) -> Html {
    match &p.app {
        Some(props) => html! { <App key={p.generation} ..props.clone() /> },
        None => Html::default(),
    }
}

/// Takes the app out of `inner` (its `App` and all it held dropped at once) and parks it.
fn park(inner: &Inner) {
    let app = inner.app.borrow_mut().take();
    let root = inner.app_root.borrow_mut().take();
    if let (Some(mut app), Some(root)) = (app, root) {
        app.update(SlotProps::default());
        root.remove();
        PARKED.with(|p| p.borrow_mut().push(Parked { root, app }));
    }
}

type Chrome<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Locale);

fn chrome_of(embed: &Embed) -> Chrome<'_> {
    (
        embed.partner_name.as_deref(),
        embed.partner_logo.as_deref(),
        embed.footer.as_deref(),
        embed.options.locale,
    )
}

fn draw_chrome(inner: &Rc<Inner>, embed: &Embed, root: &Element) {
    for el in inner.chrome.borrow_mut().drain(..) {
        el.remove();
    }
    let mut made = Vec::new();
    if embed.partner_name.is_some() || embed.partner_logo.is_some() {
        if let Some(header) = create("div", "pq-partner") {
            if let Some(logo) = &embed.partner_logo {
                if let Some(img) = create("img", "pq-partner-logo") {
                    img.set_attribute("src", logo).ok();
                    img.set_attribute("alt", embed.partner_name.as_deref().unwrap_or(""))
                        .ok();
                    img.set_attribute("referrerpolicy", "no-referrer").ok();
                    header.append_child(&img).ok();
                }
            }
            if let Some(name) = &embed.partner_name {
                if let Some(span) = create("span", "pq-partner-name") {
                    span.set_text_content(Some(name));
                    header.append_child(&span).ok();
                }
            }
            inner.container.insert_before(&header, Some(root)).ok();
            made.push(header);
        }
    }
    if let Some(footer_text) = &embed.footer {
        if let Some(footer) = create("p", "pq-legal") {
            footer
                .set_attribute("lang", lang(embed.options.locale))
                .ok();
            footer.set_text_content(Some(footer_text));
            inner.container.append_child(&footer).ok();
            made.push(footer);
        }
    }
    *inner.chrome.borrow_mut() = made;
}

fn callback(inner: &Rc<Inner>) -> Callback<WidgetEvent> {
    let weak: Weak<Inner> = Rc::downgrade(inner);
    Callback::from(move |event: WidgetEvent| {
        if let Some(inner) = weak.upgrade() {
            if inner.alive.get() {
                on_app_event(&inner, &event);
            }
        }
    })
}

fn on_app_event(inner: &Rc<Inner>, event: &WidgetEvent) {
    // An offer breaking a legal cap in the served configuration: the app leaves it out; the
    // partner hears it in the console and the applicant sees a polite note.
    if let WidgetEvent::Error { code, message } = event {
        if code.starts_with("cap.") || *code == "config.offer" {
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "prequal: the partner configuration is wrong ({code}): {message}"
            )));
            let shown = inner.notice.borrow().is_some();
            let locale = inner
                .embed
                .borrow()
                .as_ref()
                .map_or(Locale::Ru, |e| e.options.locale);
            let root = inner.app_root.borrow().clone();
            if !shown {
                if let (Some(note), Some(root)) = (create("p", "pq-config-problem"), root) {
                    note.set_attribute("role", "note").ok();
                    note.set_attribute("lang", lang(locale)).ok();
                    note.set_text_content(Some(text::ui(UiText::Misconfigured, locale)));
                    inner.container.insert_before(&note, Some(&root)).ok();
                    *inner.notice.borrow_mut() = Some(note);
                }
            }
        }
    }
    deliver(inner, event);
}

/// The DOM event on the host (through the shadow root), the loader's `on` listeners, the pixel.
fn deliver(inner: &Rc<Inner>, event: &WidgetEvent) {
    dispatch_dom_event(&inner.container, event);
    if !inner.alive.get() {
        return;
    }
    let detail = js_sys::JSON::parse(&event.detail_json()).unwrap_or(JsValue::NULL);
    let _ = inner
        .emit
        .call2(&JsValue::NULL, &JsValue::from_str(event.name()), &detail);
    let embed = inner.embed.borrow().clone();
    if let Some(embed) = embed {
        if let Some(template) = &embed.pixel {
            if let Some(url) = pixel_url(template, event.name(), &embed.options.tracking) {
                if let Ok(img) = web_sys::HtmlImageElement::new() {
                    img.set_src(&url);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Val {
        Val::Str(v.into())
    }
    fn obj(entries: &[(&str, Val)]) -> Val {
        Val::Obj(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }
    fn base(extra: &[(&str, Val)]) -> Val {
        let mut entries = vec![
            ("api", s("https://api.example")),
            ("partnerKey", s("pk_test_demo")),
        ];
        entries.extend(extra.iter().cloned());
        obj(&entries)
    }
    fn none(_: &str) -> Option<String> {
        None
    }
    fn err(v: &Val) -> Problem {
        parse(v, &none).unwrap_err()
    }

    #[test]
    fn reads_a_full_set_of_options() {
        let v = base(&[
            ("locale", s("en")),
            (
                "theme",
                obj(&[
                    ("preset", s("dark")),
                    (
                        "variables",
                        obj(&[
                            ("colorPrimary", s("#0a7d5a")),
                            ("--pq-radius", s("2px")),
                            ("font", s("\"PT Sans\", sans-serif")),
                        ]),
                    ),
                ]),
            ),
            (
                "tracking",
                obj(&[("click_id", s("c1")), ("sub2", Val::Num(42.0))]),
            ),
            ("pixel", s("https://t.example/p?e={event}&c={click_id}")),
            (
                "partner",
                obj(&[
                    ("name", s("Банк <b>")),
                    ("logo", s("https://x.example/l.svg")),
                ]),
            ),
            ("footer", s("<script>ООО «Партнёр»</script>")),
        ]);
        let query = |name: &str| (name == "utm_source" || name == "click_id").then(|| "q".into());
        let e = parse(&v, &query).unwrap();
        assert_eq!(e.options.locale, Locale::En);
        assert_eq!(e.options.theme.preset.as_deref(), Some("dark"));
        assert_eq!(
            theme_css(&e.options.theme),
            ":host .pq-widget, :host .pq-embed { --pq-color-primary: #0a7d5a; --pq-radius: 2px; --pq-font: \"PT Sans\", sans-serif; }"
        );
        // The options win over the URL; the URL fills the rest.
        assert_eq!(e.options.tracking.click_id.as_deref(), Some("c1"));
        assert_eq!(e.options.tracking.sub2.as_deref(), Some("42"));
        assert_eq!(e.options.tracking.utm_source.as_deref(), Some("q"));
        assert_eq!(e.partner_name.as_deref(), Some("Банк <b>"));
        assert_eq!(e.footer.as_deref(), Some("<script>ООО «Партнёр»</script>"));
    }

    #[test]
    fn names_the_wrong_option() {
        assert_eq!(err(&obj(&[])).option, "api");
        assert_eq!(
            err(&obj(&[("api", s("https://a.example"))])).option,
            "partnerKey"
        );
        let p = err(&base(&[("partner_key", s("x"))]));
        assert_eq!(
            (p.option.as_str(), p.code),
            ("partner_key", "options.unknown")
        );
        assert!(
            p.message.contains("did you mean \"partnerKey\""),
            "{}",
            p.message
        );
        let p = err(&base(&[("locale", Val::Num(1.0))]));
        assert_eq!((p.option.as_str(), p.code), ("locale", "options.type"));
        assert_eq!(err(&base(&[("locale", s("de"))])).option, "locale");
        assert_eq!(err(&base(&[("theme", s("neon"))])).option, "theme");
        let bad_var = obj(&[("variables", obj(&[("colour", s("red"))]))]);
        assert_eq!(
            err(&base(&[("theme", bad_var)])).option,
            "theme.variables.colour"
        );
        let escape = obj(&[(
            "variables",
            obj(&[("colorBg", s("red; } * { display:none"))]),
        )]);
        assert_eq!(
            err(&base(&[("theme", escape)])).option,
            "theme.variables.colorBg"
        );
        let leak = obj(&[("variables", obj(&[("colorBg", s("url(https://x/)"))]))]);
        assert_eq!(
            err(&base(&[("theme", leak)])).option,
            "theme.variables.colorBg"
        );
        assert_eq!(
            err(&base(&[("tracking", obj(&[("sub6", s("x"))]))])).option,
            "tracking.sub6"
        );
        assert_eq!(
            err(&base(&[("pixel", s("http://t.example/{event}"))])).option,
            "pixel"
        );
        assert_eq!(
            err(&base(&[("pixel", s("https://{sub1}.t.example/"))])).option,
            "pixel"
        );
        assert_eq!(
            err(&base(&[("pixel", s("https://t.example/{phone}"))])).option,
            "pixel"
        );
        assert_eq!(
            err(&base(&[(
                "partner",
                obj(&[("logo", s("javascript:alert(1)"))])
            )]))
            .option,
            "partner.logo"
        );
        let secret = obj(&[
            ("api", s("https://a.example")),
            ("partnerKey", s("sk_live_x")),
        ]);
        assert_eq!(err(&secret).option, "partnerKey");
        assert_eq!(err(&Val::Other("an array")).option, "options");
        let insecure = obj(&[("api", s("http://api.example")), ("partnerKey", s("pk_x"))]);
        assert_eq!(err(&insecure).code, "options.api_insecure");
        let local = obj(&[
            ("api", s("http://127.0.0.1:8080")),
            ("partnerKey", s("pk_x")),
        ]);
        assert!(parse(&local, &none).is_ok());
    }

    #[test]
    fn the_pixel_fires_on_three_events_with_encoded_tracking_only() {
        let tracking = Tracking {
            click_id: Some("a b&c".into()),
            utm_source: Some("blog".into()),
            ..Tracking::default()
        };
        let t = "https://t.example/p?e={event}&c={click_id}&s={sub1}&u={utm_source}";
        assert_eq!(
            pixel_url(t, "ready", &tracking).as_deref(),
            Some("https://t.example/p?e=ready&c=a%20b%26c&s=&u=blog")
        );
        assert!(pixel_url(t, "step", &tracking).is_some());
        assert!(pixel_url(t, "submitted", &tracking).is_some());
        for name in ["result", "change", "error", "resize"] {
            assert_eq!(pixel_url(t, name, &tracking), None);
        }
    }
}
