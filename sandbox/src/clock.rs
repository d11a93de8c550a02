//! The sandbox clock: real UTC time plus an offset that tests move, so a campaign scheduled an
//! hour ahead can be delivered without waiting an hour.

use chrono::{NaiveDateTime, TimeDelta, Utc};

/// The API's timestamp format (`Y-m-d H:i:s` in PHP terms).
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// How far the clock may be moved either way; keeps all date arithmetic far from overflow.
const MAX_OFFSET_SECONDS: i64 = 100 * 366 * 24 * 3600;

/// Real time shifted by an offset. The offset keeps sub-second precision, so a clock set to
/// `09:00:00` reads that for a whole second from the moment it is set, not only until the real
/// clock's next second begins (which made a test's next call read `09:00:01` by chance).
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// The sandbox's current time, to the second.
    pub fn now(&self) -> NaiveDateTime {
        let real = Utc::now().naive_utc();
        real.checked_add_signed(self.offset)
            .unwrap_or(real)
            .with_nanosecond_zero()
    }

    /// Whole seconds between the sandbox clock and real time.
    pub fn offset_seconds(&self) -> i64 {
        self.offset.num_seconds()
    }

    /// Moves the clock by `seconds` (negative moves it back).
    pub fn advance(&mut self, seconds: i64) -> Result<(), String> {
        self.shift_to(
            self.offset.num_seconds().saturating_add(seconds),
            self.offset.subsec_nanos(),
        )
    }

    /// Sets the clock so that it reads `at` now.
    pub fn set(&mut self, at: NaiveDateTime) -> Result<(), String> {
        let offset = at.signed_duration_since(Utc::now().naive_utc());
        self.shift_to(offset.num_seconds(), offset.subsec_nanos())
    }

    fn shift_to(&mut self, seconds: i64, nanos: i32) -> Result<(), String> {
        if seconds.abs() > MAX_OFFSET_SECONDS {
            return Err("The clock can be moved at most 100 years away from real time.".into());
        }
        self.offset = TimeDelta::seconds(seconds) + TimeDelta::nanoseconds(i64::from(nanos));
        Ok(())
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

    #[test]
    fn a_set_clock_reads_its_time_for_a_whole_second() {
        use chrono::Timelike;
        // Set it late in a real second, so that the real clock's next second begins soon after.
        while Utc::now().nanosecond() < 850_000_000 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let mut clock = Clock::default();
        clock.set(parse("2030-01-01 09:00:00").unwrap()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert_eq!(format(clock.now()), "2030-01-01 09:00:00");
    }
}
