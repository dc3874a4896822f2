//! The static twin of a widget: the figures it shows at a preset, as a plain table written
//! into the page at build time. A reader without JavaScript, a search engine, a printer, and
//! everyone in the moment before the live widget arrives sees these; the live widget then
//! takes the widget's place.

use std::fmt::Write as _;

use super::directive::{WidgetKind, WidgetSpec};
use super::page::escape;
use crate::model::{cap, cdn_latency, nines, saga, units};

/// A small table: a caption, column headings and rows of text (all plain text; escaped when
/// written). The first cell of each row is a row heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// Column headings.
    pub head: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as HTML, every text escaped.
    pub fn html(&self) -> String {
        let mut h = String::from(r#"<div class="table-scroll"><table class="twin"><caption>"#);
        h.push_str(&escape(&self.caption));
        h.push_str("</caption><thead><tr>");
        for cell in &self.head {
            let _ = write!(h, r#"<th scope="col">{}</th>"#, escape(cell));
        }
        h.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            h.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    let _ = write!(h, r#"<th scope="row">{}</th>"#, escape(cell));
                } else {
                    let _ = write!(h, "<td>{}</td>", escape(cell));
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table></div>");
        h
    }
}

/// The twin of a widget at its preset parameters (bad parameters fall back to the defaults,
/// as in the live widget).
pub fn twin(spec: &WidgetSpec) -> Option<Table> {
    Some(match spec.kind {
        WidgetKind::Nines => nines_twin(&nines::NinesState::from_query(&spec.params).0),
        WidgetKind::CdnLatency => cdn_twin(&cdn_latency::CdnState::from_query(&spec.params).0),
        WidgetKind::Cap => cap_twin(&cap::CapState::from_query(&spec.params).0)?,
        WidgetKind::Saga => saga_twin(&saga::SagaState::from_query(&spec.params).0),
        #[cfg(feature = "probe-widget")]
        WidgetKind::Probe => return None,
    })
}

fn nines_twin(s: &nines::NinesState) -> Table {
    let a = s.availability;
    let percent = |a: nines::Availability| format!("{} available", units::format_percent(a.fraction()));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for panel in &s.panels {
        match panel {
            nines::Panel::Table => rows.extend(nines::Period::ALL.iter().map(|&p| {
                vec![
                    format!("Downtime per {} at {} %", p.name(), nines::percent_text(a)),
                    units::format_duration(a.downtime(p, s.calendar)),
                ]
            })),
            nines::Panel::Budget => {
                if let Ok(b) = nines::availability_from_budget(s.budget, s.per, s.calendar) {
                    rows.push(vec![
                        format!("{} of downtime per {}", units::format_duration(s.budget), s.per.name()),
                        percent(b),
                    ]);
                }
            }
            nines::Panel::Mtbf => {
                if let Ok(m) = nines::availability_from_mtbf(s.mtbf, s.mttr) {
                    rows.push(vec![
                        format!("MTBF {} h, MTTR {} h", units::trim(s.mtbf), units::trim(s.mttr)),
                        percent(m),
                    ]);
                }
            }
            nines::Panel::Chain if !s.chain.is_empty() => {
                rows.push(vec![format!("Chain {}", nines::format_chain(&s.chain)), percent(nines::compose(&s.chain))]);
            }
            nines::Panel::Chain | nines::Panel::Chart => {}
        }
    }
    Table {
        caption: format!("The figures at these settings ({})", s.calendar.describe()),
        head: vec![String::new(), "Result".into()],
        rows,
    }
}

fn cdn_twin(s: &cdn_latency::CdnState) -> Table {
    let e = cdn_latency::estimate(s);
    let ms = |v: f64| format!("{} ms", units::grouped(units::significant(v, 4)));
    Table {
        caption: format!(
            "Expected times at these settings: {} km to the origin, {} km to the edge, hit ratio {} %",
            units::grouped(s.distance_km),
            units::grouped(s.edge_km),
            units::trim(s.hit_ratio * 100.0)
        ),
        head: vec![String::new(), "Without a CDN".into(), "With the CDN".into()],
        rows: vec![
            vec!["Round trip".into(), ms(e.rtt_origin), ms(e.rtt_edge)],
            vec!["Time to first byte".into(), ms(e.origin.ttfb), ms(e.cdn.ttfb)],
            vec!["Page load".into(), ms(e.origin.total), ms(e.cdn.total)],
        ],
    }
}

fn cap_twin(s: &cap::CapState) -> Option<Table> {
    let run = cap::run(s);
    if run.entries.is_empty() {
        return None;
    }
    Some(Table {
        caption: format!(
            "The steps so far: {} nodes, {}, one-way delay {} ticks",
            s.nodes,
            s.mode.name().to_ascii_uppercase(),
            s.lag
        ),
        head: vec!["Step".into(), "Outcome".into(), "What happened".into()],
        rows: run
            .entries
            .iter()
            .map(|(_, e)| vec![e.op.to_string(), e.outcome.name().to_string(), e.note.clone()])
            .collect(),
    })
}

fn saga_twin(s: &saga::SagaState) -> Table {
    Table {
        caption: format!("The saga's steps and their compensations ({})", s.mode.name()),
        head: vec!["Service".into(), "Transaction".into(), "Compensation".into()],
        rows: s
            .flow
            .services()
            .iter()
            .map(|svc| vec![svc.name.to_string(), svc.work.to_string(), svc.undo.to_string()])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: WidgetKind, params: &[(&str, &str)]) -> WidgetSpec {
        WidgetSpec { kind, params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    #[test]
    fn nines_twin_lists_the_downtime_per_period() {
        let t = twin(&spec(WidgetKind::Nines, &[("availability", "99.9"), ("panels", "table")])).unwrap();
        let day = t.rows.iter().find(|r| r[0] == "Downtime per day at 99.9 %").unwrap();
        assert_eq!(day[1], units::format_duration(86.4));
        assert_eq!(t.rows.len(), 5);
        // Each panel shown has its figures; the chart has none of its own.
        let t = twin(&spec(WidgetKind::Nines, &[("mtbf", "1000"), ("mttr", "1"), ("panels", "mtbf,chart")])).unwrap();
        assert_eq!(t.rows, [vec!["MTBF 1000 h, MTTR 1 h".to_string(), "99.9001 % available".to_string()]]);
        let t =
            twin(&spec(WidgetKind::Nines, &[("chain", "99.9x2"), ("budget", "43m12s"), ("panels", "budget,chain")]))
                .unwrap();
        assert_eq!(t.rows[0], ["43 min 12 s of downtime per month", "99.9 % available"]);
        assert_eq!(t.rows[1], ["Chain 99.9x2", "99.9999 % available"]);
    }

    #[test]
    fn cdn_twin_compares_origin_and_cdn() {
        let t = twin(&spec(WidgetKind::CdnLatency, &[("preset", "notes")])).unwrap();
        let load = t.rows.iter().find(|r| r[0] == "Page load").unwrap();
        assert_eq!(load[1], "3,825 ms");
        assert_eq!(load[2], "558.1 ms");
    }

    #[test]
    fn cap_twin_shows_only_the_steps_run() {
        let t = twin(&spec(WidgetKind::Cap, &[("preset", "last-item"), ("at", "5")])).unwrap();
        assert_eq!(t.rows.len(), 5);
        assert!(twin(&spec(WidgetKind::Cap, &[])).is_none(), "an empty script has nothing to show");
    }

    #[test]
    fn saga_twin_lists_every_service() {
        let t = twin(&spec(WidgetKind::Saga, &[("flow", "checkout")])).unwrap();
        assert_eq!(t.rows.len(), 7);
    }

    #[test]
    fn twin_html_escapes_every_cell() {
        let t = Table { caption: "<c>".into(), head: vec!["\"h\"".into()], rows: vec![vec!["<b>".into(), "&".into()]] };
        let h = t.html();
        assert!(
            h.contains("&lt;c&gt;") && h.contains("&quot;h&quot;") && h.contains("&lt;b&gt;") && h.contains("&amp;")
        );
        assert!(!h.contains("<b>") && !h.contains("<c>"));
    }
}
