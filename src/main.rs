//! The WebAssembly entry point: install the panic hook and start the shell. (When the app
//! stops, the panel that tells the reader is the site's script's, `tools/site-script.js`: it sees
//! every trap of the WebAssembly, panics and others, and costs the shell nothing.)

fn main() {
    console_error_panic_hook::set_once();
    // A development build can be made to panic on purpose, to see that panel: `?panic=now`.
    #[cfg(debug_assertions)]
    if tradeoffs::ui::browser::query().split('&').any(|pair| pair == "panic=now") {
        panic!("a panic asked for with ?panic=now (development builds only)");
    }
    tradeoffs::ui::start();
}
