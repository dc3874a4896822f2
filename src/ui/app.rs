//! `<App/>`: the routes, the page shell (top bar, sidebar, main column) and the shared
//! read-only context (the lesson catalog, the base path, reading progress).

use std::sync::Arc;

use super::browser::{self, BasePath, href};
use super::lesson_page::LessonView;
use super::nav::{Progress, Sidebar, Theme, ThemeToggle, TopNav};
use super::pages::{Landing, NotFound, WidgetIndex, WidgetPage};
use super::router::{Page, provide_router};
use crate::lesson::Catalog;
use leptos::prelude::*;

/// The lesson catalog, shared read-only with every page.
#[derive(Clone)]
pub struct CatalogCtx(pub Arc<Catalog>);

/// The catalog from context (the built-in one outside the app, e.g. in component tests).
pub fn use_catalog() -> Arc<Catalog> {
    use_context::<CatalogCtx>().map(|c| c.0).unwrap_or_else(|| Arc::new(Catalog::builtin()))
}

/// The whole application.
#[component]
pub fn App(
    /// The path the site is served under without a trailing slash (`""` or `"/tradeoffs"`).
    #[prop(into, default = String::new())]
    base: String,
) -> impl IntoView {
    provide_context(CatalogCtx(Arc::new(Catalog::builtin())));
    provide_context(BasePath(base.clone()));
    provide_context(Progress::load());
    provide_context(Theme::load());
    let menu_open = RwSignal::new(false);
    let page = provide_router(base);
    let content = move || match page.get() {
        Page::Landing => view! { <Landing /> }.into_any(),
        Page::Lesson(slug) => view! { <LessonView slug /> }.into_any(),
        Page::Widgets => view! { <WidgetIndex /> }.into_any(),
        Page::Widget(id, query) => view! { <WidgetPage id query /> }.into_any(),
        Page::NotFound => view! { <NotFound /> }.into_any(),
    };

    view! {
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <button
                    class="menu-button"
                    aria-label="Table of contents"
                    aria-controls="sidebar"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    "☰"
                </button>
                <a href=href("/") class="brand">
                    "Tradeoffs"
                </a>
                <TopNav />
                <ThemeToggle />
            </header>
            <div class="layout">
                <aside
                    id="sidebar"
                    class="sidebar"
                    class:open=move || menu_open.get()
                    on:click=move |_| menu_open.set(false)
                >
                    <Sidebar />
                </aside>
                <main id="main" tabindex="-1">
                    {content}
                </main>
            </div>
    }
}

/// Sets the document title for the current page: `"<page> · Tradeoffs"`.
pub fn page_title(page: &str) {
    if page.is_empty() {
        browser::set_title("Tradeoffs: learn system design by touching it");
    } else {
        browser::set_title(&format!("{page} · Tradeoffs"));
    }
}
