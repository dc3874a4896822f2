//! Printing a lesson: each widget prints its current state with its tables showing. A chart's
//! table twin sits in a closed disclosure on screen; the print stylesheet opens it where the
//! browser lets CSS do so (`::details-content`), and this opens it for the others just before
//! printing and closes it again after, so the page on screen is left as it was.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Marks a disclosure opened for printing, to close it again afterwards.
const OPENED: &str = "data-print-opened";

/// Listens for printing, once for the life of the page.
pub fn listen() {
    let _ = window_event_listener(leptos::ev::Custom::<web_sys::Event>::new("beforeprint"), |_| {
        for details in all(".widget details:not([open])") {
            let _ = details.set_attribute(OPENED, "");
            let _ = details.set_attribute("open", "");
        }
    });
    let _ = window_event_listener(leptos::ev::Custom::<web_sys::Event>::new("afterprint"), |_| {
        for details in all(&format!("details[{OPENED}]")) {
            let _ = details.remove_attribute(OPENED);
            let _ = details.remove_attribute("open");
        }
    });
}

fn all(selector: &str) -> Vec<web_sys::Element> {
    let Ok(list) = document().query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
}
