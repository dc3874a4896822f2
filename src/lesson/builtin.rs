//! [`Catalog::builtin`]: the catalog `build.rs` made from `lessons/`, as static data (kept
//! apart from `catalog.rs` because only the crate, not the build script, has it). Building it
//! needs no parsing, so the SUMMARY parser stays out of the browser bundle.

use super::LessonError;
use super::catalog::{Catalog, LessonInfo};
use super::directive::WidgetKind;
use super::summary::{Entry, Part, Summary};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

impl Catalog {
    /// The lessons built into this program (indexed at build time).
    pub fn builtin() -> Catalog {
        let parts = embedded::PARTS
            .iter()
            .enumerate()
            .map(|(p, (title, entries))| Part {
                number: p + 1,
                title: title.to_string(),
                entries: entries
                    .iter()
                    .enumerate()
                    .map(|(i, (title, file))| Entry {
                        number: format!("{}.{}", p + 1, i + 1),
                        title: title.to_string(),
                        file: (!file.is_empty()).then(|| file.to_string()),
                    })
                    .collect(),
            })
            .collect();
        let lessons = embedded::LESSONS
            .iter()
            .map(|(file, title, widgets)| LessonInfo {
                file: file.to_string(),
                title: title.to_string(),
                widgets: widgets.iter().filter_map(|id| WidgetKind::from_id(id)).collect(),
            })
            .collect();
        let errors = embedded::ERRORS
            .iter()
            .map(|(line, message)| LessonError { line: *line, message: message.to_string() })
            .collect();
        Catalog { summary: Summary { title: embedded::TITLE.to_string(), parts }, errors, lessons }
    }
}
