//! Search, as the shell knows it: the Search button in the top bar and the `/` and `s` keys,
//! which open the search dialog. Everything else (the dialog, the index, ranking and snippets)
//! is in [`dialog`], a split point of its own fetched when search is first opened, and the
//! index file it fetches then; neither is part of the shell.
//!
//! The keys are ignored while the reader types in a field, with Ctrl, Alt or Meta held, while
//! a dialog is open, and in presenter mode (`<html data-presenting>`).

pub mod dialog;

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the reader is told when the search code cannot be fetched.
const FAILED: &str = "Search could not be loaded (offline?). Press Search to try again.";

/// Wires the Search button and the keys that open search. Called once by the shell, under its
/// root owner (the dialog lives under it).
pub fn wire(base: String) {
    let owner = Owner::current().unwrap_or_default();
    // A second press while the dialog's code is on its way does nothing more.
    let opening = Rc::new(Cell::new(false));
    let open = move || {
        if opening.replace(true) {
            return;
        }
        let (owner, base, opening) = (owner.clone(), base.clone(), opening.clone());
        leptos::task::spawn_local(async move {
            // Should its code not arrive (offline before a first visit), the next press asks
            // for it again.
            let opened = dialog::open(owner, base).await;
            opening.set(false);
            if let Some(button) = document().query_selector(".search-button").ok().flatten() {
                let _ = button.toggle_attribute_with_force("data-failed", opened.is_err());
            }
            // Said once, next to the button (a status the page carries from the start, so that
            // screen readers announce its text), and cleared when a later press succeeds.
            if let Some(said) = document().query_selector(".search-unavailable").ok().flatten() {
                let text = if opened.is_err() { FAILED } else { "" };
                if said.text_content().unwrap_or_default() != text {
                    said.set_text_content(Some(text));
                }
                // It covers a corner of the page, so it goes after a while; the button keeps
                // `data-failed` until a press works.
                if opened.is_err() {
                    set_timeout(
                        move || {
                            if said.text_content().as_deref() == Some(FAILED) {
                                said.set_text_content(Some(""));
                            }
                        },
                        std::time::Duration::from_secs(12),
                    );
                }
            }
        });
    };
    let click = open.clone();
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if target.is_some_and(|t| t.closest(".search-button").ok().flatten().is_some()) {
            click();
        }
    });
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.key() == "/" || ev.key() == "s")
            && crate::ui::keys::may_act(&ev)
            && crate::ui::keys::focus_is_free(false)
        {
            ev.prevent_default();
            open();
        }
    });
}
