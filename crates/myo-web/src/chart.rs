//! Charts rendered by plotters' SVG backend and embedded in the page: timelines over hours from
//! now (the past solid, from the log; the forecast dashed, with its uncertainty band shaded
//! behind it), HRV with its normal range, and fitness / fatigue / form.
//!
//! Every chart is a `<figure>` whose caption says what it shows and its value now, an `<svg
//! role="img">` with an `aria-label` (plotters' root tag is replaced, so the SVG scales with the
//! page through its `viewBox`) and a legend in HTML. The CSP allows no inline styles: plotters
//! writes SVG presentation attributes only. Plotters escapes the text it writes (tick labels and
//! axis titles); maud escapes everything else. Colours come from cividis (as the body map), and
//! no series is told apart by colour alone: solid, dashed and dotted lines, dots and shaded areas.

use maud::{html, Markup, PreEscaped};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::data::{HrvTrend, LoadTrend};

/// The chart's size in SVG units (it scales to the page width).
const W: u32 = 720;
const H: u32 = 260;

/// cividis: dark blue, middle grey, yellow; the "now" marker in the page's focus orange.
pub const INK: RGBColor = RGBColor(0x00, 0x20, 0x4C);
pub const GREY: RGBColor = RGBColor(0x6B, 0x6C, 0x70);
pub const YELLOW: RGBColor = RGBColor(0xFF, 0xEA, 0x46);
pub const NOW: RGBColor = RGBColor(0xE0, 0x7B, 0x00);
const GRID: RGBColor = RGBColor(0xE2, 0xE2, 0xE8);
const AXIS: RGBColor = RGBColor(0x55, 0x55, 0x5E);
const LABEL: RGBColor = RGBColor(0x3A, 0x3A, 0x44);

/// How a line is drawn: told apart by pattern, not only colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
}

pub struct Line {
    pub label: String,
    /// (x, y)
    pub points: Vec<(f64, f64)>,
    pub colour: RGBColor,
    pub stroke: Stroke,
    pub width: u32,
}

/// A shaded area between two curves.
pub struct Area {
    pub label: String,
    /// (x, low, high)
    pub points: Vec<(f64, f64, f64)>,
    pub colour: RGBColor,
    pub opacity: f64,
}

/// Single readings, as dots.
pub struct Dots {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub colour: RGBColor,
}

/// One chart. x is in days (from now, or day numbers that `x_tick` turns into dates).
pub struct Plot<'a> {
    /// The caption's lead, e.g. "Force".
    pub title: &'a str,
    /// The caption's rest, e.g. "now 87.0 % of fresh".
    pub now_text: Option<String>,
    /// What the picture shows, for screen readers.
    pub description: String,
    pub x_label: &'a str,
    pub y_label: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Tick label of an x value.
    pub x_tick: &'a dyn Fn(f64) -> String,
    /// Decimals of the y tick labels.
    pub y_decimals: usize,
    /// A vertical marker labelled "now" at this x.
    pub now_at: Option<f64>,
    /// A horizontal line at y = 0.
    pub zero_line: bool,
    pub areas: Vec<Area>,
    pub lines: Vec<Line>,
    pub dots: Vec<Dots>,
}

/// "now", "−3 d", "+1 d" for days from now.
pub fn days_from_now(d: f64) -> String {
    if d.abs() < 1e-6 {
        "now".into()
    } else if d < 0.0 {
        format!("−{:.0} d", -d)
    } else {
        format!("+{d:.0} d")
    }
}

fn draw(p: &Plot<'_>, root: &DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let (x0, x1) = p.x_range;
    let (y0, y1) = p.y_range;
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(20)
        .margin_left(6)
        .margin_bottom(4)
        .x_label_area_size(44)
        .y_label_area_size(62)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| err(&e))?;
    let y_tick = |y: &f64| format!("{:.*}", p.y_decimals, y);
    let x_tick = |x: &f64| (p.x_tick)(*x);
    chart
        .configure_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .x_labels(11)
        .y_labels(6)
        .x_label_formatter(&x_tick)
        .y_label_formatter(&y_tick)
        .label_style(("sans-serif", 15).into_font().color(&LABEL))
        .axis_desc_style(("sans-serif", 15).into_font().color(&LABEL))
        .x_desc(p.x_label)
        .y_desc(p.y_label.as_str())
        .draw()
        .map_err(|e| err(&e))?;
    if p.zero_line && y0 < 0.0 && y1 > 0.0 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x0, 0.0), (x1, 0.0)],
                AXIS.stroke_width(1),
            )))
            .map_err(|e| err(&e))?;
    }
    let clamp = |y: f64| y.clamp(y0, y1);
    for a in &p.areas {
        if a.points.len() < 2 {
            continue;
        }
        let mut outline: Vec<(f64, f64)> =
            a.points.iter().map(|&(x, _, hi)| (x, clamp(hi))).collect();
        outline.extend(a.points.iter().rev().map(|&(x, lo, _)| (x, clamp(lo))));
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline,
                a.colour.mix(a.opacity).filled(),
            )))
            .map_err(|e| err(&e))?;
    }
    for l in &p.lines {
        let points: Vec<(f64, f64)> = l.points.iter().map(|&(x, y)| (x, clamp(y))).collect();
        let style = l.colour.stroke_width(l.width);
        let drawn = match l.stroke {
            Stroke::Solid => chart
                .draw_series(LineSeries::new(points, style))
                .map(|_| ()),
            Stroke::Dashed => chart
                .draw_series(DashedLineSeries::new(points, 9, 6, style))
                .map(|_| ()),
            Stroke::Dotted => chart
                .draw_series(DashedLineSeries::new(points, 2, 5, style))
                .map(|_| ()),
        };
        drawn.map_err(|e| err(&e))?;
    }
    for d in &p.dots {
        chart
            .draw_series(
                d.points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, clamp(y)), 3, d.colour.filled())),
            )
            .map_err(|e| err(&e))?;
    }
    if let Some(now) = p.now_at {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(now, y0), (now, y1)],
                NOW.stroke_width(2),
            )))
            .map_err(|e| err(&e))?;
    }
    root.present().map_err(|e| err(&e))
}

/// The plotters SVG of `p`, its root tag replaced by one that scales and is labelled.
fn svg(p: &Plot<'_>) -> Option<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W, H)).into_drawing_area();
        if let Err(e) = draw(p, &root) {
            tracing::warn!("chart {}: {e}", p.title);
            return None;
        }
    }
    // The backend writes `<svg width=… height=… viewBox=… xmlns=…>` then the drawing.
    let open_end = buf.find(">\n")? + 2;
    let close = buf.rfind("</svg>")?;
    let inner = &buf[open_end..close];
    let label = format!("{}: {}", p.title, p.description);
    Some(
        html! {
            svg viewBox=(format!("0 0 {W} {H}")) xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(label) {
                (PreEscaped(inner))
            }
        }
        .into_string(),
    )
}

fn swatch_area(a: &Area) -> Markup {
    html! {
        svg.swatch viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" {
            rect x="1" y="1" width="26" height="12" fill=(hex(a.colour)) fill-opacity=(format!("{:.2}", a.opacity)) {}
        }
    }
}

fn swatch_line(l: &Line) -> Markup {
    let dash = match l.stroke {
        Stroke::Solid => None,
        Stroke::Dashed => Some("7 4"),
        Stroke::Dotted => Some("2 4"),
    };
    html! {
        svg.swatch viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" {
            line x1="1" y1="7" x2="27" y2="7" stroke=(hex(l.colour)) stroke-width=(l.width) stroke-dasharray=[dash] {}
        }
    }
}

fn swatch_dots(d: &Dots) -> Markup {
    html! {
        svg.swatch viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" {
            circle cx="8" cy="7" r="3" fill=(hex(d.colour)) {}
            circle cx="20" cy="7" r="3" fill=(hex(d.colour)) {}
        }
    }
}

fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// `p` as a figure: caption, the chart and its legend.
pub fn figure(p: &Plot<'_>) -> Markup {
    let svg = svg(p);
    html! {
        figure.chart {
            figcaption {
                strong { (p.title) }
                @if let Some(now) = &p.now_text { " — " (now) }
            }
            @match svg {
                Some(svg) => (PreEscaped(svg)),
                None => p.note { "Chart unavailable." },
            }
            ul.legend.chart-legend {
                @for a in &p.areas { li { (swatch_area(a)) " " (a.label) } }
                @for l in &p.lines { li { (swatch_line(l)) " " (l.label) } }
                @for d in &p.dots { li { (swatch_dots(d)) " " (d.label) } }
                @if p.now_at.is_some() {
                    li {
                        svg.swatch viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" {
                            line x1="14" y1="0" x2="14" y2="14" stroke=(hex(NOW)) stroke-width="2" {}
                        }
                        " now"
                    }
                }
            }
        }
    }
}

/// A timeline of one value over hours from now.
pub struct Series<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    /// (hours from now, value).
    pub points: Vec<(f64, f64)>,
    pub y_min: f64,
    pub y_max: f64,
    /// The forecast's 10–90% band over similar athletes: (hours from now, low, high); empty
    /// for none.
    pub band: Vec<(f64, f64, f64)>,
}

/// Hours to days.
fn days(h: f64) -> f64 {
    h / 24.0
}

/// One value over the past (solid, from the log) and the forecast (dashed), with the forecast's
/// band when there is one, and a marker at now.
pub fn timeline(s: &Series<'_>) -> Markup {
    let (t0, t1) = s
        .points
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), (t, _)| (a.min(*t), b.max(*t)));
    let past: Vec<(f64, f64)> = s
        .points
        .iter()
        .filter(|(t, _)| *t <= 1e-9)
        .map(|&(t, v)| (days(t), v))
        .collect();
    let future: Vec<(f64, f64)> = s
        .points
        .iter()
        .filter(|(t, _)| *t >= -1e-9)
        .map(|&(t, v)| (days(t), v))
        .collect();
    let now = s.points.iter().find(|(t, _)| t.abs() < 1e-9).map(|p| p.1);
    let unit = if s.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", s.unit)
    };
    let mut areas = Vec::new();
    // A band too thin to see (similar athletes alike, as glycogen after lifting) is left out.
    let widest = s.band.iter().map(|(_, lo, hi)| hi - lo).fold(0.0, f64::max);
    if widest > 0.005 * (s.y_max - s.y_min) {
        areas.push(Area {
            label: "10–90% of similar athletes".into(),
            points: s
                .band
                .iter()
                .map(|&(t, lo, hi)| (days(t), lo, hi))
                .collect(),
            colour: INK,
            opacity: 0.2,
        });
    }
    let band_text = match s.band.last().filter(|_| !areas.is_empty()) {
        Some((t, lo, hi)) => format!(
            "; in {:.0} days 10–90% of similar athletes between {lo:.1} and {hi:.1}{unit}",
            t / 24.0
        ),
        None => String::new(),
    };
    let description = format!(
        "{} over the last {:.0} days from the log and the next {:.0} days forecast{}{}",
        s.title,
        -t0 / 24.0,
        t1 / 24.0,
        now.map(|v| format!(", now {v:.1}{unit}"))
            .unwrap_or_default(),
        band_text
    );
    let mut lines = Vec::new();
    if past.len() > 1 {
        lines.push(Line {
            label: "from the log".into(),
            points: past,
            colour: INK,
            stroke: Stroke::Solid,
            width: 3,
        });
    }
    if future.len() > 1 {
        lines.push(Line {
            label: "forecast if nothing more is logged".into(),
            points: future,
            colour: INK,
            stroke: Stroke::Dashed,
            width: 3,
        });
    }
    figure(&Plot {
        title: s.title,
        now_text: now.map(|v| format!("now {v:.1}{unit}")),
        description,
        x_label: "days from now",
        y_label: if s.unit.is_empty() {
            s.title.to_string()
        } else {
            format!("{} ({})", s.title, s.unit)
        },
        x_range: (days(t0), days(t1).max(days(t0) + 1.0)),
        y_range: (s.y_min, s.y_max),
        x_tick: &days_from_now,
        y_decimals: 0,
        now_at: Some(0.0),
        zero_line: false,
        areas,
        lines,
        dots: Vec::new(),
    })
}

/// "12 Mar" for a day number.
fn short_date(day: i64) -> String {
    crate::data::date_of(day).format("%d %b").to_string()
}

/// Rounds `v` down (`up` false) or up to a multiple of `step`.
fn round_to(v: f64, step: f64, up: bool) -> f64 {
    if up {
        (v / step).ceil() * step
    } else {
        (v / step).floor() * step
    }
}

/// Morning lnRMSSD (dots), its 7-day mean (line) and the normal range (shaded), by date.
pub fn hrv(h: &HrvTrend) -> Markup {
    let x = |day: i64| (day - h.today) as f64;
    let dots: Vec<(f64, f64)> = h.days.iter().map(|v| (x(v.day), v.ln_rmssd)).collect();
    let mean: Vec<(f64, f64)> = h
        .days
        .iter()
        .filter_map(|v| v.baseline_ln_rmssd.map(|b| (x(v.day), b)))
        .collect();
    let band: Vec<(f64, f64, f64)> = h
        .days
        .iter()
        .filter_map(|v| Some((x(v.day), v.normal_low?, v.normal_high?)))
        .collect();
    let values = h
        .days
        .iter()
        .flat_map(|v| {
            [
                Some(v.ln_rmssd),
                v.normal_low,
                v.normal_high,
                v.baseline_ln_rmssd,
            ]
        })
        .flatten();
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (lo, hi) = if lo.is_finite() {
        (
            round_to(lo - 0.05, 0.1, false),
            round_to(hi + 0.05, 0.1, true),
        )
    } else {
        (3.0, 5.0)
    };
    let latest = h.days.last();
    let c = &h.config;
    let description = format!(
        "morning lnRMSSD over the last {} days ({} readings){}",
        crate::data::HRV_DAYS,
        h.days.len(),
        latest
            .map(|v| format!(", latest {:.2} on {}", v.ln_rmssd, short_date(v.day)))
            .unwrap_or_default()
    );
    let tick = |d: f64| short_date(h.today + d.round() as i64);
    let mut areas = Vec::new();
    if band.len() > 1 {
        areas.push(Area {
            label: format!(
                "normal range: {}-day mean ± {} SD",
                c.normal_days, c.width_sd
            ),
            points: band,
            colour: YELLOW,
            opacity: 0.75,
        });
    }
    let mut lines = Vec::new();
    if mean.len() > 1 {
        lines.push(Line {
            label: format!("{}-day mean", c.rolling_days),
            points: mean,
            colour: INK,
            stroke: Stroke::Solid,
            width: 3,
        });
    }
    figure(&Plot {
        title: "Morning HRV",
        now_text: latest.map(|v| {
            format!(
                "latest lnRMSSD {:.2} ({:.0} ms)",
                v.ln_rmssd,
                v.ln_rmssd.exp()
            )
        }),
        description,
        x_label: "date",
        y_label: "lnRMSSD (ln ms)".into(),
        x_range: (-(crate::data::HRV_DAYS as f64) + 1.0, 0.0),
        y_range: (lo, hi),
        x_tick: &tick,
        y_decimals: 1,
        now_at: None,
        zero_line: false,
        areas,
        lines,
        dots: vec![Dots {
            label: "a morning's reading".into(),
            points: dots,
            colour: GREY,
        }],
    })
}

/// Fitness (solid), fatigue (dashed) and form (shaded from zero) from session-RPE loads.
pub fn load(l: &LoadTrend) -> Markup {
    let n = l.days.len() as i64;
    let x = |i: usize| (i as i64 - (n - 1)) as f64;
    let fitness: Vec<(f64, f64)> = l
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| (x(i), d.fitness_au))
        .collect();
    let fatigue: Vec<(f64, f64)> = l
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| (x(i), d.fatigue_au))
        .collect();
    let form: Vec<(f64, f64, f64)> = l
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| (x(i), d.form_au.min(0.0), d.form_au.max(0.0)))
        .collect();
    let (lo, hi) = l.days.iter().fold((0.0f64, 10.0f64), |(a, b), d| {
        (
            a.min(d.form_au),
            b.max(d.fitness_au).max(d.fatigue_au).max(d.form_au),
        )
    });
    let step = if hi - lo > 200.0 { 50.0 } else { 10.0 };
    let today = l.days.last();
    let tick = |d: f64| short_date(l.today + d.round() as i64);
    let span = l.days.len().max(2) as f64;
    figure(&Plot {
        title: "Fitness, fatigue and form",
        now_text: today.map(|d| {
            format!(
                "today fitness {:.0}, fatigue {:.0}, form {:+.0} AU",
                d.fitness_au, d.fatigue_au, d.form_au
            )
        }),
        description: format!(
            "daily session-RPE load averaged over 42 days (fitness) and 7 days (fatigue), and form, over the last {} days{}",
            l.days.len(),
            today
                .map(|d| format!("; today fitness {:.0}, fatigue {:.0}, form {:+.0}", d.fitness_au, d.fatigue_au, d.form_au))
                .unwrap_or_default()
        ),
        x_label: "date",
        y_label: "load (AU)".into(),
        x_range: (-(span - 1.0), 0.0),
        y_range: (round_to(lo, step, false), round_to(hi * 1.05, step, true)),
        x_tick: &tick,
        y_decimals: 0,
        now_at: None,
        zero_line: true,
        areas: vec![Area {
            label: "form = yesterday's fitness − fatigue (shaded from 0)".into(),
            points: form,
            colour: YELLOW,
            opacity: 0.8,
        }],
        lines: vec![
            Line {
                label: "fitness (42-day)".into(),
                points: fitness,
                colour: INK,
                stroke: Stroke::Solid,
                width: 3,
            },
            Line {
                label: "fatigue (7-day)".into(),
                points: fatigue,
                colour: GREY,
                stroke: Stroke::Dashed,
                width: 2,
            },
        ],
        dots: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(title: &str) -> Series<'_> {
        Series {
            title,
            unit: "% of fresh",
            points: (-8..=4)
                .map(|k| (k as f64 * 6.0, 80.0 + k as f64))
                .collect(),
            y_min: 50.0,
            y_max: 100.0,
            band: (0..=4)
                .map(|k| (k as f64 * 6.0, 80.0 - k as f64, 80.0 + 2.0 * k as f64))
                .collect(),
        }
    }

    #[test]
    fn a_timeline_is_an_accessible_scalable_svg_with_its_band_and_now() {
        let html = timeline(&series("Force")).into_string();
        assert!(html.contains("<figure class=\"chart\">"));
        assert!(html.contains("now 80.0 % of fresh"), "{html}");
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("aria-label=\"Force: Force over the last 2 days"));
        assert!(html.contains("viewBox=\"0 0 720 260\""));
        // One root svg, no fixed size (it scales with CSS), no inline styles.
        assert!(!html.contains("<svg width="), "{html}");
        assert!(!html.contains("style="));
        assert!(html.contains("10–90% of similar athletes"));
        assert!(html.contains("<polygon"), "the band");
        assert!(
            html.contains(">\nnow\n</text>") || html.contains(">now<"),
            "{html}"
        );
        assert!(html.contains("days from now") && html.contains("% of fresh"));
    }

    #[test]
    fn text_in_charts_is_escaped() {
        let evil = "<script>alert(1)</script>";
        let mut s = series(evil);
        s.unit = evil;
        let html = timeline(&s).into_string();
        assert!(!html.contains(evil), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
