//! The progress code, a split point of its own (`progress`), fetched by the shell's door
//! ([`super`]) when a returning learner arrives, at the first interaction that needs it, or at
//! the first scroll. The learner's progress in this browser, on the pages the build wrote: lessons opened and
//! marked done and self-check results in the table of contents, the "Mark this lesson done"
//! button, where reading stopped (kept while the learner scrolls, restored when they follow the
//! landing page's "Continue" link, not on every visit), and the landing page's "Your progress"
//! section (export to a file, import one, clear with a confirmation step).
//!
//! What the record means, how it is stored and read from hostile input is the core's
//! (`tradeoffs_core::progress`); this module reads and writes local storage and the page. Marks
//! are plain elements with text set as text (no markup), kept across page changes because the
//! table of contents is never replaced.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

use leptos::wasm_split::SplitLoaderError;

use super::{Hooks, lesson_here, mark};
use crate::progress::{self, ImportError, Outcome, Position, Progress};
use crate::ui::browser;

thread_local! {
    static RECORD: RefCell<Option<Progress>> = const { RefCell::new(None) };
    /// The "Continue" link was followed: the next lesson shown goes back to the position.
    static RESUMING: Cell<bool> = const { Cell::new(false) };
    /// A position save is already waiting (scrolling is throttled).
    static SAVING: Cell<bool> = const { Cell::new(false) };
}

/// The reading line, from the top of the window: below the top bar, where a reader's eyes are.
const READING_LINE: f64 = 96.0;
/// At most one position save in this many milliseconds of scrolling.
const SAVE_EVERY_MS: i32 = 400;

/// Works on the record (read from storage on first use); saves it when `f` says it changed.
fn with<R>(f: impl FnOnce(&mut Progress) -> (R, bool)) -> R {
    RECORD.with(|cell| {
        let mut record = cell.borrow_mut();
        let p = record.get_or_insert_with(|| {
            Progress::from_storage(
                browser::load(progress::READ_KEY).as_deref(),
                browser::load(progress::PROGRESS_KEY).as_deref(),
            )
        });
        let (r, changed) = f(p);
        if changed {
            let (read, rest) = p.to_storage();
            browser::store(progress::READ_KEY, &read);
            browser::store(progress::PROGRESS_KEY, &rest);
        }
        r
    })
}

fn read<R>(f: impl FnOnce(&Progress) -> R) -> R {
    with(|p| (f(p), false))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn one(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// A self-check's lesson and id.
fn check_of(quiz: &Element) -> Option<(String, String)> {
    Some((lesson_here()?, quiz.get_attribute("data-check")?))
}

/// A self-check was answered on the learner's first try: keeps the outcome.
fn record(quiz: &Element, right: bool) {
    if let Some((lesson, check)) = check_of(quiz) {
        let outcome = if right { Outcome::Right } else { Outcome::Wrong };
        with(|p| (p.record(&lesson, &check, outcome), true));
        show();
    }
}

/// What the learner answered to this self-check before.
fn outcome(quiz: &Element) -> Option<Outcome> {
    let (lesson, check) = check_of(quiz)?;
    read(|p| p.outcome(&lesson, &check))
}

/// A page is in place: a lesson is noted as opened (and its results for self-checks it no
/// longer has forgotten), the position restored when the learner is resuming, and the marks
/// shown.
fn arrive(main: &Element) {
    if let Some(lesson) = lesson_here() {
        let checks: Vec<String> =
            all(main, "section[data-check]").iter().filter_map(|q| q.get_attribute("data-check")).collect();
        with(|p| {
            let mut changed = p.open(&lesson);
            changed |= p.prune(&lesson, checks.iter().map(String::as_str));
            if p.last.as_ref().is_none_or(|l| l.lesson != lesson) {
                p.last = Position::new(&lesson, "", "", 0.0);
                changed = true;
            }
            ((), changed)
        });
        if RESUMING.with(|r| r.replace(false)) {
            // After the page change has scrolled to the link's #heading.
            let later = wasm_bindgen::closure::Closure::once_into_js(move || resume(&lesson));
            let _ = window().set_timeout_with_callback(later.unchecked_ref());
        }
    }
    show();
}

/// The lesson's headings that a position can be kept against, with where they are on the page.
fn headings() -> Vec<(Element, f64)> {
    let Some(article) = one("article.lesson") else { return Vec::new() };
    let y = window().scroll_y().unwrap_or(0.0);
    all(&article, ".prose h2[id], .prose h3[id]")
        .into_iter()
        .map(|h| {
            let top = h.get_bounding_client_rect().top() + y;
            (h, top)
        })
        .collect()
}

/// The passage at the reading line: the heading above it (or the lesson's start), the next
/// heading (or the lesson's end), as page coordinates.
fn passage(line: f64) -> Option<(String, String, f64, f64)> {
    let article = one("article.lesson")?;
    let y = window().scroll_y().unwrap_or(0.0);
    let rect = article.get_bounding_client_rect();
    let (start, end) = (rect.top() + y, rect.bottom() + y);
    let hs = headings();
    let at = hs.iter().rposition(|(_, top)| *top <= line);
    let (id, title, top) = match at {
        Some(i) => {
            let h = &hs[i].0;
            let title = h.text_content().unwrap_or_default();
            (h.id(), title.trim_end_matches('#').trim().to_string(), hs[i].1)
        }
        None => (String::new(), String::new(), start),
    };
    let next = at.map_or(0, |i| i + 1);
    let bottom = hs.get(next).map_or(end, |(_, t)| *t);
    Some((id, title, top, bottom.max(top + 1.0)))
}

/// Keeps where the learner is reading (at most every [`SAVE_EVERY_MS`] while they scroll).
fn scrolled() {
    if lesson_here().is_none() || SAVING.with(|s| s.replace(true)) {
        return;
    }
    let later = wasm_bindgen::closure::Closure::once_into_js(|| {
        SAVING.with(|s| s.set(false));
        let Some(lesson) = lesson_here() else { return };
        let line = window().scroll_y().unwrap_or(0.0) + READING_LINE;
        let Some((id, title, top, bottom)) = passage(line) else { return };
        if let Some(position) = Position::new(&lesson, &id, &title, (line - top) / (bottom - top)) {
            with(|p| {
                let changed = p.last.as_ref() != Some(&position);
                p.set_position(position);
                ((), changed)
            });
        }
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), SAVE_EVERY_MS);
}

/// Scrolls back to the kept position in `lesson`.
fn resume(lesson: &str) {
    let Some(last) = read(|p| p.last.clone()).filter(|l| l.lesson == lesson) else { return };
    let place = || {
        let (top, bottom) = if last.heading.is_empty() {
            let (_, _, top, bottom) = passage(f64::NEG_INFINITY)?;
            (top, bottom)
        } else {
            let hs = headings();
            let i = hs.iter().position(|(h, _)| h.id() == last.heading)?;
            let end = passage(f64::INFINITY).map_or(hs[i].1 + 1.0, |(_, _, _, b)| b);
            (hs[i].1, hs.get(i + 1).map_or(end, |(_, t)| *t))
        };
        Some(top + last.offset * (bottom - top) - READING_LINE)
    };
    if let Some(y) = place() {
        window().scroll_to_with_x_and_y(0.0, y.max(0.0));
    }
}

/// Shows the marks: in the table of contents, the landing page's count and "Continue" link,
/// and the lesson's "done" button.
fn show() {
    let doc = document();
    let Some(body) = doc.body() else { return };
    let items = all(&body, ".toc-lesson[data-slug]");
    let (mut opened, mut done) = (0, 0);
    read(|p| {
        for li in &items {
            let slug = li.get_attribute("data-slug").unwrap_or_default();
            let total: usize = li.get_attribute("data-checks").and_then(|c| c.parse().ok()).unwrap_or(0);
            let (is_open, is_done) = (p.is_opened(&slug), p.is_done(&slug));
            opened += usize::from(is_open);
            done += usize::from(is_done);
            let _ = li.class_list().toggle_with_force("read", is_open);
            let _ = li.class_list().toggle_with_force("done", is_done);
            let (right, answered) = p.tally(&slug);
            let (right, answered) = (right.min(total), answered.min(total));
            let mut spoken = String::new();
            let mut visible = String::new();
            if is_done {
                spoken.push_str(" (done");
            } else if is_open {
                spoken.push_str(" (opened");
            }
            if answered > 0 {
                visible = format!("{right}/{total}");
                spoken.push_str(if spoken.is_empty() { " (" } else { "; " });
                spoken.push_str(&format!("{right} of {total} self-checks right"));
                if answered > right {
                    spoken.push_str(&format!(", {answered} answered"));
                }
            }
            if !spoken.is_empty() {
                spoken.push(')');
            }
            if let Some(a) = li.query_selector("a").ok().flatten() {
                mark(&a, &visible, &spoken);
            }
        }
    });
    if let Some(note) = one("[data-testid=progress-note]") {
        let written = items.len();
        note.set_text_content(Some(&format!("{opened} of {written} written lessons read, {done} marked done")));
    }
    if let Some(button) = one(".done-toggle") {
        let here = lesson_here().is_some_and(|l| read(|p| p.is_done(&l)));
        let _ = button.set_attribute("aria-pressed", if here { "true" } else { "false" });
    }
    if let Some(line) = one("[data-testid=resume]") {
        show_resume(&line, &items);
    }
}

/// The landing page's "Continue where you left off" link, when there is somewhere to go on.
fn show_resume(line: &Element, items: &[Element]) {
    let last = read(|p| p.last.clone());
    let entry = last.as_ref().and_then(|l| {
        let li = items.iter().find(|li| li.get_attribute("data-slug").as_deref() == Some(l.lesson.as_str()))?;
        let a = li.query_selector("a").ok().flatten()?;
        let spoken = a.query_selector(".toc-status").ok().flatten().and_then(|s| s.text_content()).unwrap_or_default();
        let text = a.text_content().unwrap_or_default();
        let name = text.strip_suffix(&spoken).unwrap_or(&text).trim().to_string();
        Some((a.get_attribute("href")?, name))
    });
    let Some(((href, name), last)) = entry.zip(last) else {
        let _ = line.set_attribute("hidden", "");
        return;
    };
    line.set_text_content(Some("Continue where you left off: "));
    let doc = document();
    let Ok(link) = doc.create_element("a") else { return };
    let href = if last.heading.is_empty() { href } else { format!("{href}#{}", last.heading) };
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("data-resume", "");
    let _ = link.set_attribute("data-testid", "resume-link");
    let text = if last.title.is_empty() { name } else { format!("{name} — {}", last.title) };
    link.set_text_content(Some(&text));
    let _ = line.append_child(&link);
    let _ = line.remove_attribute("hidden");
}

/// The progress code is here: `first` (the lesson a first visit opened before it came) is
/// where reading stopped, the page in place is noted and marked, and the listeners only this
/// code needs (Esc in the clear confirmation, the file chosen for import) start.
fn install(first: Option<String>) -> Hooks {
    if let Some(lesson) = first {
        with(|p| {
            let other = p.last.as_ref().is_none_or(|l| l.lesson != lesson);
            if other {
                p.last = Position::new(&lesson, "", "", 0.0);
            }
            ((), other)
        });
    }
    let _ = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() == "Escape"
            && let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok())
            && target.closest(".progress-confirm").ok().flatten().is_some()
        {
            act("clear-no");
        }
    });
    let _ = window_event_listener(leptos::ev::change, |ev| {
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            && input.class_list().contains("progress-file")
        {
            leptos::task::spawn_local(import(input));
        }
    });
    if let Some(main) = document().get_element_by_id("main") {
        arrive(&main);
    }
    Hooks { arrive, record, outcome, click, scrolled }
}

/// Fetches the progress code (the split point) and starts it.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(progress, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn start(first: Option<String>) -> Result<Hooks, SplitLoaderError> {
    Ok(install(first))
}

/// Starts the progress code (without the `split` feature, at once).
#[cfg(not(feature = "split"))]
pub async fn start(first: Option<String>) -> Result<Hooks, SplitLoaderError> {
    Ok(install(first))
}

/// A click: the "done" button, the "Continue" link, the progress section's buttons.
fn click(target: &Element) {
    if target.closest(".done-toggle").ok().flatten().is_some() {
        if let Some(lesson) = lesson_here() {
            with(|p| (p.set_done(&lesson, !p.is_done(&lesson)), true));
            show();
        }
    } else if target.closest("a[data-resume]").ok().flatten().is_some() {
        RESUMING.with(|r| r.set(true));
    } else if let Some(button) = target.closest("[data-progress]").ok().flatten() {
        act(&button.get_attribute("data-progress").unwrap_or_default());
    }
}

/// Says what just happened in the progress section (its one live line).
fn say(text: &str) {
    if let Some(line) = one("[data-testid=progress-said]") {
        line.set_text_content(Some(text));
    }
}

/// "4 lessons opened, 2 marked done and 5 self-check results".
fn counts(p: &Progress) -> String {
    let results: usize = p.checks.iter().map(|(_, r)| r.len()).sum();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {} marked done and {}",
        plural(p.opened.len(), "lesson opened", "lessons opened"),
        p.done.len(),
        plural(results, "self-check result", "self-check results")
    )
}

/// A button of the progress section.
fn act(action: &str) {
    let confirm = one(".progress-confirm");
    let clear = one("[data-progress=clear]");
    let ask = |open: bool| {
        if let Some(c) = &confirm {
            let _ = if open { c.remove_attribute("hidden") } else { c.set_attribute("hidden", "") };
        }
        if let Some(b) = &clear {
            let _ = b.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    };
    match action {
        "export" => export(),
        "import" => {
            // In a later task: the file input's own click would come back to this listener.
            let choose = wasm_bindgen::closure::Closure::once_into_js(|| {
                if let Some(input) = one(".progress-file").and_then(|i| i.dyn_into::<HtmlElement>().ok()) {
                    input.click();
                }
            });
            let _ = window().set_timeout_with_callback(choose.unchecked_ref());
        }
        "clear" => {
            ask(true);
            if let Some(keep) = one("[data-progress=clear-no]") {
                focus(&keep);
            }
        }
        "clear-no" => {
            ask(false);
            if let Some(b) = &clear {
                focus(b);
            }
        }
        "clear-yes" => {
            with(|p| (*p = Progress::default(), true));
            if let Some(storage) = window().local_storage().ok().flatten() {
                let _ = storage.remove_item(progress::READ_KEY);
                let _ = storage.remove_item(progress::PROGRESS_KEY);
            }
            ask(false);
            show();
            if let Some(b) = &clear {
                focus(b);
            }
            say("Your progress was cleared: every lesson shows as new.");
        }
        _ => {}
    }
}

/// Saves the whole record as `tradeoffs-progress.json`.
fn export() {
    let (json, summary) = read(|p| (p.to_json(), counts(p)));
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document().create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download("tradeoffs-progress.json");
        a.click();
    }
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    say(&format!("Saved tradeoffs-progress.json: {summary}."));
}

/// Reads the chosen file and merges it into this browser's record.
async fn import(input: web_sys::HtmlInputElement) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    let name = file.name();
    let bytes = if file.size() > progress::MAX_BYTES as f64 {
        Err(ImportError::TooLarge)
    } else {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => Err(ImportError::NotJson),
        }
    };
    match bytes.and_then(|b| Progress::from_bytes(&b)) {
        Ok(file_read) => {
            let skipped = file_read.skipped;
            let summary = with(|p| {
                p.merge(file_read.progress);
                (counts(p), true)
            });
            show();
            let mut said =
                format!("Imported {name}: merged with the progress already in this browser, which now has {summary}.");
            if skipped > 0 {
                said.push_str(&format!(" {skipped} entries in the file could not be read and were left out."));
            }
            say(&said);
        }
        Err(e) => say(&format!("Nothing was imported. {e}")),
    }
}
