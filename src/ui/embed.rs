//! A widget in an embed (`/embed/<id>?…`, in another site's `<iframe>`): the page has no site
//! chrome, its widget takes its state from the address like a widget's own page (without the
//! frame's settings, `lesson::embed::FRAME_KEYS`), and keeps it there. This module reads those
//! settings and tells the host page how tall the content is, so that it can size the frame:
//!
//! ```js
//! addEventListener("message", (e) => {
//!   if (e.data?.type === "tradeoffs:height") frame.height = e.data.height; // CSS pixels
//! });
//! ```
//!
//! The message goes to the parent window whenever the content's height changes (a widget's
//! panel opens, the live widget replaces its static place); a host that ignores it keeps the
//! snippet's height, and the embed scrolls inside. That code is a split point of its own
//! (`embed`), fetched only on an embed page ([`post_heights`]).

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::browser;
use crate::lesson::embed;
use crate::model::query;

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "tradeoffs:height";

/// Whether the page is an embed.
pub fn is_embed() -> bool {
    document().query_selector("main.embed").ok().flatten().is_some()
}

/// The frame's settings in the address (`theme=…`), to keep beside the widget's state.
pub fn frame_settings() -> Vec<(String, String)> {
    embed::split_frame(query::decode(&browser::query())).0
}

/// The widget's settings in the address: the rest.
pub fn widget_settings() -> Vec<(String, String)> {
    embed::split_frame(query::decode(&browser::query())).1
}

/// The theme the address asks for, if any (`Some(true)` for dark).
pub fn asked_theme() -> Option<bool> {
    embed::frame_theme(&frame_settings()).map(|t| t == "dark")
}

/// Posts the content's height to the parent window now and whenever it changes (only inside a
/// frame), its code fetched first. The observer lives as long as the page.
pub fn post_heights() {
    if !framed() {
        return;
    }
    leptos::task::spawn_local(async {
        // Without its code (offline before a first visit) the host keeps the snippet's height.
        let _ = posting().await;
    });
}

/// The height posting, its chunk fetched first (with the `split` feature).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(embed, wasm_split_path = ::leptos::wasm_split, fallible)]
fn posting() -> Result<(), SplitLoaderError> {
    observe();
    Ok(())
}

/// The height posting.
#[cfg(not(feature = "split"))]
async fn posting() -> Result<(), SplitLoaderError> {
    observe();
    Ok(())
}

/// Whether the page is in another page's frame.
fn framed() -> bool {
    let window = window();
    window.parent().ok().flatten().is_some_and(|parent| !js_sys::Object::is(&parent, &window))
}

fn observe() {
    let Ok(Some(parent)) = window().parent() else { return };
    let Some(body) = document().body() else { return };
    let last = std::cell::Cell::new(-1.0_f64);
    let measured = body.clone();
    let post = Closure::<dyn FnMut()>::new(move || {
        let height = measured.get_bounding_client_rect().height().ceil();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("type"), &JsValue::from_str(HEIGHT_MESSAGE));
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("height"), &JsValue::from_f64(height));
        // Any host may embed the widget, and the message says nothing private: its height.
        let _ = parent.post_message(&message, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    post.forget();
}
