//! The content pipeline: `lessons/SUMMARY.md` → [`Catalog`] → [`Lesson`] → blocks of prose
//! HTML, widget specs and self-checks → the HTML of every page ([`page::site`]), in the manner
//! of mdBook's stages. It runs at build time (`build.rs`); the browser gets its output.
//!
//! **Invariant:** parsing never panics and never fails. Problems come back as
//! [`LessonError`]s beside the result, and each page shows them as visible error boxes where
//! they occurred. Nothing here imports leptos or web-sys.

pub mod blocks;
pub mod catalog;
pub mod directive;
pub mod embed;
pub mod error;
pub mod markdown;
pub mod page;
pub mod summary;
pub mod twin;

pub use blocks::{Block, Lesson, parse_lesson};
pub use catalog::Catalog;
pub use directive::{Quiz, QuizAnswer, WidgetKind, WidgetSpec};
pub use error::LessonError;
pub use summary::{Entry, Part, Summary, parse_summary};
