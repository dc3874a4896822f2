//! Renders the lessons at build time.
//!
//! The lesson pipeline (`src/lesson`) and the models it validates widget parameters with
//! (`src/model`) are pure Rust, so this script compiles the very same files and runs them on
//! every `lessons/*.md`. It writes, under `$OUT_DIR`:
//! - `catalog.rs`: the parsed `SUMMARY.md` and an index (file, title, widgets) of every
//!   lesson as static data, embedded in the program by `src/lesson/builtin.rs`;
//! - `content/<slug>.lesson`: each lesson parsed (prose already safe HTML, widget specs,
//!   self-checks, errors) in the bundle form of `src/lesson/bundle.rs`, and
//!   `content/routes.txt`: every route a static host should answer with the app shell.
//!   `tools/trunk-post-build.sh` copies that folder into the site.
//!
//! So the Markdown parser and the lesson text stay out of the WebAssembly bundle, and adding
//! a lesson still needs only a Markdown file and a SUMMARY line.

#![allow(dead_code, unused_imports, missing_docs)]

use std::fmt::Write as _;
use std::{env, fs, path::Path};

#[path = "src/model"]
mod model {
    pub mod cap;
    pub mod cdn_latency;
    pub mod nines;
    pub mod query;
    pub mod saga;
    pub mod units;
}

#[path = "src/lesson"]
mod lesson {
    pub mod blocks;
    pub mod bundle;
    pub mod catalog;
    pub mod directive;
    pub mod error;
    pub mod markdown;
    pub mod summary;
    pub use error::LessonError;
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let lessons = Path::new(&root).join("lessons");
    println!("cargo:rerun-if-changed={}", lessons.display());
    for dir in ["src/lesson", "src/model"] {
        println!("cargo:rerun-if-changed={}", Path::new(&root).join(dir).display());
    }
    let mut files: Vec<(String, String)> = fs::read_dir(&lessons)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                .filter_map(|e| e.file_name().into_string().ok())
                .map(|name| {
                    let path = lessons.join(&name);
                    println!("cargo:rerun-if-changed={}", path.display());
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    (name, text)
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();

    let (catalog, parsed) = lesson::catalog::Catalog::from_sources(&files);
    // The catalog as static data, so the program needs no SUMMARY parser of its own.
    let mut index = String::new();
    writeln!(index, "/// The course title.").unwrap();
    writeln!(index, "pub static TITLE: &str = {:?};", catalog.summary.title).unwrap();
    writeln!(index, "/// Parts: (title, [(lesson title, file or \"\" when planned)]).").unwrap();
    writeln!(index, "pub static PARTS: &[(&str, &[(&str, &str)])] = &[").unwrap();
    for part in &catalog.summary.parts {
        let entries: Vec<String> =
            part.entries.iter().map(|e| format!("({:?}, {:?})", e.title, e.file.as_deref().unwrap_or(""))).collect();
        writeln!(index, "    ({:?}, &[{}]),", part.title, entries.join(", ")).unwrap();
    }
    writeln!(index, "];").unwrap();
    writeln!(index, "/// Every lesson file: (file name, title, widget ids).").unwrap();
    writeln!(index, "pub static LESSONS: &[(&str, &str, &[&str])] = &[").unwrap();
    for info in &catalog.lessons {
        let ids: Vec<String> = info.widgets.iter().map(|k| format!("{:?}", k.id())).collect();
        writeln!(index, "    ({:?}, {:?}, &[{}]),", info.file, info.title, ids.join(", ")).unwrap();
    }
    writeln!(index, "];").unwrap();
    writeln!(index, "/// Problems with the set of files: (line, message).").unwrap();
    let errors: Vec<String> = catalog.errors.iter().map(|e| format!("({:?}, {:?})", e.line, e.message)).collect();
    writeln!(index, "pub static ERRORS: &[(Option<usize>, &str)] = &[{}];", errors.join(", ")).unwrap();
    fs::write(Path::new(&out_dir).join("catalog.rs"), index).expect("write catalog.rs");

    // Replace the content folder as a whole, so its modification time says when it was made.
    let content = Path::new(&out_dir).join("content");
    let _ = fs::remove_dir_all(&content);
    fs::create_dir_all(&content).expect("create content folder");
    for (file, lesson) in &parsed {
        let slug = lesson::summary::slug_of(file);
        fs::write(content.join(format!("{slug}.lesson")), lesson::bundle::encode(lesson)).expect("write lesson");
    }
    fs::write(content.join("routes.txt"), catalog.routes().join("\n") + "\n").expect("write routes");
}
