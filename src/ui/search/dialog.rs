//! The search dialog, a split point of its own (`search`): its code is fetched when search is
//! first opened, and it fetches the index (`<meta name="search-index">`, a file named by its
//! content) then, once; the service worker keeps both for offline use.
//!
//! A modal `<dialog>` with a labelled search field (a combobox over the list of results),
//! results as the reader types (lesson, heading, and the passage with the matched words
//! marked), ↑ / ↓ to move through them, Enter to open one, Esc to close (focus goes back where
//! it was). A result is a link to `lessons/<slug>#<anchor>`, which the router opens in place.
//! The results follow every keystroke; the sentence that says how many there are waits until
//! the typing pauses, so a screen reader hears it once. Ranking and snippets are the core's
//! (`tradeoffs_core::search`).

use std::rc::Rc;
use std::time::Duration;

use leptos::leptos_dom::helpers::{TimeoutHandle, set_timeout_with_handle};
use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::html;
use crate::html::Html;
use crate::search::{Index, Query, Searcher};
use crate::ui::controls::markup;

/// Results shown at most (the sentence counts them all).
const SHOWN: usize = 20;
/// About how many characters of text a result shows around its match.
const SNIPPET_CHARS: usize = 150;
/// How long the typing must pause before the number of results is announced.
const SENTENCE_DELAY: Duration = Duration::from_millis(600);

/// The dialog's id; there is one per page, made on first use.
const DIALOG_ID: &str = "search-dialog";

/// Opens the search dialog, making it (and fetching the index) the first time.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn open(owner: Owner, base: String) -> Result<(), SplitLoaderError> {
    show(owner, base);
    Ok(())
}

/// Opens the search dialog (without the `split` feature, at once).
#[cfg(not(feature = "split"))]
pub async fn open(owner: Owner, base: String) -> Result<(), SplitLoaderError> {
    show(owner, base);
    Ok(())
}

fn show(owner: Owner, base: String) {
    let doc = document();
    let dialog = match doc.get_element_by_id(DIALOG_ID) {
        Some(existing) => existing,
        None => {
            let Some(body) = doc.body() else { return };
            let view = owner.with(|| search_view(base).into_any());
            let mut state = owner.with(|| view.build());
            state.mount(&body, None);
            // The dialog stays for the life of the page (every page change keeps `<body>`).
            std::mem::forget(state);
            let Some(made) = doc.get_element_by_id(DIALOG_ID) else { return };
            made
        }
    };
    let Ok(dialog) = dialog.dyn_into::<web_sys::HtmlDialogElement>() else { return };
    if dialog.open() {
        return;
    }
    // Where the focus goes back to on closing.
    if let Some(active) = doc.active_element() {
        let _ = active.set_attribute("data-search-return", "");
    }
    let _ = dialog.show_modal();
    if let Some(input) =
        doc.get_element_by_id("search-input").and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
}

/// Where the index is, as fetched.
#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    Ready,
}

/// What a query found: what was typed, how many sections, and the first [`SHOWN`] as (link,
/// markup).
#[derive(Clone, Debug, Default, PartialEq)]
struct Found {
    typed: String,
    total: usize,
    items: Vec<(String, Html)>,
}

fn search_view(base: String) -> impl IntoView {
    let searcher = RwSignal::new_local(None::<Rc<Searcher>>);
    let load = RwSignal::new(Load::Loading);
    let typed = RwSignal::new(String::new());
    let selected = RwSignal::new(0usize);
    let sentence = RwSignal::new(String::new());
    let dialog = NodeRef::<leptos::html::Dialog>::new();

    let fetch_index = move || {
        load.set(Load::Loading);
        leptos::task::spawn_local(async move {
            match fetch_index().await {
                Ok(s) => {
                    searcher.set(Some(Rc::new(s)));
                    load.set(Load::Ready);
                }
                Err(message) => load.set(Load::Failed(message)),
            }
        });
    };
    fetch_index();

    let base = StoredValue::new(base);
    let found = Memo::new(move |_| {
        let typed = typed.get();
        searcher.with(|s| match s {
            Some(s) => find(s, &typed, &base.get_value()),
            None => Found::default(),
        })
    });

    // The sentence, once the typing pauses.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let ready = load.get() == Load::Ready;
        let text = typed.get();
        let total = found.with(|f| f.total);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if !ready {
            return;
        }
        let say = move || sentence.set(count_sentence(total, &text));
        pending.set_value(set_timeout_with_handle(say, SENTENCE_DELAY).ok());
    });

    let list = markup(move || {
        let chosen = selected.get();
        found.with(|f| {
            f.items
                .iter()
                .enumerate()
                .map(|(i, (href, body))| {
                    let id = format!("search-option-{i}");
                    let sel = if i == chosen { "true" } else { "false" };
                    html!(
                        r#"<li role="none"><a role="option" class="search-result" id="{}" aria-selected="{}" tabindex="-1" href="{}">{}</a></li>"#,
                        id.as_str(),
                        sel,
                        href.as_str(),
                        body
                    )
                })
                .collect()
        })
    });
    let results = NodeRef::<leptos::html::Ul>::new();
    // The chosen result stays in view as ↑ / ↓ move through a long list.
    Effect::new(move |_| {
        let chosen = selected.get();
        found.track();
        let Some(ul) = results.get() else { return };
        if let Some(el) = ul.query_selector(&format!("#search-option-{chosen}")).ok().flatten() {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });

    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let count = found.with_untracked(|f| f.items.len());
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                selected.update(|s| *s = (*s + 1).min(count - 1));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                selected.update(|s| *s = s.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                let chosen = selected.get_untracked();
                let link = document().get_element_by_id(&format!("search-option-{chosen}"));
                if let Some(link) = link.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
                    link.click();
                }
            }
            "Escape" => {
                // (A search field would clear itself first; Esc closes at once.)
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };
    // A result followed (clicked, or Enter): the dialog closes and the router opens the page.
    let on_pick = move |ev: web_sys::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if target.and_then(|t| t.closest("a[href]").ok().flatten()).is_some() {
            close();
        }
    };
    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    let on_backdrop = move |ev: web_sys::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if target.is_some_and(|t| t.id() == DIALOG_ID) {
            close();
        }
    };
    let on_close = move |_| {
        let doc = document();
        let back = doc.query_selector("[data-search-return]").ok().flatten();
        if let Some(el) = &back {
            let _ = el.remove_attribute("data-search-return");
        }
        let focusable = back.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()).filter(|el| el.is_connected());
        // Back where the reader was, or to the Search button (the page may have changed).
        let target = focusable
            .filter(|el| el.tag_name() != "BODY")
            .or_else(|| doc.query_selector(".search-button").ok().flatten().and_then(|b| b.dyn_into().ok()));
        if let Some(el) = target {
            let _ = el.focus();
        }
    };

    let status = move || match load.get() {
        Load::Loading => "Loading the index…".to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready => sentence.get(),
    };
    view! {
        <dialog id=DIALOG_ID class="search-dialog" node_ref=dialog aria-labelledby="search-label" on:click=on_backdrop on:close=on_close>
            <div class="search-box">
                <div class="search-head">
                    <label id="search-label" for="search-input">"Search the lessons"</label>
                    <button type="button" class="search-close" on:click=move |_| close()>"Close"</button>
                </div>
                <input
                    id="search-input"
                    type="search"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls="search-results"
                    aria-expanded=move || found.with(|f| !f.items.is_empty()).to_string()
                    aria-activedescendant=move || {
                        found.with(|f| (!f.items.is_empty()).then(|| format!("search-option-{}", selected.get())))
                    }
                    aria-describedby="search-status"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="caching, quorum, p99…"
                    on:input=move |ev| {
                        selected.set(0);
                        typed.set(event_target_value(&ev));
                    }
                    on:keydown=on_key
                />
                <p id="search-status" class="search-status" role="status" data-testid="search-status">{status}</p>
                {move || match load.get() {
                    Load::Failed(message) => Some(view! {
                        <p class="search-failed" role="alert">
                            {message} " "
                            <button type="button" on:click=move |_| fetch_index()>"Try again"</button>
                        </p>
                    }),
                    _ => None,
                }}
                <ul
                    id="search-results"
                    class="search-results"
                    role="listbox"
                    aria-label="Results"
                    node_ref=results
                    data-for=move || found.with(|f| f.typed.clone())
                    hidden=move || found.with(|f| f.items.is_empty())
                    on:click=on_pick
                    inner_html=list
                ></ul>
            </div>
        </dialog>
    }
}

/// "3 results for “cache”", "No results for “x”", or nothing when nothing is typed.
fn count_sentence(total: usize, typed: &str) -> String {
    let typed = typed.trim();
    match total {
        _ if Query::parse(typed).is_empty() => String::new(),
        0 => format!("No results for “{typed}”"),
        1 => format!("1 result for “{typed}”"),
        n => format!("{n} results for “{typed}”"),
    }
}

/// The sections a query finds, the first [`SHOWN`] as links with their markup.
fn find(searcher: &Searcher, typed: &str, base: &str) -> Found {
    let query = Query::parse(typed);
    let hits = searcher.search(&query);
    let items = hits
        .iter()
        .take(SHOWN)
        .filter_map(|hit| {
            let section = searcher.index.sections.get(hit.section)?;
            let lesson = searcher.index.lessons.get(section.lesson)?;
            let href = if section.anchor.is_empty() {
                format!("{base}/lessons/{}", lesson.slug)
            } else {
                format!("{base}/lessons/{}#{}", lesson.slug, section.anchor)
            };
            let mut body = html!(
                r#"<span class="search-where"><span class="search-lesson">{} {}</span>"#,
                lesson.number.as_str(),
                lesson.title.as_str()
            );
            if section.heading != lesson.title {
                html!(body, r#"<span class="search-heading">{}</span>"#, section.heading.as_str());
            }
            html!(body, r#"</span><span class="search-snippet">"#);
            for piece in searcher.snippet(hit.section, &query, SNIPPET_CHARS) {
                if piece.marked {
                    html!(body, "<mark>{}</mark>", piece.text.as_str());
                } else {
                    body.push_text(&piece.text);
                }
            }
            html!(body, "</span>");
            Some((href, body))
        })
        .collect();
    Found { typed: typed.to_string(), total: hits.len(), items }
}

/// Fetches the index the page names and makes it ready to search. Errors are sentences.
async fn fetch_index() -> Result<Searcher, String> {
    let failed = |what: &str| format!("The search index could not be loaded ({what}).");
    let url = document()
        .query_selector("meta[name=search-index]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or_else(|| failed("this page does not say where it is"))?;
    let response = JsFuture::from(window().fetch_with_str(&url))
        .await
        .map_err(|_| failed("you may be offline; check your connection"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed("no response"))?;
    if !response.ok() {
        return Err(failed(&format!("the server answered {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable"))?;
    let text = JsFuture::from(text).await.map_err(|_| failed("unreadable"))?.as_string().unwrap_or_default();
    let index = Index::parse(&text).map_err(|e| failed(&e))?;
    Ok(Searcher::new(index))
}
