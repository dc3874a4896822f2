//! The navigation chrome the page already has, brought to life: the menu button that opens
//! the table of contents on narrow screens, the theme menu (light, dark, projector) and the
//! marks for the current page (the learner's progress marks are [`super::progress`]'s). The
//! chrome itself is written at build time (`lesson::page`) and never rendered again here.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::{Theme, ThemeName};
use super::browser;

const THEME_KEY: &str = "tradeoffs.theme";

/// The stored theme, or the system preference when there is none. An embed has a theme of its
/// own: the one its address asks for (`theme=light|dark`), or the viewer's system preference.
fn load_theme() -> Theme {
    let system_dark = window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches());
    if super::embed::is_embed() {
        let dark = super::embed::asked_theme().unwrap_or(system_dark);
        return Theme(RwSignal::new(ThemeName::chosen(None, dark)));
    }
    let stored = browser::load(THEME_KEY);
    Theme(RwSignal::new(ThemeName::chosen(stored.as_deref(), system_dark)))
}

/// Switches the theme (without remembering it): the page and the menu show it, and canvases
/// redraw in its colours. Presenter mode uses it too.
pub fn set_theme(theme: Theme, to: ThemeName) {
    show_theme(to);
    theme.0.set(to);
}

/// Shows a theme on the page (`<html data-theme>`) and in the theme menu.
fn show_theme(theme: ThemeName) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme.name());
    }
    if let Some(select) = document()
        .query_selector(".theme-select")
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok())
    {
        select.set_value(theme.name());
    }
}

/// Marks the links to the current page (`aria-current="page"`): its lesson in the table of
/// contents, and "Widgets" on the widget pages.
pub fn mark_current(base: &str, route: &str) {
    let doc = document();
    if let Ok(links) = doc.query_selector_all(".toc a[href], .topnav a[href]") {
        let here = format!("{base}/{route}");
        let widgets = format!("{base}/widgets");
        for i in 0..links.length() {
            let Some(a) = links.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let href = a.get_attribute("href").unwrap_or_default();
            let current = if a.closest(".topnav").ok().flatten().is_some() {
                route.starts_with("widgets") && href == widgets
            } else {
                href == here
            };
            if current {
                let _ = a.set_attribute("aria-current", "page");
            } else {
                let _ = a.remove_attribute("aria-current");
            }
        }
    }
}

/// Wires the theme menu and the menu button (both already on the page) and applies the
/// theme. Returns the theme, for the canvases that draw in its colours.
pub fn wire_chrome() -> Theme {
    let theme = load_theme();
    show_theme(theme.0.get_untracked());
    let _ = window_event_listener(leptos::ev::change, move |ev| {
        let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
        if !select.class_list().contains("theme-select") {
            return;
        }
        if let Some(chosen) = ThemeName::from_name(&select.value()) {
            browser::store(THEME_KEY, chosen.name());
            set_theme(theme, chosen);
        }
    });
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if let Some(button) = target.closest(".menu-button").ok().flatten() {
            let open = button.get_attribute("aria-expanded").as_deref() != Some("true");
            set_menu(open);
        } else if target.closest("#sidebar a").ok().flatten().is_some() {
            set_menu(false);
        }
    });
    theme
}

/// Opens or closes the table of contents drawer (narrow screens).
pub fn set_menu(open: bool) {
    let doc = document();
    if let Some(button) = doc.query_selector(".menu-button").ok().flatten() {
        let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
    if let Some(sidebar) = doc.get_element_by_id("sidebar") {
        let _ = sidebar.class_list().toggle_with_force("open", open);
    }
}
