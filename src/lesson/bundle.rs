//! The compact text form of a parsed [`Lesson`], as shipped in `content/<slug>.lesson`.
//!
//! `build.rs` parses every lesson at build time and writes this form; the browser fetches and
//! decodes it, so neither the Markdown parser nor the lesson text sits in the WebAssembly
//! bundle. One record per line, fields separated by spaces and percent-encoded (so a field
//! holds no space or newline); prose carries a byte length and its HTML follows verbatim:
//!
//! ```text
//! tradeoffs-lesson 1
//! title Availability%20and%20the%20nines
//! prose 1234
//! <h1 id="…">…</h1>…
//! widget nines availability=99.95&panels=table
//! quiz-choice 1 QUESTION EXPLANATION CHOICE CHOICE …
//! quiz-number 43.2 0.5 UNIT QUESTION EXPLANATION
//! error 12 MESSAGE            (or `error - MESSAGE` without a line)
//! heading 2 ID TEXT
//! link SLUG
//! image PATH
//! ```
//!
//! Decoding never panics: a damaged file gives a lesson with an error block saying so.

use super::LessonError;
use super::blocks::{Block, Lesson};
use super::directive::{Quiz, QuizAnswer, WidgetKind, WidgetSpec};
use super::markdown::Heading;
use crate::model::query::{self, escape, unescape};

const MAGIC: &str = "tradeoffs-lesson 1";

/// Writes a lesson in the bundle form.
pub fn encode(lesson: &Lesson) -> String {
    let mut out = format!("{MAGIC}\ntitle {}\n", escape(&lesson.title));
    for block in &lesson.blocks {
        match block {
            Block::Prose(html) => {
                out.push_str(&format!("prose {}\n{html}\n", html.len()));
            }
            Block::Widget(spec) => {
                out.push_str(&format!("widget {} {}\n", spec.kind.id(), escape(&query::encode(&spec.params))));
            }
            Block::Quiz(quiz) => match &quiz.answer {
                QuizAnswer::Choice { choices, correct } => {
                    let choices: Vec<String> = choices.iter().map(|c| escape(c)).collect();
                    out.push_str(&format!(
                        "quiz-choice {correct} {} {} {}\n",
                        escape(&quiz.question),
                        escape(&quiz.explanation),
                        choices.join(" ")
                    ));
                }
                QuizAnswer::Number { value, tolerance, unit } => out.push_str(&format!(
                    "quiz-number {value:?} {tolerance:?} {} {} {}\n",
                    escape(unit),
                    escape(&quiz.question),
                    escape(&quiz.explanation)
                )),
            },
            Block::Error(e) => out.push_str(&format!("error {}\n", error_fields(e))),
        }
    }
    for h in &lesson.headings {
        out.push_str(&format!("heading {} {} {}\n", h.level, escape(&h.id), escape(&h.text)));
    }
    for link in &lesson.lesson_links {
        out.push_str(&format!("link {}\n", escape(link)));
    }
    for image in &lesson.images {
        out.push_str(&format!("image {}\n", escape(image)));
    }
    out
}

fn error_fields(e: &LessonError) -> String {
    let line = e.line.map(|l| l.to_string()).unwrap_or_else(|| "-".into());
    format!("{line} {}", escape(&e.message))
}

/// Reads the bundle form back. Problems (a damaged or truncated file) become error blocks.
pub fn decode(text: &str) -> Lesson {
    let mut lesson = Lesson::default();
    let mut rest = text;
    let mut first = true;
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        rest = after;
        if first {
            first = false;
            if line != MAGIC {
                fail(&mut lesson, "this is not a lesson file (wrong header)");
                return lesson;
            }
            continue;
        }
        let mut fields = line.split(' ');
        let kind = fields.next().unwrap_or_default();
        let mut next = || fields.next().map(unescape);
        match kind {
            "title" => lesson.title = next().unwrap_or_default(),
            "prose" => {
                let len: usize = next().and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
                match rest.get(..len) {
                    Some(html) => {
                        lesson.blocks.push(Block::Prose(html.to_string()));
                        rest = rest[len..].strip_prefix('\n').unwrap_or(&rest[len..]);
                    }
                    None => {
                        fail(&mut lesson, "the lesson file is truncated");
                        return lesson;
                    }
                }
            }
            "widget" => {
                let id = next().unwrap_or_default();
                let params = query::decode(&next().unwrap_or_default());
                match WidgetKind::from_id(&id) {
                    Some(kind) => lesson.blocks.push(Block::Widget(WidgetSpec { kind, params })),
                    None => fail(&mut lesson, &format!("unknown widget “{id}”")),
                }
            }
            "quiz-choice" => {
                let correct = next().and_then(|n| n.parse().ok());
                let question = next().unwrap_or_default();
                let explanation = next().unwrap_or_default();
                let choices: Vec<String> = std::iter::from_fn(&mut next).collect();
                match correct {
                    Some(correct) if correct < choices.len() => lesson.blocks.push(Block::Quiz(Quiz {
                        question,
                        answer: QuizAnswer::Choice { choices, correct },
                        explanation,
                    })),
                    _ => fail(&mut lesson, "a self-check in the lesson file is damaged"),
                }
            }
            "quiz-number" => {
                let value = next().and_then(|n| n.parse::<f64>().ok()).filter(|v| v.is_finite());
                let tolerance = next().and_then(|n| n.parse::<f64>().ok()).filter(|v| v.is_finite() && *v >= 0.0);
                let unit = next().unwrap_or_default();
                let question = next().unwrap_or_default();
                let explanation = next().unwrap_or_default();
                match (value, tolerance) {
                    (Some(value), Some(tolerance)) => lesson.blocks.push(Block::Quiz(Quiz {
                        question,
                        answer: QuizAnswer::Number { value, tolerance, unit },
                        explanation,
                    })),
                    _ => fail(&mut lesson, "a self-check in the lesson file is damaged"),
                }
            }
            "error" => {
                let line = next().and_then(|l| l.parse().ok());
                let message = next().unwrap_or_default();
                let e = LessonError { line, message };
                lesson.blocks.push(Block::Error(e.clone()));
                lesson.errors.push(e);
            }
            "heading" => {
                let level = next().and_then(|l| l.parse().ok()).unwrap_or(2);
                let id = next().unwrap_or_default();
                let text = next().unwrap_or_default();
                lesson.headings.push(Heading { level, text, id });
            }
            "link" => lesson.lesson_links.push(next().unwrap_or_default()),
            "image" => lesson.images.push(next().unwrap_or_default()),
            "" => {}
            other => fail(&mut lesson, &format!("unknown record “{other}” in the lesson file")),
        }
    }
    if first {
        fail(&mut lesson, "the lesson file is empty");
    }
    lesson
}

fn fail(lesson: &mut Lesson, message: &str) {
    let e = LessonError::new(message.to_string());
    lesson.blocks.push(Block::Error(e.clone()));
    lesson.errors.push(e);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse_lesson;

    const SAMPLE: &str = "# Nines & “quotes”\n\nIntro with **bold**\nand two lines.\n\n## A heading\n\n{{#widget nines availability=99.95 budget=\"43m 12s\" panels=table,budget}}\n\n```quiz\n? Which?\n- a b\n+ c\n> Because\n> of `x`.\n```\n\n```quiz\n? How many?\n= 43.2 ± 0.5 min\n> x\n```\n\n{{#widget teapot}}\n\nSee [x](x.md) and ![a chart](../public/chart.png).\n";

    #[test]
    fn round_trip_keeps_everything() {
        let lesson = parse_lesson(SAMPLE);
        assert_eq!(lesson.errors.len(), 1, "the teapot");
        let back = decode(&encode(&lesson));
        assert_eq!(back, lesson);
    }

    #[test]
    fn damaged_files_become_error_blocks() {
        let good = encode(&parse_lesson(SAMPLE));
        for bad in [
            String::new(),
            "not a lesson".to_string(),
            good.replace("prose ", "prose 999999"),
            good.replace("quiz-choice 1", "quiz-choice 9"),
            good.replace("quiz-number 43.2", "quiz-number abc"),
            good.replace("widget nines", "widget teapot"),
            format!("{good}mystery record\n"),
            good.chars().take(good.chars().count() / 2).collect(),
        ] {
            let lesson = decode(&bad);
            assert!(!lesson.errors.is_empty(), "{bad:.80}");
            assert!(lesson.blocks.iter().any(|b| matches!(b, Block::Error(_))));
        }
    }
}
