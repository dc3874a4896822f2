//! The Share control of every widget, brought to life. Each widget's place already holds it
//! (`lesson::embed::share_html`): a "Share" button (a disclosure, `aria-expanded`) and a hidden
//! panel with the link to this setup, the `<iframe>` snippet that embeds it, their "Copy"
//! buttons, "Open on its own page ↗" in a lesson, and a live line. This module listens to them
//! all from the document, like the self-checks: the button opens and closes the panel (Esc
//! closes it and returns to the button), a Copy button puts its field's text on the clipboard
//! (or, where the clipboard is refused, selects it for the reader to copy) and says so once.
//! [`follow`] keeps a panel on its widget's state, with absolute addresses built from where the
//! site is served (`lesson::embed` builds the link and the snippet).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use super::app::BasePath;
use crate::lesson::{WidgetKind, embed};

/// Starts listening to every Share control, now and on later pages. Safe to call twice.
pub fn listen(base: BasePath) {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let here = base.clone();
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(button) = target.closest(".share-toggle").ok().flatten() {
            let open = button.get_attribute("aria-expanded").as_deref() != Some("true");
            toggle(&button, open, &here);
        } else if let Some(button) = target.closest(".share-copy").ok().flatten() {
            copy(&button);
        }
    });
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "Escape" {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(panel) = target.closest(".share-panel").ok().flatten() else { return };
        if let Some(button) = toggle_of(&panel) {
            toggle(&button, false, &base);
            if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    });
}

thread_local! {
    static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The button that opens `panel`.
fn toggle_of(panel: &Element) -> Option<Element> {
    let section = panel.closest("section[data-widget]").ok().flatten()?;
    section.query_selector(".share-toggle").ok().flatten()
}

/// Opens or closes the panel of a Share button; an opened panel shows the current state.
fn toggle(button: &Element, open: bool, base: &BasePath) {
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let Some(id) = button.get_attribute("aria-controls") else { return };
    let Some(panel) = document().get_element_by_id(&id) else { return };
    if open {
        fill(&panel, base);
        let _ = panel.remove_attribute("hidden");
    } else {
        let _ = panel.set_attribute("hidden", "");
    }
}

/// Keeps the Share control of the widget at `section` on its state (`query`, encoded): the
/// plain Share link, and the panel's link, snippet and "Open on its own page" link.
pub fn follow(section: &Element, kind: WidgetKind, query: &str, base: &BasePath) {
    let path = base.href(&embed::widget_path(kind, query));
    if let Some(link) = section.query_selector(".widget-share").ok().flatten() {
        let _ = link.set_attribute("href", &path);
    }
    if let Some(panel) = section.query_selector(".share-panel").ok().flatten() {
        let _ = panel.set_attribute("data-query", query);
        fill(&panel, base);
    }
}

/// Writes the panel's fields from its widget and `data-query`: the absolute link, the snippet.
fn fill(panel: &Element, base: &BasePath) {
    let Some(kind) = panel.get_attribute("data-widget-kind").and_then(|id| WidgetKind::from_id(&id)) else { return };
    let query = panel.get_attribute("data-query").unwrap_or_default();
    let root = format!("{}{}", window().location().origin().unwrap_or_default(), base.0);
    let set = |selector: &str, value: &str| {
        if let Some(field) = panel.query_selector(selector).ok().flatten() {
            // The property, not the attribute: what the field shows and what is copied.
            let _ = js_sys::Reflect::set(&field, &JsValue::from_str("value"), &JsValue::from_str(value));
        }
    };
    set("[data-testid=share-url]", &format!("{root}{}", embed::widget_path(kind, &query)));
    set("[data-testid=share-code]", &embed::snippet(&root, kind, &query));
    if let Some(open) = panel.query_selector("[data-testid=share-open]").ok().flatten() {
        let _ = open.set_attribute("href", &base.href(&embed::widget_path(kind, &query)));
    }
}

/// Copies the text of the field a Copy button names, and says so in the panel's live line.
fn copy(button: &Element) {
    let Some(panel) = button.closest(".share-panel").ok().flatten() else { return };
    let Some(field) = button.get_attribute("data-copy").and_then(|id| document().get_element_by_id(&id)) else {
        return;
    };
    let text =
        js_sys::Reflect::get(&field, &JsValue::from_str("value")).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let what = if field.matches("textarea").unwrap_or(false) { "the embed code" } else { "the link" };
    let said = panel.query_selector(".share-said").ok().flatten();
    let say = move |text: String| {
        if let Some(line) = &said {
            line.set_text_content(Some(&text));
        }
    };
    say(String::new());
    let clipboard = js_sys::Reflect::get(&window(), &JsValue::from_str("navigator"))
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")))
        .ok()
        .filter(|c| c.is_object());
    let write = clipboard.and_then(|c| {
        let f: js_sys::Function = js_sys::Reflect::get(&c, &JsValue::from_str("writeText")).ok()?.dyn_into().ok()?;
        f.call1(&c, &JsValue::from_str(&text)).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    leptos::task::spawn_local(async move {
        let copied = match write {
            Some(promise) => JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        if copied {
            say(format!("Copied {what}."));
        } else {
            // No clipboard here (an old browser, or a frame that may not use it): the text is
            // selected for the reader to copy.
            select(&field);
            say(format!(
                "Your browser did not let the page copy {what}: it is selected, press Ctrl+C or ⌘C to copy it."
            ));
        }
    });
}

/// Focuses a field and selects all its text.
fn select(field: &Element) {
    if let Some(el) = field.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
    if let Ok(select) = js_sys::Reflect::get(field, &JsValue::from_str("select"))
        && let Ok(select) = select.dyn_into::<js_sys::Function>()
    {
        let _ = select.call0(field);
    }
}
