//! The figures the lessons quote, read out of the lesson files and checked against the models
//! that the lessons' widgets run: a lesson that says one thing while its widget shows another
//! fails here, whichever of the two changed.
//!
//! Each check names a sentence of a lesson as a template, `{}` standing for each figure; the
//! rest of the template must appear in the lesson word for word. A figure matches when the model
//! value, rounded to the decimals the lesson prints, is the printed number (or, after "about",
//! within 2 %).

use std::fs;
use std::path::Path;

use tradeoffs_core::model::cdn_latency::{self as cdn, CdnState, GREAT_CIRCLE_KM, Preset, estimate, rtt_ms};
use tradeoffs_core::model::estimator::{self, EstimatorState};
use tradeoffs_core::model::queue::{self, Drain, QueueState};
use tradeoffs_core::model::tail_latency::{self as tail, TailState};
use tradeoffs_core::model::widget::UrlState;

/// A lesson's text.
fn lesson(name: &str) -> String {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons")).join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A number as printed at the start of `text` (`11,496`, `0.5`, `-3`, `1.2e3` is not one):
/// its value, its decimals and how many bytes it takes.
fn printed_number(text: &str) -> Option<(f64, usize, usize)> {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut decimals = None;
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' => {
                decimals = decimals.map(|d: usize| d + 1);
            }
            b',' if end > 0 && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) && decimals.is_none() => {}
            b'.' if decimals.is_none() && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => decimals = Some(0),
            b'-' if end == 0 => {}
            _ => break,
        }
        end += 1;
    }
    let digits: String = text[..end].chars().filter(|c| *c != ',').collect();
    Some((digits.parse().ok()?, decimals.unwrap_or(0), end))
}

/// The figures of the sentence `template` in `text` (`{}` marks each figure), in order.
fn figures(text: &str, template: &str) -> Vec<(f64, usize, bool)> {
    let pieces: Vec<&str> = template.split("{}").collect();
    let start = text.find(pieces[0]).unwrap_or_else(|| panic!("the lesson no longer says “{}”", pieces[0]));
    let mut rest = &text[start + pieces[0].len()..];
    let mut out = Vec::new();
    for piece in &pieces[1..] {
        let about = text[..text.len() - rest.len()].trim_end().ends_with("about");
        let (value, decimals, len) = printed_number(rest)
            .unwrap_or_else(|| panic!("no figure where “{template}” expects one: “{}”", &rest[..rest.len().min(40)]));
        out.push((value, decimals, about));
        rest = rest[len..].strip_prefix(piece).unwrap_or_else(|| {
            panic!("after the figure {value}, the lesson no longer says “{piece}” (template “{template}”)")
        });
    }
    out
}

/// Checks the figures of `template` in `text` against `model`, in order.
#[track_caller]
fn check(text: &str, template: &str, model: &[f64]) {
    let found = figures(text, template);
    assert_eq!(found.len(), model.len(), "“{template}” has {} figures", found.len());
    for ((printed, decimals, about), value) in found.into_iter().zip(model) {
        if about {
            assert!(
                (printed - value).abs() <= 0.02 * value.abs(),
                "“{template}”: about {printed}, the model says {value}"
            );
        } else {
            let scale = 10f64.powi(decimals as i32);
            let rounded = (value * scale).round() / scale;
            assert_eq!(printed, rounded, "“{template}”: the lesson prints {printed}, the model gives {value}");
        }
    }
}

#[test]
fn the_reader_of_figures_reads_what_is_printed() {
    assert_eq!(printed_number("11,496 km"), Some((11496.0, 0, 6)));
    assert_eq!(printed_number("114.96 ms)"), Some((114.96, 2, 6)));
    assert_eq!(printed_number("0.5, then"), Some((0.5, 1, 3)));
    assert_eq!(printed_number("3. Next"), Some((3.0, 0, 1)));
    assert_eq!(printed_number("ms"), None);
    let text = "It takes 1,224.4 ms, then about 970 ms.";
    assert_eq!(figures(text, "takes {} ms, then about {} ms."), [(1224.4, 1, false), (970.0, 0, true)]);
    check(text, "takes {} ms, then about {} ms.", &[1224.43, 975.0]);
    let wrong = std::panic::catch_unwind(|| check(text, "takes {} ms", &[1224.5]));
    assert!(wrong.is_err(), "a figure off by a printed digit fails");
}

#[test]
fn lesson_5_3_cdns() {
    let text = lesson("cdns.md");
    let with = |p: Preset, pairs: &[(&str, &str)]| {
        let mut s: CdnState = p.state();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        estimate(&s)
    };
    let sp = Preset::SaoPauloAshburn.state();
    let e = estimate(&sp);
    check(
        &text,
        "São Paulo → Ashburn, {} km of route in the widget (RTT {} ms). With HTTP/2 and TLS 1.3 the page takes {} ms without a CDN and {} ms with one at 90 % hits.",
        &[sp.distance_km, e.rtt_origin, e.origin.total, e.cdn.total],
    );
    check(&text, "then try `push` ({} ms)", &[with(Preset::SaoPauloAshburn, &[("strategy", "push")]).cdn.total]);
    check(
        &text,
        "Even at 0 % hits the CDN wins ({} ms)",
        &[with(Preset::SaoPauloAshburn, &[("hit_ratio", "0")]).cdn.total],
    );
    let ls_km = Preset::LondonSydney.state().distance_km;
    let ls = |proto: &str| with(Preset::LondonSydney, &[("protocol", proto)]);
    check(
        &text,
        "London → Sydney is about {} km of route (RTT {} ms). Without a CDN, HTTP/1.1 with TLS 1.2 takes {} ms; switch to `h2-tls13` ({} ms), then `h3` ({} ms). With the CDN the same steps give {}, {} and {} ms",
        &[
            ls_km,
            rtt_ms(ls_km),
            ls("h1-tls12").origin.total,
            ls("h2-tls13").origin.total,
            ls("h3").origin.total,
            ls("h1-tls12").cdn.total,
            ls("h2-tls13").cdn.total,
            ls("h3").cdn.total,
        ],
    );
    check(
        &text,
        "then set the strategy to `push`, and the load drops to 3 + 7.5 + 164.8 = {} ms",
        &[with(Preset::TenImagesAt200Ms, &[("strategy", "push")]).cdn.total],
    );
    // The self-check's city pair: London → Frankfurt.
    let (london, frankfurt) = (3, 4);
    check(
        &text,
        "London and Frankfurt are {} km apart on the great circle",
        &[f64::from(GREAT_CIRCLE_KM[london][frankfurt])],
    );
    check(
        &text,
        "at 10 ms of round trip per 1,000 km: about {} ms",
        &[rtt_ms(cdn::city_path_km(london, frankfurt).unwrap())],
    );
}

#[test]
fn lesson_2_3_queues() {
    let text = lesson("degradation-queues-and-utilization.md");
    let at = |preset: queue::Preset, pairs: &[(&str, &str)]| {
        let mut s: QueueState = preset.state();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        s.figures()
    };
    let ms = |w: Option<f64>| w.expect("a stable queue") * 1e3;
    // The degradation table: one server of 100 requests/s (the web scenario's).
    for lambda in ["20", "50", "80", "90", "95", "99"] {
        let w = at(queue::Preset::Web, &[("arrival", lambda)]).response_time();
        check(&text, &format!("| {lambda} req/s | {lambda} req/s | {{}} ms |"), &[ms(w)]);
    }
    let over = at(queue::Preset::Web, &[("arrival", "110")]);
    assert_eq!(over.steady.stable(), None);
    check(
        &text,
        "| 110 req/s | {} req/s at best | grows without limit: the queue gains {} requests every second |",
        &[
            over.throughput,
            match over.steady {
                queue::Steady::Overloaded { growth } => growth,
                queue::Steady::Stable(_) => unreachable!(),
            },
        ],
    );

    // The widget at the web scenario.
    let web = queue::Preset::Web.state();
    let f = web.figures();
    let m = f.steady.stable().copied().unwrap();
    check(
        &text,
        "{{#widget queue preset=web}}\n\nAt {} % busy the mean response time is {} ms, ten times the service time, and {} ms of that is waiting in the queue. On average L = {} requests are in the system, and Little's law agrees: λW = {} × {} = {}.",
        &[
            f.utilization * 100.0,
            m.response_time * 1e3,
            m.wait * 1e3,
            m.in_system,
            web.arrival,
            m.response_time,
            m.little,
        ],
    );
    assert_eq!(m.slowdown.round(), 10.0, "ten times the service time");
    let w = |lambda: &str| ms(at(queue::Preset::Web, &[("arrival", lambda)]).response_time());
    check(
        &text,
        "at 50 requests/s the response time is {} ms; at 80, {} ms; at 95, {} ms; at 99, {} ms.",
        &[w("50"), w("80"), w("95"), w("99")],
    );
    assert_eq!(at(queue::Preset::Web, &[("arrival", "100")]).response_time(), None);
    // The self-check: 20 ms of service at 90 %.
    let quiz = at(queue::Preset::Web, &[("service", "50"), ("arrival", "45")]);
    check(
        &text,
        "then set the service rate to 50 and the arrival rate to 45.\n= {} ± 1 ms",
        &[ms(quiz.response_time())],
    );
    check(
        &text,
        "so did every time the widget shows ({} ms of the {} is waiting)",
        &[quiz.steady.stable().unwrap().wait * 1e3, ms(quiz.response_time())],
    );

    // The flash sale.
    let sale = queue::Preset::FlashSale.state();
    let Drain::Drains { time, mean_wait } = sale.figures().drain else { panic!("the sale drains") };
    check(
        &text,
        "The queue is empty after 1,000,000 ÷ 500 = {} s ({} min {} s).",
        &[time, (time / 60.0).floor(), time % 60.0],
    );
    check(
        &text,
        "the average order's wait: L = {} orders waiting, {} leaving each second",
        &[sale.backlog as f64 / 2.0, sale.service],
    );
    check(&text, "so W = 500,000 ÷ 500 = {} s, half the drain time.", &[mean_wait]);
    check(&text, "A queue buys time, not capacity: 1 M orders at 500/s take {} s", &[time]);
    let four = at(queue::Preset::FlashSale, &[("service", "2000")]).drain.time().unwrap();
    check(
        &text,
        "set the service rate to 2,000 a second and the drain takes {} s ({} min {} s).",
        &[four, (four / 60.0).floor(), four % 60.0],
    );
    let flood = at(queue::Preset::FlashSale, &[("arrival", "600")]).drain;
    let Drain::Never { growth } = flood else { panic!("600 a second into 500 never drains") };
    check(&text, "the widget says never, because the queue gains {} orders every second", &[growth]);
    let busy = at(queue::Preset::FlashSale, &[("arrival", "300")]);
    check(&text, "set the arrival rate of the flash-sale widget to 300.\n= {} ± 50 s", &[busy.drain.time().unwrap()]);
    check(
        &text,
        "With no new orders it would be {} s: at {} % busy, the drain takes 1 / (1 − {}) = {} times as long.",
        &[time, busy.utilization * 100.0, busy.utilization, busy.drain.time().unwrap() / time],
    );

    // The directives show these scenarios.
    assert!(text.contains("{{#widget queue preset=web}}") && text.contains("{{#widget queue preset=flash-sale}}"));
}

/// Checks a self-check's expected answer, `template` holding the answer and its tolerance: the
/// model's value must be within the tolerance the lesson prints.
#[track_caller]
fn check_answer(text: &str, template: &str, model: f64) {
    let found = figures(text, template);
    let [(answer, _, _), (tolerance, _, _)] = found[..] else {
        panic!("“{template}” needs an answer and a tolerance")
    };
    assert!((answer - model).abs() <= tolerance, "“{template}”: {answer} ± {tolerance}, the model says {model}");
}

#[test]
fn lesson_1_4_estimation() {
    let text = lesson("back-of-the-envelope-estimation.md");
    let at = |preset: estimator::Preset, pairs: &[(&str, &str)]| {
        let mut s: EstimatorState = preset.state();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        estimator::estimate(&s)
    };
    let rough = |e: &estimator::Estimate, id: &str| e.step(id).unwrap().rough;
    let search = at(estimator::Preset::Search, &[]);
    let chat = at(estimator::Preset::Chat, &[]);
    let one_each = |dau: &str| at(estimator::Preset::Search, &[("dau", dau), ("per_user", "1")]).rps_avg;

    // Rounding and handy numbers.
    check(&text, "**1 million a day is about 12 a second** ({}, to two decimals)", &[one_each("1M")]);
    check(&text, "| 1 million per day | {} per second |", &[one_each("1M")]);
    check(&text, "| 1 billion per day | {} per second |", &[one_each("1B")]);

    // The worked example, as the widget shows it.
    check(
        &text,
        "you get 10⁵ a second; exactly, {} ÷ 86,400 ≈ {} searches a second.",
        &[search.per_day, search.rps_avg],
    );
    check(&text, "plan for about {} a second at the busiest hour", &[search.rps_peak]);
    check(&text, "10¹⁰ ÷ 24 ≈ {} million", &[search.per_hour / 1e6]);
    check(
        &text,
        "That is 10¹⁰ × 200 B = 2 × 10¹² B, **{} TB a day**. A year of it is {} TB, and with three copies about **{} PB**.",
        &[search.storage_per_day / 1e12, search.storage_retained / 1e12, search.storage_total / 1e15],
    );
    let powers = format!(
        "365 days round to {} and the three copies give {} B",
        rough(&search, "days").text(),
        rough(&search, "storage-total").text()
    );
    assert!(text.contains(&powers), "the lesson no longer says “{powers}”");
    check(
        &text,
        "the outgoing traffic is {} × 10⁴ B ≈ {} GB/s, or about **{} Gbit/s** on average and twice that, {} Gbit/s, at the peak.",
        &[search.rps_avg, search.egress_avg / 1e9, search.egress_avg * 8.0 / 1e9, search.egress_peak * 8.0 / 1e9],
    );
    let rough_egress = rough(&search, "egress-avg");
    assert_eq!(rough_egress.text(), "10⁹");
    check(&text, "Powers of ten give 10⁵ × 10⁴ = 10⁹ B/s, that is {} Gbit/s", &[rough_egress.value() * 8.0 / 1e9]);
    check(&text, "at 1 KB each with their headers, {} Mbit/s comes in", &[search.ingress_avg * 8.0 / 1e6]);
    // One server handles 1,000 searches a second; a search takes 100 ms (Little's law).
    check(
        &text,
        "The peak of about {} a second then needs about {} servers",
        &[search.rps_peak, search.rps_peak / 1_000.0],
    );
    check(&text, "Little's law puts about {} searches in flight", &[search.rps_avg * 0.1]);

    // The self-checks.
    check_answer(&text, "How many searches arrive per second, on average?\n= {} ± {} searches/s", search.rps_avg);
    check(
        &text,
        "divided by 86,400 s ≈ {} a second. Using 10⁵ seconds a day gives {}: {} % low",
        &[search.rps_avg, rough(&search, "rps-avg").value(), (1.0 - search.step("rps-avg").unwrap().ratio()) * 100.0],
    );
    let month = at(estimator::Preset::Search, &[("days", "30")]);
    check_answer(&text, "What total storage will the widget show?\n= {} ± {} TB", month.storage_total / 1e12);
    check(
        &text,
        "2 TB a day × 30 days = {} TB, and three copies make {} TB",
        &[month.storage_retained / 1e12, month.storage_total / 1e12],
    );
    assert_eq!((month.rps_avg, month.egress_avg), (search.rps_avg, search.egress_avg));
    check(&text, "10¹⁰ ÷ 24 = {}. Rounding", &[search.per_hour]);
    check_answer(&text, "in a 365-day year, before replication?\n= {} ± {} TB", chat.storage_retained / 1e12);
    check(
        &text,
        "= 4 × 10¹¹ B = {} GB a day; × 365 = 1.46 × 10¹⁴ B, about {} TB. With three replicas it is about {} TB.",
        &[chat.storage_per_day / 1e9, chat.storage_retained / 1e12, chat.storage_total / 1e12],
    );
}

#[test]
fn lesson_2_2_tail_latency() {
    let text = lesson("percentiles-and-tail-latency.md");
    let at = |preset: tail::Preset, pairs: &[(&str, &str)]| {
        let mut s: TailState = preset.state();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        s.figures().unwrap()
    };
    let percent = |fraction: f64| fraction * 100.0;

    // Why averages lie: the widget's list of 100 requests.
    let lie = at(tail::Preset::AveragesLie, &[]);
    check(&text, "Mean: (90 × 50 + 9 × 200 + 2,000) / 100 = **{} ms**.", &[lie.mean]);
    check(
        &text,
        "Median (p50) and p90: **{} ms**. p95 and p99: **{} ms**. Max: **{} ms**.",
        &[lie.backend.p50, lie.backend.p95, lie.backend.max.unwrap()],
    );
    assert_eq!((lie.backend.p90, lie.backend.p99), (lie.backend.p50, lie.backend.p95));
    let longer = at(tail::Preset::AveragesLie, &[("samples", "50x90,200x9,20000x1")]);
    check(&text, "Change that one request to 20 s (`20000x1`) and the mean jumps to {} ms", &[longer.mean]);
    assert_eq!(longer.backend.p50, lie.backend.p50, "the median does not move");
    let smooth = at(tail::Preset::AveragesLie, &[("dist", "lognormal")]);
    check(
        &text,
        "set by its median ({} ms) and its p99 ({} ms). Its mean is {} ms, and {} % of requests are faster than that average.",
        &[smooth.backend.p50, smooth.backend.p99, smooth.mean, percent(smooth.mean_rank)],
    );

    // Fan-out, at Dean and Barroso's example.
    let scale = tail::Preset::TailAtScale.state();
    let f = scale.figures().unwrap();
    check(
        &text,
        "each server typically answers in {} ms, but 1 request in 100 takes more than a second (p = {} %, the server's p99), and a user request needs {} servers. Then 1 − 0.99¹⁰⁰ = **{} %**",
        &[f.backend.p50, percent(scale.p), f64::from(scale.fanout), percent(f.fan.p_slow)],
    );
    assert_eq!(f.slow_ms.map(f64::round), Some(1_000.0), "slow means more than a second");
    check(
        &text,
        "The curve passes 50 % at a fan-out of just {}, and the median user request takes {} ms, although the median server call takes {} ms.",
        &[f.fan.half_at.unwrap() as f64, f.request.p50, f.backend.p50],
    );
    let rarer = |n: &str| percent(at(tail::Preset::TailAtScale, &[("p", "0.1%"), ("fanout", n)]).fan.p_slow);
    check(
        &text,
        "with p = 0.1 %, 100 servers give {} % slow requests and 1,000 servers give {} %.",
        &[rarer("100"), rarer("1000")],
    );
    check(
        &text,
        "each server may exceed it on only 1 − 0.99^(1/100) ≈ {} % of requests",
        &[percent(f.fan.backend_budget)],
    );
    // The small-n × p rule of thumb: n × p against the exact 9.5 %.
    check(&text, "(100 servers at 0.1 % give about {} %)", &[percent(100.0 * 0.001)]);
    assert!((rarer("100") - percent(100.0 * 0.001)).abs() < 0.5);

    // Hedging the same servers after their p95.
    let h = f.hedge.unwrap();
    assert_eq!(scale.hedge, Some(95.0));
    check(
        &text,
        "once a call has waited for the server's p95, {} ms. One call's p99 falls from {} ms to {} ms and its p99.9 from {} ms to {} ms, while only {} % of calls send a second request. At a fan-out of 100, the share of slow user requests drops from {} % to {} %.",
        &[
            h.after_ms,
            f.backend.p99,
            h.p99,
            f.backend.p999,
            h.p999,
            percent(h.extra),
            percent(f.fan.p_slow),
            percent(h.p_slow.unwrap()),
        ],
    );

    // The self-checks the widget answers.
    check(&text, "What share of page loads is slow?\n= {} ± 0.5 %", &[percent(tail::p_slow(0.01, 50))]);
    check(
        &text,
        "meets at least one p99-slow response with probability 1 − 0.99⁵⁰, about {} %",
        &[percent(tail::p_slow(0.01, 50))],
    );
    check(&text, "set the fan-out widget's p to 0.001 and its fan-out to 1000.\n= {} ± 0.5 %", &[rarer("1000")]);
    check(&text, "at a fan-out of 100 ({} %)", &[percent(f.fan.p_slow)]);

    // The directives show these scenarios.
    for line in [
        "{{#widget tail-latency preset=averages-lie panels=distribution}}",
        "{{#widget tail-latency preset=tail-at-scale panels=fanout}}",
        "{{#widget tail-latency preset=tail-at-scale panels=hedge}}",
    ] {
        assert!(text.contains(line), "the lesson no longer embeds {line}");
    }
}

// ---- Lesson 3.2, load balancers: the figures the lesson quotes from the `load-balancer` widget.

#[test]
fn lesson_3_2_load_balancers() {
    use tradeoffs_core::model::load_balancer::{self as lb, LoadBalancerState, Preset as LbPreset};
    let text = lesson("load-balancers.md");
    let at = |preset: LbPreset, pairs: &[(&str, &str)]| {
        let mut s: LoadBalancerState = preset.state();
        for (key, value) in pairs {
            s.set(key, value).unwrap();
        }
        s.run()
    };
    assert!(text.contains("{{#widget load-balancer preset=slow-server}}"));
    assert!(text.contains("{{#widget load-balancer preset=failing-server}}"));
    let slow = LbPreset::SlowServer.state();
    let rr = slow.run();
    check(
        &text,
        "The simulator below sends {} requests, {} a second, to five servers.",
        &[f64::from(slow.requests), rr.rate],
    );
    check(
        &text,
        "one request at a time and takes {} ms for it, so the pool runs at {} % of its capacity",
        &[lb::BASE_MS, lb::LOAD * 100.0],
    );
    // Server 3 gets every fifth request: one every 5 / 35 s.
    check(&text, "one every {} ms, though it needs {} ms for each", &[5e3 / rr.rate, lb::BASE_MS * slow.slow_factor]);
    assert!(text.contains("until a request sent to it waits more than 50 seconds") && rr.max_ms.unwrap() > 50_000.0);
    check(&text, "so the p99 is {} ms, although", &[rr.p99_ms.unwrap()]);
    let lc = at(LbPreset::SlowServer, &[("algorithm", "least-connections")]);
    check(
        &text,
        "gets about {} % of the requests, each taking {} ms",
        &[f64::from(lc.servers[2].served) / 10.0, lc.p99_ms.unwrap()],
    );
    let random = at(LbPreset::SlowServer, &[("algorithm", "random")]);
    check(&text, "and the p99 goes back to about {} s)", &[random.p99_ms.unwrap() / 1e3]);
    let two = at(LbPreset::SlowServer, &[("algorithm", "two-choices")]);
    assert!(text.contains("**two choices** (under 1 s,") && two.p99_ms.unwrap() < 1_000.0);
    let failing = LbPreset::FailingServer.state().run();
    check_answer(&text, "= {} ± {} requests", f64::from(failing.errors));
    check(&text, "Checks run every {} s", &[LbPreset::FailingServer.state().health_s]);
    let every_2 = at(LbPreset::FailingServer, &[("health_s", "2")]);
    check(&text, "for 10 s: 70 errors; with a check every 2 s, {}.", &[f64::from(every_2.errors)]);
    let two = at(LbPreset::FailingServer, &[("algorithm", "two-choices")]);
    check(&text, "and the errors rise to {}.", &[f64::from(two.errors)]);
    // The self-check on unequal servers: round robin overloads the small ones, weighted does not.
    let unequal = LbPreset::UnequalServers.state();
    let rr = unequal.run();
    let weights = unequal.effective_weights();
    assert_eq!(weights, [3, 1, 1]);
    // Requests a second server k can serve: its workers, each 1,000 / 100 ms.
    let cap = |k: usize| f64::from(weights[k]) * 1e3 / lb::BASE_MS;
    check(
        &text,
        "servers 2 and 3 one each, and {} requests arrive a second, {} % of the pool's {}.",
        &[rr.rate, lb::LOAD * 100.0, (0..3).map(cap).sum::<f64>()],
    );
    check(
        &text,
        "each gets a third of the requests, about {} a second, more than the {} it can serve",
        &[rr.rate / 3.0, cap(1)],
    );
    check(
        &text,
        "Server 1 could serve {} a second and idles at {} %, while servers 2 and 3 run at {} %",
        &[cap(0), rr.rate / 3.0 / cap(0) * 100.0, rr.rate / 3.0 / cap(1) * 100.0],
    );
    check(&text, "the p99 reaches about {} s.", &[rr.p99_ms.unwrap() / 1e3]);
    let weighted = at(LbPreset::UnequalServers, &[("algorithm", "weighted")]);
    let sent: Vec<f64> =
        weighted.servers.iter().map(|s| f64::from(s.sent) / f64::from(unequal.requests) * rr.rate).collect();
    check(&text, "Weighted round robin sends {}, {} and {} a second", &sent);
    check(&text, "and the p99 drops to {} ms.", &[weighted.p99_ms.unwrap()]);
}

// ---- lesson 3.4, auto-scaling (the `autoscaling` widget) ----

#[test]
fn lesson_3_4_auto_scaling() {
    use tradeoffs_core::model::autoscaling::{AutoscalingState, Preset as Scenario};
    let text = lesson("auto-scaling.md");
    let run = |p: Scenario, pairs: &[(&str, &str)]| {
        let mut s: AutoscalingState = p.state();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        s.run()
    };
    let fast = Scenario::FastWarmup.state();
    let r = fast.run();
    check(
        &text,
        "so the overload lasts until the sixth newcomer serves: {} minutes. The group stops at {} instances, the first size below {} % ({} ÷ {} = {} %), and spends {} instance-hours",
        &[
            f64::from(r.overload_minutes),
            f64::from(r.peak_instances),
            f64::from(fast.out),
            fast.load,
            f64::from(r.peak_instances) * fast.capacity,
            fast.load / (f64::from(r.peak_instances) * fast.capacity) * 100.0,
            r.instance_hours,
        ],
    );
    // The self-check: the same spike with a ten-minute warm-up.
    let slow = run(Scenario::FastWarmup, &[("warmup", "600")]);
    assert_eq!(slow, Scenario::SlowWarmup.state().run());
    check(
        &text,
        "How many minutes of overload will the widget show?\n= {} ± 1 minutes",
        &[f64::from(slow.overload_minutes)],
    );
    check(&text, "so minutes 1:00 to 1:22 are overloaded: {}.", &[f64::from(slow.overload_minutes)]);
    check(
        &text,
        "the group races to its maximum of {} and pays {} instance-hours instead of {}.",
        &[f64::from(slow.peak_instances), slow.instance_hours, r.instance_hours],
    );
    let long = Scenario::LongCooldown.state().run();
    check(
        &text,
        "The group reaches only {} instances before the spike ends and is overloaded for {} minutes.",
        &[f64::from(long.peak_instances), f64::from(long.overload_minutes)],
    );
    let none = Scenario::NoCooldown.state().run();
    check(
        &text,
        "The overload is shortest, {} minutes, but the group overshoots to the maximum of {} and costs {} instance-hours.",
        &[f64::from(none.overload_minutes), f64::from(none.peak_instances), none.instance_hours],
    );
    // The day: the widget's default state.
    let day = AutoscalingState::default();
    let d = day.run();
    assert_eq!(d.overload_minutes, 0, "the lesson says the group is never overloaded");
    check(
        &text,
        "peaks at {} instances and spends about {} instance-hours, where a fixed fleet of {} would spend {}",
        &[
            f64::from(d.peak_instances),
            d.instance_hours,
            f64::from(day.fixed_fleet()),
            f64::from(day.fixed_fleet() * day.hours),
        ],
    );
    // A minimum of 10 from the start carries the spike without overload.
    assert_eq!(run(Scenario::FastWarmup, &[("min", "10")]).overload_minutes, 0);
    for line in ["{{#widget autoscaling preset=fast-warmup}}", "{{#widget autoscaling}}"] {
        assert!(text.contains(line), "the lesson no longer embeds {line}");
    }
}

// ---- dns (lesson 3.3) ----

#[test]
fn lesson_3_3_dns() {
    use tradeoffs_core::model::dns::{DELEGATION_TTL, DnsState, Warm};
    let text = lesson("dns-geodns-and-global-load-balancing.md");
    // The lesson's round trips are the widget's defaults: 10 ms to the resolver, 15 to a root,
    // 25 to a TLD server, 60 to the authoritative server.
    let s = DnsState::default();
    assert_eq!(s.hop_ms, [10.0, 15.0, 25.0, 60.0]);
    check(
        &text,
        "illustrative round trips: {} ms from the stub to the resolver, and from the resolver {} ms to a root server, {} ms to a TLD server and {} ms",
        &s.hop_ms,
    );
    check(&text, "the `com.` NS records: {} s (two days)", &[DELEGATION_TTL as f64]);
    // Each row of the table is one lookup of the model: cold, then only the .com referral
    // cached, then the domain's referral (the lookup at 400 s), then the address (at 30 s).
    let time = |s: &DnsState, k: usize| s.run().lookups[k].time_ms;
    let warm = DnsState { warm: Warm::Tld, ..DnsState::default() };
    check(&text, "| The address | None | {} ms |", &[time(&s, 1)]);
    check(&text, "| Authoritative | 10 + 60 = {} ms |", &[time(&s, 2)]);
    check(&text, "| `.com` server, then authoritative | 10 + 25 + 60 = {} ms |", &[time(&warm, 0)]);
    check(&text, "| Root, `.com` server, authoritative | 10 + 15 + 25 + 60 = {} ms |", &[time(&s, 0)]);
    // The self-checks the widget answers, and the scenario it shows.
    assert_eq!(DnsState::preset("com-cached"), Some(warm.clone()));
    check(&text, "a 300 s TTL on the A record, and a resolver that already holds the `.com` referral", &[]);
    assert_eq!((warm.ttl, warm.at.as_slice()), (300, &[0u64, 30, 400][..]));
    check(
        &text,
        "How many queries does the resolver send upstream for it?\n= {} query",
        &[warm.run().lookups[2].upstream as f64],
    );
    // The TTL move: a record fetched at 0 s answers from the cache until its TTL is over.
    let mut day = DnsState::default();
    day.set("ttl", "86400").unwrap();
    day.set("at", "0,86399,86400").unwrap();
    let lookups = day.run().lookups;
    assert!(lookups[0].upstream > 0 && lookups[1].upstream == 0 && lookups[2].upstream > 0);
    check(&text, "set the A record's TTL to {} and the lookups to `0,86399,86400`", &[day.ttl as f64]);
    assert!(text.contains(&format!("= {} ± 0.1 hours\n> A resolver that fetched", day.ttl / 3600)));
    assert!(text.contains("{{#widget dns preset=com-cached}}"));
}

// ---- relational databases (lesson 6.1) ----

#[test]
fn lesson_6_1_relational_databases() {
    use tradeoffs_core::model::cap::{CapState, Outcome, run};
    let text = lesson("relational-databases.md");
    // The read-replica toy: node 1 takes every write (a leader with asynchronous replicas).
    let directive = "{{#widget cap nodes=3 mode=ap ops=w1:100,tick,w1:50,r1,r2,tick,r2 at=3}}";
    assert!(text.contains(directive));
    let mut s = CapState::default();
    for (k, v) in [("nodes", "3"), ("mode", "ap"), ("ops", "w1:100,tick,w1:50,r1,r2,tick,r2"), ("at", "3")] {
        s.set(k, v).unwrap();
    }
    // Three steps have run: the balance replicated, then the leader's commit of 50.
    assert_eq!(run(&s).entries.len(), 3);
    s.at = None;
    let entries = run(&s).entries;
    let read = |k: usize| (entries[k].1.outcome, entries[k].1.value_text());
    // Two steps on: the leader returns 50, the replica 100, marked stale.
    assert_eq!(read(3), (Outcome::Ok, "50".to_string()));
    assert_eq!(read(4), (Outcome::Stale, "100".to_string()));
    // Two steps more: after one tick the replica returns 50.
    assert_eq!(read(6), (Outcome::Ok, "50".to_string()));
    let (leader, replica) = (read(3).1, read(4).1);
    assert!(text.contains(&format!("+ {leader} at the leader and {replica}, marked stale, at the replica")));
    let caught_up: f64 = read(6).1.parse().unwrap();
    check(&text, "Press **Step** twice more: after one tick the replica returns {}.", &[caught_up]);
}

// ---- non-relational databases (lesson 6.2) ----

#[test]
fn lesson_6_2_non_relational() {
    use tradeoffs_core::model::cap::{self, CapState, Mode, Outcome};
    let text = lesson("non-relational-databases.md");
    // The stale read of a leaderless store: three replicas in AP mode, the cart's count 1
    // everywhere, then 2 written at node 2 and read at node 3 before the tick that carries it.
    let directive = "{{#widget cap nodes=3 mode=ap ops=w1:1,tick,w2:2,r3,tick,r3 at=3}}";
    assert!(text.contains(directive));
    let mut s = CapState::default();
    for (key, value) in [("nodes", "3"), ("mode", "ap"), ("ops", "w1:1,tick,w2:2,r3,tick,r3"), ("at", "3")] {
        s.set(key, value).unwrap();
    }
    assert_eq!(cap::run(&s).entries.len(), 3, "three steps have run before the reader presses Step");
    let at = |s: &CapState, steps: usize| {
        let mut t = s.clone();
        t.at = Some(steps).filter(|&k| k < t.ops.len());
        cap::run(&t).entries.last().map(|(_, e)| e.clone()).unwrap()
    };
    // Step: the read at node 3 returns 1, marked stale.
    let read = at(&s, 4);
    assert_eq!((read.value_text().as_str(), read.outcome), ("1", Outcome::Stale));
    check(&text, "+ 1, marked stale", &[]);
    // Step twice more: after the tick, the read returns 2.
    let later = at(&s, 6);
    assert_eq!((later.value_text().as_str(), later.outcome), ("2", Outcome::Ok));
    // In CP mode the same read returns 2 at once, after a round trip to a majority.
    let cp = CapState { mode: Mode::Cp, ..s.clone() };
    let read = at(&cp, 4);
    assert_eq!((read.value_text().as_str(), read.outcome), ("2", Outcome::Ok));
    assert_eq!(read.latency, 2 * cp.lag);
    assert!(cap::run(&CapState { at: None, ..cp }).entries.iter().all(|(_, e)| !e.op.is_client() || e.latency == 2));
}

// ---- lesson 6.9, denormalization, aggregation and ETL (the `queue` widget times a batch) ----

#[test]
fn lesson_6_9_etl_batch_window() {
    use tradeoffs_core::model::units::format_duration;
    let text = lesson("denormalization-aggregation-and-etl.md");
    // The widget as the lesson places it: a day's events, loaded at 5,000 a second.
    let directive = "{{#widget queue arrival=0 service=5000 backlog=86400000}}";
    assert!(text.contains(directive));
    let at = |pairs: &[(&str, &str)]| {
        let mut s = QueueState::default();
        for (k, v) in [("arrival", "0"), ("service", "5000"), ("backlog", "86400000")].iter().chain(pairs) {
            s.set(k, v).unwrap();
        }
        s.figures().drain.time().expect("the backlog drains")
    };
    let night = at(&[]);
    check(
        &text,
        "The run takes 86,400,000 ÷ 5,000 = {} s, {} h {} min",
        &[night, (night / 3600.0).floor(), (night % 3600.0) / 60.0],
    );
    assert_eq!(format_duration(night), "4 h 48 min");
    // The streaming consumer catching up after two hours down.
    let catch_up = at(&[("backlog", "7200000"), ("arrival", "1000")]);
    check(
        &text,
        "Set the backlog to 7,200,000 and the arrival rate to 1,000: it catches up with its spare 4,000 a second in {} min.",
        &[catch_up / 60.0],
    );
    assert_eq!(format_duration(catch_up), "30 min");
    // The self-check: twice the events.
    let double = at(&[("backlog", "172800000")]);
    check(&text, "set the widget's backlog to 172800000.\n= {} ± 0.1 hours", &[double / 3600.0]);
    check(&text, "> 172,800,000 ÷ 5,000 = {} s, which the widget shows as 9 h 36 min", &[double]);
    assert_eq!(format_duration(double), "9 h 36 min");
}

// ---- lesson 6.8, files, objects and blobs (the `estimator` sizes a photo store) ----

#[test]
fn lesson_6_8_files_objects_and_blobs() {
    let text = lesson("files-objects-and-blobs.md");
    // The photo store is the widget as the lesson places it.
    let directive = "{{#widget estimator dau=10M per_user=0.5 peak=2 record_bytes=2MB days=365 copies=3 request_bytes=2MB response_bytes=1KB}}";
    assert!(text.contains(directive), "the lesson no longer places “{directive}”");
    let mut s = EstimatorState::default();
    for pair in directive.trim_start_matches("{{#widget estimator ").trim_end_matches("}}").split(' ') {
        let (k, v) = pair.split_once('=').unwrap();
        s.set(k, v).unwrap();
    }
    let e = estimator::estimate(&s);
    check(
        &text,
        "That is {} million photos a day, about {} uploads a second (twice that at a peak factor of {}, our assumption), and {} TB a day. A year holds {} PB, and three copies make about **{} PB** of disks. Uploads bring in about {} Mbit/s",
        &[
            e.per_day / 1e6,
            e.rps_avg,
            s.peak,
            e.storage_per_day / 1e12,
            e.storage_retained / 1e15,
            e.storage_total / 1e15,
            e.ingress_avg * 8.0 / 1e6,
        ],
    );
    // The self-check: one copy (copies = 1 in the widget) times 1.5 for Reed–Solomon 6 + 3.
    let mut one = s.clone();
    one.set("copies", "1").unwrap();
    let single = estimator::estimate(&one).storage_total;
    assert_eq!(single, e.storage_retained);
    check(&text, "keeps three full copies, about {} PB after a year", &[e.storage_total / 1e15]);
    check_answer(&text, "then multiply.\n= {} ± {} PB", single * (6.0 + 3.0) / 6.0 / 1e15);
    check(&text, "One copy is {} PB; 6 + 3 stores", &[single / 1e15]);
    check(&text, "1.5 × 3.65 ≈ {} PB", &[single * 1.5 / 1e15]);
    // Figures the lesson works out by hand.
    check(
        &text,
        "the exact ceiling is 10,000 × 5 GiB = {} TiB ({} TB)",
        &[10_000.0 * 5.0 / 1024.0, 10_000.0 * 5.0 * 1024f64.powi(3) / 1e12],
    );
    check(&text, "would allow only about {} GB", &[10_000.0 * 5.0 * 1024.0 * 1024.0 / 1e9]);
    check_answer(
        &text,
        "What is the smallest part size that works, in MB (10⁶ bytes)?\n= {} ± {} MB",
        200e9 / 10_000.0 / 1e6,
    );
    check(&text, "10 million objects lose one about every {} years", &[1.0 / (1e7 * 1e-11)]);
    check(&text, "16 in all (about **{}×**)", &[16.0 / 12.0]);
}

// ---- lesson 6.4, replication (the `quorum` widget) ----

#[test]
fn lesson_6_4_replication() {
    use tradeoffs_core::model::quorum::{OPS, Preset as Scenario, QuorumState};
    let text = lesson("replication.md");
    assert!(text.contains("{{#widget quorum}}"), "the lesson no longer places the widget at its default");
    let at = |pairs: &[(&str, &str)]| {
        let (s, problems) = QuorumState::from_query(pairs);
        assert!(problems.is_empty(), "{problems:?}");
        s.run()
    };
    let stale = |pairs: &[(&str, &str)]| at(pairs).stale_reads as f64;
    check(
        &text,
        "With W = 1 and R = 1, {} of the {} reads come back stale",
        &[stale(&[]), at(&[]).reads_answered as f64],
    );
    check(&text, "Try W = 2: the stale reads drop to {}, since", &[stale(&[("w", "2")])]);
    check(&text, "with one replica fewer to miss, {} reads are stale", &[stale(&[("down", "3")])]);
    assert_eq!(at(&[("down", "3")]).failed, 0, "nothing fails with W and R at 1");
    // The predict-then-touch check: R = 2 leaves fewer stale reads, but not none; R = 3 none.
    let (one, two, three) = (stale(&[]), stale(&[("r", "2")]), stale(&[("r", "3")]));
    assert!(0.0 < two && two < one, "R = 2 gives {two}, R = 1 {one}");
    assert_eq!(three, 0.0);
    assert!(text.contains("+ Fewer than with R = 1, but not 0"));
    // Write all, read one, replica 3 down: the failed share, in percent.
    let mut s = Scenario::WriteAll.state();
    s.set("down", "3").unwrap();
    let run = s.run();
    check_answer(
        &text,
        "What percentage of the 40 operations will fail?\n= {} ± {} %",
        run.unavailable_fraction() * 100.0,
    );
    assert_eq!(OPS, 40);
    check(
        &text,
        "so all {} writes fail; reads need 1 and all {} succeed. {} of 40 is {} %",
        &[run.failed as f64, run.reads_answered as f64, run.failed as f64, run.unavailable_fraction() * 100.0],
    );
    // Dynamo's (3, 2, 2): overlap 1, one replica down tolerated each way.
    let f = Scenario::Majority.state().figures();
    assert_eq!((f.overlap, f.write_tolerates, f.read_tolerates), (1, 1, 1));
}

// ---- lesson 6.5, sharding and consistent hashing (the `sharding` widget) ----

#[test]
fn lesson_6_5_sharding() {
    use tradeoffs_core::model::sharding::{Preset, Scheme, ShardingState};
    let text = lesson("sharding-and-consistent-hashing.md");
    for directive in [
        "{{#widget sharding preset=range-hot-spot}}",
        "{{#widget sharding}}",
        "{{#widget sharding preset=one-token}}",
        "{{#widget sharding preset=hot-key}}",
    ] {
        assert!(text.contains(&format!("{directive}\n")), "the lesson no longer places “{directive}”");
    }
    // Key ranges with the newest keys busiest, then the same keys by hash mod N.
    let range = Preset::RangeHotSpot.state().run();
    assert_eq!(range.max_load, 1.0);
    let hashed = ShardingState { scheme: Scheme::Modulo, ..Preset::RangeHotSpot.state() }.run();
    check(&text, "four equal key ranges hold exactly {} keys each", &[f64::from(range.nodes[0].after)]);
    check(&text, "carries {} times its fair share of the requests", &[range.max_requests]);
    check(&text, "the busiest node falls to {} times the mean", &[hashed.max_requests]);
    // Hash mod N from 4 to 5: 4 residues of 20 stay.
    check(&text, "From 4 nodes to 5, {} residues in every {} stay put: {} % of the keys move", &[4.0, 20.0, 80.0]);
    let modulo = ShardingState::default().run();
    check(
        &text,
        "under hash mod N moves {} of {} keys, {} %",
        &[f64::from(modulo.moved), 10_000.0, modulo.moved_fraction * 100.0],
    );
    // The ring: predict, then switch.
    let ring = Preset::Ring.state().run();
    assert_eq!(ShardingState { scheme: Scheme::Ring, ..ShardingState::default() }, Preset::Ring.state());
    check_answer(
        &text,
        "What percentage of the keys will move? Predict, then try it.\n= {} ± {} %",
        ring.moved_fraction * 100.0,
    );
    check(&text, "The widget moves {} % of them", &[ring.moved_fraction * 100.0]);
    assert_eq!(ring.nodes[..4].iter().map(|x| x.moved_in).sum::<u32>(), 0, "every moved key went to node 5");
    // One point per node, then 100.
    let one = Preset::OneToken.state().run();
    check(
        &text,
        "already holds {} times the mean before the change, and {} times after",
        &[one.max_load_before, one.max_load],
    );
    check(&text, "Set the points per node to 100 and the fullest node holds {} times the mean", &[ring.max_load]);
    // Key ranges, 4 → 5 and 4 → 8, from the first widget (the default with the range scheme).
    let split = ShardingState { scheme: Scheme::Range, ..ShardingState::default() }.run();
    check(
        &text,
        "upper half to the new node, so only {} % of the keys move, but the three untouched ranges still hold {} times",
        &[split.moved_fraction * 100.0, split.max_load],
    );
    assert_eq!(ShardingState { scheme: Scheme::Range, to: 8, ..ShardingState::default() }.run().max_load, 1.0);
    // The hot key: 10 nodes, then 20.
    let twenty = Preset::HotKey.state().run();
    let ten = ShardingState { to: 10, ..Preset::HotKey.state() }.run();
    check(&text, "the hottest key alone gets {} % of them", &[twenty.hot_key_share * 100.0]);
    check(
        &text,
        "With 10 nodes the mean is {} % of the requests and the hot key's node carries over {} %: about {} times the mean. With 20 nodes the mean is {} %",
        &[10.0, 40.0, ten.max_requests, 5.0],
    );
    assert!(ten.max_requests / 10.0 > 0.40);
    check(&text, "that node still carries the hot key: {} times", &[twenty.max_requests]);
}

// ---- lesson 6.3, indexing (the `index` widget) ----

#[test]
fn lesson_6_3_indexing() {
    use tradeoffs_core::model::index::{self as ix, IndexState};
    let text = lesson("indexing.md");
    let directive = "{{#widget index preset=postgres}}";
    assert!(text.contains(directive), "the lesson no longer places “{directive}”");
    let pg = IndexState::preset("postgres").unwrap();
    let f = pg.figures();
    let with = |pairs: &[(&str, &str)]| {
        let mut s = pg.clone();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        s.figures()
    };
    // The scan.
    check(
        &text,
        "An 8 KiB page holds 8,192 ÷ 200 = {} whole rows, so the table fills {} pages, about {} GB.",
        &[f.rows_per_page as f64, f.scan_pages as f64, pg.table_bytes() / 1e9],
    );
    // The tree: fan-out, levels, the lookup.
    assert_eq!(f.height(), 3, "“Three levels.”");
    check(&text, "an 8 KiB page holds 8,192 ÷ 16 = {} entries", &[f.fan_out as f64]);
    check(
        &text,
        "The 100 million leaf entries fill {} leaves; one entry per leaf fills {} pages above them",
        &[f.levels[2].pages as f64, f.levels[1].pages as f64],
    );
    check(
        &text,
        "the table page holding the row: {} pages, against {}.",
        &[f.lookup_pages as f64, f.scan_pages as f64],
    );
    // What each height reaches: the most rows with h levels, and one more needs h + 1.
    for (h, most) in [(1, 512u64), (2, 262_144), (3, 134_217_728), (4, 68_719_476_736)] {
        assert_eq!(with(&[("rows", &most.to_string())]).height(), h);
        assert_eq!(with(&[("rows", &(most + 1).to_string())]).height(), h + 1);
    }
    check(
        &text,
        "what the tree can reach by the fan-out: {} rows with one level, {} with two, {} million with three, {} billion with four",
        &[512.0, 262_144.0, 134_217_728.0 / 1e6, 68_719_476_736.0 / 1e9],
    );
    let upper = (f.levels[0].pages + f.levels[1].pages) as f64;
    check(&text, "The root and the second level are only {} pages, about {} MB", &[upper, upper * 8_192.0 / 1e6]);
    // Pages about 69 % full: 512 × 0.69 ≈ 353 entries, "nearer 350"; 350⁴ ≈ 1.5 × 10¹⁰.
    check(&text, "four levels still reach about {} billion rows", &[350f64.powi(4) / 1e9]);
    // The self-check: 10 billion rows.
    let ten = with(&[("rows", "10B")]);
    check_answer(&text, "Then set **Rows** to `10B`.\n= {} ± {} levels", ten.height() as f64);
    check(
        &text,
        "the leaves become {} pages, then {}, then {}, then the root. A lookup reads {} pages while the scan grows to {}.",
        &[
            ten.levels[3].pages as f64,
            ten.levels[2].pages as f64,
            ten.levels[1].pages as f64,
            ten.lookup_pages as f64,
            ten.scan_pages as f64,
        ],
    );
    let innodb = IndexState::preset("innodb").unwrap().figures();
    check(
        &text,
        "(InnoDB's default): {} entries a page, and 100 million rows fit in {} levels again",
        &[innodb.fan_out as f64, innodb.height() as f64],
    );
    // What an index costs: space and writes.
    check(
        &text,
        "one index is {} pages, about {} GB beside the table's {} GB",
        &[f.index_pages as f64, f.index_pages as f64 * 8_192.0 / 1e9, pg.table_bytes() / 1e9],
    );
    let five = with(&[("indexes", "5")]);
    check(
        &text,
        "with one index an insert changes {} pages, with five it changes {}.",
        &[f.write_pages as f64, five.write_pages as f64],
    );
    check_answer(&text, "read the sentence under the figures.\n= {} ± {} pages", five.write_reads as f64);
    check(&text, "three pages each: 5 × 3 = {}.", &[five.write_reads as f64]);
    assert_eq!(ix::MAX_INDEXES, 5);
}

// ---- Lesson 6.7, caching: the figures the lesson quotes from the `cache` widget.

#[test]
fn lesson_6_7_caching() {
    use tradeoffs_core::model::cache::{CacheState, Policy, Preset as CachePreset, Strategy};
    let text = lesson("caching.md");
    assert!(text.contains("{{#widget cache preset=skewed}}"));
    assert!(text.contains("{{#widget cache preset=write-back}}"));
    let pct = |r: Option<f64>| r.unwrap() * 100.0;
    let skewed = CachePreset::Skewed.state();
    let lru = skewed.run();
    assert_eq!((skewed.requests, skewed.items, skewed.capacity, skewed.skew), (100_000, 10_000, 100, 0.8));
    check(
        &text,
        "draws a trace of {} requests over {} items at skew {} and runs it through a cache that holds {} items, {} % of the store. With LRU eviction, the cache answers {} % of the reads. The {} most popular items receive {} % of all requests",
        &[
            f64::from(skewed.requests),
            f64::from(skewed.items),
            skewed.skew,
            f64::from(skewed.capacity),
            f64::from(skewed.capacity) / f64::from(skewed.items) * 100.0,
            pct(lru.hit_ratio()),
            f64::from(skewed.capacity),
            skewed.ideal() * 100.0,
        ],
    );
    let bigger = CacheState { capacity: 1_000, ..skewed.clone() };
    check(&text, "Grow the cache to {} items and LRU reaches {} %", &[1_000.0, pct(bigger.run().hit_ratio())]);
    // The first self-check: the uniform scenario hits about C/N = 1 %.
    let uniform = CachePreset::Uniform.state();
    assert_eq!(uniform, CacheState { skew: 0.0, ..skewed.clone() });
    check_answer(&text, "then look.\n= {} ± {} %", pct(uniform.run().hit_ratio()));
    // Eviction on the skewed trace.
    let with = |policy| pct(CacheState { policy, ..skewed.clone() }.run().hit_ratio());
    check(
        &text,
        "LFU reaches {} %, almost the ideal {} %; FIFO gets {} % and random {} %",
        &[with(Policy::Lfu), skewed.ideal() * 100.0, with(Policy::Fifo), with(Policy::Random)],
    );
    check(&text, "(LRU, {} %), then predict", &[pct(lru.hit_ratio())]);
    check(&text, "close to the {} % the {} most popular", &[skewed.ideal() * 100.0, 100.0]);
    check(&text, "keeps them, reaching {} %", &[with(Policy::Lfu)]);
    // Write-back and what a crash loses; write-through for the self-check.
    let wb_state = CachePreset::WriteBack.state();
    assert_eq!((wb_state.strategy, wb_state.writes, wb_state.policy), (Strategy::WriteBack, 0.3, Policy::Lru));
    let wb = wb_state.run();
    check(
        &text,
        "adds writes: {} % of the requests under write-back. Of {} writes, only {} reach the store",
        &[wb_state.writes * 100.0, f64::from(wb.writes), f64::from(wb.store_writes)],
    );
    check(&text, "readout: {} items whose latest writes", &[f64::from(wb.lost_on_crash)]);
    let wt = CacheState { strategy: Strategy::WriteThrough, ..wb_state.clone() }.run();
    assert_eq!((wt.store_writes, wt.lost_on_crash), (wt.writes, 0));
    assert_eq!(wt.hit_ratio(), wb.hit_ratio(), "write-through and write-back cache the same items");
    check(&text, "Store writes rise to one per write, {}, and nothing is lost", &[f64::from(wt.store_writes)]);
    check(&text, "and the crash still loses {} items", &[f64::from(wb.lost_on_crash)]);
    // Hand arithmetic: 1 + (1 − h) × 10 ms; the stampedes.
    check(
        &text,
        "× 10 ms: {} ms at h = 0, {} ms at h = 0.9, {} ms at h = 0.99",
        &[11.0, 1.0 + 0.1 * 10.0, 1.0 + 0.01 * 10.0],
    );
    check(
        &text,
        "If the key is read {} times a second and rebuilding takes {} ms, about {} requests",
        &[500.0, 200.0, 500.0 * 0.2],
    );
    check_answer(&text, "About how many requests rebuild it at once?\n= {} ± {} requests", 400.0 * 0.5);
}

// ---- Lesson 7.3, event-driven architecture: the `queue` widget times the rebuild of a projection
// that replays a stored event log while new events keep arriving.

#[test]
fn lesson_7_3_projection_rebuild() {
    use tradeoffs_core::model::units::format_duration;
    let text = lesson("event-driven-architecture.md");
    let directive = "{{#widget queue arrival=1000 service=5000 backlog=72000000}}";
    assert!(text.contains(directive));
    let at = |pairs: &[(&str, &str)]| {
        let mut s = QueueState::default();
        for (k, v) in [("arrival", "1000"), ("service", "5000"), ("backlog", "72000000")].iter().chain(pairs) {
            s.set(k, v).unwrap();
        }
        s.figures().drain.time().expect("the projection catches up")
    };
    // Hand arithmetic: 72,000,000 ÷ (5,000 − 1,000) = 18,000 s = 5 h.
    let rebuild = at(&[]);
    check(
        &text,
        "The projection gains only 5,000 − 1,000 = {} events a second on the log, so it is current after 72,000,000 ÷ 4,000 = {} s: {} h.",
        &[4_000.0, rebuild, rebuild / 3600.0],
    );
    assert_eq!(rebuild, 18_000.0);
    assert_eq!(format_duration(rebuild), "5 h");
    // The self-check: twice the speed, 72,000,000 ÷ (10,000 − 1,000) = 8,000 s ≈ 2.2 h.
    let faster = at(&[("service", "10000")]);
    check_answer(&text, "set the widget's service rate to 10000.\n= {} ± {} hours", faster / 3600.0);
    check(
        &text,
        "> The projection gains 10,000 − 1,000 = {} events a second: 72,000,000 ÷ 9,000 = {} s, which the widget shows as 2 h 13 min 20 s.",
        &[9_000.0, faster],
    );
    assert_eq!(format_duration(faster), "2 h 13 min 20 s");
    // The snapshot paragraph: 20,000 events, a snapshot every 1,000, at most 999 replayed.
    check(
        &text,
        "an account with 20,000 events must apply {} of them before it can check a withdrawal. A **snapshot** stores the state every so often, say every 1,000 events; loading then reads the newest snapshot and at most {} events after it.",
        &[20_000.0, 1_000.0 - 1.0],
    );
}

// ---- 7.1 Message brokers: the broker widget's scenarios and self-checks.
#[test]
fn lesson_7_1_message_brokers() {
    use tradeoffs_core::model::broker::{BrokerState, Mode, Preset as BrokerPreset};
    let text = lesson("message-brokers.md");
    let spike = BrokerPreset::Spike.state();
    assert!(text.contains("{{#widget broker preset=spike}}"));
    check(
        &text,
        "For one minute the producer sends {} messages a second. The topic has {} partitions, and {} consumers each process {} messages",
        &[f64::from(spike.produce), f64::from(spike.partitions), f64::from(spike.consumers), f64::from(spike.consume)],
    );
    assert_eq!(spike.seconds, 60);
    let r = spike.run();
    check(
        &text,
        "The two consumers together take {} a second, so the backlog grows by {} − {} = {} every second and holds {} messages when production stops. Then nothing arrives, and {} a second clear it in {} s.",
        &[600.0, 1_000.0, 600.0, 400.0, r.max_depth as f64, spike.drain_rate() as f64, r.drain.unwrap() as f64],
    );
    let three = BrokerPreset::ThreeConsumers.state().run();
    check(
        &text,
        "the backlog halves to {} messages, all of it behind consumer 1, which still needs {} s",
        &[three.max_depth as f64, three.drain.unwrap() as f64],
    );
    let four = BrokerState { consumers: 4, ..spike.clone() }.run();
    assert_eq!((four.max_depth, four.idle), (0, 0));
    check(&text, " and each owns one partition, receives {} a second and takes {}: no backlog", &[250.0, 300.0]);
    assert!(text.contains("Set consumers to 4 and each owns one partition"));
    let pubsub = BrokerPreset::Pubsub.state();
    assert_eq!(pubsub, BrokerState { mode: Mode::Pubsub, groups: 3, ..spike.clone() });
    let p = pubsub.run();
    check(
        &text,
        "`pubsub` with {} groups: each group has the same {} consumers and holds the same {}-message backlog",
        &[3.0, 2.0, p.max_depth as f64],
    );
    assert_eq!(p.deliveries(), 3 * p.produced);
    // The bound: dropping and blocking.
    let drop = BrokerPreset::Drop.state().run();
    check(&text, "The backlog reaches {} after {} s", &[drop.max_depth as f64, 15.0]);
    assert_eq!((drop.depth[14], drop.depth[13]), (6_000, 5_600));
    check(
        &text,
        "only as many messages fit as the consumers take, {} a second, and the other {} each second are refused: {} lost",
        &[600.0, 400.0, drop.dropped as f64],
    );
    let block = BrokerPreset::Backpressure.state().run();
    check(
        &text,
        "here that is {} s, not {}: the last {} messages went in at {} a second",
        &[block.end as f64, 60.0, 45_000.0, 600.0],
    );
    assert_eq!(60_000 - 15_000, 45_000);
    // The self-checks.
    let eight = BrokerState { consumers: 8, ..spike.clone() }.run();
    check_answer(&text, "then set the widget.\n= {} ± {} consumers", f64::from(eight.idle));
    check_answer(
        &text,
        "How many seconds after production stops is the backlog empty?\n= {} ± {} s",
        three.drain.unwrap() as f64,
    );
    let faster = BrokerState { consume: 400, ..BrokerPreset::Backpressure.state() }.run();
    check_answer(&text, "In which second does production end now?\n= {} ± {} s", faster.end as f64);
    check(&text, "is full after {} s, when {} messages have gone in", &[30.0, 30_000.0]);
    assert_eq!(faster.depth[29], 6_000);
    assert!(faster.depth[28] < 6_000);
}

#[test]
fn lesson_7_2_delivery_guarantees() {
    use tradeoffs_core::model::delivery::{self, DeliveryState, MAX_DELIVERIES, Preset, Semantics};
    let text = lesson("delivery-guarantees.md");
    let end = |s: &DeliveryState| {
        let log = delivery::run(s);
        delivery::tally(s.messages, &log, log.len())
    };
    // The first widget opens at the default: at-least-once, 10 messages, crash at 4, no loss.
    assert!(text.contains("{{#widget delivery}}"));
    let first = DeliveryState::default();
    assert_eq!(
        (first.semantics, first.messages, first.crash_at, first.ack_loss),
        (Semantics::AtLeastOnce, 10, Some(4), 0.0)
    );
    let alo = end(&first);
    assert_eq!((alo.processed, alo.duplicates), (10, 1));
    check(&text, "Under at-least-once the same crash gave {} processed and one effect", &[alo.processed as f64]);
    // The predict-then-touch check: at-most-once, the rest unchanged.
    let amo = end(&DeliveryState { semantics: Semantics::AtMostOnce, ..first.clone() });
    assert_eq!((amo.lost, amo.duplicates), (1, 0));
    check_answer(&text, "processed at the end?\n= {} ± {}", amo.processed as f64);
    // Exactly-once with the same crash: delivered again 1, applied again 0.
    let eo = end(&DeliveryState { semantics: Semantics::ExactlyOnce, ..first.clone() });
    assert_eq!((eo.redelivered, eo.duplicates, eo.lost), (1, 0, 0));
    check(&text, "message 4 is *delivered again* (that counter stays at {})", &[eo.redelivered as f64]);
    // The lost acknowledgements: the preset, its figures, and the switch to exactly-once.
    assert!(text.contains("{{#widget delivery preset=lost-acks}}"));
    let lossy = Preset::LostAcks.state();
    let l = end(&lossy);
    check(&text, "The widget below loses {} % of acknowledgements", &[lossy.ack_loss * 100.0]);
    check(&text, "ten messages, {} effects applied again", &[l.duplicates as f64]);
    let l_eo = end(&DeliveryState { semantics: Semantics::ExactlyOnce, ..lossy.clone() });
    assert_eq!((l_eo.redelivered, l_eo.duplicates), (l.redelivered, 0));
    check(&text, "+ Delivered again stays at {}; effects applied again drops to {}", &[l_eo.redelivered as f64, 0.0]);
    assert_eq!(Preset::LostAcksIdempotent.state(), DeliveryState { semantics: Semantics::ExactlyOnce, ..lossy });
    assert_eq!(MAX_DELIVERIES, 5);
    assert!(text.contains("delivered at most five times"));
}

#[test]
fn lesson_7_4_stream_windows() {
    use tradeoffs_core::model::windows::{Fate, Preset as W, Window, WindowsState};
    let text = lesson("stream-processing-windows.md");
    let bounds =
        |s: &WindowsState| s.figures().windows.iter().map(|w| (w.start / 1_000, w.end / 1_000)).collect::<Vec<_>>();
    let counts = |s: &WindowsState| s.figures().windows.iter().map(|w| w.count() as f64).collect::<Vec<_>>();
    let with = |preset: W, pairs: &[(&str, &str)]| {
        let mut s = preset.state();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        s
    };
    // The four kinds on 1, 2, 3, 7, 8, 15: the windows the prose names, then their counts.
    let tumbling = W::Tumbling.state();
    assert_eq!(tumbling.get("events"), "1,2,3,7,8,15");
    assert_eq!(bounds(&tumbling), [(0, 5), (5, 10), (15, 20)]);
    check(
        &text,
        "with 5 s windows, `[0, 5)` holds {} events, `[5, 10)` holds {} and `[15, 20)` holds {}",
        &counts(&tumbling),
    );
    let hopping = W::Hopping.state();
    assert_eq!((hopping.size, hopping.hop), (10_000, 5_000));
    assert_eq!(bounds(&hopping), [(0, 10), (5, 15), (10, 20), (15, 25)]);
    check(
        &text,
        "the six events give `[0, 10)` with {}, `[5, 15)` with {}, `[10, 20)` with {} and `[15, 25)` with {}",
        &counts(&hopping),
    );
    let sliding = W::Sliding.state();
    assert_eq!(bounds(&sliding), [(1, 6), (2, 7), (3, 8), (7, 12), (8, 13), (15, 20)]);
    check(
        &text,
        "With 5 s windows the six events give `[1, 6)` with {}, `[2, 7)` with {}, `[3, 8)` with {}, `[7, 12)` with {}, `[8, 13)` with {} and `[15, 20)` with {}",
        &counts(&sliding),
    );
    let session = W::Session.state();
    assert_eq!(session.gap, 3_000);
    assert_eq!(session.figures().windows.iter().map(Window::value).collect::<Vec<_>>(), ["1-6:3", "7-11:2", "15-18:1"]);
    check(&text, "With a gap of {} s, 1, 2 and 3 form `[1, 6)`", &[3.0]);
    // The boundary burst: 4, 5, 6 split 1 and 2.
    assert_eq!(counts(&with(W::Tumbling, &[("events", "4,5,6")])), [1.0, 2.0]);
    check(&text, "at 4, 5 and 6 s is split {} and {}", &[1.0, 2.0]);
    // The late stream, lateness 0 then 5.
    let late = W::Late.state();
    assert_eq!(late.get("events"), "1,2,9,4,12,3");
    let f = late.figures();
    assert_eq!(f.arrivals[3].watermark, Some(9_000));
    assert_eq!(f.arrivals[5].watermark, Some(12_000));
    assert_eq!(bounds(&late), [(0, 5), (5, 10), (10, 15)]);
    check(
        &text,
        "The windows read `[0, 5)` with {} events, `[5, 10)` with {} and `[10, 15)` with {}, and {} events are lost",
        &[counts(&late)[0], counts(&late)[1], counts(&late)[2], f.dropped() as f64],
    );
    let allowed = W::Lateness.state();
    assert_eq!(allowed.lateness, 5_000);
    let g = allowed.figures();
    assert_eq!(g.arrivals.iter().map(|a| a.fate).collect::<Vec<_>>()[3..], [Fate::Late, Fate::OnTime, Fate::Dropped]);
    check(&text, "4 arrives at 9 and counts, and `[0, 5)` rises to {} events", &[g.windows[0].count() as f64]);
    assert!(text.contains("{{#widget windows preset=tumbling}}") && text.contains("{{#widget windows preset=late}}"));
    // Self-check 1: sessions of 2, 4, 6, 11, 12, 19 with a gap of 3.
    let s = with(W::Session, &[("events", "2,4,6,11,12,19"), ("gap", "3")]);
    assert_eq!(s.figures().windows.iter().map(Window::value).collect::<Vec<_>>(), ["2-9:3", "11-15:2", "19-22:1"]);
    check_answer(
        &text,
        "How many sessions does the widget list? Write your guess, then type the events into the widget above, choose Session and set the gap to 3.\n= {} ± {} sessions",
        s.figures().windows.len() as f64,
    );
    // Self-check 2: lateness 7 still drops 3, 8 drops nothing.
    assert_eq!(with(W::Late, &[("lateness", "7")]).figures().dropped(), 1);
    let eight = with(W::Late, &[("lateness", "8")]);
    assert_eq!(eight.figures().dropped(), 0);
    assert_eq!(eight.figures().windows[0].count(), 4);
    check_answer(&text, "until its dropped list is empty.\n= {} ± {} s", 8.0);
    assert!(text.contains("Four events then count in [0, 5)."));
}

// ---- 7.5 big data (the mapreduce widget) ----
#[test]
fn lesson_7_5_big_data() {
    use tradeoffs_core::model::mapreduce::{MapReduceState, Preset as Mr};
    let text = lesson("big-data.md");
    let hamlet = Mr::Hamlet.state().run();
    check(
        &text,
        "Start with Hamlet: {} words make {} pairs, there are {} distinct words, and `be` and `to` tie at {}",
        &[hamlet.words.len() as f64, hamlet.pairs() as f64, hamlet.keys() as f64, 2.0],
    );
    assert!(text.contains(&format!("is `{}`", hamlet.top_text())), "Hamlet's top word");
    let dickens_state = Mr::Dickens.state();
    let dickens = dickens_state.run();
    check(
        &text,
        "In the Dickens scenario, {} pairs would cross the network without a combiner and {} with one",
        &[dickens.pairs() as f64, dickens.combined_pairs() as f64],
    );
    // The failure scenario: mapper 2 loses its pairs, the re-run emits its split again.
    let failed = Mr::Failure.state().run();
    assert_eq!(Mr::Failure.state().fail, Some(2));
    assert_eq!((failed.maps[1].lost, failed.maps[1].split.len()), (Some(1), 3));
    assert!(text.contains("mapper 2 dies after emitting one pair"));
    assert!(text.contains("the re-run emits the same three pairs"));
    assert_eq!(failed.output(), hamlet.output());
    // The first self-check: pairs, distinct words and the top word of Dickens.
    assert!(text.contains(&format!(
        "+ {} pairs, {} distinct words, {}",
        dickens.pairs(),
        dickens.keys(),
        dickens.top_text()
    )));
    // The second: one mapper, its combiner sends one pair per distinct word; four send 24.
    let one = MapReduceState { mappers: 1, ..dickens_state.clone() }.run();
    check_answer(
        &text,
        "how many pairs would cross the network in the shuffle?\n= {} ± {} pairs",
        one.combined_pairs() as f64,
    );
    let four = MapReduceState { mappers: 4, ..dickens_state.clone() }.run();
    check(
        &text,
        "one pair per distinct word: {}, against {} without. With {} mappers each split is six",
        &[one.combined_pairs() as f64, one.pairs() as f64, 4.0],
    );
    check(&text, "the combiner saves nothing, and {} pairs cross", &[four.combined_pairs() as f64]);
    // The column store: 10⁹ rows × 8 B = 8 GB; × 50 columns = 400 GB.
    check_answer(&text, "before compression (a row store reads 400)?\n= {} ± {} GB", 1e9 * 8.0 / 1e9);
    check(&text, "one fiftieth of the {} GB a row store", &[1e9 * 8.0 * 50.0 / 1e9]);
}
