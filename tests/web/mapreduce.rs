//! The `mapreduce` widget in a browser: brought to life in a page, then driven through its text
//! area (typed into through `type_into`: a text area's `value` is the same property as an
//! input's) and selects. Expected figures are counted by hand in the comments (the model's tests
//! check the same against a plain word count).

use super::*;

#[wasm_bindgen_test]
async fn the_mapreduce_widget_counts_words_whatever_the_job() {
    let w = open_widget(WidgetKind::MapReduce, &[("preset", "hamlet")]).await;
    // to be or not to be that is the question: 10 pairs, 8 distinct words, be and to tie at 2.
    assert_eq!(value_of(&w, "mr-pairs"), "10");
    assert_eq!(value_of(&w, "mr-keys"), "8");
    assert_eq!(value_of(&w, "mr-top"), "be:2");
    assert_eq!(w.query_selector_all("[data-testid^='mr-reducer-']").unwrap().length(), 2);
    // Mapper 2 fails: its split (to be that) is run again; nothing else changes.
    choose(&w, "mr-fail-select", "2").await;
    assert_eq!(value_of(&w, "mr-lost"), "1");
    assert_eq!((value_of(&w, "mr-pairs"), value_of(&w, "mr-top")), ("10".to_string(), "be:2".to_string()));
    assert!(
        text_of(&w, "mr-said").ends_with("Mapper 2 failed once and was run again; the counts are the same."),
        "{}",
        text_of(&w, "mr-said")
    );
    assert_eq!(by_testid(&w, "mr-preset-select").unchecked_into::<web_sys::HtmlSelectElement>().value(), "failure");
    // One mapper: mapper 2 no longer exists, so nothing fails.
    choose(&w, "mr-mappers-select", "1").await;
    assert_eq!(value_of(&w, "mr-lost"), "0");
    assert_eq!(w.query_selector_all("[data-testid^='mr-map-']").unwrap().length(), 1);
    // Five reducers, a text of our own: café ×3, naïve ×2, 東京: 6 pairs, 3 words, café:3.
    choose(&w, "mr-reducers-select", "5").await;
    type_into(&w, "mr-text-input", "Café CAFÉ café; naïve—NAÏVE 東京").await;
    assert_eq!(value_of(&w, "mr-pairs"), "6");
    assert_eq!(value_of(&w, "mr-keys"), "3");
    assert_eq!(value_of(&w, "mr-top"), "café:3");
    assert_eq!(w.query_selector_all("[data-testid^='mr-reducer-']").unwrap().length(), 5);
    // Too long: a message, and the last good counts stay.
    type_into(&w, "mr-text-input", &"word ".repeat(401)).await;
    assert!(
        text_of(&w, "mr-text-input-message").contains("at most 2,000 characters"),
        "{}",
        text_of(&w, "mr-text-input-message")
    );
    assert_eq!(value_of(&w, "mr-pairs"), "6");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.contains("mappers=1") && href.contains("reducers=5") && href.contains("text=Caf%C3%A9"), "{href}");
    // A scenario replaces the text and clears the message.
    choose(&w, "mr-preset-select", "dickens").await;
    assert_eq!(
        (value_of(&w, "mr-pairs"), value_of(&w, "mr-keys"), value_of(&w, "mr-top")),
        ("24".into(), "10".into(), "it:4".into())
    );
    assert_eq!(value_of(&w, "mr-combined"), "14");
    assert_eq!(text_of(&w, "mr-text-input-message"), "");
}
