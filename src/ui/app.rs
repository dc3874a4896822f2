//! App-wide state, in one place: what the shell provides once under the root owner, and what
//! any island reads with `expect_context` (a missing context is a bug to see at once, not a
//! silent default).
//!
//! - [`BasePath`]: where the site is served, for the links the app writes;
//! - [`Theme`]: light, dark or projector, for the canvases that draw in the theme's colours
//!   (presenter mode switches it to the projector's while presenting).
//!
//! The rest of what a client-rendered app would keep here is not state in this one: every page,
//! with the table of contents (the catalog), is written at build time; the location is the
//! address bar, which the router reads; reading progress lives in local storage and is shown
//! by the chrome (`nav`), which no island reads.

use leptos::prelude::*;

pub use crate::present::ThemeName;

/// The path the site is served under, without a trailing slash: `""` at the root of a host,
/// `"/tradeoffs"` under a sub-path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasePath(pub String);

impl BasePath {
    /// An absolute URL path for a route inside the app: `href("/lessons/x")`.
    pub fn href(&self, route: &str) -> String {
        format!("{}{}", self.0, route)
    }
}

/// The colour theme on the page; canvases redraw when it changes (`nav::set_theme` changes it).
#[derive(Clone, Copy, Debug)]
pub struct Theme(pub RwSignal<ThemeName>);

/// Provides the app-wide state under the current owner: the shell at start (with the page's
/// base and the stored theme), a component test for the page it builds.
pub fn provide(base: BasePath, theme: Theme) {
    provide_context(base);
    provide_context(theme);
}

/// Where the site is served.
pub fn base() -> BasePath {
    expect_context::<BasePath>()
}

/// The theme.
pub fn theme() -> Theme {
    expect_context::<Theme>()
}
