//! Markup that is escaped by construction.
//!
//! An [`Html`] value is built only from markup written as a literal in the source and from
//! values that are escaped on the way in, so a forgotten escape cannot compile:
//!
//! ```
//! use tradeoffs_core::html;
//! use tradeoffs_core::html::Html;
//!
//! let name = "<b>Tom & Jerry</b>";
//! let mut h = html!(r#"<p class="name">{}</p>"#, name);
//! html!(h, "<p>{} replicas</p>", 3);
//! assert_eq!(h.as_str(), r#"<p class="name">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</p><p>3 replicas</p>"#);
//!
//! // Markup built earlier goes in as it is.
//! let outer = html!("<div>{}</div>", h);
//! assert!(outer.as_str().starts_with("<div><p"));
//! ```
//!
//! The format string of [`html!`] must be a literal and takes positional `{}` only: a named
//! `{value}` would be captured from the scope without the escape, and a spec such as `{:.2}`
//! would format the escaped text, so both are refused at compile time (format numbers first,
//! with [`crate::model::units`]). Everything that reaches the browser's `innerHTML` is an
//! [`Html`]; there is no way to make one from a `String`.
//!
//! Neither of these compiles:
//!
//! ```compile_fail
//! let name = "<b>";
//! let h = tradeoffs_core::html!("<p>{name}</p>"); // captured without the escape
//! ```
//!
//! ```compile_fail
//! let h = tradeoffs_core::html::Html(String::from("<script>")); // no way in from a String
//! ```

use std::fmt::{self, Write as _};

/// A piece of markup, escaped by construction (see the [module docs](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// No markup.
    pub const fn new() -> Html {
        Html(String::new())
    }

    /// Text, escaped.
    pub fn text(text: &str) -> Html {
        let mut h = Html::new();
        h.push_text(text);
        h
    }

    /// Appends text, escaped.
    pub fn push_text(&mut self, text: &str) {
        let _ = Escape(&mut self.0).write_str(text);
    }

    /// Appends markup.
    pub fn push(&mut self, markup: &Html) {
        self.0.push_str(&markup.0);
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, for the browser.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether there is no markup at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends formatted markup: what [`html!`] expands to (its arguments are wrapped in
    /// [`Escaped`], and its literal is checked by [`positional_only`]).
    #[doc(hidden)]
    pub fn write_args(&mut self, args: fmt::Arguments<'_>) {
        let _ = self.0.write_fmt(args);
    }
}

impl FromIterator<Html> for Html {
    fn from_iter<I: IntoIterator<Item = Html>>(iter: I) -> Html {
        let mut h = Html::new();
        for part in iter {
            h.push(&part);
        }
        h
    }
}

/// A value that can go into markup: text (anything shown with `Display`) is escaped, [`Html`]
/// goes in as it is.
pub trait Markup {
    /// Writes the value as markup.
    fn write_markup(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: fmt::Display + ?Sized> Markup for T {
    fn write_markup(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escape(out), "{self}")
    }
}

impl Markup for Html {
    fn write_markup(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.write_str(&self.0)
    }
}

impl Markup for &Html {
    fn write_markup(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.write_str(&self.0)
    }
}

/// An argument of [`html!`], shown as markup.
#[doc(hidden)]
pub struct Escaped<'a, T: ?Sized>(pub &'a T);

impl<T: Markup + ?Sized> fmt::Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_markup(f)
    }
}

/// A writer that escapes the five characters that matter in text and in quoted attributes.
struct Escape<W>(W);

impl<W: fmt::Write> fmt::Write for Escape<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            self.0.write_str(&rest[..at])?;
            self.0.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        self.0.write_str(rest)
    }
}

/// Whether a format string has only positional `{}` holes (and `{{`, `}}`): checked at
/// compile time by [`html!`].
pub const fn positional_only(format: &str) -> bool {
    let b = format.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if i + 1 < b.len() && (b[i + 1] == b'{' || b[i + 1] == b'}') => i += 2,
            b'}' if i + 1 < b.len() && b[i + 1] == b'}' => i += 2,
            b'{' | b'}' => return false,
            _ => i += 1,
        }
    }
    true
}

/// Markup from a literal and escaped values: `html!("<p>{}</p>", text)` makes an [`Html`],
/// `html!(out, "<p>{}</p>", text)` appends to one. Each `{}` takes the next value: text is
/// escaped, an [`Html`] goes in as it is. See the [module docs](crate::html).
#[macro_export]
macro_rules! html {
    ($format:literal $(, $arg:expr)* $(,)?) => {{
        let mut out = $crate::html::Html::new();
        $crate::html!(out, $format $(, $arg)*);
        out
    }};
    ($out:expr, $format:literal $(, $arg:expr)* $(,)?) => {{
        const _: () = assert!(
            $crate::html::positional_only($format),
            "html!: write `{{}}` and pass the value, so that it is escaped (no named or formatted holes)"
        );
        $out.write_args(format_args!($format $(, $crate::html::Escaped(&$arg))*))
    }};
}

/// Checks that markup is well formed: every element closed in order (void elements and `/>`
/// excepted), every attribute value quoted, no stray `<`, `>` or `&` in text. For tests of the
/// builders; returns the first problem found.
pub fn well_formed(markup: &str) -> Result<(), String> {
    const VOID: [&str; 13] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = markup;
    while let Some(at) = rest.find(['<', '>', '&']) {
        let tail = &rest[at..];
        match tail.as_bytes()[0] {
            b'>' => return Err(format!("a stray “>” before “{}”", &tail[..tail.len().min(30)])),
            b'&' => {
                let entity = tail.split(';').next().unwrap_or("");
                let known = ["&amp", "&lt", "&gt", "&quot", "&#39", "&nbsp"].contains(&entity);
                if !known {
                    return Err(format!("a stray “&” at “{}”", &tail[..tail.len().min(30)]));
                }
                rest = &tail[entity.len() + 1..];
                continue;
            }
            _ => {}
        }
        // A tag: its name, then attributes with quoted values, then `>` or `/>`.
        let closing = tail.starts_with("</");
        let body = &tail[if closing { 2 } else { 1 }..];
        let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(body.len());
        if name_len == 0 {
            return Err(format!("a stray “<” at “{}”", &tail[..tail.len().min(30)]));
        }
        let name = &body[..name_len];
        let mut i = name_len;
        let b = body.as_bytes();
        let mut quoted = false;
        while i < b.len() && (quoted || b[i] != b'>') {
            match b[i] {
                b'"' => quoted = !quoted,
                b'<' if !quoted => return Err(format!("a “<” inside the tag <{name}>")),
                b'=' if !quoted && b.get(i + 1) != Some(&b'"') => {
                    return Err(format!("an unquoted attribute value in <{name}>"));
                }
                _ => {}
            }
            i += 1;
        }
        if i == b.len() {
            return Err(format!("the tag <{name}> is not closed"));
        }
        let self_closing = b[i - 1] == b'/';
        rest = &body[i + 1..];
        if closing {
            match open.pop() {
                Some(top) if top == name => {}
                top => return Err(format!("</{name}> closes {top:?}")),
            }
        } else if !self_closing && !VOID.contains(&name) {
            open.push(name);
        }
    }
    match open.last() {
        Some(name) => Err(format!("<{name}> is never closed")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_markup_is_not() {
        let hostile = r#"<img src=x onerror="alert('x')">&amp;"#;
        let h = html!(r#"<td title="{}">{}</td>"#, hostile, hostile);
        assert_eq!(
            h.as_str(),
            "<td title=\"&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;amp;\">\
             &lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;amp;</td>"
        );
        let inner = html!("<b>{}</b>", "<i>");
        assert_eq!(html!("<p>{}{}</p>", inner, &inner).as_str(), "<p><b>&lt;i&gt;</b><b>&lt;i&gt;</b></p>");
    }

    #[test]
    fn numbers_and_other_displays_are_written_as_text() {
        let mut h = Html::text("a<b");
        html!(h, "{}|{}|{}", 3, 2.5, 'x');
        assert_eq!(h.into_string(), "a&lt;b3|2.5|x");
    }

    #[test]
    fn only_positional_holes_are_accepted() {
        for ok in ["", "<p>{}</p>", "{{x}}", "a{}b{}c", "}}{{", "{}}}"] {
            assert!(positional_only(ok), "{ok}");
        }
        for bad in ["{x}", "{0}", "{:.2}", "{", "}", "a{b", "{x:?}", "x}"] {
            assert!(!positional_only(bad), "{bad}");
        }
    }

    #[test]
    fn well_formed_markup_is_told_from_broken_markup() {
        for ok in [
            "",
            "text &amp; more",
            r#"<p class="a">x<br><b>y</b></p>"#,
            r#"<svg viewBox="0 0 1 1"><line x1="0"/><text x="1">a &lt; b</text></svg>"#,
        ] {
            assert_eq!(well_formed(ok), Ok(()), "{ok}");
        }
        for bad in ["<p>", "</p>", "<p><b></p></b>", "a < b", "a > b", "a & b", "<p class=a>x</p>", "<p title=\"x>"] {
            assert!(well_formed(bad).is_err(), "{bad}");
        }
        let hostile = "<script>\"&'";
        assert_eq!(well_formed(html!(r#"<p title="{}">{}</p>"#, hostile, hostile).as_str()), Ok(()));
    }

    #[test]
    fn pieces_collect_in_order() {
        let h: Html = ["<", ">"].iter().map(|t| html!("<i>{}</i>", t)).collect();
        assert_eq!(h.as_str(), "<i>&lt;</i><i>&gt;</i>");
        assert!(Html::new().is_empty());
    }
}
