//! The shell: what runs when the app starts, and what happens when the page changes.
//!
//! Every page arrives as complete HTML (written at build time by `lesson::page`): the reader
//! sees the text before any WebAssembly has loaded. The shell then takes the page over without
//! drawing it again: it wires the chrome ([`super::nav`]), listens to the self-checks
//! ([`super::quiz`]), shows and keeps the learner's progress ([`super::progress`]), wires
//! search ([`super::search`]), brings the page's widgets to life ([`super::islands`]) and opens
//! presenter mode when asked ([`super::present`]). A click on an internal link fetches that route's
//! HTML file and swaps its `<main>` in, with the title, description and current-page marks;
//! back and forward do the same. A fetched page stays in the HTTP cache, so a reload or the
//! next visit costs nothing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::app::{self, BasePath};
use super::browser;
use super::islands::Islands;
use super::nav;
use super::presenter::Host;
use super::router::{self, Page};

/// The running app.
struct Shell {
    base: String,
    islands: Islands,
    /// What presenter mode needs from the shell (set once the shell is up).
    present: RefCell<Option<Rc<Host>>>,
    /// Counts page changes, so that a slow fetch for a page already left is dropped.
    visit: Cell<u32>,
}

/// Starts the app on the page the browser has loaded.
pub fn start() {
    let base = browser::take_base_path();
    // Leptos's task executor, which effects (the chrome's theme) and fetches run on; Leptos
    // starts it only in its own mount functions. Starting it twice is harmless.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let root = Owner::new();
    root.set();
    let theme = nav::wire_chrome();
    app::provide(BasePath(base.clone()), theme);
    super::quiz::listen();
    super::keys::listen();
    super::print::listen();
    super::progress::listen(super::quiz::restore);
    super::share::listen(BasePath(base.clone()));
    if super::embed::is_embed() {
        super::embed::post_heights();
    }
    super::search::wire(base.clone());
    super::widgets::keep_kit();
    let shell = Rc::new(Shell { islands: Islands::new(root), base, present: RefCell::new(None), visit: Cell::new(0) });
    let (remount, sink) = (shell.clone(), shell.clone());
    let host = Rc::new(Host {
        base: shell.base.clone(),
        theme,
        remount: Box::new(move |el, live| remount.islands.remount(el, live)),
        sink: Box::new(move |el| sink.islands.sink(el)),
    });
    super::present::listen(host.clone());
    *shell.present.borrow_mut() = Some(host);
    // The router's listeners hold the shell for the life of the page.
    let go = shell.clone();
    router::listen(&shell.base, move |pushed| go.clone().open(pushed));
    shell.arrive();
    // The page says it is live (tests and tools wait for this).
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-shell", "live");
    }
}

impl Shell {
    /// The page the browser loaded: adopted as it is when it is the page the address names
    /// (or the host's not-found page); fetched otherwise (a development server that answers
    /// every path with the landing page).
    fn arrive(self: Rc<Self>) {
        let page = router::current_page(&self.base);
        let Some(main) = main() else { return };
        let served = main.get_attribute("data-page").unwrap_or_default();
        if served == page.route() || served == "404" {
            self.settle(&main);
        } else {
            self.open(false);
        }
    }

    /// Shows the page the address bar names, fetching its HTML. `pushed` when a link was
    /// followed (a new page starts at its top), not when the reader went back or forward.
    fn open(self: Rc<Self>, pushed: bool) {
        let page = router::current_page(&self.base);
        self.load(page.file(), page.route(), pushed);
    }

    /// Fetches `file` (the page of `route`) and shows it.
    fn load(self: Rc<Self>, file: String, route: String, pushed: bool) {
        let visit = self.visit.get() + 1;
        self.visit.set(visit);
        let url = format!("{}/{file}", self.base);
        leptos::task::spawn_local(async move {
            let fetched = browser::fetch_page(&url).await;
            if self.visit.get() != visit {
                return; // Another page was asked for meanwhile.
            }
            match fetched {
                Ok(doc) => {
                    let served = doc.get_element_by_id("main").and_then(|m| m.get_attribute("data-page"));
                    if served.as_deref().is_some_and(|s| s == route || s == "404") {
                        self.swap(&doc, pushed);
                    } else if route != "404" {
                        // Not the page asked for (a server that answers unknown paths with
                        // the landing page): the site's own not-found page instead.
                        self.load(Page::NotFound.file(), Page::NotFound.route(), pushed);
                    } else {
                        self.fail("Could not load this page (the site's pages are missing).");
                    }
                }
                Err(message) => self.fail(&message),
            }
        });
    }

    /// Puts a fetched page's content in place of the current one.
    fn swap(&self, doc: &web_sys::Document, pushed: bool) {
        let (Some(main), Some(new_main)) = (main(), doc.get_element_by_id("main")) else { return };
        self.islands.clear();
        for name in ["data-page", "data-preload"] {
            match new_main.get_attribute(name) {
                Some(value) => drop(main.set_attribute(name, &value)),
                None => drop(main.remove_attribute(name)),
            }
        }
        while let Some(child) = main.first_child() {
            let _ = main.remove_child(&child);
        }
        while let Some(child) = new_main.first_child() {
            let _ = main.append_child(&child);
        }
        document().set_title(&doc.title());
        if let (Some(ours), Some(theirs)) = (description(&document()), description(doc)) {
            let _ = ours.set_attribute("content", &theirs.get_attribute("content").unwrap_or_default());
        }
        self.settle(&main);
        // Where the reader lands: a #section, or the top of a new page, and the focus on the
        // content, so that a screen reader starts reading there.
        let hash = window().location().hash().unwrap_or_default();
        let target = hash.strip_prefix('#').filter(|id| !id.is_empty()).and_then(|id| document().get_element_by_id(id));
        match target {
            Some(el) => el.scroll_into_view(),
            None if pushed => window().scroll_to_with_x_and_y(0.0, 0.0),
            None => {}
        }
        if let Some(main) = main.dyn_ref::<web_sys::HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = main.focus_with_options(&options);
        }
    }

    /// The page is in place: marks, self-checks answered before, progress, islands.
    fn settle(&self, main: &Element) {
        let route = main.get_attribute("data-page").unwrap_or_default();
        nav::mark_current(&self.base, &route);
        super::quiz::restore(main);
        super::progress::arrive(main);
        self.islands.scan(main);
        if let Some(host) = self.present.borrow().as_ref() {
            super::present::from_address(main, host);
        }
    }

    /// The page could not be fetched: say so in place of the content, with a way to retry.
    fn fail(self: Rc<Self>, message: &str) {
        let Some(main) = main() else { return };
        self.islands.clear();
        let doc = document();
        let Ok(box_) = doc.create_element("div") else { return };
        let _ = box_.set_attribute("class", "error-box");
        let _ = box_.set_attribute("role", "alert");
        let _ = box_.set_attribute("data-testid", "page-error");
        box_.set_text_content(Some(message));
        if let Ok(button) = doc.create_element("button") {
            let _ = button.set_attribute("type", "button");
            button.set_text_content(Some("Try again"));
            let again = self.clone();
            let retry = wasm_bindgen::closure::Closure::once_into_js(move || again.open(false));
            let _ = button.add_event_listener_with_callback("click", retry.unchecked_ref());
            let _ = box_.append_child(&doc.create_text_node(" "));
            let _ = box_.append_child(&button);
        }
        let _ = main.set_attribute("data-page", "error");
        while let Some(child) = main.first_child() {
            let _ = main.remove_child(&child);
        }
        let _ = main.append_child(&box_);
    }
}

fn main() -> Option<Element> {
    document().get_element_by_id("main")
}

fn description(doc: &web_sys::Document) -> Option<Element> {
    doc.query_selector("meta[name=description]").ok().flatten()
}
