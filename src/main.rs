//! The WebAssembly entry point: install the panic hook and start the shell.

fn main() {
    console_error_panic_hook::set_once();
    tradeoffs::ui::start();
}
