//! Self-checks come alive. The page already holds each self-check's markup
//! (`lesson::page::quiz_html`): the question, the choices or a field for a prediction, an empty
//! verdict line and the answer in a closed "Show the answer" disclosure. This module listens
//! to them all from the document: a choice marks itself right or wrong, a prediction is checked
//! against the answer with its tolerance, and either opens the disclosure. Nothing is drawn
//! again, so focus stays where it is and the verdict (`aria-live`) is the one thing announced.
//! The first answer (since the page opened, or since "Try again") is kept in the learner's
//! progress ([`super::progress`]); a self-check answered on an earlier visit says so.
//!
//! Part of the shell: every lesson has self-checks, and number parsing is shared with the
//! widgets, whose chunks are smaller for it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::lesson::QuizAnswer;
use crate::model::units::parse_number;
use crate::progress::Outcome;

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
        } else if target.closest(".quiz-again").ok().flatten().is_some() {
            again(&quiz);
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
            answered(quiz, Some(i) == correct);
        }
    }
    reveal(quiz);
}

/// An answer was given: the first since the page opened (or since "Try again") is the one the
/// learner's progress keeps. Offers to try again.
fn answered(quiz: &Element, right: bool) {
    if !quiz.has_attribute("data-answered") {
        let _ = quiz.set_attribute("data-answered", "");
        super::progress::record(quiz, right);
    }
    again_line(quiz, "");
}

/// The line under the verdict: `note` (what was answered before) and a "Try again" button.
fn again_line(quiz: &Element, note: &str) {
    let doc = document();
    let line = match quiz.query_selector(".quiz-again-line").ok().flatten() {
        Some(line) => line,
        None => {
            let (Ok(line), Ok(text), Ok(button)) =
                (doc.create_element("p"), doc.create_element("span"), doc.create_element("button"))
            else {
                return;
            };
            let _ = line.set_attribute("class", "quiz-again-line");
            let _ = text.set_attribute("class", "quiz-before");
            let _ = text.set_attribute("data-testid", "quiz-before");
            let _ = button.set_attribute("type", "button");
            let _ = button.set_attribute("class", "quiz-again");
            button.set_text_content(Some("Try again"));
            let _ = line.append_child(&text);
            let _ = line.append_child(&button);
            match quiz.query_selector(".quiz-verdict").ok().flatten() {
                Some(verdict) => drop(verdict.after_with_node_1(&line)),
                None => drop(quiz.append_child(&line)),
            }
            line
        }
    };
    if let Some(text) = line.query_selector(".quiz-before").ok().flatten() {
        text.set_text_content(Some(note));
    }
}

/// "Try again": the self-check as it was before any answer; the next answer is kept.
fn again(quiz: &Element) {
    let _ = quiz.remove_attribute("data-answered");
    for choice in elements(quiz, ".quiz-choice") {
        let _ = choice.class_list().remove_2("right", "wrong");
        let _ = choice.set_attribute("aria-pressed", "false");
    }
    if let Some(input) = quiz
        .query_selector(".quiz-number input")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value("");
    }
    say(quiz, "");
    if let Some(answer) = quiz.query_selector("details.quiz-answer").ok().flatten() {
        let _ = answer.remove_attribute("open");
    }
    let first = quiz.query_selector(".quiz-choice, .quiz-number input").ok().flatten();
    if let Some(line) = quiz.query_selector(".quiz-again-line").ok().flatten() {
        line.remove();
    }
    if let Some(first) = first.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = first.focus();
    }
}

/// Self-checks the learner answered before (on an earlier visit) say so, with "Try again".
pub fn restore(main: &Element) {
    for quiz in elements(main, "section[data-quiz]") {
        if let Some(outcome) = super::progress::outcome(&quiz) {
            let _ = quiz.set_attribute("data-answered", "");
            let how = match outcome {
                Outcome::Right => "right",
                Outcome::Wrong => "not right",
            };
            again_line(&quiz, &format!("You answered this before: {how} on the first try."));
        }
    }
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
        Ok(n) if expected.accepts(n) => {
            say(quiz, &format!("Right: {answer_text}."));
            answered(quiz, true);
        }
        Ok(_) => {
            say(quiz, &format!("Not quite: the answer is {answer_text}."));
            answered(quiz, false);
        }
        Err(e) => return say(quiz, &format!("Type your prediction first ({e}).")),
    }
    reveal(quiz);
}
