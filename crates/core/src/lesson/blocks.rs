//! One lesson file → a [`Lesson`]: its title and a list of blocks (prose HTML, widgets,
//! self-checks, and visible errors).
//!
//! The file is scanned line by line first. Lines of fenced code blocks are left alone except
//! for ```` ```quiz ```` blocks; a top-level line `{{#…}}` is a directive; everything between
//! is prose, rendered by [`Renderer`]. So a directive splits the prose around it: reference
//! links and footnotes must be defined in the same stretch of prose that uses them.

use super::LessonError;
use super::directive::{Quiz, WidgetSpec, parse_directive, parse_quiz};
use super::markdown::{Heading, Renderer};

/// A parsed lesson.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    /// The text of the first `# ` heading, or empty when there is none (which is an error).
    pub title: String,
    /// The page content in order.
    pub blocks: Vec<Block>,
    /// Every problem found; each also appears as a [`Block::Error`] where it occurred.
    pub errors: Vec<LessonError>,
    /// Headings in order, with their ids.
    pub headings: Vec<Heading>,
    /// Slugs of lessons this lesson links to.
    pub lesson_links: Vec<String>,
    /// Local image paths it shows (`../public/<file>`).
    pub images: Vec<String>,
}

/// One piece of a lesson page.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Safe HTML rendered from Markdown.
    Prose(String),
    /// A live widget.
    Widget(WidgetSpec),
    /// A self-check question.
    Quiz(Quiz),
    /// A problem in the lesson source, shown as a visible error box.
    Error(LessonError),
}

/// Parses a lesson's Markdown. Never panics and never fails: problems become
/// [`Block::Error`]s and entries of [`Lesson::errors`].
pub fn parse_lesson(src: &str) -> Lesson {
    let mut lesson = Lesson::default();
    let mut renderer = Renderer::default();
    let mut prose = String::new();
    let mut fence: Option<Fence> = None;
    let mut quiz: Option<(usize, String, Fence)> = None;
    let lines: Vec<&str> = src.lines().collect();

    let mut fence_start = 0;
    for (index, line) in lines.iter().enumerate() {
        let line_no = index + 1;
        if let Some((start, body, open)) = &mut quiz {
            if Fence::parse(line).is_some_and(|f| f.closes(open)) {
                let start = *start;
                // The quiz's Markdown goes through the lesson's renderer, so unsafe links and
                // heading ids are handled as in prose; its problems are reported at the quiz.
                let parsed =
                    parse_quiz(
                        body,
                        start + 1,
                        |text, block| {
                            if block { renderer.block(text) } else { renderer.inline(text) }
                        },
                    );
                match parsed {
                    Ok(q) => lesson.blocks.push(Block::Quiz(q)),
                    Err(e) => push_error(&mut lesson, e),
                }
                report(&mut lesson, &mut renderer, Some(start));
                quiz = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        if let Some(open) = &fence {
            if Fence::parse(line).is_some_and(|f| f.closes(open)) {
                fence = None;
            }
            prose.push_str(line);
            prose.push('\n');
            continue;
        }
        if let Some(f) = Fence::parse(line) {
            if f.info == "quiz" {
                flush(&mut lesson, &mut renderer, &mut prose);
                quiz = Some((line_no, String::new(), f.fence));
                continue;
            }
            fence = Some(f.fence);
            fence_start = line_no;
            prose.push_str(line);
            prose.push('\n');
            continue;
        }
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if indent < 4 && trimmed.starts_with("{{#") {
            flush(&mut lesson, &mut renderer, &mut prose);
            match trimmed.strip_suffix("}}").map(|s| &s[2..]) {
                Some(inner) if !inner.contains("}}") => match parse_directive(inner.trim(), line_no) {
                    Ok(spec) => lesson.blocks.push(Block::Widget(spec)),
                    Err(e) => push_error(&mut lesson, e),
                },
                _ => push_error(
                    &mut lesson,
                    LessonError::at(
                        line_no,
                        format!("directive “{trimmed}” must stand alone on its line and end with }}}}"),
                    ),
                ),
            }
            continue;
        }
        if indent < 4 && nested_directive(trimmed) {
            push_error(
                &mut lesson,
                LessonError::at(
                    line_no,
                    "a directive must stand on a line of its own, outside lists and quotes".to_string(),
                ),
            );
        }
        if lesson.title.is_empty() && trimmed.starts_with("# ") && prose.trim().is_empty() && lesson.blocks.is_empty() {
            lesson.title = trimmed[2..].trim().to_string();
        }
        prose.push_str(line);
        prose.push('\n');
    }
    if let Some((start, _, _)) = quiz {
        push_error(&mut lesson, LessonError::at(start, "quiz block is never closed with ```".to_string()));
    }
    if fence.is_some() {
        push_error(
            &mut lesson,
            LessonError::at(
                fence_start,
                "code block is never closed: everything after it is shown as code".to_string(),
            ),
        );
    }
    flush(&mut lesson, &mut renderer, &mut prose);
    if lesson.title.is_empty() {
        let e = LessonError::at(1, "a lesson must start with a title line “# Title”".to_string());
        lesson.blocks.insert(0, Block::Error(e.clone()));
        lesson.errors.insert(0, e);
    }
    lesson.headings = renderer.headings;
    lesson.lesson_links = renderer.lesson_links;
    lesson.images = renderer.images;
    lesson
}

/// `- {{#widget …}}`, `> {{#widget …}}`, `1. {{#…`: a directive where it cannot work.
fn nested_directive(line: &str) -> bool {
    let mut rest = line;
    loop {
        let marker = rest.strip_prefix(['-', '*', '+', '>']).or_else(|| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            (digits > 0).then(|| rest[digits..].strip_prefix(['.', ')'])).flatten()
        });
        match marker {
            Some(after) if after.is_empty() || after.starts_with([' ', '\t']) || after.starts_with('>') => {
                rest = after.trim_start();
                if rest.starts_with("{{#") {
                    return true;
                }
            }
            _ => return false,
        }
    }
}

fn flush(lesson: &mut Lesson, renderer: &mut Renderer, prose: &mut String) {
    if !prose.trim().is_empty() {
        let html = renderer.block(prose);
        lesson.blocks.push(Block::Prose(html));
    }
    prose.clear();
    report(lesson, renderer, None);
}

/// Moves the renderer's problems (unsafe links, remote images) into the lesson.
fn report(lesson: &mut Lesson, renderer: &mut Renderer, line: Option<usize>) {
    for problem in std::mem::take(&mut renderer.problems) {
        push_error(lesson, LessonError { line, message: problem });
    }
}

fn push_error(lesson: &mut Lesson, error: LessonError) {
    lesson.blocks.push(Block::Error(error.clone()));
    lesson.errors.push(error);
}

/// An opening or closing code fence.
#[derive(Clone, Debug, PartialEq)]
struct Fence {
    ch: char,
    len: usize,
}

struct FenceLine {
    fence: Fence,
    info: String,
}

impl Fence {
    /// Reads a fence line: up to 3 spaces, then 3+ backticks or tildes, then an info string.
    fn parse(line: &str) -> Option<FenceLine> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            return None;
        }
        let rest = &line[indent..];
        let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = rest.chars().take_while(|c| *c == ch).count();
        if len < 3 {
            return None;
        }
        let info = rest[len..].trim();
        if ch == '`' && info.contains('`') {
            return None;
        }
        Some(FenceLine { fence: Fence { ch, len }, info: info.split_whitespace().next().unwrap_or("").to_string() })
    }
}

impl FenceLine {
    /// Whether this line closes `open`: same character, at least as long, no info string.
    fn closes(&self, open: &Fence) -> bool {
        self.fence.ch == open.ch && self.fence.len >= open.len && self.info.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::directive::{QuizAnswer, WidgetKind};

    fn kinds(lesson: &Lesson) -> Vec<&'static str> {
        lesson
            .blocks
            .iter()
            .map(|b| match b {
                Block::Prose(_) => "prose",
                Block::Widget(_) => "widget",
                Block::Quiz(_) => "quiz",
                Block::Error(_) => "error",
            })
            .collect()
    }

    #[test]
    fn prose_widgets_and_quizzes_in_order() {
        let src = "# Nines\n\nIntro.\n\n{{#widget nines availability=99.95}}\n\nMore.\n\n```quiz\n? Q\n- a\n+ b\n> Why.\n```\n\nEnd.\n";
        let lesson = parse_lesson(src);
        assert!(lesson.errors.is_empty(), "{:?}", lesson.errors);
        assert_eq!(lesson.title, "Nines");
        assert_eq!(kinds(&lesson), ["prose", "widget", "prose", "quiz", "prose"]);
        let Block::Widget(spec) = &lesson.blocks[1] else { unreachable!() };
        assert_eq!(spec.kind, WidgetKind::Nines);
        let Block::Quiz(q) = &lesson.blocks[3] else { unreachable!() };
        assert!(matches!(q.answer, QuizAnswer::Choice { correct: 1, .. }));
        assert!(q.explanation.contains("<p>Why.</p>"));
    }

    #[test]
    fn directives_inside_code_blocks_are_text() {
        let src = "# T\n\n```text\n{{#widget teapot}}\n```\n\n~~~~\n```quiz\n~~~~\n\n    {{#widget teapot}}\n\n\\{{#widget teapot}}\n";
        let lesson = parse_lesson(src);
        assert!(lesson.errors.is_empty(), "{:?}", lesson.errors);
        assert_eq!(kinds(&lesson), ["prose"]);
        let Block::Prose(html) = &lesson.blocks[0] else { unreachable!() };
        // Once in a code block, once indented (code), once escaped (text).
        assert_eq!(html.matches("{{#widget teapot}}").count(), 3, "{html}");
        assert!(html.contains("```quiz"), "a quiz fence inside a tilde fence is code: {html}");
    }

    #[test]
    fn problems_become_visible_error_blocks_with_lines() {
        let src = "# T\n\n{{#widget teapot}}\n\n{{#widget nines availability=abc}}\n\n{{#widget nines\n\n```quiz\n? no answer\n> x\n```\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n```quiz\n? never closed\n";
        let lesson = parse_lesson(src);
        let lines: Vec<Option<usize>> = lesson.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(3), Some(5), Some(7), Some(10), None, Some(18)], "{:?}", lesson.errors);
        assert_eq!(kinds(&lesson).iter().filter(|k| **k == "error").count(), 6);
        let all_html: String = lesson
            .blocks
            .iter()
            .filter_map(|b| if let Block::Prose(h) = b { Some(h.as_str()) } else { None })
            .collect();
        assert!(!all_html.contains("<script"));
    }

    #[test]
    fn quiz_markdown_is_checked_like_prose() {
        let src = "# T\n\n```quiz\n? See [x](javascript:alert(1))\n- a\n+ b ![i](https://evil.example/p.png)\n> Read [more](nosuch.md).\n```\n";
        let lesson = parse_lesson(src);
        let lines: Vec<Option<usize>> = lesson.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(3), Some(3)], "{:?}", lesson.errors);
        assert_eq!(lesson.lesson_links, ["nosuch"], "links in explanations are checked too");
        assert_eq!(kinds(&lesson), ["prose", "quiz", "error", "error"]);
    }

    #[test]
    fn unclosed_code_and_nested_directives_are_errors() {
        let lesson = parse_lesson(
            "# T\n\n- {{#widget teapot}}\n> {{#widget nines}}\n1. {{#widget nines}}\n- a list item\n\n```rust\nlet x = 1;\n",
        );
        let lines: Vec<Option<usize>> = lesson.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(8)], "{:?}", lesson.errors);
    }

    #[test]
    fn a_lesson_without_title_is_an_error() {
        let lesson = parse_lesson("Just text.\n");
        assert_eq!(lesson.errors.len(), 1);
        assert!(matches!(lesson.blocks[0], Block::Error(_)));
        assert!(parse_lesson("").errors.len() == 1);
    }

    #[test]
    fn headings_and_links_are_collected() {
        let lesson = parse_lesson("# T\n\n## A\n\n{{#widget nines}}\n\n## A\n\nSee [x](x.md).\n");
        let ids: Vec<&str> = lesson.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["t", "a", "a-1"]);
        assert_eq!(lesson.lesson_links, ["x"]);
    }
}
