//! `<App/>`: the router, the page shell (top bar, sidebar, main column) and the shared
//! read-only context (the lesson catalog, the base path, reading progress).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use super::browser::{self, BasePath, href};
use super::lesson_page::LessonPage;
use super::nav::{Progress, Sidebar, Theme, ThemeToggle, TopNav};
use super::pages::{Landing, NotFound, WidgetIndex, WidgetPage};
use crate::lesson::Catalog;

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

    view! {
        <Router base=base>
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
                    <FlatRoutes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=Landing />
                        <Route path=path!("/lessons/:slug") view=LessonPage />
                        <Route path=path!("/widgets") view=WidgetIndex />
                        <Route path=path!("/widgets/:id") view=WidgetPage />
                    </FlatRoutes>
                </main>
            </div>
        </Router>
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
