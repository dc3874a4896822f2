//! Navigation chrome: the sidebar table of contents (with reading progress), the theme
//! switch and the prev/next pager.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::app::use_catalog;
use super::browser::{self, href};
use crate::lesson::Entry;

const PROGRESS_KEY: &str = "tradeoffs.read";
const THEME_KEY: &str = "tradeoffs.theme";

/// The lessons a learner has opened, kept in local storage so it survives a reload.
#[derive(Clone, Copy)]
pub struct Progress(pub RwSignal<BTreeSet<String>>);

impl Progress {
    /// Reads progress from local storage.
    pub fn load() -> Progress {
        let read = browser::load(PROGRESS_KEY)
            .map(|text| text.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        Progress(RwSignal::new(read))
    }

    /// Marks a lesson as read and saves.
    pub fn mark(self, slug: &str) {
        if self.0.with_untracked(|set| set.contains(slug)) {
            return;
        }
        self.0.update(|set| {
            set.insert(slug.to_string());
        });
        let joined = self.0.with_untracked(|set| set.iter().cloned().collect::<Vec<_>>().join(","));
        browser::store(PROGRESS_KEY, &joined);
    }
}

/// The current path (with the base), for marking the current page's links.
pub fn use_pathname() -> RwSignal<String> {
    super::router::use_location().pathname
}

/// Progress from context (a fresh, empty one outside the app).
pub fn use_progress() -> Progress {
    use_context::<Progress>().unwrap_or_else(|| Progress(RwSignal::new(BTreeSet::new())))
}

/// The table of contents: every part and lesson; planned lessons are shown but not linked.
#[component]
pub fn Sidebar() -> impl IntoView {
    let catalog = use_catalog();
    let progress = use_progress();
    let pathname = use_pathname();
    let parts = catalog.summary.parts.clone();
    view! {
        <nav class="toc" aria-label="Lessons">
            <ol class="toc-parts">
                {parts
                    .into_iter()
                    .map(|part| {
                        view! {
                            <li class="toc-part">
                                <span class="toc-part-title">{part.number} ". " {part.title}</span>
                                <ol class="toc-lessons">
                                    {part.entries.into_iter().map(|e| toc_entry(e, progress, pathname)).collect_view()}
                                </ol>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

fn toc_entry(entry: Entry, progress: Progress, pathname: RwSignal<String>) -> impl IntoView {
    let number = entry.number.clone();
    match entry.slug().map(str::to_string) {
        Some(slug) => {
            let link = href(&format!("/lessons/{slug}"));
            let here = link.clone();
            let current = move || pathname.with(|p| *p == here).then_some("page");
            let read = move || progress.0.with(|set| set.contains(&slug));
            view! {
                <li class="toc-lesson" class:read=read>
                    <a href=link aria-current=current>
                        <span class="toc-number">{number}</span>
                        " "
                        {entry.title}
                    </a>
                </li>
            }
            .into_any()
        }
        None => view! {
            <li class="toc-lesson planned" title="Planned: not written yet">
                <span class="toc-number">{number}</span>
                " "
                {entry.title}
            </li>
        }
        .into_any(),
    }
}

/// Whether the dark theme is on, shared so that canvases can redraw in the new colours.
#[derive(Clone, Copy)]
pub struct Theme(pub RwSignal<bool>);

impl Theme {
    /// The stored choice, or the system preference when there is none.
    pub fn load() -> Theme {
        let stored = browser::load(THEME_KEY);
        let system_dark =
            window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches());
        Theme(RwSignal::new(stored.as_deref().map(|t| t == "dark").unwrap_or(system_dark)))
    }
}

/// The theme from context (light, outside the app).
pub fn use_theme() -> Theme {
    use_context::<Theme>().unwrap_or_else(|| Theme(RwSignal::new(false)))
}

/// The site links of the top bar.
#[component]
pub fn TopNav() -> impl IntoView {
    let pathname = use_pathname();
    let widgets = href("/widgets");
    let here = widgets.clone();
    view! {
        <nav class="topnav" aria-label="Site">
            <a href=widgets aria-current=move || pathname.with(|p| p.starts_with(&here)).then_some("page")>
                "Widgets"
            </a>
        </nav>
    }
}

/// Light/dark switch. The choice is stored; without one the system preference applies.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let dark = use_theme().0;
    Effect::new(move |_| {
        let theme = if dark.get() { "dark" } else { "light" };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme);
        }
    });
    view! {
        <button
            class="theme-toggle"
            aria-pressed=move || dark.get().to_string()
            title="Switch between light and dark"
            on:click=move |_| {
                dark.update(|d| *d = !*d);
                browser::store(THEME_KEY, if dark.get_untracked() { "dark" } else { "light" });
            }
        >
            {move || if dark.get() { "☀ Light" } else { "☾ Dark" }}
        </button>
    }
}

/// Links to the previous and next written lessons.
#[component]
pub fn Pager(
    /// The current lesson's slug.
    slug: String,
) -> impl IntoView {
    let catalog = use_catalog();
    let (prev, next) = catalog.neighbours(&slug);
    let link = |entry: Option<&Entry>, rel: &'static str, label: &'static str| {
        entry.and_then(|e| {
            let slug = e.slug()?.to_string();
            let text = format!("{} {}", e.number, e.title);
            Some(view! {
                <a href=href(&format!("/lessons/{slug}")) class=format!("pager-{rel}") rel=rel>
                    <span class="pager-label">{label}</span>
                    <span class="pager-title">{text}</span>
                </a>
            })
        })
    };
    view! {
        <nav class="pager" aria-label="Previous and next lesson">
            {link(prev, "prev", "← Previous")}
            {link(next, "next", "Next →")}
        </nav>
    }
}
