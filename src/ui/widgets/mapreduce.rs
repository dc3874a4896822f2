//! `<MapReduceWidget/>`: a word count run the MapReduce way, over [`crate::model::mapreduce`]:
//! the text, the mappers, the reducers and a mapper whose first attempt fails; the job drawn
//! from splits to output (with its twin: a table per mapper and one per reducer), the pairs,
//! distinct words and top word as readouts, and the pairs a combiner would save.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::mapreduce::{MAX_CHARS, MAX_MAPPERS, MAX_REDUCERS, MapReduceState, Preset, Run, plural, span};
use crate::model::units::grouped;
use crate::model::widget::UrlState;
use crate::ui::controls::{Choice, fresh_id, markup, options_html, scenario_menu, sentence};

island!(mapreduce, MapReduceState, MapReduceWidget);

/// The MapReduce widget.
#[component]
pub fn MapReduceWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = MapReduceState::from_query(&params);
    let text = RwSignal::new(initial.text.clone());
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    let (scenarios, pick) = scenario_menu(state, "(your own text)", Preset::ALL.map(|p| (p.name(), p.label())), [text], ["text"]);
    let counts = |key: &'static str, most: u32| {
        Memo::new(move |_| {
            let current = state.read().get(key);
            let names: Vec<String> = (1..=most).map(|k| k.to_string()).collect();
            options_html(names.iter().map(|n| (n.as_str(), n.as_str())), &current)
        })
    };
    let mappers = counts("mappers", MAX_MAPPERS);
    let reducers = counts("reducers", MAX_REDUCERS);
    let fails = Memo::new(move |_| {
        let s = state.read();
        let names: Vec<String> = (1..=s.mappers).map(|k| k.to_string()).collect();
        let labels: Vec<String> = names.iter().map(|n| format!("Mapper {n}")).collect();
        let options = std::iter::once(("none", "None")).chain(names.iter().map(String::as_str).zip(labels.iter().map(String::as_str)));
        options_html(options, &s.get("fail"))
    });
    // Fewer mappers than the failing one: nothing fails any more.
    let choose = |key: &'static str| {
        Callback::new(move |value: String| {
            if let Ok(mut next) = state.with_untracked(|s| s.with(key, &value)) {
                if next.failing().is_none() {
                    next.fail = None;
                }
                state.set(next);
            }
        })
    };
    let id = fresh_id("mr-text");
    let message_id = format!("{id}-msg");
    let error = RwSignal::new(None::<String>);
    let typed = StoredValue::new(text.get_untracked());
    // A text the scenario menu writes is a good one: its message goes.
    Effect::new(move |_| {
        if text.with(|t| *t != typed.get_value()) {
            error.set(None);
        }
    });
    let chars = move || {
        let n = text.with(|t| t.chars().count());
        format!("{} of {} characters", grouped(n as f64), grouped(MAX_CHARS as f64))
    };
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel mr-controls">
            <div class="panel-row mr-choices">
                <Choice label="Scenario" testid="mr-preset-select" options=scenarios choose=pick />
                <Choice label="Mappers" testid="mr-mappers-select" options=mappers choose=choose("mappers") />
                <Choice label="Reducers" testid="mr-reducers-select" options=reducers choose=choose("reducers") />
                <Choice label="Failing mapper" testid="mr-fail-select" options=fails choose=choose("fail") />
            </div>
            <div class="field mr-text" class:invalid=move || error.with(Option::is_some)>
                <label for=id.clone()>"Text to count"</label>
                <textarea
                    id=id
                    rows="3"
                    spellcheck="false"
                    data-testid="mr-text-input"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=message_id.clone()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        typed.set_value(value.clone());
                        let taken = state.with_untracked(|s| s.with("text", &value));
                        match taken {
                            Ok(next) => {
                                error.set(None);
                                state.set(next);
                            }
                            Err(e) => error.set(Some(e)),
                        }
                        text.set(value);
                    }
                ></textarea>
                <p class="mr-count">{chars}</p>
                <p class="field-message" id=message_id role="status" data-testid="mr-text-input-message">
                    {move || error.get().map(|e| format!("{}. Counting the last valid text.", sentence(&e)))}
                </p>
            </div>
        </div>
        <div class="mr-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="mr-said">{said}</p>
    }
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &MapReduceState, run: &Run) -> String {
    let top = match run.top() {
        Some((w, c)) => format!("the most frequent is “{w}”, {}", plural(c as usize, "time")),
        None => "there are no words".to_string(),
    };
    let failed = match s.failing() {
        Some(f) => format!(" Mapper {f} failed once and was run again; the counts are the same."),
        None => String::new(),
    };
    format!(
        "{} from {}, {} over {}; {}.{}",
        plural(run.pairs(), "pair"),
        plural(run.maps.len(), "mapper"),
        plural(run.keys(), "distinct word"),
        plural(run.reduces.len(), "reducer"),
        top,
        failed
    )
}

/// The readouts, the drawing and its tables: read-only, so one block of markup.
fn figures_html(s: &MapReduceState, run: &Run) -> Html {
    let readout = |label: &str, testid: &str, value: String, text: String| {
        html!(r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#, label, testid, value, text)
    };
    let mut h = html!(r#"<div class="panel" data-panel="figures"><dl class="readouts">"#);
    h.push(&readout("Map output pairs", "mr-pairs", run.pairs().to_string(), grouped(run.pairs() as f64)));
    h.push(&readout("Distinct words", "mr-keys", run.keys().to_string(), grouped(run.keys() as f64)));
    let top = run.top().map_or_else(|| "no words".to_string(), |(w, c)| format!("{w}: {c}"));
    h.push(&readout("Most frequent word", "mr-top", run.top_text(), top));
    h.push(&readout(
        "Pairs shuffled with a combiner",
        "mr-combined",
        run.combined_pairs().to_string(),
        grouped(run.combined_pairs() as f64),
    ));
    h.push(&readout("Pairs thrown away by a failure", "mr-lost", run.lost_pairs().to_string(), grouped(run.lost_pairs() as f64)));
    html!(
        h,
        r#"</dl><p class="result" data-testid="mr-result">{} words make <strong>{}</strong>; the shuffle sends each to one of {} by a hash of the word, and the reducers write <strong>{}</strong>. A combiner on each mapper would shuffle {} instead.{}</p>"#,
        grouped(run.words.len() as f64),
        plural(run.pairs(), "pair"),
        plural(run.reduces.len(), "reducer"),
        plural(run.keys(), "distinct word"),
        plural(run.combined_pairs(), "pair"),
        match s.failing() {
            Some(f) => format!(
                " Mapper {f}'s first attempt died after emitting {} (thrown away with it); the re-run read the same split and emitted the same pairs, so the counts do not change.",
                plural(run.maps[f as usize - 1].lost.unwrap_or(0), "pair")
            ),
            None => String::new(),
        }
    );
    html!(
        h,
        r#"<p class="panel-note">Words are the runs of letters and digits (any script), lower-cased. The words are dealt in order into nearly equal splits (the first ones one word longer when they do not divide evenly). A word goes to reducer FNV-1a(word) mod reducers, the 32-bit FNV-1a hash of its UTF-8 bytes, counting reducers from 0 here and from 1 on screen. Ties for the most frequent word go to the first in alphabetical (code-point) order.</p></div>"#
    );
    h.push(&diagram(run));
    h.push(&tables(run));
    h
}

/// Rows of the drawing: one per mapper or reducer, whichever are more.
const ROW: u32 = 46;
/// Top of the first row.
const TOP: u32 = 34;

/// The job drawn: splits and map tasks on the left (a failed first attempt struck out above its
/// re-run), the shuffle's lines in the middle (thicker for more pairs), reduce tasks on the
/// right, the output below. The tables after it say the same.
fn diagram(run: &Run) -> Html {
    let rows = run.maps.len().max(run.reduces.len()) as u32;
    let height = TOP + rows * ROW + 34;
    let mut h = html!(
        r#"<div class="panel mr-diagram" data-panel="diagram" aria-hidden="true"><h3 class="panel-title">Splits, map, shuffle, reduce, output</h3><svg class="mr-svg" viewBox="0 0 480 {}">"#,
        height
    );
    html!(
        h,
        r#"<text class="mr-head" x="0" y="16">Splits → map tasks</text><text class="mr-head" x="240" y="16" text-anchor="middle">Shuffle</text><text class="mr-head" x="480" y="16" text-anchor="end">Reduce tasks</text>"#
    );
    let most = run.maps.iter().flat_map(|m| m.to.iter().copied()).max().unwrap_or(0).max(1);
    let centre = |i: usize, n: usize| TOP + (rows * ROW) * (2 * i as u32 + 1) / (2 * n as u32);
    for (m, task) in run.maps.iter().enumerate() {
        let y = centre(m, run.maps.len());
        for (r, &pairs) in task.to.iter().enumerate() {
            if pairs > 0 {
                let y2 = centre(r, run.reduces.len());
                let width = 1.0 + 5.0 * pairs as f64 / most as f64;
                html!(h, r#"<line class="mr-flow" x1="186" y1="{}" x2="294" y2="{}" stroke-width="{}"></line>"#, y, y2, format!("{width:.1}"));
            }
        }
    }
    for (m, task) in run.maps.iter().enumerate() {
        let y = centre(m, run.maps.len());
        let failed = task.lost.is_some();
        html!(
            h,
            r#"<rect class="mr-box mr-map{}" x="0" y="{}" width="186" height="38" rx="5"></rect><text class="mr-label" x="8" y="{}">Map {} · {}</text>"#,
            if failed { " mr-rerun" } else { "" },
            y - 19,
            y - 4,
            m + 1,
            span(&task.split)
        );
        let detail = match task.lost {
            Some(lost) => format!("✗ {lost} lost · re-run ✓ {}", plural(task.split.len(), "pair")),
            None => plural(task.split.len(), "pair"),
        };
        html!(h, r#"<text class="mr-small{}" x="8" y="{}">{}</text>"#, if failed { " mr-failed" } else { "" }, y + 12, detail);
    }
    for (r, task) in run.reduces.iter().enumerate() {
        let y = centre(r, run.reduces.len());
        html!(
            h,
            r#"<rect class="mr-box mr-reduce" x="294" y="{}" width="186" height="38" rx="5"></rect><text class="mr-label" x="302" y="{}">Reduce {} · {}</text><text class="mr-small" x="302" y="{}">{} in</text>"#,
            y - 19,
            y - 4,
            r + 1,
            plural(task.counts.len(), "word"),
            y + 12,
            plural(task.pairs() as usize, "pair")
        );
    }
    html!(
        h,
        r#"<text class="mr-head" x="480" y="{}" text-anchor="end">Output: {}{}</text></svg></div>"#,
        height - 10,
        plural(run.keys(), "distinct word"),
        run.top().map(|(w, c)| format!(", top {w}:{c}")).unwrap_or_default()
    );
    h
}

/// The drawing's twin: the map tasks (split, attempts, pairs to each reducer), then a table per
/// reducer of its words and their counts.
fn tables(run: &Run) -> Html {
    let mut h = html!(
        r#"<div class="panel" data-panel="tables"><div class="table-scroll" role="group" tabindex="0" aria-label="Map tasks"><table data-testid="mr-maps"><caption>Map tasks: each split's words and the pairs sent to each reducer</caption><thead><tr><th scope="col">Mapper</th><th scope="col">Split</th>"#
    );
    for r in 0..run.reduces.len() {
        html!(h, r#"<th scope="col">To reducer {}</th>"#, r + 1);
    }
    html!(h, "</tr></thead><tbody>");
    for (m, task) in run.maps.iter().enumerate() {
        let name = match task.lost {
            Some(lost) => format!("Mapper {} (failed once, {} lost; re-run)", m + 1, lost),
            None => format!("Mapper {}", m + 1),
        };
        let words = run.words[task.split.clone()].join(" ");
        html!(h, r#"<tr data-testid="mr-map-{}"><th scope="row">{}</th><td>{}</td>"#, m + 1, name, if words.is_empty() { "(empty)".to_string() } else { words });
        for pairs in &task.to {
            html!(h, "<td>{}</td>", pairs);
        }
        html!(h, "</tr>");
    }
    html!(h, r#"</tbody></table></div><div class="mr-reducers">"#);
    for (r, task) in run.reduces.iter().enumerate() {
        html!(
            h,
            r#"<div class="table-scroll mr-reducer" role="group" tabindex="0" aria-label="Reducer {}"><table data-testid="mr-reducer-{}"><caption>Reducer {}: {}</caption><thead><tr><th scope="col">Word</th><th scope="col">Count</th></tr></thead><tbody>"#,
            r + 1,
            r + 1,
            r + 1,
            plural(task.counts.len(), "word")
        );
        for (word, count) in &task.counts {
            html!(h, r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#, word, count);
        }
        if task.counts.is_empty() {
            html!(h, r#"<tr><td colspan="2">No words</td></tr>"#);
        }
        html!(h, "</tbody></table></div>");
    }
    html!(h, "</div></div>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_carry_the_test_ids_the_drawing_and_the_tables() {
        // Hamlet, mapper 2 failing: 10 pairs, 8 words, be:2; mapper 2's split is words 5–7
        // (to be that) and its first attempt lost ⌊3 / 2⌋ = 1 pair.
        let s = Preset::Failure.state();
        let run = s.run();
        let h = figures_html(&s, &run);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [("mr-pairs", "10"), ("mr-keys", "8"), ("mr-top", "be:2"), ("mr-combined", "10"), ("mr-lost", "1")] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains("Map 2 · words 5–7"), "{h}");
        assert!(h.contains("✗ 1 lost · re-run ✓ 3 pairs"), "{h}");
        assert!(h.contains("<td>to be that</td>"), "{h}");
        assert!(h.contains("Mapper 2 (failed once, 1 lost; re-run)"), "{h}");
        assert!(h.contains("died after emitting 1 pair (thrown away with it)"), "{h}");
        assert!(h.contains(r#"data-testid="mr-reducer-2""#));
        assert_eq!(
            spoken(&s, &run),
            "10 pairs from 3 mappers, 8 distinct words over 2 reducers; the most frequent is “be”, 2 times. Mapper 2 failed once and was run again; the counts are the same."
        );
    }
}
