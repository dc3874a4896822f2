//! Content tests, one loop over `lessons/`: every SUMMARY entry has a file, every file is in
//! SUMMARY, every lesson parses with no errors, uses only known widgets with valid presets,
//! links only to written lessons, and the build's rendered content matches the source.
//! Adding a lesson needs no new test code.

use std::{fs, path::Path};

use tradeoffs::lesson::{Block, Catalog, Entry, bundle, catalog::LessonInfo};

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
    }
}

#[test]
fn the_built_index_and_content_match_the_sources() {
    let (from_source, parsed) = Catalog::from_sources(&sources());
    let builtin = Catalog::builtin();
    assert_eq!(builtin.summary, from_source.summary);
    assert_eq!(builtin.lessons, from_source.lessons);
    let content = Path::new(env!("OUT_DIR")).join("content");
    for (file, lesson) in &parsed {
        let slug = Catalog::slug(file);
        let shipped = fs::read_to_string(content.join(format!("{slug}.lesson"))).expect("build.rs wrote the lesson");
        assert_eq!(&bundle::decode(&shipped), lesson, "content/{slug}.lesson is stale");
        assert_eq!(LessonInfo::of(file, lesson), *builtin.info(slug).expect("indexed"));
    }
    let routes = fs::read_to_string(content.join("routes.txt")).expect("routes.txt");
    assert_eq!(routes.lines().collect::<Vec<_>>(), builtin.routes());
}

#[test]
fn the_availability_lessons_embed_the_nines_widget() {
    let catalog = Catalog::builtin();
    let users: Vec<&str> =
        catalog.lessons_using(tradeoffs::lesson::WidgetKind::Nines).iter().filter_map(|e| e.slug()).collect();
    assert_eq!(users, ["availability-and-the-nines", "composing-availability"]);
    let numbers: Vec<&str> =
        users.iter().map(|s| catalog.entry(s).map(|e: &Entry| e.number.as_str()).unwrap_or("")).collect();
    assert_eq!(numbers, ["4.1", "4.2"]);
}
