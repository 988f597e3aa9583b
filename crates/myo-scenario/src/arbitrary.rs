//! Random valid events, generated from the registry (so a new field is covered the day it is
//! added): for the round-trip property tests here and in the store's suite.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::registry::{
    Field, FieldType, Kind, Rule, EXERCISE_FIELDS, EXERCISE_RULES, LIFT_FIELDS, LIFT_RULES,
};

fn number(min: f64, max: f64) -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::from(min)),
        Just(Value::from(max)),
        (min..=max).prop_map(|x| Value::from((x * 100.0).round() / 100.0)),
    ]
    .prop_map(move |v| {
        // Rounding may step just outside the range.
        let x = v.as_f64().unwrap_or(min).clamp(min, max);
        Value::from(x)
    })
    .boxed()
}

fn names(list: &'static [&'static str], max: usize) -> BoxedStrategy<Value> {
    proptest::sample::subsequence(list.to_vec(), 1..=max.min(list.len()))
        .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect()))
        .boxed()
}

fn value(f: &Field) -> BoxedStrategy<Value> {
    match f.ty {
        FieldType::Number { min, max } => number(min, max),
        FieldType::Integer { min, max } => (min..=max).prop_map(Value::from).boxed(),
        FieldType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        FieldType::Choice { names, .. } => proptest::sample::select(names.to_vec())
            .prop_map(Value::from)
            .boxed(),
        FieldType::Muscles => names(&myo_model::MuscleGroup::NAMES, 4),
        FieldType::Names { names: list, .. } => names(list, 3),
        FieldType::Ratings { min, max } => proptest::collection::btree_map(
            proptest::sample::select(myo_model::MuscleGroup::NAMES.to_vec()),
            number(min, max),
            1..4,
        )
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
        .boxed(),
        FieldType::Exercise => proptest::sample::select(vec![
            "Barbell Squat",
            "Bench Press",
            "Freehand Jump Squat",
            "Pullups",
        ])
        .prop_map(Value::from)
        .boxed(),
        FieldType::Exercises => {
            proptest::collection::vec(table(EXERCISE_FIELDS, EXERCISE_RULES), 1..3)
                .prop_map(|v| Value::Array(v.into_iter().map(Value::Object).collect()))
                .boxed()
        }
        FieldType::Lift => table(LIFT_FIELDS, LIFT_RULES)
            .prop_map(Value::Object)
            .boxed(),
    }
}

/// A table of `fields` obeying `rules`: each optional field present or not, required ones
/// always, exactly one of each `ExactlyOne` group, and what a present field needs.
fn table(fields: &'static [Field], rules: &'static [Rule]) -> BoxedStrategy<Map<String, Value>> {
    let picks: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|f| {
            let name = f.name.to_string();
            if f.required {
                value(f).prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value(f).prop_map(move |v| (name.clone(), v))).boxed()
            }
        })
        .collect();
    let chosen: Vec<BoxedStrategy<usize>> = rules
        .iter()
        .map(|r| match r {
            Rule::ExactlyOne(names) => (0..names.len()).boxed(),
            _ => Just(0).boxed(),
        })
        .collect();
    (picks, chosen)
        .prop_map(move |(picks, chosen)| {
            let mut m: Map<String, Value> = picks.into_iter().flatten().collect();
            for (rule, k) in rules.iter().zip(chosen) {
                if let Rule::ExactlyOne(names) = rule {
                    for (i, n) in names.iter().enumerate() {
                        if i != k {
                            m.remove(*n);
                        }
                    }
                    if !m.contains_key(names[k]) || m[names[k]] == Value::Bool(false) {
                        let f = fields.iter().find(|f| f.name == names[k]).expect("named");
                        let v = match f.ty {
                            FieldType::Bool => Value::Bool(true),
                            FieldType::Number { min, .. } => Value::from(min),
                            FieldType::Exercise => Value::from("Barbell Squat"),
                            FieldType::Muscles => Value::Array(vec![Value::from("biceps")]),
                            _ => Value::from(1),
                        };
                        m.insert(names[k].to_string(), v);
                    }
                }
            }
            for rule in rules {
                match *rule {
                    Rule::Needs(a, b) if m.contains_key(a) && !m.contains_key(b) => {
                        let f = fields.iter().find(|f| f.name == b).expect("named");
                        m.insert(b.to_string(), Value::from(f.range().map_or(1.0, |r| r.0)));
                    }
                    Rule::Above(a, b) => {
                        if let (Some(x), Some(y)) = (
                            m.get(a).and_then(Value::as_f64),
                            m.get(b).and_then(Value::as_f64),
                        ) {
                            if x <= y {
                                m.remove(b);
                            }
                        }
                    }
                    _ => {}
                }
            }
            m
        })
        .boxed()
}

/// A valid event of any kind in the contract's JSON shape, `kind` included.
pub fn event() -> BoxedStrategy<Value> {
    proptest::sample::select(Kind::ALL.to_vec())
        .prop_flat_map(|kind| {
            table(kind.fields(), kind.rules()).prop_map(move |mut m| {
                m.insert("kind".into(), Value::from(kind.name()));
                Value::Object(m)
            })
        })
        .boxed()
}
