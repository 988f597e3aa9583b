//! Timelines as hand-built SVG: one series over hours relative to now, the past solid (from
//! the log) and the forecast dashed, with a marker at now and labelled axes.

use maud::{html, Markup};

pub struct Series<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    /// (hours from now, value).
    pub points: Vec<(f64, f64)>,
    pub y_min: f64,
    pub y_max: f64,
}

const W: f64 = 600.0;
const H: f64 = 160.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

fn path(points: &[(f64, f64)], x: &dyn Fn(f64) -> f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut d = String::new();
    for (i, (t, v)) in points.iter().enumerate() {
        d.push_str(&format!(
            "{}{:.1},{:.1} ",
            if i == 0 { "M" } else { "L" },
            x(*t),
            y(*v)
        ));
    }
    d
}

pub fn timeline(s: &Series<'_>) -> Markup {
    let (t0, t1) = s
        .points
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), (t, _)| (a.min(*t), b.max(*t)));
    let span = (t1 - t0).max(1.0);
    let x = move |t: f64| LEFT + (t - t0) / span * (W - LEFT - RIGHT);
    let y_span = (s.y_max - s.y_min).max(1e-9);
    let y = move |v: f64| {
        TOP + (1.0 - (v.clamp(s.y_min, s.y_max) - s.y_min) / y_span) * (H - TOP - BOTTOM)
    };
    let past: Vec<(f64, f64)> = s
        .points
        .iter()
        .copied()
        .filter(|(t, _)| *t <= 1e-9)
        .collect();
    let future: Vec<(f64, f64)> = s
        .points
        .iter()
        .copied()
        .filter(|(t, _)| *t >= -1e-9)
        .collect();
    let days: Vec<f64> = ((t0 / 24.0).ceil() as i64..=(t1 / 24.0).floor() as i64)
        .map(|d| d as f64 * 24.0)
        .collect();
    let last = s.points.iter().find(|(t, _)| t.abs() < 1e-9).map(|p| p.1);
    html! {
        figure.chart {
            figcaption { (s.title) @if let Some(v) = last { " — now " strong { (format!("{v:.1}")) } " " (s.unit) } }
            svg viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(format!("{} over the last and next days", s.title)) {
                line x1=(LEFT) y1=(y(s.y_min)) x2=(W - RIGHT) y2=(y(s.y_min)) class="axis" {}
                line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(y(s.y_min)) class="axis" {}
                text x=(LEFT - 4.0) y=(y(s.y_max) + 4.0) text-anchor="end" class="tick" { (format!("{:.0}", s.y_max)) }
                text x=(LEFT - 4.0) y=(y(s.y_min)) text-anchor="end" class="tick" { (format!("{:.0}", s.y_min)) }
                @for d in &days {
                    line x1=(x(*d)) y1=(TOP) x2=(x(*d)) y2=(y(s.y_min)) class="grid" {}
                    text x=(x(*d)) y=(H - 8.0) text-anchor="middle" class="tick" {
                        @if d.abs() < 1e-9 { "now" } @else { (format!("{:+.0} d", d / 24.0)) }
                    }
                }
                path d=(path(&past, &x, &y)) class="series past" {}
                path d=(path(&future, &x, &y)) class="series forecast" {}
                line x1=(x(0.0)) y1=(TOP) x2=(x(0.0)) y2=(y(s.y_min)) class="now" {}
            }
        }
    }
}
