//! The sandbox clock: real UTC time plus an offset that tests move, so a campaign scheduled an
//! hour ahead can be delivered without waiting an hour.

use chrono::{NaiveDateTime, TimeDelta, Utc};

/// The API's timestamp format (`Y-m-d H:i:s` in PHP terms).
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// How far the clock may be moved either way; keeps all date arithmetic far from overflow.
const MAX_OFFSET_SECONDS: i64 = 100 * 366 * 24 * 3600;

/// Real time shifted by `offset_seconds`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    offset_seconds: i64,
}

impl Clock {
    /// The sandbox's current time, to the second.
    pub fn now(&self) -> NaiveDateTime {
        let real = Utc::now().naive_utc();
        let real = real.with_nanosecond_zero();
        real.checked_add_signed(TimeDelta::seconds(self.offset_seconds))
            .unwrap_or(real)
    }

    /// Seconds between the sandbox clock and real time.
    pub fn offset_seconds(&self) -> i64 {
        self.offset_seconds
    }

    /// Moves the clock by `seconds` (negative moves it back).
    pub fn advance(&mut self, seconds: i64) -> Result<(), String> {
        let offset = self.offset_seconds.saturating_add(seconds);
        if offset.abs() > MAX_OFFSET_SECONDS {
            return Err("The clock can be moved at most 100 years away from real time.".into());
        }
        self.offset_seconds = offset;
        Ok(())
    }

    /// Sets the clock so that it reads `at` now.
    pub fn set(&mut self, at: NaiveDateTime) -> Result<(), String> {
        let real = Utc::now().naive_utc().with_nanosecond_zero();
        let offset = at.signed_duration_since(real).num_seconds();
        self.offset_seconds = 0;
        self.advance(offset)
    }
}

trait TruncateToSecond {
    fn with_nanosecond_zero(self) -> Self;
}

impl TruncateToSecond for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// Formats a time the way the API does.
pub fn format(at: NaiveDateTime) -> String {
    at.format(FORMAT).to_string()
}

/// Parses `Y-m-d H:i:s` strictly, as Laravel's `date_format` rule does (the value must round-trip).
pub fn parse(text: &str) -> Option<NaiveDateTime> {
    let at = NaiveDateTime::parse_from_str(text, FORMAT).ok()?;
    (format(at) == text).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_the_exact_format() {
        assert!(parse("2026-05-06 18:00:00").is_some());
        assert!(parse("2026-5-6 18:00:00").is_none());
        assert!(parse("2026-05-06T18:00:00").is_none());
        assert!(parse("2026-05-06 18:00").is_none());
        assert!(parse("2026-02-30 18:00:00").is_none());
    }

    #[test]
    fn advances_and_refuses_absurd_offsets() {
        let mut clock = Clock::default();
        let before = clock.now();
        clock.advance(3600).unwrap();
        let moved = clock.now().signed_duration_since(before).num_seconds();
        assert!((3600..=3601).contains(&moved), "moved {moved}");
        assert!(clock.advance(i64::MAX).is_err());
        assert_eq!(clock.offset_seconds(), 3600);
    }
}
