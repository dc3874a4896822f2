//! The pages that are not lessons: the landing page, the widget index, a widget standing
//! alone at `/widgets/<id>` (its state in the query string), and the not-found page.

use leptos::prelude::*;

use super::browser::href;
use super::controls::escape;

use super::app::{page_title, use_catalog};
use super::nav::use_progress;
use super::widgets::WidgetHost;
use crate::lesson::{WidgetKind, WidgetSpec};

/// The front page: what the course is, its parts, and where to start.
#[component]
pub fn Landing() -> impl IntoView {
    page_title("");
    let catalog = use_catalog();
    let progress = use_progress();
    let written: Vec<String> = catalog.summary.written().filter_map(|e| e.slug().map(str::to_string)).collect();
    let total = written.len();
    let start = catalog.first().and_then(|e| Some((e.slug()?.to_string(), format!("{} {}", e.number, e.title))));
    let read_count = move || progress.0.with(|set| written.iter().filter(|s| set.contains(*s)).count());
    // The course outline is static: one HTML string rather than a tree of views. Titles come
    // from SUMMARY.md and are escaped.
    let parts = {
        use std::fmt::Write as _;
        let mut h = String::new();
        for part in &catalog.summary.parts {
            let _ = write!(h, r#"<section class="landing-part"><h3>{}. {}</h3><ul>"#, part.number, escape(&part.title));
            for e in &part.entries {
                let text = escape(&format!("{} {}", e.number, e.title));
                match e.slug() {
                    Some(slug) => {
                        let _ = write!(
                            h,
                            r#"<li><a href="{}">{text}</a></li>"#,
                            escape(&href(&format!("/lessons/{slug}")))
                        );
                    }
                    None => {
                        let _ = write!(
                            h,
                            r#"<li class="planned" title="Planned: not written yet">{text} <span class="visually-hidden">(planned)</span></li>"#
                        );
                    }
                }
            }
            h.push_str("</ul></section>");
        }
        h
    };
    view! {
        <div class="landing" data-testid="landing">
            <h1>"Learn system design by touching it"</h1>
            <p class="lead">
                "Tradeoffs is a course on designing large software systems: availability, latency, scaling, data, messaging, transactions and operations. "
                "Every idea comes with the numbers behind it, and wherever a number can move, a live widget lets you move it and watch what follows."
            </p>
            <ul class="landing-points">
                <li>"Short lessons with worked examples and self-checks."</li>
                <li>"Widgets whose maths runs in your browser; every setup has a link you can share."</li>
                <li>"No account, no tracking, no third-party requests: a static site you can host anywhere."</li>
            </ul>
            {start.map(|(slug, title)| view! {
                <p class="start">
                    <a href=href(&format!("/lessons/{slug}")) class="button primary">"Start with " {title} " →"</a>
                    <span class="progress-note">{move || format!("{} of {total} written lessons read", read_count())}</span>
                </p>
            })}
            <h2>"The course"</h2>
            <p>"Nine parts, from thinking in systems to running them. Linked lessons are written; the greyed-out ones are planned."</p>
            <div class="landing-parts" inner_html=parts></div>
        </div>
    }
}

/// The list of widgets, each linking to its standalone page.
#[component]
pub fn WidgetIndex() -> impl IntoView {
    page_title("Widgets");
    let cards = WidgetKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <li class="widget-card">
                    <a href=href(&format!("/widgets/{}", kind.id()))>{kind.title()}</a>
                    <p>{kind.blurb()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="widget-index">
            <h1>"Widgets"</h1>
            <p>"Each widget also lives inside the lessons. Standing alone, its whole state is in the address bar: copy the URL to share a setup."</p>
            <ul class="widget-cards">{cards}</ul>
        </div>
    }
}

/// A widget standing alone at `/widgets/<id>`, restoring its state from the query string and
/// writing every change back to it.
#[component]
pub fn WidgetPage(
    /// The widget's id, from the path.
    id: String,
    /// The query string it was opened with, without `?`.
    query: String,
) -> impl IntoView {
    let Some(kind) = WidgetKind::from_id(&id) else {
        return view! { <NotFound /> }.into_any();
    };
    page_title(kind.title());
    let pairs = crate::model::query::decode(&query);
    let problems = kind.check_params(&pairs);
    let catalog = use_catalog();
    let used_in = catalog
        .lessons_using(kind)
        .into_iter()
        .filter_map(|e| {
            let slug = e.slug()?.to_string();
            let text = format!("{} {}", e.number, e.title);
            Some(view! {
                <li>
                    <a href=href(&format!("/lessons/{slug}"))>{text}</a>
                </li>
            })
        })
        .collect_view();
    view! {
        <div class="widget-page" data-testid="widget-page">
            <h1>{kind.title()}</h1>
            <p class="lead">{kind.blurb()}</p>
            {(!problems.is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="url-problems">
                    <strong>"Some settings in this link were ignored: "</strong>
                    {problems.join("; ")}
                </div>
            })}
            <WidgetHost spec=WidgetSpec { kind, params: pairs } standalone=true />
            <h2>"Used in"</h2>
            <ul>{used_in}</ul>
        </div>
    }
    .into_any()
}

/// The friendly page for an unknown address.
#[component]
pub fn NotFound() -> impl IntoView {
    page_title("Page not found");
    let catalog = use_catalog();
    let first = catalog.first().and_then(|e| Some((e.slug()?.to_string(), e.title.clone())));
    view! {
        <div class="not-found" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may have a typo."</p>
            <ul>
                <li><a href=href("/")>"Go to the start page"</a></li>
                {first.map(|(slug, title)| view! { <li><a href=href(&format!("/lessons/{slug}"))>"Open the first lesson: " {title}</a></li> })}
                <li><a href=href("/widgets")>"Browse the widgets"</a></li>
            </ul>
        </div>
    }
}
