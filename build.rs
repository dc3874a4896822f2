//! Renders the site at build time, with the core's lesson pipeline (`tradeoffs-core`).
//!
//! It reads every `lessons/*.md` and writes every page of the site (`lesson::page::site`) under
//! `$OUT_DIR/site/`, one file per route (`index.html`, `lessons/<slug>.html`, `widgets.html`,
//! `widgets/<id>.html`, `embed/<id>.html`, `404.html`), each a few header lines and the page's
//! body:
//!
//! ```text
//! title 4.1 Availability and the nines · Tradeoffs
//! description Availability is the share of time a system …
//! preload nines
//!
//! <a class="skip-link" …>…</main></div>
//! ```
//!
//! Beside them, `search-index.txt`: every lesson's sections as plain text, the file search
//! fetches when it is first opened (`tradeoffs_core::search`).
//!
//! The post-build step (`tools/site.mjs`) puts each body into the app shell Trunk built, so a
//! page's text is in its HTML; the Markdown parser and the lesson text stay out of the
//! WebAssembly, and adding a lesson still needs only a Markdown file and a SUMMARY line.
//!
//! A problem in the content (a bad directive, a broken link, a file SUMMARY.md does not list)
//! shows as a red box on its page in a development build, and fails a release build with the
//! file, line and message.

use std::{env, fs, path::Path};

use tradeoffs_core::lesson::{Catalog, page};
use tradeoffs_core::search::Index;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let lessons = Path::new(&root).join("lessons");
    println!("cargo:rerun-if-changed={}", lessons.display());
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

    let (catalog, parsed) = Catalog::from_sources(&files);
    let mut problems: Vec<String> = catalog.errors.iter().map(|e| format!("lessons/SUMMARY.md: {e}")).collect();
    for (file, lesson) in &parsed {
        problems.extend(lesson.errors.iter().map(|e| match e.line {
            Some(line) => format!("lessons/{file}:{line}: {}", e.message),
            None => format!("lessons/{file}: {}", e.message),
        }));
    }
    if !problems.is_empty() {
        if env::var("PROFILE").as_deref() == Ok("release") {
            eprintln!("The lessons have problems; a release build needs none:");
            for p in &problems {
                eprintln!("  {p}");
            }
            std::process::exit(1);
        }
        for p in &problems {
            println!("cargo:warning={p}");
        }
    }

    // Replace the folder as a whole, so its modification time says when it was made.
    let site = Path::new(&out_dir).join("site");
    let _ = fs::remove_dir_all(&site);
    for page in page::site(&catalog, &parsed) {
        let path = site.join(page.file());
        fs::create_dir_all(path.parent().expect("a page has a folder")).expect("create site folder");
        let preload: Vec<&str> = page.preload.iter().map(|k| k.id()).collect();
        let text = format!(
            "title {}\ndescription {}\npreload {}\n\n{}",
            page.title,
            page.description,
            preload.join(" "),
            page.body
        );
        fs::write(&path, text).expect("write page");
    }
    // The search index (`tradeoffs_core::search`), beside the pages: the post-build step
    // names it by its content.
    fs::create_dir_all(&site).expect("create site folder");
    fs::write(site.join("search-index.txt"), Index::build(&catalog, &parsed).to_text()).expect("write search index");
}
