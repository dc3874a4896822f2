//! The `index` widget in a browser: its place in a page, brought to life, then driven through
//! its fields and selects. Expected figures are worked out in the comments (the model's tests
//! check the same figures against a tree built page by page).

use super::*;

#[wasm_bindgen_test]
async fn the_index_widget_counts_pages_and_follows_the_rows() {
    let w = open_widget(WidgetKind::Index, &[("preset", "postgres")]).await;
    // 100,000,000 rows, 40 to an 8 KiB page: 2,500,000 pages to scan. 512 entries of 16 B to
    // an index page: 195,313 leaves, 382 above them, one root: 3 levels, 4 pages a lookup.
    assert_eq!(value_of(&w, "scan-pages"), "2500000");
    assert_eq!(value_of(&w, "index-height"), "3");
    assert_eq!(value_of(&w, "index-pages"), "4");
    assert_eq!(value_of(&w, "write-pages"), "2");
    assert_eq!(w.query_selector_all("[data-testid^='index-level-']").unwrap().length(), 3);
    // A billion rows: 512³ = 134,217,728 is too few, so a fourth level; the scan is 25,000,000.
    type_into(&w, "rows-input", "1e9").await;
    assert_eq!(value_of(&w, "index-height"), "4");
    assert_eq!(value_of(&w, "index-pages"), "5");
    assert_eq!(value_of(&w, "scan-pages"), "25000000");
    assert!(
        text_of(&w, "index-said").starts_with("Full scan: 25,000,000 pages. Through the index: 4 levels"),
        "{}",
        text_of(&w, "index-said")
    );
    // 16 KiB pages: 1,024 entries a page, 1,024³ ≥ 10⁹, back to 3 levels.
    type_into(&w, "page-bytes-input", "16 KiB").await;
    assert_eq!(value_of(&w, "fan-out"), "1024");
    assert_eq!(value_of(&w, "index-height"), "3");
    // Five indexes: an insert changes 1 + 5 pages.
    choose(&w, "indexes-select", "5").await;
    assert_eq!(value_of(&w, "write-pages"), "6");
    // A row larger than the page is refused with a message; the last good figures stay.
    type_into(&w, "row-bytes-input", "20000").await;
    assert!(
        text_of(&w, "row-bytes-input-message").contains("fit in a page"),
        "{}",
        text_of(&w, "row-bytes-input-message")
    );
    assert_eq!(value_of(&w, "scan-pages"), "12345680");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(
        href.contains("rows=1000000000") && href.contains("page_bytes=16384") && href.contains("indexes=5"),
        "{href}"
    );
}
