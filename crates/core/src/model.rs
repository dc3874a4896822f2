//! Pure models behind the widgets: value in, value out.
//!
//! **Invariant:** nothing here imports leptos, web-sys, wasm-bindgen, gloo or a random number
//! generator, and nothing reads a clock. Simulations take their randomness as a seed and their
//! time as an input. Native `cargo test` covers this layer completely.

pub mod cap;
pub mod cdn_latency;
pub mod nines;
#[cfg(feature = "probe-widget")]
pub mod probe;
pub mod query;
pub mod saga;
pub mod units;
