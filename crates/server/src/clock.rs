//! The server's clock: instants as milliseconds since the Unix epoch, their RFC 3339 form, and
//! today's date in Moscow (the rules' application date).

use prequal_rules::date::Date;
use std::time::{SystemTime, UNIX_EPOCH};

const MOSCOW_OFFSET_MS: i64 = 3 * 3600 * 1000;
const DAY_MS: i64 = 86_400_000;

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The Moscow calendar date of an instant (Moscow keeps UTC+3 all year since 2014).
pub fn moscow_date(ms: i64) -> Date {
    let days = (ms + MOSCOW_OFFSET_MS).div_euclid(DAY_MS);
    match Date::from_days_since_epoch(days) {
        Some(d) => d,
        // Only a clock set outside years 0..9999 gets here.
        None => Date::new(1970, 1, 1).expect("a valid constant date"),
    }
}

/// An instant as RFC 3339 in Moscow time: `2026-11-24T13:15:00+03:00`.
pub fn rfc3339(ms: i64) -> String {
    let local = ms + MOSCOW_OFFSET_MS;
    let date = moscow_date(ms);
    let secs = local.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}+03:00",
        date,
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_print_in_moscow_time() {
        // 2026-11-24T10:15:00Z
        let ms = 1_795_515_300_000;
        assert_eq!(rfc3339(ms), "2026-11-24T13:15:00+03:00");
        assert_eq!(moscow_date(ms).to_string(), "2026-11-24");
        // 22:00 UTC is already the next day in Moscow.
        assert_eq!(moscow_date(ms + 12 * 3600 * 1000).to_string(), "2026-11-25");
    }
}
