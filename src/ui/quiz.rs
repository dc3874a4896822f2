//! `<QuizView/>`: a self-check. Choice questions reveal the explanation once answered; number
//! questions ask for a prediction first and reveal the answer after checking (or on request).

use leptos::prelude::*;

use crate::lesson::{Quiz, QuizAnswer};
use crate::model::units::{parse_number, trim};

/// One self-check question.
#[component]
pub fn QuizView(
    /// The question, its answer and explanation.
    quiz: Quiz,
) -> impl IntoView {
    let Quiz { question, answer, explanation } = quiz;
    let answered = RwSignal::new(false);
    let body = match answer {
        QuizAnswer::Choice { choices, correct } => choice_body(choices, correct, answered).into_any(),
        QuizAnswer::Number { value, tolerance, unit } => number_body(value, tolerance, unit, answered).into_any(),
    };
    view! {
        <section class="quiz" data-testid="quiz" aria-label="Self-check">
            <p class="quiz-label">"Check yourself"</p>
            <p class="quiz-question" inner_html=question></p>
            {body}
            <div class="quiz-explanation" data-testid="quiz-explanation" hidden=move || !answered.get() inner_html=explanation></div>
        </section>
    }
}

fn choice_body(choices: Vec<String>, correct: usize, answered: RwSignal<bool>) -> impl IntoView {
    let picked = RwSignal::new(None::<usize>);
    let buttons = choices
        .into_iter()
        .enumerate()
        .map(|(i, html)| {
            let state = move || match picked.get() {
                Some(_) if i == correct => "right",
                Some(p) if p == i => "wrong",
                _ => "",
            };
            view! {
                <li>
                    <button
                        class=move || format!("quiz-choice {}", state())
                        aria-pressed=move || (picked.get() == Some(i)).to_string()
                        on:click=move |_| {
                            picked.set(Some(i));
                            answered.set(true);
                        }
                    >
                        <span inner_html=html></span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let verdict = move || {
        picked.get().map(|p| if p == correct { "Right." } else { "Not quite: the highlighted choice is right." })
    };
    view! {
        <ol class="quiz-choices">{buttons}</ol>
        <p class="quiz-verdict" data-testid="quiz-verdict" aria-live="polite">{verdict}</p>
    }
}

fn number_body(value: f64, tolerance: f64, unit: String, answered: RwSignal<bool>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let verdict = RwSignal::new(String::new());
    let expected = QuizAnswer::Number { value, tolerance, unit: unit.clone() };
    let answer_text = if tolerance > 0.0 {
        format!("{} (± {}) {unit}", trim(value), trim(tolerance))
    } else {
        format!("{} {unit}", trim(value))
    };
    let check = {
        let answer_text = answer_text.clone();
        move || {
            let message = match parse_number(&text.get_untracked()) {
                Ok(typed) if expected.accepts(typed) => format!("Right: {answer_text}."),
                Ok(_) => format!("Not quite: the answer is {answer_text}."),
                Err(e) => {
                    verdict.set(format!("Type your prediction first ({e})."));
                    return;
                }
            };
            verdict.set(message);
            answered.set(true);
        }
    };
    let check_on_enter = check.clone();
    view! {
        <div class="quiz-number">
            <label>
                "Your prediction "
                <input
                    type="text"
                    inputmode="decimal"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            check_on_enter();
                        }
                    }
                />
                " " {unit}
            </label>
            <button on:click=move |_| check()>"Check"</button>
            <button
                class="quiz-reveal"
                on:click=move |_| {
                    verdict.set(format!("The answer is {answer_text}."));
                    answered.set(true);
                }
            >
                "Reveal"
            </button>
        </div>
        <p class="quiz-verdict" data-testid="quiz-verdict" aria-live="polite">{move || verdict.get()}</p>
    }
}
