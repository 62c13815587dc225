//! The same walk through time asked of each backend, as the window asks it: open to first
//! picture, then zoom steps from all time down to one day, pans at a day, and back out. For
//! each step, the query's latency and the window's frames while it runs (a timeline frame of
//! the last answer every 1/60 s, drawn on this thread as the query runs on another), then the frame of
//! the new answer (taking it in and drawing it: the answer's events are made into a dataset on
//! the query's thread, as in the window). Peak memory is the process's.
//!
//! `cargo bench --bench query -- memory|parquet|clickhouse [EVENTS] [--warm-memory]`: one
//! backend per run, so each peak is its own. Data is generated at run time into
//! `target/bench-data` (kept for the next run, never committed): 1M events in memory, 100M in
//! Parquet, 20M in ClickHouse on two local shards (`tests/it/clickhouse_servers.rs` starts
//! them).

#[path = "../tests/it/clickhouse_servers.rs"]
mod clickhouse_servers;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use timelanes::app::{Document, LoadRequest, TimelineView, timeline_ui};
use timelanes::layout::Style;
use timelanes::query::memory::MemoryBackend;
use timelanes::query::{Backend, Predicates, Ticket, ViewQuery, window_view};
use timelanes::synth::SynthOptions;
use timelanes::time::{TimeWindow, Timestamp, Zone};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The window's size, as in the frame benchmark.
const WIDTH: f32 = 1600.0;
const HEIGHT: f32 = 1000.0;
const ACTORS: usize = 200;
/// A frame every 1/60 s while a query runs.
const FRAME_INTERVAL: Duration = Duration::from_micros(16_667);

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let which = args.first().map_or("memory", String::as_str);
    let events = args
        .get(1)
        .and_then(|n| n.replace('_', "").parse::<usize>().ok());
    if std::env::args().any(|a| a == "--warm-memory") {
        warm_memory();
    }
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&data).expect("target/bench-data");
    match which {
        "memory" => memory(events.unwrap_or(1_000_000)),
        "parquet" => parquet(&data, events.unwrap_or(100_000_000)),
        "clickhouse" => clickhouse(&data, events.unwrap_or(20_000_000)),
        other => {
            eprintln!("which backend? memory, parquet or clickhouse, not {other:?}");
            std::process::exit(2);
        }
    }
}

/// Touches 3 GiB once and gives it back, before anything is measured. On the virtual machines
/// we measure on, memory the process is given for the first time costs far more to touch than
/// memory given again (the host backs the guest's pages as they are first used, and takes
/// back what is freed), and a walk's first use of its ~0.9 GB was most of its slowest steps.
/// Run with and without to tell that cost from ours; a desktop pays little of it.
fn warm_memory() {
    let started = Instant::now();
    let touched = vec![1u8; 3 << 30];
    std::hint::black_box(&touched);
    drop(touched);
    eprintln!("touched 3 GiB first in {:.0?}", started.elapsed());
}

fn options(events: usize) -> SynthOptions {
    SynthOptions {
        events,
        actors: ACTORS,
        seed: 1,
    }
}

/// A Parquet file of `events` synthetic events, made once.
fn parquet_file(data: &Path, events: usize) -> PathBuf {
    let path = data.join(format!("synthetic-{events}-{ACTORS}.parquet"));
    if !path.exists() {
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_timelanes"))
            .args(["generate", "--events", &events.to_string()])
            .args(["--actors", &ACTORS.to_string(), "-o"])
            .arg(&path)
            .status()
            .expect("timelanes generate runs");
        assert!(status.success());
        eprintln!(
            "generated {} ({:.1} GB) in {:.0?}",
            path.display(),
            std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e9,
            started.elapsed()
        );
    }
    path
}

fn memory(events: usize) {
    let bytes = timelanes::synth::generate(events, ACTORS, 1);
    let loaded = timelanes::io::load_bytes("synthetic.json", &bytes).expect("loads");
    drop(bytes);
    let now = Timestamp::now();
    let backend = MemoryBackend::new(Arc::new(loaded.dataset), now);
    let started = Instant::now();
    let document = document_of(Arc::new(backend), now);
    walk("memory", events, document, started);
}

fn parquet(data: &Path, events: usize) {
    let path = parquet_file(data, events);
    let started = Instant::now();
    let document = timelanes::app::load(&LoadRequest::Path(path)).expect("opens");
    walk("parquet", events, document, started);
}

fn clickhouse(data: &Path, events: usize) {
    let _ = data;
    let Some(cluster) = clickhouse_servers::cluster() else {
        eprintln!("no clickhouse-server: run scripts/install-test-deps");
        std::process::exit(2);
    };
    let database = "bench";
    let first = &cluster.shards[0];
    for shard in &cluster.shards {
        shard.sql(&format!("CREATE DATABASE IF NOT EXISTS {database}"));
        shard.sql(&timelanes::query::clickhouse::load::create_events_sql(
            database,
            "events_local",
        ));
        shard.sql(&timelanes::query::clickhouse::load::create_pyramid_sql(
            database,
            "events_local",
        ));
    }
    first.sql(&format!(
        "CREATE TABLE {database}.events AS {database}.events_local \
         ENGINE = Distributed(timelanes, {database}, events_local, rand())"
    ));
    first.sql(&format!(
        "CREATE TABLE {database}.events_pyramid AS {database}.events_local_pyramid \
         ENGINE = Distributed(timelanes, {database}, events_local_pyramid, rand())"
    ));
    first.sql(&timelanes::query::clickhouse::load::create_lanes_sql(
        database, "events",
    ));
    let address = first.url(database, "events");
    let url = timelanes::query::clickhouse::TableUrl::parse(&address).expect("valid");
    let client = timelanes::query::clickhouse::http::Client::new(url.server.clone());
    let loading = Instant::now();
    timelanes::query::clickhouse::load::load_lanes(&client, &url, &timelanes::synth::lanes(ACTORS))
        .expect("lanes");
    let mut inserter = timelanes::query::clickhouse::load::Inserter::with_pyramid(&client, &url);
    timelanes::synth::events_in_time_order(options(events), &mut |record| {
        inserter.push(record).map_err(std::io::Error::other)
    })
    .expect("inserted");
    inserter.finish().expect("inserted");
    eprintln!(
        "loaded {events} events over two shards in {:.0?}",
        loading.elapsed()
    );
    settle(&cluster.shards);
    let started = Instant::now();
    let document =
        timelanes::app::load(&LoadRequest::Path(PathBuf::from(&address))).expect("opens");
    walk("clickhouse (2 shards)", events, document, started);
}

/// Waits until no shard is merging the parts just loaded (at most five minutes): a
/// warehouse's table is opened long after it was loaded, and merges take the cores the walk
/// is measured on.
fn settle(shards: &[clickhouse_servers::Shard]) {
    let waiting = Instant::now();
    let merging = || {
        shards
            .iter()
            .map(|shard| {
                shard
                    .sql("SELECT count() FROM system.merges")
                    .trim()
                    .parse::<u64>()
                    .unwrap_or(0)
            })
            .sum::<u64>()
    };
    while merging() > 0 && waiting.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!(
        "the shards merged what was loaded in {:.1?} more",
        waiting.elapsed()
    );
}

/// A database document over `backend`, opened the way the loader opens one.
fn document_of(backend: Arc<dyn Backend>, now: Timestamp) -> Document {
    let view = timelanes::app::DatabaseView::open(backend).expect("outline");
    Document::for_database(view, now)
}

/// The query the window asks for `window` (all lanes, its columns and limit).
fn query_for(document: &Document, window: TimeWindow) -> ViewQuery {
    let database = document.database.as_ref().expect("a backend's document");
    ViewQuery {
        window,
        columns: (WIDTH / 2.0).ceil() as usize,
        lanes: database
            .outline
            .lanes
            .iter()
            .map(|l| l.id.clone())
            .collect(),
        per_lane_limit: (WIDTH / 8.0) as usize,
        predicates: Predicates::default(),
    }
}

/// The steps: all time, halving toward a busy middle until a day, eight pans of a quarter
/// day, then back out eight times wider at a time.
fn steps(all: TimeWindow) -> Vec<(&'static str, TimeWindow)> {
    let mut steps = vec![("open", all)];
    let centre = all.start + all.span() * 0.61;
    let mut span = all.span();
    while span > 86_400.0 {
        span = (span / 2.0).max(86_400.0);
        steps.push((
            "zoom in",
            TimeWindow::new(centre - span / 2.0, centre + span / 2.0),
        ));
    }
    let mut from = centre - span / 2.0;
    for _ in 0..8 {
        from += span / 4.0;
        steps.push(("pan", TimeWindow::new(from, from + span)));
    }
    let mid = from + span / 2.0;
    while span < all.span() {
        span = (span * 8.0).min(all.span());
        steps.push((
            "zoom out",
            TimeWindow::new(mid - span / 2.0, mid + span / 2.0),
        ));
    }
    steps
}

struct Frames {
    ctx: egui::Context,
    style: Style,
}

impl Frames {
    fn new() -> Self {
        let ctx = egui::Context::default();
        timelanes::render::fonts::install(&ctx);
        Self {
            ctx,
            style: Style::light(),
        }
    }

    /// One full frame of the timeline (layout, painting, tessellation); its duration.
    fn frame(&self, document: &Document, view: &mut TimelineView) -> Duration {
        let started = Instant::now();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(WIDTH, HEIGHT),
            )),
            ..Default::default()
        };
        let mut output = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                std::hint::black_box(timeline_ui(ui, document, view, &self.style, Zone::Utc));
            });
        });
        // Nothing draws the font atlas here: its changes are dropped on purpose (a debug
        // build checks that they are not dropped by mistake).
        output.textures_delta.clear();
        std::hint::black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
        started.elapsed()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Peak resident memory of this process so far.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or_else(
            || "?".to_owned(),
            |kb| format!("{:.2} GB", kb * 1024.0 / 1e9),
        )
}

/// Rows of a table page, as the window asks.
const PAGE_ROWS: usize = 200;

/// The table's pages over all time and over the busy day the walk ends at: the first page,
/// and the two after it (each read from the one before's last row).
fn table_pages(
    name: &str,
    backend: &dyn Backend,
    document: &Document,
    all: TimeWindow,
    now: Timestamp,
) {
    let day = steps(all)
        .into_iter()
        .rev()
        .find(|(what, _)| *what == "pan")
        .map(|(_, w)| w);
    for (what, window) in std::iter::once(("all time", all)).chain(day.map(|d| ("a day", d))) {
        let query = query_for(document, window);
        let mut after = None;
        let mut times = Vec::new();
        for _ in 0..3 {
            let asked = Instant::now();
            let page = backend
                .page(
                    &query,
                    after.as_ref(),
                    None,
                    PAGE_ROWS,
                    now,
                    &Ticket::fresh(),
                )
                .expect("a page");
            times.push(ms(asked.elapsed()));
            after = page.next;
            if after.is_none() {
                break;
            }
        }
        println!(
            "{name}: table pages of {what} ({PAGE_ROWS} rows): {}",
            times.join(", ")
        );
    }
}

/// Walks the steps on an open document: each query on a thread of its own while this thread
/// draws frames of the last answer, as the window does.
fn walk(name: &str, events: usize, mut document: Document, opened: Instant) {
    let now = document.now();
    let frames = Frames::new();
    let backend = document
        .database
        .as_ref()
        .expect("a backend's document")
        .backend
        .clone();
    let outline = document.database.as_ref().expect("backend").outline.clone();
    let all = TimeWindow::fit_all(outline.extent, now);
    let mut view = TimelineView::fitted(&document);
    let mut latencies = Vec::new();
    let mut waiting_frames = Vec::new();
    let mut answer_frames = Vec::new();
    let mut first_picture = None;
    println!("{name}: {events} events, {} lanes", outline.lanes.len());
    println!(
        "| step | span | query | frames while asked (n, max) | frame of the answer | counted lanes |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (what, window) in steps(all) {
        view.window = window;
        let query = query_for(&document, window);
        let asked = Instant::now();
        let (answer, during) = std::thread::scope(|scope| {
            let backend = backend.clone();
            let query = query.clone();
            // The answer is drawn (its events made into a dataset) on the query's thread,
            // as the window's background job does.
            let outline = &outline;
            let running = scope.spawn(move || {
                let answer = backend.answer(&query, now, &Ticket::fresh())?;
                let drawn = window_view(outline, &answer, now, Zone::Utc);
                Ok::<_, timelanes::query::QueryError>(drawn)
            });
            // Frames at 60 a second, as a window redraws at most while it waits: drawn back
            // to back they would take a core from the query on a two-core machine.
            let mut during = Vec::new();
            let mut next_frame = Instant::now();
            while !running.is_finished() {
                if Instant::now() >= next_frame {
                    let faults_before = thread_page_faults();
                    let took = frames.frame(&document, &mut view);
                    during.push((took, thread_page_faults() - faults_before));
                    next_frame += FRAME_INTERVAL;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            (running.join().expect("query thread"), during)
        });
        let latency = asked.elapsed();
        let drawn = answer.expect("answered");
        let taken = Instant::now();
        let counted = drawn.columns.counted_lanes();
        document.take_answer(drawn);
        let frame = taken.elapsed() + frames.frame(&document, &mut view);
        if first_picture.is_none() {
            first_picture = Some(opened.elapsed());
        } else {
            latencies.push(latency);
        }
        let max_during = during.iter().map(|f| f.0).max().unwrap_or_default();
        println!(
            "| {what} | {} | {} | {}, {} | {} | {counted} |",
            timelanes::time::describe_window(window),
            ms(latency),
            during.len(),
            ms(max_during),
            ms(frame),
        );
        waiting_frames.extend(during);
        answer_frames.push(frame);
    }
    latencies.sort();
    let faulting = |slow: bool| {
        let frames: Vec<_> = waiting_frames
            .iter()
            .filter(|(took, _)| (*took > SLOW_FRAME) == slow)
            .collect();
        let faulted = frames.iter().filter(|(_, faults)| *faults > 0).count();
        let faults: u64 = frames.iter().map(|(_, faults)| faults).sum();
        format!("{faulted} of {} ({faults} faults)", frames.len())
    };
    let page_faults = format!(
        "frames while asked that page-faulted: over 8 ms {}, within {}",
        faulting(true),
        faulting(false)
    );
    let mut waiting_frames: Vec<Duration> = waiting_frames.into_iter().map(|f| f.0).collect();
    waiting_frames.sort();
    answer_frames.sort();
    table_pages(name, backend.as_ref(), &document, all, now);
    println!();
    println!(
        "{name}: first picture {}; steps p50 {} p95 {} (n={}); frames while asked p50 {} p95 {} max {} (n={}); frame of an answer p50 {} p95 {}; peak memory {}",
        ms(first_picture.unwrap_or_default()),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.95)),
        latencies.len(),
        ms(percentile(&waiting_frames, 0.5)),
        ms(percentile(&waiting_frames, 0.95)),
        ms(waiting_frames.last().copied().unwrap_or_default()),
        waiting_frames.len(),
        ms(percentile(&answer_frames, 0.5)),
        ms(percentile(&answer_frames, 0.95)),
        peak_memory()
    );
    println!("{name}: {page_faults}");
}

/// A frame slower than the target.
const SLOW_FRAME: Duration = Duration::from_millis(8);

/// Page faults this thread has taken so far (`minflt` of `/proc/thread-self/stat`; 0 where
/// there is none). On the virtual machines we measure on, a fault while another thread
/// brings in new memory can cost milliseconds: counting them tells that cost from ours.
fn thread_page_faults() -> u64 {
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|stat| {
            // The fields after the command's name, which ends at the last ')': minflt is the
            // eighth of them (field 10 of proc(5)).
            let after_name = &stat[stat.rfind(')')? + 1..];
            after_name.split_whitespace().nth(7)?.parse().ok()
        })
        .unwrap_or(0)
}
