//! What every widget's model provides, so that every widget keeps the same conventions.
//!
//! [`UrlState`]: a widget's whole state lives in its URL. The model names its keys, reads one
//! key's text ([`UrlState::set`], the only validator of that field: views ask it, never repeat
//! its ranges) and writes one ([`UrlState::get`]). The provided methods build a state from query
//! pairs, collecting problems instead of stopping at the first ([`UrlState::from_query`]: a
//! `preset` first when the widget has scenarios, then the widget's `FIRST` keys, then the rest
//! in order), and write only what differs from the default, or from the scenario the state
//! still is ([`UrlState::to_query`]).
//!
//! [`Widget`]: its id, title and one-sentence description, and its figures at a state as a
//! plain table ([`Table`]), for the page before the live widget arrives.

use super::query::{self, ParamProblem};

/// The scenario methods of a [`UrlState`] whose scenarios are an enum with `ALL`, `name`,
/// `from_name` and `state`, written inside its `impl UrlState`: `preset` and `presets`, and
/// `scenario_label` and `named` (the scenario whose values these are exactly), unless the widget says how it names
/// its state (`scenarios!(Preset, lookup)` writes all but `named`). The enum also has `label`.
#[macro_export]
macro_rules! scenarios {
    ($preset:ident, lookup) => {
        fn preset(name: &str) -> Option<Self> {
            $preset::from_name(name).map($preset::state)
        }

        fn presets() -> Vec<&'static str> {
            $preset::ALL.map($preset::name).to_vec()
        }

        fn scenario_label(name: &str) -> Option<&'static str> {
            $preset::from_name(name).map($preset::label)
        }
    };
    ($preset:ident) => {
        $crate::scenarios!($preset, lookup);

        /// The scenario whose values these are, if any: changing any value leaves it.
        fn named(&self) -> Option<&'static str> {
            $preset::ALL.into_iter().find(|p| p.state() == *self).map($preset::name)
        }
    };
}

/// A widget's state as it lives in a URL query.
pub trait UrlState: Clone + PartialEq + Default {
    /// Every key, in the order [`UrlState::to_query`] writes them (`preset` first, for widgets
    /// with scenarios).
    const KEYS: &'static [&'static str];
    /// Keys applied before the others, whatever their place in the query (other values are
    /// checked against them).
    const FIRST: &'static [&'static str] = &[];

    /// Sets one field from its query text, or says why not. A refused value changes nothing,
    /// except in a list, which keeps the items it could read and names the others (a script
    /// with one bad step still runs the rest); no other field ever changes.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;

    /// One field as query text (every key but `preset`).
    fn get(&self, key: &str) -> String;

    /// The state a scenario's name stands for (widgets without scenarios: none).
    fn preset(_name: &str) -> Option<Self> {
        None
    }

    /// The names of the scenarios, for messages.
    fn presets() -> Vec<&'static str> {
        Vec::new()
    }

    /// A scenario's label for people (its name is for URLs), if the widget has that scenario.
    fn scenario_label(_name: &str) -> Option<&'static str> {
        None
    }

    /// The scenario this state still is, if any.
    fn named(&self) -> Option<&'static str> {
        None
    }

    /// Runs after every pair: the checks that need several fields (they fix what they report),
    /// and whether the state still is its scenario.
    fn settle(&mut self, _problems: &mut Vec<ParamProblem>) {}

    /// A state from query pairs (a URL's or a lesson directive's). A bad or unknown pair is
    /// skipped and reported; it never stops the rest.
    fn from_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> (Self, Vec<ParamProblem>) {
        let mut problems = Vec::new();
        let mut state = match pairs.iter().filter(|(k, _)| k.as_ref() == "preset").last() {
            Some((_, name)) => Self::preset(name.as_ref()).unwrap_or_else(|| {
                let known = Self::presets();
                let message = if known.is_empty() {
                    format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))
                } else {
                    format!("unknown scenario “{}”; use {}", name.as_ref(), known.join(", "))
                };
                problems.push(ParamProblem { key: "preset".into(), message });
                Self::default()
            }),
            None => Self::default(),
        };
        let first = pairs.iter().filter(|(k, _)| Self::FIRST.contains(&k.as_ref()));
        let rest = pairs.iter().filter(|(k, _)| !Self::FIRST.contains(&k.as_ref()));
        for (key, value) in first.chain(rest) {
            let key = key.as_ref();
            if key == "preset" {
                continue;
            }
            if let Err(message) = state.set(key, value.as_ref()) {
                problems.push(ParamProblem { key: key.to_string(), message });
            }
        }
        state.settle(&mut problems);
        (state, problems)
    }

    /// The query pairs of this state: its scenario if it still is one, then every key whose
    /// value differs from the scenario's (or, without one, from the default).
    fn to_query(&self) -> Vec<(&'static str, String)> {
        let named = self.named();
        let base = named.and_then(Self::preset).unwrap_or_default();
        let mut out: Vec<(&'static str, String)> = named.map(|n| ("preset", n.to_string())).into_iter().collect();
        for &key in Self::KEYS.iter().filter(|k| **k != "preset") {
            let value = self.get(key);
            if value != base.get(key) {
                out.push((key, value));
            }
        }
        out
    }

    /// The state as a query string (without `?`).
    fn query_string(&self) -> String {
        query::encode(&self.to_query())
    }

    /// A copy with one field set from its text, or why not: what a view's field does with the
    /// text the reader types.
    fn with(&self, key: &str, value: &str) -> Result<Self, String> {
        let mut next = self.clone();
        next.set(key, value)?;
        Ok(next)
    }
}

/// What the site knows of a widget besides its URL state.
pub trait Widget: UrlState {
    /// The stem used in directives, URLs (`/widgets/<id>`) and CSS (`.widget-<id>`).
    const ID: &'static str;
    /// A title for people.
    const TITLE: &'static str;
    /// One sentence on what the widget lets you do.
    const BLURB: &'static str;

    /// The figures the widget shows at this state, as a plain table (none: a widget whose
    /// figures do not fit one).
    fn twin(&self) -> Option<Table> {
        None
    }
}

/// A small table of plain text: a caption, column headings and rows (the first cell of each
/// row is its heading).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// Column headings.
    pub head: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// A URL key's text for an optional value: the value, or `none`.
pub fn or_none(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "none".to_string(), |v| v.to_string())
}
