//! `<LessonView/>`: one lesson, looked up by the slug in its path (`/lessons/<slug>`). The heading, part
//! and pager come from the catalog at once; the body (`content/<slug>.lesson`, rendered at
//! build time) is fetched and shown block by block: prose, widgets, self-checks, and a
//! visible box for every content error.

use leptos::prelude::*;

use super::app::{page_title, use_catalog};
use super::browser::{fetch_text, use_base};
use super::nav::{Pager, use_progress};
use super::pages::NotFound;
use super::quiz::QuizView;
use super::widgets::WidgetHost;
use crate::lesson::{Block, Lesson, LessonError, bundle};

/// A lesson by slug, or the not-found page.
#[component]
pub fn LessonView(
    /// The lesson's slug (its file name without `.md`).
    slug: String,
) -> impl IntoView {
    let catalog = use_catalog();
    let (Some(entry), Some(info)) = (catalog.entry(&slug).cloned(), catalog.info(&slug).cloned()) else {
        return view! { <NotFound /> }.into_any();
    };
    let part = catalog.part_label(&slug).unwrap_or_default();
    let title = if info.title.is_empty() { entry.title.clone() } else { info.title.clone() };
    page_title(&format!("{} {}", entry.number, title));
    use_progress().mark(&slug);
    let url = use_base().href(&format!("/content/{slug}.lesson"));
    // A plain signal filled by a spawned task: lighter in the bundle than an async resource.
    let content = RwSignal::new(None::<Result<Lesson, String>>);
    let load = move || {
        let url = url.clone();
        content.set(None);
        leptos::task::spawn_local(async move {
            let result = fetch_text(&url).await.map(|text| bundle::decode(&text));
            // The page may have been left meanwhile; then there is nothing to update.
            let _ = content.try_set(Some(result));
        });
    };
    load();
    // A shared link to a section (#heading): scroll there once the lesson has arrived.
    Effect::new(move |_| {
        if content.with(|c| matches!(c, Some(Ok(_)))) {
            let hash = window().location().hash().unwrap_or_default();
            let id = hash.trim_start_matches('#');
            if let Some(el) = (!id.is_empty()).then(|| document().get_element_by_id(id)).flatten() {
                el.scroll_into_view();
            }
        }
    });
    let body = move || match content.get() {
        None => view! { <p class="loading" data-testid="lesson-loading">"Loading the lesson…"</p> }.into_any(),
        Some(Ok(lesson)) => view! { <LessonBody lesson /> }.into_any(),
        Some(Err(message)) => {
            let retry = load.clone();
            view! {
                <ErrorBox error=LessonError::new(message) />
                <button on:click=move |_| retry()>"Try again"</button>
            }
            .into_any()
        }
    };
    let slug_attr = slug.clone();
    view! {
        <article class="lesson" data-testid="lesson" data-slug=slug_attr>
            <p class="lesson-kicker">"Lesson " {entry.number.clone()} " · " {part}</p>
            {body}
            <Pager slug />
        </article>
    }
    .into_any()
}

/// A parsed lesson's blocks, in order.
#[component]
pub fn LessonBody(
    /// The lesson to show.
    lesson: Lesson,
) -> impl IntoView {
    lesson
        .blocks
        .into_iter()
        .map(|block| match block {
            Block::Prose(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
            Block::Widget(spec) => view! { <WidgetHost spec /> }.into_any(),
            Block::Quiz(quiz) => view! { <QuizView quiz /> }.into_any(),
            Block::Error(error) => view! { <ErrorBox error /> }.into_any(),
        })
        .collect_view()
}

/// A visible content error, so a broken directive can never pass unnoticed.
#[component]
pub fn ErrorBox(
    /// The problem to show.
    error: LessonError,
) -> impl IntoView {
    view! {
        <div class="error-box" role="alert" data-testid="lesson-error">
            <strong>"Problem in this lesson: "</strong>
            {error.to_string()}
        </div>
    }
}
