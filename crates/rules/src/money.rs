//! Money and percentages held exactly.
//!
//! Sums of money are integer kopecks everywhere in the crate (contract.md, "Conventions");
//! this module holds the two exact fixed-point types the rules need for what is not money —
//! [`Rate`] (a percentage such as the daily rate `0.8`) and [`Ratio`] (a plain factor such as
//! the unconfirmed-income factor `0.3`) — the rounding helpers every `*_pct` output and every
//! kopeck result goes through, and the printed form of a sum in rubles.
//!
//! It deliberately does no arithmetic in `f64` on sums shown to a person: `f64` appears only
//! at the edges (reading a JSON number, writing a rounded percentage).

use core::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Millionths in one unit: the fixed-point scale of [`Rate`] and [`Ratio`].
const MILLION: u64 = 1_000_000;

/// A percentage, held exactly as an integer number of millionths of a percent:
/// 0.8 % is `Rate::from_millionths(800_000)`.
///
/// Reads and writes as a plain JSON number (`0.8`, `130`), prints the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(u64);

impl Rate {
    /// The largest percentage [`Rate::from_pct_f64`] accepts: one million per cent. Anything
    /// above is not a rate any rule could mean, so it is read as a mistake.
    pub const MAX_PCT: f64 = 1_000_000.0;

    pub const ZERO: Rate = Rate(0);

    /// The rate of `millionths` millionths of a percent.
    pub const fn from_millionths(millionths: u64) -> Rate {
        Rate(millionths)
    }

    /// A whole number of per cent, e.g. the 130 % overpayment cap.
    pub const fn from_whole_pct(pct: u32) -> Rate {
        Rate(pct as u64 * MILLION)
    }

    /// The rate nearest to `pct` per cent, to the millionth (halves away from zero). `None` for
    /// NaN, infinities, negatives and anything above [`Rate::MAX_PCT`].
    pub fn from_pct_f64(pct: f64) -> Option<Rate> {
        millionths_of(pct, Rate::MAX_PCT, Round::Nearest).map(Rate)
    }

    /// `pct` per cent to the millionth like [`Rate::from_pct_f64`], but rounded **up** when it
    /// has finer digits: how a configuration's percentages are read (`Rate`'s `Deserialize`).
    /// For `daily_rate_pct` this keeps a rate above the legal cap by any amount `f64` can tell
    /// above it (contract.md, "Loan arithmetic": "An offer whose daily rate exceeds the limit
    /// is a configuration error"), and the cost shown never below the configured one. A
    /// `max_pdn_pct` written with finer digits is thereby up to a millionth of a per cent
    /// looser; one reading for every percentage keeps the browser's reader small.
    pub fn from_pct_f64_up(pct: f64) -> Option<Rate> {
        millionths_of(pct, Rate::MAX_PCT, Round::Up).map(Rate)
    }

    /// The rate of a JSON number text (`"0.8"`, `"130"`, `"8e-1"`) per cent, as the browser
    /// reads a configuration's percentages (`daily_rate_pct`, `max_pdn_pct`): what `Rate::from_pct_f64_up(text.parse::<f64>().ok()?)`
    /// gives (to the millionth, finer digits rounded up), but read with integers and at most
    /// one `f64` multiplication or division. `str::parse::<f64>` and its correctly rounded
    /// parser (tables of powers of ten, a big-number fallback) cost about 5 KB of the browser
    /// bundle. `None` for negatives, anything above [`Rate::MAX_PCT`], and text that is not a
    /// JSON number.
    ///
    /// The grammar is RFC 8259's number, leading zeros allowed: an optional `-`, digits, an
    /// optional `.` and digits, an optional `e`/`E`, sign and digits. A `-` on a zero (`-0`,
    /// `-0.0e5`) gives 0, as `-0.0` does through `f64`; on anything else it is refused. Text
    /// that `parse::<f64>` accepts but JSON does not (`+1`, `.5`, `5.`, `inf`, `NaN`) is
    /// `None`.
    ///
    /// With at most 15 significant digits (leading and trailing zeros do not count) and the
    /// last of them within 10^±22 — every rate or factor a person writes — the `f64` is the
    /// significand times or divided by an exact power of ten: one correctly rounded operation,
    /// so exactly what `parse::<f64>` returns (Clinger's fast path), and it is rounded to the
    /// millionth the same way. The result is then identical.
    ///
    /// Anything longer or further out is read exactly, however many digits or however large
    /// the exponent (`1e400` is above the maximum, `1e-400` is one millionth), and rounded up
    /// from its exact value. That can differ from going through `f64`, which rounds the text first, on
    /// inputs no configuration has (a randomised test allows only these):
    /// * digits finer than `f64` holds: `0.80000000000000000001` is 0.800001 here and 0.8
    ///   through `f64`, which reads it as 0.8 (and `1e-400` as 0): one millionth more here;
    /// * just above the maximum: `1000000.0000000000000001` is refused here, the maximum
    ///   through `f64`;
    /// * a negative too small for `f64` (`-1e-400`): refused here, 0 through `f64` (which reads
    ///   it as −0).
    pub fn from_pct_decimal_up(text: &str) -> Option<Rate> {
        decimal_millionths(text, Rate::MAX_PCT, Round::Up).map(Rate)
    }

    pub const fn millionths(self) -> u64 {
        self.0
    }

    /// The percentage as the `f64` nearest to its exact decimal value (for output only).
    pub fn as_f64_pct(self) -> f64 {
        self.0 as f64 / MILLION as f64
    }
}

/// A plain factor (not a percentage), held exactly as an integer number of millionths:
/// 0.3 is `Ratio::from_millionths(300_000)`. Used for the unconfirmed-income factor.
///
/// Reads and writes as a plain JSON number (`0.3`), prints the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(u64);

impl Ratio {
    /// The largest factor [`Ratio::from_f64`] accepts: a share of income is at most all of it
    /// (formats.md and `config.schema.json`: "0…1").
    pub const MAX: f64 = 1.0;

    pub const ZERO: Ratio = Ratio(0);
    pub const ONE: Ratio = Ratio(MILLION);

    pub const fn from_millionths(millionths: u64) -> Ratio {
        Ratio(millionths)
    }

    /// The factor nearest to `x`, to the millionth. `None` for NaN, infinities, negatives and
    /// anything above [`Ratio::MAX`].
    pub fn from_f64(x: f64) -> Option<Ratio> {
        millionths_of(x, Ratio::MAX, Round::Nearest).map(Ratio)
    }

    /// The factor of a JSON number text (`"0.3"`), to the nearest millionth: what
    /// `Ratio::from_f64(text.parse::<f64>().ok()?)` gives, read without `f64`'s parser as
    /// [`Rate::from_pct_decimal_up`] reads a percentage (the same grammar; the same agreement up
    /// to 15 significant digits). Beyond, it rounds the exact value: `0.00000049999999999999999`
    /// is 0 here and one millionth through `f64`, and `1.0000000000000000000001` is above
    /// [`Ratio::MAX`] here and 1 through `f64`. `None` for negatives, anything above
    /// [`Ratio::MAX`], and text that is not a JSON number.
    pub fn from_decimal(text: &str) -> Option<Ratio> {
        decimal_millionths(text, Ratio::MAX, Round::Nearest).map(Ratio)
    }

    pub const fn millionths(self) -> u64 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / MILLION as f64
    }
}

/// Which way a value with digits finer than the millionth goes.
#[derive(Clone, Copy)]
enum Round {
    /// To the nearest millionth, halves away from zero.
    Nearest,
    /// To the next millionth up.
    Up,
}

/// `x` in millionths, rounded as `round` says; `None` unless `0 <= x <= max` and finite.
fn millionths_of(x: f64, max: f64, round: Round) -> Option<u64> {
    if !x.is_finite() || x < 0.0 || x > max {
        return None;
    }
    // `max` ≤ 1e6, so the product is ≤ 1e12: exact in f64 and well inside u64.
    let nearest = (x * MILLION as f64).round() as u64;
    // An `x` read from a decimal of at most six places is the `f64` nearest to
    // nearest / 10⁶, and so is the correctly rounded quotient: only an `x` with finer digits
    // compares unequal to it.
    let quotient = nearest as f64 / MILLION as f64;
    Some(nearest + u64::from(matches!(round, Round::Up) && quotient < x))
}

/// The JSON number `text` in millionths, rounded as `round` says; `None` unless
/// `0 <= value <= max`, or when `text` is not a JSON number: the reading behind
/// [`Rate::from_pct_decimal_up`] (which says exactly what it does) and [`Ratio::from_decimal`].
fn decimal_millionths(text: &str, max: f64, round: Round) -> Option<u64> {
    let text = text.as_bytes();
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let is_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let (mantissa, exponent) = match text.iter().position(|&b| b == b'e' || b == b'E') {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(at) => (&mantissa[..at], Some(&mantissa[at + 1..])),
        None => (mantissa, None),
    };
    if !is_digits(int) || frac.is_some_and(|f| !is_digits(f)) {
        return None;
    }
    let frac = frac.unwrap_or_default();
    let exponent = match exponent {
        None => 0,
        Some(e) => {
            let (sign, e) = match e.split_first() {
                Some((b'-', rest)) => (-1, rest),
                Some((b'+', rest)) => (1, rest),
                _ => (1, e),
            };
            if !is_digits(e) {
                return None;
            }
            // Saturates far beyond any digit count a text can have in memory.
            sign * e.iter().fold(0i64, |n, &d| {
                (n * 10 + i64::from(d - b'0')).min(1_000_000_000_000_000)
            })
        }
    };

    // The k-th digit of int and frac written together; 0 past the end.
    let digit = |k: usize| {
        let d = match k.checked_sub(int.len()) {
            None => int.get(k),
            Some(k) => frac.get(k),
        };
        d.map_or(0, |&d| u64::from(d - b'0'))
    };
    let total = int.len() + frac.len();
    // The significant digits are those in first..end: leading and trailing zeros dropped.
    let Some(first) = (0..total).find(|&k| digit(k) != 0) else {
        return Some(0);
    };
    let end = 1 + (first..total).rfind(|&k| digit(k) != 0).unwrap_or(first);
    let len = end - first;
    // The value is (the significant digits as an integer) × 10^last.
    let last = exponent.saturating_add(int.len() as i64 - end as i64);

    if len <= 15 && (-22..=22).contains(&last) {
        let digits = (first..end).fold(0u64, |n, k| n * 10 + digit(k)) as f64;
        // 10^k for k ≤ 22 is exact in f64, and so is every product on the way.
        let power = (0..last.unsigned_abs()).fold(1.0, |p, _| p * 10.0);
        let x = if last < 0 {
            digits / power
        } else {
            digits * power
        };
        return millionths_of(if negative { -x } else { x }, max, round);
    }
    if negative {
        return None;
    }
    // Exactly, from the digits: value × 10⁶ has `point` digits before its decimal point.
    let point = (len as i64).saturating_add(last).saturating_add(6);
    if point > 19 {
        // At least 10^19 millionths; max · 10⁶ is below.
        return None;
    }
    // The j-th significant digit from 0; 0 before the first (j < 0) and past the last.
    let nth = |j: i64| usize::try_from(j).map_or(0, |j| digit(first + j));
    let whole = (0..point).fold(0u64, |n, j| n * 10 + nth(j));
    // The first digit after the point decides the nearest; any later non-zero one matters
    // against `max` and when rounding up.
    let first_after = nth(point);
    let more = (point.max(-1) + 1..len as i64).any(|j| nth(j) != 0);
    let max = (max as u64).saturating_mul(MILLION);
    let finer = first_after != 0 || more;
    if whole > max || (whole == max && finer) {
        return None;
    }
    Some(
        whole
            + u64::from(match round {
                Round::Nearest => first_after >= 5,
                Round::Up => finer,
            }),
    )
}

/// Writes `millionths` as a decimal with no trailing zeros: `800000` → `0.8`, `130000000` → `130`.
fn fmt_millionths(millionths: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let whole = millionths / MILLION;
    let frac = millionths % MILLION;
    if frac == 0 {
        return write!(f, "{whole}");
    }
    let digits = format!("{frac:06}");
    write!(f, "{whole}.{}", digits.trim_end_matches('0'))
}

/// A whole value as a JSON integer (`130`), any other as the nearest `f64` (`0.8`): both are
/// the same JSON number, the first just reads better.
fn serialize_millionths<S: Serializer>(millionths: u64, s: S) -> Result<S::Ok, S::Error> {
    if millionths.is_multiple_of(MILLION) {
        s.serialize_u64(millionths / MILLION)
    } else {
        s.serialize_f64(millionths as f64 / MILLION as f64)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_millionths(self.0, f)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_millionths(self.0, f)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_millionths(self.0, s)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_millionths(self.0, s)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        let x = f64::deserialize(d)?;
        Rate::from_pct_f64_up(x).ok_or_else(|| {
            D::Error::custom(format_args!(
                "a percentage from 0 to {} expected, got {x}",
                Rate::MAX_PCT
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ratio, D::Error> {
        let x = f64::deserialize(d)?;
        Ratio::from_f64(x).ok_or_else(|| {
            D::Error::custom(format_args!(
                "a factor from 0 to {} expected, got {x}",
                Ratio::MAX
            ))
        })
    }
}

/// `num / den` rounded to the nearest integer, halves away from zero ("half-up" as
/// commercial rounding means it: 2.5 → 3, −2.5 → −3).
///
/// Never panics: `den == 0` gives 0, and a quotient beyond `i128` (only `i128::MIN / -1`)
/// saturates.
pub fn div_round_half_up(num: i128, den: i128) -> i128 {
    if den == 0 {
        return 0;
    }
    let (a, b) = (num.unsigned_abs(), den.unsigned_abs());
    let (mut q, r) = (a / b, a % b);
    // r ≥ b − r ⇔ 2r ≥ b, written so that it cannot overflow.
    if r >= b - r {
        q += 1;
    }
    let negative = (num < 0) != (den < 0);
    match i128::try_from(q) {
        Ok(q) if negative => -q,
        Ok(q) => q,
        Err(_) if negative => i128::MIN,
        Err(_) => i128::MAX,
    }
}

/// `x` rounded half-up (away from zero) to `decimals` places (at most 9), for the `f64`
/// percentages the contract reports (`psk_pct` to 3 places).
///
/// `x · 10^decimals` is nudged by 10⁻⁹ of a unit before rounding so that a value meant to end in
/// 5 but stored a few ulps below it (`1.005` is `1.00499999999999989…`) still rounds up. Values
/// too large to have a fractional part, and non-finite values, come back unchanged.
pub fn round_pct(x: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals.min(9) as i32);
    let y = x * scale;
    if !y.is_finite() || y.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    let nudged = y + y.signum() * 1e-9;
    let r = nudged.round() / scale;
    // -0.0 prints as "-0.0" in JSON; a percentage that rounds to zero is plain zero.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `num / den × 100` rounded half-up to `decimals` places (at most 9), computed in integers:
/// the exact way to turn two sums of money into a `*_pct`. 0 when `den` is 0.
pub fn ratio_pct(num: i128, den: i128, decimals: u32) -> f64 {
    let decimals = decimals.min(9);
    let scale = 10i128.pow(decimals);
    match num.checked_mul(100 * scale) {
        Some(scaled) => div_round_half_up(scaled, den) as f64 / scale as f64,
        // Only for sums far beyond any loan; fall back to floating point.
        None if den != 0 => round_pct(num as f64 / den as f64 * 100.0, decimals),
        None => 0.0,
    }
}

/// A sum of kopecks in rubles with kopecks, as Russian readers write it: `12 400,00` — digits
/// grouped by the no-break space U+00A0 (as CLDR and `Intl.NumberFormat("ru")` do), decimal
/// comma. Negative sums get a leading `-`. No currency sign: the caller adds `₽` as its sentence
/// needs. [`format_rub_en`] is the English form; the two take no locale argument so that this
/// module needs nothing from the application's types.
pub fn format_rub(kop: i64) -> String {
    format_grouped(kop, '\u{a0}', ',')
}

/// A sum of kopecks in rubles with kopecks, as English readers write it: `12,400.00`.
pub fn format_rub_en(kop: i64) -> String {
    format_grouped(kop, ',', '.')
}

fn format_grouped(kop: i64, group: char, decimal: char) -> String {
    let abs = kop.unsigned_abs();
    let rub = (abs / 100).to_string();
    let mut out = String::with_capacity(rub.len() * 2 + 4);
    if kop < 0 {
        out.push('-');
    }
    for (i, c) in rub.chars().enumerate() {
        if i > 0 && (rub.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    out.push(decimal);
    out.push_str(&format!("{:02}", abs % 100));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_from_f64_rounds_to_the_millionth_and_rejects_nonsense() {
        assert_eq!(
            Rate::from_pct_f64(0.8),
            Some(Rate::from_millionths(800_000))
        );
        assert_eq!(
            Rate::from_pct_f64(0.1 + 0.7),
            Some(Rate::from_millionths(800_000))
        );
        assert_eq!(
            Rate::from_pct_f64(0.000_000_5),
            Some(Rate::from_millionths(1))
        );
        assert_eq!(Rate::from_pct_f64(0.000_000_4), Some(Rate::ZERO));
        assert_eq!(Rate::from_pct_f64(130.0), Some(Rate::from_whole_pct(130)));
        assert_eq!(Rate::from_pct_f64(0.0), Some(Rate::ZERO));
        for bad in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.1,
            1e7,
            f64::MAX,
        ] {
            assert_eq!(Rate::from_pct_f64(bad), None, "{bad}");
        }
        assert_eq!(Rate::from_millionths(800_000).as_f64_pct(), 0.8);
    }

    #[test]
    fn rate_prints_and_serialises_as_a_plain_number() {
        // serde_json writes very small floats in exponent form: still the same JSON number.
        let cases = [
            (800_000, "0.8", "0.8"),
            (130_000_000, "130", "130"),
            (292_000_500, "292.0005", "292.0005"),
            (1, "0.000001", "1e-6"),
            (0, "0", "0"),
        ];
        for (m, text, json) in cases {
            let r = Rate::from_millionths(m);
            assert_eq!(r.to_string(), text);
            assert_eq!(serde_json::to_string(&r).unwrap(), json);
            assert_eq!(serde_json::from_str::<Rate>(json).unwrap(), r);
            assert_eq!(serde_json::from_str::<Rate>(text).unwrap(), r);
        }
        assert_eq!(
            serde_json::from_str::<Rate>("292.0").unwrap(),
            Rate::from_whole_pct(292)
        );
        assert!(serde_json::from_str::<Rate>("-1").is_err());
        assert!(serde_json::from_str::<Rate>("\"0.8\"").is_err());
        assert!(serde_json::from_str::<Rate>("1e300").is_err());
    }

    /// What the server reads a configuration's rate as: the text through `f64`.
    fn via_f64(text: &str) -> Option<Rate> {
        Rate::from_pct_f64_up(text.parse::<f64>().ok()?)
    }

    #[test]
    fn decimals_read_exactly() {
        let m = |text: &str| Rate::from_pct_decimal_up(text).map(Rate::millionths);
        let cases: [(&str, Option<u64>); 37] = [
            ("0.8", Some(800_000)),
            ("0", Some(0)),
            ("-0", Some(0)),
            ("-0.000e7", Some(0)),
            ("130", Some(130_000_000)),
            ("292.0", Some(292_000_000)),
            ("8e-1", Some(800_000)),
            ("8E-1", Some(800_000)),
            ("0.08e+1", Some(800_000)),
            ("1e-6", Some(1)),
            ("0.0000005", Some(1)),
            ("0.0000004999", Some(1)),
            ("0.0000015", Some(2)),
            ("0.80000049999", Some(800_001)),
            ("0.8000000001", Some(800_001)),
            ("0.800000", Some(800_000)),
            ("0.8000005", Some(800_001)),
            ("1e-7", Some(1)),
            ("5e-7", Some(1)),
            ("1e-400", Some(1)),
            (
                "0.00000000000000000000000000000000000000000000000006",
                Some(1),
            ),
            ("000.8", Some(800_000)),
            ("1000000", Some(1_000_000_000_000)),
            ("999999.9999995", Some(1_000_000_000_000)),
            ("1e6", Some(1_000_000_000_000)),
            ("1000000.0000001", None),
            ("1000000.000000000000000000001", None),
            ("1e400", None),
            ("1e99999999999999999999999999", None),
            ("123456789012345678901234567890", None),
            ("-0.1", None),
            ("-1e-400", None),
            ("1.", None),
            (".5", None),
            ("+1", None),
            ("1e", None),
            ("0x10", None),
        ];
        for (text, expected) in cases {
            assert_eq!(m(text), expected, "{text}");
        }
        let long = format!(
            "0000000000000000000000{}.8{}1e0",
            "0".repeat(500),
            "0".repeat(1000)
        );
        assert_eq!(m(&long), Some(800_001));
        assert_eq!(m(&long.replace('1', "0")), Some(800_000));
        assert_eq!(m(&format!("0.00000{}", "9".repeat(40))), Some(10));
        assert_eq!(m(&format!("0.0000004{}", "9".repeat(40))), Some(1));
        for bad in [
            "", "-", "inf", "NaN", "1 ", " 1", "1e+", "1.5.5", "1e5e5", "١",
        ] {
            assert_eq!(m(bad), None, "{bad:?}");
        }
        // The documented differences from going through `f64`, all beyond 15 digits or 10^±22.
        for (text, exact, through_f64) in [
            ("0.80000000000000000001", Some(800_001), Some(800_000)),
            ("1e-400", Some(1), Some(0)),
            ("1000000.0000000000000001", None, Some(1_000_000_000_000)),
            ("-1e-400", None, Some(0)),
        ] {
            assert_eq!(m(text), exact, "{text}");
            assert_eq!(via_f64(text).map(Rate::millionths), through_f64, "{text}");
        }
        // A written half that f64 stores just below: the same either way.
        assert_eq!(m("32.4833265"), Some(32_483_327));
        assert_eq!(via_f64("32.4833265"), Some(Rate(32_483_327)));
        assert_eq!(m("32.4833275"), via_f64("32.4833275").map(Rate::millionths));
        // The income factor rounds to the nearest, and is at most 1.
        let factor = |text| Ratio::from_decimal(text).map(|r| r.0);
        assert_eq!(factor("0.3"), Some(300_000));
        assert_eq!(factor("0.3000004"), Some(300_000));
        assert_eq!(factor("0.3000005"), Some(300_001));
        assert_eq!(factor("1"), Some(MILLION));
        // Beyond 15 digits the exact value decides, where `f64` would have rounded the text.
        assert_eq!(factor("0.00000049999999999999999"), Some(0));
        assert_eq!(factor("0.0000004999999999999999999"), Some(0));
        assert_eq!(factor("0.00000050000000000000001"), Some(1));
        for bad in ["-0.3", "1.0000001", "1.5", "1000001"] {
            assert_eq!(factor(bad), None, "{bad}");
        }
    }

    /// A random JSON number: up to `max_digits` significant digits, any placement of the
    /// point, leading zeros, exponents, now and then `-`.
    fn random_decimal(next: &mut impl FnMut(u64) -> u64, max_digits: u64) -> String {
        let digits: String = (0..1 + next(max_digits))
            .map(|_| char::from(b'0' + next(10) as u8))
            .collect();
        let mut text = String::new();
        if next(20) == 0 {
            text.push('-');
        }
        text.push_str(&"0".repeat(next(3) as usize));
        let point = next(digits.len() as u64 + 1) as usize;
        match (point, next(3)) {
            (0, 0) => text.push_str(&format!("0.{}{digits}", "0".repeat(next(8) as usize))),
            (0, _) => text.push_str(&digits),
            (p, _) if p == digits.len() => text.push_str(&digits),
            (p, _) => text.push_str(&format!("{}.{}", &digits[..p], &digits[p..])),
        }
        if next(4) == 0 {
            let e = next(30) as i64 - 18;
            let mark = if next(2) == 0 { 'e' } else { 'E' };
            let sign = match (e < 0, next(2)) {
                (true, _) => "-",
                (false, 0) => "+",
                _ => "",
            };
            text.push_str(&format!(
                "{mark}{sign}{:0width$}",
                e.abs(),
                width = next(3) as usize
            ));
        }
        text
    }

    #[test]
    fn decimals_agree_with_f64_up_to_15_significant_digits() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut some = 0;
        for _ in 0..300_000 {
            let text = random_decimal(&mut next, 15);
            let ours = Rate::from_pct_decimal_up(&text);
            assert_eq!(ours, via_f64(&text), "{text}");
            let factor = text.parse::<f64>().ok().and_then(Ratio::from_f64);
            assert_eq!(Ratio::from_decimal(&text), factor, "{text}");
            some += usize::from(ours.is_some_and(|r| r.0 > 0));
        }
        assert!(some > 100_000, "{some}");
        // Every exact half-millionth up to the maximum: 6 decimals and a 5, in every notation.
        for _ in 0..100_000 {
            let n = next(1_000_000_000_000);
            let half = format!("{}.{:06}5", n / MILLION, n % MILLION);
            let sci = format!("{}{:06}5e-7", n / MILLION, n % MILLION);
            for text in [&half, &sci] {
                assert_eq!(Rate::from_pct_decimal_up(text), via_f64(text), "{text}");
            }
        }
    }

    #[test]
    fn longer_decimals_differ_from_f64_only_where_f64_rounded_the_text() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..300_000 {
            let text = random_decimal(&mut next, 40);
            let (ours, theirs) = (Rate::from_pct_decimal_up(&text), via_f64(&text));
            if ours == theirs {
                continue;
            }
            let significant = text
                .split(['e', 'E'])
                .next()
                .unwrap()
                .trim_start_matches(['-', '0', '.'])
                .replace('.', "");
            assert!(significant.len() > 15, "{text}: {ours:?} {theirs:?}");
            match (ours, theirs) {
                // Digits finer than f64 holds, which it rounded away.
                (Some(a), Some(b)) => assert!(a.0 == b.0 + 1, "{text}"),
                // Just above the maximum, or a negative f64 read as −0.
                (None, Some(b)) => assert!(b.0 == 1_000_000_000_000 || b.0 == 0, "{text}"),
                (Some(_), None) => panic!("{text}: {ours:?} {theirs:?}"),
                (None, None) => unreachable!(),
            }
        }
    }

    #[test]
    fn ratio_reads_the_income_factor() {
        let r: Ratio = serde_json::from_str("0.3").unwrap();
        assert_eq!(r, Ratio::from_millionths(300_000));
        assert_eq!(r.to_string(), "0.3");
        assert_eq!(serde_json::to_string(&Ratio::ONE).unwrap(), "1");
        assert_eq!(Ratio::from_f64(f64::NAN), None);
        assert_eq!(Ratio::from_f64(-0.3), None);
        assert_eq!(Ratio::from_f64(1.0), Some(Ratio::ONE));
        assert_eq!(Ratio::from_f64(1.01), None);
        let over = serde_json::from_str::<Ratio>("1.5")
            .unwrap_err()
            .to_string();
        assert!(over.starts_with("a factor from 0 to 1 expected"), "{over}");
    }

    #[test]
    fn a_configured_rate_finer_than_the_millionth_rounds_up() {
        let up = |pct| Rate::from_pct_f64_up(pct).map(Rate::millionths);
        assert_eq!(up(0.8), Some(800_000));
        assert_eq!(up(0.1 + 0.7), Some(800_000));
        assert_eq!(up(0.123456), Some(123_456));
        assert_eq!(up(0.8000001), Some(800_001));
        assert_eq!(up(0.7999996), Some(800_000));
        assert_eq!(up(0.7999994), Some(800_000));
        assert_eq!(up(1e-300), Some(1));
        assert_eq!(up(-0.0), Some(0));
        assert_eq!(up(1e6), Some(1_000_000_000_000));
        assert_eq!(up(1e6 + 1e-9), None);
        // A configuration's rate as the server reads it; `quote`'s to the nearest.
        assert_eq!(
            serde_json::from_str::<Rate>("0.8000001").unwrap(),
            Rate(800_001)
        );
        assert_eq!(Rate::from_pct_f64(0.8000001), Some(Rate(800_000)));
        // Every six-place decimal is read as itself: only finer digits round up.
        let mut state = 0x1234_5678_9abc_def1_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let k = state % 1_000_000_000_000;
            let text = format!("{}.{:06}", k / MILLION, k % MILLION);
            assert_eq!(via_f64(&text), Some(Rate(k)), "{text}");
        }
    }

    #[test]
    fn half_up_division() {
        let cases = [
            (5, 2, 3),
            (-5, 2, -3),
            (5, -2, -3),
            (-5, -2, 3),
            (4, 2, 2),
            (7, 3, 2),
            (8, 3, 3),
            (0, 7, 0),
            (1, 0, 0),
            (224_000_000, 100_000_000, 2),
            (i128::MIN, -1, i128::MAX),
            (i128::MIN, 1, i128::MIN),
            (i128::MAX, 1, i128::MAX),
        ];
        for (n, d, q) in cases {
            assert_eq!(div_round_half_up(n, d), q, "{n}/{d}");
        }
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(round_pct(1.005, 2), 1.01);
        assert_eq!(round_pct(291.999_999_999_999_97, 3), 292.0);
        assert_eq!(round_pct(262.659_499, 3), 262.659);
        assert_eq!(round_pct(262.6595, 3), 262.66);
        assert_eq!(round_pct(-1.005, 2), -1.01);
        assert_eq!(round_pct(-0.0001, 2), 0.0);
        assert!(round_pct(f64::NAN, 2).is_nan());
        assert_eq!(round_pct(1e300, 3), 1e300);
        assert_eq!(ratio_pct(2_852_881 - 2_000_000, 2_000_000, 2), 42.64);
        assert_eq!(ratio_pct(1, 8, 2), 12.5);
        assert_eq!(ratio_pct(1, 3, 2), 33.33);
        assert_eq!(ratio_pct(2, 3, 2), 66.67);
        assert_eq!(ratio_pct(1, 0, 2), 0.0);
        assert!(ratio_pct(i128::MAX, 3, 2).is_finite());
    }

    #[test]
    fn rubles_print_the_way_people_read_them() {
        let cases = [
            (1_240_000, "12\u{a0}400,00", "12,400.00"),
            (1_000_050, "10\u{a0}000,50", "10,000.50"),
            (2_852_881, "28\u{a0}528,81", "28,528.81"),
            (99_900, "999,00", "999.00"),
            (100_000, "1\u{a0}000,00", "1,000.00"),
            (5, "0,05", "0.05"),
            (0, "0,00", "0.00"),
            (-123_456_789, "-1\u{a0}234\u{a0}567,89", "-1,234,567.89"),
        ];
        for (kop, ru, en) in cases {
            assert_eq!(format_rub(kop), ru);
            assert_eq!(format_rub_en(kop), en);
        }
        assert_eq!(format_rub_en(i64::MIN), "-92,233,720,368,547,758.08");
    }
}
