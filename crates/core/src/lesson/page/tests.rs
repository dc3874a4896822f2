use super::*;
use crate::lesson::parse_lesson;

const SUMMARY: &str = "# Course\n# First part\n- [Alpha & omega](alpha.md)\n- [Later]()\n# Second\n- [Beta](beta.md)\n";

fn site_of(files: &[(&str, &str)]) -> Vec<Page> {
    let files: Vec<(String, String)> = files.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let (catalog, parsed) = Catalog::from_sources(&files);
    site(&catalog, &parsed)
}

fn page_at<'a>(pages: &'a [Page], route: &str) -> &'a Page {
    pages.iter().find(|p| p.route == route).unwrap_or_else(|| panic!("no page {route}"))
}

fn sample() -> Vec<Page> {
    let long = "word ".repeat(400);
    site_of(&[
        ("SUMMARY.md", SUMMARY),
        (
            "alpha.md",
            "# Alpha & omega\n\nThe *first* paragraph says \"why\" & more.\n\n{{#widget nines availability=99.95 panels=table}}\n\n```quiz\n? Pick <one>\n- no\n+ yes\n> Because.\n```\n\n```quiz\n? How many?\n= 43.2 ± 0.5 minutes\n> Count them.\n```\n",
        ),
        (
            "beta.md",
            &format!(
                "# Beta\n\n{long}\n\n{{{{#widget cap preset=last-item at=5}}}}\n\n{long}\n\n{{{{#widget saga}}}}\n"
            ),
        ),
    ])
}

#[test]
fn the_site_has_a_page_per_route() {
    let pages = sample();
    let files: Vec<String> = pages.iter().map(Page::file).collect();
    let mut expected: Vec<String> =
        ["index.html", "lessons/alpha.html", "lessons/beta.html", "widgets.html"].map(String::from).to_vec();
    // A page of its own for every widget of the list, in its order.
    expected.extend(listed().map(|k| format!("widgets/{}.html", k.id())));
    // And an embed for every widget.
    expected.extend(listed().map(|k| format!("embed/{}.html", k.id())));
    expected.push("404.html".into());
    assert_eq!(files, expected);
    assert!(files.contains(&"widgets/cdn-latency.html".to_string()));
    for page in pages.iter().filter(|p| !p.route.starts_with("embed/")) {
        assert!(
            page.body.contains(&format!(r#"<main id="main" tabindex="-1" data-page="{}""#, page.route)),
            "{}",
            page.route
        );
        assert!(page.body.starts_with(r##"<a class="skip-link" href="#main">"##));
        assert!(!page.description.is_empty(), "{}", page.route);
    }
}

#[test]
fn an_embed_is_its_widget_alone_with_a_link_to_its_own_page() {
    let pages = sample();
    let embed = page_at(&pages, "embed/queue");
    assert_eq!(embed.file(), "embed/queue.html");
    assert_eq!(embed.preload, [WidgetKind::Queue], "the widget mounts at once");
    assert!(
        embed
            .body
            .starts_with(r#"<main id="main" class="embed" tabindex="-1" data-page="embed/queue" data-preload="queue""#)
    );
    // No site chrome.
    for chrome in ["skip-link", "topbar", "sidebar", "toc", "pager", "theme-select", "search-button", "shortcuts"] {
        assert!(!embed.body.contains(chrome), "the embed has no {chrome}");
    }
    // The widget's place with its text and figures, its title the page's heading, no Share.
    assert!(embed.body.contains(r#"<section class="widget widget-queue" data-widget="queue" data-params="""#));
    assert!(embed.body.contains(r#"<h1 class="visually-hidden">Queue and utilization, from Tradeoffs</h1>"#));
    assert!(embed.body.contains(r#"<h2 class="widget-title">Queue and utilization</h2>"#));
    assert!(embed.body.contains(r#"<table class="twin""#) || embed.body.contains("twin"), "its static twin");
    assert!(!embed.body.contains("share-toggle") && !embed.body.contains("share-link"));
    assert!(embed.body.contains(
        r#"<a class="embed-open" href="/widgets/queue" target="_blank" rel="noopener" data-testid="embed-open">Open in Tradeoffs"#
    ));
    assert!(!embed.description.is_empty());
}

#[test]
fn the_table_of_contents_links_written_lessons_and_marks_the_current_one() {
    let pages = sample();
    let alpha = page_at(&pages, "lessons/alpha");
    assert!(alpha.body.contains(r#"<li class="toc-lesson" data-slug="alpha" data-checks="2"><a href="/lessons/alpha" aria-current="page"><span class="toc-number">1.1</span> Alpha &amp; omega</a></li>"#));
    assert!(alpha.body.contains(r#"<a href="/lessons/beta">"#), "the other lesson is linked, not current");
    assert!(alpha.body.contains(r#"<li class="toc-lesson planned" title="Planned: not written yet"><span class="toc-number">1.2</span> Later</li>"#));
    assert_eq!(alpha.body.matches(r#"aria-current="page""#).count(), 1);
    let widgets = page_at(&pages, "widgets/cap");
    assert!(widgets.body.contains(r#"<a href="/widgets" aria-current="page">Widgets</a>"#));
}

#[test]
fn a_lesson_page_holds_its_title_text_widgets_and_self_checks() {
    let pages = sample();
    let alpha = page_at(&pages, "lessons/alpha");
    assert_eq!(alpha.title, "1.1 Alpha &amp; omega · Tradeoffs");
    assert_eq!(alpha.description, "The first paragraph says “why” &amp; more.", "smart quotes, entities escaped once");
    assert!(alpha.body.contains(r#"<p class="lesson-kicker">Lesson 1.1 · Part 1: First part</p>"#));
    assert!(alpha.body.contains("<em>first</em>"));
    // The widget's place: its settings, a Share link with them, its description and figures.
    assert!(alpha.body.contains(
        r#"<section class="widget widget-nines" data-widget="nines" data-params="availability=99.95&amp;panels=table" aria-label="Availability nines">"#
    ));
    assert!(alpha.body.contains(r#"href="/widgets/nines?availability=99.95&amp;panels=table""#));
    assert!(alpha.body.contains("Downtime per day at 99.95 %"));
    // Self-checks: the answer is in the page, behind a disclosure.
    assert!(alpha.body.contains(r#"data-quiz="choice" data-check="1-"#));
    assert!(alpha.body.contains(r#"data-correct="1""#));
    // Each self-check carries its id for the learner's results: its number and a hash of its
    // question, different for each.
    let ids: Vec<&str> =
        alpha.body.split(r#" data-check=""#).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0].starts_with("1-") && ids[1].starts_with("2-") && ids[0][2..] != ids[1][2..], "{ids:?}");
    assert!(ids.iter().all(|id| crate::progress::is_check_id(id)));
    // The learner's own "done" mark comes before the pager.
    let done = alpha.body.find(r#"data-testid="done-toggle" aria-pressed="false""#).unwrap();
    assert!(done < alpha.body.find(r#"class="pager""#).unwrap());
    assert!(alpha.body.contains("Pick &lt;one&gt;"), "the question is escaped Markdown");
    assert!(alpha.body.contains(r#"<p class="quiz-key">The right choice: yes</p>"#));
    assert!(alpha.body.contains(r#"data-value="43.2" data-tolerance="0.5" data-answer="43.2 (± 0.5) minutes""#));
    assert!(alpha.body.contains("<summary>Show the answer</summary>"));
    // The pager: no previous lesson, the next written one (the planned one is skipped).
    assert!(alpha.body.contains(r#"<a href="/lessons/beta" class="pager-next" rel="next">"#));
    assert!(!alpha.body.contains(r#"rel="prev""#));
}

#[test]
fn only_widgets_in_the_first_screen_are_preloaded() {
    let pages = sample();
    assert_eq!(page_at(&pages, "lessons/alpha").preload, [WidgetKind::Nines]);
    assert!(page_at(&pages, "lessons/alpha").body.contains(r#"data-preload="nines""#));
    assert_eq!(page_at(&pages, "lessons/beta").preload, [], "both widgets follow 2,000 characters of text");
    assert_eq!(page_at(&pages, "widgets/saga").preload, [WidgetKind::Saga], "a widget's own page shows it at once");
    assert_eq!(page_at(&pages, "").preload, []);
}

#[test]
fn a_widget_page_has_no_share_link_and_lists_its_lessons() {
    let pages = sample();
    let cap = page_at(&pages, "widgets/cap");
    assert!(!cap.body.contains("data-testid=\"share-link\""), "the address is the link");
    assert!(cap.body.contains(r#"aria-controls="share-cap""#), "the Share control offers it and the embed code");
    let alpha = page_at(&pages, "lessons/alpha");
    assert!(alpha.body.contains(r#"aria-controls="share-nines-1""#), "each place's panel has an id of its own");
    assert!(cap.body.contains(r#"data-widget="cap" data-params="""#));
    let used_in = cap.body.split("<h2>Used in</h2>").nth(1).unwrap();
    assert!(used_in.contains(r#"<a href="/lessons/beta">2.1 Beta</a>"#));
    assert!(!used_in.contains("/lessons/alpha"));
}

#[test]
fn content_errors_show_on_the_page() {
    let pages = site_of(&[("SUMMARY.md", "# C\n# P\n- [Bad](bad.md)\n"), ("bad.md", "# Bad\n\n{{#widget teapot}}\n")]);
    let bad = page_at(&pages, "lessons/bad");
    assert!(bad.body.contains(r#"<div class="error-box" role="alert" data-testid="lesson-error"><strong>Problem in this lesson: </strong>line 3: unknown widget “teapot”"#));
}

#[test]
fn descriptions_are_clipped_at_a_word() {
    assert_eq!(clip("short", 10), "short");
    let long = "one two three four five six seven";
    assert_eq!(clip(long, 20), "one two three four…");
    assert_eq!(clip("a &amp; b &amp; c &amp; d", 7), "a & b…", "entities count as one character");
    assert_eq!(
        first_paragraph("<h1>T</h1><p>Hi <a href=\"x\">there</a>,\n you.</p><p>no</p>").as_deref(),
        Some("Hi there, you.")
    );
    assert_eq!(first_paragraph("<h1>T</h1>"), None);
}

#[test]
fn quiz_markup_marks_the_right_choice_and_the_number_answer() {
    let lesson = parse_lesson("# T\n\n```quiz\n? Q\n- a\n- b\n+ c\n> E\n```\n");
    let Block::Quiz(quiz) = &lesson.blocks[1] else { panic!("{:?}", lesson.blocks) };
    let h = quiz_html(quiz);
    assert!(h.contains(r#"data-correct="2""#));
    assert_eq!(h.matches(r#"class="quiz-choice""#).count(), 3);
    assert_eq!(number_answer(1000.0, 0.0, ""), "1000");
    assert_eq!(number_answer(52.56, 0.5, "minutes"), "52.56 (± 0.5) minutes");
}
