//! The search index over the real lessons, and its parsing, ranking and snippets on random and
//! hostile input. The oracle for ranking is a plain scan of each section's words, not the
//! searcher's vocabulary.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use tradeoffs_core::lesson::{Catalog, page};
use tradeoffs_core::search::{Index, LessonRef, Query, Searcher, Section, plain_text, snippet, tokenise};

fn sources() -> Vec<(String, String)> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons"));
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .expect("lessons/ exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| (e.file_name().into_string().expect("UTF-8"), fs::read_to_string(e.path()).expect("readable")))
        .collect();
    files.sort();
    files
}

#[test]
fn every_lesson_and_heading_is_indexed_as_its_page_shows_it() {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    let index = Index::build(&catalog, &parsed);
    let pages = page::site(&catalog, &parsed);
    assert_eq!(index.lessons.len(), catalog.summary.written().count());
    for (n, lesson) in index.lessons.iter().enumerate() {
        let entry = catalog.entry(&lesson.slug).expect("a lesson of the summary");
        assert_eq!(lesson.number, entry.number);
        let body = &pages.iter().find(|p| p.route == format!("lessons/{}", lesson.slug)).expect("its page").body;
        let sections: Vec<&Section> = index.sections.iter().filter(|s| s.lesson == n).collect();
        assert!(sections.len() >= 3, "{}: {} sections", lesson.slug, sections.len());
        assert_eq!(sections[0].heading, lesson.title, "the opening is the title's section");
        for s in sections {
            // The anchor is the id the page gives the heading, and the heading reads the same.
            let tag = format!(" id=\"{}\">", s.anchor);
            let open =
                body.find(&tag).unwrap_or_else(|| panic!("{}#{} on the page", lesson.slug, s.anchor)) + tag.len();
            let close = body[open..].find("</h").expect("the heading closes") + open;
            let shown = &body[open..close];
            let shown = shown.split("<a class=\"anchor\"").next().unwrap_or_default();
            assert_eq!(tokenise(&s.heading), tokenise(&plain_text(shown)), "{}#{}", lesson.slug, s.anchor);
            assert!(!s.text.contains('<') || !s.text.contains("</"), "no markup in {}#{}", lesson.slug, s.anchor);
        }
    }
    // Every word of the page's prose is somewhere in its sections (a sample: the caching lesson).
    let caching = index.lessons.iter().position(|l| l.slug == "caching").expect("caching is written");
    let words: Vec<String> = index
        .sections
        .iter()
        .filter(|s| s.lesson == caching)
        .flat_map(|s| tokenise(&format!("{} {}", s.heading, s.text)))
        .collect();
    for word in tokenise(
        &fs::read_to_string(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons/caching.md"))).unwrap(),
    ) {
        // Markdown's own syntax words (widget directives, link targets) are not text.
        if word.len() > 3
            && !["widget", "html", "https", "http"].contains(&word.as_str())
            && word.chars().all(|c| c.is_alphabetic())
        {
            assert!(words.contains(&word) || !is_prose_word(&word), "{word} is searchable");
        }
    }
    assert_eq!(Index::parse(&index.to_text()).as_ref(), Ok(&index), "the file round-trips");
}

/// Words of the caching lesson's source that are not shown as its text: link targets and
/// directive settings.
fn is_prose_word(word: &str) -> bool {
    let src = fs::read_to_string(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons/caching.md"))).unwrap();
    src.lines().filter(|l| !l.starts_with("{{#") && !l.starts_with("```")).any(|l| {
        let visible: String = l
            .split("](")
            .enumerate()
            .map(|(i, p)| if i == 0 { p } else { p.split_once(')').map_or("", |x| x.1) })
            .collect();
        tokenise(&visible).iter().any(|w| w == word)
    })
}

#[test]
fn a_word_only_a_late_lesson_has_finds_its_heading_first() {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    let searcher = Searcher::new(Index::build(&catalog, &parsed));
    for typed in ["stampede", "stamp", "Stampedes ", "cache stampede"] {
        let hits = searcher.search(&Query::parse(typed));
        let first = hits.first().unwrap_or_else(|| panic!("{typed}: nothing found"));
        let section = &searcher.index.sections[first.section];
        assert_eq!(searcher.lesson_of(first).map(|l| l.slug.as_str()), Some("caching"), "{typed}");
        assert_eq!(
            (section.anchor.as_str(), section.heading.as_str()),
            ("stampedes-and-request-coalescing", "Stampedes and request coalescing"),
            "{typed}"
        );
    }
    assert!(searcher.vocabulary_len() > 1000);
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c ]{0,40}",
        "[a-zA-Z0-9 .,\\-]{0,80}",
        any::<String>(),
        "[\\\\\t\n\r ab]{0,20}",
        "[éÉßİıﬁ👍\u{301}a ]{0,20}",
    ]
}

fn index() -> impl Strategy<Value = Index> {
    (1usize..4, proptest::collection::vec((0usize..4, text(), text(), text()), 0..8)).prop_flat_map(|(n, secs)| {
        proptest::collection::vec((text(), text(), text()), n).prop_map(move |ls| {
            let lessons: Vec<LessonRef> =
                ls.into_iter().map(|(slug, number, title)| LessonRef { slug, number, title }).collect();
            let mut sections: Vec<Section> = secs
                .iter()
                .map(|(l, a, h, t)| Section {
                    lesson: l % lessons.len(),
                    anchor: a.clone(),
                    heading: h.clone(),
                    text: t.clone(),
                })
                .collect();
            sections.sort_by_key(|s| s.lesson);
            Index { lessons, sections }
        })
    })
}

/// How many of the query's words a section has, by reading all its words.
fn found_by_scan(section: &Section, query: &Query) -> usize {
    let words = tokenise(&format!("{} {}", section.heading, section.text));
    let last = query.terms.len().saturating_sub(1);
    query
        .terms
        .iter()
        .enumerate()
        .filter(|(i, t)| words.iter().any(|w| w == *t || (query.prefix && *i == last && w.starts_with(t.as_str()))))
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_file_round_trips(index in index()) {
        prop_assert_eq!(Index::parse(&index.to_text()), Ok(index));
    }

    #[test]
    fn parsing_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), header in any::<bool>()) {
        let mut text = if header { "tradeoffs-search 1\n".to_string() } else { String::new() };
        text.push_str(&String::from_utf8_lossy(&bytes));
        if let Ok(index) = Index::parse(&text) {
            prop_assert!(index.sections.iter().all(|s| s.lesson < index.lessons.len()));
        }
    }

    #[test]
    fn search_finds_exactly_the_sections_with_a_word_best_first(index in index(), typed in text()) {
        let query = Query::parse(&typed);
        let searcher = Searcher::new(index.clone());
        let hits = searcher.search(&query);
        prop_assert!(query.terms.len() <= 12);
        for (n, section) in index.sections.iter().enumerate() {
            let found = found_by_scan(section, &query);
            match hits.iter().find(|h| h.section == n) {
                Some(hit) => {
                    prop_assert_eq!(hit.found, found);
                    prop_assert_eq!(hit.all, found == query.terms.len());
                }
                None => prop_assert_eq!(found, 0),
            }
        }
        for pair in hits.windows(2) {
            prop_assert!(pair[0].found >= pair[1].found, "more words first");
            prop_assert!(pair[0].found > pair[1].found || pair[0].score >= pair[1].score);
        }
    }

    #[test]
    fn snippets_are_the_text_with_matches_marked(t in text(), typed in text(), width in 0usize..300) {
        let query = Query::parse(&typed);
        let pieces = snippet(&t, &query, width);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        let inner = joined.trim_start_matches("… ").trim_end_matches(" …");
        prop_assert!(t.contains(inner), "{:?} is part of {:?}", inner, t);
        for p in pieces.iter().filter(|p| p.marked) {
            let words = tokenise(&p.text);
            prop_assert!(words.len() == 1 && query.matches(&words[0]), "{:?} matches {:?}", p.text, query);
        }
        prop_assert!(inner.chars().count() <= width.max(20) + 1);
    }
}

#[test]
fn huge_and_hostile_queries_answer_quickly() {
    let (catalog, parsed) = Catalog::from_sources(&sources());
    let searcher = Searcher::new(Index::build(&catalog, &parsed));
    let huge = "a ".repeat(500_000) + &"x".repeat(1_000_000);
    for typed in [huge.as_str(), "\u{0}\u{ffff}<script>", "a", "e", "1", "🙂 ﬁ İstanbul", "\\t\\n"] {
        let query = Query::parse(typed);
        assert!(query.terms.len() <= 12 && query.terms.iter().all(|t| t.chars().count() <= 40));
        let hits = searcher.search(&query);
        for hit in hits.iter().take(20) {
            let _ = searcher.snippet(hit.section, &query, 160);
        }
    }
}
