//! The static twin of a widget: the figures it shows at a preset (the model's
//! `Widget::twin`), as a plain table written into the page at build time. A reader without
//! JavaScript, a search engine, a printer, and everyone in the moment before the live widget
//! arrives sees these; the live widget then takes the widget's place.

use std::fmt::Write as _;

use super::directive::WidgetSpec;
use super::page::escape;
pub use crate::model::widget::Table;

/// A model's [`Table`] as HTML, every text escaped.
pub fn table_html(t: &Table) -> String {
    {
        // A region a keyboard can scroll when the table is wider than a phone.
        let mut h = format!(
            r#"<div class="table-scroll" role="group" tabindex="0" aria-label="{}"><table class="twin"><caption>"#,
            escape(&t.caption)
        );
        h.push_str(&escape(&t.caption));
        h.push_str("</caption><thead><tr>");
        for cell in &t.head {
            let _ = write!(h, r#"<th scope="col">{}</th>"#, escape(cell));
        }
        h.push_str("</tr></thead><tbody>");
        for row in &t.rows {
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
/// as in the live widget): the model's [`Widget::twin`](crate::model::widget::Widget::twin).
pub fn twin(spec: &WidgetSpec) -> Option<Table> {
    spec.kind.twin(&spec.params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::WidgetKind;
    use crate::model::units;

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
        let t = twin(&spec(WidgetKind::CdnLatency, &[("preset", "200ms-10-images")])).unwrap();
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
        let h = table_html(&t);
        assert!(
            h.contains("&lt;c&gt;") && h.contains("&quot;h&quot;") && h.contains("&lt;b&gt;") && h.contains("&amp;")
        );
        assert!(!h.contains("<b>") && !h.contains("<c>"));
    }
}
