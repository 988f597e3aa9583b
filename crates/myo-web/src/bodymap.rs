//! The body map: front and back silhouettes with the 17 muscle groups as links, shaded by
//! readiness level with a colour-blind-safe palette (cividis), a hatch on groups to rest, and
//! each group's number written on it, so colour is never the only cue.

use maud::{html, Markup};

/// One region of the map: a group, which view, and an ellipse (centre and radii).
struct Region {
    group: &'static str,
    back: bool,
    cx: f64,
    cy: f64,
    rx: f64,
    ry: f64,
}

const fn r(group: &'static str, back: bool, cx: f64, cy: f64, rx: f64, ry: f64) -> Region {
    Region {
        group,
        back,
        cx,
        cy,
        rx,
        ry,
    }
}

/// Left side of the body; each is mirrored about x = 100 except centred ones.
const REGIONS: &[Region] = &[
    r("neck", false, 100.0, 68.0, 9.0, 7.0),
    r("shoulders", false, 66.0, 92.0, 14.0, 11.0),
    r("chest", false, 83.0, 108.0, 15.0, 12.0),
    r("biceps", false, 55.0, 128.0, 8.0, 18.0),
    r("forearms", false, 47.0, 176.0, 7.0, 21.0),
    r("abdominals", false, 100.0, 150.0, 15.0, 27.0),
    r("abductors", false, 69.0, 203.0, 7.0, 15.0),
    r("adductors", false, 92.0, 240.0, 6.0, 21.0),
    r("quadriceps", false, 77.0, 258.0, 11.0, 35.0),
    r("traps", true, 100.0, 84.0, 25.0, 11.0),
    r("shoulders", true, 66.0, 96.0, 13.0, 10.0),
    r("middle_back", true, 100.0, 117.0, 11.0, 15.0),
    r("lats", true, 79.0, 136.0, 10.0, 23.0),
    r("lower_back", true, 100.0, 160.0, 13.0, 13.0),
    r("triceps", true, 55.0, 130.0, 8.0, 18.0),
    r("forearms", true, 47.0, 176.0, 7.0, 21.0),
    r("glutes", true, 88.0, 205.0, 12.0, 14.0),
    r("hamstrings", true, 84.0, 260.0, 10.0, 33.0),
    r("calves", true, 83.0, 340.0, 8.0, 26.0),
];

/// Readiness bands (the advisor's levels): colour, text colour, and label.
pub fn band_colour(level: &str) -> (&'static str, &'static str) {
    match level {
        "rest" => ("#00224e", "#ffffff"),
        "light" => ("#575d6d", "#ffffff"),
        "moderate" => ("#a59c74", "#000000"),
        _ => ("#fee838", "#000000"),
    }
}

/// A group's display name: `lower_back` → `Lower back`.
pub fn display(group: &str) -> String {
    let spaced = group.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// What the map shows for one group.
pub struct Shade<'a> {
    pub group: &'a str,
    /// The number written on the region (readiness, or a soreness rating).
    pub value: f64,
    /// The band: rest, light, moderate or hard.
    pub level: &'a str,
    /// Where a click goes.
    pub href: String,
    /// The region's accessible name.
    pub label: String,
}

fn silhouette(dx: f64) -> Markup {
    let body = format!(
        "M{a},52 C{b},52 {b},60 {b},62 L{c},80 C{d},84 {d},100 {e},110 L{f},200 L{g},200 \
         L{h},150 L{i},190 L{j},380 L{k},380 L{l},230 L{m},230 L{n},380 L{o},380 L{p},190 \
         L{q},150 L{r},200 L{s},200 L{t},110 C{u},100 {u},84 {v},80 L{w},62 C{w},60 {w},52 {a},52 Z",
        a = dx + 100.0,
        b = dx + 90.0,
        c = dx + 60.0,
        d = dx + 48.0,
        e = dx + 46.0,
        f = dx + 38.0,
        g = dx + 52.0,
        h = dx + 62.0,
        i = dx + 64.0,
        j = dx + 70.0,
        k = dx + 92.0,
        l = dx + 97.0,
        m = dx + 103.0,
        n = dx + 108.0,
        o = dx + 130.0,
        p = dx + 136.0,
        q = dx + 138.0,
        r = dx + 148.0,
        s = dx + 162.0,
        t = dx + 154.0,
        u = dx + 152.0,
        v = dx + 140.0,
        w = dx + 110.0,
    );
    html! {
        circle cx=(dx + 100.0) cy="36" r="17" class="silhouette" {}
        path d=(body) class="silhouette" {}
    }
}

/// The smallest radius of a region's tap zone, in map units: 14 units are 44 px and more
/// where a phone shows one view 336 px wide or wider (the views stack there).
const TAP_RADIUS: f64 = 14.0;

/// The map, front and back (side by side, stacked on a phone); `shades` in any order, one per
/// group. Each region also has an invisible tap zone at least `TAP_RADIUS` across, under the
/// visible shapes, so a thumb reaches the small groups; a tap on a shape is always its own.
pub fn body_map(shades: &[Shade<'_>], id: &str) -> Markup {
    let mut labelled = std::collections::BTreeSet::new();
    let mut view = |back: bool| {
        let dx = if back { 220.0 } else { 0.0 };
        let name = if back { "Back" } else { "Front" };
        let hatch = format!("{id}-hatch-{}", name.to_lowercase());
        let regions: Vec<(&Region, &Shade<'_>)> = REGIONS
            .iter()
            .filter(|r| r.back == back)
            .filter_map(|r| shades.iter().find(|s| s.group == r.group).map(|s| (r, s)))
            .collect();
        let centres = |r: &Region| {
            if (r.cx - 100.0).abs() < 1e-9 {
                vec![r.cx]
            } else {
                vec![r.cx, 200.0 - r.cx]
            }
        };
        html! {
            svg viewBox=(format!("{dx} 0 200 400")) class="bodymap" role="group" aria-label=(name) {
                defs {
                    pattern id=(hatch) width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                        line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="1.5" {}
                    }
                }
                (silhouette(dx))
                text x=(dx + 100.0) y="396" text-anchor="middle" class="view-label" { (name) }
                // Tap zones first, so that every visible shape lies above all of them.
                @for (region, s) in &regions {
                    a href=(s.href) class="region tap" data-group=(s.group) tabindex="-1" aria-hidden="true" {
                        @for cx in centres(region) {
                            ellipse cx=(dx + cx) cy=(region.cy) rx=(region.rx.max(TAP_RADIUS)) ry=(region.ry.max(TAP_RADIUS)) class="hit" {}
                        }
                    }
                }
                @for (region, s) in &regions {
                    @let centred = (region.cx - 100.0).abs() < 1e-9;
                    @let (fill, ink) = band_colour(s.level);
                    @let first = labelled.insert(region.group);
                    a href=(s.href) aria-label=(s.label) class="region" data-group=(s.group) {
                        title { (s.label) }
                        @for cx in centres(region) {
                            ellipse cx=(dx + cx) cy=(region.cy) rx=(region.rx) ry=(region.ry) fill=(fill) class=(format!("lvl lvl-{}", s.level)) {}
                            @if s.level == "rest" {
                                ellipse cx=(dx + cx) cy=(region.cy) rx=(region.rx) ry=(region.ry) fill=(format!("url(#{hatch})")) class="hatch" {}
                            }
                        }
                        @if first || !centred {
                            text x=(dx + region.cx) y=(region.cy + 3.5) text-anchor="middle" fill=(ink) class="value" { (format!("{:.0}", s.value)) }
                        }
                    }
                }
            }
        }
    };
    let front = view(false);
    let back = view(true);
    html! {
        div.bodymap-pair id=(id) role="group" aria-label="Body map: muscle groups by readiness, front and back" {
            (front)
            (back)
        }
    }
}

/// The legend: each band's colour, pattern and words.
pub fn legend() -> Markup {
    html! {
        ul.legend {
            @for (level, words) in [("hard", "hard work"), ("moderate", "moderate work"), ("light", "light work only"), ("rest", "rest (hatched)")] {
                @let (fill, _) = band_colour(level);
                li {
                    svg width="16" height="16" aria-hidden="true" { rect width="16" height="16" fill=(fill) {} }
                    " " (words)
                }
            }
        }
    }
}
