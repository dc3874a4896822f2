//! The course's table of contents and what is known about each lesson: its number, part,
//! neighbours and widgets, for the pages that link lessons together (`super::page`).
//!
//! [`Catalog::from_sources`] builds it from the Markdown files (`build.rs` does so at build
//! time, as do the tests) and checks the files against `SUMMARY.md` (missing files, files no
//! summary line names).

use super::LessonError;
use super::blocks::{Block, Lesson, parse_lesson};
use super::directive::WidgetKind;
use super::summary::{Entry, Summary, parse_summary};

/// What the catalog knows of one lesson file.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonInfo {
    /// File name in `lessons/`.
    pub file: String,
    /// The lesson's title (its first heading).
    pub title: String,
    /// Widgets it embeds, in order of first use.
    pub widgets: Vec<WidgetKind>,
    /// How many self-checks it has.
    pub checks: usize,
}

impl LessonInfo {
    /// What the catalog records of a parsed lesson.
    pub fn of(file: &str, lesson: &Lesson) -> LessonInfo {
        let mut widgets = Vec::new();
        for block in &lesson.blocks {
            if let Block::Widget(w) = block
                && !widgets.contains(&w.kind)
            {
                widgets.push(w.kind);
            }
        }
        let checks = lesson.blocks.iter().filter(|b| matches!(b, Block::Quiz(_))).count();
        LessonInfo { file: file.to_string(), title: lesson.title.clone(), widgets, checks }
    }
}

/// The summary plus an index of every lesson file.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// The parsed `SUMMARY.md`.
    pub summary: Summary,
    /// Problems with the set of files (not with a lesson's content).
    pub errors: Vec<LessonError>,
    /// Every lesson file, by file name.
    pub lessons: Vec<LessonInfo>,
}

impl Catalog {
    /// A catalog over `(file name, Markdown text)` pairs, one of which should be `SUMMARY.md`,
    /// with every lesson parsed (in the same order).
    pub fn from_sources(files: &[(String, String)]) -> (Catalog, Vec<(String, Lesson)>) {
        let summary = files.iter().find(|(name, _)| name == "SUMMARY.md").map(|(_, text)| text.as_str());
        let parsed: Vec<(String, Lesson)> = files
            .iter()
            .filter(|(name, _)| name != "SUMMARY.md")
            .map(|(name, text)| (name.clone(), parse_lesson(text)))
            .collect();
        let lessons = parsed.iter().map(|(name, lesson)| LessonInfo::of(name, lesson)).collect();
        (Catalog::assemble(summary, lessons), parsed)
    }

    fn assemble(summary_src: Option<&str>, lessons: Vec<LessonInfo>) -> Catalog {
        let mut errors = Vec::new();
        let summary = match summary_src {
            Some(src) => {
                let (summary, mut problems) = parse_summary(src);
                errors.append(&mut problems);
                summary
            }
            None => {
                errors.push(LessonError::new("lessons/SUMMARY.md is missing".to_string()));
                Summary::default()
            }
        };
        for entry in summary.written() {
            let file = entry.file.as_deref().unwrap_or_default();
            if !lessons.iter().any(|l| l.file == file) {
                errors.push(LessonError::new(format!(
                    "SUMMARY.md lists {file} (lesson {}), but lessons/{file} does not exist",
                    entry.number
                )));
            }
        }
        for lesson in &lessons {
            if !summary.written().any(|e| e.file.as_deref() == Some(lesson.file.as_str())) {
                errors.push(LessonError::new(format!("lessons/{} is not listed in SUMMARY.md", lesson.file)));
            }
        }
        Catalog { summary, errors, lessons }
    }

    /// The summary entry of a written lesson.
    pub fn entry(&self, slug: &str) -> Option<&Entry> {
        self.summary.written().find(|e| e.slug() == Some(slug))
    }

    /// The index record of a written lesson.
    pub fn info(&self, slug: &str) -> Option<&LessonInfo> {
        let file = self.entry(slug)?.file.as_deref()?;
        self.lessons.iter().find(|l| l.file == file)
    }

    /// The part a lesson belongs to, as "Part 4: Availability and reliability".
    pub fn part_label(&self, slug: &str) -> Option<String> {
        self.summary
            .parts
            .iter()
            .find(|p| p.entries.iter().any(|e| e.slug() == Some(slug)))
            .map(|p| format!("Part {}: {}", p.number, p.title))
    }

    /// The written lessons before and after `slug`, in reading order.
    pub fn neighbours(&self, slug: &str) -> (Option<&Entry>, Option<&Entry>) {
        let written: Vec<&Entry> = self.summary.written().collect();
        match written.iter().position(|e| e.slug() == Some(slug)) {
            Some(i) => (i.checked_sub(1).map(|j| written[j]), written.get(i + 1).copied()),
            None => (None, None),
        }
    }

    /// The first written lesson, where the landing page says to start.
    pub fn first(&self) -> Option<&Entry> {
        self.summary.written().next()
    }

    /// Written lessons that embed `kind`, in reading order.
    pub fn lessons_using(&self, kind: WidgetKind) -> Vec<&Entry> {
        self.summary
            .written()
            .filter(|e| e.slug().and_then(|s| self.info(s)).is_some_and(|info| info.widgets.contains(&kind)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMMARY: &str = "# Summary\n# One\n- [A](a.md)\n- [Planned]()\n- [B](b.md)\n# Two\n- [C](c.md)\n";

    fn sources(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn neighbours_skip_planned_lessons() {
        let (catalog, parsed) = Catalog::from_sources(&sources(&[
            ("SUMMARY.md", SUMMARY),
            ("a.md", "# A\n"),
            ("b.md", "# B\n{{#widget nines}}\n"),
            ("c.md", "# C\n"),
        ]));
        assert!(catalog.errors.is_empty(), "{:?}", catalog.errors);
        assert_eq!(parsed.len(), 3);
        let (prev, next) = catalog.neighbours("b");
        assert_eq!(prev.and_then(Entry::slug), Some("a"));
        assert_eq!(next.and_then(Entry::slug), Some("c"));
        assert_eq!(catalog.neighbours("a").0, None);
        assert_eq!(catalog.neighbours("c").1, None);
        assert_eq!(catalog.entry("c").map(|e| e.number.as_str()), Some("2.1"));
        assert_eq!(catalog.info("b").map(|l| l.title.as_str()), Some("B"));
        assert_eq!(catalog.part_label("c").as_deref(), Some("Part 2: Two"));
        assert!(catalog.info("nope").is_none());
        let users: Vec<&str> = catalog.lessons_using(WidgetKind::Nines).iter().filter_map(|e| e.slug()).collect();
        assert_eq!(users, ["b"]);
    }

    #[test]
    fn missing_and_orphan_files_are_reported() {
        let (catalog, _) =
            Catalog::from_sources(&sources(&[("SUMMARY.md", SUMMARY), ("a.md", "# A\n"), ("stray.md", "# S\n")]));
        let messages: Vec<&str> = catalog.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("b.md") && m.contains("does not exist")));
        assert!(messages.iter().any(|m| m.contains("stray.md") && m.contains("not listed")));
        assert!(Catalog::from_sources(&[]).0.errors[0].message.contains("SUMMARY.md is missing"));
    }
}
