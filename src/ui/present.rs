//! Presenter mode's door in the shell: a click on a widget's Present button, or a widget page
//! whose address says `present=1`, fetches presenter mode (a split point of its own, with the
//! QR code's encoder: [`super::presenter`]) and hands it the widget. Nothing else of it is in
//! the shell.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::app::BasePath;
use super::browser;
use super::presenter::{self, Host};
use super::share;
use crate::model::query;
use crate::present;

/// Opens presenter mode for the widget whose Present button is pressed, now and on later pages.
/// The one click listener of the widgets' buttons: it hands a press on Share or Copy to
/// [`share::press`] (each listener brings its own copy of the event code).
pub fn listen(host: Rc<Host>) {
    let base = BasePath(host.base.clone());
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if share::press(&target, &base) {
            return;
        }
        let Some(button) = target.closest(".widget-present").ok().flatten() else { return };
        let Some(section) = button.closest("section[data-widget]").ok().flatten() else { return };
        open(section, host.clone(), true);
    });
}

/// A page is in place: a widget page whose address says `present=1` presents its widget.
pub fn from_address(main: &Element, host: &Rc<Host>) {
    if !present::strip_present(query::decode(&browser::query())).1 {
        return;
    }
    let Some(section) = main.query_selector(".widget-page section[data-widget]").ok().flatten() else { return };
    open(section, host.clone(), false);
}

/// Fetches presenter mode and starts it; `gesture` when a person pressed the button (only
/// then may the page ask for the whole screen).
fn open(section: Element, host: Rc<Host>, gesture: bool) {
    let button = section.query_selector(".widget-present").ok().flatten();
    leptos::task::spawn_local(async move {
        if opened(section, host, gesture).await.is_err()
            && let Some(button) = button
        {
            button.set_text_content(Some("Present (could not load: try again)"));
        }
    });
}

/// Presenter mode, its chunk fetched first (with the `split` feature).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(present, wasm_split_path = ::leptos::wasm_split, fallible)]
fn opened(section: Element, host: Rc<Host>, gesture: bool) -> Result<(), SplitLoaderError> {
    presenter::open(section, host, gesture);
    Ok(())
}

/// Presenter mode.
#[cfg(not(feature = "split"))]
async fn opened(section: Element, host: Rc<Host>, gesture: bool) -> Result<(), SplitLoaderError> {
    presenter::open(section, host, gesture);
    Ok(())
}
