//! The app's own small router: which page a path shows ([`Page::from_path`]), which file holds
//! that page ([`Page::file`]), and clicks on internal links and back/forward turned into page
//! changes without a reload.
//!
//! Every internal link is a plain `<a href>` carrying the full path with the base; a link the
//! router does not handle (another origin, a new tab, a download, a modified click, an anchor on
//! the same page, a file the site serves as it is) is left to the browser.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// A page of the site, chosen by the path inside the base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/`
    Landing,
    /// `/lessons/<slug>`
    Lesson(String),
    /// `/widgets`
    Widgets,
    /// `/widgets/<id>` (its settings are in the query string).
    Widget(String),
    /// `/embed/<id>`: the widget alone, for another site's frame (its settings in the query).
    Embed(String),
    /// Anything else.
    NotFound,
}

impl Page {
    /// The page for a path inside the app (without the base, starting with `/`). A trailing
    /// slash is ignored; `.html` route copies count as their route.
    pub fn from_path(path: &str) -> Page {
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
                    Page::Widget(id.to_string())
                } else if let Some(id) = path.strip_prefix("/embed/").filter(|s| segment(s)) {
                    Page::Embed(id.to_string())
                } else {
                    Page::NotFound
                }
            }
        }
    }

    /// The route as the pages name it in `<main data-page>`: `""`, `lessons/x`, `widgets`,
    /// `widgets/x`, `embed/x`, `404`.
    pub fn route(&self) -> String {
        match self {
            Page::Landing => String::new(),
            Page::Lesson(slug) => format!("lessons/{slug}"),
            Page::Widgets => "widgets".to_string(),
            Page::Widget(id) => format!("widgets/{id}"),
            Page::Embed(id) => format!("embed/{id}"),
            Page::NotFound => "404".to_string(),
        }
    }

    /// The file that holds the page, below the base: `lessons/x.html`, `index.html`.
    pub fn file(&self) -> String {
        match self {
            Page::Landing => "index.html".to_string(),
            other => format!("{}.html", other.route()),
        }
    }
}

/// The page the address bar shows, for a site served under `base` (`""` or `"/tradeoffs"`).
pub fn current_page(base: &str) -> Page {
    let path = window().location().pathname().unwrap_or_default();
    match path.strip_prefix(base).filter(|p| p.is_empty() || p.starts_with('/')) {
        Some(p) => Page::from_path(p),
        None => Page::NotFound,
    }
}

/// Calls `go` once the address bar shows another page: `go(true)` after a click on an internal
/// link (the router has added the history entry), `go(false)` on back and forward. The
/// listeners stay for the life of the page.
pub fn listen(base: &str, go: impl Fn(bool) + Clone + 'static) {
    let prefix = format!("{base}/");
    let root = base.to_string();
    let back = go.clone();
    // (Dropping a listener's handle keeps the listener.)
    let _ = window_event_listener(leptos::ev::popstate, move |_| back(false));
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(url) = internal_link(&ev, &root, &prefix) {
            ev.prevent_default();
            if let Ok(history) = window().history() {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
            }
            go(true);
        }
    });
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
    // Files the site serves as they are (images, `robots.txt`) are not pages, and an embed
    // (a page without the site's chrome, for another site's frame) is opened by the browser.
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
    fn paths_choose_pages_and_files() {
        let cases = [
            ("", Page::Landing, "index.html"),
            ("/", Page::Landing, "index.html"),
            ("/index.html", Page::Landing, "index.html"),
            ("/lessons/cdns", Page::Lesson("cdns".into()), "lessons/cdns.html"),
            ("/lessons/cdns/", Page::Lesson("cdns".into()), "lessons/cdns.html"),
            ("/lessons/cdns.html", Page::Lesson("cdns".into()), "lessons/cdns.html"),
            ("/widgets", Page::Widgets, "widgets.html"),
            ("/widgets.html", Page::Widgets, "widgets.html"),
            ("/widgets/nines", Page::Widget("nines".into()), "widgets/nines.html"),
            ("/embed/queue", Page::Embed("queue".into()), "embed/queue.html"),
            ("/embed/queue/", Page::Embed("queue".into()), "embed/queue.html"),
            ("/embed/queue.html", Page::Embed("queue".into()), "embed/queue.html"),
            ("/embed", Page::NotFound, "404.html"),
            ("/embed/", Page::NotFound, "404.html"),
            ("/embed/a/b", Page::NotFound, "404.html"),
            ("/lessons", Page::NotFound, "404.html"),
            ("/lessons/", Page::NotFound, "404.html"),
            ("/lessons/a/b", Page::NotFound, "404.html"),
            ("/widgets/a/b", Page::NotFound, "404.html"),
            ("/nope", Page::NotFound, "404.html"),
        ];
        for (path, page, file) in cases {
            assert_eq!(Page::from_path(path), page, "{path}");
            assert_eq!(page.file(), file, "{path}");
        }
    }
}
