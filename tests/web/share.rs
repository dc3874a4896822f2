//! The Share control in a browser: a widget's place in a lesson with its Share button and
//! panel, brought to life; the panel's link and `<iframe>` snippet follow the widget's state,
//! absolute, and the button opens and closes the panel.

use super::*;

/// A press on the Share button, as the page's one click listener for the widgets' buttons hands
/// it over (`share::press`); the work runs in a task of its own.
async fn press(button: &HtmlElement) {
    assert!(tradeoffs::ui::share::press(button, &BasePath::default()));
    tradeoffs::ui::browser::next_task().await;
}

#[wasm_bindgen_test]
async fn the_share_panel_follows_the_state_and_opens_from_its_button() {
    tradeoffs::ui::share::listen(BasePath::default());
    let w = open_widget(WidgetKind::Queue, &[("arrival", "95")]).await;
    let toggle = by_testid(&w, "share-toggle");
    let panel = by_testid(&w, "share-panel");
    assert!(panel.has_attribute("hidden"));
    press(&toggle).await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!panel.has_attribute("hidden"));
    let origin = window().location().origin().unwrap();
    let field = |id: &str| by_testid(&w, id).unchecked_into::<HtmlInputElement>();
    assert_eq!(field("share-url").value(), format!("{origin}/widgets/queue?arrival=95"));
    type_into(&w, "arrival-input", "70").await; // (80 is the default: its query would be empty)
    tradeoffs::ui::browser::next_task().await; // An open panel refills in a task of its own.
    let link = field("share-url").value();
    assert!(link.starts_with(&format!("{origin}/widgets/queue?")) && link.contains("arrival=70"), "{link}");
    let code = js_sys::Reflect::get(&by_testid(&w, "share-code"), &"value".into()).unwrap().as_string().unwrap();
    let src = link.replace("/widgets/", "/embed/").replace('&', "&amp;");
    assert!(code.starts_with(&format!(r#"<iframe src="{src}" title="#)), "{code}");
    assert_eq!(by_testid(&w, "share-open").get_attribute("href").unwrap(), link[origin.len()..]);
    press(&toggle).await;
    assert!(panel.has_attribute("hidden"));
}
