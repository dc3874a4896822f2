//! The WebAssembly entry point: install the panic hook (a panel, not a frozen page) and start
//! the shell.

fn main() {
    tradeoffs::ui::trouble::install();
    tradeoffs::ui::start();
}
