//! The clock, in the one time zone the rules care about: the application date is the date in
//! Europe/Moscow (UTC+3 all year since 2014), so instants are written with `+03:00`.

use prequal_rules::date::Date;

const MOSCOW_OFFSET_SECONDS: i64 = 3 * 3600;

/// A moment as the rules want it: the Moscow date and the RFC 3339 instant with `+03:00`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Now {
    pub date: Date,
    pub rfc3339: String,
}

/// The moment `unix_ms` milliseconds after the Unix epoch.
pub fn at(unix_ms: f64) -> Now {
    let seconds = (unix_ms / 1000.0).floor() as i64 + MOSCOW_OFFSET_SECONDS;
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    // Clamped to the years the rules' dates cover, so the conversion cannot fail.
    let date = Date::from_days_since_epoch(days.clamp(0, 2_932_896))
        .expect("a day number within 1970..=9999 is a date");
    let rfc3339 = format!(
        "{date}T{:02}:{:02}:{:02}+03:00",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    );
    Now { date, rfc3339 }
}

/// Now, from the browser's clock.
pub fn now() -> Now {
    at(js_sys::Date::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moscow_is_three_hours_ahead_of_utc() {
        // 2026-11-24T07:15:00Z
        let now = at(1_795_504_500_000.0);
        assert_eq!(now.rfc3339, "2026-11-24T10:15:00+03:00");
        assert_eq!(now.date.to_string(), "2026-11-24");
        // 22:30 UTC is already the next day in Moscow.
        let late = at(1_795_559_400_000.0);
        assert_eq!(late.rfc3339, "2026-11-25T01:30:00+03:00");
        assert_eq!(late.date.to_string(), "2026-11-25");
        assert_eq!(at(0.0).rfc3339, "1970-01-01T03:00:00+03:00");
    }
}
