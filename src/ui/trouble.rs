//! When things go wrong: a panic shows a panel with a reload link instead of leaving a page
//! whose controls silently stopped answering, and a short notice says when something this
//! browser had saved could not be read and was reset. Both are built with DOM calls and text
//! nodes (never markup), and neither needs anything else of the app to work.

use std::cell::Cell;

use leptos::prelude::document;
use wasm_bindgen::JsCast;

thread_local! {
    static CRASHED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the panic hook: the message goes to the console, as before, and the page shows
/// [`show_crash`].
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash(&info.to_string());
    }));
    // A development build can be made to panic on purpose, to see the panel: `?panic=now`.
    #[cfg(debug_assertions)]
    if super::browser::query().split('&').any(|pair| pair == "panic=now") {
        panic!("a panic asked for with ?panic=now (development builds only)");
    }
}

fn element(tag: &str, class: &str, text: &str) -> Option<web_sys::Element> {
    let el = document().create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Some(el)
}

/// The panel a panic shows (once): what happened in plain words, a link that reloads this very
/// address, and the technical message behind a disclosure.
pub fn show_crash(message: &str) {
    if CRASHED.with(|c| c.replace(true)) {
        return;
    }
    let Some(body) = document().body() else { return };
    let build = || -> Option<web_sys::Element> {
        let panel = element("div", "crash", "")?;
        panel.set_attribute("role", "alert").ok()?;
        panel.set_attribute("data-testid", "crash").ok()?;
        let said = element("p", "", "")?;
        said.append_child(&web_sys::Node::from(element("strong", "", "Something went wrong. ")?)).ok()?;
        said.append_child(
            &document().create_text_node("The widgets on this page stopped answering. Your reading progress is saved."),
        )
        .ok()?;
        panel.append_child(&said).ok()?;
        let reload = element("a", "crash-reload", "Reload the page")?;
        let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        reload.set_attribute("href", &here).ok()?;
        reload.set_attribute("data-testid", "crash-reload").ok()?;
        let line = element("p", "", "")?;
        line.append_child(&reload).ok()?;
        panel.append_child(&line).ok()?;
        let details = element("details", "", "")?;
        details.append_child(&web_sys::Node::from(element("summary", "", "What happened")?)).ok()?;
        details.append_child(&web_sys::Node::from(element("pre", "", message)?)).ok()?;
        panel.append_child(&details).ok()?;
        Some(panel)
    };
    if let Some(panel) = build() {
        let _ = body.append_child(&panel);
        if let Some(link) =
            panel.query_selector("a").ok().flatten().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = link.focus();
        }
    }
}

/// A short notice at the foot of the screen, with a button that closes it; several stack.
pub fn notice(text: &str) {
    let Some(body) = document().body() else { return };
    let stack = match document().query_selector(".site-notices").ok().flatten() {
        Some(stack) => stack,
        None => {
            let Some(stack) = element("div", "site-notices", "") else { return };
            let _ = body.append_child(&stack);
            stack
        }
    };
    let build = || -> Option<web_sys::Element> {
        let note = element("div", "site-notice", "")?;
        note.set_attribute("role", "status").ok()?;
        note.set_attribute("data-testid", "site-notice").ok()?;
        note.append_child(&web_sys::Node::from(element("p", "", text)?)).ok()?;
        let close = element("button", "site-notice-close", "Dismiss")?;
        close.set_attribute("type", "button").ok()?;
        let target = note.clone();
        let on_click = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || target.remove());
        close.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()).ok()?;
        on_click.forget();
        note.append_child(&close).ok()?;
        Some(note)
    };
    if let Some(note) = build() {
        let _ = stack.append_child(&note);
    }
}
