//! Thin wrappers over browser APIs: the deployment base path, the address bar, local storage,
//! fetching and parsing pages, and noticing when an element comes near the screen. Every call
//! tolerates a missing API (it then does nothing, or does its work at once).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The path the site is served under, as the post-build step wrote it on
/// `<body data-base>`: `""` at the root of a host, `"/tradeoffs"` under a sub-path.
pub fn take_base_path() -> String {
    document().body().and_then(|b| b.get_attribute("data-base")).unwrap_or_default().trim_end_matches('/').to_string()
}

/// Replaces the address bar's query without a new history entry or a navigation.
pub fn replace_query(query: &str) {
    let window = window();
    let Ok(path) = window.location().pathname() else { return };
    let hash = window.location().hash().unwrap_or_default();
    let url = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}

/// The address bar's query without `?`.
pub fn query() -> String {
    window().location().search().unwrap_or_default().trim_start_matches('?').to_string()
}

/// Reads a string from local storage (raw text, no JSON layer).
pub fn load(key: &str) -> Option<String> {
    window().local_storage().ok().flatten()?.get_item(key).ok().flatten()
}

/// Writes a string to local storage (ignored when storage is unavailable or full).
pub fn store(key: &str, value: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(key, value);
    }
}

/// Fetches a page of the site (same origin) and parses it. A page that answers 404 still
/// comes back when it is HTML (static hosts answer unknown paths with the site's 404 page).
/// Errors are sentences for the reader.
pub async fn fetch_page(url: &str) -> Result<web_sys::Document, String> {
    let failed = |what: &str| format!("Could not load this page ({what}). Check your connection and try again.");
    let response =
        JsFuture::from(window().fetch_with_str(url)).await.map_err(|_| failed("the network request failed"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed("no response"))?;
    if !response.ok() && response.status() != 404 {
        return Err(failed(&format!("the server answered {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable body"))?;
    let text = JsFuture::from(text).await.map_err(|_| failed("unreadable body"))?;
    let text = text.as_string().ok_or_else(|| failed("the body is not text"))?;
    let parser = web_sys::DomParser::new().map_err(|_| failed("no HTML parser"))?;
    parser.parse_from_string(&text, web_sys::SupportedType::TextHtml).map_err(|_| failed("not HTML"))
}

/// Resolves in a later task, once the browser has had the chance to paint and to handle input:
/// long work split at such points never blocks the page for long.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// Watches elements and calls `f` with each once it comes within `margin` of the screen
/// (a CSS margin such as `"600px 0px"`). Without IntersectionObserver, everything is near.
pub struct NearScreen {
    observer: Option<web_sys::IntersectionObserver>,
    // Kept alive as long as the observer may call it.
    _callback: Option<Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>>,
    fallback: Box<dyn Fn(web_sys::Element)>,
}

impl NearScreen {
    /// An observer that calls `f` once for each watched element that comes near.
    pub fn new(margin: &str, f: impl Fn(web_sys::Element) + Clone + 'static) -> NearScreen {
        let near = f.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
                for entry in entries.iter() {
                    let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
                    if entry.is_intersecting() {
                        let el = entry.target();
                        observer.unobserve(&el);
                        near(el);
                    }
                }
            },
        );
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin(margin);
        match web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
            Ok(observer) => NearScreen { observer: Some(observer), _callback: Some(callback), fallback: Box::new(f) },
            Err(_) => NearScreen { observer: None, _callback: None, fallback: Box::new(f) },
        }
    }

    /// Starts watching `el`.
    pub fn watch(&self, el: &web_sys::Element) {
        match &self.observer {
            Some(observer) => observer.observe(el),
            None => (self.fallback)(el.clone()),
        }
    }

    /// Stops watching everything (the page is going away).
    pub fn clear(&self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
    }
}

impl Drop for NearScreen {
    /// An observer must not call back into a closure that is gone.
    fn drop(&mut self) {
        self.clear();
    }
}
