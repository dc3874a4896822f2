//! The widgets of a page, brought to life. A page's HTML already holds every widget's place
//! (a `<section data-widget>` with its frame, a description and its figures at the preset);
//! [`Islands::scan`] finds them and, when each comes near the screen, fetches its code and
//! mounts it in place: the static content gives way to the live widget in the same frame.
//! While the chunk loads, the static content stays and the status line says so; if the chunk
//! cannot be fetched, the status line says that and offers to try again, and the rest of the
//! page goes on working. Widgets that the page preloads (in its first screen, or standing
//! alone) mount at once. [`Islands::clear`] unmounts everything before the page changes.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::leptos_dom::helpers::{TimeoutHandle, set_timeout_with_handle};
use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::Element;

use super::app;
use super::browser::{self, NearScreen};
use super::embed;
use super::share;
use super::widgets::{self, Mount, StateSink};
use crate::lesson::{self, WidgetKind};
use crate::model::query;
use crate::present;

/// How far below (and above) the screen a widget's code starts to load: a generous screen, so
/// that a reader scrolling at a normal pace finds it live.
pub const NEAR: &str = "800px 0px";

/// A live widget: its place, its owner, its mounted view and where it reports its state.
type Mounted = (Element, Owner, <AnyView as Render>::State, StateSink);

/// Called with a remounted widget's state once it is live.
pub type OnLive = Box<dyn FnOnce(StateSink)>;

/// The islands of the current page.
pub struct Islands {
    root: Owner,
    near: NearScreen,
    mounted: Rc<RefCell<Vec<Mounted>>>,
}

impl Islands {
    /// Islands under `root`, the owner of the shell (widgets inherit its context).
    pub fn new(root: Owner) -> Islands {
        // Fetching chunks and pages, and Leptos's effects, run on wasm-bindgen's futures
        // executor (Leptos starts it only in its own mount functions). Starting it twice is
        // harmless.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let mounted: Rc<RefCell<Vec<Mounted>>> = Rc::default();
        let list = mounted.clone();
        let owner = root.clone();
        let near = NearScreen::new(NEAR, move |el: Element| start_widget(el, owner.clone(), list.clone(), None));
        Islands { root, near, mounted }
    }

    /// Finds the widgets in `main` and brings each to life when it comes near the screen (the
    /// widgets the page preloads, at once).
    pub fn scan(&self, main: &Element) {
        let preload: Vec<String> =
            main.get_attribute("data-preload").map(|p| p.split(' ').map(str::to_string).collect()).unwrap_or_default();
        for el in select(main, "section[data-widget]") {
            let id = el.get_attribute("data-widget").unwrap_or_default();
            if preload.contains(&id) {
                start_widget(el, self.root.clone(), self.mounted.clone(), None);
            } else {
                self.near.watch(&el);
            }
        }
    }

    /// Unmounts every widget and stops watching: the page is about to change.
    pub fn clear(&self) {
        self.near.clear();
        for (_, owner, mut state, _) in self.mounted.borrow_mut().drain(..) {
            state.unmount();
            owner.cleanup();
        }
    }

    /// Mounts the live widget in `el` again with the settings it now carries (its
    /// `data-params`, or standing alone the address bar's): presenter mode's next slide. The
    /// widget on screen stays until the new one takes its place; `live` receives its state.
    pub fn remount(&self, el: Element, live: OnLive) {
        start_widget(el, self.root.clone(), self.mounted.clone(), Some(live));
    }

    /// Where the live widget in `el` reports its state, if it is live.
    pub fn sink(&self, el: &Element) -> Option<StateSink> {
        self.mounted.borrow().iter().find(|m| m.0 == *el).map(|m| m.3)
    }
}

/// The elements under `root` that match `selector`.
pub fn select(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

/// Fetches a widget's code and mounts it in its frame `el` (`again`: in place of the live one,
/// then calls back).
fn start_widget(el: Element, root: Owner, mounted: Rc<RefCell<Vec<Mounted>>>, again: Option<OnLive>) {
    let Some(kind) = el.get_attribute("data-widget").and_then(|id| WidgetKind::from_id(&id)) else { return };
    if again.is_none() && el.get_attribute("data-state").is_some_and(|s| s == "loading" || s == "live") {
        return;
    }
    // In an embed, as on its own page, the widget's state is the address's (without the
    // frame's own settings).
    let embedded = el.closest("main.embed").ok().flatten().is_some();
    let standalone = embedded || el.closest(".widget-page").ok().flatten().is_some();
    let params = if embedded {
        embed::widget_settings()
    } else if standalone {
        query::decode(&browser::query())
    } else {
        query::decode(&el.get_attribute("data-params").unwrap_or_default())
    };
    // `present` in the address is the page's (presenter mode), not one of the widget's settings.
    let (params, _) = present::strip_present(params);
    if again.is_none() {
        let _ = el.set_attribute("data-state", "loading");
        status(&el, "Loading the live widget…", None);
    }
    leptos::task::spawn_local(async move {
        let owner = root.child();
        let sink = owner.with(StateSink::new);
        let mount = Mount { owner: owner.clone(), params, sink, standalone };
        // Three tasks, so that none blocks the page for long: the chunk arrives and the widget
        // sets up its state; its elements are built and put in place; then its effects run.
        let viewed = widgets::view(kind, mount).await;
        browser::next_task().await;
        match viewed {
            Ok(view) => {
                if !el.is_connected() {
                    owner.cleanup(); // The reader left the page meanwhile.
                    return;
                }
                if let Some(placeholder) = el.query_selector(".widget-static").ok().flatten() {
                    placeholder.remove();
                }
                let mut state = owner.with(|| view.build());
                // The widget it replaces leaves in the same task: no frame without a widget.
                let old = {
                    let mut list = mounted.borrow_mut();
                    list.iter().position(|m| m.0 == el).map(|i| list.remove(i))
                };
                let anchor = old.as_ref().and_then(|_| el.query_selector(".present-aside").ok().flatten());
                if let Some((_, old_owner, mut old_state, _)) = old {
                    old_state.unmount();
                    old_owner.cleanup();
                }
                state.mount(&el, anchor.as_deref());
                owner.with(|| follow_state(&el, kind, sink, standalone, embedded));
                let _ = el.set_attribute("data-state", "live");
                mounted.borrow_mut().push((el.clone(), owner, state, sink));
                if let Some(live) = again {
                    live(sink);
                }
            }
            Err(_) => {
                owner.cleanup();
                let _ = el.set_attribute("data-state", "failed");
                let frame = el.clone();
                let again = move || start_widget(frame, root, mounted, None);
                status(
                    &el,
                    "The live widget could not be loaded (you may be offline, or the site was just updated).",
                    Some(Box::new(again)),
                );
            }
        }
    });
}

/// Writes the widget's status line, with a "Try again" button running `retry` after a failure.
fn status(el: &Element, text: &str, retry: Option<Box<dyn FnOnce()>>) {
    let Some(line) = el.query_selector(".widget-status").ok().flatten() else { return };
    line.set_text_content(Some(text));
    let Some(retry) = retry else { return };
    let doc = document();
    let Ok(button) = doc.create_element("button") else { return };
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("class", "widget-retry");
    button.set_text_content(Some("Try again"));
    let again = Closure::once_into_js(retry);
    let _ = button.add_event_listener_with_callback("click", again.unchecked_ref());
    let _ = line.append_child(&doc.create_text_node(" "));
    let _ = line.append_child(&button);
}

/// Keeps the Share control (its link, snippet and, in a lesson, its plain link), and standing
/// alone the address bar, on the widget's current state; in an embed, the address (keeping the
/// frame's settings) and the link to the widget's own page. Runs under the widget's owner, so
/// it stops with the widget.
fn follow_state(el: &Element, kind: WidgetKind, sink: StateSink, standalone: bool, embedded: bool) {
    let base = app::base();
    let frame = if embedded { embed::frame_settings() } else { Vec::new() };
    let el = el.clone();
    let open = el.closest("main").ok().flatten().and_then(|m| m.query_selector(".embed-open").ok().flatten());
    // The address is written a moment after the last change: rewriting history on every
    // keystroke is slow, and browsers throttle it.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let query = sink.get();
        share::follow(&el, kind, &query, &base);
        if let Some(open) = &open {
            let _ = open.set_attribute("href", &base.href(&lesson::embed::widget_path(kind, &query)));
        }
        if standalone {
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let address = lesson::embed::embed_query(&frame, &query);
            let write = move || {
                // While presenting, the address keeps saying so (a reload presents again).
                let presenting = document().document_element().is_some_and(|r| r.has_attribute("data-presenting"));
                browser::replace_query(&if presenting { present::with_present(&address) } else { address })
            };
            pending.set_value(set_timeout_with_handle(write, std::time::Duration::from_millis(150)).ok());
        }
    });
}
