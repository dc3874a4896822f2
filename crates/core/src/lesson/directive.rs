//! The lesson directives: the closed set of things a lesson can embed besides prose.
//!
//! # Widget
//!
//! A line on its own, at the top level of the file (not inside a list, quote or code block):
//!
//! ```text
//! {{#widget nines availability=99.95 panels=table,chart}}
//! ```
//!
//! The first word after `#widget` is the widget id (see [`WidgetKind`]); the rest are
//! `key=value` pairs separated by spaces, the same keys and values as the widget's shareable
//! URL (`/widgets/<id>?key=value&…`). A value containing spaces is written in double quotes.
//! Write `\{{#widget …}}` to show the text itself.
//!
//! # Self-check
//!
//! A fenced code block whose info string is `quiz`:
//!
//! ````text
//! ```quiz
//! ? The question (inline Markdown; may run over several lines)
//! - a wrong choice
//! + the right choice
//! > The explanation, revealed after answering (may span several lines).
//! ```
//! ````
//!
//! Exactly one `+` line. Or, to ask for a number before revealing it:
//! `= 43.2 ± 0.5 minutes` (`+-` also works; the tolerance and unit are optional) instead of
//! the choices.

use super::LessonError;
use crate::model::widget::{Table, UrlState, Widget};
use crate::model::{self, units};

/// Declares [`WidgetKind`] from the list of widgets ([`crate::for_each_widget!`]).
macro_rules! widget_kinds {
    ($( $(#[$attr:meta])* $Kind:ident $module:ident $State:ident, )*) => {
        /// Every widget a lesson can embed, in the order of the list.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum WidgetKind {
            $(
                $(#[$attr])*
                #[doc = concat!("The widget of `model::", stringify!($module), "`.")]
                $Kind,
            )*
        }

        impl WidgetKind {
            /// Every widget, in the order the widget index lists them.
            pub const ALL: &'static [WidgetKind] = &[$( $(#[$attr])* WidgetKind::$Kind, )*];

            /// The stem used in directives, URLs (`/widgets/<id>`) and CSS (`.widget-<id>`).
            pub fn id(self) -> &'static str {
                match self {
                    $( $(#[$attr])* WidgetKind::$Kind => <model::$module::$State as Widget>::ID, )*
                }
            }

            /// A human title.
            pub fn title(self) -> &'static str {
                match self {
                    $( $(#[$attr])* WidgetKind::$Kind => <model::$module::$State as Widget>::TITLE, )*
                }
            }

            /// One sentence on what the widget lets you do.
            pub fn blurb(self) -> &'static str {
                match self {
                    $( $(#[$attr])* WidgetKind::$Kind => <model::$module::$State as Widget>::BLURB, )*
                }
            }

            /// Problems with `params` for this widget (empty when all are understood).
            pub fn check_params(self, params: &[(String, String)]) -> Vec<String> {
                let problems = match self {
                    $( $(#[$attr])* WidgetKind::$Kind => model::$module::$State::from_query(params).1, )*
                };
                problems.into_iter().map(|p| p.to_string()).collect()
            }

            /// The keys of the widget's URL state, each with its default as query text (the
            /// `preset` key with the names of the scenarios instead).
            pub fn url_keys(self) -> Vec<(&'static str, String)> {
                fn keys<S: UrlState>() -> Vec<(&'static str, String)> {
                    let default = S::default();
                    S::KEYS
                        .iter()
                        .map(|&k| (k, if k == "preset" { S::presets().join(", ") } else { default.get(k) }))
                        .collect()
                }
                match self {
                    $( $(#[$attr])* WidgetKind::$Kind => keys::<model::$module::$State>(), )*
                }
            }

            /// The widget's scenarios in order, each as its URL name and its label for people
            /// (none for a widget without scenarios). Only names: no model code runs.
            pub fn scenarios(self) -> Vec<(&'static str, &'static str)> {
                fn named<S: UrlState>() -> Vec<(&'static str, &'static str)> {
                    S::presets().into_iter().map(|n| (n, S::scenario_label(n).unwrap_or(n))).collect()
                }
                match self {
                    $( $(#[$attr])* WidgetKind::$Kind => named::<model::$module::$State>(), )*
                }
            }

            /// The widget's figures at these settings (bad ones fall back to the defaults, as in
            /// the live widget).
            pub fn twin(self, params: &[(String, String)]) -> Option<Table> {
                match self {
                    $( $(#[$attr])* WidgetKind::$Kind => model::$module::$State::from_query(params).0.twin(), )*
                }
            }
        }
    };
}
crate::for_each_widget!(widget_kinds);

impl WidgetKind {
    /// Finds a widget by id.
    pub fn from_id(id: &str) -> Option<WidgetKind> {
        WidgetKind::ALL.iter().copied().find(|k| k.id() == id)
    }
}

/// A widget placed in a lesson: which one, and its preset parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetSpec {
    /// The widget.
    pub kind: WidgetKind,
    /// Preset parameters, in the order written.
    pub params: Vec<(String, String)>,
}

/// A self-check question.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    /// The question, as inline HTML.
    pub question: String,
    /// What the learner answers.
    pub answer: QuizAnswer,
    /// The explanation shown after answering, as HTML.
    pub explanation: String,
}

/// The kind of answer a quiz expects.
#[derive(Clone, Debug, PartialEq)]
pub enum QuizAnswer {
    /// Pick one of several choices.
    Choice {
        /// The choices as inline HTML, in order.
        choices: Vec<String>,
        /// Index of the right choice.
        correct: usize,
    },
    /// Type a number; right when within `tolerance` of `value`.
    Number {
        /// The expected value.
        value: f64,
        /// Accepted distance from `value`.
        tolerance: f64,
        /// Unit shown next to the input, possibly empty.
        unit: String,
    },
}

impl QuizAnswer {
    /// Whether a typed number answers a [`QuizAnswer::Number`] quiz correctly.
    pub fn accepts(&self, typed: f64) -> bool {
        match self {
            QuizAnswer::Number { value, tolerance, .. } => (typed - value).abs() <= tolerance + value.abs() * 1e-12,
            QuizAnswer::Choice { .. } => false,
        }
    }
}

/// Parses the inside of `{{#…}}` (without the braces). `line` is for error messages.
pub fn parse_directive(inner: &str, line: usize) -> Result<WidgetSpec, LessonError> {
    let Some(rest) = inner.strip_prefix("#widget") else {
        let name = inner.split_whitespace().next().unwrap_or(inner);
        return Err(LessonError::at(
            line,
            format!("unknown directive “{{{{{name}}}}}”: the only directive is {{{{#widget ID key=value …}}}}"),
        ));
    };
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return Err(LessonError::at(line, format!("unknown directive “{{{{{inner}}}}}”")));
    }
    let words = split_words(rest).map_err(|m| LessonError::at(line, m))?;
    let Some((id, pairs)) = words.split_first() else {
        return Err(LessonError::at(line, "{{#widget}} needs a widget id, e.g. {{#widget nines}}".to_string()));
    };
    let Some(kind) = WidgetKind::from_id(id) else {
        let known: Vec<&str> = WidgetKind::ALL.iter().map(|k| k.id()).collect();
        return Err(LessonError::at(line, format!("unknown widget “{id}”; known widgets: {}", known.join(", "))));
    };
    let mut params = Vec::new();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(LessonError::at(line, format!("widget parameter “{pair}” should be key=value")));
        };
        params.push((key.to_string(), value.to_string()));
    }
    let problems = kind.check_params(&params);
    if !problems.is_empty() {
        return Err(LessonError::at(line, format!("widget “{id}”: {}", problems.join("; "))));
    }
    Ok(WidgetSpec { kind, params })
}

/// Splits on spaces, keeping `"double quoted"` values (quotes removed) together.
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err("unclosed double quote in directive".to_string());
    }
    if started {
        words.push(current);
    }
    Ok(words)
}

/// Parses the body of a ```` ```quiz ```` block. `first_line` is the line of its first body line.
/// `render(text, block)` turns Markdown into HTML: inline (`block == false`) for the question
/// and choices, paragraphs for the explanation.
pub fn parse_quiz(
    body: &str,
    first_line: usize,
    mut render: impl FnMut(&str, bool) -> String,
) -> Result<Quiz, LessonError> {
    let mut question: Vec<&str> = Vec::new();
    let mut choices: Vec<(String, bool)> = Vec::new();
    let mut number: Option<(f64, f64, String)> = None;
    let mut explanation: Vec<&str> = Vec::new();
    let err = |offset: usize, msg: String| LessonError::at(first_line + offset, msg);
    for (offset, raw) in body.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(text) = line.strip_prefix('?') {
            if !choices.is_empty() || number.is_some() {
                return Err(err(offset, "quiz: the question (?) must come before the answers".into()));
            }
            question.push(text.trim());
        } else if let Some(text) = line.strip_prefix('>') {
            explanation.push(text.strip_prefix(' ').unwrap_or(text));
        } else if let Some(text) = line.strip_prefix("+ ").or_else(|| line.strip_prefix("- ")) {
            choices.push((render(text.trim(), false), line.starts_with('+')));
        } else if let Some(text) = line.strip_prefix('=') {
            number = Some(parse_expected_number(text).map_err(|m| err(offset, m))?);
        } else if !question.is_empty() && choices.is_empty() && number.is_none() && explanation.is_empty() {
            question.push(line);
        } else if !explanation.is_empty() {
            explanation.push(line);
        } else {
            return Err(err(offset, format!("quiz: cannot read “{line}”; lines start with ?, -, +, = or >")));
        }
    }
    if question.is_empty() {
        return Err(err(0, "quiz: missing the question line starting with ?".into()));
    }
    if explanation.is_empty() {
        return Err(err(0, "quiz: missing the explanation (lines starting with >)".into()));
    }
    let answer = match (number, choices.is_empty()) {
        (Some(_), false) => return Err(err(0, "quiz: use either choices (- / +) or a number (=), not both".into())),
        (Some((value, tolerance, unit)), true) => QuizAnswer::Number { value, tolerance, unit },
        (None, true) => return Err(err(0, "quiz: no answer: add choices (- wrong, + right) or = NUMBER".into())),
        (None, false) => {
            let right: Vec<usize> = choices.iter().enumerate().filter(|(_, c)| c.1).map(|(i, _)| i).collect();
            if right.len() != 1 {
                return Err(err(0, format!("quiz: mark exactly one right choice with +, found {}", right.len())));
            }
            if choices.len() < 2 {
                return Err(err(0, "quiz: a choice question needs at least two choices".into()));
            }
            QuizAnswer::Choice { correct: right[0], choices: choices.into_iter().map(|c| c.0).collect() }
        }
    };
    Ok(Quiz {
        question: render(&question.join(" "), false),
        answer,
        explanation: render(&explanation.join("\n"), true),
    })
}

/// `43.2 ± 0.5 minutes` → (43.2, 0.5, "minutes").
fn parse_expected_number(text: &str) -> Result<(f64, f64, String), String> {
    let text = text.trim().replace("+-", "±").replace("+/-", "±");
    let (value_part, rest) = match text.split_once('±') {
        Some((v, r)) => (v.trim().to_string(), Some(r.trim().to_string())),
        None => {
            let mut it = text.splitn(2, char::is_whitespace);
            let v = it.next().unwrap_or("").to_string();
            (v, it.next().map(|u| format!("0 {}", u.trim())))
        }
    };
    let value = units::parse_number(&value_part).map_err(|e| format!("quiz: expected answer: {e}"))?;
    let (tolerance, unit) = match rest {
        None => (0.0, String::new()),
        Some(rest) => {
            let mut it = rest.splitn(2, char::is_whitespace);
            let tol = it.next().unwrap_or("");
            let tolerance = units::parse_number(tol).map_err(|e| format!("quiz: tolerance: {e}"))?;
            if tolerance < 0.0 {
                return Err("quiz: the tolerance cannot be negative".into());
            }
            (tolerance, it.next().unwrap_or("").trim().to_string())
        }
    };
    Ok((value, tolerance, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str, _block: bool) -> String {
        s.to_string()
    }

    #[test]
    fn widget_directives() {
        let spec = parse_directive("#widget nines availability=99.95 panels=table,chart", 3).unwrap();
        assert_eq!(spec.kind, WidgetKind::Nines);
        assert_eq!(spec.params[0], ("availability".to_string(), "99.95".to_string()));
        let quoted = parse_directive("#widget nines budget=\"43m 12s\"", 1).unwrap();
        assert_eq!(quoted.params[0].1, "43m 12s");
        for bad in [
            "#widget",
            "#widget  ",
            "#widget teapot",
            "#widget nines availability",
            "#widget nines availability=abc",
            "#include x",
            "#widgets nines",
            "#widget nines budget=\"1h",
        ] {
            let err = parse_directive(bad, 7).unwrap_err();
            assert_eq!(err.line, Some(7), "{bad}");
        }
        assert!(
            parse_directive("#widget teapot", 1).unwrap_err().message.contains("known widgets: nines, cdn-latency")
        );
        assert!(parse_directive("#widget cdn-latency preset=200ms-10-images hit_ratio=0.5", 1).is_ok());
        assert!(parse_directive("#widget cdn-latency hit_ratio=1.5", 1).is_err());
    }

    #[test]
    fn choice_quiz() {
        let quiz = parse_quiz("? Which is\nhigher?\n- 99 %\n+ 99.9 %\n> Three nines\n> beat two.", 10, plain).unwrap();
        assert_eq!(quiz.question, "Which is higher?");
        assert_eq!(quiz.answer, QuizAnswer::Choice { choices: vec!["99 %".into(), "99.9 %".into()], correct: 1 });
        assert_eq!(quiz.explanation, "Three nines\nbeat two.");
    }

    #[test]
    fn number_quiz() {
        let quiz = parse_quiz("? Minutes?\n= 43.2 ± 0.5 minutes\n> Because.", 1, plain).unwrap();
        assert_eq!(quiz.answer, QuizAnswer::Number { value: 43.2, tolerance: 0.5, unit: "minutes".into() });
        assert!(quiz.answer.accepts(43.6));
        assert!(!quiz.answer.accepts(43.8));
        let exact = parse_quiz("? n?\n= 3\n> x", 1, plain).unwrap();
        assert!(exact.answer.accepts(3.0));
        let unit = parse_quiz("? n?\n= 3 nines\n> x", 1, plain).unwrap();
        assert_eq!(unit.answer, QuizAnswer::Number { value: 3.0, tolerance: 0.0, unit: "nines".into() });
        let ascii = parse_quiz("? n?\n= 1_000 +- 10 ms\n> x", 1, plain).unwrap();
        assert!(ascii.answer.accepts(1009.0));
    }

    #[test]
    fn malformed_quizzes_are_errors_with_lines() {
        for bad in [
            "- a\n+ b\n> why",             // no question
            "? q\n- a\n+ b",               // no explanation
            "? q\n- a\n- b\n> why",        // no right answer
            "? q\n+ a\n+ b\n> why",        // two right answers
            "? q\n+ a\n> why",             // one choice
            "? q\n> why",                  // no answer
            "? q\n= abc\n> why",           // bad number
            "? q\n= 1 ± -2\n> why",        // negative tolerance
            "? q\n+ a\n- b\n= 3\n> why",   // both kinds
            "? q\n+ a\n- b\n? again\n> w", // question after answers
            "? q\n+ a\n- b\nstray\n> why", // stray line
        ] {
            assert!(parse_quiz(bad, 5, plain).is_err(), "{bad:?}");
        }
    }
}
