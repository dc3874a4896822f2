//! Tradeoffs: an explorable guide to system design.
//!
//! Three layers, each depending only on the ones before it:
//! - [`model`]: pure widget maths and simulations;
//! - [`lesson`]: the content pipeline from `lessons/*.md` to blocks;
//! - [`ui`]: the shell and the Leptos islands (the only layer that touches the browser).
//!
//! `src/main.rs` only calls [`ui::start`].

pub use tradeoffs_core::{html, lesson, model, present, progress, search};
pub mod ui;
