//! `<WidgetHost/>`: the frame around every widget (title, Share link) and the one `match`
//! from a [`WidgetSpec`] to the widget's component. Declares one module per widget.

pub mod cap;
pub mod cdn_latency;
pub mod nines;
pub mod saga;

use leptos::leptos_dom::helpers::{TimeoutHandle, set_timeout_with_handle};
use leptos::prelude::*;

use super::browser::use_base;
use crate::lesson::{WidgetKind, WidgetSpec};

/// Where a widget reports its current state as a query string, so the host can build the
/// Share link (and, standing alone, mirror it into the address bar). The widget hands over a
/// derived signal once, when it is created.
#[derive(Clone, Copy)]
pub struct StateSink(RwSignal<Option<Signal<String>>>);

impl StateSink {
    fn new() -> StateSink {
        StateSink(RwSignal::new(None))
    }

    /// Called once by the widget with its state as a query string.
    pub fn provide(self, query: Signal<String>) {
        self.0.set(Some(query));
    }

    /// The current query string (empty until the widget has provided one).
    pub fn get(self) -> String {
        self.0.get().map(|q| q.get()).unwrap_or_default()
    }
}

/// A widget with its frame.
#[component]
pub fn WidgetHost(
    /// Which widget, with its preset parameters.
    spec: WidgetSpec,
    /// True on the widget's own page: its state is mirrored into the address bar.
    #[prop(default = false)]
    standalone: bool,
) -> impl IntoView {
    let base = use_base();
    let kind = spec.kind;
    let sink = StateSink::new();
    let share = move || {
        let q = sink.get();
        let path = base.href(&format!("/widgets/{}", kind.id()));
        if q.is_empty() { path } else { format!("{path}?{q}") }
    };
    if standalone {
        // Mirror the state into the address bar a moment after the last change: rewriting
        // history on every keystroke is slow, and browsers throttle it.
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let query = sink.get();
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let write = move || super::browser::replace_query(&query);
            pending.set_value(set_timeout_with_handle(write, std::time::Duration::from_millis(150)).ok());
        });
    }
    let body = match kind {
        WidgetKind::Nines => view! { <nines::NinesWidget params=spec.params sink /> }.into_any(),
        WidgetKind::CdnLatency => view! { <cdn_latency::CdnLatencyWidget params=spec.params sink /> }.into_any(),
        WidgetKind::Cap => view! { <cap::CapWidget params=spec.params sink /> }.into_any(),
        WidgetKind::Saga => view! { <saga::SagaWidget params=spec.params sink /> }.into_any(),
    };
    view! {
        <section class=format!("widget widget-{}", kind.id()) data-widget=kind.id() aria-label=kind.title()>
            <header class="widget-head">
                <span class="widget-title">{kind.title()}</span>
                {(!standalone).then(|| view! {
                    <a class="widget-share" href=share data-testid="share-link" title="Open this setup on its own page: copy that address to share it">
                        "Share ↗"
                    </a>
                })}
            </header>
            {body}
        </section>
    }
}
