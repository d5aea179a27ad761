//! JSON for the bundle without serde: a small parser and writer, the partner configuration
//! read from `GET /v1/offers`, and the application written for `POST /v1/applications`.
//!
//! Why not `serde_json`: in the release bundle it cost about 35 KB of brotli (the deserializer
//! generated for the configuration, float parsing and printing tables, error machinery), a
//! fifth of the widget. What this module reads and writes is exactly what the rules crate's
//! serde derives read and write — the tests below hold it to that on the contract's examples
//! and on variations (`Config::from_json`, `serde_json::to_value`), so a change to those
//! types that this module misses fails a test. One exception: an offer's `payout` (what the
//! lender pays the partner) is not read. Nothing in the applicant's browser uses it, and its
//! reader was 0.6 KB of the bundle; the server, which does use it, reads and checks it.
//!
//! It is not a general JSON library: numbers stay the text they were written as, read only as
//! a field needs them (whole numbers as integers, rates and factors to the millionth by
//! `Rate::from_pct_decimal_up` and `Ratio::from_decimal`, never through `f64` and its
//! parser), nesting is limited to [`MAX_DEPTH`], and duplicate keys keep the first value.

use prequal_rules::application::{Application, Consent};
use prequal_rules::config::{Config, ConsentText, ConsentTexts, Lender, Offer, Policy};
use prequal_rules::loan::ScheduleKind;
use prequal_rules::money::{Rate, Ratio};

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number as written (`"0.8"`, `"100000"`), so integers stay exact.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Deeper documents are refused (the contract's are 4 levels deep).
pub const MAX_DEPTH: usize = 32;

/// Parses a JSON text (RFC 8259); `Err` says what and where.
pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &str) -> Result<(), String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("unexpected character"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut fields: Vec<(String, Json)> = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    self.eat(":")?;
                    let value = self.value(depth + 1)?;
                    if !fields.iter().any(|(k, _)| *k == key) {
                        fields.push((key, value));
                    }
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(fields));
                        }
                        _ => return Err(self.err("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(self.err("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.eat("true").map(|_| Json::Bool(true)),
            Some(b'f') => self.eat("false").map(|_| Json::Bool(false)),
            Some(b'n') => self.eat("null").map(|_| Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err("expected a value")),
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        let digits = |p: &mut Parser| {
            let from = p.i;
            while matches!(p.s.get(p.i), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i > from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let leading_zero = self.s.get(self.i) == Some(&b'0');
        if !digits(self)
            || (leading_zero && self.i - start > 1 + usize::from(self.s[start] == b'-'))
        {
            return Err(self.err("bad number"));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.err("bad number"));
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("bad number"));
            }
        }
        let text =
            std::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err("bad number"))?;
        Ok(Json::Num(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self
            .s
            .get(self.i..self.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(hex)
    }

    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.err("expected a string"));
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&b) = self.s.get(self.i) else {
                return Err(self.err("unterminated string"));
            };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else {
                        return Err(self.err("unterminated string"));
                    };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                self.eat("\\u")?;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.err("bad surrogate pair"));
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("bad \\u escape"))?
                        }
                        _ => return Err(self.err("bad escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.err("control character in a string")),
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| self.err("bad UTF-8"))
    }
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the partner configuration, field for field as the rules crate's serde derives do:
// required fields must be there, `Option`s may be absent or null, defaulted fields may be
// absent (not null), unknown fields are ignored, and a value of the wrong type is an error.

type Read<T> = Result<T, String>;

/// `path.key`, the name of a member in messages: one function, where `format!` would give
/// every call site its own formatting code in the bundle.
#[inline(never)]
fn member(path: &str, key: &str) -> String {
    [path, ".", key].concat()
}

fn wrong(path: &str, what: &str) -> String {
    format!("{path}: {what} expected")
}

fn object<'a>(v: &'a Json, path: &str) -> Read<&'a Json> {
    match v {
        Json::Obj(_) => Ok(v),
        _ => Err(wrong(path, "an object")),
    }
}

fn required<'a>(o: &'a Json, key: &str, path: &str) -> Read<&'a Json> {
    o.get(key)
        .ok_or_else(|| format!("{path}: missing field `{key}`"))
}

fn string(v: &Json, path: &str) -> Read<String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| wrong(path, "a string"))
}

/// An unsigned integer written as one (`100000`, not `1e5` or `100000.0`), at most `max`.
fn unsigned(v: &Json, path: &str, max: u64) -> Read<u64> {
    match v {
        // `-0` is a whole number too (serde_json reads it as the integer 0).
        Json::Num(n) => n
            .strip_prefix('-')
            .filter(|rest| rest.bytes().all(|b| b == b'0'))
            .unwrap_or(n)
            .parse::<u64>()
            .ok()
            .filter(|x| *x <= max)
            .ok_or_else(|| wrong(path, "a whole number in range")),
        _ => Err(wrong(path, "a number")),
    }
}

fn u32_of(v: &Json, path: &str) -> Read<u32> {
    unsigned(v, path, u64::from(u32::MAX)).map(|x| x as u32)
}

/// A number read by `read` straight from its text (no `parse::<f64>`: its tables cost bytes in
/// the bundle); `what` names what it must be when `read` refuses it.
fn decimal<T>(v: &Json, path: &str, read: fn(&str) -> Option<T>, what: &str) -> Read<T> {
    match v {
        Json::Num(n) => read(n).ok_or_else(|| wrong(path, what)),
        _ => Err(wrong(path, "a number")),
    }
}

/// A percentage, rounded up to the millionth as the rules crate reads it.
fn rate(v: &Json, path: &str) -> Read<Rate> {
    decimal(v, path, Rate::from_pct_decimal_up, "a percentage")
}

/// A field that may be absent or null.
fn optional<T>(
    o: &Json,
    key: &str,
    path: &str,
    read: impl Fn(&Json, &str) -> Read<T>,
) -> Read<Option<T>> {
    match o.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(v) => read(v, &member(path, key)).map(Some),
    }
}

/// A field that may be absent (then `default`), but not null.
fn defaulted<T>(
    o: &Json,
    key: &str,
    path: &str,
    default: T,
    read: impl Fn(&Json, &str) -> Read<T>,
) -> Read<T> {
    match o.get(key) {
        None => Ok(default),
        Some(v) => read(v, &member(path, key)),
    }
}

fn array<T>(v: &Json, path: &str, read: impl Fn(&Json, &str) -> Read<T>) -> Read<Vec<T>> {
    match v {
        Json::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| read(item, &format!("{path}[{i}]")))
            .collect(),
        _ => Err(wrong(path, "an array")),
    }
}

fn policy(v: &Json, path: &str) -> Read<Policy> {
    let o = object(v, path)?;
    let d = Policy::default();
    Ok(Policy {
        min_age: defaulted(o, "min_age", path, d.min_age, u32_of)?,
        passport_grace_days: defaulted(
            o,
            "passport_grace_days",
            path,
            d.passport_grace_days,
            u32_of,
        )?,
        unconfirmed_income_factor: defaulted(
            o,
            "unconfirmed_income_factor",
            path,
            d.unconfirmed_income_factor,
            |v, p| decimal(v, p, Ratio::from_decimal, "a factor"),
        )?,
        max_overdue_now_days: defaulted(
            o,
            "max_overdue_now_days",
            path,
            d.max_overdue_now_days,
            u32_of,
        )?,
    })
}

fn lender(v: &Json, path: &str) -> Read<Lender> {
    let o = object(v, path)?;
    let s = |key| defaulted(o, key, path, String::new(), string);
    Ok(Lender {
        name: s("name")?,
        ogrn: s("ogrn")?,
        inn: s("inn")?,
        cbr_registry_number: s("cbr_registry_number")?,
        address: s("address")?,
    })
}

fn consent_text(v: &Json, path: &str) -> Read<ConsentText> {
    let o = object(v, path)?;
    Ok(ConsentText {
        version: string(required(o, "version", path)?, &member(path, "version"))?,
        text: string(required(o, "text", path)?, &member(path, "text"))?,
    })
}

fn consent_texts(v: &Json, path: &str) -> Read<ConsentTexts> {
    let o = object(v, path)?;
    Ok(ConsentTexts {
        personal_data: optional(o, "personal_data", path, consent_text)?,
        credit_bureau: optional(o, "credit_bureau", path, consent_text)?,
        transfer: optional(o, "transfer", path, consent_text)?,
    })
}

fn schedule(v: &Json, path: &str) -> Read<ScheduleKind> {
    let o = object(v, path)?;
    match required(o, "kind", path)?.as_str() {
        Some("single") => Ok(ScheduleKind::Single),
        Some("annuity") => Ok(ScheduleKind::Annuity {
            period_days: u32_of(
                required(o, "period_days", path)?,
                &member(path, "period_days"),
            )?,
        }),
        _ => Err(wrong(&member(path, "kind"), "`single` or `annuity`")),
    }
}

fn offer(v: &Json, path: &str) -> Read<Offer> {
    let o = object(v, path)?;
    let req = |key: &str| required(o, key, path).map(|v| (v, member(path, key)));
    let (v_id, p_id) = req("id")?;
    let (v_lender, p_lender) = req("lender")?;
    let (v_amin, p_amin) = req("amount_min_kop")?;
    let (v_amax, p_amax) = req("amount_max_kop")?;
    let (v_tmin, p_tmin) = req("term_min_days")?;
    let (v_tmax, p_tmax) = req("term_max_days")?;
    let (v_rate, p_rate) = req("daily_rate_pct")?;
    let (v_schedule, p_schedule) = req("schedule")?;
    Ok(Offer {
        id: string(v_id, &p_id)?,
        name: optional(o, "name", path, string)?,
        lender: lender(v_lender, &p_lender)?,
        amount_min_kop: unsigned(v_amin, &p_amin, u64::MAX)?,
        amount_max_kop: unsigned(v_amax, &p_amax, u64::MAX)?,
        term_min_days: u32_of(v_tmin, &p_tmin)?,
        term_max_days: u32_of(v_tmax, &p_tmax)?,
        daily_rate_pct: rate(v_rate, &p_rate)?,
        schedule: schedule(v_schedule, &p_schedule)?,
        age_min: optional(o, "age_min", path, u32_of)?,
        age_max: optional(o, "age_max", path, u32_of)?,
        regions_excluded: defaulted(o, "regions_excluded", path, Vec::new(), |v, p| {
            array(v, p, string)
        })?,
        max_pdn_pct: optional(o, "max_pdn_pct", path, rate)?,
        min_tenure_months: optional(o, "min_tenure_months", path, u32_of)?,
        consent_texts: defaulted(
            o,
            "consent_texts",
            path,
            ConsentTexts::default(),
            consent_texts,
        )?,
        endpoint: optional(o, "endpoint", path, string)?,
        payout: None,
    })
}

/// The partner configuration from `GET /v1/offers`, as `Config::from_json` reads it.
pub fn config(text: &str) -> Read<Config> {
    let root = parse(text)?;
    let o = object(&root, "configuration")?;
    Ok(Config {
        config_version: string(
            required(o, "config_version", "configuration")?,
            "config_version",
        )?,
        policy: defaulted(o, "policy", "configuration", Policy::default(), policy)?,
        offers: array(required(o, "offers", "configuration")?, "offers", offer)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Writing.

/// `s` as a JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[(c as usize) >> 4]));
                out.push(char::from(b"0123456789abcdef"[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds one JSON object, member by member.
pub struct ObjectWriter {
    out: String,
    first: bool,
}

impl ObjectWriter {
    pub fn new() -> ObjectWriter {
        ObjectWriter {
            out: String::from("{"),
            first: true,
        }
    }

    /// A member whose value is already JSON.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut ObjectWriter {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push_str(&quote(key));
        self.out.push(':');
        self.out.push_str(json);
        self
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut ObjectWriter {
        self.raw(key, &quote(value))
    }

    /// A string member, or `null`.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut ObjectWriter {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    /// A string member only when there is a value (serde's `skip_serializing_if`).
    pub fn some_str(&mut self, key: &str, value: Option<&str>) -> &mut ObjectWriter {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    pub fn num(&mut self, key: &str, value: Option<u64>) -> &mut ObjectWriter {
        match value {
            Some(v) => self.raw(key, &v.to_string()),
            None => self.raw(key, "null"),
        }
    }

    pub fn bool(&mut self, key: &str, value: Option<bool>) -> &mut ObjectWriter {
        self.raw(
            key,
            value.map_or("null", |b| if b { "true" } else { "false" }),
        )
    }

    pub fn finish(&mut self) -> String {
        self.out.push('}');
        std::mem::take(&mut self.out)
    }
}

impl Default for ObjectWriter {
    fn default() -> ObjectWriter {
        ObjectWriter::new()
    }
}

fn consent_json(c: &Consent) -> String {
    ObjectWriter::new()
        .str("kind", c.kind.as_str())
        .str("text_version", &c.text_version)
        .str("given_at", &c.given_at)
        .finish()
}

/// The application as the contract's JSON, exactly as its serde derive writes it.
pub fn application(app: &Application) -> String {
    let mut w = ObjectWriter::new();
    w.some_str("application_id", app.application_id.as_deref())
        .some_str("applied_at", app.applied_at.as_deref());
    if let Some(locale) = app.locale {
        w.str(
            "locale",
            match locale {
                prequal_rules::application::Locale::Ru => "ru",
                prequal_rules::application::Locale::En => "en",
            },
        );
    }
    w.some_str("offer_id", app.offer_id.as_deref());
    if let Some(loan) = &app.loan {
        let json = ObjectWriter::new()
            .num("amount_kop", loan.amount_kop)
            .num("term_days", loan.term_days.map(u64::from))
            .finish();
        w.raw("loan", &json);
    }
    if let Some(a) = &app.applicant {
        let mut o = ObjectWriter::new();
        o.opt_str("last_name", a.last_name.as_deref())
            .opt_str("first_name", a.first_name.as_deref())
            .some_str("patronymic", a.patronymic.as_deref())
            .opt_str("birth_date", a.birth_date.as_deref())
            .opt_str("phone", a.phone.as_deref())
            .some_str("email", a.email.as_deref())
            .opt_str("region", a.region.as_deref());
        match &a.passport {
            Some(p) => {
                let json = ObjectWriter::new()
                    .opt_str("series", p.series.as_deref())
                    .opt_str("number", p.number.as_deref())
                    .opt_str("issue_date", p.issue_date.as_deref())
                    .opt_str("issuer_code", p.issuer_code.as_deref())
                    .finish();
                o.raw("passport", &json);
            }
            None => {
                o.raw("passport", "null");
            }
        }
        o.some_str("inn", a.inn.as_deref())
            .some_str("snils", a.snils.as_deref());
        if let Some(b) = a.has_emergency_contact {
            o.bool("has_emergency_contact", Some(b));
        }
        w.raw("applicant", &o.finish());
    }
    if let Some(i) = &app.income {
        let json = ObjectWriter::new()
            .opt_str("employment", i.employment.map(|e| e.as_str()))
            .num("tenure_months", i.tenure_months.map(u64::from))
            .num("confirmed_kop", i.confirmed_kop)
            .num("unconfirmed_kop", i.unconfirmed_kop)
            .finish();
        w.raw("income", &json);
    }
    if let Some(o) = &app.obligations {
        let json = ObjectWriter::new()
            .num("monthly_payments_kop", o.monthly_payments_kop)
            .num("active_loans", o.active_loans.map(u64::from))
            .num("overdue_now_days", o.overdue_now_days.map(u64::from))
            .num(
                "overdue_12m_max_days",
                o.overdue_12m_max_days.map(u64::from),
            )
            .bool("utility_arrears", o.utility_arrears)
            .finish();
        w.raw("obligations", &json);
    }
    if let Some(consents) = &app.consents {
        let items: Vec<String> = consents.iter().map(consent_json).collect();
        w.raw("consents", &format!("[{}]", items.join(",")));
    }
    if let Some(t) = &app.tracking {
        let json = ObjectWriter::new()
            .opt_str("partner_key", t.partner_key.as_deref())
            .opt_str("click_id", t.click_id.as_deref())
            .opt_str("sub1", t.sub1.as_deref())
            .opt_str("sub2", t.sub2.as_deref())
            .opt_str("sub3", t.sub3.as_deref())
            .opt_str("sub4", t.sub4.as_deref())
            .opt_str("sub5", t.sub5.as_deref())
            .opt_str("utm_source", t.utm_source.as_deref())
            .opt_str("utm_medium", t.utm_medium.as_deref())
            .opt_str("utm_campaign", t.utm_campaign.as_deref())
            .opt_str("utm_content", t.utm_content.as_deref())
            .opt_str("utm_term", t.utm_term.as_deref())
            .finish();
        w.raw("tracking", &json);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use prequal_rules::application::{ConsentKind, Locale, Tracking};
    use prequal_rules::config::DEMO_CONFIG;

    const EXAMPLE_CONFIG: &str = include_str!("../schemas/examples/config.json");
    const EXAMPLE_APPLICATION: &str = include_str!("../schemas/examples/application.json");

    #[test]
    fn parses_what_serde_json_parses() {
        for text in [
            DEMO_CONFIG,
            EXAMPLE_CONFIG,
            EXAMPLE_APPLICATION,
            r#"{"a": [1, -2.5e3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}}"#,
            " [ ] ",
        ] {
            let ours = parse(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(to_value(&ours), theirs);
        }
    }

    fn to_value(j: &Json) -> serde_json::Value {
        match j {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => (*b).into(),
            Json::Num(n) => serde_json::from_str(n).unwrap(),
            Json::Str(s) => s.clone().into(),
            Json::Arr(items) => items.iter().map(to_value).collect(),
            Json::Obj(fields) => fields
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"a\nb\"",
            "tru",
            "{} x",
            "\"\\ud800\"",
            "{\"a\" 1}",
            "[1 2]",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad:?}"
            );
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
    }

    /// `Config::from_json` and this module agree, but for the `payout`s this module does not
    /// read: the same configuration, or both refuse.
    fn same_config(text: &str) {
        let ours = config(text);
        let theirs = Config::from_json(text).map(|mut c| {
            c.offers.iter_mut().for_each(|o| o.payout = None);
            c
        });
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("disagree on {text}:\n ours {ours:?}\n theirs {theirs:?}"),
        }
    }

    #[test]
    fn an_offers_payout_is_not_read() {
        let mut v: serde_json::Value = serde_json::from_str(DEMO_CONFIG).unwrap();
        v["offers"][0]["payout"] = serde_json::json!({"model": "bribe"});
        let ours = config(&v.to_string()).unwrap();
        assert!(ours.offers.iter().all(|o| o.payout.is_none()));
        assert!(
            Config::from_json(&v.to_string()).is_err(),
            "the server refuses it"
        );
    }

    #[test]
    fn reads_the_configuration_as_the_rules_crate_does() {
        same_config(DEMO_CONFIG);
        same_config(EXAMPLE_CONFIG);
        let mut demo = Config::demo();
        demo.offers.iter_mut().for_each(|o| o.payout = None);
        assert_eq!(config(DEMO_CONFIG).unwrap(), demo);
        let base: serde_json::Value = serde_json::from_str(DEMO_CONFIG).unwrap();
        // Each optional or defaulted field removed or nulled, each required one removed, and
        // wrong types: the two readers must agree every time.
        let offer_keys = [
            "id",
            "name",
            "lender",
            "amount_min_kop",
            "amount_max_kop",
            "term_min_days",
            "term_max_days",
            "daily_rate_pct",
            "schedule",
            "age_min",
            "age_max",
            "regions_excluded",
            "max_pdn_pct",
            "min_tenure_months",
            "consent_texts",
            "endpoint",
        ];
        for key in offer_keys {
            for replacement in [
                None,
                Some(serde_json::Value::Null),
                Some("x".into()),
                Some(1.5.into()),
                Some(7.into()),
                Some(serde_json::json!({})),
            ] {
                let mut v = base.clone();
                let offer = v["offers"][0].as_object_mut().unwrap();
                match replacement {
                    None => {
                        offer.remove(key);
                    }
                    Some(r) => {
                        offer.insert(key.into(), r);
                    }
                }
                same_config(&v.to_string());
            }
        }
        for (path, value) in [
            ("/policy", serde_json::json!({})),
            (
                "/policy",
                serde_json::json!({"min_age": 21, "unconfirmed_income_factor": 0.5}),
            ),
            ("/policy", serde_json::Value::Null),
            ("/policy/min_age", serde_json::json!(-1)),
            ("/policy/min_age", serde_json::json!(4294967296u64)),
            ("/offers/0/lender", serde_json::json!({"name": "Н"})),
            (
                "/offers/0/schedule",
                serde_json::json!({"kind": "annuity", "period_days": 14}),
            ),
            ("/offers/0/schedule", serde_json::json!({"kind": "annuity"})),
            ("/offers/0/schedule", serde_json::json!({"kind": "weekly"})),
            (
                "/offers/0/consent_texts",
                serde_json::json!({"transfer": {"version": "v"}}),
            ),
            (
                "/offers/0/consent_texts",
                serde_json::json!({"transfer": null}),
            ),
            ("/offers/0/daily_rate_pct", serde_json::json!(1e-7)),
            ("/offers/0/daily_rate_pct", serde_json::json!(2000000)),
            ("/offers/0/amount_min_kop", serde_json::json!(1e3)),
            ("/offers/0/regions_excluded", serde_json::json!(["05", 7])),
            ("/config_version", serde_json::json!(1)),
            ("/offers", serde_json::json!([])),
        ] {
            let mut v = base.clone();
            *v.pointer_mut(path).unwrap() = value;
            same_config(&v.to_string());
        }
        // Rates and factors as written, in every notation: read from their text, they must
        // come out as serde's `f64` reading does.
        for number in [
            "0.8",
            "8e-1",
            "80E-2",
            "0.08e+1",
            "-0",
            "-0.0",
            "0",
            "1e-7",
            "5e-7",
            "0.0000005",
            "0.0000015",
            "32.4833265",
            "130",
            "1e6",
            "1000000",
            "1000000.5",
            "1e400",
            "-0.1",
            "0000",
            "0.30000000000000004",
        ] {
            for (key, with) in [
                (
                    "\"daily_rate_pct\": 0.8",
                    format!("\"daily_rate_pct\": {number}"),
                ),
                ("\"max_pdn_pct\": 80", format!("\"max_pdn_pct\": {number}")),
                (
                    "\"unconfirmed_income_factor\": 0.3",
                    format!("\"unconfirmed_income_factor\": {number}"),
                ),
            ] {
                assert!(DEMO_CONFIG.contains(key), "{key}");
                same_config(&DEMO_CONFIG.replacen(key, &with, 1));
            }
        }
        // Beyond what `f64` holds, this module reads the digits exactly and the rules crate
        // reads them through `f64` (money.rs documents it): no configuration is written so.
        let differ = |key: &str, number: &str| {
            let text = DEMO_CONFIG.replacen(
                &format!("\"{key}\": "),
                &format!("\"{key}\": {number}, \"x\": "),
                1,
            );
            (config(&text).ok(), Config::from_json(&text).ok())
        };
        let (ours, theirs) = differ("daily_rate_pct", "0.80000000000000000001");
        assert_eq!(
            ours.unwrap().offers[0].daily_rate_pct,
            Rate::from_millionths(800_001)
        );
        assert_eq!(
            theirs.unwrap().offers[0].daily_rate_pct,
            Rate::from_millionths(800_000)
        );
        let (ours, theirs) = differ("unconfirmed_income_factor", "1.0000000000000000000001");
        assert!(ours.is_none(), "above 1, read exactly");
        assert_eq!(theirs.unwrap().policy.unconfirmed_income_factor, Ratio::ONE);
        let mut v = base.clone();
        v.as_object_mut().unwrap().remove("policy");
        v["unknown"] = serde_json::json!({"ignored": true});
        same_config(&v.to_string());
    }

    #[test]
    fn writes_the_application_as_its_serde_derive_does() {
        let mut app = Application::from_json(EXAMPLE_APPLICATION).unwrap();
        let check = |app: &Application| {
            let ours: serde_json::Value = serde_json::from_str(&application(app)).unwrap();
            assert_eq!(ours, serde_json::to_value(app).unwrap());
        };
        check(&app);
        check(&Application::default());
        app.applicant.as_mut().unwrap().has_emergency_contact = Some(false);
        app.applicant.as_mut().unwrap().last_name = Some("Д'Артаньян \"\\\n\u{1}".into());
        app.locale = Some(Locale::En);
        app.tracking = Some(Tracking::default());
        app.consents = Some(vec![Consent {
            kind: ConsentKind::CreditBureau,
            text_version: "v".into(),
            given_at: "t".into(),
        }]);
        check(&app);
        let a = app.applicant.as_mut().unwrap();
        a.passport = None;
        a.patronymic = None;
        app.income.as_mut().unwrap().employment = None;
        app.loan.as_mut().unwrap().term_days = None;
        check(&app);
        app.applicant = None;
        app.income = None;
        app.obligations = None;
        app.loan = None;
        app.consents = None;
        check(&app);
    }
}
