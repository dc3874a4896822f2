//! The WebAssembly entry point: install the panic hook and mount the app.

fn main() {
    console_error_panic_hook::set_once();
    let base = tradeoffs::ui::browser::take_base_path();
    leptos::mount::mount_to_body(move || leptos::view! { <tradeoffs::App base /> });
}
