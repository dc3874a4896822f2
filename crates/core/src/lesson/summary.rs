//! `lessons/SUMMARY.md`: the single source of the course's order, numbering, titles and slugs.
//!
//! The format is a strict subset of mdBook's:
//!
//! ```text
//! # Summary                                     <- the first H1 is the course title
//!
//! # Availability and reliability                <- every later H1 starts a part
//! - [Availability and the nines](availability-and-the-nines.md)
//! - [Fault tolerance]()                          <- a planned lesson, not written yet
//! ```
//!
//! Parts are numbered from 1 and lessons within a part from 1, so the second lesson of the
//! fourth part is "4.2". A lesson's slug (its URL segment) is its file name without `.md`.
//! Blank lines and `<!-- comments -->` lines are ignored; anything else is reported.

use super::LessonError;

/// The parsed table of contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// The course title (the first H1).
    pub title: String,
    /// The parts, in order.
    pub parts: Vec<Part>,
}

/// One part of the course.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// 1-based part number.
    pub number: usize,
    /// The part title.
    pub title: String,
    /// The part's lessons, in order.
    pub entries: Vec<Entry>,
}

/// One lesson line of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Number such as `4.2`.
    pub number: String,
    /// Lesson title as listed.
    pub title: String,
    /// The lesson file relative to `lessons/`, or `None` for a planned lesson.
    pub file: Option<String>,
}

impl Entry {
    /// The URL segment of a written lesson: the file name without `.md`.
    pub fn slug(&self) -> Option<&str> {
        self.file.as_deref().map(slug_of)
    }
}

/// The slug of a lesson file name: `availability-and-the-nines.md` → `availability-and-the-nines`.
pub fn slug_of(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".md").unwrap_or(name)
}

impl Summary {
    /// Every lesson entry in reading order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.parts.iter().flat_map(|p| p.entries.iter())
    }

    /// Written lessons only, in reading order.
    pub fn written(&self) -> impl Iterator<Item = &Entry> {
        self.entries().filter(|e| e.file.is_some())
    }
}

/// Parses the text of `SUMMARY.md`. Never fails: problems come back beside the result.
pub fn parse_summary(src: &str) -> (Summary, Vec<LessonError>) {
    let mut summary = Summary::default();
    let mut errors = Vec::new();
    let mut in_comment = false;
    for (index, raw) in src.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with("<!--") {
            in_comment = !line.contains("-->");
            continue;
        }
        if let Some(title) = line.strip_prefix("# ") {
            let title = title.trim().to_string();
            if summary.title.is_empty() && summary.parts.is_empty() {
                summary.title = title;
            } else {
                let number = summary.parts.len() + 1;
                summary.parts.push(Part { number, title, entries: Vec::new() });
            }
            continue;
        }
        let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) else {
            errors.push(LessonError::at(
                line_no,
                format!("SUMMARY.md: expected “# Part” or “- [Title](file.md)”, found “{line}”"),
            ));
            continue;
        };
        let Some((title, file)) = parse_link(item.trim()) else {
            errors.push(LessonError::at(
                line_no,
                format!("SUMMARY.md: “{item}” is not a link of the form [Title](file.md)"),
            ));
            continue;
        };
        let Some(part) = summary.parts.last_mut() else {
            errors.push(LessonError::at(
                line_no,
                "SUMMARY.md: a lesson appears before the first part heading".to_string(),
            ));
            continue;
        };
        if let Some(f) = &file
            && (!f.ends_with(".md") || f.contains("..") || f.starts_with('/') || f.contains('/'))
        {
            errors.push(LessonError::at(
                line_no,
                format!("SUMMARY.md: “{f}” must be a file name ending in .md inside lessons/"),
            ));
            continue;
        }
        let number = format!("{}.{}", part.number, part.entries.len() + 1);
        part.entries.push(Entry { number, title, file });
    }
    let mut seen = std::collections::HashSet::new();
    for entry in summary.entries() {
        if let Some(slug) = entry.slug()
            && !seen.insert(slug)
        {
            errors.push(LessonError::new(format!("SUMMARY.md: {slug}.md is listed twice")));
        }
    }
    if summary.title.is_empty() {
        errors.push(LessonError::new("SUMMARY.md: the first line should be a title such as “# Summary”".to_string()));
    }
    (summary, errors)
}

/// `[Title](file.md)` → `(Title, Some(file.md))`; `[Title]()` → `(Title, None)`.
fn parse_link(item: &str) -> Option<(String, Option<String>)> {
    let rest = item.strip_prefix('[')?;
    let close = rest.rfind("](")?;
    let title = rest[..close].trim();
    let target = rest[close + 2..].strip_suffix(')')?.trim();
    if title.is_empty() {
        return None;
    }
    let file = if target.is_empty() { None } else { Some(target.to_string()) };
    Some((title.to_string(), file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_lessons_are_numbered_in_order() {
        let src = "# Summary\n\n# Thinking in systems\n- [What system design is]()\n\n# Availability\n- [The nines](availability-and-the-nines.md)\n- [Composing](composing-availability.md)\n";
        let (summary, errors) = parse_summary(src);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(summary.title, "Summary");
        assert_eq!(summary.parts.len(), 2);
        let numbers: Vec<&str> = summary.entries().map(|e| e.number.as_str()).collect();
        assert_eq!(numbers, ["1.1", "2.1", "2.2"]);
        let slugs: Vec<&str> = summary.written().filter_map(Entry::slug).collect();
        assert_eq!(slugs, ["availability-and-the-nines", "composing-availability"]);
        assert_eq!(summary.parts[0].entries[0].file, None);
    }

    #[test]
    fn problems_are_reported_not_fatal() {
        let src = "# Summary\n- [Orphan](orphan.md)\n# Part\nnot a list item\n- [Bad](../etc/passwd.md)\n- [Twice](a.md)\n- [Twice again](a.md)\n- [](x.md)\n<!-- a comment\nspanning lines -->\n";
        let (summary, errors) = parse_summary(src);
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert_eq!(errors[0].line, Some(2));
        assert_eq!(summary.parts[0].entries.len(), 2);
    }

    #[test]
    fn empty_input_gives_an_empty_summary_and_one_error() {
        let (summary, errors) = parse_summary("");
        assert!(summary.parts.is_empty());
        assert_eq!(errors.len(), 1);
    }
}
