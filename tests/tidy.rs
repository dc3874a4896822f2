//! Conventions enforced by tests (rust-analyzer's "tidy" idea): the pure core depends on no
//! browser crate, every source file says what it owns in a `//!` line, no test expects a
//! panic, markup reaches `innerHTML` only through the escaping builder, the app's modules use
//! each other without cycles and read app-wide state with `expect_context`, and the pinned tool
//! versions agree with each other.

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

/// The `[dependencies]` of a Cargo.toml, by name.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
        } else if inside && !line.is_empty() && !line.starts_with('#') {
            names.extend(line.split('=').next().map(|n| n.trim().to_string()));
        }
    }
    names
}

#[test]
fn the_core_crate_depends_on_no_browser_crate() {
    // The purity rule of the models and the lesson pipeline is the core crate's dependency
    // list: nothing that reaches a browser, a clock or a random number generator.
    let manifest = fs::read_to_string(root().join("crates/core/Cargo.toml")).unwrap();
    assert_eq!(dependencies(&manifest), ["pulldown-cmark"], "crates/core may depend on pulldown-cmark alone");
    assert!(
        !root().join("src/model").exists() && !root().join("src/lesson").exists(),
        "the pure layers live in crates/core"
    );
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "crates/core/src", "crates/core/tests"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() >= 40, "found {} files", files.len());
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

/// Where `inner_html=` is set in a view: the expression after it must be `markup(…)`, or a
/// name bound with `let name = markup(…)` in the same file. Returns what is wrong, if anything.
fn unescaped_markup(text: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("inner_html=") {
            rest = &rest[at + "inner_html=".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let ok =
                rest.starts_with("markup(") || (!name.is_empty() && text.contains(&format!("let {name} = markup(")));
            if !ok {
                wrong.push(format!("line {}: {}", n + 1, line.trim()));
            }
        }
        for sink in ["set_inner_html", "set_outer_html", "insert_adjacent_html", ".inner_html("] {
            if line.contains(sink) {
                wrong.push(format!("line {}: {sink} bypasses the builder", n + 1));
            }
        }
    }
    wrong
}

#[test]
fn markup_reaches_inner_html_only_through_the_escaping_builder() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut sinks = 0;
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        sinks += text.matches("inner_html=").count();
        let wrong = unescaped_markup(&text);
        assert!(wrong.is_empty(), "{}: use `markup(|| html!(…))` (tradeoffs_core::html): {wrong:?}", file.display());
    }
    assert!(sinks >= 10, "found {sinks} inner_html sinks");
    // The check itself catches what it is for.
    assert!(unescaped_markup(r#"<div inner_html=move || format!("<b>{x}</b>")></div>"#).len() == 1);
    assert!(unescaped_markup("let rows = move || x;\n<tbody inner_html=rows></tbody>").len() == 1);
    assert!(unescaped_markup("el.set_inner_html(&text);").len() == 1);
    assert!(unescaped_markup("let rows = markup(move || x);\n<tbody inner_html=rows></tbody>").is_empty());
}

/// The `src/ui` modules a file uses (`super::x`, `crate::ui::x`, `use super::{x, y}`), with the
/// widget views counted as part of `widgets`.
fn ui_uses(text: &str, module: &str) -> Vec<String> {
    let mut used = Vec::new();
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for prefix in ["crate::ui::", "super::"] {
        for (at, _) in code.match_indices(prefix) {
            let rest = &code[at + prefix.len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(list) => list.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                // In a widget view, `super::` is `widgets`.
                let name = if prefix == "super::"
                    && module == "widgets"
                    && name.chars().next().is_some_and(char::is_uppercase)
                {
                    "widgets".to_string()
                } else {
                    name
                };
                if !name.is_empty() && name != "self" && name != module {
                    used.push(name);
                }
            }
        }
    }
    used.sort();
    used.dedup();
    used
}

#[test]
fn the_app_modules_use_each_other_without_cycles() {
    use std::collections::BTreeMap;
    let ui = root().join("src/ui");
    let mut files = Vec::new();
    rust_files(&ui, &mut files);
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&ui).unwrap();
        let module = rel.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        let text = fs::read_to_string(file).unwrap();
        let modules: Vec<String> = fs::read_dir(&ui)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        let uses = ui_uses(&text, &module).into_iter().filter(|u| modules.contains(u));
        graph.entry(module).or_default().extend(uses);
    }
    assert!(graph.len() >= 10, "{graph:?}");
    assert!(graph["shell"].contains(&"islands".to_string()), "the reader of uses works: {graph:?}");
    // Depth-first search for a way back to where it started.
    fn cycle(graph: &BTreeMap<String, Vec<String>>, path: &mut Vec<String>) -> Option<Vec<String>> {
        let last = path.last().unwrap().clone();
        for next in graph.get(&last).into_iter().flatten() {
            if path.contains(next) {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            path.push(next.clone());
            if let Some(found) = cycle(graph, path) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    for start in graph.keys() {
        if let Some(found) = cycle(&graph, &mut vec![start.clone()]) {
            panic!("src/ui modules use each other in a cycle: {}", found.join(" → "));
        }
    }
    // App-wide state is read in one way, from one module.
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        assert!(
            !text.contains("use_context::<"),
            "{}: read app-wide state with `app::…` (expect_context)",
            file.display()
        );
        if !file.ends_with("app.rs") {
            assert!(
                !text.contains("provide_context("),
                "{}: app-wide state is provided by `app::provide`",
                file.display()
            );
        }
    }
}

#[test]
fn every_widget_has_its_own_css_file_and_every_css_file_a_widget() {
    use tradeoffs::lesson::WidgetKind;
    let dir = root().join("style/widgets");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut ids: Vec<String> = WidgetKind::ALL.iter().map(|k| format!("{}.css", k.id())).collect();
    ids.sort();
    assert_eq!(files, ids, "style/widgets/ has one file per widget, named by its id");
    for file in files {
        let text = fs::read_to_string(dir.join(&file)).unwrap();
        assert!(text.starts_with("/*"), "{file} starts with a comment saying what it styles");
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

/// The value of `"key": "value"` on the first line of JSON `text` that holds `"key"`.
fn json_value(text: &str, key: &str) -> String {
    text.lines()
        .find(|l| l.trim_start().starts_with(&format!("\"{key}\"")))
        .and_then(|l| l.split('"').nth(3))
        .unwrap_or_else(|| panic!("no {key} line"))
        .to_string()
}

/// The first `"…"` value on the line of `text` that starts with `key`.
fn quoted(text: &str, key: &str) -> String {
    text.lines()
        .find(|l| l.trim_start().starts_with(key))
        .and_then(|l| l.split('"').nth(1))
        .unwrap_or_else(|| panic!("no {key} line"))
        .to_string()
}

#[test]
fn every_pinned_tool_version_agrees() {
    let read = |f: &str| fs::read_to_string(root().join(f)).unwrap();
    let (trunk, toolchain, bootstrap, package, lock) = (
        read("Trunk.toml"),
        read("rust-toolchain.toml"),
        read("tools/bootstrap.sh"),
        read("package.json"),
        read("package-lock.json"),
    );
    // Rust: the toolchain pin and both crates' rust-version.
    let channel = quoted(&toolchain, "channel");
    for manifest in ["Cargo.toml", "crates/core/Cargo.toml"] {
        let wanted = quoted(&read(manifest), "rust-version");
        assert!(channel.starts_with(&format!("{wanted}.")), "{manifest}: rust-version {wanted}, toolchain {channel}");
    }
    // wasm-opt: Trunk's pin, npm's binaryen, and the version the bootstrap checks for.
    let wasm_opt = quoted(&trunk, "wasm_opt");
    let binaryen = json_value(&package, "binaryen").replace(".0.0", "");
    assert_eq!(wasm_opt, format!("version_{binaryen}"), "Trunk.toml wasm_opt vs package.json binaryen");
    assert!(bootstrap.contains(&format!("grep -q '{wasm_opt}'")), "tools/bootstrap.sh checks for {wasm_opt}");
    // npm tools: exact versions, the same in the lock file.
    for tool in ["binaryen", "esbuild", "playwright-core"] {
        let version = json_value(&package, tool);
        assert!(
            version.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "package.json pins {tool} exactly, not {version}"
        );
        let entry = lock.split(&format!("\"node_modules/{tool}\": {{")).nth(1).expect("in package-lock.json");
        assert_eq!(json_value(entry, "version"), version, "package-lock.json's {tool}");
    }
    // Trunk and the split tool: one version each, in the bootstrap.
    for var in ["TRUNK_VERSION=", "SPLIT_VERSION="] {
        assert!(bootstrap.lines().any(|l| l.starts_with(var) && l[var.len()..].split('.').count() == 3), "{var} x.y.z");
    }
}
