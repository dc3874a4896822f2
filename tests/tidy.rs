//! Conventions enforced by tests (rust-analyzer's "tidy" idea): the pure layers import no UI
//! or browser crates, every source file says what it owns in a `//!` line, no test expects a
//! panic, and the pinned tool versions agree with each other.

use std::{fs, path::Path};

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable dir").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn models_and_lessons_are_pure() {
    let mut files = Vec::new();
    for layer in ["src/model", "src/lesson", "src/model.rs", "src/lesson.rs"] {
        let path = root().join(layer);
        if path.is_dir() { rust_files(&path, &mut files) } else { files.push(path) }
    }
    assert!(files.len() >= 10, "found {} files", files.len());
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for forbidden in ["leptos", "web_sys", "wasm_bindgen", "gloo", "js_sys", "rand::", "Instant::now", "SystemTime"]
        {
            let hit = text.lines().any(|l| {
                let code = l.trim_start();
                (code.starts_with("use ") || code.contains("::")) && !code.starts_with("//") && code.contains(forbidden)
            });
            assert!(!hit, "{} mentions {forbidden}: the pure layers must stay free of it", file.display());
        }
    }
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    files.push(root().join("build.rs"));
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let is_test_module = file.file_name().is_some_and(|n| n == "tests.rs");
        assert!(
            is_test_module || text.starts_with("//!"),
            "{} should start with a `//!` line saying what it owns",
            file.display()
        );
        assert!(
            !text.contains(&["#[should", "_panic]"].concat()),
            "{}: check for the error value instead",
            file.display()
        );
    }
}

#[test]
fn pinned_wasm_bindgen_versions_agree() {
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("wasm-bindgen in Cargo.lock");
    let trunk = fs::read_to_string(root().join("Trunk.toml")).unwrap();
    assert!(
        trunk.contains(&format!("wasm_bindgen = \"{version}\"")),
        "Trunk.toml must pin wasm_bindgen = \"{version}\" (Cargo.lock's), or Trunk will try to download it"
    );
}
