//! Self-checks come alive. The page already holds each self-check's markup
//! (`lesson::page::quiz_html`): the question, the choices or a field for a prediction, an empty
//! verdict line and the answer in a closed "Show the answer" disclosure. This module listens
//! to them all from the document: a choice marks itself right or wrong, a prediction is checked
//! against the answer with its tolerance, and either opens the disclosure. Nothing is drawn
//! again, so focus stays where it is and the verdict (`aria-live`) is the one thing announced.
//!
//! Part of the shell: every lesson has self-checks, and number parsing is shared with the
//! widgets, whose chunks are smaller for it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::lesson::QuizAnswer;
use crate::model::units::parse_number;

/// Starts listening to every self-check, now and on later pages. Safe to call twice.
pub fn listen() {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let _ = window_event_listener(leptos::ev::click, |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(quiz) = target.closest("section[data-quiz]").ok().flatten() else { return };
        if let Some(choice) = target.closest(".quiz-choice").ok().flatten() {
            pick(&quiz, &choice);
        } else if target.closest(".quiz-check").ok().flatten().is_some() {
            check(&quiz);
        }
    });
    let _ = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() != "Enter" {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if target.matches(".quiz-number input").unwrap_or(false)
            && let Some(quiz) = target.closest("section[data-quiz]").ok().flatten()
        {
            check(&quiz);
        }
    });
}

thread_local! {
    static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn elements(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn say(quiz: &Element, verdict: &str) {
    if let Some(line) = quiz.query_selector(".quiz-verdict").ok().flatten() {
        line.set_text_content(Some(verdict));
    }
}

fn reveal(quiz: &Element) {
    if let Some(answer) = quiz.query_selector("details.quiz-answer").ok().flatten() {
        let _ = answer.set_attribute("open", "");
    }
}

/// A choice was clicked: every choice shows whether it is the right one, the picked one is
/// pressed.
fn pick(quiz: &Element, picked: &Element) {
    let correct: Option<usize> = quiz.get_attribute("data-correct").and_then(|c| c.parse().ok());
    for (i, choice) in elements(quiz, ".quiz-choice").iter().enumerate() {
        let is_picked = choice == picked;
        let classes = choice.class_list();
        let _ = classes.toggle_with_force("right", Some(i) == correct);
        let _ = classes.toggle_with_force("wrong", is_picked && Some(i) != correct);
        let _ = choice.set_attribute("aria-pressed", if is_picked { "true" } else { "false" });
        if is_picked {
            say(quiz, if Some(i) == correct { "Right." } else { "Not quite: the highlighted choice is right." });
        }
    }
    reveal(quiz);
}

/// A prediction was submitted: right within the tolerance, or the answer.
fn check(quiz: &Element) {
    let number = |name: &str| quiz.get_attribute(name).and_then(|v| v.parse::<f64>().ok());
    let (Some(value), Some(tolerance)) = (number("data-value"), number("data-tolerance")) else { return };
    let answer_text = quiz.get_attribute("data-answer").unwrap_or_default();
    let typed = quiz
        .query_selector(".quiz-number input")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default();
    let expected = QuizAnswer::Number { value, tolerance, unit: String::new() };
    match parse_number(&typed) {
        Ok(n) if expected.accepts(n) => say(quiz, &format!("Right: {answer_text}.")),
        Ok(_) => say(quiz, &format!("Not quite: the answer is {answer_text}.")),
        Err(e) => return say(quiz, &format!("Type your prediction first ({e}).")),
    }
    reveal(quiz);
}
