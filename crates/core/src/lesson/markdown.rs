//! Markdown to HTML: the one place the pulldown-cmark options are chosen, and where content is
//! made safe.
//!
//! Safety rules, applied to every event:
//! - raw HTML (block or inline) is shown as text, never interpreted, so no script, style,
//!   iframe or event handler from a lesson ever reaches the page;
//! - links and images may only use relative URLs, `#fragments`, `http(s):` or `mailto:`;
//!   anything else (`javascript:`, `data:`, …) is dropped and reported;
//! - images must be files of the site's `public/` folder, written `../public/<file>` (the
//!   path from a lesson's URL): the site makes no third-party requests.
//!
//! Conveniences: headings get stable ids and a `#` anchor link; a link to `other-lesson.md`
//! becomes a link to that lesson's page (`other-lesson`), and is recorded so tests can check
//! it points at a real lesson.

use std::collections::HashSet;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

/// A heading found while rendering, for an in-page table of contents.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    /// The id given to the heading element.
    pub id: String,
}

/// Per-lesson rendering state shared by all prose chunks of one lesson, so heading ids stay
/// unique across the whole page.
#[derive(Debug, Default)]
pub struct Renderer {
    ids: HashSet<String>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Slugs of the lessons this lesson links to (from `*.md` links).
    pub lesson_links: Vec<String>,
    /// Image paths it shows, all `../public/<file>`.
    pub images: Vec<String>,
    /// Problems found (unsafe URLs), as sentences.
    pub problems: Vec<String>,
}

/// The pulldown-cmark options used for every lesson.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

impl Renderer {
    /// Renders a chunk of block Markdown to safe HTML.
    pub fn block(&mut self, src: &str) -> String {
        let events = self.transform(Parser::new_ext(src, options()).collect());
        let mut out = String::with_capacity(src.len() * 3 / 2);
        html::push_html(&mut out, events.into_iter());
        out
    }

    /// Renders one line of inline Markdown (no surrounding `<p>`).
    pub fn inline(&mut self, src: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(src, options())
            .filter(|e| !matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)))
            .collect();
        let events = self.transform(events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out.trim_end().to_string()
    }

    fn transform<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut iter = events.into_iter();
        // Link/image ends to drop because their start was dropped.
        let mut dropped: Vec<bool> = Vec::new();
        while let Some(event) = iter.next() {
            match event {
                Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
                Event::Start(Tag::Heading { level, .. }) => {
                    // Gather the heading's inner events to learn its text.
                    let mut inner = Vec::new();
                    for e in iter.by_ref() {
                        if matches!(e, Event::End(TagEnd::Heading(_))) {
                            break;
                        }
                        inner.push(e);
                    }
                    let inner = self.transform(inner);
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = self.unique_id(&text);
                    let n = heading_number(level);
                    self.headings.push(Heading { level: n, text: text.clone(), id: id.clone() });
                    out.push(Event::Html(CowStr::from(format!("<h{n} id=\"{id}\">"))));
                    out.extend(inner);
                    if n > 1 {
                        out.push(Event::Html(CowStr::from(format!(
                            "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                        ))));
                    }
                    out.push(Event::Html(CowStr::from(format!("</h{n}>\n"))));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => match self.check_url(&dest_url, false) {
                    Some(url) => {
                        dropped.push(false);
                        out.push(Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id }));
                    }
                    None => dropped.push(true),
                },
                Event::End(TagEnd::Link) => {
                    if !dropped.pop().unwrap_or(false) {
                        out.push(Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::Image { dest_url, title, id, .. }) => match self.check_url(&dest_url, true) {
                    Some(url) => {
                        dropped.push(false);
                        out.push(Event::Start(Tag::Image {
                            link_type: LinkType::Inline,
                            dest_url: url.into(),
                            title,
                            id,
                        }));
                    }
                    None => dropped.push(true),
                },
                Event::End(TagEnd::Image) => {
                    if !dropped.pop().unwrap_or(false) {
                        out.push(Event::End(TagEnd::Image));
                    }
                }
                // A table scrolls sideways inside a named region a keyboard can reach; its
                // columns carry no alignment (pulldown-cmark would write it as a style
                // attribute, which the site's Content Security Policy refuses).
                Event::Start(Tag::Table(aligns)) => {
                    let mut inner = Vec::new();
                    for e in iter.by_ref() {
                        if matches!(e, Event::End(TagEnd::Table)) {
                            break;
                        }
                        inner.push(e);
                    }
                    let inner = self.transform(inner);
                    let name = table_name(&inner);
                    out.push(Event::Html(CowStr::from(format!(
                        r#"<div class="table-scroll" role="group" tabindex="0" aria-label="{}">"#,
                        escape_attr(&name)
                    ))));
                    out.push(Event::Start(Tag::Table(aligns.iter().map(|_| Alignment::None).collect())));
                    out.extend(empty_heads_as_cells(inner));
                    out.push(Event::End(TagEnd::Table));
                    out.push(Event::Html(CowStr::from("</div>\n")));
                }
                // A code block that may scroll sideways is a stop on the Tab path.
                Event::Start(Tag::CodeBlock(kind)) => {
                    let class = match &kind {
                        CodeBlockKind::Fenced(lang) if !lang.trim().is_empty() => {
                            let lang = lang.split_whitespace().next().unwrap_or("");
                            format!(r#" class="language-{}""#, escape_attr(lang))
                        }
                        _ => String::new(),
                    };
                    out.push(Event::Html(CowStr::from(format!(r#"<pre tabindex="0"><code{class}>"#))));
                    for e in iter.by_ref() {
                        if matches!(e, Event::End(TagEnd::CodeBlock)) {
                            break;
                        }
                        // Text only: escaped as text, never interpreted.
                        if let Event::Text(t) = e {
                            out.push(Event::Text(t));
                        }
                    }
                    out.push(Event::Html(CowStr::from("</code></pre>\n")));
                }
                other => out.push(other),
            }
        }
        out
    }

    /// The URL to emit, or `None` to drop the link/image (and record why).
    fn check_url(&mut self, url: &str, image: bool) -> Option<String> {
        let lower = url.trim().to_ascii_lowercase();
        let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
        if image {
            let file =
                url.strip_prefix("../public/").filter(|f| !f.is_empty() && !f.contains("..") && scheme.is_none());
            return match file {
                Some(_) => {
                    self.images.push(url.to_string());
                    Some(url.to_string())
                }
                None => {
                    self.problems.push(format!(
                        "image “{url}”: put the file in public/ and write ../public/<file> (the site makes no third-party requests)"
                    ));
                    None
                }
            };
        }
        match scheme {
            Some("http" | "https" | "mailto") => Some(url.to_string()),
            Some(other) => {
                self.problems.push(format!("link “{url}” uses the {other}: scheme, which is not allowed"));
                None
            }
            None if lower.starts_with("//") => {
                self.problems.push(format!("link “{url}” is protocol-relative; write https:// in full"));
                None
            }
            // The site may be served under a sub-path: a link from the host's root would miss it.
            None if lower.starts_with('/') => {
                self.problems.push(format!(
                    "link “{url}” starts at the site's root; write it relative to the lesson (other-lesson.md, ../widgets/nines)"
                ));
                None
            }
            None => Some(self.rewrite_lesson_link(url)),
        }
    }

    /// `other.md#part` → `other#part`, recording `other` as a linked lesson.
    fn rewrite_lesson_link(&mut self, url: &str) -> String {
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let Some(stem) = path.strip_suffix(".md") else {
            return url.to_string();
        };
        let slug = stem.rsplit('/').next().unwrap_or(stem).to_string();
        self.lesson_links.push(slug.clone());
        match fragment {
            Some(f) => format!("{slug}#{f}"),
            None => slug,
        }
    }

    fn unique_id(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() { "section".to_string() } else { base };
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// A URL-safe id from heading text: lower case ASCII letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    out
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A table's name for its scrolling region: "Table: " and its column headings.
fn table_name(events: &[Event]) -> String {
    let mut heads: Vec<String> = Vec::new();
    let mut in_head = false;
    for e in events {
        match e {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Start(Tag::TableCell) if in_head => heads.push(String::new()),
            Event::Text(t) | Event::Code(t) if in_head => {
                if let Some(last) = heads.last_mut() {
                    last.push_str(t);
                }
            }
            _ => {}
        }
    }
    let heads: Vec<&str> = heads.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
    if heads.is_empty() { "Table".to_string() } else { format!("Table: {}", heads.join(", ")) }
}

/// An empty cell in a table's head becomes an empty `<td>`: a header with no text names
/// nothing.
fn empty_heads_as_cells(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut in_head = false;
    let mut iter = events.into_iter().peekable();
    while let Some(e) = iter.next() {
        match e {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                out.push(e);
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                out.push(e);
            }
            Event::Start(Tag::TableCell) if in_head && matches!(iter.peek(), Some(Event::End(TagEnd::TableCell))) => {
                iter.next();
                out.push(Event::Html(CowStr::from("<td></td>")));
            }
            other => out.push(other),
        }
    }
    out
}

/// Text for an HTML attribute.
fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_scrolls_in_a_named_group_with_no_style_and_no_empty_header() {
        let html = Renderer::default().block("| | Up | Out |\n|:--|:-:|--:|\n| Cost | high | low |\n");
        assert!(
            html.starts_with(
                r#"<div class="table-scroll" role="group" tabindex="0" aria-label="Table: Up, Out"><table>"#
            ),
            "{html}"
        );
        assert!(html.contains("<thead><tr><td></td><th>Up</th><th>Out</th></tr></thead>"), "{html}");
        assert!(!html.contains("style"), "{html}");
        assert!(html.trim_end().ends_with("</table>\n</div>") || html.trim_end().ends_with("</table></div>"), "{html}");
    }

    #[test]
    fn a_code_block_is_a_tab_stop_and_its_text_stays_text() {
        let html = Renderer::default().block("```rust\nlet x = \"<script>\";\n```\n");
        assert_eq!(
            html,
            "<pre tabindex=\"0\"><code class=\"language-rust\">let x = \"&lt;script&gt;\";\n</code></pre>\n"
        );
        let plain = Renderer::default().block("    indented <b>\n");
        assert_eq!(plain, "<pre tabindex=\"0\"><code>indented &lt;b&gt;\n</code></pre>\n");
    }

    fn render(src: &str) -> (String, Renderer) {
        let mut r = Renderer::default();
        let html = r.block(src);
        (html, r)
    }

    #[test]
    fn raw_html_is_shown_not_run() {
        let (html, _) = render("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> there");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_urls_are_dropped_and_reported() {
        let (html, r) = render(
            "[click](javascript:alert(1)) [x](JavaScript:void(0)) [d](data:text/html,hi) ![i](https://evil.example/p.png) [ok](https://example.org) [rel](x.md) [root](/widgets/nines)",
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(html.contains("href=\"https://example.org\""));
        assert!(html.contains("click"), "link text stays: {html}");
        assert!(!html.contains("href=\"/"), "a root-relative link would miss a sub-path: {html}");
        assert_eq!(r.problems.len(), 5, "{:?}", r.problems);
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let (html, r) = render("# Title\n\n## Why it matters\n\n## Why it matters\n\n### `A` = 1 − (1 − a)ⁿ\n");
        assert!(html.contains("<h1 id=\"title\">Title</h1>"), "{html}");
        assert!(
            html.contains("<h2 id=\"why-it-matters\">Why it matters<a class=\"anchor\" href=\"#why-it-matters\""),
            "{html}"
        );
        assert!(html.contains("id=\"why-it-matters-1\""));
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["title", "why-it-matters", "why-it-matters-1", "a-1-1-a"]);
    }

    #[test]
    fn lesson_links_are_rewritten_and_recorded() {
        let (html, r) = render(
            "See [the nines](availability-and-the-nines.md#table) and [widget](../widgets/nines?availability=99.9).",
        );
        assert!(html.contains("href=\"availability-and-the-nines#table\""), "{html}");
        assert!(html.contains("href=\"../widgets/nines?availability=99.9\""), "{html}");
        assert_eq!(r.lesson_links, ["availability-and-the-nines"]);
    }

    #[test]
    fn inline_has_no_paragraph() {
        let mut r = Renderer::default();
        assert_eq!(r.inline("**99.9 %** is `three` nines"), "<strong>99.9 %</strong> is <code>three</code> nines");
    }

    #[test]
    fn tables_render() {
        let (html, _) = render("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<table>"), "{html}");
    }
}
