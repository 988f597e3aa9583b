//! Times in scenario files: RFC 3339 timestamps or offsets from the start (`+90m`, `-2h`,
//! `+1d6h`), and plain durations (`6h`).

use chrono::{DateTime, FixedOffset};

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
}
