//! The widgets as islands: each widget's component and model sit behind a split point, so
//! with the `split` feature they live in a WebAssembly chunk of their own that is fetched only
//! when a page mounts that widget (without it, the split points are plain async functions:
//! component tests and debug builds). [`view()`] is the one `match` from a [`WidgetKind`] to its
//! split point. Declares one module per widget.

pub mod cap;
pub mod cdn_latency;
pub mod nines;
#[cfg(feature = "probe-widget")]
pub mod probe;
pub mod saga;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::lesson::WidgetKind;

/// Where a widget reports its current state as a query string, so the host can keep the
/// Share link (and, standing alone, the address bar) up to date. The widget hands over a
/// derived signal once, when it is created.
#[derive(Clone, Copy)]
pub struct StateSink(RwSignal<Option<Signal<String>>>);

impl StateSink {
    /// A sink nobody has filled yet.
    pub fn new() -> StateSink {
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

impl Default for StateSink {
    fn default() -> Self {
        StateSink::new()
    }
}

/// What a page hands a widget island.
pub struct Mount {
    /// The owner the widget's reactive state belongs to; cleaning it up stops the widget.
    pub owner: Owner,
    /// Its settings (a lesson directive's or the address bar's); bad ones are ignored.
    pub params: Vec<(String, String)>,
    /// Receives its state as a query string.
    pub sink: StateSink,
    /// True on the widget's own page, where the settings a link carried but the widget could
    /// not use are listed above it.
    pub standalone: bool,
}

/// The live widget, once its code is here. An `Err` means its chunk could not be fetched
/// (offline, a stale deploy): the caller offers to try again, which fetches it afresh.
pub async fn view(kind: WidgetKind, mount: Mount) -> Result<AnyView, SplitLoaderError> {
    match kind {
        WidgetKind::Nines => nines_island(mount).await,
        WidgetKind::CdnLatency => cdn_latency_island(mount).await,
        WidgetKind::Cap => cap_island(mount).await,
        WidgetKind::Saga => saga_island(mount).await,
        #[cfg(feature = "probe-widget")]
        WidgetKind::Probe => probe_island(mount).await,
    }
}

/// Keeps the widget kit in the shell: the controls, the chart's canvas and the number
/// formatting that several widgets share. The split step puts code in the shell when the shell
/// reaches it, and otherwise in a chunk shared by the widgets that use it, which each widget's
/// first mount pays for again (and which splits into many small files). The shell calls this
/// once; `black_box` is how it reaches them without running them.
pub fn keep_kit() {
    use crate::model::units;
    use crate::ui::{chart, controls};
    std::hint::black_box([
        controls::TextField as fn(_) -> _ as usize,
        controls::Choice as fn(_) -> _ as usize,
        chart::canvas as fn(_, _) -> _ as usize,
        units::trim as fn(f64) -> String as usize,
        units::fixed as fn(f64, usize) -> String as usize,
        units::grouped as fn(f64) -> String as usize,
        units::format_duration as fn(f64) -> String as usize,
    ]);
}

/// Declares a widget's split point: `$name(mount)` runs `$body(params, sink)` under the
/// mount's owner, with the list of ignored settings above it on a standalone page (the URL
/// parsers live in the widget's chunk, not in the shell).
macro_rules! island {
    ($name:ident, $module:ident, $problems:expr, $body:path) => {
        fn $module(mount: Mount) -> AnyView {
            let Mount { owner, params, sink, standalone } = mount;
            owner.with(move || {
                let problems: Vec<String> = if standalone {
                    $problems(&params).into_iter().map(|p| p.to_string()).collect()
                } else {
                    Vec::new()
                };
                view! {
                    {(!problems.is_empty()).then(|| view! {
                        <div class="notice" role="status" data-testid="url-problems">
                            <strong>"Some settings in this link were ignored: "</strong>
                            {problems.join("; ")}
                        </div>
                    })}
                    {$body(params, sink)}
                }
                .into_any()
            })
        }

        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name(mount: Mount) -> Result<AnyView, SplitLoaderError> {
            Ok($module(mount))
        }

        #[cfg(not(feature = "split"))]
        async fn $name(mount: Mount) -> Result<AnyView, SplitLoaderError> {
            Ok($module(mount))
        }
    };
}

island!(
    nines_island,
    nines,
    |p: &[(String, String)]| crate::model::nines::NinesState::from_query(p).1,
    nines::nines_widget
);
island!(
    cdn_latency_island,
    cdn_latency,
    |p: &[(String, String)]| crate::model::cdn_latency::CdnState::from_query(p).1,
    cdn_latency::cdn_latency_widget
);
island!(cap_island, cap, |p: &[(String, String)]| crate::model::cap::CapState::from_query(p).1, cap::cap_widget);
island!(saga_island, saga, |p: &[(String, String)]| crate::model::saga::SagaState::from_query(p).1, saga::saga_widget);
#[cfg(feature = "probe-widget")]
island!(
    probe_island,
    probe,
    |p: &[(String, String)]| crate::model::probe::ProbeState::from_query(p).1,
    probe::probe_widget
);
