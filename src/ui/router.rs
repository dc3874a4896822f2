//! The app's own small router: which page a path shows ([`Page::from_path`]), the current
//! location as signals, and navigation without a page load for clicks on internal links and
//! for back/forward. The app has four flat routes, so this replaces a general router library
//! (and about 30 KB of gzipped WebAssembly).
//!
//! Every internal link is a plain `<a href>` carrying the full path with the base
//! ([`super::browser::href`]); a link the router does not handle (another origin, a new tab, a
//! download, a modified click, an anchor on the same page) is left to the browser.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// A page of the app, chosen by the path inside the base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/`
    Landing,
    /// `/lessons/<slug>`
    Lesson(String),
    /// `/widgets`
    Widgets,
    /// `/widgets/<id>`, with the query it was opened with (a link to other settings of the
    /// same widget opens them).
    Widget(String, String),
    /// Anything else.
    NotFound,
}

impl Page {
    /// The page for a path inside the app (without the base, starting with `/`) and its query
    /// (without `?`). A trailing slash is ignored; `.html` route copies count as their route.
    pub fn from_path(path: &str, query: &str) -> Page {
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix(".html").unwrap_or(path);
        let segment = |s: &str| !s.is_empty() && !s.contains('/');
        match path {
            "" | "/index" => Page::Landing,
            "/widgets" => Page::Widgets,
            _ => {
                if let Some(slug) = path.strip_prefix("/lessons/").filter(|s| segment(s)) {
                    Page::Lesson(slug.to_string())
                } else if let Some(id) = path.strip_prefix("/widgets/").filter(|s| segment(s)) {
                    Page::Widget(id.to_string(), query.to_string())
                } else {
                    Page::NotFound
                }
            }
        }
    }
}

/// The current location: the path with the base (as in the address bar) and the query
/// without `?`. Provided by [`provide_router`].
#[derive(Clone, Copy, Debug)]
pub struct Location {
    /// `location.pathname`.
    pub pathname: RwSignal<String>,
    /// `location.search` without its `?`.
    pub query: RwSignal<String>,
}

impl Location {
    fn read() -> (String, String) {
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        let query = location.search().unwrap_or_default().trim_start_matches('?').to_string();
        (path, query)
    }

    fn sync(self) {
        let (path, query) = Location::read();
        self.pathname.set(path);
        self.query.set(query);
    }
}

/// The location from context, or a fixed one read from the address bar outside the app
/// (component tests).
pub fn use_location() -> Location {
    use_context::<Location>().unwrap_or_else(|| {
        let (path, query) = Location::read();
        Location { pathname: RwSignal::new(path), query: RwSignal::new(query) }
    })
}

/// Starts routing for an app served under `base` (`""` or `"/tradeoffs"`): provides the
/// [`Location`] and returns the current page as a memo.
pub fn provide_router(base: String) -> Memo<Page> {
    let (path, query) = Location::read();
    let location = Location { pathname: RwSignal::new(path), query: RwSignal::new(query) };
    provide_context(location);
    // Back and forward.
    let on_pop = window_event_listener(leptos::ev::popstate, move |_| location.sync());
    let prefix = format!("{base}/");
    let root = base.clone();
    let on_click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(url) = internal_link(&ev, &root, &prefix) {
            ev.prevent_default();
            navigate(location, &url);
        }
    });
    on_cleanup(move || {
        on_pop.remove();
        on_click.remove();
    });
    Memo::new(move |_| {
        let path = location.pathname.get();
        let inside = path.strip_prefix(&base).filter(|p| p.is_empty() || p.starts_with('/'));
        match inside {
            Some(p) => Page::from_path(p, &location.query.get()),
            None => Page::NotFound,
        }
    })
}

/// Goes to `url` (a path with the base, maybe a query and a hash) with a new history entry.
pub fn navigate(location: Location, url: &str) {
    let window = window();
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
    }
    location.sync();
    // A new page starts at its top; a `#section` is scrolled to by the lesson once loaded.
    if !url.contains('#') {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The URL of the link a click should open inside the app, if it is one.
fn internal_link(ev: &web_sys::MouseEvent, root: &str, prefix: &str) -> Option<String> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    if link.get_attribute("target").is_some_and(|t| t != "_self") || link.has_attribute("download") {
        return None;
    }
    // An anchor element exposes its resolved URL's parts as properties.
    let part = |name: &str| js_sys::Reflect::get(&link, &JsValue::from_str(name)).ok()?.as_string();
    let here = window().location();
    if part("origin")? != here.origin().ok()? {
        return None;
    }
    let (path, search, hash) = (part("pathname")?, part("search")?, part("hash")?);
    if path != root && !path.starts_with(prefix) {
        return None; // Outside the app, e.g. a file beside it.
    }
    let same_page = here.pathname().ok()? == path && here.search().ok()? == search;
    if same_page && !hash.is_empty() {
        return None; // An anchor on this page: the browser scrolls to it.
    }
    // Files the site serves as they are (`content/…`, images) are not pages.
    let inside = &path[root.len()..];
    if !inside.is_empty() && inside != "/" && !inside.starts_with("/lessons/") && !inside.starts_with("/widgets") {
        return None;
    }
    Some(format!("{path}{search}{hash}"))
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn paths_choose_pages() {
        let cases = [
            ("", "", Page::Landing),
            ("/", "", Page::Landing),
            ("/index.html", "", Page::Landing),
            ("/lessons/cdns", "", Page::Lesson("cdns".into())),
            ("/lessons/cdns/", "", Page::Lesson("cdns".into())),
            ("/lessons/cdns.html", "", Page::Lesson("cdns".into())),
            ("/widgets", "", Page::Widgets),
            ("/widgets.html", "", Page::Widgets),
            ("/widgets/nines", "availability=99.9", Page::Widget("nines".into(), "availability=99.9".into())),
            ("/lessons", "", Page::NotFound),
            ("/lessons/", "", Page::NotFound),
            ("/lessons/a/b", "", Page::NotFound),
            ("/widgets/a/b", "", Page::NotFound),
            ("/nope", "", Page::NotFound),
        ];
        for (path, query, page) in cases {
            assert_eq!(Page::from_path(path, query), page, "{path}?{query}");
        }
    }
}
