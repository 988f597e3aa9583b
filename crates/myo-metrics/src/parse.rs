//! Parsing of the text formats the `myo` commands read: daily or per-session loads (CSV), RR
//! series (one value a line, or CSV), and daily morning HRV (CSV). Errors carry the 1-based line.
//!
//! CSV here is the simple kind tools export: comma-separated, first row a header, optional
//! double quotes around a field, no commas inside fields. Blank lines and lines starting with `#`
//! are skipped.

use crate::error::ParseError;
use crate::hrv::DailyHrv;
use crate::load::session::session_rpe_au;

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian).
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = [0, 1, 2, 3, 5, 6, 8, 9];
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || digits.iter().any(|&i| !b[i].is_ascii_digit())
    {
        return None;
    }
    let y: i64 = s[0..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > dim[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// ISO date of a day number from [`parse_date`].
pub fn format_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn fields(line: &str) -> Vec<&str> {
    line.split(',')
        .map(|f| f.trim().trim_matches('"').trim())
        .collect()
}

/// Content lines with their 1-based numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

struct Header {
    line: usize,
    names: Vec<String>,
}

impl Header {
    fn find(&self, names: &[&str]) -> Option<usize> {
        self.names.iter().position(|h| names.contains(&h.as_str()))
    }
}

fn header(it: &mut dyn Iterator<Item = (usize, &str)>) -> Result<Header, ParseError> {
    let (line, text) = it
        .next()
        .ok_or_else(|| ParseError::new(1, "the file is empty"))?;
    Ok(Header {
        line,
        names: fields(text)
            .iter()
            .map(|f| f.to_ascii_lowercase())
            .collect(),
    })
}

fn number(line: usize, column: &str, raw: &str) -> Result<f64, ParseError> {
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ParseError::new(
            line,
            format!("column \"{column}\": \"{raw}\" is not a number"),
        )),
    }
}

fn cell<'a>(line: usize, row: &[&'a str], idx: usize, column: &str) -> Result<&'a str, ParseError> {
    match row.get(idx) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ParseError::new(
            line,
            format!("column \"{column}\" is missing"),
        )),
    }
}

fn date_cell(line: usize, raw: &str) -> Result<i64, ParseError> {
    parse_date(raw).ok_or_else(|| {
        ParseError::new(
            line,
            format!("column \"date\": \"{raw}\" is not a date (YYYY-MM-DD)"),
        )
    })
}

/// Daily loads from a CSV of sessions or days.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyLoads {
    /// Day number of `done_au[0]`.
    pub first_day: i64,
    /// One value per calendar day up to the last completed session; days without rows are 0.
    pub done_au: Vec<f64>,
    /// Days after the last completed one, up to the last planned session.
    pub planned_au: Vec<f64>,
}

/// Reads `date` plus either `load_au` (alias `load`) or `rpe` and `minutes` (session-RPE), and an
/// optional `planned` flag (`true`/`false`, `1`/`0`, `yes`/`no`). Rows on one date are summed.
pub fn parse_loads_csv(text: &str) -> Result<DailyLoads, ParseError> {
    let mut it = lines(text);
    let h = header(&mut it)?;
    let date_i = h
        .find(&["date", "day"])
        .ok_or_else(|| ParseError::new(h.line, "the header has no \"date\" column"))?;
    let load_i = h.find(&["load_au", "load", "tl"]);
    let rpe_i = h.find(&["rpe", "srpe_cr10", "rpe_cr10"]);
    let min_i = h.find(&["minutes", "duration_min", "min"]);
    let planned_i = h.find(&["planned"]);
    if load_i.is_none() && (rpe_i.is_none() || min_i.is_none()) {
        return Err(ParseError::new(
            h.line,
            "the header needs a \"load_au\" column, or \"rpe\" and \"minutes\"",
        ));
    }
    let mut rows: Vec<(i64, f64, bool, usize)> = Vec::new();
    for (line, text) in it {
        let row = fields(text);
        let day = date_cell(line, cell(line, &row, date_i, "date")?)?;
        let load = match load_i {
            Some(i) => number(line, "load_au", cell(line, &row, i, "load_au")?)?,
            None => {
                let rpe = number(line, "rpe", cell(line, &row, rpe_i.unwrap_or(0), "rpe")?)?;
                let min = number(
                    line,
                    "minutes",
                    cell(line, &row, min_i.unwrap_or(0), "minutes")?,
                )?;
                session_rpe_au(rpe, min).map_err(|_| {
                    ParseError::new(
                        line,
                        format!(
                            "columns \"rpe\", \"minutes\": RPE {rpe} must be 0–10 (CR-10) and \
                             minutes {min} not negative"
                        ),
                    )
                })?
            }
        };
        if load < 0.0 {
            return Err(ParseError::new(
                line,
                format!("column \"load_au\": {load} is negative"),
            ));
        }
        let planned = match planned_i.and_then(|i| row.get(i)) {
            None => false,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "" | "0" | "false" | "no" => false,
                "1" | "true" | "yes" => true,
                other => {
                    return Err(ParseError::new(
                        line,
                        format!("column \"planned\": \"{other}\" is not true/false"),
                    ))
                }
            },
        };
        rows.push((day, load, planned, line));
    }
    if rows.is_empty() {
        return Err(ParseError::new(h.line, "no data rows after the header"));
    }
    let first_day = rows.iter().map(|r| r.0).min().unwrap_or(0);
    let last_done = rows.iter().filter(|r| !r.2).map(|r| r.0).max();
    let last = rows.iter().map(|r| r.0).max().unwrap_or(first_day);
    if let Some(ld) = last_done {
        if let Some(r) = rows.iter().find(|r| r.2 && r.0 <= ld) {
            return Err(ParseError::new(
                r.3,
                format!(
                    "planned session on {} is not after the last completed one ({})",
                    format_date(r.0),
                    format_date(ld)
                ),
            ));
        }
    }
    const MAX_DAYS: i64 = 200 * 366;
    if last - first_day > MAX_DAYS {
        return Err(ParseError::new(
            h.line,
            "dates span more than 200 years; check the date column",
        ));
    }
    let split = last_done.map_or(0, |ld| (ld - first_day + 1) as usize);
    let mut all = vec![0.0; (last - first_day + 1) as usize];
    for (day, load, _, _) in &rows {
        all[(day - first_day) as usize] += load;
    }
    let planned_au = all.split_off(split);
    Ok(DailyLoads {
        first_day,
        done_au: all,
        planned_au,
    })
}

/// Unit of an RR file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RrUnit {
    /// Seconds when the median value is below 10, else milliseconds.
    #[default]
    Auto,
    Milliseconds,
    Seconds,
}

/// RR intervals in ms from one value per line, or from a CSV with a header naming the column
/// (`rr_ms`, `rr`, `rri`, `nn`, `nni`, `ibi`, or `rr_s` for seconds). Without a header the first
/// field of each line is used.
pub fn parse_rr(text: &str, unit: RrUnit) -> Result<Vec<f64>, ParseError> {
    let mut it = lines(text).peekable();
    let mut column = 0usize;
    let mut name = "rr".to_string();
    let mut unit = unit;
    if let Some((line, first)) = it.peek().copied() {
        let f = fields(first);
        if f.first().is_some_and(|v| v.parse::<f64>().is_err()) {
            let lower: Vec<String> = f.iter().map(|s| s.to_ascii_lowercase()).collect();
            let ms = [
                "rr_ms", "rr", "rri", "nn", "nni", "nn_ms", "ibi", "ibi_ms", "rri_ms",
            ];
            let s = ["rr_s", "nn_s", "ibi_s", "rri_s"];
            if let Some(i) = lower.iter().position(|h| s.contains(&h.as_str())) {
                column = i;
                if unit == RrUnit::Auto {
                    unit = RrUnit::Seconds;
                }
            } else if let Some(i) = lower.iter().position(|h| ms.contains(&h.as_str())) {
                column = i;
            } else {
                return Err(ParseError::new(
                    line,
                    format!(
                        "\"{}\" is neither a number nor a header naming an RR column (rr_ms, rr_s)",
                        f[0]
                    ),
                ));
            }
            name = lower[column].clone();
            it.next();
        }
    }
    let mut out = Vec::new();
    for (line, text) in it {
        let row = fields(text);
        let v = number(line, &name, cell(line, &row, column, &name)?)?;
        if v <= 0.0 {
            return Err(ParseError::new(
                line,
                format!("column \"{name}\": {v} is not a positive interval"),
            ));
        }
        out.push(v);
    }
    let seconds = match unit {
        RrUnit::Seconds => true,
        RrUnit::Milliseconds => false,
        RrUnit::Auto => {
            let mut s = out.clone();
            s.sort_unstable_by(f64::total_cmp);
            s.get(s.len() / 2).is_some_and(|m| *m < 10.0)
        }
    };
    if seconds {
        out.iter_mut().for_each(|v| *v *= 1000.0);
    }
    Ok(out)
}

/// Whether a text looks like a daily-HRV CSV (its first content line has a `date` column).
pub fn is_daily_hrv_csv(text: &str) -> bool {
    lines(text)
        .next()
        .is_some_and(|(_, l)| fields(l).iter().any(|f| f.eq_ignore_ascii_case("date")))
}

/// Daily morning measurements: `date`, `rmssd_ms` (aliases `rmssd`, `hrv`) or `ln_rmssd`, and an
/// optional `resting_hr_bpm` (aliases `resting_hr`, `rhr`). Dates must increase.
pub fn parse_daily_hrv(text: &str) -> Result<Vec<DailyHrv>, ParseError> {
    let mut it = lines(text);
    let h = header(&mut it)?;
    let date_i = h
        .find(&["date"])
        .ok_or_else(|| ParseError::new(h.line, "the header has no \"date\" column"))?;
    let rmssd_i = h.find(&["rmssd_ms", "rmssd", "hrv", "rmssd (ms)"]);
    let ln_i = h.find(&["ln_rmssd", "lnrmssd"]);
    let rhr_i = h.find(&["resting_hr_bpm", "resting_hr", "rhr", "hr"]);
    if rmssd_i.is_none() && ln_i.is_none() {
        return Err(ParseError::new(
            h.line,
            "the header needs a \"rmssd_ms\" or \"ln_rmssd\" column",
        ));
    }
    let mut out: Vec<DailyHrv> = Vec::new();
    for (line, text) in it {
        let row = fields(text);
        let day = date_cell(line, cell(line, &row, date_i, "date")?)?;
        let rmssd_ms = match (rmssd_i, ln_i) {
            (Some(i), _) => number(line, "rmssd_ms", cell(line, &row, i, "rmssd_ms")?)?,
            (None, Some(i)) => number(line, "ln_rmssd", cell(line, &row, i, "ln_rmssd")?)?.exp(),
            (None, None) => unreachable!("checked above"),
        };
        if rmssd_ms <= 0.0 {
            return Err(ParseError::new(
                line,
                format!("column \"rmssd_ms\": {rmssd_ms} is not positive"),
            ));
        }
        let resting_hr_bpm = match rhr_i.and_then(|i| row.get(i)).filter(|v| !v.is_empty()) {
            Some(v) => Some(number(line, "resting_hr_bpm", v)?),
            None => None,
        };
        if let Some(prev) = out.last() {
            if day <= prev.day {
                return Err(ParseError::new(
                    line,
                    format!(
                        "date {} does not come after {}",
                        format_date(day),
                        format_date(prev.day)
                    ),
                ));
            }
        }
        out.push(DailyHrv {
            day,
            rmssd_ms,
            resting_hr_bpm,
        });
    }
    if out.is_empty() {
        return Err(ParseError::new(h.line, "no data rows after the header"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2024-12-31", "1900-03-01"] {
            assert_eq!(format_date(parse_date(s).unwrap()), s);
        }
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2023-02-29"), None);
    }

    #[test]
    fn loads_sum_per_day_and_fill_gaps() {
        let t = "date,rpe,minutes\n2024-01-01,5,60\n2024-01-01,3,20\n2024-01-04,6,30\n";
        let d = parse_loads_csv(t).unwrap();
        assert_eq!(d.done_au, vec![360.0, 0.0, 0.0, 180.0]);
    }

    #[test]
    fn bad_number_names_line_and_column() {
        let t = "date,load_au\n2024-01-01,10\n\n2024-01-02,x\n";
        let e = parse_loads_csv(t).unwrap_err();
        assert_eq!(
            e.to_string(),
            "4: column \"load_au\": \"x\" is not a number"
        );
    }

    #[test]
    fn rr_units() {
        assert_eq!(
            parse_rr("0.8\n0.9\n", RrUnit::Auto).unwrap(),
            vec![800.0, 900.0]
        );
        assert_eq!(
            parse_rr("t,rr_ms\n0,800\n1,900\n", RrUnit::Auto).unwrap(),
            vec![800.0, 900.0]
        );
        assert_eq!(parse_rr("800\nabc\n", RrUnit::Auto).unwrap_err().line, 2);
    }
}
