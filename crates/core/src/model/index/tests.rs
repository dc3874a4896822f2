use super::*;
use crate::model::query::ParamProblem;
use proptest::prelude::*;

fn state(rows: u64, row_bytes: u32, page_bytes: u32, key_bytes: u32, indexes: u32) -> IndexState {
    IndexState { rows, row_bytes, page_bytes, key_bytes, indexes }
}

/// A second implementation: builds the tree for real. The leaves are pages of at most `fan_out`
/// keys (`0..rows`, sorted); each level above holds, per page below, that page's first key and
/// its number, packed `fan_out` to a page, until one page is left. Returns the levels (root
/// first) as lists of pages, each page a list of (separator key, child page number).
fn build(rows: u64, fan_out: usize) -> Vec<Vec<Vec<(u64, usize)>>> {
    let leaves: Vec<Vec<(u64, usize)>> =
        (0..rows).map(|k| (k, k as usize)).collect::<Vec<_>>().chunks(fan_out).map(<[_]>::to_vec).collect();
    let mut levels = vec![leaves];
    while levels.last().unwrap().len() > 1 {
        let below = levels.last().unwrap();
        let entries: Vec<(u64, usize)> = below.iter().enumerate().map(|(i, page)| (page[0].0, i)).collect();
        levels.push(entries.chunks(fan_out).map(<[_]>::to_vec).collect());
    }
    levels.reverse();
    levels
}

/// Looks `key` up in a tree from [`build`], reading one page per level: returns the pages read
/// and whether the leaf held the key.
fn descend(tree: &[Vec<Vec<(u64, usize)>>], key: u64) -> (usize, bool) {
    let mut page = 0;
    let mut read = 0;
    for (depth, level) in tree.iter().enumerate() {
        let entries = &level[page];
        read += 1;
        if depth + 1 == tree.len() {
            return (read, entries.iter().any(|(k, _)| *k == key));
        }
        // The last entry whose separator is at most the key.
        page = entries.iter().rev().find(|(k, _)| *k <= key).map_or(entries[0].1, |(_, child)| *child);
    }
    (read, false)
}

#[test]
fn a_hundred_million_rows_in_postgres_pages() {
    // 8,192 / 200 = 40.96: 40 rows a page; 100,000,000 / 40 = 2,500,000 pages to scan.
    // Index entries of 8 + 8 = 16 B: 8,192 / 16 = 512 to a page.
    // Leaves: ⌈100,000,000 / 512⌉ = 195,313 (512 × 195,312 = 99,999,744, 256 rows short).
    // Level 2: ⌈195,313 / 512⌉ = 382 (512 × 381 = 195,072 < 195,313). Root: ⌈382 / 512⌉ = 1.
    // Height 3; a lookup reads 3 + 1 = 4 pages.
    let f = Preset::Postgres.state().figures();
    assert_eq!(f.rows_per_page, 40);
    assert_eq!(f.scan_pages, 2_500_000);
    assert_eq!(f.fan_out, 512);
    assert_eq!(
        f.levels,
        [Level { pages: 1, entries: 382 }, Level { pages: 382, entries: 195_313 }, Level { pages: 195_313, entries: 100_000_000 }]
    );
    assert_eq!(f.height(), 3);
    assert_eq!(f.lookup_pages, 4);
    assert_eq!(f.index_pages, 1 + 382 + 195_313);
    // 2,500,000 / 4 = 625,000 times fewer pages.
    assert_eq!(f.ratio(), 625_000.0);
    // One index: an insert changes the table page and one leaf, after reading a 3-page path.
    assert_eq!((f.write_pages, f.write_reads), (2, 3));
    // 2,500,000 pages × 8,192 B = 20,480,000,000 B.
    assert_eq!(Preset::Postgres.state().table_bytes(), 20_480_000_000.0);
}

#[test]
fn the_same_table_in_innodb_pages() {
    // 16,384 / 200 = 81.92: 81 rows a page; ⌈100,000,000 / 81⌉ = 1,234,568 (81 × 1,234,567 =
    // 99,999,927). Fan-out 16,384 / 16 = 1,024. Leaves ⌈10⁸ / 1,024⌉ = 97,657; level 2
    // ⌈97,657 / 1,024⌉ = 96 (1,024 × 95 = 97,280 < 97,657); root 1. Still 3 levels.
    let f = Preset::Innodb.state().figures();
    assert_eq!((f.rows_per_page, f.scan_pages, f.fan_out), (81, 1_234_568, 1_024));
    assert_eq!(f.levels.iter().map(|l| l.pages).collect::<Vec<_>>(), [1, 96, 97_657]);
    assert_eq!(f.lookup_pages, 4);
}

#[test]
fn a_billion_rows_take_one_more_level() {
    // 512² = 262,144 and 512³ = 134,217,728 < 10⁹ ≤ 512⁴ = 68,719,476,736: height 4.
    // Leaves ⌈10⁹ / 512⌉ = 1,953,125 exactly; ⌈1,953,125 / 512⌉ = 3,815 (512 × 3,814 =
    // 1,952,768); ⌈3,815 / 512⌉ = 8; root 1.
    let f = Preset::Billion.state().figures();
    assert_eq!(f.levels.iter().map(|l| l.pages).collect::<Vec<_>>(), [1, 8, 3_815, 1_953_125]);
    assert_eq!((f.height(), f.lookup_pages, f.scan_pages), (4, 5, 25_000_000));
    // Ten billion rows: 512⁴ still holds them, 4 levels; a hundred billion needs a fifth.
    assert_eq!(state(10_000_000_000, 200, 8_192, 8, 1).figures().height(), 4);
    assert_eq!(state(68_719_476_736, 200, 8_192, 8, 1).figures().height(), 4);
    assert_eq!(state(68_719_476_737, 200, 8_192, 8, 1).figures().height(), 5);
    assert_eq!(state(MAX_ROWS, 200, 8_192, 8, 1).figures().height(), 5);
}

#[test]
fn small_tables_and_the_edges_of_a_level() {
    // 512 rows fit in one leaf, which is the root: height 1, lookup 2 pages. 513 need two
    // leaves and a root above them.
    let one = state(512, 200, 8_192, 8, 0).figures();
    assert_eq!(one.levels, [Level { pages: 1, entries: 512 }]);
    assert_eq!(level_name(0, 1), "Root (also the leaf)");
    assert_eq!(state(1, 200, 8_192, 8, 0).figures().height(), 1);
    assert_eq!(state(513, 200, 8_192, 8, 0).figures().levels, [Level { pages: 1, entries: 2 }, Level { pages: 2, entries: 513 }]);
    assert_eq!(state(262_144, 200, 8_192, 8, 0).figures().height(), 2);
    assert_eq!(state(262_145, 200, 8_192, 8, 0).figures().height(), 3);
    // Keys of 128 B in 512 B pages: 512 / 256 = 2 entries a page, a binary tree: 1,000 rows
    // need ⌈log₂ 1,000⌉ = 10 levels (2¹⁰ = 1,024).
    assert_eq!(state(1_000, 200, 512, 128, 0).figures().height(), 10);
    // A row as big as the page: one a page, the scan reads every row's page.
    assert_eq!(state(1_000, 8_192, 8_192, 8, 0).figures().scan_pages, 1_000);
}

#[test]
fn every_index_adds_a_page_to_each_write() {
    // 0 to 5 indexes: 1 + k pages changed, k × 3 path pages read (height 3 at the preset).
    for k in 0..=5 {
        let f = IndexState { indexes: k, ..Preset::Postgres.state() }.figures();
        assert_eq!(f.write_pages, 1 + u64::from(k));
        assert_eq!(f.write_reads, 3 * u64::from(k));
    }
}

#[test]
fn the_built_tree_agrees_with_the_formula() {
    for fan_out in [2usize, 3, 4, 7, 16, 100] {
        for rows in [1u64, 2, 3, 15, 16, 17, 99, 100, 101, 1_000, 4_096, 4_097, 10_000, 65_537] {
            let tree = build(rows, fan_out);
            let levels = levels(rows, fan_out as u64);
            assert_eq!(tree.len(), levels.len(), "rows {rows}, fan-out {fan_out}");
            for (built, level) in tree.iter().zip(&levels) {
                assert_eq!(built.len() as u64, level.pages, "rows {rows}, fan-out {fan_out}");
                assert_eq!(built.iter().map(Vec::len).sum::<usize>() as u64, level.entries);
                assert!(built.iter().all(|p| !p.is_empty() && p.len() <= fan_out));
            }
            // Every key is found by reading exactly one page per level.
            for key in [0, rows / 3, rows / 2, rows - 1] {
                assert_eq!(descend(&tree, key), (levels.len(), true), "key {key} of {rows}, fan-out {fan_out}");
            }
            assert!(!descend(&tree, rows).1, "a missing key is not found");
        }
    }
}

#[test]
fn settings_are_read_and_refused_with_reasons() {
    let mut s = IndexState::default();
    assert_eq!(s.set("rows", "100M"), Ok(()));
    assert_eq!(s.set("page_bytes", "16 KiB"), Ok(()));
    assert_eq!(s.set("row_bytes", "1000"), Ok(()));
    assert_eq!(s.set("key_bytes", "16"), Ok(()));
    assert_eq!(s.set("indexes", "5"), Ok(()));
    assert_eq!(s, state(100_000_000, 1_000, 16_384, 16, 5));
    for (key, value, says) in [
        ("rows", "0", "from 1 to 1,000,000,000,000"),
        ("rows", "1.5", "whole number"),
        ("rows", "2T", "from 1"),
        ("rows", "many", "not a number"),
        ("row_bytes", "20000", "fit in a page) must be a whole number of bytes from 1 to 16,384"),
        ("row_bytes", "0", "from 1"),
        ("page_bytes", "256", "from 512 to 65,536"),
        ("page_bytes", "512", "cannot hold a row of 1,000 B"),
        ("page_bytes", "1 Mbit", "a page"),
        ("key_bytes", "4097", "at least two entries"),
        ("indexes", "6", "from 0 to 5"),
        ("index", "1", "rows, row_bytes, page_bytes, key_bytes, indexes"),
    ] {
        let message = s.set(key, value).unwrap_err();
        assert!(message.contains(says), "{key}={value}: {message}");
    }
    assert_eq!(s, state(100_000_000, 1_000, 16_384, 16, 5), "a refused value changes nothing");
    // A page too small for two entries of the key and its pointer.
    let mut big_keys = state(10, 100, 4_096, 1_024, 0);
    assert!(big_keys.set("page_bytes", "2048").unwrap_err().contains("two index entries of 2048 B"));
}

#[test]
fn scenarios_are_named_while_their_values_hold() {
    let pg = Preset::Postgres.state();
    assert_eq!(pg.named(), Some("postgres"));
    assert_eq!(pg.to_query(), [("preset", "postgres".to_string())]);
    assert!(IndexState::default().to_query().is_empty());
    let (five, problems) = IndexState::from_query(&[("preset", "innodb"), ("indexes", "5")]);
    assert!(problems.is_empty());
    assert_eq!(five, IndexState { indexes: 5, ..Preset::Innodb.state() });
    assert_eq!(five.named(), None);
    assert_eq!(IndexState::from_query(&five.to_query()), (five, Vec::new()));
    // The page size is read first, whatever its place: a 20,000 B row fits a 32 KiB page.
    let (wide, problems) = IndexState::from_query(&[("row_bytes", "20000"), ("page_bytes", "32768")]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((wide.row_bytes, wide.page_bytes), (20_000, 32_768));
    let (_, problems) = IndexState::from_query(&[("preset", "oracle")]);
    assert_eq!(
        problems,
        [ParamProblem { key: "preset".into(), message: "unknown scenario “oracle”; use postgres, innodb, billion".into() }]
    );
}

#[test]
fn the_twin_lists_the_levels_the_table_and_the_lookups() {
    let t = Preset::Postgres.state().twin().unwrap();
    let cells: Vec<Vec<&str>> = t.rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    assert_eq!(
        cells,
        [
            vec!["Root", "1", "382", "1"],
            // 195,313 / 382 = 511.29…
            vec!["Level 2", "382", "511.3", "1"],
            // 100,000,000 / 195,313 = 511.99…
            vec!["Level 3 (leaves)", "195,313", "512", "1"],
            vec!["Table", "2,500,000", "40", "1"],
            vec!["Lookup through the index", "", "", "4"],
            vec!["Lookup by full scan", "", "", "2,500,000"],
            vec!["Insert with 1 index: pages changed", "", "", "2"],
        ]
    );
    assert_eq!(t.head, ["Level", "Pages", "Entries per page", "Pages a lookup reads"], "every column is named");
    assert_eq!(t.caption, "100,000,000 rows of 200 B in pages of 8,192 B; index entries of 2 × 8 B, 512 to a page");
}

// ---- Properties ----

fn any_state() -> impl Strategy<Value = IndexState> {
    (1u64..=MAX_ROWS, MIN_PAGE..=MAX_PAGE, 0u32..=MAX_INDEXES, 0.0..1.0f64, 0.0..1.0f64).prop_map(
        |(rows, page_bytes, indexes, r, k)| {
            let row_bytes = 1 + (r * f64::from(page_bytes - 1)) as u32;
            let key_bytes = 1 + (k * f64::from(page_bytes / 4 - 1)) as u32;
            IndexState { rows, row_bytes, page_bytes, key_bytes, indexes }
        },
    )
}

proptest! {
    #[test]
    fn the_tree_holds_every_row_and_no_level_too_many(s in any_state()) {
        let f = s.figures();
        let h = f.levels.len() as u32;
        prop_assert!(h >= 1 && f.levels[0].pages == 1);
        // Height is the least h with Fʰ ≥ rows.
        prop_assert!(f.fan_out.checked_pow(h).is_none_or(|cap| cap >= s.rows));
        if h > 1 {
            prop_assert!(f.fan_out.pow(h - 1) < s.rows);
        }
        prop_assert_eq!(f.levels.last().unwrap().entries, s.rows);
        prop_assert!(f.levels.iter().all(|l| l.entries <= l.pages * f.fan_out && l.entries > (l.pages - 1) * f.fan_out));
        prop_assert_eq!(f.lookup_pages, u64::from(h) + 1);
        prop_assert!(f.scan_pages * f.rows_per_page >= s.rows);
        prop_assert!(f.rows_per_page * u64::from(s.row_bytes) <= u64::from(s.page_bytes));
    }

    #[test]
    fn more_rows_never_shrink_the_tree_and_bigger_keys_never_lower_it(s in any_state(), more in 0u64..1_000_000_000) {
        let f = s.figures();
        let bigger = IndexState { rows: (s.rows + more).min(MAX_ROWS), ..s.clone() }.figures();
        prop_assert!(bigger.height() >= f.height());
        prop_assert!(bigger.scan_pages >= f.scan_pages);
        if s.key_bytes < s.page_bytes / 4 {
            let wider = IndexState { key_bytes: s.key_bytes + 1, ..s.clone() }.figures();
            prop_assert!(wider.height() >= f.height());
        }
    }
}
