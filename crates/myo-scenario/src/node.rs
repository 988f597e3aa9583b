//! A format-neutral value tree with optional source positions: what an event looks like before
//! the registry has checked it. TOML gives positions (so errors can name a line); JSON from the
//! store, the API or an importer gives none. One checker ([`crate::contract`]) reads both.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A value and where it starts in the source text (a byte offset), when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Option<usize>,
    pub value: Value,
}

/// The shapes a field can take.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    /// A TOML datetime, as written.
    Datetime(String),
    List(Vec<Node>),
    /// Keys in source order.
    Table(Vec<(String, Node)>),
}

impl Value {
    /// What the value is, for "expected a number, got a string" errors.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Bool(_) => "true or false",
            Value::Str(_) => "a string",
            Value::Datetime(_) => "a date and time",
            Value::List(_) => "a list",
            Value::Table(_) => "a table",
        }
    }

    /// The number, for either numeric shape.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(x) => Some(*x),
            _ => None,
        }
    }
}

impl Node {
    /// A value with no source position.
    pub fn new(value: Value) -> Node {
        Node { pos: None, value }
    }

    /// The table's entry `key`, when this is a table that has one.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Table(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string or datetime (times are given either way in TOML).
    pub fn time_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) | Value::Datetime(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// Converts JSON (the store's and the API's shape); `null` is refused with the field named.
    pub fn from_json(v: &serde_json::Value) -> Result<Node, String> {
        fn go(v: &serde_json::Value, path: &str) -> Result<Node, String> {
            use serde_json::Value as J;
            Ok(Node::new(match v {
                J::Null => {
                    return Err(format!(
                        "field `{path}`: null is not a value (leave the field out)"
                    ))
                }
                J::Bool(b) => Value::Bool(*b),
                J::Number(n) => match n.as_i64() {
                    Some(i) => Value::Int(i),
                    None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
                },
                J::String(s) => Value::Str(s.clone()),
                J::Array(items) => Value::List(
                    items
                        .iter()
                        .map(|x| go(x, path))
                        .collect::<Result<_, _>>()?,
                ),
                J::Object(map) => Value::Table(
                    map.iter()
                        .map(|(k, x)| {
                            let p = if path.is_empty() {
                                k.clone()
                            } else {
                                format!("{path}.{k}")
                            };
                            Ok((k.clone(), go(x, &p)?))
                        })
                        .collect::<Result<_, String>>()?,
                ),
            }))
        }
        go(v, "")
    }

    /// The same value as JSON (positions dropped; non-finite numbers become null, which the
    /// checker has refused before this is called).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Int(i) => J::from(*i),
            Value::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
            Value::Bool(b) => J::Bool(*b),
            Value::Str(s) | Value::Datetime(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Table(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The private field name under which the `toml` crate hands a datetime to `deserialize_any`.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        let spanned = toml::Spanned::<Value>::deserialize(d)?;
        let pos = Some(spanned.span().start);
        Ok(Node {
            pos,
            value: spanned.into_inner(),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        i64::try_from(u)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(Value::Float(x))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            items.push(n);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == TOML_DATETIME_FIELD {
                let text: String = map.next_value()?;
                return Ok(Value::Datetime(text));
            }
            let v = map.next_value::<Node>()?;
            entries.push((key, v));
        }
        Ok(Value::Table(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_nodes_carry_positions_and_datetimes() {
        #[derive(serde::Deserialize)]
        struct Doc {
            event: Vec<Node>,
        }
        let text = "[[event]]\nat = 2026-01-05T08:00:00Z\nkind = \"sleep\"\nhours = 8\n";
        let doc: Doc = toml::from_str(text).unwrap();
        let ev = &doc.event[0];
        assert_eq!(
            ev.get("at").unwrap().value,
            Value::Datetime("2026-01-05T08:00:00Z".into())
        );
        let hours = ev.get("hours").unwrap();
        assert_eq!(hours.value, Value::Int(8));
        assert_eq!(&text[hours.pos.unwrap()..hours.pos.unwrap() + 1], "8");
    }

    #[test]
    fn json_round_trips_and_null_is_named() {
        let v = serde_json::json!({"kind": "sleep", "hours": 7.5, "m": ["a"], "t": {"x": 1}});
        assert_eq!(Node::from_json(&v).unwrap().to_json(), v);
        let err = Node::from_json(&serde_json::json!({"t": {"x": null}})).unwrap_err();
        assert!(err.contains("`t.x`"), "{err}");
    }
}
