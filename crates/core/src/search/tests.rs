use super::*;
use crate::lesson::parse_lesson;

fn section(lesson: usize, anchor: &str, heading: &str, text: &str) -> Section {
    Section { lesson, anchor: anchor.into(), heading: heading.into(), text: text.into() }
}

fn small() -> Searcher {
    Searcher::new(Index {
        lessons: vec![LessonRef { slug: "a".into(), number: "1.1".into(), title: "A".into() }],
        sections: vec![
            section(0, "intro", "Intro", "a cache stores copies"),
            section(0, "cache-eviction", "Cache eviction", "when the cache is full, evict"),
            section(0, "queues", "Queues", "cache eviction in queues eviction"),
        ],
    })
}

#[test]
fn plain_text_separates_blocks_and_decodes_entities() {
    let html = "<p>A <em>b</em> &amp; c&#39;s <code>&lt;x&gt;</code></p><ul><li>x</li><li>y</li></ul><p>&bogus; &#xZZ; &#8212;</p>";
    assert_eq!(plain_text(html), "A b & c's <x> x y &bogus; &#xZZ; —");
    assert_eq!(plain_text("text <unclosed"), "text");
}

#[test]
fn sections_follow_the_rendered_headings() {
    let src = "# Caching\n\nIntro text.\n\n## Eviction & *LRU*\n\nLeast recently used.\n\n```quiz\n? Which goes?\n- the newest\n+ the oldest\n> Because.\n```\n\n{{#widget nines}}\n\n### Eviction & *LRU*\n\nAgain `code`.\n";
    let lesson = parse_lesson(src);
    assert!(lesson.errors.is_empty(), "{:?}", lesson.errors);
    let sections = sections_of(&lesson);
    let expected = [
        ("caching", "Caching", "Intro text."),
        (
            "eviction-lru",
            "Eviction & LRU",
            "Least recently used. Which goes? the newest the oldest The right choice Because. Availability calculator",
        ),
        ("eviction-lru-1", "Eviction & LRU", "Again code."),
    ];
    assert_eq!(sections.len(), 3, "{sections:?}");
    for ((anchor, heading, text), (a, h, t)) in sections.iter().zip(expected) {
        assert_eq!(anchor, a);
        assert_eq!(heading, h);
        // (The widget's title is the list's; the quiz text is checked word by word.)
        for word in tokenise(t)
            .iter()
            .filter(|w| !["the", "right", "choice", "availability", "calculator"].contains(&w.as_str()))
        {
            assert!(tokenise(text).contains(word), "{word} in {text:?}");
        }
    }
    assert!(!sections[2].2.contains('#'), "the anchor link's # is not text: {:?}", sections[2].2);
}

#[test]
fn queries_split_into_words_the_last_one_a_prefix_while_typed() {
    assert_eq!(
        Query::parse("Cache  HIT-rat"),
        Query { terms: vec!["cache".into(), "hit".into(), "rat".into()], prefix: true }
    );
    assert_eq!(Query::parse("cache "), Query { terms: vec!["cache".into()], prefix: false });
    assert_eq!(Query::parse("cache?"), Query { terms: vec!["cache".into()], prefix: false });
    assert_eq!(Query::parse("a b a"), Query { terms: vec!["b".into(), "a".into()], prefix: true });
    assert!(Query::parse("").is_empty());
    assert!(Query::parse(" !?—“”").is_empty());
    assert_eq!(Query::parse("ÉCOLE Straße").terms, ["école", "straße"]);
}

#[test]
fn ranking_puts_every_word_and_headings_first() {
    let s = small();
    let hits = s.search(&Query::parse("cache evic"));
    // Worked by hand: "Cache eviction" has both words in its heading (2 × 100), both found
    // (2 × 10), "cache" once and "evict" once in its text (2): 222. "Queues" has both in its
    // text only: 20 + 1 + 2 = 23. "Intro" has "cache" only: 10 + 1 = 11, and comes last.
    let got: Vec<(usize, bool, u32)> = hits.iter().map(|h| (h.section, h.all, h.score)).collect();
    assert_eq!(got, [(1, true, 222), (2, true, 23), (0, false, 11)]);
    // A finished word matches itself only.
    let hits = s.search(&Query::parse("evic "));
    assert!(hits.is_empty(), "{hits:?}");
    let hits = s.search(&Query::parse("eviction "));
    assert_eq!(hits.iter().map(|h| h.section).collect::<Vec<_>>(), [1, 2]);
    assert!(s.search(&Query::parse("")).is_empty());
    assert!(s.search(&Query::parse("zebra")).is_empty());
}

#[test]
fn snippets_cut_around_the_first_match_and_mark_every_match() {
    let text = "The quick brown fox jumps over the lazy dog";
    let pieces = snippet(text, &Query::parse("fox"), 20);
    let shown: Vec<(&str, bool)> = pieces.iter().map(|p| (p.text.as_str(), p.marked)).collect();
    assert_eq!(shown, [("… ", false), ("brown ", false), ("fox", true), (" jumps", false), (" …", false)]);
    // The whole text fits: no ellipsis; every use marked, prefixes included.
    let pieces = snippet("Cache the cached caches.", &Query::parse("cache"), 100);
    let marked: Vec<&str> = pieces.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["Cache", "cached", "caches"]);
    let pieces = snippet("Cache the cached caches.", &Query::parse("cache "), 100);
    let marked: Vec<&str> = pieces.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["Cache"]);
    // Only the heading matched: the text's beginning, nothing marked.
    let pieces = snippet("Some words here and more words after them", &Query::parse("zebra"), 20);
    assert_eq!(pieces.iter().map(|p| p.text.as_str()).collect::<String>(), "Some words here and …");
    assert!(pieces.iter().all(|p| !p.marked));
}

#[test]
fn the_file_round_trips_and_refuses_what_it_is_not() {
    let index = small().index;
    let text = index.to_text();
    assert!(text.starts_with("tradeoffs-search 1\nL\ta\t1.1\tA\nS\tintro\tIntro\ta cache stores copies\n"), "{text}");
    assert_eq!(Index::parse(&text), Ok(index));
    let odd = Index {
        lessons: vec![LessonRef { slug: "x\ty".into(), number: "\\n".into(), title: "a\nb\r\\".into() }],
        sections: vec![section(0, "", "\t", "\\t")],
    };
    assert_eq!(Index::parse(&odd.to_text()), Ok(odd));
    assert!(Index::parse("<!doctype html><p>Not found</p>").is_err());
    assert!(Index::parse("tradeoffs-search 1\nS\ta\tb\tc\n").is_err(), "a section before any lesson");
    assert!(Index::parse("tradeoffs-search 1\nL\ta\tb\n").is_err(), "a field missing");
    assert!(Index::parse("tradeoffs-search 1\nX\ta\tb\tc\n").is_err(), "an unknown record");
    assert_eq!(Index::parse("tradeoffs-search 1\r\n"), Ok(Index::default()));
}
