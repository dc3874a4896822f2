//! Content tests, one loop over `lessons/`: every SUMMARY entry has a file, every file is in
//! SUMMARY, every lesson parses with no errors and has a self-check; and over the pages the
//! site gets (`page::site`, what the build writes): each lesson's page holds its text, widgets
//! and self-checks in its HTML, and every link on every page leads to a page of the site or an
//! anchor on it; and no page speaks of sources the learner never saw. Adding a lesson needs no
//! new test code.

use std::collections::BTreeMap;
use std::{fs, path::Path};

use tradeoffs_core::lesson::{Block, Catalog, Lesson, WidgetKind, page, summary::slug_of};

/// The repository's root (this crate is `crates/core`).
fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn sources() -> Vec<(String, String)> {
    let dir = repo().join("lessons");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("lessons/ exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let name = e.file_name().into_string().expect("UTF-8 file name");
            let text = fs::read_to_string(e.path()).expect("readable lesson");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// Every page of the site, by file: (header lines as the build writes them, body).
fn built_pages() -> BTreeMap<String, (String, String)> {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    page::site(&catalog, &parsed)
        .into_iter()
        .map(|p| (p.file(), (format!("title {}\ndescription {}", p.title, p.description), p.body)))
        .collect()
}

fn header<'a>(head: &'a str, key: &str) -> &'a str {
    head.lines().find_map(|l| l.strip_prefix(key).map(|v| v.trim_start())).unwrap_or_default()
}

#[test]
fn every_lesson_parses_cleanly_and_is_listed() {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    assert!(catalog.errors.is_empty(), "catalog problems:\n{:#?}", catalog.errors);
    assert!(catalog.summary.written().count() >= 2, "at least the two availability lessons");
    for (file, lesson) in &parsed {
        let problems: Vec<String> = lesson.errors.iter().map(|e| format!("lessons/{file}: {e}")).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let entry = catalog.summary.written().find(|e| e.file.as_deref() == Some(file.as_str())).expect("listed");
        assert_eq!(lesson.title, entry.title, "lessons/{file}: its # title should match SUMMARY.md");
        assert!(lesson.blocks.iter().any(|b| matches!(b, Block::Quiz(_))), "lessons/{file}: no self-check");
        for link in &lesson.lesson_links {
            assert!(catalog.entry(link).is_some(), "lessons/{file} links to {link}.md, which is not a written lesson");
        }
        let public = repo().join("public");
        for image in &lesson.images {
            let name = image.trim_start_matches("../public/");
            assert!(public.join(name).is_file(), "lessons/{file} shows {image}, but public/{name} does not exist");
        }
    }
}

/// What a lesson's page must hold without any script: its title, its text, a place for each
/// widget with its settings, and each self-check with its answer.
fn check_lesson_page(slug: &str, number: &str, lesson: &Lesson, head: &str, body: &str) {
    assert_eq!(header(head, "title"), format!("{number} {} · Tradeoffs", lesson.title.replace('&', "&amp;")), "{slug}");
    assert!(!header(head, "description").is_empty(), "{slug}: no description");
    assert!(body.contains(&format!(r#"data-page="lessons/{slug}""#)), "{slug}");
    assert!(
        body.contains(&format!(r#"href="/lessons/{slug}" aria-current="page""#)),
        "{slug}: current lesson not marked"
    );
    for block in &lesson.blocks {
        match block {
            Block::Prose(html) => assert!(body.contains(html.as_str()), "{slug}: prose missing"),
            Block::Widget(spec) => {
                let params = tradeoffs_core::model::query::encode(&spec.params).replace('&', "&amp;");
                assert!(
                    body.contains(&format!(r#"data-widget="{}" data-params="{params}""#, spec.kind.id())),
                    "{slug}: no place for the {} widget with {params}",
                    spec.kind.id()
                );
            }
            Block::Quiz(quiz) => {
                assert!(body.contains(&quiz.question), "{slug}: self-check question missing");
                assert!(body.contains(&quiz.explanation), "{slug}: self-check answer missing");
            }
            Block::Error(e) => panic!("{slug}: {e}"),
        }
    }
    for h in &lesson.headings {
        assert!(body.contains(&format!(r#"id="{}""#, h.id)), "{slug}: heading {} has no anchor", h.id);
    }
}

#[test]
fn every_page_is_built_with_its_content() {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    let pages = built_pages();
    let mut expected: Vec<String> = vec!["index.html".into(), "404.html".into(), "widgets.html".into()];
    expected.extend(WidgetKind::ALL.iter().map(|k| format!("widgets/{}.html", k.id())));
    expected.extend(WidgetKind::ALL.iter().map(|k| format!("embed/{}.html", k.id())));
    for entry in catalog.summary.written() {
        let file = entry.file.as_deref().unwrap();
        let slug = slug_of(file);
        expected.push(format!("lessons/{slug}.html"));
        let (head, body) = &pages[&format!("lessons/{slug}.html")];
        let lesson = &parsed.iter().find(|(f, _)| f == file).unwrap().1;
        check_lesson_page(slug, &entry.number, lesson, head, body);
    }
    expected.sort();
    assert_eq!(pages.keys().cloned().collect::<Vec<_>>(), expected, "one page per route");
    for (file, (_, body)) in &pages {
        assert_eq!(body.matches("<main").count(), 1, "{file}");
        if file.starts_with("embed/") {
            // An embed is one widget without the site's chrome (lesson::page's tests).
            assert!(!body.contains(r#"class="toc""#), "{file}: an embed has no table of contents");
            continue;
        }
        for e in catalog.summary.written() {
            let slug = e.slug().unwrap();
            assert!(body.contains(&format!(r#"href="/lessons/{slug}""#)), "{file}: the sidebar lacks {slug}");
        }
    }
}

/// The target of `href` on the page at `page` (a file below the site root), as a page file,
/// or `None` for links that leave the site or stay on the page.
fn resolve(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop();
        dir
    };
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        match seg {
            ".." => drop(parts.pop()),
            "." => {}
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    let file = if joined.is_empty() {
        "index.html".to_string()
    } else if joined.contains('.') {
        joined // A file (an image in public/).
    } else {
        format!("{joined}.html")
    };
    Some((file, fragment))
}

#[test]
fn every_link_on_every_page_leads_somewhere() {
    let pages = built_pages();
    let public = repo().join("public");
    let mut checked = 0;
    for (file, (_, body)) in &pages {
        for href in body.split(r#"href=""#).skip(1).filter_map(|s| s.split('"').next()) {
            let href = href.replace("&amp;", "&");
            let Some((target, fragment)) = resolve(file, &href) else { continue };
            checked += 1;
            if let Some(name) = target.strip_prefix("public/") {
                assert!(public.join(name).is_file(), "{file}: {href} is not a file in public/");
                continue;
            }
            let Some((_, target_body)) = pages.get(&target) else {
                panic!("{file}: the link {href} leads to {target}, which is not a page");
            };
            if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                assert!(target_body.contains(&format!(r#"id="{id}""#)), "{file}: {href}: no #{id} on {target}");
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn each_widget_page_lists_the_lessons_that_use_it() {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    let pages = built_pages();
    for &kind in WidgetKind::ALL {
        let body = &pages[&format!("widgets/{}.html", kind.id())].1;
        let used_in = body.split("<h2>Used in</h2>").nth(1).expect("a Used in list");
        for e in catalog.summary.written() {
            let file = e.file.as_deref().unwrap();
            let uses = parsed
                .iter()
                .any(|(f, l)| f == file && l.blocks.iter().any(|b| matches!(b, Block::Widget(w) if w.kind == kind)));
            let listed = used_in.contains(&format!(r#"href="/lessons/{}""#, slug_of(file)));
            assert_eq!(listed, uses, "widgets/{}: {file}", kind.id());
        }
    }
}

/// The course speaks to the learner about the subject, never about the private sources it was
/// drafted from: no lesson, and no page the build writes (widget pages and their static twins
/// included), refers to "the notes" or anything like them.
#[test]
fn no_page_speaks_of_sources_the_learner_never_saw() {
    const PHRASES: [&str; 5] = ["the notes", "our notes", "course notes", "study notes", "notes'"];
    let found = |text: &str| PHRASES.into_iter().filter(|p| text.to_lowercase().contains(p)).collect::<Vec<_>>();
    let mut problems = Vec::new();
    for (file, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            for p in found(line) {
                problems.push(format!("lessons/{file}:{}: “{p}”", n + 1));
            }
        }
    }
    for (file, (head, body)) in built_pages() {
        for p in found(&head).into_iter().chain(found(&body)) {
            problems.push(format!("page {file}: “{p}”"));
        }
    }
    assert!(problems.is_empty(), "speak to the learner, not about sources:\n{}", problems.join("\n"));
}
