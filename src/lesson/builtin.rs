//! [`Catalog::builtin`]: the catalog `build.rs` indexed from `lessons/` (kept apart from
//! `catalog.rs` because only the crate, not the build script, has the generated index).

use super::catalog::{Catalog, LessonInfo};
use super::directive::WidgetKind;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

impl Catalog {
    /// The lessons built into this program (indexed at build time).
    pub fn builtin() -> Catalog {
        let lessons = embedded::LESSONS
            .iter()
            .map(|(file, title, widgets)| LessonInfo {
                file: file.to_string(),
                title: title.to_string(),
                widgets: widgets.iter().filter_map(|id| WidgetKind::from_id(id)).collect(),
            })
            .collect();
        Catalog::assemble(embedded::SUMMARY, lessons)
    }
}
