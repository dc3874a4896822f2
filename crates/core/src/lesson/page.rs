//! Every page of the site as HTML, rendered at build time: the chrome (top bar, table of
//! contents), and the content of each route (landing, lessons, widget index, each widget
//! standing alone, not found).
//!
//! A visitor's browser shows this HTML at first paint, before any WebAssembly has loaded, and
//! it reads well with JavaScript off: prose, self-checks with their answers behind a "Show the
//! answer" disclosure, and for each widget a short description and its figures at the preset
//! ([`super::twin`]). The app then brings the page to life without re-rendering it: widgets
//! (`<section data-widget>`) and self-checks (`<section data-quiz>`) are islands it mounts in
//! place, and in-app navigation fetches another route's HTML and swaps its `<main>`.
//!
//! Links are written from the site root (`href="/lessons/x"`); the post-build step puts the
//! deployment's base path in front of every `href="/` and `src="/`. Lesson prose may only hold
//! relative links (the Markdown renderer refuses root-relative ones), so that rewrite touches
//! exactly the links written here.

use std::fmt::Write as _;

use super::blocks::{Block, Lesson};
use super::catalog::Catalog;
use super::directive::{Quiz, QuizAnswer, WidgetKind, WidgetSpec};
use super::summary::Entry;
use crate::model::query;
use crate::model::units::trim;

/// The course's name, in titles and the top bar.
pub const SITE: &str = "Tradeoffs";
/// The landing page's title.
pub const LANDING_TITLE: &str = "Tradeoffs: learn system design by touching it";
/// How much text (in characters) a widget may follow and still count as being in the first
/// screen, where its code is worth fetching in parallel with the app's own.
pub const FIRST_SCREEN_CHARS: usize = 1_200;

/// One page of the site.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The route below the base path: `""`, `lessons/<slug>`, `widgets`, `widgets/<id>`,
    /// `embed/<id>` or `404`. The app compares it with the address to know the page it was served.
    pub route: String,
    /// The document title, as escaped HTML text.
    pub title: String,
    /// The meta description, as escaped HTML text.
    pub description: String,
    /// Widgets in the first screen: their code is preloaded with the page.
    pub preload: Vec<WidgetKind>,
    /// The whole `<body>` content.
    pub body: String,
}

impl Page {
    /// The file a static host serves for the route: `lessons/x.html`, `index.html`, `404.html`.
    pub fn file(&self) -> String {
        if self.route.is_empty() { "index.html".to_string() } else { format!("{}.html", self.route) }
    }
}

/// Every page: the landing page, each written lesson, the widget index, each widget standing
/// alone, each widget's embed and the not-found page. `lessons` are the parsed lesson files, by file name.
/// (The throwaway widget of the shell-growth check has no page: a build with it writes the
/// same pages as one without, whichever the post-build step picks up.)
pub fn site(catalog: &Catalog, lessons: &[(String, Lesson)]) -> Vec<Page> {
    let mut pages = vec![landing(catalog)];
    for entry in catalog.summary.written() {
        let Some(slug) = entry.slug() else { continue };
        let file = entry.file.as_deref().unwrap_or_default();
        if let Some((_, lesson)) = lessons.iter().find(|(f, _)| f == file) {
            pages.push(lesson_page(catalog, entry, slug, lesson));
        }
    }
    pages.push(widget_index(catalog));
    for kind in listed() {
        pages.push(widget_page(catalog, kind));
    }
    for kind in listed() {
        pages.push(embed_page(kind));
    }
    pages.push(not_found(catalog));
    pages
}

/// The widgets the site lists: all of them but the shell-growth check's throwaway one.
fn listed() -> impl Iterator<Item = WidgetKind> {
    WidgetKind::ALL.iter().copied().filter(|k| k.id() != "probe")
}

/// Text made safe inside HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn lesson_href(slug: &str) -> String {
    format!("/lessons/{slug}")
}

/// The link to a widget's own page with these settings.
pub fn widget_href(kind: WidgetKind, params: &[(String, String)]) -> String {
    let q = query::encode(params);
    if q.is_empty() { format!("/widgets/{}", kind.id()) } else { format!("/widgets/{}?{q}", kind.id()) }
}

/// Wraps page content in the chrome: skip link, top bar, table of contents and `<main>`.
fn chrome(catalog: &Catalog, route: &str, preload: &[WidgetKind], main: &str) -> String {
    let mut h = String::with_capacity(main.len() + 16_384);
    let widgets_current = if route.starts_with("widgets") { r#" aria-current="page""# } else { "" };
    let _ = write!(
        h,
        concat!(
            r##"<a class="skip-link" href="#main">Skip to content</a>"##,
            r#"<header class="topbar">"#,
            r#"<button class="menu-button" type="button" aria-label="Table of contents" aria-controls="sidebar" aria-expanded="false">☰</button>"#,
            r#"<a href="/" class="brand">{site}</a>"#,
            r#"<nav class="topnav" aria-label="Site"><a href="/widgets"{widgets_current}>Widgets</a></nav>"#,
            r#"<button class="search-button" type="button" aria-haspopup="dialog" aria-keyshortcuts="/ s" title="Search the lessons (/ or s)">"#,
            r#"<span class="search-icon" aria-hidden="true">⌕</span><span class="search-button-label">Search</span></button>"#,
            r#"<p class="search-unavailable" role="status" data-testid="search-failed"></p>"#,
            r#"<label class="theme-pick" title="Colour theme: light, dark, or projector (high contrast, large type, for a room)">"#,
            r#"<span class="visually-hidden">Colour theme</span><select class="theme-select" data-testid="theme-select">"#,
            r#"<option value="light">☀ Light</option><option value="dark">☾ Dark</option><option value="projector">◐ Projector</option>"#,
            r#"</select></label>"#,
            "</header>\n",
            r#"<div class="layout"><aside id="sidebar" class="sidebar"><nav class="toc" aria-label="Lessons"><ol class="toc-parts">"#
        ),
        site = SITE,
        widgets_current = widgets_current,
    );
    for part in &catalog.summary.parts {
        let _ = write!(
            h,
            r#"<li class="toc-part"><span class="toc-part-title">{}. {}</span><ol class="toc-lessons">"#,
            part.number,
            escape(&part.title)
        );
        for e in &part.entries {
            let number = escape(&e.number);
            let title = escape(&e.title);
            match e.slug() {
                Some(slug) => {
                    let here = route.strip_prefix("lessons/") == Some(slug);
                    // Its self-checks, which the app counts the learner's results against.
                    let checks = e
                        .file
                        .as_deref()
                        .and_then(|f| catalog.lessons.iter().find(|l| l.file == f))
                        .map_or(0, |l| l.checks);
                    let _ = write!(
                        h,
                        r#"<li class="toc-lesson" data-slug="{slug}"{checks}><a href="{href}"{current}><span class="toc-number">{number}</span> {title}</a></li>"#,
                        slug = escape(slug),
                        checks = if checks > 0 { format!(r#" data-checks="{checks}""#) } else { String::new() },
                        href = escape(&lesson_href(slug)),
                        current = if here { r#" aria-current="page""# } else { "" },
                    );
                }
                None => {
                    let _ = write!(
                        h,
                        r#"<li class="toc-lesson planned" title="Planned: not written yet"><span class="toc-number">{number}</span> {title}</li>"#
                    );
                }
            }
        }
        h.push_str("</ol></li>");
    }
    let preload: Vec<&str> = preload.iter().map(|k| k.id()).collect();
    let preload = if preload.is_empty() { String::new() } else { format!(r#" data-preload="{}""#, preload.join(" ")) };
    let _ = write!(
        h,
        "</ol></nav>{SHORTCUTS_BUTTON}</aside>\n<main id=\"main\" tabindex=\"-1\" data-page=\"{}\"{preload}>\n{main}\n</main></div>\n{SHORTCUTS}",
        escape(route)
    );
    h
}

/// The button at the foot of the table of contents that lists the keyboard shortcuts (the `?`
/// key does the same); shown only when scripts run.
const SHORTCUTS_BUTTON: &str = r#"<p class="sidebar-foot"><button type="button" class="shortcuts-button" data-testid="shortcuts-button" aria-haspopup="dialog" aria-controls="shortcuts">Keyboard shortcuts <kbd>?</kbd></button></p>"#;

/// Every keyboard shortcut of the site, in a dialog the app opens (`ui::keys`). Its Close
/// button is a `method="dialog"` form, so closing needs no script of its own.
const SHORTCUTS: &str = concat!(
    r#"<dialog id="shortcuts" class="shortcuts" tabindex="-1" aria-labelledby="shortcuts-title" data-testid="shortcuts">"#,
    r#"<h2 id="shortcuts-title">Keyboard shortcuts</h2>"#,
    r#"<h3>Anywhere, when no control has the focus</h3><dl>"#,
    r#"<div><dt><kbd>←</kbd> <kbd>→</kbd></dt><dd>Previous or next lesson</dd></div>"#,
    r#"<div><dt><kbd>/</kbd> or <kbd>s</kbd></dt><dd>Search the lessons</dd></div>"#,
    r#"<div><dt><kbd>?</kbd></dt><dd>This list</dd></div>"#,
    r#"<div><dt><kbd>Tab</kbd>, <kbd>Shift</kbd> + <kbd>Tab</kbd></dt><dd>Move between links and controls</dd></div>"#,
    r#"<div><dt><kbd>Esc</kbd></dt><dd>Close a dialog</dd></div></dl>"#,
    r#"<h3>In a widget that steps (CAP, saga, DNS), when it has the focus</h3><dl>"#,
    r#"<div><dt><kbd>→</kbd> or <kbd>Page Down</kbd></dt><dd>Next step</dd></div>"#,
    r#"<div><dt><kbd>←</kbd> or <kbd>Page Up</kbd></dt><dd>Step back</dd></div></dl>"#,
    r#"<h3>Presenting a widget (what a clicker sends)</h3><dl>"#,
    r#"<div><dt><kbd>→</kbd> or <kbd>Page Down</kbd></dt><dd>Next step, then the next setup</dd></div>"#,
    r#"<div><dt><kbd>←</kbd> or <kbd>Page Up</kbd></dt><dd>Back</dd></div>"#,
    r#"<div><dt><kbd>B</kbd></dt><dd>Blank the screen; any key brings it back</dd></div>"#,
    r#"<div><dt><kbd>Esc</kbd></dt><dd>Stop presenting</dd></div></dl>"#,
    r#"<form method="dialog"><button class="shortcuts-close" data-testid="shortcuts-close">Close</button></form>"#,
    "</dialog>\n"
);

fn page(
    catalog: &Catalog,
    route: &str,
    title: String,
    description: String,
    preload: Vec<WidgetKind>,
    main: &str,
) -> Page {
    let body = chrome(catalog, route, &preload, main);
    Page { route: route.to_string(), title, description, preload, body }
}

fn titled(text: &str) -> String {
    escape(&format!("{text} · {SITE}"))
}

/// The front page: what the course is, its parts, and where to start.
fn landing(catalog: &Catalog) -> Page {
    let written = catalog.summary.written().count();
    let mut h = String::new();
    h.push_str(concat!(
        r#"<div class="landing" data-testid="landing"><h1>Learn system design by touching it</h1>"#,
        r#"<p class="lead">Tradeoffs is a course on designing large software systems: availability, latency, scaling, data, messaging, transactions and operations. "#,
        r#"Every idea comes with the numbers behind it, and wherever a number can move, a live widget lets you move it and watch what follows.</p>"#,
        r#"<ul class="landing-points"><li>Short lessons with worked examples and self-checks.</li>"#,
        r#"<li>Widgets whose maths runs in your browser; every setup has a link you can share.</li>"#,
        r#"<li>No account, no tracking, no third-party requests: a static site you can host anywhere.</li></ul>"#
    ));
    if let Some((slug, text)) = catalog.first().and_then(|e| Some((e.slug()?, format!("{} {}", e.number, e.title)))) {
        let _ = write!(
            h,
            r#"<p class="start"><a href="{}" class="button primary">Start with {} →</a><span class="progress-note" data-testid="progress-note" data-total="{written}">{written} lessons written so far</span></p>"#,
            escape(&lesson_href(slug)),
            escape(&text),
        );
    }
    // Filled in by the app from this browser's records (`ui::nav`, `ui::progress`): where the
    // learner left off, and what they can do with their progress. Hidden without JavaScript.
    h.push_str(r#"<p class="resume js-only" data-testid="resume" hidden></p>"#);
    h.push_str(r#"<h2>The course</h2><p>Nine parts, from thinking in systems to running them. Linked lessons are written; the greyed-out ones are planned.</p><div class="landing-parts">"#);
    for part in &catalog.summary.parts {
        let _ = write!(h, r#"<section class="landing-part"><h3>{}. {}</h3><ul>"#, part.number, escape(&part.title));
        for e in &part.entries {
            let text = escape(&format!("{} {}", e.number, e.title));
            match e.slug() {
                Some(slug) => {
                    let _ = write!(h, r#"<li><a href="{}">{text}</a></li>"#, escape(&lesson_href(slug)));
                }
                None => {
                    let _ = write!(
                        h,
                        r#"<li class="planned" title="Planned: not written yet">{text} <span class="visually-hidden">(planned)</span></li>"#
                    );
                }
            }
        }
        h.push_str("</ul></section>");
    }
    h.push_str("</div>");
    h.push_str(concat!(
        r#"<section class="progress-panel js-only" data-testid="progress-panel" aria-labelledby="progress-title"><h2 id="progress-title">Your progress</h2>"#,
        r#"<p data-testid="progress-summary">Lessons you open, mark done and check yourself on are remembered in this browser only: there is no account. "#,
        r#"To carry them to another browser, export them to a file and import it there.</p>"#,
        r#"<div class="progress-actions"><button type="button" class="button" data-progress="export" data-testid="progress-export">Export to a file</button>"#,
        r#"<button type="button" class="button" data-progress="import" data-testid="progress-import">Import a file…</button>"#,
        r#"<input type="file" class="progress-file" accept=".json,application/json" hidden>"#,
        r#"<button type="button" class="button" data-progress="clear" data-testid="progress-clear" aria-expanded="false" aria-controls="progress-confirm">Clear my progress…</button></div>"#,
        r#"<div class="progress-confirm" id="progress-confirm" role="group" aria-labelledby="progress-confirm-text" data-testid="progress-confirm" hidden>"#,
        r#"<p id="progress-confirm-text"><strong>Are you sure?</strong> This forgets every lesson opened and marked done, your self-check results and where you left off, in this browser.</p>"#,
        r#"<button type="button" class="button danger" data-progress="clear-yes">Clear</button><button type="button" class="button" data-progress="clear-no">Keep</button></div>"#,
        r#"<p class="progress-said" role="status" data-testid="progress-said"></p></section>"#,
        "</div>"
    ));
    let description = "Tradeoffs: an explorable guide to system design. Lessons with live widgets for availability, latency, scaling, data and more.";
    page(catalog, "", escape(LANDING_TITLE), escape(description), Vec::new(), &h)
}

/// A written lesson: kicker, blocks, pager.
fn lesson_page(catalog: &Catalog, entry: &Entry, slug: &str, lesson: &Lesson) -> Page {
    let title = if lesson.title.is_empty() { entry.title.clone() } else { lesson.title.clone() };
    let part = catalog.part_label(slug).unwrap_or_default();
    let mut h = String::with_capacity(32_768);
    let _ = write!(
        h,
        r#"<article class="lesson" data-testid="lesson" data-slug="{}"><p class="lesson-kicker">Lesson {} · {}</p>"#,
        escape(slug),
        escape(&entry.number),
        escape(&part)
    );
    let mut text_before = 0;
    let mut preload = Vec::new();
    let (mut widgets_seen, mut quizzes) = (Vec::new(), 0);
    for block in &lesson.blocks {
        match block {
            Block::Prose(html) => {
                let _ = write!(h, "\n<div class=\"prose\">{html}</div>");
                text_before += visible_chars(html);
            }
            Block::Widget(spec) => {
                if text_before <= FIRST_SCREEN_CHARS && !preload.contains(&spec.kind) {
                    preload.push(spec.kind);
                }
                let same = |b: &Block| matches!(b, Block::Widget(w) if w.kind == spec.kind);
                widgets_seen.push(spec.kind);
                let n = widgets_seen.iter().filter(|k| **k == spec.kind).count();
                let of = lesson.blocks.iter().filter(|b| same(b)).count();
                h.push('\n');
                h.push_str(&widget_place(spec, Place::Lesson(Some((n, of)))));
                text_before += FIRST_SCREEN_CHARS; // A widget fills most of a screen.
            }
            Block::Quiz(quiz) => {
                quizzes += 1;
                h.push('\n');
                h.push_str(&quiz_place(quiz, quizzes));
                text_before += visible_chars(&quiz.question) + 200;
            }
            Block::Error(error) => {
                let _ = write!(
                    h,
                    "\n<div class=\"error-box\" role=\"alert\" data-testid=\"lesson-error\"><strong>Problem in this lesson: </strong>{}</div>",
                    escape(&error.to_string())
                );
            }
        }
    }
    // Shown once the app runs (it keeps the mark): the learner's own "done", before the pager.
    h.push_str(concat!(
        "\n",
        r#"<div class="lesson-done js-only"><button type="button" class="button done-toggle" data-testid="done-toggle" aria-pressed="false">"#,
        r#"<span class="done-box" aria-hidden="true"></span>Mark this lesson done</button></div>"#
    ));
    h.push('\n');
    h.push_str(&pager(catalog, slug));
    h.push_str("</article>");
    let description = lesson
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Prose(html) => first_paragraph(html),
            _ => None,
        })
        .unwrap_or_else(|| title.clone());
    page(
        catalog,
        &format!("lessons/{slug}"),
        titled(&format!("{} {}", entry.number, title)),
        escape(&clip(&description, 160)),
        preload,
        &h,
    )
}

/// Links to the previous and next written lessons.
fn pager(catalog: &Catalog, slug: &str) -> String {
    let (prev, next) = catalog.neighbours(slug);
    let link = |entry: Option<&Entry>, rel: &str, label: &str| {
        entry
            .and_then(|e| {
                let slug = e.slug()?;
                Some(format!(
                    r#"<a href="{}" class="pager-{rel}" rel="{rel}"><span class="pager-label">{label}</span><span class="pager-title">{}</span></a>"#,
                    escape(&lesson_href(slug)),
                    escape(&format!("{} {}", e.number, e.title))
                ))
            })
            .unwrap_or_default()
    };
    format!(
        r#"<nav class="pager" aria-label="Previous and next lesson">{}{}</nav>"#,
        link(prev, "prev", "← Previous"),
        link(next, "next", "Next →")
    )
}

/// A widget's place: its frame, and until the app mounts the live widget, a description and
/// its figures at these settings. `standalone` widgets (on their own page) have no Share link:
/// their address is the link.
pub fn widget_html(spec: &WidgetSpec, standalone: bool) -> String {
    widget_place(spec, if standalone { Place::Standalone } else { Place::Lesson(None) })
}

/// Where a widget's place is: in a lesson (the nth of its kind there, when there are several),
/// standing alone on its own page, or alone in an embed (no Share control).
#[derive(Clone, Copy)]
enum Place {
    Lesson(Option<(usize, usize)>),
    Standalone,
    Embed,
}

/// A widget's place, named by its title; `nth` = (n, of) when a page shows the same widget
/// more than once, so that each region has a name of its own ("Tail latency, 2 of 3").
fn widget_place(spec: &WidgetSpec, place: Place) -> String {
    let kind = spec.kind;
    let q = query::encode(&spec.params);
    let mut h = String::with_capacity(4096);
    let name = match place {
        Place::Lesson(Some((n, of))) if of > 1 => format!("{}, {n} of {of}", kind.title()),
        _ => kind.title().to_string(),
    };
    let _ = write!(
        h,
        r#"<section class="widget widget-{id}" data-widget="{id}" data-params="{params}" aria-label="{name}"><header class="widget-head"><h2 class="widget-title">{title}</h2>"#,
        id = kind.id(),
        params = escape(&q),
        name = escape(&name),
        title = escape(kind.title()),
    );
    // The Share control: its button in the header, its panel right below; and, but in an
    // embed, the Present button.
    let share = match place {
        Place::Lesson(nth) => {
            let n = nth.map_or(1, |(n, _)| n);
            Some(super::embed::share_html(kind, &spec.params, &format!("share-{}-{n}", kind.id()), false))
        }
        Place::Standalone => Some(super::embed::share_html(kind, &spec.params, &format!("share-{}", kind.id()), true)),
        Place::Embed => None,
    };
    let (share_button, share_panel) = share.unwrap_or_default();
    h.push_str(r#"<span class="widget-actions">"#);
    h.push_str(&share_button);
    if !matches!(place, Place::Embed) {
        h.push_str(concat!(
            r#"<button class="widget-present" type="button" data-testid="present-button" aria-label="Present this widget""#,
            r#" title="Fill the screen for a room: → and ← step through the setups, B blanks the screen, Esc leaves">Present</button>"#,
        ));
    }
    h.push_str("</span></header>");
    h.push_str(&share_panel);
    h.push_str(r#"<div class="widget-static" data-testid="widget-static">"#);
    let _ = write!(h, r#"<p class="widget-about">{}</p>"#, escape(kind.blurb()));
    if let Some(table) = super::twin::twin(spec) {
        h.push_str(&super::twin::table_html(&table));
    }
    h.push_str(concat!(
        r#"<p class="widget-status" role="status" data-testid="widget-status">"#,
        r#"<span class="needs-js">The live widget runs in your browser: turn on JavaScript to move its numbers.</span></p>"#,
        "</div></section>"
    ));
    h
}

/// A self-check. The page's own markup is what the learner uses: the app only listens to it.
/// The answer sits in a disclosure, so it can be read without JavaScript too.
pub fn quiz_html(quiz: &Quiz) -> String {
    quiz_place(quiz, 1)
}

/// A self-check, the `n`th of its page: named by its question (`check-<n>`).
fn quiz_place(quiz: &Quiz, n: usize) -> String {
    let mut h = String::with_capacity(2048);
    let (kind, attrs, key) = match &quiz.answer {
        QuizAnswer::Choice { choices, correct } => (
            "choice",
            format!(r#" data-correct="{correct}""#),
            format!(
                r#"<p class="quiz-key">The right choice: {}</p>"#,
                choices.get(*correct).map(String::as_str).unwrap_or("")
            ),
        ),
        QuizAnswer::Number { value, tolerance, unit } => {
            let answer = number_answer(*value, *tolerance, unit);
            (
                "number",
                format!(r#" data-value="{value}" data-tolerance="{tolerance}" data-answer="{}""#, escape(&answer)),
                format!(r#"<p class="quiz-key">The answer is {}.</p>"#, escape(&answer)),
            )
        }
    };
    let _ = write!(
        h,
        r#"<section class="quiz" data-testid="quiz" data-quiz="{kind}" data-check="{id}"{attrs} aria-labelledby="check-{n}"><p class="quiz-label">Check yourself</p><p class="quiz-question" id="check-{n}">{}</p>"#,
        quiz.question,
        id = crate::progress::check_id(n, &quiz.question),
    );
    match &quiz.answer {
        QuizAnswer::Choice { choices, .. } => {
            h.push_str(r#"<ol class="quiz-choices">"#);
            for choice in choices {
                let _ = write!(
                    h,
                    r#"<li><button type="button" class="quiz-choice" aria-pressed="false">{choice}</button></li>"#
                );
            }
            h.push_str("</ol>");
        }
        QuizAnswer::Number { unit, .. } => {
            let _ = write!(
                h,
                concat!(
                    r#"<div class="quiz-number"><label>Your prediction <input type="text" inputmode="decimal" autocomplete="off" spellcheck="false"> {}</label>"#,
                    r#"<button type="button" class="quiz-check">Check</button></div>"#
                ),
                escape(unit)
            );
        }
    }
    let _ = write!(
        h,
        concat!(
            r#"<p class="quiz-verdict" data-testid="quiz-verdict" aria-live="polite"></p>"#,
            r#"<details class="quiz-answer"><summary>Show the answer</summary><div class="quiz-explanation" data-testid="quiz-explanation">{}{}</div></details></section>"#
        ),
        key, quiz.explanation
    );
    h
}

/// "52.56 (± 0.5) minutes", the expected answer of a number self-check in words.
pub fn number_answer(value: f64, tolerance: f64, unit: &str) -> String {
    let mut text = if tolerance > 0.0 { format!("{} (± {})", trim(value), trim(tolerance)) } else { trim(value) };
    if !unit.is_empty() {
        text.push(' ');
        text.push_str(unit);
    }
    text
}

/// The list of widgets, each linking to its standalone page.
fn widget_index(catalog: &Catalog) -> Page {
    let mut h = String::from(concat!(
        r#"<div class="widget-index" data-testid="widget-index"><h1>Widgets</h1>"#,
        r#"<p>Each widget also lives inside the lessons. Standing alone, its whole state is in the address bar: copy the URL to share a setup.</p><ul class="widget-cards">"#
    ));
    for kind in listed() {
        let _ = write!(
            h,
            r#"<li class="widget-card"><a href="/widgets/{}">{}</a><p>{}</p></li>"#,
            kind.id(),
            escape(kind.title()),
            escape(kind.blurb())
        );
    }
    h.push_str("</ul></div>");
    let titles: Vec<&str> = listed().map(WidgetKind::title).collect();
    let description =
        format!("Every widget of Tradeoffs on its own page, with its state in the address bar: {}.", titles.join(", "));
    page(catalog, "widgets", titled("Widgets"), escape(&description), Vec::new(), &h)
}

/// A widget standing alone at `/widgets/<id>`: the app restores its state from the query.
fn widget_page(catalog: &Catalog, kind: WidgetKind) -> Page {
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<div class="widget-page" data-testid="widget-page"><h1>{}</h1><p class="lead">{}</p>"#,
        escape(kind.title()),
        escape(kind.blurb())
    );
    h.push_str(&widget_html(&WidgetSpec { kind, params: Vec::new() }, true));
    h.push_str(concat!(
        r#"<h2>Settings in the address</h2><p>The widget keeps its whole state in this page's address: "#,
        r#"change it, then copy the address to share exactly what you see. A setting left out takes its default; "#,
        r#"one the widget cannot use is named above the widget and skipped.</p>"#,
        r#"<div class="table-scroll" role="group" tabindex="0" aria-label="Settings in the address"><table class="url-keys" data-testid="url-keys"><thead><tr>"#,
        r#"<th scope="col">Setting</th><th scope="col">Default</th></tr></thead><tbody>"#
    ));
    for (key, default) in kind.url_keys() {
        let default = match (key, default.is_empty()) {
            ("preset", _) => format!("none; scenarios: {default}"),
            (_, true) => "(empty)".to_string(),
            _ => default,
        };
        let _ = write!(h, r#"<tr><th scope="row"><code>{}</code></th><td>{}</td></tr>"#, escape(key), escape(&default));
    }
    h.push_str("</tbody></table></div><h2>Used in</h2><ul>");
    for e in catalog.lessons_using(kind) {
        if let Some(slug) = e.slug() {
            let _ = write!(
                h,
                r#"<li><a href="{}">{}</a></li>"#,
                escape(&lesson_href(slug)),
                escape(&format!("{} {}", e.number, e.title))
            );
        }
    }
    h.push_str("</ul></div>");
    page(catalog, &format!("widgets/{}", kind.id()), titled(kind.title()), escape(kind.blurb()), vec![kind], &h)
}

/// A widget alone in an embed, `/embed/<id>?…`, for another site's `<iframe>`: no site chrome
/// (no top bar, table of contents or pager), the widget filling the frame, its state from the
/// address like its own page's (without the frame's settings, `embed::FRAME_KEYS`), and a link
/// to that page with the same state, in a new tab.
fn embed_page(kind: WidgetKind) -> Page {
    let route = format!("embed/{}", kind.id());
    let mut body = String::with_capacity(4096);
    let _ = writeln!(
        body,
        "<main id=\"main\" class=\"embed\" tabindex=\"-1\" data-page=\"{route}\" data-preload=\"{id}\" data-testid=\"embed\">",
        id = kind.id()
    );
    // The page's heading names it for a screen reader; the widget's own title (an `<h2>`, over
    // its panels' `<h3>`s) is what shows.
    let _ = writeln!(body, r#"<h1 class="visually-hidden">{}, from {SITE}</h1>"#, escape(kind.title()));
    body.push_str(&widget_place(&WidgetSpec { kind, params: Vec::new() }, Place::Embed));
    let _ = write!(
        body,
        concat!(
            "\n<p class=\"embed-foot\"><a class=\"embed-open\" href=\"{}\" target=\"_blank\" rel=\"noopener\" data-testid=\"embed-open\">",
            "Open in {} <span aria-hidden=\"true\">↗</span><span class=\"visually-hidden\"> (opens in a new tab)</span></a></p>\n</main>\n"
        ),
        escape(&widget_href(kind, &[])),
        SITE
    );
    Page { route, title: titled(kind.title()), description: escape(kind.blurb()), preload: vec![kind], body }
}

/// The friendly page for an unknown address (`404.html`).
fn not_found(catalog: &Catalog) -> Page {
    let mut h = String::from(concat!(
        r#"<div class="not-found" data-testid="not-found"><h1>Page not found</h1>"#,
        r#"<p>There is no page at this address. It may have moved, or the link may have a typo.</p>"#,
        r#"<ul><li><a href="/">Go to the start page</a></li>"#
    ));
    if let Some(e) = catalog.first()
        && let Some(slug) = e.slug()
    {
        let _ = write!(
            h,
            r#"<li><a href="{}">Open the first lesson: {}</a></li>"#,
            escape(&lesson_href(slug)),
            escape(&e.title)
        );
    }
    h.push_str(r#"<li><a href="/widgets">Browse the widgets</a></li></ul></div>"#);
    page(catalog, "404", titled("Page not found"), escape("There is no page at this address."), Vec::new(), &h)
}

/// The text of the first paragraph of some HTML (tags removed, entities kept as they are).
fn first_paragraph(html: &str) -> Option<String> {
    let start = html.find("<p>")? + 3;
    let end = html[start..].find("</p>")? + start;
    let text = strip_tags(&html[start..end]);
    (!text.is_empty()).then_some(text)
}

/// Text without tags, whitespace collapsed. Entities stay encoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number of characters a reader sees in some HTML (roughly: entities count as several).
fn visible_chars(html: &str) -> usize {
    strip_tags(html).chars().count()
}

/// At most `max` characters, cut at a space, with an ellipsis when cut. `text` is HTML text
/// whose entities must stay whole, so the cut never falls inside one.
fn clip(text: &str, max: usize) -> String {
    let decoded = unescape_basic(text);
    if decoded.chars().count() <= max {
        return decoded;
    }
    let cut: String = decoded.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Decodes the entities pulldown-cmark writes in text (`&amp; &lt; &gt; &quot;`).
fn unescape_basic(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[cfg(test)]
mod tests;
