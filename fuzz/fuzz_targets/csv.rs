#![no_main]
//! CSV: the first byte picks a layout's header, the rest are the rows.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const HEADERS: &[&[u8]] = &[
    b"end_date_time,activity_names,perceived_exertion,duration_min\n",
    b"effective_time_frame,fatigue,mood,readiness,sleep_duration_h,sleep_quality,soreness,soreness_area,stress\n",
    b"date,timestamp_measurement,HR,AVNN,SDNN,rMSSD,pNN50\n",
    b"Date Time Start,Date Time End,HR,ln(rMSSD),rMSSD\n",
    b"Date;Workout Name;Exercise Name;Set Order;Weight;Reps;RPE\n",
    b"title,start_time,exercise_title,set_index,set_type,weight_kg,reps\n",
    b"at,kind,sport,minutes,avg_hr,rpe,exercise,muscles,sets,reps,load_kg,hours,quality,rmssd_ms,soreness\n",
    // Plain RR files (one interval a line), with a header and without.
    b"rr_ms\n",
    b"1000\n980\n1010\n990\n1005\n995\n1002\n",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    common::run(HEADERS[pick as usize % HEADERS.len()], rest);
});
