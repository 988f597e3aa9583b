//! FIT files (Garmin, Wahoo, Coros, …) through the `fitparser` crate, streamed message by
//! message so nothing but the summaries and samples is kept.
//!
//! `fitparser` 0.11 panics on some malformed files (a header that declares more bytes than
//! the file has), so the chain of headers is validated before decoding and every call into
//! the decoder runs under `catch_unwind`: a bad file is an ordinary [`ErrorKind`].

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataField, FitDataRecord, Value};
use myo_catalogue::catalogue;
use myo_model::{MuscleGroup, Sport};

use crate::error::{ErrorKind, Failure, Location};
use crate::item::{
    Activity, ExerciseLog, Item, Lap, Observation, RrSeries, Sample, SetLog, Sleep,
    StrengthSession, Warning,
};

/// The FIT signature at bytes 8..12 of every header.
const SIGNATURE: &[u8; 4] = b".FIT";
const SEMICIRCLE_DEG: f64 = 180.0 / 2_147_483_648.0;

/// True when `bytes` start like a FIT file.
pub fn looks_like_fit(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && bytes[0] >= 12 && &bytes[8..12] == SIGNATURE
}

/// What the header chain says before decoding.
struct Chain {
    /// The last file's declared end lies past the end of the bytes.
    truncated: bool,
}

/// Walks the headers of a (possibly chained) FIT file, refusing what would make the decoder
/// index out of bounds: a header shorter than 12 bytes or longer than the file, a missing
/// signature, or trailing bytes that are not another FIT file.
fn validate_chain(bytes: &[u8]) -> Result<Chain, Failure> {
    let mut pos = 0usize;
    let mut n = 1;
    loop {
        let rest = &bytes[pos..];
        let bad = |msg: String| {
            Failure::at(
                Location::Byte {
                    offset: pos,
                    message: 0,
                },
                ErrorKind::FitHeader(if n > 1 {
                    format!("chained file {n}: {msg}")
                } else {
                    msg
                }),
            )
        };
        if rest.len() < 12 {
            return Err(bad(format!(
                "{} bytes where a 12-byte header should be",
                rest.len()
            )));
        }
        let header_len = rest[0] as usize;
        if header_len < 12 {
            return Err(bad(format!("header size {header_len} (at least 12)")));
        }
        if header_len > rest.len() {
            return Err(bad(format!(
                "header size {header_len} but only {} bytes",
                rest.len()
            )));
        }
        if &rest[8..12] != SIGNATURE {
            return Err(bad("no \".FIT\" signature".into()));
        }
        let data_len = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        let end = pos
            .saturating_add(header_len)
            .saturating_add(data_len)
            .saturating_add(2);
        if end > bytes.len() {
            return Ok(Chain { truncated: true });
        }
        if end == bytes.len() {
            return Ok(Chain { truncated: false });
        }
        pos = end;
        n += 1;
    }
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Decodes every data message of `bytes`, calling `each` for each one, with the decoder
/// guarded. Returns the number of data messages.
pub fn decode(bytes: &[u8], mut each: impl FnMut(FitDataRecord)) -> Result<usize, Failure> {
    decode_raw(bytes, |_| true, |r, _| each(r))
}

/// Global message numbers the importer reads: file_id, sport, session, lap, record, activity,
/// hrv, field_description and developer_data_id (developer fields), set, exercise_title,
/// sleep_level, sleep_assessment, hrv_status_summary.
const WANTED: [u16; 14] = [0, 12, 18, 19, 20, 34, 78, 206, 207, 225, 264, 275, 346, 370];

/// The raw `compressed_speed_distance` of a record: speed in m/s and the 12-bit distance
/// counter in 1/16 m. fitparser 0.11 sums that counter instead of accumulating its change, so
/// the distance is rebuilt from the raw bytes.
type Compressed = Option<(f64, u16)>;

fn compressed_speed_distance(msg: &fitparser::de::FitDataMessage) -> Compressed {
    if msg.global_message_number() != 20 {
        return None;
    }
    let bytes: Vec<u8> = match msg.fields().get(&8)? {
        Value::Array(a) => a
            .iter()
            .map(|v| match v {
                Value::Byte(b) | Value::UInt8(b) => Some(*b),
                _ => None,
            })
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let [b0, b1, b2] = bytes[..] else { return None };
    let speed = (u16::from(b0) | (u16::from(b1 & 0x0F) << 8)) as f64 / 100.0;
    let distance = (u16::from(b1) >> 4) | (u16::from(b2) << 4);
    Some((speed, distance))
}

/// [`decode`], skipping the profile decoding of messages `want` refuses unless they carry a
/// timestamp (full or compressed): the decoder needs those to date the messages that follow.
fn decode_raw(
    bytes: &[u8],
    want: impl Fn(u16) -> bool,
    mut each: impl FnMut(FitDataRecord, Compressed),
) -> Result<usize, Failure> {
    let chain = validate_chain(bytes)?;
    let mut processor = FitStreamProcessor::new();
    let mut buf = bytes;
    let mut messages = 0usize;
    while !buf.is_empty() {
        let offset = bytes.len() - buf.len();
        let at = |message| Location::Byte { offset, message };
        let step = catch_unwind(AssertUnwindSafe(|| processor.deserialize_next(buf)))
            .map_err(|p| Failure::at(at(messages), ErrorKind::DecoderPanic(panic_text(p))))?;
        let (rest, object) = step.map_err(|e| fit_error(*e, offset, messages))?;
        match object {
            FitObject::Crc(_) => processor.reset(),
            FitObject::DataMessage(msg)
                if !want(msg.global_message_number())
                    && msg.time_offset().is_none()
                    && !msg.fields().contains_key(&253) =>
            {
                messages += 1;
            }
            FitObject::DataMessage(msg) => {
                let wanted = want(msg.global_message_number());
                let compressed = compressed_speed_distance(&msg);
                let record = catch_unwind(AssertUnwindSafe(|| processor.decode_message(msg)))
                    .map_err(|p| Failure::at(at(messages), ErrorKind::DecoderPanic(panic_text(p))))?
                    .map_err(|e| fit_error(*e, offset, messages))?;
                messages += 1;
                if wanted {
                    each(record, compressed);
                }
            }
            FitObject::Header(_) | FitObject::DefinitionMessage(_) => {}
        }
        if rest.len() >= buf.len() {
            // No progress: never loop forever on a decoder quirk.
            return Err(Failure::at(
                at(messages),
                ErrorKind::FitDecode("the decoder made no progress".into()),
            ));
        }
        buf = rest;
    }
    if chain.truncated {
        return Err(Failure::at(
            Location::Byte {
                offset: bytes.len(),
                message: messages,
            },
            ErrorKind::Truncated {
                decoded_messages: messages,
            },
        ));
    }
    Ok(messages)
}

fn fit_error(e: fitparser::ErrorKind, offset: usize, messages: usize) -> Failure {
    use fitparser::ErrorKind as E;
    let at = |offset| Location::Byte {
        offset,
        message: messages,
    };
    match e {
        E::InvalidCrc((_, object, stored, computed)) => Failure::at(
            at(offset),
            ErrorKind::FitCrc {
                part: if matches!(object, FitObject::Header(_)) {
                    "header"
                } else {
                    "data"
                },
                stored,
                computed,
            },
        ),
        E::UnexpectedEof(_) => Failure::at(
            at(offset),
            ErrorKind::Truncated {
                decoded_messages: messages,
            },
        ),
        E::ParseError(pos, kind) => Failure::at(
            at(pos),
            ErrorKind::FitDecode(format!("malformed message ({})", kind.description())),
        ),
        E::MissingDefinitionMessage(local, pos) => Failure::at(
            at(pos),
            ErrorKind::FitDecode(format!(
                "a data message uses local type {local}, which was never defined"
            )),
        ),
        other => Failure::at(at(offset), ErrorKind::FitDecode(other.to_string())),
    }
}

/// Parses a FIT file into items.
pub(crate) fn parse(bytes: &[u8]) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let mut acc = Acc::default();
    let messages = decode_raw(bytes, |g| WANTED.contains(&g), |r, c| acc.add(&r, c))?;
    let (items, warnings) = acc.finish();
    Ok((items, warnings, messages))
}

#[derive(Default)]
struct SessionMsg {
    start: Option<DateTime<Utc>>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    avg_power: Option<f64>,
    max_power: Option<f64>,
    ascent_m: Option<f64>,
    descent_m: Option<f64>,
    sport: Option<String>,
    sub_sport: Option<String>,
    timestamp: Option<DateTime<Utc>>,
    first_lap: Option<usize>,
    lap_count: Option<usize>,
}

#[derive(Default)]
struct SetMsg {
    start: Option<DateTime<Utc>>,
    duration_s: Option<f64>,
    reps: Option<f64>,
    weight_kg: Option<f64>,
    active: bool,
    category: Option<String>,
    subtype: Option<f64>,
}

#[derive(Default)]
struct Acc {
    file_type: Option<String>,
    sessions: Vec<SessionMsg>,
    laps: Vec<SessionMsg>,
    samples: Vec<Sample>,
    rr_ms: Vec<f64>,
    rr_invalid: usize,
    hrv_messages: usize,
    sets: Vec<SetMsg>,
    /// (category, exercise number) → name, from `exercise_title`.
    titles: HashMap<(String, u64), String>,
    /// Local clock minus UTC, from the `activity` message.
    offset_s: Option<i64>,
    sport_name: Option<String>,
    sleep_levels: Vec<(DateTime<Utc>, String)>,
    sleep_score: Option<f64>,
    hrv_summaries: Vec<(DateTime<Utc>, f64)>,
    /// The last raw distance counter of `compressed_speed_distance`, and the running total.
    compressed_counter: Option<u16>,
    compressed_distance_16: u64,
}

fn num(v: &Value) -> Option<f64> {
    let x = match v {
        Value::Float64(x) => *x,
        Value::Float32(x) => *x as f64,
        Value::UInt8(x) | Value::UInt8z(x) | Value::Byte(x) | Value::Enum(x) => *x as f64,
        Value::SInt8(x) => *x as f64,
        Value::UInt16(x) | Value::UInt16z(x) => *x as f64,
        Value::SInt16(x) => *x as f64,
        Value::UInt32(x) | Value::UInt32z(x) => *x as f64,
        Value::SInt32(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::SInt64(x) => *x as f64,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

fn time(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::Timestamp(t) => Some(t.with_timezone(&Utc)),
        _ => None,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(text),
        _ => None,
    }
}

fn summary(fields: &[FitDataField]) -> SessionMsg {
    let mut s = SessionMsg::default();
    for f in fields {
        let v = f.value();
        match f.name() {
            "start_time" => s.start = time(v),
            "timestamp" => s.timestamp = time(v),
            "total_elapsed_time" => s.elapsed_s = num(v),
            "total_timer_time" => s.timer_s = num(v),
            "total_distance" => s.distance_m = num(v),
            // Some writers put 0 where they had no strap.
            "avg_heart_rate" => s.avg_hr = num(v).filter(|h| *h > 0.0),
            "max_heart_rate" => s.max_hr = num(v).filter(|h| *h > 0.0),
            "avg_power" => s.avg_power = num(v),
            "max_power" => s.max_power = num(v),
            "total_ascent" => s.ascent_m = num(v),
            "total_descent" => s.descent_m = num(v),
            "sport" => s.sport = text(v),
            "sub_sport" => s.sub_sport = text(v),
            "first_lap_index" => s.first_lap = num(v).map(|x| x as usize),
            "num_laps" => s.lap_count = num(v).map(|x| x as usize),
            _ => {}
        }
    }
    s
}

impl Acc {
    fn add(&mut self, r: &FitDataRecord, compressed: Compressed) {
        let fields = r.fields();
        match r.kind() {
            MesgNum::Record => {
                let mut s = Sample::default();
                for f in fields {
                    let v = f.value();
                    match f.name() {
                        "timestamp" => s.time = time(v),
                        "heart_rate" => s.hr_bpm = num(v),
                        "power" => s.power_w = num(v),
                        "enhanced_speed" => s.speed_m_s = num(v),
                        "speed" => s.speed_m_s = s.speed_m_s.or(num(v)),
                        "distance" => s.distance_m = num(v),
                        "enhanced_altitude" => s.altitude_m = num(v),
                        "altitude" => s.altitude_m = s.altitude_m.or(num(v)),
                        "cadence" => s.cadence_rpm = num(v),
                        "position_lat" => s.lat_deg = num(v).map(|x| x * SEMICIRCLE_DEG),
                        "position_long" => s.lon_deg = num(v).map(|x| x * SEMICIRCLE_DEG),
                        _ => {}
                    }
                }
                if let Some((speed, counter)) = compressed {
                    // Invalid speed (0xFFF) leaves the decoder's value.
                    if speed < 40.95 {
                        s.speed_m_s = Some(speed);
                    }
                    let last = self.compressed_counter.replace(counter);
                    let step = last.map_or(counter, |l| counter.wrapping_sub(l) & 0x0FFF);
                    self.compressed_distance_16 += u64::from(step);
                    s.distance_m = Some(self.compressed_distance_16 as f64 / 16.0);
                }
                self.samples.push(s);
            }
            MesgNum::Hrv => {
                self.hrv_messages += 1;
                for f in fields.iter().filter(|f| f.name() == "time") {
                    let mut push = |v: &Value| match num(v) {
                        // 0xFFFF (65.535 s) is the invalid marker even when it survives decoding.
                        Some(s) if s > 0.0 && s < 65.5 => self.rr_ms.push((s * 1000.0).round()),
                        _ => self.rr_invalid += 1,
                    };
                    match f.value() {
                        Value::Array(a) => a.iter().for_each(&mut push),
                        v => push(v),
                    }
                }
            }
            MesgNum::Session => self.sessions.push(summary(fields)),
            MesgNum::Lap => self.laps.push(summary(fields)),
            MesgNum::FileId => {
                if let Some(f) = fields.iter().find(|f| f.name() == "type") {
                    self.file_type = self.file_type.take().or(text(f.value()));
                }
            }
            MesgNum::Activity => {
                let get = |n: &str| fields.iter().find(|f| f.name() == n).map(|f| f.value());
                if let (Some(utc), Some(local)) = (
                    get("timestamp").and_then(num_ts),
                    get("local_timestamp").and_then(num_ts),
                ) {
                    let diff = local - utc;
                    if diff.abs() <= 14 * 3600 {
                        // Zones are whole quarter hours; the two stamps may differ by a second.
                        self.offset_s = Some((diff as f64 / 900.0).round() as i64 * 900);
                    }
                }
            }
            MesgNum::Sport => {
                if let Some(f) = fields.iter().find(|f| f.name() == "sport") {
                    self.sport_name = text(f.value());
                }
            }
            MesgNum::Set => {
                let mut s = SetMsg {
                    active: true,
                    ..SetMsg::default()
                };
                let mut stamp = None;
                for f in fields {
                    let v = f.value();
                    match f.name() {
                        "start_time" => s.start = time(v),
                        "timestamp" => stamp = time(v),
                        "duration" => s.duration_s = num(v),
                        "repetitions" => s.reps = num(v),
                        "weight" => s.weight_kg = num(v),
                        "set_type" => {
                            s.active =
                                !matches!(text(v).as_deref(), Some("rest")) && num(v) != Some(0.0)
                        }
                        "category" => s.category = text(v),
                        "category_subtype" => {
                            s.subtype = match v {
                                Value::Array(a) => a.iter().find_map(num),
                                v => num(v),
                            }
                        }
                        _ => {}
                    }
                }
                s.start = s.start.or(stamp);
                self.sets.push(s);
            }
            MesgNum::ExerciseTitle => {
                let (mut cat, mut number, mut name) = (None, None, None);
                for f in fields {
                    match f.name() {
                        "exercise_category" => cat = text(f.value()),
                        "exercise_name" => number = num(f.value()),
                        "wkt_step_name" => name = text(f.value()),
                        _ => {}
                    }
                }
                if let (Some(c), Some(n), Some(t)) = (cat, number, name) {
                    self.titles.insert((c, n as u64), t);
                }
            }
            MesgNum::SleepLevel => {
                let t = fields
                    .iter()
                    .find(|f| f.name() == "timestamp")
                    .and_then(|f| time(f.value()));
                let l = fields
                    .iter()
                    .find(|f| f.name() == "sleep_level")
                    .and_then(|f| text(f.value()));
                if let (Some(t), Some(l)) = (t, l) {
                    self.sleep_levels.push((t, l));
                }
            }
            MesgNum::SleepAssessment => {
                if let Some(f) = fields.iter().find(|f| f.name() == "overall_sleep_score") {
                    self.sleep_score = num(f.value());
                }
            }
            MesgNum::HrvStatusSummary => {
                let t = fields
                    .iter()
                    .find(|f| f.name() == "timestamp")
                    .and_then(|f| time(f.value()));
                let v = fields
                    .iter()
                    .find(|f| f.name() == "last_night_average")
                    .and_then(|f| num(f.value()));
                if let (Some(t), Some(v)) = (t, v) {
                    self.hrv_summaries.push((t, v));
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> (Vec<Item>, Vec<Warning>) {
        let mut items = Vec::new();
        let mut warnings = Vec::new();
        let offset =
            FixedOffset::east_opt(self.offset_s.unwrap_or(0) as i32).unwrap_or_else(|| Utc.fix());
        let local = |t: DateTime<Utc>| t.with_timezone(&offset);
        let first_time = self.samples.iter().find_map(|s| s.time);

        let has_sets = self.sets.iter().any(|s| s.active && s.reps.is_some());
        if has_sets {
            let start = self
                .sets
                .iter()
                .find_map(|s| s.start)
                .or(self.sessions.first().and_then(|s| s.start))
                .or(first_time);
            match start {
                Some(start) => {
                    let exercises = strength_exercises(&self.sets, &self.titles, &mut warnings);
                    items.push(Item::Strength(StrengthSession {
                        start: local(start),
                        rpe: None,
                        exercises,
                    }));
                }
                None => warnings.push(Warning::new("strength sets without any time: skipped")),
            }
        }

        if self.sessions.is_empty() && !self.samples.is_empty() && !has_sets {
            // Some writers (and unfinished files) have records but no session summary.
            warnings.push(Warning::new(
                "no session message: the summary is computed from the records",
            ));
            let sport = self.sport_name.clone().unwrap_or_else(|| "generic".into());
            self.sessions.push(SessionMsg {
                sport: Some(sport),
                ..SessionMsg::default()
            });
        }
        let single = self.sessions.len() == 1;
        let mut all_samples = std::mem::take(&mut self.samples);
        for s in &self.sessions {
            let sport_word = s.sport.clone().unwrap_or_else(|| "generic".into());
            if has_sets && is_strength(&sport_word, s.sub_sport.as_deref()) {
                continue;
            }
            let Some(start) = s.start.or(first_time).or(s.timestamp) else {
                warnings.push(Warning::new("a session without any time: skipped"));
                continue;
            };
            let end = match s.elapsed_s {
                Some(e) => start + Duration::milliseconds((e * 1000.0) as i64),
                None => s.timestamp.unwrap_or(start),
            };
            let samples: Vec<Sample> = if single {
                std::mem::take(&mut all_samples)
            } else {
                all_samples
                    .iter()
                    .filter(|x| x.time.is_some_and(|t| t >= start && t <= end))
                    .cloned()
                    .collect()
            };
            // The session names its laps; older files only overlap in time.
            let lap_slice: Vec<&SessionMsg> = match (s.first_lap, s.lap_count) {
                _ if single => self.laps.iter().collect(),
                (Some(first), Some(n)) if first.saturating_add(n) <= self.laps.len() => {
                    self.laps[first..first + n].iter().collect()
                }
                _ => self
                    .laps
                    .iter()
                    .filter(|l| l.start.is_some_and(|t| t >= start && t < end))
                    .collect(),
            };
            let laps = lap_slice
                .into_iter()
                .filter_map(|l| {
                    Some(Lap {
                        start: local(l.start.or(l.timestamp)?),
                        elapsed_s: l.elapsed_s.unwrap_or(0.0),
                        moving_s: l.timer_s,
                        distance_m: l.distance_m,
                        avg_hr_bpm: l.avg_hr,
                        max_hr_bpm: l.max_hr,
                        avg_power_w: l.avg_power,
                    })
                })
                .collect();
            let source_sport = match &s.sub_sport {
                Some(sub) if sub != "generic" => format!("{sport_word}/{sub}"),
                _ => sport_word.clone(),
            };
            let mut a = Activity {
                start: local(start),
                sport: sport_from_words(&sport_word, s.sub_sport.as_deref()),
                source_sport,
                transition: sport_word == "transition",
                elapsed_s: s.elapsed_s.unwrap_or(0.0),
                moving_s: s.timer_s,
                distance_m: s.distance_m,
                avg_hr_bpm: s.avg_hr,
                max_hr_bpm: s.max_hr,
                avg_power_w: s.avg_power,
                max_power_w: s.max_power,
                ascent_m: s.ascent_m,
                descent_m: s.descent_m,
                downhill: None,
                laps,
                samples,
            };
            crate::fill_from_samples(&mut a);
            items.push(Item::Activity(a));
        }

        if self.hrv_messages > 0 {
            items.push(Item::RrSeries(RrSeries {
                start: self
                    .sessions
                    .first()
                    .and_then(|s| s.start)
                    .or(first_time)
                    .map(local),
                rr_ms: std::mem::take(&mut self.rr_ms),
                invalid_dropped: self.rr_invalid,
            }));
        }

        if let Some(first) = self.sleep_levels.first() {
            let mut asleep_s = 0.0;
            for w in self.sleep_levels.windows(2) {
                if matches!(w[0].1.as_str(), "light" | "deep" | "rem") {
                    asleep_s += (w[1].0 - w[0].0).num_seconds().max(0) as f64;
                }
            }
            items.push(Item::Sleep(Sleep {
                start: local(first.0),
                asleep_h: asleep_s / 3600.0,
                quality: self.sleep_score.map(sleep_quality),
                score: self.sleep_score,
                reported: false,
            }));
        }
        // Garmin's HRV status: the night's average RMSSD, not a morning reading.
        for (t, rmssd) in &self.hrv_summaries {
            items.push(Item::Observation(Observation {
                at: Some(local(*t)),
                night_rmssd_ms: Some(*rmssd),
                ..Observation::default()
            }));
        }
        if !self.hrv_summaries.is_empty() {
            warnings.push(Warning::new(
                "the HRV status summary is the night's average RMSSD: kept as overnight HRV \
                 (night_rmssd_ms), not as a morning reading",
            ));
        }
        if items.is_empty() {
            let what = self.file_type.as_deref().unwrap_or("unknown");
            warnings.push(Warning::new(format!(
                "a FIT \"{what}\" file with no activity, strength, sleep or HRV data"
            )));
        }
        (items, warnings)
    }
}

/// Seconds since the FIT epoch as the decoder stamped them (both `timestamp` and
/// `local_timestamp` come out as the same kind of date, so their difference is the offset).
fn num_ts(v: &Value) -> Option<i64> {
    match v {
        Value::Timestamp(t) => Some(t.timestamp()),
        v => num(v).map(|x| x as i64),
    }
}

/// A device's 0–100 sleep score onto the spec's 1–5 quality (Garmin: 90+ excellent, 80–89
/// good, 60–79 fair, below 60 poor).
pub(crate) fn sleep_quality(score: f64) -> u8 {
    match score {
        s if s >= 90.0 => 5,
        s if s >= 80.0 => 4,
        s if s >= 60.0 => 3,
        s if s >= 40.0 => 2,
        _ => 1,
    }
}

fn is_strength(sport: &str, sub: Option<&str>) -> bool {
    sport == "training" || sub == Some("strength_training")
}

/// Team and racket sports, looked for by name in a file's sport words.
const TEAM_AND_RACKET: [Sport; 9] = [
    Sport::Soccer,
    Sport::Basketball,
    Sport::Handball,
    Sport::Rugby,
    Sport::Hockey,
    Sport::Volleyball,
    Sport::Tennis,
    Sport::Squash,
    Sport::Badminton,
];

/// The spec's sport from FIT/TCX/GPX sport words ("running", "Biking", "cross_country_skiing").
pub fn sport_from_words(sport: &str, sub: Option<&str>) -> Sport {
    let s = sport.to_ascii_lowercase();
    let sub = sub.unwrap_or("").to_ascii_lowercase();
    if sub.contains("rowing") {
        return Sport::Row;
    }
    if sub.contains("treadmill") {
        return Sport::Run;
    }
    // Team and racket sports by name ("soccer", "ice_hockey", Fitbit's "Tennis").
    // FIT files name racket sports in the sub-sport (`racket` / `tennis`); table tennis is not
    // tennis.
    if !s.contains("table") && !sub.contains("table") {
        if let Some(sport) = TEAM_AND_RACKET
            .iter()
            .find(|t| s.contains(t.name()) || sub.contains(t.name()))
        {
            return *sport;
        }
    }
    if s.contains("run") {
        Sport::Run
    } else if s.contains("cycl") || s.contains("bik") || s == "ride" {
        Sport::Cycle
    } else if s.contains("swim") {
        Sport::Swim
    } else if s.contains("row") || s.contains("paddl") || s.contains("kayak") {
        Sport::Row
    } else if s.contains("walk") {
        Sport::Walk
    } else if s.contains("hik") || s.contains("mountaineer") {
        Sport::Hike
    } else if s.contains("ski") {
        Sport::Ski
    } else {
        Sport::Other
    }
}

/// Muscle groups an exercise of a FIT exercise category trains, for sets whose exact
/// exercise is not in the catalogue. Empty for categories that say nothing about muscles.
pub fn category_muscles(category: &str) -> &'static [MuscleGroup] {
    use MuscleGroup::*;
    match category {
        "bench_press" | "push_up" => &[Chest, Triceps, Shoulders],
        "calf_raise" => &[Calves],
        "carry" => &[Forearms, Traps, Abdominals],
        "chop" | "core" | "crunch" | "leg_raise" | "plank" | "sit_up" => &[Abdominals],
        "curl" => &[Biceps, Forearms],
        "deadlift" => &[Hamstrings, Glutes, LowerBack],
        "flye" => &[Chest, Shoulders],
        "hip_raise" | "hip_swing" => &[Glutes, Hamstrings],
        "hip_stability" => &[Glutes, Abductors],
        "hyperextension" => &[LowerBack, Glutes, Hamstrings],
        "lateral_raise" | "shoulder_stability" => &[Shoulders],
        "leg_curl" => &[Hamstrings],
        "lunge" | "squat" => &[Quadriceps, Glutes, Hamstrings],
        "olympic_lift" => &[Quadriceps, Glutes, Hamstrings, Traps, Shoulders],
        "plyo" => &[Quadriceps, Calves, Glutes],
        "pull_up" => &[Lats, Biceps, MiddleBack],
        "row" => &[MiddleBack, Lats, Biceps],
        "shoulder_press" => &[Shoulders, Triceps],
        "shrug" => &[Traps],
        "total_body" => &[Quadriceps, Glutes, Chest, Lats, Shoulders],
        "triceps_extension" => &[Triceps],
        _ => &[],
    }
}

/// Groups consecutive active sets of one exercise, naming each from `exercise_title` and the
/// catalogue when possible, else by its category's muscles.
fn strength_exercises(
    sets: &[SetMsg],
    titles: &HashMap<(String, u64), String>,
    warnings: &mut Vec<Warning>,
) -> Vec<ExerciseLog> {
    let mut out: Vec<ExerciseLog> = Vec::new();
    let mut last_key: Option<(Option<String>, Option<u64>)> = None;
    for s in sets.iter().filter(|s| s.active) {
        let Some(reps) = s.reps.filter(|r| *r >= 1.0) else {
            continue;
        };
        let key = (s.category.clone(), s.subtype.map(|x| x as u64));
        if last_key.as_ref() != Some(&key) || out.is_empty() {
            let category = s.category.clone().unwrap_or_else(|| "unknown".into());
            let title = key
                .1
                .and_then(|n| titles.get(&(category.clone(), n)))
                .cloned();
            let source_name = title.clone().unwrap_or_else(|| category.replace('_', " "));
            let catalogue_name = title
                .as_deref()
                .and_then(|t| catalogue().find(t).ok())
                .map(|e| e.name.clone());
            let muscles = if catalogue_name.is_some() {
                Vec::new()
            } else {
                category_muscles(&category).to_vec()
            };
            if catalogue_name.is_none() && muscles.is_empty() {
                warnings.push(Warning::new(format!(
                    "exercise \"{source_name}\" is not in the catalogue and its category says \
                     nothing about muscles: its sets are kept but give no event"
                )));
            } else if catalogue_name.is_none() && title.is_some() {
                warnings.push(Warning::new(format!(
                    "exercise \"{source_name}\" is not in the catalogue: mapped to the muscles \
                     of its category \"{category}\""
                )));
            }
            out.push(ExerciseLog {
                source_name,
                catalogue_name,
                muscles,
                sets: Vec::new(),
            });
            last_key = Some(key);
        }
        out.last_mut().expect("pushed above").sets.push(SetLog {
            reps: reps.round() as u32,
            load_kg: s.weight_kg.filter(|w| *w > 0.0),
            duration_s: s.duration_s,
            rpe: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_longer_than_the_file_is_a_header_error() {
        let mut b = vec![40u8, 16, 100, 0, 0xE8, 3, 0, 0];
        b.extend_from_slice(b".FIT");
        b.resize(35, 0);
        let e = decode(&b, |_| {}).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::FitHeader(_)), "{e:?}");
    }

    #[test]
    fn sports() {
        assert_eq!(sport_from_words("running", Some("trail")), Sport::Run);
        assert_eq!(
            sport_from_words("fitness_equipment", Some("indoor_rowing")),
            Sport::Row
        );
        assert_eq!(sport_from_words("Biking", None), Sport::Cycle);
        assert_eq!(sport_from_words("cross_country_skiing", None), Sport::Ski);
        assert_eq!(sport_from_words("Other", None), Sport::Other);
    }

    #[test]
    fn every_category_muscle_list_is_distinct() {
        for c in ["squat", "bench_press", "row", "deadlift"] {
            let m = category_muscles(c);
            assert!(!m.is_empty());
            let mut d = m.to_vec();
            d.dedup();
            assert_eq!(d.len(), m.len());
        }
    }
}
