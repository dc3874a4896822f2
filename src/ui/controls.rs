//! Small shared form controls that turn DOM events into typed values. They hold no maths:
//! parsing is a function passed in (normally from `model`).

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A fresh DOM id with the given prefix, for pairing labels and messages with inputs.
pub fn fresh_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// Reads a field's text as a number, or says what is wrong with it.
pub type Parse = fn(&str) -> Result<f64, String>;

/// A text input with a label, an optional unit after it, and an inline message when the
/// text does not parse. `apply` runs only with a parsed value, so the widget keeps its last
/// good result while the input is invalid. (Not generic on purpose: one copy of this view in
/// the bundle serves every field.)
#[component]
pub fn TextField(
    /// The visible label.
    label: &'static str,
    /// The text in the input; the owner may overwrite it (e.g. from a preset).
    text: RwSignal<String>,
    /// Reads the text, or explains what is wrong with it.
    parse: Parse,
    /// Receives every value that parsed.
    apply: Callback<f64>,
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
    let error = Memo::new(move |_| parse(&text.get()).err());
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
                        if let Ok(parsed) = parse(&value) {
                            apply.run(parsed);
                        }
                        text.set(value);
                    }
                />
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </span>
            <p class="field-message" id=message_id role="status" data-testid=format!("{testid}-message")>
                {move || error.get().map(|e| format!("{e}. Showing the last valid value."))}
            </p>
        </div>
    }
}

/// Text made safe to put inside HTML (`&`, `<`, `>`, `"` escaped): the pages' own escaping.
pub use crate::lesson::page::escape;

/// A labelled select. Its options arrive as HTML (see [`options_html`]) and are rewritten only
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
    options: Signal<String>,
    /// Receives the value chosen.
    choose: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            {label}
            <select data-testid=testid inner_html=move || options.get() on:change=move |ev| choose.run(event_target_value(&ev))></select>
        </label>
    }
}

/// `<option>`s for a [`Choice`]: `(value, text)` pairs, the one equal to `current` selected.
pub fn options_html<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>, current: &str) -> String {
    let mut h = String::new();
    for (value, text) in options {
        let selected = if value == current { " selected" } else { "" };
        h.push_str(&format!(r#"<option value="{}"{selected}>{}</option>"#, escape(value), escape(text)));
    }
    h
}
