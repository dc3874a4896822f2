//! The pure core of Tradeoffs, with no browser crate among its dependencies (the crate graph is
//! the purity rule): value in, value out, no clock, randomness passed in as a seed.
//!
//! - [`model`]: the widgets' maths and simulations;
//! - [`lesson`]: the content pipeline, from `lessons/*.md` to the HTML of every page;
//! - [`html`]: markup escaped by construction ([`html!`]), for everything the app puts
//!   into `innerHTML`;
//! - [`progress`]: a learner's progress (lessons done, self-check results, where reading
//!   stopped), its export file and what local storage holds, read from hostile input;
//! - [`present`]: the colour themes and presenter mode (its slides, clicker keys, addresses);
//! - [`search`]: the search index built from the lessons, its file format, ranking and
//!   snippets;
//! - [`widgets`]: the list of widgets ([`for_each_widget!`]), which both of them and the app
//!   read.
//!
//! The app (the root crate) uses both in the browser; its build script uses [`lesson`] to
//! render the site.

pub mod html;
pub mod lesson;
pub mod model;
pub mod present;
pub mod progress;
pub mod search;
pub mod widgets;
