//! The file as written: every field optional and spanned, so that errors can name a line.
//! The header and query are read here; the athlete and events stay value trees for the
//! registry's checker (`contract`).

use serde::Deserialize;
use toml::Spanned;

use crate::node::Node;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub scenario: Option<RawHeader>,
    pub athlete: Option<Node>,
    #[serde(default)]
    pub event: Vec<Node>,
    pub query: Option<S<RawQuery>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub start: Option<S<toml::Value>>,
    pub defaults: Option<S<String>>,
    pub personal: Option<S<bool>>,
    pub time_zone: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuery {
    pub at: Option<Vec<S<toml::Value>>>,
    pub every: Option<S<String>>,
    pub until: Option<S<toml::Value>>,
    pub muscles: Option<Vec<S<String>>>,
}
