//! The widgets as islands. Each widget's view module (declared from the list of widgets,
//! `tradeoffs_core::for_each_widget!`) puts its component behind a split point with
//! [`island!`], so with the `split` feature its code and its model live in a WebAssembly chunk
//! of its own, fetched only when a page mounts it (without the feature, split points are plain
//! async functions: component tests and debug builds). [`view()`] is the one `match` from a
//! [`WidgetKind`] to its island.

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

/// In a widget's view module, its split point: `island!(nines, NinesState, NinesWidget)`
/// declares `island(mount)`, which runs the component under the mount's owner, with the list
/// of ignored settings above it on a standalone page (the URL parsers live in the widget's
/// chunk, not in the shell). The first argument names the chunk.
macro_rules! island {
    ($chunk:ident, $State:ty, $Component:ident) => {
        fn build(mount: super::Mount) -> AnyView {
            use tradeoffs_core::model::widget::UrlState as _;
            let super::Mount { owner, params, sink, standalone } = mount;
            owner.with(move || {
                let problems: Vec<String> = if standalone {
                    <$State>::from_query(&params).1.into_iter().map(|p| p.to_string()).collect()
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
                    <$Component params sink />
                }
                .into_any()
            })
        }

        /// The live widget, its chunk fetched first (with the `split` feature).
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn island(mount: super::Mount) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
            Ok(build(mount))
        }

        /// The live widget.
        #[cfg(not(feature = "split"))]
        pub async fn island(mount: super::Mount) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
            Ok(build(mount))
        }
    };
}

/// Declares the view modules, one per widget of the list, and [`view()`].
macro_rules! widget_views {
    ($( $(#[$attr:meta])* $Kind:ident $module:ident $State:ident, )*) => {
        $( $(#[$attr])* pub mod $module; )*

        /// The live widget, once its code is here. An `Err` means its chunk could not be
        /// fetched (offline, a stale deploy): the caller offers to try again, which fetches it
        /// afresh.
        pub async fn view(kind: WidgetKind, mount: Mount) -> Result<AnyView, SplitLoaderError> {
            match kind {
                $( $(#[$attr])* WidgetKind::$Kind => $module::island(mount).await, )*
            }
        }
    };
}
tradeoffs_core::for_each_widget!(widget_views);
