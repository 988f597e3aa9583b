//! TCX (Garmin Training Center) and GPX, read as a stream of elements with `quick-xml`.
//! Namespace prefixes are ignored (`ns3:TPX`, `gpxtpx:hr`): exporters disagree on them.

use std::io::{BufRead, Read};

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{ErrorKind, Failure};
use crate::fit::sport_from_words;
use crate::item::{Activity, Item, Lap, Sample, Warning};
use myo_model::Sport;

/// The root element's local name, if the text looks like XML.
pub fn root_element(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            // A DOCTYPE with an internal subset (Apple Health's) ends at `]>`.
            let end = match (r.find('['), r.find('>')) {
                (Some(b), Some(g)) if b < g => r.find("]>")? + 2,
                (_, g) => g? + 1,
            };
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            let name = &r[..end];
            return Some(name.rsplit(':').next().unwrap_or(name));
        } else {
            return None;
        }
    }
}

fn local_name(raw: &[u8]) -> String {
    let name = raw.rsplit(|b| *b == b':').next().unwrap_or(raw);
    String::from_utf8_lossy(name).into_owned()
}

/// One step of the walk.
pub(crate) enum Step<'p> {
    Open(&'p [String], &'p BytesStart<'p>),
    Text(&'p [String], &'p str),
    Close(&'p [String]),
}

/// The input of the walk, counting lines as the XML reader consumes it, so that an error names
/// its line without the whole text at hand. Only the newlines since the current element began
/// are kept (an error lies inside it): the memory is one element's, not the file's.
struct Lines<R> {
    inner: R,
    /// Bytes consumed so far.
    offset: u64,
    /// Where the current element began, and the newlines before that.
    mark: u64,
    lines_before_mark: usize,
    /// Offsets of the newlines consumed since `mark`.
    newlines: Vec<u64>,
}

impl<R: BufRead> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            offset: 0,
            mark: 0,
            lines_before_mark: 0,
            newlines: Vec::new(),
        }
    }

    fn set_mark(&mut self, at: u64) {
        if at <= self.mark {
            return;
        }
        let before = self.newlines.iter().take_while(|n| **n < at).count();
        self.lines_before_mark += before;
        self.newlines.drain(..before);
        self.mark = at;
    }

    /// The 1-based line of a byte offset at or after the mark (earlier offsets give the mark's).
    fn line_at(&self, at: u64) -> usize {
        1 + self.lines_before_mark + self.newlines.iter().take_while(|n| **n < at).count()
    }
}

/// `Read` for a reader whose `BufRead` does the work (the wrappers here count as they pass).
pub(crate) fn read_buffered(r: &mut impl BufRead, out: &mut [u8]) -> std::io::Result<usize> {
    let n = {
        let buf = r.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        n
    };
    r.consume(n);
    Ok(n)
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        read_buffered(self, out)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if n > 0 {
            // The bytes are still in the inner buffer: asking for it again reads nothing.
            if let Ok(buf) = self.inner.fill_buf() {
                let start = self.offset;
                self.newlines.extend(
                    buf[..n.min(buf.len())]
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| start + i as u64),
                );
            }
        }
        self.offset += n as u64;
        self.inner.consume(n);
    }
}

/// Streams the elements of `text`, with the path of local names to each.
pub(crate) fn walk(text: &str, on: impl FnMut(Step<'_>, usize)) -> Result<Vec<Warning>, Failure> {
    walk_reader(text.trim_start_matches('\u{feff}').as_bytes(), on)
}

/// Streams the elements read from `input` (its byte-order marks already skipped), with the
/// path of local names to each, in one reused buffer: the memory is the largest element's.
/// I/O errors of the input are reported as [`ErrorKind::Xml`] at the line reached.
pub(crate) fn walk_reader<R: BufRead>(
    input: R,
    mut on: impl FnMut(Step<'_>, usize),
) -> Result<Vec<Warning>, Failure> {
    let mut reader = Reader::from_reader(Lines::new(input));
    reader.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut buf = Vec::new();
    let xml_err = |reader: &Reader<Lines<R>>, at: u64, e: String| {
        Failure::line(reader.get_ref().line_at(at), None, ErrorKind::Xml(e))
    };
    loop {
        let pos = reader.buffer_position();
        reader.get_mut().set_mark(pos);
        buf.clear();
        let pos_usize = pos as usize;
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                path.push(local_name(e.name().as_ref()));
                on(Step::Open(&path, &e), pos_usize);
            }
            Ok(Event::Empty(e)) => {
                path.push(local_name(e.name().as_ref()));
                on(Step::Open(&path, &e), pos_usize);
                on(Step::Close(&path), pos_usize);
                path.pop();
            }
            Ok(Event::End(_)) => {
                on(Step::Close(&path), pos_usize);
                path.pop();
            }
            Ok(Event::Text(t)) => {
                // An unknown entity: the text's own place (the reader keeps none for it).
                let s = t
                    .unescape()
                    .map_err(|e| xml_err(&reader, pos, e.to_string()))?;
                on(Step::Text(&path, &s), pos_usize);
            }
            Ok(Event::CData(c)) => {
                let s = String::from_utf8_lossy(&c).into_owned();
                on(Step::Text(&path, s.trim()), pos_usize);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                let at = reader.error_position().max(pos);
                return Err(xml_err(&reader, at, e.to_string()));
            }
        }
    }
    let mut warnings = Vec::new();
    if let Some(open) = path.last() {
        warnings.push(Warning::new(format!(
            "the file ends inside <{open}>: it looks truncated; what was complete is kept"
        )));
    }
    Ok(warnings)
}

pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local_name(a.key.as_ref()) == name)
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

/// Times as exporters write them: RFC 3339, or without a zone (read as UTC, with a warning).
fn parse_time(s: &str, zoneless: &mut bool) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            *zoneless = true;
            return Some(t.and_utc().fixed_offset());
        }
    }
    None
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

fn utc(t: Option<DateTime<FixedOffset>>) -> Option<DateTime<Utc>> {
    t.map(|t| t.with_timezone(&Utc))
}

#[derive(Default)]
struct TcxActivity {
    sport: String,
    id: Option<DateTime<FixedOffset>>,
    laps: Vec<Lap>,
    samples: Vec<Sample>,
    lap_max_hr: Option<f64>,
}

/// Parses a TCX file: every `Activity` with its laps and trackpoints.
pub(crate) fn parse_tcx(text: &str) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let mut activities: Vec<TcxActivity> = Vec::new();
    let mut current: Option<TcxActivity> = None;
    let mut lap: Option<Lap> = None;
    let mut sample: Option<Sample> = None;
    let mut zoneless = false;
    let mut bad_values = 0usize;
    let mut points = 0usize;
    let mut warnings = walk(text, |step, _| match step {
        Step::Open(path, e) => match path.last().map(String::as_str) {
            Some("Activity") => {
                current = Some(TcxActivity {
                    sport: attr(e, "Sport").unwrap_or_else(|| "Other".into()),
                    ..TcxActivity::default()
                })
            }
            Some("Lap") if current.is_some() => {
                let start = attr(e, "StartTime").and_then(|s| parse_time(&s, &mut zoneless));
                lap = start.map(|start| Lap {
                    start,
                    elapsed_s: 0.0,
                    moving_s: None,
                    distance_m: None,
                    avg_hr_bpm: None,
                    max_hr_bpm: None,
                    avg_power_w: None,
                });
            }
            Some("Trackpoint") if current.is_some() => sample = Some(Sample::default()),
            _ => {}
        },
        Step::Text(path, t) => {
            let n = path.len();
            let (Some(name), parent) = (
                path.last().map(String::as_str),
                n.checked_sub(2).map(|i| path[i].as_str()),
            ) else {
                return;
            };
            let mut value = || {
                let v = number(t);
                if v.is_none() {
                    bad_values += 1;
                }
                v
            };
            if let Some(s) = sample.as_mut() {
                match (parent, name) {
                    (_, "Time") => s.time = utc(parse_time(t, &mut zoneless)),
                    (_, "LatitudeDegrees") => s.lat_deg = value(),
                    (_, "LongitudeDegrees") => s.lon_deg = value(),
                    (_, "AltitudeMeters") => s.altitude_m = value(),
                    (Some("Trackpoint"), "DistanceMeters") => s.distance_m = value(),
                    (Some("HeartRateBpm"), "Value") => s.hr_bpm = value(),
                    (Some("Trackpoint"), "Cadence") => s.cadence_rpm = value(),
                    (_, "Speed") => s.speed_m_s = value(),
                    (_, "Watts") => s.power_w = value(),
                    _ => {}
                }
            } else if let Some(l) = lap.as_mut() {
                match (parent, name) {
                    (Some("Lap"), "TotalTimeSeconds") => {
                        l.moving_s = value();
                        l.elapsed_s = l.moving_s.unwrap_or(0.0);
                    }
                    (Some("Lap"), "DistanceMeters") => l.distance_m = value(),
                    (Some("AverageHeartRateBpm"), "Value") => l.avg_hr_bpm = value(),
                    (Some("MaximumHeartRateBpm"), "Value") => l.max_hr_bpm = value(),
                    (_, "AvgWatts") => l.avg_power_w = value(),
                    _ => {}
                }
            } else if let Some(a) = current.as_mut() {
                if (parent, name) == (Some("Activity"), "Id") {
                    a.id = parse_time(t, &mut zoneless);
                }
            }
        }
        Step::Close(path) => match path.last().map(String::as_str) {
            Some("Trackpoint") => {
                if let (Some(s), Some(a)) = (sample.take(), current.as_mut()) {
                    points += 1;
                    a.samples.push(s);
                }
            }
            Some("Lap") => {
                if let (Some(l), Some(a)) = (lap.take(), current.as_mut()) {
                    a.lap_max_hr = match (a.lap_max_hr, l.max_hr_bpm) {
                        (Some(x), Some(y)) => Some(x.max(y)),
                        (x, y) => x.or(y),
                    };
                    a.laps.push(l);
                }
            }
            Some("Activity") => activities.extend(current.take()),
            _ => {}
        },
    })?;
    // A truncated file: keep the activity that was open.
    activities.extend(current.take());
    if zoneless {
        warnings.push(Warning::new("times without a time zone were read as UTC"));
    }
    if bad_values > 0 {
        warnings.push(Warning::new(format!(
            "{bad_values} values that are not numbers were ignored"
        )));
    }
    let mut items = Vec::new();
    for a in activities {
        let first_time = a.samples.iter().find_map(|s| s.time);
        let Some(start) =
            a.id.or(a.laps.first().map(|l| l.start))
                .or(first_time.map(|t| t.fixed_offset()))
        else {
            warnings.push(Warning::new("an activity without any time: skipped"));
            continue;
        };
        let lap_time: Option<f64> = a.laps.iter().map(|l| l.moving_s).sum();
        let lap_distance: Option<f64> = a.laps.iter().map(|l| l.distance_m).sum();
        let last_time = a.samples.iter().rev().find_map(|s| s.time);
        let elapsed_s = match last_time {
            Some(t) => (t - start.with_timezone(&Utc)).num_milliseconds() as f64 / 1000.0,
            None => lap_time.unwrap_or(0.0),
        };
        // Lap averages weighted by lap time, when every lap has one.
        let avg_hr = weighted(&a.laps, |l| l.avg_hr_bpm);
        let avg_power = weighted(&a.laps, |l| l.avg_power_w);
        let mut act = Activity {
            start,
            sport: sport_from_words(&a.sport, None),
            source_sport: a.sport.clone(),
            transition: false,
            elapsed_s: elapsed_s.max(lap_time.unwrap_or(0.0)),
            moving_s: lap_time.filter(|t| *t > 0.0),
            distance_m: lap_distance.filter(|d| *d > 0.0),
            avg_hr_bpm: avg_hr,
            max_hr_bpm: a.lap_max_hr,
            avg_power_w: avg_power,
            max_power_w: None,
            ascent_m: None,
            descent_m: None,
            downhill: None,
            laps: a.laps,
            samples: a.samples,
        };
        crate::fill_from_samples(&mut act);
        items.push(Item::Activity(act));
    }
    if items.is_empty() {
        return Err(Failure::new(ErrorKind::NoData(
            "a TCX file with no activities".into(),
        )));
    }
    Ok((items, warnings, points))
}

fn weighted(laps: &[Lap], f: impl Fn(&Lap) -> Option<f64>) -> Option<f64> {
    let mut sum = 0.0;
    let mut weight = 0.0;
    for l in laps {
        let w = l.moving_s.unwrap_or(0.0);
        sum += f(l)? * w;
        weight += w;
    }
    (weight > 0.0).then(|| sum / weight)
}

#[derive(Default)]
struct GpxTrack {
    kind: Option<String>,
    samples: Vec<Sample>,
}

/// Parses a GPX file: every `trk` becomes an activity (its segments joined). Routes and
/// waypoints are plans, not activities, and are ignored.
pub(crate) fn parse_gpx(text: &str) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let mut tracks: Vec<GpxTrack> = Vec::new();
    let mut track: Option<GpxTrack> = None;
    let mut point: Option<Sample> = None;
    let mut zoneless = false;
    let mut routes = 0usize;
    let mut points = 0usize;
    let mut warnings = walk(text, |step, _| match step {
        Step::Open(path, e) => match path.last().map(String::as_str) {
            Some("trk") => track = Some(GpxTrack::default()),
            Some("rte") => routes += 1,
            Some("trkpt") if track.is_some() => {
                point = Some(Sample {
                    lat_deg: attr(e, "lat").and_then(|v| number(&v)),
                    lon_deg: attr(e, "lon").and_then(|v| number(&v)),
                    ..Sample::default()
                })
            }
            _ => {}
        },
        Step::Text(path, t) => {
            let name = path.last().map(String::as_str);
            if let Some(p) = point.as_mut() {
                match name {
                    Some("ele") => p.altitude_m = number(t),
                    Some("time") => p.time = utc(parse_time(t, &mut zoneless)),
                    Some("hr") => p.hr_bpm = number(t),
                    Some("cad") => p.cadence_rpm = number(t),
                    Some("power") | Some("PowerInWatts") => p.power_w = number(t),
                    Some("speed") => p.speed_m_s = number(t),
                    _ => {}
                }
            } else if let Some(tr) = track.as_mut() {
                let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
                if name == Some("type") && parent == Some("trk") {
                    tr.kind = Some(t.to_string());
                }
            }
        }
        Step::Close(path) => match path.last().map(String::as_str) {
            Some("trkpt") => {
                if let (Some(p), Some(tr)) = (point.take(), track.as_mut()) {
                    points += 1;
                    tr.samples.push(p);
                }
            }
            Some("trk") => tracks.extend(track.take()),
            _ => {}
        },
    })?;
    tracks.extend(track.take());
    if zoneless {
        warnings.push(Warning::new("times without a time zone were read as UTC"));
    }
    if routes > 0 {
        warnings.push(Warning::new(format!(
            "{routes} route(s) ignored: a route is a plan, not an activity"
        )));
    }
    let mut items = Vec::new();
    for t in tracks {
        if t.samples.is_empty() {
            continue;
        }
        let times: Vec<DateTime<Utc>> = t.samples.iter().filter_map(|s| s.time).collect();
        let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
            warnings.push(Warning::new(
                "a track without times: it has no start or duration, so it was skipped",
            ));
            continue;
        };
        let kind = t.kind.clone().unwrap_or_default();
        let sport = match kind.trim() {
            // Strava writes its activity-type numbers: 1 ride, 9 run.
            "1" => Sport::Cycle,
            "9" => Sport::Run,
            k => sport_from_words(k, None),
        };
        let mut act = Activity::new(
            first.fixed_offset(),
            sport,
            kind,
            (*last - *first).num_milliseconds() as f64 / 1000.0,
        );
        act.samples = t.samples;
        crate::fill_from_samples(&mut act);
        items.push(Item::Activity(act));
    }
    if items.is_empty() {
        return Err(Failure::new(ErrorKind::NoData(
            "a GPX file with no timed track (routes and waypoints are not activities)".into(),
        )));
    }
    Ok((items, warnings, points))
}
