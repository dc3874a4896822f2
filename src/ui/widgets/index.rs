//! `<IndexWidget/>`: one lookup in a big table, by full scan or through a B-tree index, over
//! [`crate::model::index`]: the pages each reads, the tree's levels drawn with their fan-out
//! (and the table that says the same), and the pages each index adds to a write.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::index::{Figures, IndexState, MAX_INDEXES, Preset, count, level_name};
use crate::model::units::{data_value, format_bytes, format_count, grouped, significant, trim};
use crate::model::widget::{UrlState, Widget};
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, scenario_menu};

island!(index, IndexState, IndexWidget);

/// The text fields: label, unit, test id, the key each writes, and the on-screen keyboard.
const FIELDS: [(&str, &str, &str, &str, &str); 4] = [
    ("Rows", "", "rows-input", "rows", "text"),
    ("Row size", "B", "row-bytes-input", "row_bytes", "numeric"),
    ("Page size", "B", "page-bytes-input", "page_bytes", "text"),
    ("Key (and pointer) size", "B", "key-bytes-input", "key_bytes", "numeric"),
];

/// Most pages drawn per level; more are summed up as "…".
const DRAWN: u64 = 10;

/// The index widget.
#[component]
pub fn IndexWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = IndexState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key, _)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let figures = Memo::new(move |_| state.read().figures());
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own numbers)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key, _)| key));
    let counts = Memo::new(move |_| {
        let current = state.read().indexes.to_string();
        let names: Vec<String> = (0..=MAX_INDEXES).map(|k| k.to_string()).collect();
        options_html(names.iter().map(|n| (n.as_str(), n.as_str())), &current)
    });
    let choose = Callback::new(move |k: String| {
        if let Ok(next) = state.with_untracked(|s| s.with("indexes", &k)) {
            state.set(next);
        }
    });
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key, inputmode))| {
            view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode /> }
        })
        .collect_view();
    let said = move || spoken(&state.read(), &figures.read());
    view! {
        <div class="panel ix-controls">
            <div class="panel-row ix-choices">
                <Choice label="Scenario" testid="index-preset-select" options=scenarios choose=pick />
                <Choice label="Indexes on the table" testid="indexes-select" options=counts choose=choose />
            </div>
            <div class="panel-row ix-fields">{fields}</div>
        </div>
        <div class="ix-outputs" inner_html=markup(move || figures_html(&state.read(), &figures.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="index-said">{said}</p>
    }
}

/// "1 page", "4 pages".
fn pages(n: u64) -> String {
    format!("{} page{}", count(n), if n == 1 { "" } else { "s" })
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &IndexState, f: &Figures) -> String {
    format!(
        "Full scan: {}. Through the index: {} level{} and the table page, {}. An insert with {} index{} changes {}.",
        pages(f.scan_pages),
        f.height(),
        if f.height() == 1 { "" } else { "s" },
        pages(f.lookup_pages),
        s.indexes,
        if s.indexes == 1 { "" } else { "es" },
        pages(f.write_pages)
    )
}

/// The readouts, the tree and its table: read-only, so one block of markup.
fn figures_html(s: &IndexState, f: &Figures) -> Html {
    let readout = |label: &str, testid: &str, value: f64, text: String| {
        html!(
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            data_value(value),
            text
        )
    };
    let index_bytes = f.index_pages as f64 * f64::from(s.page_bytes);
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    h.push(&readout("Full scan reads", "scan-pages", f.scan_pages as f64, pages(f.scan_pages)));
    h.push(&readout("B-tree height, root to leaf", "index-height", f.height() as f64, format!("{} level{}", f.height(), if f.height() == 1 { "" } else { "s" })));
    h.push(&readout("Lookup through the index reads", "index-pages", f.lookup_pages as f64, pages(f.lookup_pages)));
    h.push(&readout("Entries per index page (fan-out)", "fan-out", f.fan_out as f64, count(f.fan_out)));
    h.push(&readout("Pages an insert changes", "write-pages", f.write_pages as f64, pages(f.write_pages)));
    h.push(&readout("Size of one index", "index-bytes", index_bytes, format_bytes(index_bytes)));
    html!(
        h,
        r#"</dl><p class="result" data-testid="index-result">The index reads <strong>{}</strong> where the scan reads <strong>{}</strong>: about {} times fewer. With {} index{}, an insert changes {} (the table page and one leaf per index) after reading {} index pages to find those leaves.</p>"#,
        pages(f.lookup_pages),
        pages(f.scan_pages),
        format_count(significant(f.ratio(), 3)),
        s.indexes,
        if s.indexes == 1 { "" } else { "es" },
        pages(f.write_pages),
        count(f.write_reads)
    );
    html!(
        h,
        r#"<p class="panel-note">A lookup through the index reads one page per level of the tree, root to leaf, then the table page that holds the row. (A clustered index, such as InnoDB's primary key, keeps the rows in its leaves and saves that last page.) Every page is taken as full; real pages keep free room, which lowers the fan-out a little.</p></div>"#
    );
    h.push(&tree_html(s, f));
    h.push(&table_html(s, f));
    h
}

/// A row of page boxes: the first (the one the lookup reads) filled, up to [`DRAWN`] in all.
fn strip(n: u64, class: &str) -> Html {
    let shown = n.min(DRAWN);
    let mut h = html!(r#"<svg class="ix-strip" viewBox="0 0 240 20" aria-hidden="true">"#);
    for i in 0..shown {
        let kind = if i == 0 { "ix-page ix-read" } else { "ix-page" };
        html!(h, r#"<rect class="{} {}" x="{}" y="2" width="18" height="16" rx="2"></rect>"#, kind, class, i * 22);
    }
    if n > DRAWN {
        html!(h, r#"<text class="ix-more" x="{}" y="15">…</text>"#, DRAWN * 22 + 2);
    }
    html!(h, "</svg>");
    h
}

/// The tree level by level, root first, then the table, with pages and fan-out per level. The
/// table below says the same for screen readers.
fn tree_html(s: &IndexState, f: &Figures) -> Html {
    let height = f.levels.len();
    let mut h = html!(
        r#"<div class="panel ix-tree" data-panel="tree" aria-hidden="true"><h3 class="panel-title">The tree, root to leaves, then the table</h3><p class="panel-note">Each box is a page; the filled one is the page a lookup reads at that level.</p>"#
    );
    for (i, level) in f.levels.iter().enumerate() {
        let what = if i + 1 == height { "row entries" } else { "children" };
        let per = level.entries as f64 / level.pages as f64;
        html!(h, r#"<div class="ix-level">"#);
        h.push(&strip(level.pages, "ix-index"));
        html!(
            h,
            r#"<span class="ix-label"><strong>{}</strong>: {}, {} {} each</span></div>"#,
            level_name(i, height),
            pages(level.pages),
            if level.pages == 1 { trim(per) } else { format!("about {}", trim((per * 10.0).round() / 10.0)) },
            what
        );
    }
    html!(h, r#"<div class="ix-level ix-table-level">"#);
    h.push(&strip(f.scan_pages, "ix-row"));
    html!(
        h,
        r#"<span class="ix-label"><strong>Table</strong>: {}, {} rows of {} B each</span></div></div>"#,
        pages(f.scan_pages),
        count(f.rows_per_page),
        grouped(f64::from(s.row_bytes))
    );
    h
}

/// The tree's twin: every level, the table and the lookups as a table.
fn table_html(s: &IndexState, f: &Figures) -> Html {
    let Some(t) = s.twin() else { return Html::new() };
    let mut h = html!(
        r#"<div class="panel" data-panel="table"><div class="table-scroll" role="group" tabindex="0" aria-label="The tree level by level"><table data-testid="index-table"><caption>{}</caption><thead><tr>"#,
        t.caption
    );
    for head in &t.head {
        html!(h, r#"<th scope="col">{}</th>"#, head);
    }
    html!(h, "</tr></thead><tbody>");
    for (i, row) in t.rows.iter().enumerate() {
        let level = if i < f.levels.len() { html!(r#" data-testid="index-level-{}""#, i + 1) } else { Html::new() };
        html!(h, r#"<tr{}><th scope="row">{}</th>"#, level, row[0]);
        for cell in &row[1..] {
            html!(h, "<td>{}</td>", cell);
        }
        html!(h, "</tr>");
    }
    html!(h, "</tbody></table></div></div>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_carry_the_test_ids_and_the_tree() {
        // 100,000,000 rows of 200 B in 8 KiB pages: 40 a page, 2,500,000 pages; 512 entries of
        // 16 B to an index page, leaves 195,313, then 382, then the root: 3 levels, 4 pages.
        let s = Preset::Postgres.state();
        let f = s.figures();
        let h = figures_html(&s, &f);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [("scan-pages", "2500000"), ("index-height", "3"), ("index-pages", "4"), ("fan-out", "512"), ("write-pages", "2")] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains("<strong>Level 2</strong>: 382 pages, about 511.3 children each"), "{h}");
        assert!(h.contains("<strong>Table</strong>: 2,500,000 pages, 40 rows of 200 B each"), "{h}");
        assert!(h.contains(r#"data-testid="index-level-3""#));
        assert_eq!(
            spoken(&s, &f),
            "Full scan: 2,500,000 pages. Through the index: 3 levels and the table page, 4 pages. An insert with 1 index changes 2 pages."
        );
    }
}
