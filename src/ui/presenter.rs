//! Presenter mode, a split point of its own (fetched when presenting starts; [`super::present`]
//! is its door in the shell). The widget's frame fills the screen (a fixed layer over the page,
//! and the browser's full screen when a press asked for it and the browser allows it), the
//! projector theme applies until it ends, and a side panel shows the slide ("Slide 2 of 5:
//! …"), big Back, Next and Leave buttons, and a QR code of the widget's own address with its
//! current settings, with that address in large type.
//!
//! The slides come from the core (`present::deck`): the lesson's places of this widget, then its
//! scenarios. Keys, wherever the focus is (a presentation clicker sends Page Up and Down): → or
//! Page Down steps a step-through widget (its Replay buttons) and, at its last step, goes to the
//! next slide; ← or Page Up the other way; `B` or `.` blanks the screen until the next key;
//! Escape leaves and gives the focus back to the Present button. Changing slide mounts the
//! widget again with the slide's settings (`islands`), the old one staying until the new one
//! takes its place. `<html data-presenting>` says presenter mode is on (global shortcuts stand
//! aside), and a widget page's address keeps `present=1`.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use super::app::{Theme, ThemeName};
use super::browser;
use super::controls::markup;
use super::islands::{self, OnLive};
use super::nav;
use super::widgets::StateSink;
use crate::html;
use crate::html::Html;
use crate::lesson::WidgetKind;
use crate::model::query;
use crate::present::{self, Clicker, Deck, Start};

/// What presenter mode needs from the shell.
pub struct Host {
    /// The path the site is served under (`""` or `"/tradeoffs"`).
    pub base: String,
    /// The app's theme (the projector's while presenting).
    pub theme: Theme,
    /// Mounts the widget in a place again with the settings it now carries.
    pub remount: Box<dyn Fn(Element, OnLive)>,
    /// Where the live widget in a place reports its state.
    pub sink: SinkOf,
}

/// Finds where the live widget in a place reports its state.
pub type SinkOf = Box<dyn Fn(&Element) -> Option<StateSink>>;

type Listener = (&'static str, Closure<dyn FnMut(web_sys::Event)>, bool);

/// The presentation under way.
struct Session {
    section: Element,
    kind: WidgetKind,
    standalone: bool,
    host: Rc<Host>,
    deck: Deck,
    /// The theme to give back.
    before: ThemeName,
    caption: RwSignal<String>,
    url: RwSignal<String>,
    blank: RwSignal<bool>,
    /// Owns the side panel's signals and view.
    owner: Owner,
    panel: Option<<AnyView as Render>::State>,
    /// Owns the effect that follows the widget's state into the QR code.
    follow: Option<Owner>,
    /// What was made inert (everything but the presented widget).
    inert: Vec<HtmlElement>,
    listeners: Vec<Listener>,
    /// Whether the browser's full screen was entered (leaving it leaves presenter mode).
    fullscreen: bool,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Presents the widget in `section` (nothing happens while another is presented).
pub fn open(section: Element, host: Rc<Host>, gesture: bool) {
    if SESSION.with(|s| s.borrow().is_some()) {
        return;
    }
    let Some(kind) = section.get_attribute("data-widget").and_then(|id| WidgetKind::from_id(&id)) else { return };
    let standalone = section.closest(".widget-page").ok().flatten().is_some();
    let scenarios = kind.scenarios();
    let deck = if standalone {
        let (pairs, _) = present::strip_present(query::decode(&browser::query()));
        present::deck(&scenarios, &[], Start::Query(&pairs))
    } else {
        let root = section.closest("main").ok().flatten().unwrap_or_else(|| section.clone());
        let places = islands::select(&root, &format!("section[data-widget=\"{}\"]", kind.id()));
        let n = places.iter().position(|p| *p == section).unwrap_or(0);
        let placements: Vec<_> =
            places.iter().map(|p| query::decode(&p.get_attribute("data-params").unwrap_or_default())).collect();
        present::deck(&scenarios, &placements, Start::Placement(n))
    };
    let doc = document();
    let owner = Owner::new();
    let (caption, url, blank) =
        owner.with(|| (RwSignal::new(deck.caption()), RwSignal::new(String::new()), RwSignal::new(false)));
    let before = host.theme.0.get_untracked();
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("data-presenting", "");
    }
    let _ = section.class_list().add_1("presenting");
    nav::set_theme(host.theme, ThemeName::Projector);
    if standalone {
        browser::replace_query(&present::with_present(&browser::query()));
    }
    let inert = make_inert(&section);
    let panel = owner.with(|| side_panel(caption, url, blank).build());
    let mut panel = panel;
    panel.mount(&section, None);
    let listeners = vec![
        listen("keydown", true, |ev| key(ev.unchecked_ref())),
        listen("fullscreenchange", false, |_| fullscreen_changed()),
        listen("popstate", false, |_| leave()),
    ];
    SESSION.with(|s| {
        *s.borrow_mut() = Some(Session {
            section: section.clone(),
            kind,
            standalone,
            host: host.clone(),
            deck,
            before,
            caption,
            url,
            blank,
            owner,
            panel: Some(panel),
            follow: None,
            inert,
            listeners,
            fullscreen: false,
        })
    });
    if gesture {
        request_fullscreen(&section);
    }
    focus_next();
    // The widget may still be on its way (a page opened with `present=1`).
    leptos::task::spawn_local(async move {
        for _ in 0..200 {
            if let Some(sink) = (host.sink)(&section) {
                follow(sink);
                return;
            }
            sleep(50).await;
        }
    });
}

/// The side panel: the slide, the buttons, the QR code and the address.
fn side_panel(caption: RwSignal<String>, url: RwSignal<String>, blank: RwSignal<bool>) -> AnyView {
    let label = move || format!("QR code: opens this setup, {}", url.get());
    view! {
        <div class="present-aside" role="group" aria-label="Presenter" data-testid="present-aside">
            <p class="present-slide" role="status" data-testid="present-slide">{move || caption.get()}</p>
            <div class="present-nav" role="group" aria-label="Slides">
                <button type="button" class="present-back" data-testid="present-back" on:click=move |_| act(Clicker::Back)>"◀ Back"</button>
                <button type="button" class="present-next" data-testid="present-next" on:click=move |_| act(Clicker::Next)>"Next ▶"</button>
            </div>
            <button type="button" class="present-leave" data-testid="present-leave" on:click=move |_| leave()>"Leave (Esc)"</button>
            <figure class="present-qr">
                <div class="present-qr-code" role="img" aria-label=label data-testid="present-qr" inner_html=markup(move || qr_svg(&url.get()))></div>
                <figcaption class="present-url" data-testid="present-url">{move || url.get()}</figcaption>
            </figure>
        </div>
        <div class="present-blank" data-testid="present-blank" hidden=move || !blank.get() on:click=move |_| blank.set(false)></div>
    }
    .into_any()
}

/// A QR code of `text` as SVG: one path of dark modules in a square of 4 light modules' quiet
/// zone on each side (the light is the element's background). Nothing if `text` is too long.
fn qr_svg(text: &str) -> Html {
    if text.is_empty() {
        return Html::new();
    }
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return Html::new() };
    let width = code.width();
    let dark = code.to_colors();
    let mut path = String::with_capacity(width * width * 2);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if dark[y * width + x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let from = x;
            while x < width && dark[y * width + x] == qrcode::Color::Dark {
                x += 1;
            }
            let _ = write!(path, "M{} {}h{}v1h-{}z", from + 4, y + 4, x - from, x - from);
        }
    }
    let size = (width + 8).to_string();
    html!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><path d="{}"/></svg>"#,
        size,
        size,
        path
    )
}

/// Follows the live widget's state into the QR code and the address shown.
fn follow(sink: StateSink) {
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let Some(s) = s.as_mut() else { return };
        if let Some(old) = s.follow.take() {
            old.cleanup();
        }
        let owner = Owner::new();
        let (url, base, id) = (s.url, s.host.base.clone(), s.kind.id());
        let origin = window().location().origin().unwrap_or_default();
        owner.with(|| {
            Effect::new(move |_| {
                let query = sink.get();
                url.set(present::widget_url(&origin, &base, id, &query));
            })
        });
        s.follow = Some(owner);
    });
}

/// A key, wherever the focus is (the listener runs first, in the capture phase).
fn key(ev: &web_sys::KeyboardEvent) {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
        return;
    }
    let Some(blank) = SESSION.with(|s| s.borrow().as_ref().map(|s| s.blank)) else { return };
    if blank.get_untracked() {
        // Any key brings the slide back (and does nothing else).
        if !matches!(ev.key().as_str(), "Shift" | "Control" | "Alt" | "Meta" | "CapsLock") {
            ev.prevent_default();
            ev.stop_propagation();
            blank.set(false);
        }
        return;
    }
    let in_field = document().active_element().is_some_and(|el| {
        matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "select" | "textarea")
            || el.get_attribute("contenteditable").is_some_and(|v| v != "false")
    });
    let Some(clicker) = present::clicker(&ev.key(), in_field) else { return };
    ev.prevent_default();
    ev.stop_propagation();
    act(clicker);
}

/// Does what a clicker key or a panel button asks.
fn act(clicker: Clicker) {
    match clicker {
        Clicker::Next => step(true),
        Clicker::Back => step(false),
        Clicker::Blank => {
            if let Some(blank) = SESSION.with(|s| s.borrow().as_ref().map(|s| s.blank)) {
                blank.set(true);
            }
        }
        Clicker::Leave => leave(),
    }
}

/// One step forward (or back): the widget's own step if it has one left, else the next slide.
fn step(forward: bool) {
    let Some((section, deck)) = SESSION.with(|s| s.borrow().as_ref().map(|s| (s.section.clone(), s.deck.clone())))
    else {
        return;
    };
    if press(&section, if forward { "step" } else { "back" }) {
        return;
    }
    if let Some(at) = if forward { deck.next() } else { deck.back() } {
        go(at, forward);
    }
}

/// Presses a step-through widget's Replay button (`data-act`) if it can act; says whether it did.
fn press(section: &Element, act: &str) -> bool {
    let selector = format!(".step-row[aria-label=\"Replay\"] [data-act=\"{act}\"]");
    let Some(button) = section.query_selector(&selector).ok().flatten() else { return false };
    if button.get_attribute("aria-disabled").as_deref() == Some("true") {
        return false;
    }
    button.dyn_ref::<HtmlElement>().map(HtmlElement::click).is_some()
}

/// Shows slide `at`: the widget mounted again with its settings. A step-through widget starts
/// it at its first step (or, going back, at its last).
fn go(at: usize, forward: bool) {
    let Some((section, standalone, params, host)) = SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let s = s.as_mut()?;
        s.deck.at = at;
        s.caption.set(s.deck.caption());
        Some((s.section.clone(), s.standalone, s.deck.slide().params.clone(), s.host.clone()))
    }) else {
        return;
    };
    let query = query::encode(&params);
    if standalone {
        browser::replace_query(&present::with_present(&query));
    } else {
        let _ = section.set_attribute("data-params", &query);
    }
    let place = section.clone();
    (host.remount)(
        section,
        Box::new(move |sink| {
            follow(sink);
            press(&place, if forward { "start" } else { "end" });
            let lost = document().active_element().is_none_or(|el| !el.is_connected() || el.tag_name() == "BODY");
            if lost {
                focus_next();
            }
        }),
    );
}

/// Leaves presenter mode: the page as it was, the theme before, the focus on Present.
pub fn leave() {
    let Some(mut s) = SESSION.with(|s| s.borrow_mut().take()) else { return };
    let win = window();
    for (name, callback, capture) in s.listeners.drain(..) {
        let _ = win.remove_event_listener_with_callback_and_bool(name, callback.as_ref().unchecked_ref(), capture);
    }
    if let Some(mut panel) = s.panel.take() {
        panel.unmount();
    }
    if let Some(follow) = s.follow.take() {
        follow.cleanup();
    }
    s.owner.cleanup();
    for el in &s.inert {
        el.set_inert(false);
    }
    let doc = document();
    if let Some(root) = doc.document_element() {
        let _ = root.remove_attribute("data-presenting");
    }
    let _ = s.section.class_list().remove_1("presenting");
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    }
    nav::set_theme(s.host.theme, s.before);
    if s.standalone {
        browser::replace_query(&query::encode(&present::strip_present(query::decode(&browser::query())).0));
    }
    if let Some(button) =
        s.section.query_selector(".widget-present").ok().flatten().and_then(|b| b.dyn_into::<HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}

/// The browser's full screen was entered or left (Escape leaves it before the page hears it).
fn fullscreen_changed() {
    let now = document().fullscreen_element().is_some();
    let left = SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let Some(s) = s.as_mut() else { return false };
        let left = s.fullscreen && !now;
        s.fullscreen = now;
        left
    });
    if left {
        leave();
    }
}

/// Asks for the whole screen for `el`; a refusal is fine (the layer already fills the window).
fn request_fullscreen(el: &Element) {
    let Ok(request) = js_sys::Reflect::get(el, &JsValue::from_str("requestFullscreen")) else { return };
    let Some(request) = request.dyn_ref::<js_sys::Function>() else { return };
    if let Ok(promise) = request.call0(el).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        let refused = Closure::<dyn FnMut(JsValue)>::new(|_| {});
        let _ = promise.catch(&refused);
        refused.forget();
    }
}

/// Makes everything but `section` inert (the rest of the page is under the layer): each sibling
/// of it and of its ancestors up to `<body>`. Returns what it changed.
fn make_inert(section: &Element) -> Vec<HtmlElement> {
    let mut changed = Vec::new();
    let mut node = section.clone();
    while let Some(parent) = node.parent_element() {
        let mut sibling = parent.first_element_child();
        while let Some(el) = sibling {
            sibling = el.next_element_sibling();
            if el == node {
                continue;
            }
            if let Ok(el) = el.dyn_into::<HtmlElement>()
                && !el.inert()
            {
                el.set_inert(true);
                changed.push(el);
            }
        }
        if parent.tag_name() == "BODY" {
            break;
        }
        node = parent;
    }
    changed
}

/// Moves the focus to the panel's Next button.
fn focus_next() {
    if let Some(next) =
        document().query_selector(".present-next").ok().flatten().and_then(|b| b.dyn_into::<HtmlElement>().ok())
    {
        let _ = next.focus();
    }
}

/// Listens to `name` on the window.
fn listen(name: &'static str, capture: bool, f: impl Fn(web_sys::Event) + 'static) -> Listener {
    let callback = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = window().add_event_listener_with_callback_and_bool(name, callback.as_ref().unchecked_ref(), capture);
    (name, callback, capture)
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
