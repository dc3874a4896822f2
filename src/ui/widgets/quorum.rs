//! `<QuorumWidget/>`: N replicas, write and read quorums, replication lag and replicas that are
//! down, over [`crate::model::quorum`]: the overlap and what the quorums survive, then a seeded
//! run of writes and reads drawn as a timeline (which replicas each operation touched, which
//! reads came back stale, which operations failed) and written out as a table.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::quorum::{
    Kind, OPS, Preset, QuorumState, Run, TIMING, caption, op_cells, overlap_text, percent,
};
use crate::model::units::data_value;
use crate::model::widget::UrlState;
use crate::ui::controls::{Apply, Choice, TextField, markup, scenario_menu, sentence};

island!(quorum, QuorumState, QuorumWidget);

/// The text fields: label, unit, test id and the key each writes.
const FIELDS: [(&str, &str, &str, &str); 6] = [
    ("Replicas N", "", "quorum-n-input", "n"),
    ("Write quorum W", "", "quorum-w-input", "w"),
    ("Read quorum R", "", "quorum-r-input", "r"),
    ("Replication lag", "ms", "quorum-lag-input", "lag"),
    ("Down, e.g. 2,3", "", "quorum-down-input", "down"),
    ("Seed", "", "quorum-seed-input", "seed"),
];

/// The quorum widget.
#[component]
pub fn QuorumWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = QuorumState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own settings)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key)| key));
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key))| {
            let inputmode = if key == "down" { "text" } else { "numeric" };
            view! { <TextField label unit text apply=checked(state, key) testid inputmode /> }
        })
        .collect_view();
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel quorum-controls">
            <div class="panel-row">
                <Choice label="Scenario" testid="quorum-preset-select" options=scenarios choose=pick />
            </div>
            <div class="panel-row quorum-fields">{fields}</div>
        </div>
        <div class="quorum-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="quorum-said">{said}</p>
    }
}

/// A field bound to `key`: the model reads the text alone and against the other settings (W or
/// R above N is refused with the reason).
fn checked(state: RwSignal<QuorumState>, key: &'static str) -> Apply {
    Callback::new(move |text: String| {
        let next = state.with_untracked(|s| s.with_checked(key, &text))?;
        state.set(next);
        Ok(())
    })
}

/// What the run says, in one sentence (shown, and heard after a change).
fn spoken(s: &QuorumState, run: &Run) -> String {
    let sum = s.r + s.w;
    let quorums = if sum > s.n {
        format!("R + W = {sum} > N = {}: every read meets the newest acknowledged write", s.n)
    } else {
        format!("R + W = {sum}, not more than N = {}: a read can miss the newest write", s.n)
    };
    let stale = match run.reads_answered {
        0 => "no read succeeded".to_string(),
        answered => format!("{} of {answered} reads were stale", run.stale_reads),
    };
    let failed = match run.failed {
        0 => "no operation failed".to_string(),
        f => format!("{f} of {OPS} operations failed ({} of {} replicas up)", run.up, s.n),
    };
    format!("{quorums}; {stale}, and {failed}.")
}

/// The readouts, the diagram and the table: read-only, so one block of markup.
fn figures_html(s: &QuorumState, run: &Run) -> Html {
    let f = s.figures();
    let mut h = html!(r#"<div class="panel" data-panel="figures">"#);
    for note in s.notes() {
        html!(h, r#"<p class="panel-note" data-testid="quorum-note">{}.</p>"#, sentence(&note));
    }
    let readout = |label: &str, testid: &str, value: String, text: String| {
        html!(r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#, label, testid, value, text)
    };
    let replicas = |k: usize| if k == 1 { "1 replica".to_string() } else { format!("{k} replicas") };
    html!(h, r#"<dl class="readouts">"#);
    h.push(&readout("Overlap R + W − N", "quorum-overlap", f.overlap.to_string(), overlap_text(f.overlap)));
    h.push(&readout(
        "Writes survive",
        "quorum-write-tolerates",
        f.write_tolerates.to_string(),
        format!("{} down", replicas(f.write_tolerates)),
    ));
    h.push(&readout(
        "Reads survive",
        "quorum-read-tolerates",
        f.read_tolerates.to_string(),
        format!("{} down", replicas(f.read_tolerates)),
    ));
    match run.stale_fraction() {
        Some(x) => h.push(&readout(
            "Stale reads",
            "quorum-stale",
            data_value(x),
            format!("{} ({} of {})", percent(x), run.stale_reads, run.reads_answered),
        )),
        None => html!(h, r#"<div class="readout"><dt>Stale reads</dt><dd data-testid="quorum-stale">– (no read succeeded)</dd></div>"#),
    }
    let u = run.unavailable_fraction();
    h.push(&readout("Failed operations", "quorum-unavailable", data_value(u), format!("{} ({} of {})", percent(u), run.failed, OPS)));
    html!(h, r#"</dl><p class="result" data-testid="quorum-result">{}</p></div>"#, spoken(s, run));
    h.push(&diagram_html(s, run));
    h.push(&table_html(s, run));
    h
}

/// Width of one operation's column in the diagram, and the height of one replica's row.
const COL: usize = 12;
const ROW: usize = 20;
/// Width of the replicas' labels.
const LABEL: usize = 96;

/// The run as a timeline: a row per replica (down ones marked), a column per operation, a
/// square where a write stored its version, a ring where a read asked, and under the columns
/// the stale reads and the failures.
fn diagram_html(s: &QuorumState, run: &Run) -> Html {
    let top = 18;
    let width = LABEL + COL * OPS + 4;
    let height = top + ROW * s.n + 22;
    let mut h = html!(
        r#"<div class="panel" data-panel="diagram"><h3 class="panel-title">Which replicas each operation touched</h3><p class="panel-note">{}</p><div class="quorum-scroll" tabindex="0" role="group" aria-label="The run as a diagram; the table below says the same"><svg class="quorum-diagram" viewBox="0 0 {} {}" aria-hidden="true">"#,
        TIMING,
        width,
        height
    );
    for (i, op) in run.ops.iter().enumerate() {
        let x = LABEL + COL * i;
        let letter = if op.kind == Kind::Write { "W" } else { "R" };
        html!(h, r#"<text class="q-kind" x="{}" y="12">{}</text>"#, x + COL / 2, letter);
    }
    for k in 0..s.n {
        let y = top + ROW * k;
        let down = s.is_down(k);
        let class = if down { "q-row q-down" } else { "q-row" };
        html!(h, r#"<rect class="{}" x="0" y="{}" width="{}" height="{}"></rect>"#, class, y + 1, width, ROW - 2);
        html!(h, r#"<text class="q-label" x="4" y="{}">Replica {}</text>"#, y + 14, k + 1);
        if down {
            html!(h, r#"<text class="q-down-label" x="62" y="{}">down</text>"#, y + 14);
        }
    }
    for (i, op) in run.ops.iter().enumerate() {
        let x = LABEL + COL * i;
        for &k in &op.touched {
            let y = top + ROW * k;
            if op.kind == Kind::Write {
                html!(h, r#"<rect class="q-write" x="{}" y="{}" width="{}" height="{}" rx="1"></rect>"#, x + 2, y + 5, COL - 4, ROW - 10);
            } else {
                let class = if op.stale() { "q-read q-stale" } else { "q-read" };
                html!(h, r#"<circle class="{}" cx="{}" cy="{}" r="4"></circle>"#, class, x + COL / 2, y + ROW / 2);
            }
        }
        let y = top + ROW * s.n + 15;
        if op.stale() {
            html!(h, r#"<text class="q-mark q-stale-mark" x="{}" y="{}">!</text>"#, x + COL / 2, y);
        } else if op.failed() {
            html!(h, r#"<text class="q-mark q-failed-mark" x="{}" y="{}">×</text>"#, x + COL / 2, y);
        }
    }
    html!(
        h,
        r#"</svg></div><p class="quorum-key" aria-hidden="true"><span class="q-key q-key-write">a write stored here</span><span class="q-key q-key-read">a read asked here</span><span class="q-key q-key-stale">! a stale read</span><span class="q-key q-key-failed">× failed</span></p></div>"#
    );
    h
}

/// The diagram's twin: every operation as a row.
fn table_html(s: &QuorumState, run: &Run) -> Html {
    let mut h = html!(
        r#"<div class="panel" data-panel="table"><details class="chart-twin"><summary>Every operation as a table</summary><div class="table-scroll" role="group" tabindex="0" aria-label="Every operation of the run"><table data-testid="quorum-table"><caption>{}</caption><thead><tr><th scope="col">#</th><th scope="col">Starts</th><th scope="col">Kind</th><th scope="col">Replicas touched</th><th scope="col">Version</th><th scope="col">Result</th></tr></thead><tbody>"#,
        caption(s)
    );
    for (i, op) in run.ops.iter().enumerate() {
        let [n, at, kind, touched, version, result] = op_cells(i, op);
        let outcome = if op.stale() {
            "stale"
        } else if op.failed() {
            "failed"
        } else {
            "ok"
        };
        html!(
            h,
            r#"<tr data-testid="quorum-op" data-outcome="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            outcome,
            n,
            at,
            kind,
            touched,
            version,
            result
        );
    }
    html!(h, "</tbody></table></div></details></div>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_carry_the_test_ids_and_values() {
        // Write all, read one, replica 3 down: overlap 3 + 1 − 3 = 1; writes survive 0 down,
        // reads 2; the 20 writes fail (2 up < 3), the 20 reads return v0 and none is stale.
        let (s, _) = QuorumState::from_query(&[("preset", "write-all"), ("down", "3")]);
        let run = s.run();
        let h = figures_html(&s, &run);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [
            ("quorum-overlap", "1"),
            ("quorum-write-tolerates", "0"),
            ("quorum-read-tolerates", "2"),
            ("quorum-stale", "0"),
            ("quorum-unavailable", "0.5"),
        ] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains("50 % (20 of 40)"));
        assert_eq!(h.matches(r#"data-outcome="failed""#).count(), 20);
        assert_eq!(h.matches("class=\"q-write\"").count(), 0, "no write stored anything");
        assert_eq!(h.matches("<circle").count(), 20, "each read asked one replica");
        assert!(h.contains(">down</text>"));
        assert_eq!(
            spoken(&s, &run),
            "R + W = 4 > N = 3: every read meets the newest acknowledged write; 0 of 20 reads were stale, and 20 of 40 operations failed (2 of 3 replicas up)."
        );
        // No read at all: the stale readout has no value.
        let s = crate::model::quorum::Preset::TwoDown.state();
        let h = figures_html(&s, &s.run());
        well_formed(h.as_str()).unwrap();
        assert!(h.as_str().contains(r#"<dd data-testid="quorum-stale">– (no read succeeded)</dd>"#));
    }
}
