//! The site's keyboard shortcuts: ← and → for the previous and next lesson, `?` for the list
//! of every shortcut (a `<dialog>` each page carries, written by `lesson::page`, with the
//! button at the foot of the table of contents that opens it too).
//!
//! A shortcut is a single key: it never fires with Ctrl, Alt or Meta held (the browser's and
//! the screen reader's own keys), while a dialog is open, while a widget is being presented
//! (`<html data-presenting>`: its clicker keys are its own), or while the focus is on
//! something that uses the key itself (see [`focus_is_free`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Listens for the shortcuts and for the shortcuts button, once for the life of the page.
pub fn listen() {
    let _ = window_event_listener(leptos::ev::keydown, |ev| {
        if !may_act(&ev) {
            return;
        }
        let handled = match ev.key().as_str() {
            "?" => focus_is_free(false) && open_shortcuts(),
            "ArrowLeft" if !ev.shift_key() => focus_is_free(true) && follow("prev"),
            "ArrowRight" if !ev.shift_key() => focus_is_free(true) && follow("next"),
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    let _ = window_event_listener(leptos::ev::click, |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if target.closest(".shortcuts-button").ok().flatten().is_some() {
            open_shortcuts();
        }
    });
}

/// Whether a site-wide shortcut (these, and search's `/` and `s`) may act on this key press at
/// all: no modifier but Shift, no input method composing, nobody handled it already, and the
/// keys are not someone else's (see [`busy`]). Each shortcut then asks [`focus_is_free`].
pub fn may_act(ev: &web_sys::KeyboardEvent) -> bool {
    !(ev.default_prevented() || ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.is_composing() || busy())
}

/// A dialog is open, or a widget is being presented: the keys are theirs.
fn busy() -> bool {
    let doc = document();
    doc.document_element().is_some_and(|root| root.has_attribute("data-presenting"))
        || doc
            .query_selector("dialog[open], [aria-modal=true]:not([hidden]), [role=dialog]:not([hidden])")
            .ok()
            .flatten()
            .is_some()
}

/// Whether the key can be the site's: the focus is on the page itself (body, `<main>`, a
/// heading), or, for `?`, also on a link or a button (neither types text). Never in a text
/// field, a select or anything editable; for the arrows also never on a control, inside a
/// widget (the step-through widgets step with them) or a region that scrolls sideways with them
/// (a wide table or code block has `tabindex="0"`).
pub fn focus_is_free(arrows: bool) -> bool {
    let Some(active) = document().active_element() else { return true };
    let tag = active.tag_name().to_ascii_lowercase();
    if matches!(tag.as_str(), "input" | "select" | "textarea")
        || active.closest("[contenteditable]:not([contenteditable=false])").ok().flatten().is_some()
    {
        return false;
    }
    if !arrows {
        return true;
    }
    let inside = |selector: &str| active.closest(selector).ok().flatten().is_some();
    if matches!(tag.as_str(), "body" | "html") || active.id() == "main" {
        return true;
    }
    !(matches!(tag.as_str(), "button" | "summary" | "details" | "audio" | "video")
        || inside(".widget")
        || inside("[role=slider], [role=tablist], [role=listbox], [role=menu], [role=radiogroup]")
        || (active.has_attribute("tabindex") && tag != "a" && !matches!(tag.as_str(), "h1" | "h2" | "h3" | "h4")))
}

/// Follows the page's previous or next link (`rel`), as a click would: the router changes the
/// page in place. False when there is none (the first or last lesson, or not a lesson).
fn follow(rel: &str) -> bool {
    let link = document().query_selector(&format!("main .pager a[rel={rel}]")).ok().flatten();
    match link.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(link) => {
            link.click();
            true
        }
        None => false,
    }
}

/// Opens the list of shortcuts as a modal dialog (Esc or its Close button closes it, and the
/// browser gives the focus back to where it was).
fn open_shortcuts() -> bool {
    let dialog =
        document().get_element_by_id("shortcuts").and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok());
    match dialog {
        Some(dialog) if !dialog.open() => {
            let shown = dialog.show_modal().is_ok();
            // The dialog itself takes the focus, so that reading starts at its title (the
            // browser would focus its last element, the Close button, scrolled into view).
            let _ = dialog.focus();
            shown
        }
        _ => false,
    }
}
