//! Downhill share and gradient from an altitude profile, and distances from positions.
//!
//! GPS and barometric altitude is noisy at the metre scale, so grades are taken over stretches
//! of at least [`STRETCH_M`] horizontally, and a stretch counts as downhill only below
//! [`DOWNHILL_BELOW_PCT`]: flat ground with jitter must not read as hills.

use chrono::{DateTime, Utc};

use crate::item::{Downhill, Sample};

/// Minimum horizontal length of a stretch over which a grade is measured.
pub const STRETCH_M: f64 = 50.0;
/// A stretch steeper than this (downwards) is downhill.
pub const DOWNHILL_BELOW_PCT: f64 = -2.0;

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance between two positions in degrees (haversine).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Fills `distance_m` from positions where the samples have none (GPX, TCX without
/// `DistanceMeters`). Returns the total, or `None` when there are no positions.
pub fn fill_distance_from_positions(samples: &mut [Sample]) -> Option<f64> {
    if samples.iter().any(|s| s.distance_m.is_some()) {
        return samples.iter().rev().find_map(|s| s.distance_m);
    }
    let mut total = 0.0;
    let mut last: Option<(f64, f64)> = None;
    let mut any = false;
    for s in samples.iter_mut() {
        if let (Some(lat), Some(lon)) = (s.lat_deg, s.lon_deg) {
            if let Some((la, lo)) = last {
                total += haversine_m(la, lo, lat, lon);
            }
            last = Some((lat, lon));
            s.distance_m = Some(total);
            any = true;
        }
    }
    any.then_some(total)
}

/// Downhill share (of the time, or of the distance when there are no times) and the mean
/// gradient of the downhill stretches. `None` without at least two points that have both
/// altitude and distance.
pub fn downhill(samples: &[Sample]) -> Option<Downhill> {
    let points: Vec<(f64, f64, Option<DateTime<Utc>>)> = samples
        .iter()
        .filter_map(|s| match (s.distance_m, s.altitude_m) {
            (Some(d), Some(a)) if d.is_finite() && a.is_finite() => Some((d, a, s.time)),
            _ => None,
        })
        .collect();
    if points.len() < 2 {
        return None;
    }
    let (mut total_w, mut down_w) = (0.0, 0.0);
    let (mut down_dist, mut down_drop) = (0.0, 0.0);
    let mut i = 0;
    let mut any_stretch = false;
    while i + 1 < points.len() {
        let (d0, a0, t0) = points[i];
        let mut j = i + 1;
        while j + 1 < points.len() && points[j].0 - d0 < STRETCH_M {
            j += 1;
        }
        let (d1, a1, t1) = points[j];
        let run = d1 - d0;
        // Time-weighted when both ends have times, else distance-weighted.
        let weight = match (t0, t1) {
            (Some(a), Some(b)) => ((b - a).num_milliseconds() as f64 / 1000.0).max(0.0),
            _ => run.max(0.0),
        };
        if run >= STRETCH_M / 2.0 {
            any_stretch = true;
            total_w += weight;
            let grade = (a1 - a0) / run * 100.0;
            if grade < DOWNHILL_BELOW_PCT {
                down_w += weight;
                down_dist += run;
                down_drop += a0 - a1;
            }
        }
        i = j;
    }
    if !any_stretch || total_w <= 0.0 {
        return None;
    }
    Some(Downhill {
        share_pct: 100.0 * down_w / total_w,
        gradient_pct: if down_dist > 0.0 {
            100.0 * down_drop / down_dist
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(points: &[(f64, f64)]) -> Vec<Sample> {
        points
            .iter()
            .map(|&(d, a)| Sample {
                distance_m: Some(d),
                altitude_m: Some(a),
                ..Sample::default()
            })
            .collect()
    }

    #[test]
    fn flat_with_jitter_is_not_downhill() {
        let s: Vec<_> = (0..200)
            .map(|i| (i as f64 * 10.0, if i % 2 == 0 { 100.0 } else { 100.6 }))
            .collect();
        let d = downhill(&profile(&s)).unwrap();
        assert_eq!(d.share_pct, 0.0);
    }

    #[test]
    fn out_and_back_on_a_ten_percent_hill_is_half_downhill_at_ten_percent() {
        let mut s: Vec<_> = (0..=100).map(|i| (i as f64 * 10.0, i as f64)).collect();
        s.extend((1..=100).map(|i| (1000.0 + i as f64 * 10.0, 100.0 - i as f64)));
        let d = downhill(&profile(&s)).unwrap();
        assert!((d.share_pct - 50.0).abs() < 1.0, "{d:?}");
        assert!((d.gradient_pct - 10.0).abs() < 0.1, "{d:?}");
    }

    #[test]
    fn no_altitude_gives_none() {
        let s = vec![Sample::default(); 10];
        assert_eq!(downhill(&s), None);
    }

    #[test]
    fn haversine_one_degree_of_latitude() {
        let d = haversine_m(45.0, 10.0, 46.0, 10.0);
        assert!((d - 111_195.0).abs() < 10.0, "{d}");
    }
}
