//! A mutation fuzzer that runs in `cargo test` for a bounded time: real files (the corpus, the
//! bundled dataset, the test files) are mutated byte by byte and token by token, loaded, and,
//! when they load, indexed and laid out. Nothing may panic or hang.
//!
//! `FUZZ_SECONDS=600 cargo test --release --test it fuzz:: -- --nocapture` runs it for ten
//! minutes and prints how many inputs it tried. Any crash it finds becomes a case in
//! `tests/corpus` or in the tests below.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use timelanes::index::TimelineIndex;
use timelanes::layout::{FixedWidthMeasure, LaneSpec, Rect, Style, TimelineInput, layout_timeline};
use timelanes::synth::Rng;
use timelanes::time::{Date, TimeWindow, Timestamp};

/// How long the fuzzers run in an ordinary test run.
const DEFAULT_SECONDS: f64 = 4.0;
/// The longest any single input may take.
const MAX_PER_INPUT: Duration = Duration::from_secs(5);

fn budget() -> Duration {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(DEFAULT_SECONDS);
    Duration::from_secs_f64(seconds)
}

fn seeds() -> Vec<Vec<u8>> {
    let mut seeds = vec![timelanes::io::bundled::JSON.as_bytes().to_vec()];
    for dir in ["tests/corpus", "tests/files"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("seed folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        seeds.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    seeds
}

/// Pieces that make interesting JSON and dates when spliced in.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "-",
    "0",
    "1e999",
    "-0",
    "99999999999999999999",
    "\"2021-02-30\"",
    "\"-0043-03-15\"",
    "\"+99999999999\"",
    "\"-99999999999\"",
    "\"present\"",
    "\"2021-11-15T23:59:59+18:00\"",
    "\"0000\"",
    "\"9999-12-31T23:59:59-18:00\"",
    "~",
    "?",
    "%",
    "\"actors\"",
    "\"events\"",
    "\"start\"",
    "\"end\"",
    "\"title\"",
    "\"id\"",
    "\"version\"",
    "é",
    "\u{1F600}",
    "\n",
    "\"sources\": [{\"date\": \"2021\"}]",
    "\"color\": \"#zzzzzz\"",
];

fn mutate(input: &[u8], seeds: &[Vec<u8>], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = out.len().max(1) as u64;
        let at = rng.below(len) as usize;
        match rng.below(7) {
            0 => {
                if let Some(b) = out.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len() as u64) as usize].as_bytes();
                let at = at.min(out.len());
                out.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(64) as usize).min(out.len());
                if at < end {
                    out.drain(at..end);
                }
            }
            3 => {
                let end = (at + 1 + rng.below(256) as usize).min(out.len());
                if at < end {
                    let copy = out[at..end].to_vec();
                    out.splice(end..end, copy);
                }
            }
            4 => {
                let other = &seeds[rng.below(seeds.len() as u64) as usize];
                if !other.is_empty() {
                    let from = rng.below(other.len() as u64) as usize;
                    let to = (from + rng.below(512) as usize).min(other.len());
                    let at = at.min(out.len());
                    out.splice(at..at, other[from..to].iter().copied());
                }
            }
            5 => out.truncate(at),
            _ => {
                // Replace a digit run: dates and numbers at their edges.
                if let Some(b) = out.get_mut(at)
                    && b.is_ascii_digit()
                {
                    *b = b"0123456789"[rng.below(10) as usize];
                }
            }
        }
    }
    out
}

/// Loads, and if that works, indexes and lays out at a few views: what the window would do.
fn exercise(bytes: &[u8]) {
    let Ok(loaded) = timelanes::io::load_bytes("fuzz.json", bytes) else {
        return;
    };
    for problem in &loaded.problems {
        let _ = problem.display_in("fuzz.json");
    }
    let dataset = loaded.dataset;
    let now = Timestamp(1_764_000_000);
    let index = TimelineIndex::build(&dataset, now);
    let lanes = LaneSpec::all(&dataset);
    let link_kinds = timelanes::view::link_kinds(&dataset);
    let style = Style::light();
    let fit = TimeWindow::fit_all(index.extent(), now);
    let views = [
        fit,
        fit.zoomed(1e6, fit.center(), TimeWindow::max_span_for(index.extent())),
        TimeWindow::new(fit.start, fit.start + 60.0),
    ];
    for window in views {
        let input = TimelineInput {
            zone: timelanes::time::Zone::Utc,
            dataset: &dataset,
            index: &index,
            columns: None,
            lanes: &lanes,
            marked: None,
            links: &dataset.links,
            link_index: None,
            link_kinds: &link_kinds,
            window,
            rect: Rect::from_x_y_ranges((0.0, 900.0), (0.0, 600.0)),
            scroll_y: 0.0,
            style: &style,
            selected: None,
            hovered: None,
            also_selected: None,
            now,
        };
        let _ = layout_timeline(&input, &FixedWidthMeasure);
    }
}

#[test]
fn mutated_files_never_panic_or_hang() {
    let seeds = seeds();
    let deadline = Instant::now() + budget();
    let mut rng = Rng::new(0x7131_e1a4);
    let mut executions = 0u64;
    while Instant::now() < deadline {
        let seed = &seeds[rng.below(seeds.len() as u64) as usize];
        let input = mutate(seed, &seeds, &mut rng);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&input)));
        if outcome.is_err() || started.elapsed() > MAX_PER_INPUT {
            let path = std::env::temp_dir().join(format!("timelanes-fuzz-{executions}.json"));
            let _ = std::fs::write(&path, &input);
            panic!(
                "input {executions} {} (kept in {})",
                if outcome.is_err() {
                    "panicked"
                } else {
                    "took too long"
                },
                path.display()
            );
        }
        executions += 1;
    }
    println!("fuzz: {executions} mutated files loaded without a panic or a hang");
    assert!(executions > 50, "too few executions: {executions}");
}

#[test]
fn random_dates_never_panic() {
    let deadline = Instant::now() + budget() / 4;
    let mut rng = Rng::new(42);
    let alphabet: Vec<char> = "0123456789-+:T tZz~?%.,/abc é".chars().collect();
    let mut executions = 0u64;
    while Instant::now() < deadline {
        let length = rng.below(32) as usize;
        let text: String = (0..length)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect();
        if let Ok(date) = Date::parse(&text) {
            assert!(date.earliest() < date.latest(), "{text:?}");
            assert_eq!(Date::parse(&date.to_string()), Ok(date), "{text:?}");
            let _ = date.human();
        }
        executions += 1;
    }
    println!("fuzz: {executions} random dates parsed without a panic");
}

/// The extremes the fuzzer aims at, as a plain case.
#[test]
fn extreme_dates_lay_out() {
    // Extreme years must lay out: the axis at ±100 billion years, ranges across all of time.
    exercise(
        br#"{"actors": [{"id": "a", "name": "A"}], "events": [
            {"title": "Big bang", "start": "-99999999999", "actors": ["a"]},
            {"title": "Far future", "start": "+99999999999-12-31T23:59:59-18:00", "actors": ["a"]},
            {"title": "All of time", "start": "-99999999999", "end": "+99999999999", "actors": ["a"]}
        ]}"#,
    );
}
