//! The browser side: the shell that takes over the pages written at build time, and the
//! islands it brings to life (widgets, self-checks). This is the only layer that imports
//! leptos or web-sys; it turns DOM events into model inputs and model outputs into elements,
//! and holds no maths of its own.

pub mod app;
pub mod browser;
pub mod chart;
pub mod controls;
pub mod embed;
pub mod islands;
pub mod keys;
pub mod nav;
pub mod present;
pub mod presenter;
pub mod print;
pub mod progress;
pub mod quiz;
pub mod router;
pub mod search;
pub mod share;
pub mod shell;
pub mod stepper;
pub mod widgets;

pub use shell::start;
