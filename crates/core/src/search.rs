//! Full-text search over every lesson, with no server: an index built at build time, a compact
//! text file the browser fetches when search is first opened, and the ranking and snippets the
//! app shows as the reader types.
//!
//! - [`Index::build`] (in `build.rs`): one [`Section`] per heading of every written lesson, its
//!   heading text and anchor id exactly as the page renders them ([`Lesson::headings`]), and the
//!   plain text of the rendered prose, self-checks and widget titles below it up to the next
//!   heading. The lesson's opening (before its first `##`) is the section of its `#` title.
//! - [`Index::to_text`] / [`Index::parse`]: the file's format, one record a line, fields split by
//!   tabs (`L` a lesson: slug, number, title; `S` a section of the last lesson: anchor, heading,
//!   text), with `\`, tab and line breaks escaped. Parsing never panics, whatever the bytes.
//! - [`Searcher`]: the index with its vocabulary sorted (each distinct word and the sections
//!   holding it), so a keystroke looks words up instead of reading the course. [`Query::parse`]
//!   splits what was typed into words (lower case, split on anything not a letter or digit; the
//!   last word matches as a prefix while it is being typed), [`Searcher::search`] ranks the
//!   sections (every word present first; a word in the heading above one in the text), and
//!   [`Searcher::snippet`] cuts the passage around the first match with the matched words marked.

use std::collections::BTreeMap;

use crate::lesson::markdown::Heading;
use crate::lesson::{Block, Catalog, Lesson, QuizAnswer};

/// The first line of an index file: its format and version.
pub const MAGIC: &str = "tradeoffs-search 1";
/// At most this many words of a query are used (the rest are ignored).
pub const MAX_TERMS: usize = 12;
/// A query word longer than this (in characters) is cut to it.
pub const MAX_TERM_CHARS: usize = 40;

/// A written lesson, as the results name it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonRef {
    /// Its URL segment: `lessons/<slug>`.
    pub slug: String,
    /// Its number, `6.2`.
    pub number: String,
    /// Its title.
    pub title: String,
}

/// One heading's stretch of a lesson.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// Which lesson (an index into [`Index::lessons`]).
    pub lesson: usize,
    /// The heading's id on the page (`#anchor`).
    pub anchor: String,
    /// The heading's text.
    pub heading: String,
    /// The plain text below it, whitespace collapsed.
    pub text: String,
}

/// Every section of every written lesson.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    /// The lessons, in course order.
    pub lessons: Vec<LessonRef>,
    /// Their sections, lesson by lesson, in page order.
    pub sections: Vec<Section>,
}

impl Index {
    /// The index of every written lesson in the summary's order. `lessons` are the parsed
    /// files by file name, as [`Catalog::from_sources`] returns them.
    pub fn build(catalog: &Catalog, lessons: &[(String, Lesson)]) -> Index {
        let mut index = Index::default();
        for entry in catalog.summary.written() {
            let Some(slug) = entry.slug() else { continue };
            let file = entry.file.as_deref().unwrap_or_default();
            let Some((_, lesson)) = lessons.iter().find(|(f, _)| f == file) else { continue };
            let title = if lesson.title.is_empty() { entry.title.clone() } else { lesson.title.clone() };
            let n = index.lessons.len();
            index.lessons.push(LessonRef { slug: slug.to_string(), number: entry.number.clone(), title });
            for (anchor, heading, text) in sections_of(lesson) {
                index.sections.push(Section { lesson: n, anchor, heading, text });
            }
        }
        index
    }

    /// The index as the file the site serves.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.sections.iter().map(|s| s.text.len() + 64).sum::<usize>() + 64);
        out.push_str(MAGIC);
        out.push('\n');
        // Each lesson, then its sections (a section naming no lesson is not written).
        for (l, r) in self.lessons.iter().enumerate() {
            push_record(&mut out, 'L', [&r.slug, &r.number, &r.title]);
            for s in self.sections.iter().filter(|s| s.lesson == l) {
                push_record(&mut out, 'S', [&s.anchor, &s.heading, &s.text]);
            }
        }
        out
    }

    /// Reads an index file. A file that is not one (another format, a truncated or garbled
    /// line, a page served in its place) is an error in a sentence; never panics.
    pub fn parse(text: &str) -> Result<Index, String> {
        let mut lines = text.split('\n');
        if lines.next().map(|l| l.trim_end_matches('\r')) != Some(MAGIC) {
            return Err("this is not a search index of this site".to_string());
        }
        let mut index = Index::default();
        for (n, line) in lines.enumerate() {
            let line_no = n + 2;
            if line.is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let kind = fields.next().unwrap_or_default();
            let fields: Vec<String> = fields.map(unescape).collect();
            let [a, b, c] = <[String; 3]>::try_from(fields)
                .map_err(|_| format!("line {line_no} of the search index is damaged"))?;
            match kind {
                "L" => index.lessons.push(LessonRef { slug: a, number: b, title: c }),
                "S" => {
                    let Some(lesson) = index.lessons.len().checked_sub(1) else {
                        return Err(format!("line {line_no} of the search index belongs to no lesson"));
                    };
                    index.sections.push(Section { lesson, anchor: a, heading: b, text: c });
                }
                _ => return Err(format!("line {line_no} of the search index is damaged")),
            }
        }
        Ok(index)
    }
}

fn push_record(out: &mut String, kind: char, fields: [&String; 3]) {
    out.push(kind);
    for field in fields {
        out.push('\t');
        escape_into(out, field);
    }
    out.push('\n');
}

fn escape_into(out: &mut String, field: &str) {
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A lesson's sections as (anchor, heading, text): the rendered prose cut at each heading
/// element the renderer wrote (`<hN id="…">`), each heading's text taken from
/// [`Lesson::headings`]; self-checks (question, choices, explanation) and widgets (their title)
/// belong to the section they sit in. Text before the first heading (none, in a lesson that
/// starts with its title) goes to a section of the lesson's title with no anchor.
pub fn sections_of(lesson: &Lesson) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = vec![(String::new(), lesson.title.clone(), String::new())];
    let push_text = |out: &mut Vec<(String, String, String)>, html: &str| {
        let text = plain_text(html);
        if let Some(last) = out.last_mut()
            && !text.is_empty()
        {
            if !last.2.is_empty() {
                last.2.push(' ');
            }
            last.2.push_str(&text);
        }
    };
    for block in &lesson.blocks {
        match block {
            Block::Prose(html) => {
                let mut rest = html.as_str();
                while let Some((before, level, id, after)) = next_heading(rest) {
                    push_text(&mut out, before);
                    let heading = find_heading(&lesson.headings, &id).map(|h| h.text.clone()).unwrap_or_default();
                    out.push((id, heading, String::new()));
                    let close = format!("</h{level}>");
                    rest = after.find(&close).map_or("", |i| &after[i + close.len()..]);
                }
                push_text(&mut out, rest);
            }
            Block::Quiz(quiz) => {
                push_text(&mut out, &quiz.question);
                if let QuizAnswer::Choice { choices, .. } = &quiz.answer {
                    for choice in choices {
                        push_text(&mut out, choice);
                    }
                }
                push_text(&mut out, &quiz.explanation);
            }
            Block::Widget(spec) => push_text(&mut out, &crate::html::Html::text(spec.kind.title()).into_string()),
            Block::Error(_) => {}
        }
    }
    // The opening section without anchor is only kept when it has text (a lesson whose title
    // heading is missing); the title's own heading carries the lesson's opening otherwise.
    if out[0].2.is_empty() {
        out.remove(0);
    }
    out
}

fn find_heading<'a>(headings: &'a [Heading], id: &str) -> Option<&'a Heading> {
    headings.iter().find(|h| h.id == id)
}

/// The next `<hN id="…">` in rendered HTML: (text before, N, id, text after the opening tag).
fn next_heading(html: &str) -> Option<(&str, u8, String, &str)> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<h") {
        let at = from + i;
        let rest = &html[at + 2..];
        let level = rest.as_bytes().first().copied().filter(|b| (b'1'..=b'6').contains(b));
        if let Some(level) = level
            && let Some(attrs) = rest[1..].strip_prefix(" id=\"")
            && let Some(end) = attrs.find("\">")
        {
            let id = attrs[..end].to_string();
            return Some((&html[..at], level - b'0', id, &attrs[end + 2..]));
        }
        from = at + 2;
    }
    None
}

/// Tags that do not separate words (everything else does, so `<li>a</li><li>b</li>` is two).
const INLINE_TAGS: &[&str] = &["a", "em", "strong", "code", "del", "s", "span", "mark", "abbr", "b", "i", "sub", "kbd"];

/// The text a reader sees in rendered HTML: tags removed (a block tag separates words),
/// entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let tag = &rest[lt + 1..];
        let Some(gt) = tag.find('>') else {
            rest = "";
            break;
        };
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !INLINE_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
            out.push(' ');
        }
        rest = &tag[gt + 1..];
    }
    out.push_str(&decode_entities(rest));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the entities an HTML writer puts in text: `&amp; &lt; &gt; &quot; &#39;` and
/// numeric ones. Anything else stays as it is.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| {
            let name = &after[..i];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words of a text with their byte ranges: runs of letters and digits, lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_alphanumeric() {
                break;
            }
            iter.next();
        }
        let &(start, _) = iter.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some((start, end, text[start..end].to_lowercase()))
    })
}

/// The words of a text, lower-cased (see [`words`]).
pub fn tokenise(text: &str) -> Vec<String> {
    words(text).map(|(_, _, w)| w).collect()
}

/// What the reader typed, as words to find.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The words, lower-cased, without repeats, at most [`MAX_TERMS`].
    pub terms: Vec<String>,
    /// Whether the last word matches as a prefix (it is still being typed: the query does not
    /// end with a space or punctuation).
    pub prefix: bool,
}

impl Query {
    /// The query for what is in the search field.
    pub fn parse(typed: &str) -> Query {
        let mut terms: Vec<String> = Vec::new();
        let mut last_end = 0;
        for (_, end, word) in words(typed) {
            if terms.len() == MAX_TERMS {
                break;
            }
            last_end = end;
            let word: String = word.chars().take(MAX_TERM_CHARS).collect();
            if !terms.contains(&word) {
                terms.push(word);
            } else if terms.last() != Some(&word) {
                // A repeated word typed last is still the one being typed.
                terms.retain(|t| *t != word);
                terms.push(word);
            }
        }
        let prefix = !terms.is_empty() && last_end == typed.len();
        Query { terms, prefix }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Which term a word (lower-cased) matches, if any.
    pub fn matches(&self, word: &str) -> bool {
        let last = self.terms.len().saturating_sub(1);
        self.terms
            .iter()
            .enumerate()
            .any(|(i, t)| word == t || (self.prefix && i == last && word.starts_with(t.as_str())))
    }
}

/// Where a word occurs: a section, whether in its heading, and how often in its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Posting {
    section: u32,
    heading: bool,
    count: u32,
}

/// The index made ready to search: its vocabulary sorted, each word with its sections.
#[derive(Clone, Debug, Default)]
pub struct Searcher {
    /// The index searched.
    pub index: Index,
    vocabulary: Vec<(String, Vec<Posting>)>,
}

/// One section found, with what makes its rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The section (an index into [`Index::sections`]).
    pub section: usize,
    /// How many of the query's words it has (in its heading or its text).
    pub found: usize,
    /// Whether it has every word of the query.
    pub all: bool,
    /// Within those, higher ranks first: words in the heading count most.
    pub score: u32,
}

impl Searcher {
    /// Prepares an index for searching.
    pub fn new(index: Index) -> Searcher {
        let mut map: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        for (n, section) in index.sections.iter().enumerate() {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            let mut add = |word: String, heading: bool| {
                let list = map.entry(word).or_default();
                match list.last_mut() {
                    Some(p) if p.section == n => {
                        p.heading |= heading;
                        p.count += u32::from(!heading);
                    }
                    _ => list.push(Posting { section: n, heading, count: u32::from(!heading) }),
                }
            };
            for word in tokenise(&section.heading) {
                add(word, true);
            }
            for word in tokenise(&section.text) {
                add(word, false);
            }
        }
        Searcher { index, vocabulary: map.into_iter().collect() }
    }

    /// How many distinct words the index holds.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// The words of the vocabulary a term matches: the word itself, or every word it begins
    /// when `prefix`.
    fn matching(&self, term: &str, prefix: bool) -> &[(String, Vec<Posting>)] {
        let start = self.vocabulary.partition_point(|(w, _)| w.as_str() < term);
        let len = if prefix {
            self.vocabulary[start..].partition_point(|(w, _)| w.starts_with(term))
        } else {
            usize::from(self.vocabulary.get(start).is_some_and(|(w, _)| w == term))
        };
        &self.vocabulary[start..start + len]
    }

    /// Every section with at least one of the query's words, best first: those with every
    /// word, then by how many words they have, then by score (a word in the heading scores
    /// 100, in the text 10 and one more for each further use up to 5), then in course order.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        if query.is_empty() {
            return Vec::new();
        }
        // Per section: which terms it has, which of them in its heading, and the uses counted.
        let n = self.index.sections.len();
        let mut has = vec![0u32; n];
        let mut in_heading = vec![0u32; n];
        let mut uses = vec![0u32; n];
        let last = query.terms.len() - 1;
        for (t, term) in query.terms.iter().enumerate() {
            let bit = 1u32 << t;
            for (_, postings) in self.matching(term, query.prefix && t == last) {
                for p in postings {
                    let s = p.section as usize;
                    if s >= n {
                        continue;
                    }
                    has[s] |= bit;
                    if p.heading {
                        in_heading[s] |= bit;
                    }
                    uses[s] = uses[s].saturating_add(p.count.min(5));
                }
            }
        }
        let want = query.terms.len();
        let mut hits: Vec<Hit> = (0..n)
            .filter(|&s| has[s] != 0)
            .map(|s| {
                let found = has[s].count_ones() as usize;
                let headed = in_heading[s].count_ones();
                let score = headed * 100 + (found as u32) * 10 + uses[s].min(5 * want as u32);
                Hit { section: s, found, all: found == want, score }
            })
            .collect();
        hits.sort_by(|a, b| b.found.cmp(&a.found).then(b.score.cmp(&a.score)).then(a.section.cmp(&b.section)));
        hits
    }

    /// The section's lesson.
    pub fn lesson_of(&self, hit: &Hit) -> Option<&LessonRef> {
        self.index.sections.get(hit.section).and_then(|s| self.index.lessons.get(s.lesson))
    }

    /// The passage of a section's text around the first word the query matches, about `width`
    /// characters, with every matching word in it marked; the text's beginning when only the
    /// heading matched. An ellipsis shows where the passage was cut.
    pub fn snippet(&self, section: usize, query: &Query, width: usize) -> Vec<Piece> {
        let Some(section) = self.index.sections.get(section) else { return Vec::new() };
        snippet(&section.text, query, width)
    }
}

/// A piece of a snippet: text, marked or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text, as it is in the lesson.
    pub text: String,
    /// Whether it is a word the query matched.
    pub marked: bool,
}

/// The passage of `text` around the first word `query` matches (see [`Searcher::snippet`]).
pub fn snippet(text: &str, query: &Query, width: usize) -> Vec<Piece> {
    let width = width.max(20);
    let first = words(text).find(|(_, _, w)| query.matches(w)).map(|(s, _, _)| s);
    // Start about a third of the width before the match, at a word's start.
    let start = match first {
        Some(at) => {
            let before = text[..at].char_indices().rev().nth(width / 3).map_or(0, |(i, _)| i);
            if before == 0 { 0 } else { text[before..at].find(' ').map_or(at, |sp| before + sp + 1) }
        }
        None => 0,
    };
    let end = text[start..].char_indices().nth(width).map_or(text.len(), |(i, _)| start + i);
    // End at a space, unless the whole text fits.
    let end = if end < text.len() { text[start..end].rfind(' ').map_or(end, |sp| start + sp).max(start) } else { end };
    let passage = &text[start..end];
    let mut pieces = Vec::new();
    if start > 0 {
        pieces.push(Piece { text: "… ".to_string(), marked: false });
    }
    let mut at = 0;
    for (s, e, w) in words(passage) {
        if query.matches(&w) {
            if s > at {
                pieces.push(Piece { text: passage[at..s].to_string(), marked: false });
            }
            pieces.push(Piece { text: passage[s..e].to_string(), marked: true });
            at = e;
        }
    }
    if at < passage.len() {
        pieces.push(Piece { text: passage[at..].to_string(), marked: false });
    }
    if end < text.len() {
        pieces.push(Piece { text: " …".to_string(), marked: false });
    }
    pieces
}

#[cfg(test)]
mod tests;
