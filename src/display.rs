//! Numbers as the applicant reads them: rubles (`12 400 ₽`, `12 400,50 ₽`; `12,400 ₽` in
//! English), percentages with a decimal comma in Russian.
//!
//! Percentages are printed from integers (thousandths), not with `f64`'s `Display`: that
//! keeps core's float-printing code, several kilobytes, out of the bundle.

use prequal_rules::application::Locale;
use prequal_rules::money::{format_rub, format_rub_en};
use prequal_rules::text::{self, UiText};

/// An amount with its currency, without kopecks when it is whole: `12 400 ₽`.
pub fn rub(kop: u64, locale: Locale) -> String {
    let kop = i64::try_from(kop).unwrap_or(i64::MAX);
    let number = match locale {
        Locale::Ru => format_rub(kop),
        Locale::En => format_rub_en(kop),
    };
    let number = number
        .strip_suffix(",00")
        .or_else(|| number.strip_suffix(".00"))
        .unwrap_or(&number);
    text::fill(text::ui(UiText::Rubles, locale), &[number])
}

/// An amount as typed into the form (`12 400`, `1 500,5`), for the slider's typed twin.
pub fn rubles_input(kop: u64) -> String {
    let whole = (kop / 100).to_string();
    let mut out = String::with_capacity(whole.len() + 4);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if !kop.is_multiple_of(100) {
        out.push(',');
        out.push_str(&format!("{:02}", kop % 100));
    }
    out
}

/// `pct` rounded to `decimals` (at most 3) and printed without trailing zeros: `54,8`,
/// `292`, `0,8` (`54.8` in English).
pub fn number(pct: f64, decimals: u32, locale: Locale) -> String {
    let decimals = decimals.min(3);
    let scale = 10u64.pow(decimals);
    let scaled = if pct.is_finite() {
        (pct.abs() * scale as f64).round() as u64
    } else {
        0
    };
    let mut out = String::new();
    if pct < 0.0 && scaled > 0 {
        out.push('-');
    }
    out.push_str(&(scaled / scale).to_string());
    if decimals > 0 {
        let fraction = format!("{:0width$}", scaled % scale, width = decimals as usize);
        let fraction = fraction.trim_end_matches('0');
        if !fraction.is_empty() {
            out.push(if locale == Locale::Ru { ',' } else { '.' });
            out.push_str(fraction);
        }
    }
    out
}

/// A daily rate from the configuration (`0.8`), printed as the locale writes it.
pub fn rate(rate: prequal_rules::money::Rate, locale: Locale) -> String {
    number(rate.as_f64_pct(), 3, locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubles() {
        assert_eq!(rub(1_240_000, Locale::Ru), "12\u{a0}400 ₽");
        assert_eq!(rub(1_240_050, Locale::Ru), "12\u{a0}400,50 ₽");
        assert_eq!(rub(1_240_000, Locale::En), "12,400 ₽");
        assert_eq!(rub(0, Locale::Ru), "0 ₽");
        assert_eq!(rubles_input(1_000_000), "10 000");
        assert_eq!(rubles_input(150_050), "1 500,50");
        assert_eq!(rubles_input(99), "0,99");
    }

    #[test]
    fn percentages() {
        assert_eq!(number(54.8, 2, Locale::Ru), "54,8");
        assert_eq!(number(54.8, 2, Locale::En), "54.8");
        assert_eq!(number(292.0, 3, Locale::Ru), "292");
        assert_eq!(number(191.237, 3, Locale::Ru), "191,237");
        assert_eq!(number(0.005, 2, Locale::Ru), "0,01");
        assert_eq!(number(f64::NAN, 2, Locale::Ru), "0");
        assert_eq!(number(-1.5, 1, Locale::En), "-1.5");
        assert_eq!(
            rate(
                prequal_rules::money::Rate::from_millionths(800_000),
                Locale::Ru
            ),
            "0,8"
        );
    }
}
