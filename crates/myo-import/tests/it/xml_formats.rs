//! TCX and GPX: laps and trackpoints, lap-only files, missing times or elevations, BOM, time
//! zones, and the same ride in FIT, TCX and GPX.

use myo_import::{ErrorKind, Format, Item};
use myo_model::Sport;

use crate::{activities, bytes, close, import, imported};

#[test]
fn the_same_ride_in_fit_tcx_and_gpx_agrees() {
    // sweatpy 2020-06-01: 96 FIT records and GPX points, 100 TCX trackpoints, 14:52:40Z to
    // 14:54:46Z; FIT 5 laps, TCX 5 laps.
    let fit = imported("multi-format/2020-06-01-16-52-40.fit");
    let tcx = imported("multi-format/activity_5039744860.tcx");
    let gpx = imported("multi-format/activity_5039744860.gpx");
    assert_eq!(
        (fit.format, tcx.format, gpx.format),
        (Format::Fit, Format::Tcx, Format::Gpx)
    );
    let (f, t, g) = (
        activities(&fit)[0],
        activities(&tcx)[0],
        activities(&gpx)[0],
    );
    assert_eq!(
        (f.samples.len(), t.samples.len(), g.samples.len()),
        (96, 100, 96)
    );
    assert_eq!((f.laps.len(), t.laps.len()), (5, 5));
    assert_eq!(f.start, t.start);
    assert_eq!(f.start, g.start);
    let span = |a: &myo_import::Activity| {
        let first = a.samples.iter().find_map(|s| s.time).unwrap();
        let last = a.samples.iter().rev().find_map(|s| s.time).unwrap();
        (last - first).num_seconds()
    };
    assert_eq!((span(f), span(t), span(g)), (126, 126, 126));
    assert!(close(t.elapsed_s, 126.0, 1e-9) && close(g.elapsed_s, 126.0, 1e-9));
    // Distance: the TCX repeats the device's; the GPX has only positions (gpxpy: 900.264 m
    // with the equatorial radius; the mean radius gives 0.11 % less).
    assert!(close(f.distance_m.unwrap(), 668.19, 1e-9));
    assert!(close(t.distance_m.unwrap(), 668.19, 1e-6));
    assert!(
        close(g.distance_m.unwrap(), 900.264 / 1.00112, 0.5),
        "{:?}",
        g.distance_m
    );
    // Heart rate agrees to a beat.
    assert!(close(f.avg_hr_bpm.unwrap(), t.avg_hr_bpm.unwrap(), 1.0));
    assert!(close(f.avg_hr_bpm.unwrap(), g.avg_hr_bpm.unwrap(), 1.0));
    for a in [f, t, g] {
        assert_eq!(a.sport, Sport::Cycle);
    }
}

#[test]
fn tcx_laps_trackpoints_and_extensions() {
    // tcxreader: 2 laps, trackpoints of both laps, distance 5692.01 m, 2401 s, max HR 172.
    let i = imported("tcx/tcxreader__cross-country-skiing_activity_1.tcx");
    let a = activities(&i)[0];
    assert_eq!(a.laps.len(), 2);
    assert_eq!(a.samples.len(), 486);
    assert_eq!(i.source_records, 486);
    assert!(close(a.distance_m.unwrap(), 5692.01, 1e-6));
    assert!(close(a.elapsed_s, 2401.0, 1.0), "{}", a.elapsed_s);
    assert_eq!(a.max_hr_bpm, Some(172.0));
    assert!(a.downhill.is_some(), "altitude gives a downhill estimate");
}

#[test]
fn tcx_lap_only_pool_swim() {
    // sport-activities-features: distance 1500 m, no positions; then without any trackpoints.
    let i = imported("tcx/saf__pool_swim-activity_1.tcx");
    let a = activities(&i)[0];
    assert_eq!(a.laps.len(), 1);
    assert_eq!(a.distance_m, Some(1500.0));
    assert!(close(a.moving_s.unwrap(), 1530.668, 1e-9));
    let text = String::from_utf8(bytes("tcx/saf__pool_swim-activity_1.tcx")).unwrap();
    let (head, rest) = text.split_once("<Track>").unwrap();
    let (_, tail) = rest.split_once("</Track>").unwrap();
    let laps_only = format!("{head}{tail}");
    let i = myo_import::parse("swim.tcx".as_ref(), laps_only.as_bytes()).unwrap();
    let a = activities(&i)[0];
    assert!(a.samples.is_empty());
    assert_eq!(a.distance_m, Some(1500.0));
    assert!(close(a.elapsed_s, 1530.668, 1e-9));
    assert_eq!(a.start.to_rfc3339(), "2022-08-26T16:35:13+00:00");
}

#[test]
fn bom_and_time_zones() {
    let text = "\u{feff}<?xml version=\"1.0\"?>\n<TrainingCenterDatabase><Activities>\
        <Activity Sport=\"Running\"><Id>2024-03-02T09:00:00+01:00</Id>\
        <Lap StartTime=\"2024-03-02T09:00:00+01:00\"><TotalTimeSeconds>1800</TotalTimeSeconds>\
        <DistanceMeters>5000</DistanceMeters><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm>\
        <Track><Trackpoint><Time>2024-03-02T09:00:00+01:00</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>\
        <Trackpoint><Time>2024-03-02T08:30:00Z</Time><HeartRateBpm><Value>160</Value></HeartRateBpm>\
        <Extensions><TPX><Watts>250</Watts></TPX></Extensions></Trackpoint></Track></Lap></Activity></Activities>\
        </TrainingCenterDatabase>";
    let i = myo_import::parse("tz.tcx".as_ref(), text.as_bytes()).unwrap();
    let a = activities(&i)[0];
    assert_eq!(a.start.to_rfc3339(), "2024-03-02T09:00:00+01:00");
    assert!(
        close(a.elapsed_s, 1800.0, 1e-9),
        "mixed zones are the same instant"
    );
    assert_eq!(a.avg_hr_bpm, Some(150.0));
    assert_eq!(a.samples[1].power_w, Some(250.0));
    assert_eq!(
        i.items[0].to_event().unwrap()["at"],
        "2024-03-02T09:00:00+01:00"
    );

    let zoneless = text.replace("+01:00", "").replace("08:30:00Z", "09:30:00");
    let i = myo_import::parse("tz.tcx".as_ref(), zoneless.as_bytes()).unwrap();
    assert!(
        i.warnings.iter().any(|w| w.message.contains("UTC")),
        "{:?}",
        i.warnings
    );

    // A GPX with a BOM is still recognised (upstream's file has only a waypoint).
    let e = import("gpx/unicode_with_bom.gpx").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NoData(_)), "{e}");
}

#[test]
fn gpx_tracks_missing_times_and_elevations() {
    // gpxpy: 296 points, 2-D length 4580.137 m (equatorial radius), start 14:23:59Z.
    let i = imported("gpx/cerknicko-jezero.gpx");
    let a = activities(&i);
    assert_eq!(i.source_records, 296);
    let length: f64 = a.iter().map(|a| a.distance_m.unwrap_or(0.0)).sum();
    assert!(close(length * 1.00112, 4580.137, 2.0), "{length}");
    assert_eq!(a[0].start.to_rfc3339(), "2010-08-05T14:23:59+00:00");
    assert!(a[0].downhill.is_some());

    let i = imported("gpx/cerknicko-jezero-without-elevations.gpx");
    assert!(activities(&i).iter().all(|a| a.downhill.is_none()));

    let i = imported("gpx/cerknicko-without-times.gpx");
    assert!(i
        .warnings
        .iter()
        .any(|w| w.message.contains("without times")));

    let i = imported("gpx/track-with-less-sec-time.gpx");
    assert_eq!(activities(&i)[0].sport, Sport::Run);

    let e = import("gpx/route.gpx").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NoData(_)), "{e}");
}

#[test]
fn malformed_xml_names_the_line() {
    let text = "<?xml version=\"1.0\"?>\n<gpx>\n<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\"></trkseg>\n</gpx>";
    let e = myo_import::parse("bad.gpx".as_ref(), text.as_bytes()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Xml(_)), "{e}");
    assert!(e.to_string().starts_with("bad.gpx:4"), "{e}");
    assert!(!matches!(
        myo_import::detect("x".as_ref(), text.as_bytes()),
        Format::Unknown
    ));
    let _ = Item::RrSeries;
}
