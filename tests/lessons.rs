//! Content tests, one loop over `lessons/`: every SUMMARY entry has a file, every file is in
//! SUMMARY, every lesson parses with no errors, uses only known widgets with valid presets,
//! links only to written lessons, and the build's rendered content matches the source.
//! Adding a lesson needs no new test code.

use std::{fs, path::Path};

use tradeoffs::lesson::{Block, Catalog, WidgetKind, bundle, catalog::LessonInfo, summary::slug_of};

fn sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
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
        let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("public");
        for image in &lesson.images {
            let name = image.trim_start_matches("../public/");
            assert!(public.join(name).is_file(), "lessons/{file} shows {image}, but public/{name} does not exist");
        }
    }
}

#[test]
fn the_built_index_and_content_match_the_sources() {
    let (from_source, parsed) = Catalog::from_sources(&sources());
    let builtin = Catalog::builtin();
    assert_eq!(builtin.summary, from_source.summary);
    assert_eq!(builtin.lessons, from_source.lessons);
    assert_eq!(builtin.errors, from_source.errors);
    let content = Path::new(env!("OUT_DIR")).join("content");
    for (file, lesson) in &parsed {
        let slug = slug_of(file);
        let shipped = fs::read_to_string(content.join(format!("{slug}.lesson"))).expect("build.rs wrote the lesson");
        assert_eq!(&bundle::decode(&shipped), lesson, "content/{slug}.lesson is stale");
        assert_eq!(LessonInfo::of(file, lesson), *builtin.info(slug).expect("indexed"));
    }
    let routes = fs::read_to_string(content.join("routes.txt")).expect("routes.txt");
    assert_eq!(routes.lines().collect::<Vec<_>>(), builtin.routes());
}

#[test]
fn widget_usage_in_the_index_matches_the_lessons() {
    let (_, parsed) = Catalog::from_sources(&sources());
    let catalog = Catalog::builtin();
    for kind in WidgetKind::ALL {
        let users: Vec<&str> = catalog.lessons_using(kind).iter().filter_map(|e| e.slug()).collect();
        let expected: Vec<&str> = catalog
            .summary
            .written()
            .filter(|e| {
                let file = e.file.as_deref().unwrap_or_default();
                parsed
                    .iter()
                    .any(|(f, l)| f == file && l.blocks.iter().any(|b| matches!(b, Block::Widget(w) if w.kind == kind)))
            })
            .filter_map(|e| e.slug())
            .collect();
        assert_eq!(users, expected, "lessons using {}", kind.id());
    }
    assert!(!catalog.lessons_using(WidgetKind::Nines).is_empty(), "some lesson embeds the nines widget");
}
