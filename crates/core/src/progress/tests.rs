//! Unit tests of the progress record, its export format and its storage.

use super::*;

fn sample() -> Progress {
    let mut p = Progress::default();
    p.open("cdns");
    p.open("replication");
    p.set_done("cdns", true);
    p.record("cdns", "1-0a1b2c3d", Outcome::Right);
    p.record("cdns", "2-ffffffff", Outcome::Wrong);
    p.set_position(Position::new("replication", "leader-and-followers", "Leader and followers", 0.25).unwrap());
    p
}

#[test]
fn the_export_format_reads_back_what_it_wrote() {
    let p = sample();
    let json = p.to_json();
    assert!(json.starts_with("{\n  \"format\": \"tradeoffs-progress\",\n  \"version\": 1,"), "{json}");
    assert!(
        json.contains("\"checks\": {\n    \"cdns\": {\"1-0a1b2c3d\": \"right\", \"2-ffffffff\": \"wrong\"}\n  }"),
        "{json}"
    );
    assert!(json.contains("\"last\": {\"lesson\": \"replication\", \"heading\": \"leader-and-followers\""), "{json}");
    assert_eq!(Progress::from_json(&json), Ok(Read { progress: p.clone(), skipped: 0 }));
    assert_eq!(Progress::from_bytes(json.as_bytes()).map(|r| r.progress), Ok(p));
    let empty = Progress::default();
    assert_eq!(Progress::from_json(&empty.to_json()).map(|r| r.progress), Ok(empty));
}

#[test]
fn storage_keeps_the_old_comma_list_for_lessons_opened() {
    let p = sample();
    let (read, rest) = p.to_storage();
    assert_eq!(read, "cdns,replication");
    assert!(!rest.contains("opened"), "{rest}");
    assert_eq!(Progress::from_storage(Some(&read), Some(&rest)), p);
    // A learner from before this module: only the comma list.
    let old = Progress::from_storage(Some("apis,cdns,,Bad,<x>"), None);
    assert_eq!(old.opened.iter().map(String::as_str).collect::<Vec<_>>(), ["apis", "cdns"]);
    assert!(old.done.is_empty() && old.checks.is_empty() && old.last.is_none());
    // An unreadable progress value counts as empty; the opened list still reads.
    let broken = Progress::from_storage(Some("apis"), Some("{not json"));
    assert_eq!(broken.opened.len(), 1);
    assert!(broken.done.is_empty());
}

#[test]
fn what_is_not_a_progress_file_is_refused_with_a_reason() {
    assert_eq!(Progress::from_json(""), Err(ImportError::NotJson));
    assert_eq!(Progress::from_json("{"), Err(ImportError::NotJson));
    assert_eq!(Progress::from_json("[1,2]"), Err(ImportError::NotProgress));
    assert_eq!(Progress::from_json("{\"a\": 1}"), Err(ImportError::NotProgress));
    assert_eq!(Progress::from_json(r#"{"format": "tradeoffs-progress"}"#), Err(ImportError::NotProgress));
    assert_eq!(
        Progress::from_json(r#"{"format": "tradeoffs-progress", "version": "1"}"#),
        Err(ImportError::NotProgress)
    );
    assert_eq!(
        Progress::from_json(r#"{"format": "tradeoffs-progress", "version": 2}"#),
        Err(ImportError::Version("2".to_string()))
    );
    assert_eq!(Progress::from_bytes(b"\xff\xfe{}"), Err(ImportError::NotJson));
    assert_eq!(Progress::from_bytes(&vec![b' '; MAX_BYTES + 1]), Err(ImportError::TooLarge));
    // Trailing data, single quotes, comments, NaN: not JSON.
    for bad in [
        r#"{"format": "tradeoffs-progress", "version": 1} x"#,
        r#"{'format': 'tradeoffs-progress', 'version': 1}"#,
        r#"{"format": "tradeoffs-progress", "version": 1 /* c */}"#,
        r#"{"format": "tradeoffs-progress", "version": NaN}"#,
        r#"{"format": "tradeoffs-progress", "version": 01}"#,
        "{\"format\": \"tradeoffs-\nprogress\", \"version\": 1}",
    ] {
        assert_eq!(Progress::from_json(bad), Err(ImportError::NotJson), "{bad}");
    }
    // Too deep to be ours.
    let deep =
        format!(r#"{{"format": "tradeoffs-progress", "version": 1, "x": {}{}}}"#, "[".repeat(100), "]".repeat(100));
    assert_eq!(Progress::from_json(&deep), Err(ImportError::NotJson));
    // The sentences say what to do.
    assert!(ImportError::NotProgress.to_string().contains("not a Tradeoffs progress file"));
    assert!(ImportError::Version("2".into()).to_string().contains("version 2"));
    assert_eq!(
        Progress::from_json(r#"{"format": "tradeoffs-progress", "version": 2.50}"#),
        Err(ImportError::Version("2.50".to_string()))
    );
}

#[test]
fn unreadable_entries_are_skipped_and_counted_and_the_rest_kept() {
    let text = r#"{
        "format": "tradeoffs-progress", "version": 1.0, "future-field": {"x": [1, null, true]},
        "opened": ["cdns", "<script>", 7, "", "cdns"],
        "done": "cdns",
        "checks": {"cdns": {"1-0a1b2c3d": "right", "1-0A1B2C3D": "right", "2-00000000": "maybe", "01-00000000": "wrong"},
                   "../etc": {"1-00000000": "right"}, "apis": []},
        "last": {"lesson": "replication", "heading": "x y", "offset": 0.5}
    }"#;
    let read = Progress::from_json(text).unwrap();
    let p = &read.progress;
    assert_eq!(p.opened.iter().map(String::as_str).collect::<Vec<_>>(), ["cdns"]);
    assert!(p.done.is_empty());
    assert_eq!(p.outcome("cdns", "1-0a1b2c3d"), Some(Outcome::Right));
    assert_eq!(p.checks.len(), 1);
    assert_eq!(p.results("cdns").map(Vec::len), Some(1));
    assert_eq!(p.last, None);
    // "<script>", 7, "", done, 3 bad checks, ../etc's check, apis' list, last.
    assert_eq!(read.skipped, 10);
}

#[test]
fn offsets_are_written_in_ten_thousandths() {
    for (offset, text) in
        [(0.0, "0"), (1.0, "1"), (0.25, "0.25"), (0.5, "0.5"), (0.0001, "0.0001"), (0.1235, "0.1235"), (0.99999, "1")]
    {
        assert_eq!(offset_text(offset), text);
        assert_eq!(text.parse::<f64>().unwrap(), (offset * 10_000.0_f64).round() / 10_000.0);
    }
}

#[test]
fn a_position_is_made_valid() {
    let p = Position::new("replication", "", "  Leader\nand\tfollowers\u{0}  ", 7.0).unwrap();
    assert_eq!((p.title.as_str(), p.offset), ("Leader and followers", 1.0));
    assert_eq!(Position::new("replication", "h", "t", f64::NAN).unwrap().offset, 0.0);
    assert_eq!(Position::new("replication", "h", "t", 0.123456).unwrap().offset, 0.1235);
    assert_eq!(Position::new("replication", "h", &"é".repeat(500), 0.0).unwrap().title.chars().count(), MAX_TITLE);
    assert!(Position::new("Replication", "h", "t", 0.0).is_none());
    assert!(Position::new("replication", "#h", "t", 0.0).is_none());
    // A title with quotes and control characters survives the export.
    let mut progress = Progress::default();
    progress.set_position(Position::new("a", "b", "\"quoted\" \\ back \u{2028}", 0.5).unwrap());
    assert_eq!(Progress::from_json(&progress.to_json()).unwrap().progress, progress);
}

#[test]
fn self_check_ids_are_number_and_question_hash() {
    assert_eq!(check_id(1, ""), "1-811c9dc5");
    assert_eq!(check_id(2, "a"), "2-e40c292c"); // FNV-1a of "a".
    assert_ne!(check_id(1, "What is a quorum?"), check_id(1, "What is a quorum ?"));
    assert!(is_check_id(&check_id(12, "x")));
    for bad in ["", "1", "1-", "0-00000000", "1-0000000", "1-000000000", "1-0000000g", "a-00000000", "12345-00000000"] {
        assert!(!is_check_id(bad), "{bad}");
    }
}

#[test]
fn records_change_as_the_learner_goes() {
    let mut p = Progress::default();
    assert!(p.is_empty());
    assert!(p.open("cdns"));
    assert!(!p.open("cdns"));
    assert!(!p.open("Not a slug"));
    p.set_done("cdns", true);
    assert!(p.is_done("cdns"));
    p.set_done("cdns", false);
    assert!(!p.is_done("cdns"));
    p.record("cdns", "1-00000000", Outcome::Wrong);
    p.record("cdns", "2-00000000", Outcome::Right);
    p.record("cdns", "3-00000000", Outcome::Wrong);
    p.record("cdns", "3-00000000", Outcome::Right); // Tried again.
    p.record("cdns", "nope", Outcome::Right);
    assert_eq!(p.score("cdns", ["1-00000000", "2-00000000", "3-00000000", "4-00000000"]), (2, 3));
    assert_eq!(p.tally("cdns"), (2, 3));
    // A result for a question the lesson no longer has is not counted, and is forgotten when
    // the lesson is visited again.
    assert_eq!(p.score("cdns", ["2-11111111"]), (0, 0));
    assert_eq!(p.score("apis", ["1-00000000"]), (0, 0));
    let mut edited = p.clone();
    assert!(edited.prune("cdns", ["1-00000000", "3-00000000", "4-12345678"]));
    assert_eq!(edited.tally("cdns"), (1, 2));
    assert!(!edited.prune("cdns", ["1-00000000", "3-00000000"]));
    assert!(edited.prune("cdns", []));
    assert!(edited.results("cdns").is_none());
    for i in 0..MAX_CHECKS + 10 {
        p.record("big", &format!("{}-00000000", i + 1), Outcome::Right);
    }
    assert_eq!(p.results("big").map(Vec::len), Some(MAX_CHECKS));
}

#[test]
fn merging_unites_and_keeps_the_better_result() {
    let mut mine = Progress::default();
    mine.open("apis");
    mine.set_done("apis", true);
    mine.record("apis", "1-00000000", Outcome::Right);
    mine.record("apis", "2-00000000", Outcome::Wrong);
    mine.set_position(Position::new("apis", "", "", 0.0).unwrap());
    let mut file = sample();
    file.record("apis", "1-00000000", Outcome::Wrong);
    file.record("apis", "2-00000000", Outcome::Right);
    let mut merged = mine.clone();
    merged.merge(file.clone());
    assert_eq!(merged.opened.len(), 3);
    assert_eq!(merged.done.len(), 2);
    assert_eq!(merged.outcome("apis", "1-00000000"), Some(Outcome::Right));
    assert_eq!(merged.outcome("apis", "2-00000000"), Some(Outcome::Right));
    assert_eq!(merged.outcome("cdns", "2-ffffffff"), Some(Outcome::Wrong));
    assert_eq!(merged.last, file.last);
    // Merging a file without a position keeps ours.
    let mut kept = mine.clone();
    kept.merge(Progress::default());
    assert_eq!(kept, mine);
}

#[test]
fn json_strings_and_numbers_read_as_json_parse_reads_them() {
    let doc = |last: &str| format!(r#"{{"format":"tradeoffs-progress","version":1e0,"last":{last}}}"#);
    let title = |last: &str| Progress::from_json(&doc(last)).map(|r| r.progress.last.map(|p| p.title));
    assert_eq!(
        title(r#"{"lesson":"a","title":"\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t"}"#),
        Ok(Some("é😀/\"\\".to_string()))
    );
    // A lone surrogate reads as the replacement character, as TextDecoder would write it.
    assert_eq!(title(r#"{"lesson":"a","title":"\ud800x"}"#), Ok(Some("\u{FFFD}x".to_string())));
    assert_eq!(title(r#"{"lesson":"a","title":"\ud800\u0041"}"#), Ok(Some("\u{FFFD}A".to_string())));
    assert_eq!(title(r#"{"lesson":"a","title":"\x"}"#), Err(ImportError::NotJson));
    assert_eq!(title(r#"{"lesson":"a","title":"\u12"}"#), Err(ImportError::NotJson));
    assert_eq!(title("null"), Ok(None));
    // Offsets: a number from 0 to 1.
    let offset = |o: &str| {
        Progress::from_json(&doc(&format!(r#"{{"lesson":"a","offset":{o}}}"#)))
            .map(|r| r.progress.last.map(|p| p.offset))
    };
    assert_eq!(offset("0.5"), Ok(Some(0.5)));
    assert_eq!(offset("-0"), Ok(Some(0.0)));
    assert_eq!(offset("5E-1"), Ok(Some(0.5)));
    assert_eq!(offset("1.5"), Ok(None));
    assert_eq!(offset("1e999"), Ok(None));
    assert_eq!(offset("\"0.5\""), Ok(None));
    for bad in ["-", "1.", ".5", "+1", "0x1", "1e", "--1"] {
        assert_eq!(offset(bad), Err(ImportError::NotJson), "{bad}");
    }
    // Duplicate keys: the last one counts, as in JSON.parse.
    assert_eq!(
        Progress::from_json(r#"{"format":"x","version":1,"format":"tradeoffs-progress"}"#).map(|r| r.skipped),
        Ok(0)
    );
}
