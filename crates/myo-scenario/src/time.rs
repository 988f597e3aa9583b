//! Times in scenario files: RFC 3339 timestamps or offsets from the start (`+90m`, `-2h`,
//! `+1d6h`), plain durations (`6h`), and the athlete's time zone ([`Zone`]), which says where
//! their local days, mornings and midnights fall.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use myo_model::UnknownName;

/// Where an athlete's local days fall: an IANA time zone (`Europe/Oslo`, daylight-saving time
/// included) or a fixed UTC offset (`+01:00`, the only choice before time zones were kept, and
/// what a scenario without `time_zone` gets from its start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Zone {
    /// UTC, as a fixed offset.
    pub const UTC: Zone = Zone::Fixed(match FixedOffset::east_opt(0) {
        Some(o) => o,
        None => unreachable!(),
    });

    /// The offset in force at an instant.
    pub fn offset_at(&self, at: DateTime<FixedOffset>) -> FixedOffset {
        match self {
            Zone::Fixed(o) => *o,
            Zone::Named(tz) => tz.offset_from_utc_datetime(&at.naive_utc()).fix(),
        }
    }

    /// The same instant written in the offset local at that instant.
    pub fn local(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }

    /// The instant a local wall-clock time names. A time repeated when clocks go back is the
    /// first of the two; a time skipped when clocks go forward (02:30 on the night of the
    /// change) is read as that many minutes past the change, as a phone's alarm does.
    pub fn at_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(o) => o
                .from_local_datetime(&local)
                .single()
                .expect("fixed offsets are unambiguous"),
            Zone::Named(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.fixed_offset(),
                LocalResult::None => {
                    // In a gap: the offset before the change read as UTC gives the instant.
                    let before = tz.offset_from_utc_datetime(&(local - chrono::Duration::days(1)));
                    let utc = local
                        - chrono::Duration::seconds(i64::from(before.fix().local_minus_utc()));
                    let at = chrono::Utc.from_utc_datetime(&utc);
                    at.with_timezone(tz).fixed_offset()
                }
            },
        }
    }

    /// Whether this is a named zone (kept by name in files and the store).
    pub fn is_named(&self) -> bool {
        matches!(self, Zone::Named(_))
    }
}

impl fmt::Display for Zone {
    /// `Europe/Oslo`, or an offset as `+01:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Named(tz) => f.write_str(tz.name()),
            Zone::Fixed(o) => {
                let s = o.local_minus_utc();
                let sign = if s < 0 { '-' } else { '+' };
                let s = s.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
            }
        }
    }
}

/// Kept as its text (`Europe/Oslo`, `+01:00`), in files, the store and JSON.
impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Zone {
    type Err = String;

    /// An IANA name (`Europe/Oslo`, any case), or an offset: `+01:00`, `-05:30`, `+0100`, `Z`.
    fn from_str(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("z") {
            return Ok(Zone::UTC);
        }
        if let Some(o) = parse_fixed(t) {
            return Ok(Zone::Fixed(o));
        }
        if t.starts_with(['+', '-']) {
            return Err(format!(
                "\"{text}\" is not an offset like +01:00 or -05:30 (at most 14 hours)"
            ));
        }
        if let Some(tz) = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(t))
        {
            return Ok(Zone::Named(*tz));
        }
        let unknown = UnknownName::new(t, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()));
        Err(format!(
            "unknown time zone {unknown}: use an IANA name such as Europe/Oslo or \
             America/New_York, or an offset such as +01:00"
        ))
    }
}

/// `+01:00`, `-05:30`, `+0100` or `+01`.
fn parse_fixed(t: &str) -> Option<FixedOffset> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some(parts) => parts,
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m >= 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Parses a duration made of number–unit pairs (`d`, `h`, `m`, `s`), e.g. `1d6h` or `1.5h`,
/// into hours. No sign.
pub fn parse_duration_h(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut number = String::new();
    let mut saw_unit = false;
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let per_hour = match c {
            'd' => 24.0,
            'h' => 1.0,
            'm' => 1.0 / 60.0,
            's' => 1.0 / 3600.0,
            _ => return None,
        };
        let value: f64 = number.parse().ok()?;
        total += value * per_hour;
        number.clear();
        saw_unit = true;
    }
    if !number.is_empty() || !saw_unit || !total.is_finite() {
        return None;
    }
    Some(total)
}

/// Parses a signed offset from the start (`+90m`, `-2h`, `+0h`) into hours.
pub fn parse_offset_h(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, rest) = match text.chars().next()? {
        '+' => (1.0, &text[1..]),
        '-' => (-1.0, &text[1..]),
        _ => (1.0, text),
    };
    parse_duration_h(rest).map(|h| sign * h)
}

/// A time given in a file: an offset or a timestamp, resolved against `start` to hours.
pub fn parse_time_h(text: &str, start: DateTime<FixedOffset>) -> Option<f64> {
    if let Some(h) = parse_offset_h(text) {
        return Some(h);
    }
    let at = DateTime::parse_from_rfc3339(text.trim()).ok()?;
    Some((at - start).num_milliseconds() as f64 / 3_600_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset_h("+90m"), Some(1.5));
        assert_eq!(parse_offset_h("+36h"), Some(36.0));
        assert_eq!(parse_offset_h("+2d"), Some(48.0));
        assert_eq!(parse_offset_h("+1d6h"), Some(30.0));
        assert_eq!(parse_offset_h("-2h"), Some(-2.0));
        assert_eq!(parse_offset_h("+0h"), Some(0.0));
        assert_eq!(parse_offset_h("+1.5h"), Some(1.5));
        for bad in ["", "+", "+h", "+2x", "+2", "tomorrow", "+1h+2h", "+-1h"] {
            assert_eq!(parse_offset_h(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps() {
        let start = DateTime::parse_from_rfc3339("2026-01-05T08:00:00Z").unwrap();
        assert_eq!(parse_time_h("2026-01-05T10:30:00Z", start), Some(2.5));
        assert_eq!(parse_time_h("2026-01-05T10:30:00+01:00", start), Some(1.5));
        assert_eq!(parse_time_h("2026-13-05T10:30:00Z", start), None);
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn naive(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn zones_parse_and_print() {
        for (given, printed) in [
            ("+01:00", "+01:00"),
            ("-05:30", "-05:30"),
            ("+0100", "+01:00"),
            ("+02", "+02:00"),
            ("Z", "+00:00"),
            ("Europe/Oslo", "Europe/Oslo"),
            ("europe/oslo", "Europe/Oslo"),
            (" America/New_York ", "America/New_York"),
            ("UTC", "UTC"),
        ] {
            assert_eq!(
                given.parse::<Zone>().unwrap().to_string(),
                printed,
                "{given}"
            );
        }
        for bad in ["", "+15:00", "+01:60", "+1:2:3", "01:00", "Oslo", "+ab"] {
            assert!(bad.parse::<Zone>().is_err(), "{bad}");
        }
        let e = "Europe/Olso".parse::<Zone>().unwrap_err();
        assert!(e.contains("did you mean \"Europe/Oslo\""), "{e}");
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let oslo: Zone = "Europe/Oslo".parse().unwrap();
        // Winter +01:00, summer +02:00 (clocks went forward on 29 March 2020).
        assert_eq!(
            oslo.local(at("2020-03-28T12:00:00Z")).to_rfc3339(),
            "2020-03-28T13:00:00+01:00"
        );
        assert_eq!(
            oslo.local(at("2020-03-30T12:00:00Z")).to_rfc3339(),
            "2020-03-30T14:00:00+02:00"
        );
        assert_eq!(
            oslo.at_local(naive("2020-06-01 07:00")).to_rfc3339(),
            "2020-06-01T07:00:00+02:00"
        );
        // 02:30 does not exist on 29 March 2020: 30 minutes past the change, 03:30 summer time.
        assert_eq!(
            oslo.at_local(naive("2020-03-29 02:30")).to_rfc3339(),
            "2020-03-29T03:30:00+02:00"
        );
        // 02:30 happens twice on 25 October 2020: the first.
        assert_eq!(
            oslo.at_local(naive("2020-10-25 02:30")).to_rfc3339(),
            "2020-10-25T02:30:00+02:00"
        );
        let fixed: Zone = "+01:00".parse().unwrap();
        assert_eq!(
            fixed.local(at("2020-06-01T12:00:00Z")).to_rfc3339(),
            "2020-06-01T13:00:00+01:00"
        );
    }
}
