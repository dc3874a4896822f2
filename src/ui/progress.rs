//! The learner's progress, as the shell knows it: a small door. The progress code itself (the
//! marks in the table of contents, "Mark this lesson done", self-check results, where reading
//! stopped, the landing page's "Your progress" section) is [`book`], a split point of its own
//! (`progress`), fetched:
//! - at start when this browser holds progress (`tradeoffs.read` or `tradeoffs.progress`: a
//!   returning learner), or on the second page of a first visit (which has then opened one);
//! - on the first interaction that needs it: "Mark this lesson done", an answered self-check,
//!   a button of the "Your progress" section;
//! - on the first scroll, to keep where reading stopped.
//!
//! A first visit to a page that is not scrolled pays nothing more: the door notes the lesson
//! as opened (`tradeoffs.read`, the comma list) and shows it so in the table of contents. Once
//! the code is on its way, `<html data-progress-code>` is `loading`, then `live` (tests wait for it).

pub mod book;

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::browser;
use crate::progress::{Outcome, PROGRESS_KEY, READ_KEY};

/// What the progress code does, once its split point is here.
#[derive(Clone, Copy)]
pub struct Hooks {
    /// A page is in place.
    pub arrive: fn(&Element),
    /// A self-check was answered on the first try (right or not).
    pub record: fn(&Element, bool),
    /// What the learner answered to this self-check before.
    pub outcome: fn(&Element) -> Option<Outcome>,
    /// A click somewhere on the page.
    pub click: fn(&Element),
    /// The page was scrolled.
    pub scrolled: fn(),
}

type Waiting = Box<dyn FnOnce(Hooks)>;

thread_local! {
    static HOOKS: Cell<Option<Hooks>> = const { Cell::new(None) };
    static LOADING: Cell<bool> = const { Cell::new(false) };
    /// What waits for the progress code to arrive.
    static WAITING: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
    /// The lesson a first visit opened before the progress code came: where reading stopped.
    static FIRST: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Shows the page's self-checks answered before (the shell's `quiz::restore`).
    static RESTORE: Cell<Option<fn(&Element)>> = const { Cell::new(None) };
}

/// Whether this browser holds any progress.
fn returning() -> bool {
    [READ_KEY, PROGRESS_KEY].iter().any(|key| browser::load(key).is_some_and(|v| !v.is_empty()))
}

/// Runs `then` with the progress code, fetching it first if it is not here yet. Should it not
/// arrive (offline before a first visit), what waited is dropped and the next use asks again.
fn with_book(then: impl FnOnce(Hooks) + 'static) {
    if let Some(hooks) = HOOKS.with(Cell::get) {
        return then(hooks);
    }
    WAITING.with(|w| w.borrow_mut().push(Box::new(then)));
    if LOADING.with(|l| l.replace(true)) {
        return;
    }
    let root = document().document_element();
    if let Some(root) = &root {
        let _ = root.set_attribute("data-progress-code", "loading");
    }
    leptos::task::spawn_local(async move {
        let first = FIRST.with(RefCell::take);
        let loaded = book::start(first).await;
        LOADING.with(|l| l.set(false));
        let waiting = WAITING.with(RefCell::take);
        if let Ok(hooks) = &loaded {
            let hooks = *hooks;
            HOOKS.with(|h| h.set(Some(hooks)));
            // Self-checks answered on an earlier visit say so.
            if let (Some(main), Some(restore)) = (document().get_element_by_id("main"), RESTORE.with(Cell::get)) {
                restore(&main);
            }
            for then in waiting {
                then(hooks);
            }
        }
        if let Some(root) = root {
            let _ = root.set_attribute("data-progress-code", if loaded.is_ok() { "live" } else { "failed" });
        }
    });
}

/// The lesson on screen, if a lesson is.
pub(crate) fn lesson_here() -> Option<String> {
    let page = document().get_element_by_id("main")?.get_attribute("data-page")?;
    page.strip_prefix("lessons/").map(str::to_string)
}

/// Starts listening: clicks on what needs the progress code, and scrolling (a returning
/// learner's progress code is fetched when the first page is in place, [`arrive`]).
/// `restore` shows a page's self-checks answered before (called when the code arrives).
pub fn listen(restore: fn(&Element)) {
    RESTORE.with(|r| r.set(Some(restore)));
    let _ = window_event_listener(leptos::ev::click, |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(hooks) = HOOKS.with(Cell::get) {
            (hooks.click)(&target);
        } else if target.closest(".done-toggle, [data-progress]").ok().flatten().is_some() {
            with_book(move |hooks| (hooks.click)(&target));
        }
    });
    let _ = window_event_listener(leptos::ev::scroll, |_| {
        if let Some(hooks) = HOOKS.with(Cell::get) {
            (hooks.scrolled)();
        } else if lesson_here().is_some() {
            with_book(|hooks| (hooks.scrolled)());
        }
    });
}

/// A self-check was answered on the learner's first try: keeps the outcome.
pub fn record(quiz: &Element, right: bool) {
    let quiz = quiz.clone();
    with_book(move |hooks| (hooks.record)(&quiz, right));
}

/// What the learner answered to this self-check before (known once the progress code is here:
/// it restores the page's self-checks when it arrives).
pub fn outcome(quiz: &Element) -> Option<Outcome> {
    HOOKS.with(Cell::get).and_then(|hooks| (hooks.outcome)(quiz))
}

/// A page is in place. Before the progress code is here, the lesson is noted as opened (the
/// comma list, kept sorted and clean by the site's script) and the lessons opened are marked
/// so; the code is fetched when this browser held progress before this page.
pub fn arrive(main: &Element) {
    if let Some(hooks) = HOOKS.with(Cell::get) {
        return (hooks.arrive)(main);
    }
    let had = returning();
    let mut read: Vec<String> =
        browser::load(READ_KEY).unwrap_or_default().split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    if let Some(lesson) = lesson_here() {
        if let Err(i) = read.binary_search(&lesson) {
            read.insert(i, lesson.clone());
            browser::store(READ_KEY, &read.join(","));
        }
        FIRST.with(|f| f.replace(Some(lesson)));
    }
    if let Ok(items) = document().query_selector_all(".toc-lesson[data-slug]") {
        for li in (0..items.length()).filter_map(|i| items.item(i)?.dyn_into::<Element>().ok()) {
            let slug = li.get_attribute("data-slug").unwrap_or_default();
            if read.contains(&slug) && !li.class_list().contains("read") {
                let _ = li.class_list().add_1("read");
                if let Some(a) = li.query_selector("a").ok().flatten()
                    && a.query_selector(".toc-status").ok().flatten().is_none()
                {
                    mark(&a, "", " (opened)");
                }
            }
        }
    }
    if had {
        with_book(|_| {});
    }
}

/// A lesson's mark in the table of contents: `visible` for the eye (the self-check score; the
/// opened and done marks are drawn by CSS from the item's class), `spoken` for a screen reader.
pub(crate) fn mark(a: &Element, visible: &str, spoken: &str) {
    let doc = document();
    let status = match a.query_selector(".toc-status").ok().flatten() {
        Some(s) => s,
        None => {
            let Ok(s) = doc.create_element("span") else { return };
            let _ = s.set_attribute("class", "toc-status");
            for (class, hidden) in [("toc-score", true), ("visually-hidden", false)] {
                if let Ok(part) = doc.create_element("span") {
                    let _ = part.set_attribute("class", class);
                    if hidden {
                        let _ = part.set_attribute("aria-hidden", "true");
                    }
                    let _ = s.append_child(&part);
                }
            }
            let _ = a.append_child(&s);
            s
        }
    };
    let Ok(parts) = status.query_selector_all("span") else { return };
    for (i, text) in [visible, spoken].into_iter().enumerate() {
        if let Some(part) = parts.item(i as u32)
            && part.text_content().as_deref() != Some(text)
        {
            part.set_text_content(Some(text));
        }
    }
}
