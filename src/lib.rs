//! Tradeoffs: an explorable guide to system design.
//!
//! Three layers, each depending only on the ones before it:
//! - [`model`]: pure widget maths and simulations;
//! - [`lesson`]: the content pipeline from `lessons/*.md` to blocks;
//! - [`ui`]: Leptos components (the only layer that touches the browser).
//!
//! `src/main.rs` only mounts [`ui::App`].

pub mod lesson;
pub mod model;
pub mod ui;

pub use ui::App;
