//! Small shared form controls that turn DOM events into model inputs. They hold no maths and
//! check nothing themselves: the model reads every text and says what is wrong with it.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use crate::html;
use crate::html::Html;
use crate::model::widget::UrlState;

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A fresh DOM id with the given prefix, for pairing labels and messages with inputs.
pub fn fresh_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// Takes a field's text: `Ok` when it was used, or why it could not be (a sentence from the
/// model, which is the only validator).
pub type Apply = Callback<String, Result<(), String>>;

/// The scenario menu of a widget whose scenario replaces every value: its options (`none` for
/// values of the learner's own, selected when no scenario matches them) and what choosing one
/// does: each text field (`texts[i]`, showing key `keys[i]`) shows the scenario's value, then
/// the state takes them all.
pub fn scenario_menu<S: UrlState + Send + Sync + 'static, const M: usize, const N: usize>(
    state: RwSignal<S>,
    none: &'static str,
    scenarios: [(&'static str, &'static str); M],
    texts: [RwSignal<String>; N],
    keys: [&'static str; N],
) -> (Memo<Html>, Callback<String>) {
    let options = Memo::new(move |_| {
        let current = state.read().named().unwrap_or("");
        options_html(std::iter::once(("", none)).chain(scenarios), current)
    });
    let pick = Callback::new(move |name: String| {
        if let Some(next) = S::preset(&name) {
            for (text, key) in texts.iter().zip(keys) {
                text.set(next.get(key));
            }
            state.set(next);
        }
    });
    (options, pick)
}

/// The [`Apply`] of a field bound to one key of a widget's URL state: the model reads the text
/// (and says what is wrong with it), and the state changes only when it is right; `then` runs
/// on the changed state (e.g. to forget a scenario the state no longer is).
pub fn key_field<S: UrlState + Send + Sync + 'static>(
    state: RwSignal<S>,
    key: &'static str,
    then: fn(&mut S),
) -> Apply {
    Callback::new(move |text: String| {
        let mut next = state.with_untracked(|s| s.with(key, &text))?;
        then(&mut next);
        state.set(next);
        Ok(())
    })
}

/// A text input with a label, an optional unit after it, and an inline message when `apply`
/// refuses the text, so the widget keeps its last good result while the input is wrong. (Not
/// generic on purpose: one copy of this view in the bundle serves every field.)
#[component]
pub fn TextField(
    /// The visible label.
    label: &'static str,
    /// The text in the input; the owner may overwrite it (e.g. from a preset).
    text: RwSignal<String>,
    /// Takes every text typed, or says what is wrong with it.
    apply: Apply,
    /// `data-testid` of the input.
    #[prop(optional)]
    testid: &'static str,
    /// A unit shown after the input (`%`, `h`).
    #[prop(optional)]
    unit: &'static str,
    /// The `inputmode` hint for on-screen keyboards.
    #[prop(default = "decimal")]
    inputmode: &'static str,
) -> impl IntoView {
    let id = fresh_id("field");
    let message_id = format!("{id}-msg");
    let error = RwSignal::new(None::<String>);
    // A text the owner writes (a preset's) is a good one: its message goes.
    let typed = StoredValue::new(text.get_untracked());
    Effect::new(move |_| {
        if text.with(|t| *t != typed.get_value()) {
            error.set(None);
        }
    });
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <span class="field-input">
                <input
                    id=id
                    type="text"
                    inputmode=inputmode
                    autocomplete="off"
                    spellcheck="false"
                    data-testid=testid
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=message_id.clone()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        typed.set_value(value.clone());
                        error.set(apply.run(value.clone()).err());
                        text.set(value);
                    }
                />
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </span>
            <p class="field-message" id=message_id role="status" data-testid=format!("{testid}-message")>
                {move || error.get().map(|e| format!("{}. Showing the last valid value.", sentence(&e)))}
            </p>
        </div>
    }
}

/// A message as a sentence: its first letter in capitals (ASCII only: Unicode's case tables
/// would cost kilobytes for nothing here).
pub fn sentence(message: &str) -> String {
    let mut text = message.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// A string a view shows (as text or as an attribute) that follows the state. Every such
/// string of the step-through widgets goes through this one type, so the renderer's code for
/// it is in the bundle once; a closure per attribute would bring a copy each (several KB per
/// widget).
pub fn shown(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}

/// The one way into `inner_html`: markup made with [`html!`](crate::html!), escaped by
/// construction (a tidy test holds every `inner_html=` of the app to this). Read-only tables and
/// drawings are written this way because one string costs a fraction of the bundle that a tree
/// of reactive views would; anything a person operates is a view node instead.
pub fn markup(f: impl Fn() -> Html + Send + Sync + 'static) -> impl Fn() -> String + Send + Sync + 'static {
    move || f().into_string()
}

/// A labelled select. Its options arrive as markup (see [`options_html`]) and are rewritten only
/// when that text changes, so the select keeps its focus; `choose` receives each choice. (Not
/// generic on purpose, like [`TextField`]: one copy serves every select of every widget.)
#[component]
pub fn Choice(
    /// The visible label.
    label: &'static str,
    /// `data-testid` of the select.
    testid: &'static str,
    /// The `<option>`s, the chosen one marked `selected` (a memo, or a fixed string).
    #[prop(into)]
    options: Signal<Html>,
    /// Receives the value chosen.
    choose: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            {label}
            <select data-testid=testid inner_html=markup(move || options.get()) on:change=move |ev| choose.run(event_target_value(&ev))></select>
        </label>
    }
}

/// `<option>`s for a [`Choice`]: `(value, text)` pairs, the one equal to `current` selected.
pub fn options_html<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>, current: &str) -> Html {
    let mut h = Html::new();
    for (value, text) in options {
        if value == current {
            html!(h, r#"<option value="{}" selected>{}</option>"#, value, text);
        } else {
            html!(h, r#"<option value="{}">{}</option>"#, value, text);
        }
    }
    h
}
