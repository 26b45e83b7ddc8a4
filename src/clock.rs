//! Time: the one clock every command reads, and the one grammar for reading
//! and printing times and durations.
//!
//! Debug builds (the test suite) may pin the clock with `SIGNOFF_NOW`
//! (RFC 3339); a release build has no test clock at all, so nobody can date a
//! decision before a request's expiry by setting a variable.
//!
//! Records store times as RFC 3339 strings ([`now_string`]); people type
//! dates (`2026-12-01`, [`parse_when`]) and durations (`90s`, `1h30m`, `2d`,
//! [`parse_duration`]), and read them back as `2026-12-01 17:00` and `1h 30m`
//! ([`human_time`], [`format_duration`]). This module prints nothing and
//! knows no command: callers turn its errors into messages.

use std::time::Duration;

/// Current time, whole seconds.
#[must_use]
pub fn now() -> jiff::Timestamp {
    #[cfg(debug_assertions)]
    if let Some(t) = pinned() {
        return t;
    }
    let t = jiff::Timestamp::now();
    jiff::Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// `now()` as the RFC 3339 string records store.
#[must_use]
pub fn now_string() -> String {
    now().to_string()
}

/// The test clock: `SIGNOFF_NOW`, in debug builds only.
#[cfg(debug_assertions)]
fn pinned() -> Option<jiff::Timestamp> {
    std::env::var("SIGNOFF_NOW").ok()?.parse().ok()
}

/// Seconds since the epoch of an RFC 3339 time stored in a record, or `None`
/// when the text is not a valid time.
#[must_use]
pub fn seconds(rfc3339: &str) -> Option<i64> {
    rfc3339
        .parse::<jiff::Timestamp>()
        .ok()
        .map(jiff::Timestamp::as_second)
}

/// A date or time a person typed that is neither.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a date or time")]
pub struct BadTime(pub String);

/// Reads a date a person typed: an RFC 3339 time (`2026-12-01T17:00:00Z`) or
/// a plain date (`2026-12-01`, midnight UTC).
pub fn parse_when(s: &str) -> Result<jiff::Timestamp, BadTime> {
    let text = s.trim();
    let bad = || BadTime(s.to_string());
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let midnight = |d: jiff::civil::Date| {
        d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| bad())
    };
    if let Ok(d) = text.parse::<jiff::civil::Date>() {
        return midnight(d);
    }
    // Words and spans relative to now: "today", "yesterday", "tomorrow",
    // "2 days ago", "3h ago", "in 2 days" (days are 24 hours; dates are UTC
    // as everywhere in the store).
    let lower = text.to_ascii_lowercase();
    let today = now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    match lower.as_str() {
        "now" => return Ok(now()),
        "today" => return midnight(today),
        "yesterday" => return midnight(today.yesterday().map_err(|_| bad())?),
        "tomorrow" => return midnight(today.tomorrow().map_err(|_| bad())?),
        _ => {}
    }
    let (span_text, ahead) = match lower.strip_prefix("in ") {
        Some(rest) => (rest, true),
        None => (lower.as_str(), false),
    };
    let span: jiff::Span = span_text.parse().map_err(|_| bad())?;
    if !ahead && !span.is_negative() {
        // A bare span ("2d") is not a time; "2d ago" is.
        return Err(bad());
    }
    let secs = span_seconds(&span).ok_or_else(bad)?;
    let offset = jiff::SignedDuration::from_secs(secs);
    now().checked_add(offset).map_err(|_| bad())
}

/// A due date: a moment, or a whole day. A day ends at midnight in each
/// person's own time zone (UTC when the policy gives them none), so a
/// client in New York given `--due 2026-12-16` has until 23:59 there,
/// not until 19:00 the evening before.
///
/// Records keep a day as it was typed (`due = "2026-12-16"`) and a moment
/// as RFC 3339, so one request holds one deadline for people in many
/// zones; [`Due::read`] reads both, and records written before days were
/// kept (RFC 3339 always) keep their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    At(jiff::Timestamp),
    Day(jiff::civil::Date),
}

impl Due {
    /// Reads a due date a person typed: a plain date, `today` or
    /// `tomorrow` is a whole day; anything else [`parse_when`] reads is a
    /// moment.
    pub fn parse(s: &str) -> Result<Due, BadTime> {
        let text = s.trim();
        if let Ok(d) = text.parse::<jiff::civil::Date>() {
            return Ok(Due::Day(d));
        }
        let today = now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        match text.to_ascii_lowercase().as_str() {
            "today" => Ok(Due::Day(today)),
            "tomorrow" => today
                .tomorrow()
                .map(Due::Day)
                .map_err(|_| BadTime(s.to_string())),
            _ => parse_when(s).map(Due::At),
        }
    }

    /// Reads a due date kept in a record; `None` when it is neither form.
    #[must_use]
    pub fn read(stored: &str) -> Option<Due> {
        if let Ok(t) = stored.parse::<jiff::Timestamp>() {
            return Some(Due::At(t));
        }
        stored.parse::<jiff::civil::Date>().ok().map(Due::Day)
    }

    /// The text a record keeps: `2026-12-16` or an RFC 3339 time.
    #[must_use]
    pub fn stored(&self) -> String {
        match self {
            Due::At(t) => t.to_string(),
            Due::Day(d) => d.to_string(),
        }
    }

    /// The moment it falls due for someone in the IANA zone `zone` (UTC
    /// when `None` or unknown here): a day's last second there.
    #[must_use]
    pub fn instant(&self, zone: Option<&str>) -> jiff::Timestamp {
        match self {
            Due::At(t) => *t,
            Due::Day(d) => {
                let tz = zone
                    .and_then(|z| jiff::tz::TimeZone::get(z).ok())
                    .unwrap_or(jiff::tz::TimeZone::UTC);
                d.tomorrow()
                    .ok()
                    .and_then(|next| next.to_zoned_datetime(tz).ok())
                    .and_then(|z| {
                        z.timestamp()
                            .checked_sub(jiff::SignedDuration::from_secs(1))
                            .ok()
                    })
                    .unwrap_or(jiff::Timestamp::MAX)
            }
        }
    }

    /// The day it names, or the UTC day of its moment.
    #[must_use]
    pub fn day(&self) -> jiff::civil::Date {
        match self {
            Due::At(t) => t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            Due::Day(d) => *d,
        }
    }
}

/// Reads the start of a period a person typed (`--since`): any time
/// [`parse_when`] takes, or a bare duration meaning that long ago (`48h`,
/// `2d`, as `git log --since` takes them).
pub fn parse_since(s: &str) -> Result<jiff::Timestamp, BadTime> {
    parse_when(s).or_else(|e| {
        let d = parse_duration(s).map_err(|_| e)?;
        let back = jiff::SignedDuration::try_from(d).map_err(|_| BadTime(s.to_string()))?;
        now().checked_sub(back).map_err(|_| BadTime(s.to_string()))
    })
}

/// A span's length in whole seconds, days and weeks counted as 24 hours
/// and 7 days (months and years have no fixed length: `None`).
fn span_seconds(span: &jiff::Span) -> Option<i64> {
    let total = span
        .total(jiff::SpanTotal::from(jiff::Unit::Second).days_are_24_hours())
        .ok()?;
    #[allow(clippy::cast_possible_truncation)]
    (total.is_finite() && total.abs() < 1e15).then(|| total.round() as i64)
}

/// `2026-11-29 19:36 CET` for humans: in this machine's time zone (`TZ`),
/// with the zone named; text that is not a time is shown as it is.
#[must_use]
pub fn human_time(rfc3339: &str) -> String {
    human_time_in(rfc3339, &local_zone())
}

/// This machine's time zone (`TZ`, else the system's). `TZ=UTC` (or
/// `UTC0`, `Etc/UTC`) is UTC without looking the name up: that lookup
/// lists the whole time zone database on disk first.
#[must_use]
pub fn local_zone() -> jiff::tz::TimeZone {
    match std::env::var("TZ").as_deref() {
        Ok("UTC" | "UTC0" | "Etc/UTC" | ":UTC" | ":Etc/UTC") => jiff::tz::TimeZone::UTC,
        _ => jiff::tz::TimeZone::system(),
    }
}

/// [`human_time`] in the zone `tz`.
#[must_use]
pub fn human_time_in(rfc3339: &str, tz: &jiff::tz::TimeZone) -> String {
    rfc3339.parse::<jiff::Timestamp>().map_or_else(
        |_| rfc3339.to_string(),
        |t| {
            t.to_zoned_datetime(tz.clone())
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string()
        },
    )
}

/// [`human_time`] in UTC, named (`2026-11-25 00:00 UTC`): for what a
/// server shows people elsewhere, whatever its own zone.
#[must_use]
pub fn utc_time(rfc3339: &str) -> String {
    human_time_in(rfc3339, &jiff::tz::TimeZone::UTC)
}

/// Checks an IANA time zone name (`Europe/Paris`) against the time zone
/// database; the error says what is wrong.
pub fn check_zone(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 64 || name.chars().any(|c| c.is_control() || c == ' ') {
        return Err(format!("{name:?} is not a time zone name"));
    }
    jiff::tz::TimeZone::get(name)
        .map(|_| ())
        .map_err(|_| format!("unknown time zone {name:?}"))
}

/// `rfc3339` as a local time in the IANA zone `zone` with the zone named
/// (`2026-11-25 01:00 CET (Europe/Paris)`); in UTC (`2026-11-25 00:00 UTC`)
/// when no zone is given or it is unknown here. Unreadable times come back
/// as they are.
#[must_use]
pub fn time_in_zone(rfc3339: &str, zone: Option<&str>) -> String {
    let Ok(t) = rfc3339.parse::<jiff::Timestamp>() else {
        return rfc3339.to_string();
    };
    match zone.and_then(|z| jiff::tz::TimeZone::get(z).ok().map(|tz| (z, tz))) {
        Some((name, tz)) => {
            let local = t.to_zoned_datetime(tz);
            format!("{} ({name})", local.strftime("%Y-%m-%d %H:%M %Z"))
        }
        None => utc_time(rfc3339),
    }
}

/// A duration a person typed that the grammar does not read.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a duration")]
pub struct BadDuration(pub String);

/// Reads a duration: a number of seconds (`90`), or numbers with units
/// `s`, `m`, `h`, `d`, `w` run together or spaced (`30m`, `1h30m`,
/// `1h 30m`, `2d`, `1w`). [`format_duration`] prints this grammar back.
pub fn parse_duration(s: &str) -> Result<Duration, BadDuration> {
    let bad = || BadDuration(s.to_string());
    let text = s.trim();
    if text.is_empty() {
        return Err(bad());
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().map(Duration::from_secs).map_err(|_| bad());
    }
    // jiff's friendly span grammar: "30m", "1h30m", "1h 30m", "2d", "1w",
    // "2 hours", "90 seconds".
    let span: jiff::Span = text.parse().map_err(|_| bad())?;
    if span.is_negative() {
        return Err(bad());
    }
    let secs = span_seconds(&span).ok_or_else(bad)?;
    u64::try_from(secs)
        .map(Duration::from_secs)
        .map_err(|_| bad())
}

/// `40s`, `1m 30s`, `2h 5m`, `3d 4h`: the two largest units, in the grammar
/// [`parse_duration`] reads.
#[must_use]
pub fn format_duration(seconds: u64) -> String {
    let parts = [
        (seconds / 86_400, "d"),
        ((seconds % 86_400) / 3600, "h"),
        ((seconds % 3600) / 60, "m"),
        (seconds % 60, "s"),
    ];
    let Some(first) = parts.iter().position(|(n, _)| *n > 0) else {
        return "0s".into();
    };
    let mut out = format!("{}{}", parts[first].0, parts[first].1);
    if let Some((n, unit)) = parts.get(first + 1).filter(|(n, _)| *n > 0) {
        out.push_str(&format!(" {n}{unit}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_print_one_grammar() {
        for (text, secs) in [
            ("90", 90),
            ("90s", 90),
            ("2h", 7200),
            ("1h30m", 5400),
            ("1h 30m", 5400),
            ("2d", 172_800),
            ("1w", 604_800),
            ("1.5h", 5400),
            ("2 hours", 7200),
        ] {
            assert_eq!(parse_duration(text).unwrap().as_secs(), secs, "{text}");
        }
        for bad in ["", "h", "10x", "5m3", "-1s", "1 month", "2d ago"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        for secs in [0, 1, 59, 60, 90, 3600, 5400, 86_400, 90_000, 1_000_000] {
            let printed = format_duration(secs);
            let back = parse_duration(&printed).unwrap().as_secs();
            // Printing keeps the two largest units; reading it back never
            // gains time and loses less than the smaller unit shown.
            assert!(back <= secs && secs - back < 3600, "{secs} -> {printed}");
        }
        assert_eq!(format_duration(5400), "1h 30m");
        assert_eq!(format_duration(40), "40s");
    }

    #[test]
    fn a_due_day_ends_at_midnight_in_each_zone() {
        let day = Due::parse("2026-12-16").unwrap();
        assert_eq!(day.stored(), "2026-12-16");
        assert_eq!(Due::read("2026-12-16"), Some(day));
        // New York is five hours behind UTC in December.
        assert_eq!(
            day.instant(Some("America/New_York")).to_string(),
            "2026-12-17T04:59:59Z"
        );
        assert_eq!(day.instant(None).to_string(), "2026-12-16T23:59:59Z");
        assert_eq!(
            time_in_zone(
                &day.instant(Some("America/New_York")).to_string(),
                Some("America/New_York")
            ),
            "2026-12-16 23:59 EST (America/New_York)"
        );
        // A time is a time in every zone, and records written before days
        // were kept read as they always did.
        let at = Due::read("2026-12-16T00:00:00Z").unwrap();
        assert_eq!(
            at.instant(Some("America/New_York")).to_string(),
            "2026-12-16T00:00:00Z"
        );
        assert_eq!(Due::read("next week"), None);
        assert!(matches!(Due::parse("tomorrow"), Ok(Due::Day(_))));
        assert!(matches!(Due::parse("in 3 days"), Ok(Due::At(_))));
    }

    #[test]
    fn dates() {
        assert!(parse_when("2026-12-01").is_ok());
        assert!(parse_when("2026-12-01T17:00:00Z").is_ok());
        let now = super::now();
        let day = 86_400;
        let yesterday = parse_when("yesterday").unwrap().as_second();
        assert!(yesterday < now.as_second() - day + 1 && yesterday >= now.as_second() - 2 * day);
        assert!(parse_when("tomorrow").unwrap() > now);
        // The clock may tick between two reads of it.
        let near = |a: i64, b: i64| (a - b).abs() <= 2;
        assert!(near(
            parse_when("2 days ago").unwrap().as_second(),
            now.as_second() - 2 * day
        ));
        assert!(near(
            parse_when("in 3h").unwrap().as_second(),
            now.as_second() + 3 * 3600
        ));
        for bad in ["next blue moon", "2d", "1 month ago"] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(
            human_time_in("2026-11-29T19:36:00Z", &utc),
            "2026-11-29 19:36 UTC"
        );
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(
            human_time_in("2026-11-29T19:36:00Z", &paris),
            "2026-11-29 20:36 CET"
        );
        assert_eq!(
            time_in_zone("2026-11-25T00:00:00Z", Some("Europe/Paris")),
            "2026-11-25 01:00 CET (Europe/Paris)"
        );
        assert_eq!(
            time_in_zone("2026-07-01T12:00:00Z", Some("America/New_York")),
            "2026-07-01 08:00 EDT (America/New_York)"
        );
        assert_eq!(
            time_in_zone("2026-11-25T00:00:00Z", None),
            "2026-11-25 00:00 UTC"
        );
        assert!(check_zone("Europe/Paris").is_ok());
        assert!(check_zone("Mars/Olympus").is_err());
        assert!(check_zone("").is_err());
    }
}
