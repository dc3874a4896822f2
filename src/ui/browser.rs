//! Thin wrappers over browser APIs: the deployment base path, the address bar, local
//! storage and the document title. Every call tolerates a missing API (it then does nothing).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The path the site is served under, without a trailing slash: `""` at the root of a host,
/// `"/tradeoffs"` under a sub-path. Provided as context by [`crate::App`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasePath(pub String);

impl BasePath {
    /// An absolute URL path for a route inside the app: `href("/lessons/x")`.
    pub fn href(&self, route: &str) -> String {
        format!("{}{}", self.0, route)
    }
}

/// The base path from context (empty outside the app, e.g. in component tests).
pub fn use_base() -> BasePath {
    use_context::<BasePath>().unwrap_or_default()
}

/// Reads the public URL Trunk writes into `<base data-trunk-public-url>` and removes the
/// element, so that in-page `#anchor` and relative lesson links resolve against the page's own
/// URL. Returns the path without its trailing slash (`""` for `/`).
pub fn take_base_path() -> String {
    let Some(base) = document().query_selector("base[href]").ok().flatten() else {
        return String::new();
    };
    let href = base.get_attribute("href").unwrap_or_default();
    base.remove();
    let path = if let Some(rest) = href.split_once("://").map(|(_, r)| r) {
        rest.find('/').map(|i| &rest[i..]).unwrap_or("/").to_string()
    } else {
        href
    };
    path.trim_end_matches('/').to_string()
}

/// Replaces the address bar's query without a new history entry or a navigation.
pub fn replace_query(query: &str) {
    let window = window();
    let Ok(path) = window.location().pathname() else { return };
    let hash = window.location().hash().unwrap_or_default();
    let url = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}

/// Sets the document title.
pub fn set_title(title: &str) {
    document().set_title(title);
}

/// Reads a string from local storage (raw text, no JSON layer).
pub fn load(key: &str) -> Option<String> {
    use gloo::storage::{LocalStorage, Storage};
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Writes a string to local storage (ignored when storage is unavailable or full).
pub fn store(key: &str, value: &str) {
    use gloo::storage::{LocalStorage, Storage};
    let _ = LocalStorage::raw().set_item(key, value);
}

/// Fetches a text file from the site (same origin). Errors are sentences for the reader.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = |what: &str| format!("could not load {url}: {what}");
    let response =
        JsFuture::from(window().fetch_with_str(url)).await.map_err(|_| failed("the network request failed"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed("no response"))?;
    if !response.ok() {
        return Err(failed(&format!("the server answered {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable body"))?;
    let text = JsFuture::from(text).await.map_err(|_| failed("unreadable body"))?;
    text.as_string().ok_or_else(|| failed("the body is not text"))
}

/// The absolute URL path of a route inside the app (`href("/lessons/x")` is
/// `/tradeoffs/lessons/x` under a sub-path). Every internal link goes through this; the
/// router ([`super::router`]) handles clicks on them.
pub fn href(route: &str) -> String {
    use_base().href(route)
}
