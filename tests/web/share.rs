//! The Share control in a browser: a widget's place in a lesson with its Share button and
//! panel, brought to life; the panel's link and `<iframe>` snippet follow the widget's state,
//! absolute, and the button opens and closes the panel.

use super::*;

#[wasm_bindgen_test]
async fn the_share_panel_follows_the_state_and_opens_from_its_button() {
    tradeoffs::ui::share::listen(BasePath::default());
    let w = open_widget(WidgetKind::Queue, &[("arrival", "95")]).await;
    let toggle = by_testid(&w, "share-toggle");
    let panel = by_testid(&w, "share-panel");
    assert!(panel.has_attribute("hidden"));
    toggle.click();
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!panel.has_attribute("hidden"));
    let origin = window().location().origin().unwrap();
    let field = |id: &str| by_testid(&w, id).unchecked_into::<HtmlInputElement>();
    assert_eq!(field("share-url").value(), format!("{origin}/widgets/queue?arrival=95"));
    type_into(&w, "arrival-input", "80").await;
    let link = field("share-url").value();
    assert!(link.starts_with(&format!("{origin}/widgets/queue?")) && link.contains("arrival=80"), "{link}");
    let code = js_sys::Reflect::get(&by_testid(&w, "share-code"), &"value".into()).unwrap().as_string().unwrap();
    let src = link.replace("/widgets/", "/embed/").replace('&', "&amp;");
    assert!(code.starts_with(&format!(r#"<iframe src="{src}" title="#)), "{code}");
    assert_eq!(by_testid(&w, "share-open").get_attribute("href").unwrap(), link[origin.len()..]);
    toggle.click();
    assert!(panel.has_attribute("hidden"));
}
