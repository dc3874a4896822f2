//! The slides, themes, clicker keys and addresses of presenter mode.

use super::*;
use crate::lesson::WidgetKind;

fn pairs(text: &str) -> Vec<(String, String)> {
    query::decode(text)
}

fn names(deck: &Deck) -> Vec<&str> {
    deck.slides.iter().map(|s| s.name.as_str()).collect()
}

const CAP: &[(&str, &str)] = &[
    ("last-item", "The last item in stock (CP)"),
    ("likes", "The like counter: 100 or 103? (AP)"),
    ("lost-write", "Heal and converge: a lost write (AP)"),
];

#[test]
fn standing_alone_the_slides_are_the_scenarios_and_the_address_picks_one() {
    let deck = deck(CAP, &[], Start::Query(&pairs("preset=likes")));
    assert_eq!(
        names(&deck),
        ["The last item in stock (CP)", "The like counter: 100 or 103? (AP)", "Heal and converge: a lost write (AP)"]
    );
    assert_eq!(deck.at, 1);
    assert_eq!(deck.caption(), "Slide 2 of 3: The like counter: 100 or 103? (AP)");
    assert_eq!(deck.slide().params, pairs("preset=likes"));
    assert_eq!(deck.next(), Some(2));
    assert_eq!(deck.back(), Some(0));
}

#[test]
fn a_changed_state_comes_first_as_a_slide_of_its_own() {
    let deck = deck(CAP, &[], Start::Query(&pairs("preset=likes&mode=cp")));
    assert_eq!(deck.slides.len(), 4);
    assert_eq!(deck.at, 0);
    assert_eq!(deck.caption(), "Slide 1 of 4: This setup");
    assert_eq!(deck.slide().params, pairs("preset=likes&mode=cp"));
    assert_eq!(deck.back(), None);
    assert_eq!(deck.next(), Some(1));
}

#[test]
fn settings_in_another_order_are_the_same_slide() {
    let placed = vec![pairs("a=1&b=2")];
    let deck = deck(&[], &placed, Start::Query(&pairs("b=2&a=1")));
    assert_eq!(deck.slides.len(), 1);
    assert_eq!(deck.at, 0);
}

#[test]
fn in_a_lesson_the_places_come_first_then_the_scenarios_no_place_starts_from() {
    let placed =
        vec![pairs("preset=likes"), pairs("preset=last-item&nodes=3"), pairs("nodes=4&mode=ap"), pairs("preset=likes")];
    let deck = deck(CAP, &placed, Start::Placement(2));
    assert_eq!(
        names(&deck),
        [
            "The like counter: 100 or 103? (AP)",
            "The last item in stock (CP), with nodes=3",
            "The lesson's setup 3: nodes=4, mode=ap",
            "Heal and converge: a lost write (AP)",
        ]
    );
    assert_eq!(deck.at, 2, "the third place is the third slide");
    assert_eq!(deck.slides[2].params, pairs("nodes=4&mode=ap"));
    // The fourth place repeats the first: one slide, and pressing its Present button starts there.
    assert_eq!(super::deck(CAP, &placed, Start::Placement(3)).at, 0);
}

#[test]
fn a_place_out_of_range_starts_at_the_first_slide_and_nothing_at_all_is_one_slide() {
    assert_eq!(deck(CAP, &[], Start::Placement(7)).at, 0);
    let lonely = deck(&[], &[], Start::Placement(0));
    assert_eq!(lonely.slides.len(), 1);
    assert_eq!((lonely.next(), lonely.back()), (None, None));
    let alone = deck(&[], &[], Start::Query(&[]));
    assert_eq!(alone.caption(), "Slide 1 of 1: This setup");
}

#[test]
fn a_place_with_default_settings_and_a_long_one_get_readable_names() {
    let long = format!("ops={}", "w1:1,".repeat(60));
    let placed = vec![Vec::new(), pairs(&long)];
    let deck = deck(&[], &placed, Start::Placement(1));
    assert_eq!(deck.slides[0].name, "The lesson's setup 1");
    assert_eq!(deck.slides[1].name.chars().count(), NAME_CHARS);
    assert!(deck.slides[1].name.ends_with('…'));
}

#[test]
fn every_widget_names_its_scenarios_for_people() {
    for &kind in WidgetKind::ALL {
        for (name, label) in kind.scenarios() {
            assert!(!name.is_empty() && !label.is_empty(), "{}", kind.id());
            assert_ne!(name, label, "{}'s scenario {name} has a label for people", kind.id());
            assert!(kind.check_params(&[("preset".into(), name.into())]).is_empty());
        }
    }
    let cap = WidgetKind::from_id("cap").unwrap().scenarios();
    assert_eq!(cap[1], ("likes", "The like counter: 100 or 103? (AP)"));
    assert!(WidgetKind::from_id("saga").unwrap().scenarios().is_empty());
}

#[test]
fn present_is_taken_out_of_the_settings_and_put_back_at_the_end() {
    assert_eq!(strip_present(pairs("preset=likes&present=1")), (pairs("preset=likes"), true));
    assert_eq!(strip_present(pairs("present=true&nodes=4")), (pairs("nodes=4"), true));
    assert_eq!(strip_present(pairs("present")), (Vec::new(), true));
    assert_eq!(strip_present(pairs("present=0&nodes=4")), (pairs("nodes=4"), false));
    assert_eq!(strip_present(pairs("nodes=4")), (pairs("nodes=4"), false));
    assert_eq!(with_present("preset=likes"), "preset=likes&present=1");
    assert_eq!(with_present("present=1&a=b"), "a=b&present=1");
    assert_eq!(with_present(""), "present=1");
}

#[test]
fn the_qr_address_is_the_widgets_own_page_under_the_base() {
    assert_eq!(
        widget_url("http://h:1", "/tradeoffs", "cap", "preset=likes"),
        "http://h:1/tradeoffs/widgets/cap?preset=likes"
    );
    assert_eq!(widget_url("https://h/", "", "nines", ""), "https://h/widgets/nines");
    assert_eq!(widget_url("https://h", "/t/", "dns", "a=b"), "https://h/t/widgets/dns?a=b");
}

#[test]
fn clicker_keys() {
    assert_eq!(clicker("ArrowRight", false), Some(Clicker::Next));
    assert_eq!(clicker("PageDown", false), Some(Clicker::Next));
    assert_eq!(clicker("ArrowLeft", false), Some(Clicker::Back));
    assert_eq!(clicker("PageUp", false), Some(Clicker::Back));
    assert_eq!(clicker("b", false), Some(Clicker::Blank));
    assert_eq!(clicker("B", false), Some(Clicker::Blank));
    assert_eq!(clicker(".", false), Some(Clicker::Blank));
    assert_eq!(clicker("Escape", false), Some(Clicker::Leave));
    assert_eq!(clicker("x", false), None);
    // In a field, arrows and letters are the field's; the clicker's pages and Escape are not.
    assert_eq!(clicker("ArrowRight", true), None);
    assert_eq!(clicker("b", true), None);
    assert_eq!(clicker("PageDown", true), Some(Clicker::Next));
    assert_eq!(clicker("Escape", true), Some(Clicker::Leave));
}

#[test]
fn themes_from_storage_and_the_system() {
    assert_eq!(ThemeName::chosen(Some("projector"), false), ThemeName::Projector);
    assert_eq!(ThemeName::chosen(Some("light"), true), ThemeName::Light);
    assert_eq!(ThemeName::chosen(None, true), ThemeName::Dark);
    assert_eq!(ThemeName::chosen(None, false), ThemeName::Light);
    assert_eq!(ThemeName::chosen(Some("Projector "), true), ThemeName::Dark, "only exact names");
    for t in ThemeName::ALL {
        assert_eq!(ThemeName::from_name(t.name()), Some(t));
    }
}
