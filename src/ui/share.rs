//! The Share control of every widget, brought to life. Each widget's place already holds it
//! (`lesson::embed::share_html`): a "Share" button (a disclosure, `aria-expanded`) and a hidden
//! panel with the link to this setup, the `<iframe>` snippet that embeds it, their "Copy"
//! buttons, "Open on its own page ↗" in a lesson, and a live line. The shell listens to them
//! all from the document, like the self-checks, and keeps each control on its widget's state
//! ([`follow`]: the plain Share link and the panel's `data-query`). Everything else is a split
//! point of its own (`share`, fetched when a Share button or Escape in a panel is first used):
//! the button opens and closes the panel (Esc closes it and returns to the button), an opened
//! panel shows absolute addresses built from where the site is served (`lesson::embed` builds
//! the link and the snippet), and a Copy button puts its field's text on the clipboard (or,
//! where the clipboard is refused, selects it for the reader to copy) and says so once.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use super::app::BasePath;
use crate::lesson::{WidgetKind, embed};

/// What the reader did to a Share control.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    /// Pressed a Share button or a Copy button.
    Press,
    /// Pressed Escape inside a panel.
    Escape,
    /// The state changed while the panel is open: fill it again.
    Fill,
}

/// Starts listening to Escape in every Share panel, now and on later pages (a press on a Share
/// or Copy button comes through [`press`], from the click listener the widgets' buttons share:
/// [`super::present::listen`]). Safe to call twice.
pub fn listen(base: BasePath) {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "Escape" {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(panel) = target.closest(".share-panel").ok().flatten() {
            act(panel, Act::Escape, &base);
        }
    });
}

/// A click on the page: acts when it was on a Share or Copy button (returns whether it was).
pub fn press(target: &Element, base: &BasePath) -> bool {
    let Some(button) = target.closest(".share-toggle, .share-copy").ok().flatten() else { return false };
    act(button, Act::Press, base);
    true
}

thread_local! {
    static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Fetches the Share control's code (the first time) and hands it what the reader did. Should
/// the code not arrive (offline before a first visit), the panel opens and says so; the next
/// press asks again.
fn act(el: Element, what: Act, base: &BasePath) {
    let base = base.clone();
    leptos::task::spawn_local(async move {
        if acted(el.clone(), what, base).await.is_err()
            && what == Act::Press
            && let Some(panel) = panel_of(&el)
        {
            let _ = panel.remove_attribute("hidden");
            if let Some(line) = panel.query_selector(".share-said").ok().flatten() {
                line.set_text_content(Some("Sharing could not be loaded (you may be offline): try again."));
            }
        }
    });
}

/// The Share control's work, its chunk fetched first (with the `split` feature).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(share, wasm_split_path = ::leptos::wasm_split, fallible)]
fn acted(el: Element, what: Act, base: BasePath) -> Result<(), SplitLoaderError> {
    work(&el, what, &base);
    Ok(())
}

/// The Share control's work.
#[cfg(not(feature = "split"))]
async fn acted(el: Element, what: Act, base: BasePath) -> Result<(), SplitLoaderError> {
    work(&el, what, &base);
    Ok(())
}

fn work(el: &Element, what: Act, base: &BasePath) {
    match what {
        Act::Press if el.class_list().contains("share-toggle") => {
            let open = el.get_attribute("aria-expanded").as_deref() != Some("true");
            toggle(el, open, base);
        }
        Act::Press => copy(el),
        Act::Escape => {
            if let Some(button) = toggle_of(el) {
                toggle(&button, false, base);
                if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        }
        Act::Fill => fill(el, base),
    }
}

/// Keeps the Share control of the widget at `section` on its state (`query`, encoded): the
/// plain Share link and the panel's `data-query` at once, and an open panel's link, snippet
/// and "Open on its own page" link (a panel fills itself when it opens).
pub fn follow(section: &Element, kind: WidgetKind, query: &str, base: &BasePath) {
    if let Some(link) = section.query_selector(".widget-share").ok().flatten() {
        let _ = link.set_attribute("href", &base.href(&embed::widget_path(kind, query)));
    }
    if let Some(panel) = section.query_selector(".share-panel").ok().flatten() {
        let _ = panel.set_attribute("data-query", query);
        if !panel.has_attribute("hidden") {
            act(panel, Act::Fill, base);
        }
    }
}

/// The button that opens `panel`.
fn toggle_of(panel: &Element) -> Option<Element> {
    let section = panel.closest("section[data-widget]").ok().flatten()?;
    section.query_selector(".share-toggle").ok().flatten()
}

/// The panel a Share button controls (`aria-controls`), looked for in the button's own widget
/// place, so that another place with the same id elsewhere in the document is never taken.
fn panel_of(button: &Element) -> Option<Element> {
    let id = button.get_attribute("aria-controls")?;
    let section = button.closest("section[data-widget]").ok().flatten()?;
    section.query_selector(&format!(r#"[id="{id}"]"#)).ok().flatten()
}

/// Opens or closes the panel of a Share button; an opened panel shows the current state.
fn toggle(button: &Element, open: bool, base: &BasePath) {
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let Some(panel) = panel_of(button) else { return };
    if open {
        fill(&panel, base);
        let _ = panel.remove_attribute("hidden");
    } else {
        let _ = panel.set_attribute("hidden", "");
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
