//! The Leptos components: the app shell, pages and one file per widget. This is the only
//! layer that imports leptos or web-sys; it turns DOM events into model inputs and model
//! outputs into elements, and holds no maths of its own.

pub mod app;
pub mod browser;
pub mod chart;
pub mod controls;
pub mod lesson_page;
pub mod nav;
pub mod pages;
pub mod quiz;
pub mod router;
pub mod stepper;
pub mod widgets;

pub use app::App;
