//! What the UI test files share: the app with the bundled dataset, windows of time, and
//! waiting for a background load.
// Each test file uses its own part of this.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use timelanes::app::{AppOptions, LoadRequest, TimelanesApp, load};
use timelanes::time::{Date, TimeWindow};

/// The window size of the UI tests.
pub const SIZE: [f32; 2] = [1400.0, 900.0];

/// From the start of `from` to the end of `to`, at any precision.
pub fn window(from: &str, to: &str) -> TimeWindow {
    let from = Date::parse(from).expect("valid");
    let to = Date::parse(to).expect("valid");
    TimeWindow::new(from.earliest().as_f64(), to.latest().as_f64())
}

/// The app with the bundled dataset open in a window of `size`, `step_dt` seconds between
/// frames (each queued event takes a frame).
pub fn bundled_harness(size: [f32; 2], step_dt: f32) -> Harness<'static, TimelanesApp> {
    let document = load(&LoadRequest::Bundled).expect("bundled dataset loads");
    let mut harness = Harness::builder()
        .with_size(size)
        .with_step_dt(step_dt)
        .build_eframe(|cc| TimelanesApp::with_document(&cc.egui_ctx, document));
    harness.run();
    harness
}

pub fn current_window(harness: &Harness<'static, TimelanesApp>) -> TimeWindow {
    harness.state().view().expect("a view").window
}

/// Steps until the background load finishes (it runs on its own thread).
pub fn run_until_loaded(harness: &mut Harness<'static, TimelanesApp>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while harness.state().is_loading() {
        assert!(Instant::now() < deadline, "loading did not finish");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

/// The app started on `file`, keeping its settings in `settings`, once it is loaded.
pub fn harness_opening(
    file: &std::path::Path,
    settings: &std::path::Path,
) -> Harness<'static, TimelanesApp> {
    let mut harness = harness_starting(file, settings);
    run_until_loaded(&mut harness);
    harness
}

/// The app just started on `file` (its load under way), keeping its settings in `settings`.
pub fn harness_starting(
    file: &std::path::Path,
    settings: &std::path::Path,
) -> Harness<'static, TimelanesApp> {
    let (file, settings) = (file.to_owned(), settings.to_owned());
    Harness::builder().with_size(SIZE).build_eframe(move |cc| {
        TimelanesApp::new(
            cc,
            AppOptions {
                file: Some(file),
                settings_path: Some(settings),
                ..AppOptions::default()
            },
        )
    })
}

/// Steps until `done` holds (background threads are at work), or fails after 10 s.
pub fn run_until(
    harness: &mut Harness<'static, TimelanesApp>,
    what: &str,
    done: impl Fn(&TimelanesApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.step();
}

/// Runs the real program with `args`: its exit code, standard output and standard error.
pub fn timelanes(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .output()
        .expect("the program runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Steps the window until it shows a text containing `label`.
pub fn step_until_shown(harness: &mut Harness<'static, TimelanesApp>, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.query_by_label_contains(label).is_none() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for \"{label}\""
        );
        std::thread::sleep(Duration::from_millis(30));
        harness.step();
    }
}

/// Right-clicks the first density strip in view and picks "Show the first event here", then
/// steps until an event is selected. Returns the lane and the time the menu was opened at,
/// and the event selected: an instant of that lane (the strip is its marker row), crossing
/// the strip's column at that time.
pub fn pick_first_event_in_a_strip(
    harness: &mut Harness<'static, TimelanesApp>,
) -> (String, f64, timelanes::model::EventIdx) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT as _, Queryable as _};

    harness
        .query_all_by_role(Role::Button)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|l| l.ends_with("too many to show one by one"))
        })
        .expect("a lane drawn as a density strip")
        .click_secondary();
    step_until_shown(harness, "Show the first event here");
    harness.get_by_label("Show the first event here").click();
    run_until(harness, "the picked event selected", |app| {
        app.view().is_some_and(|v| v.selected.is_some())
    });
    let app = harness.state();
    let view = app.view().expect("a view");
    let (at, lane) = view.context.expect("where the menu was opened");
    let document = app.document().expect("open");
    let lane = document
        .dataset
        .actor(lane.expect("a lane"))
        .expect("the lane")
        .id
        .clone();
    let event = view.selected.expect("selected");
    let picked = document.dataset.event(event).expect("the event");
    let in_lane = picked
        .actors()
        .iter()
        .filter_map(|a| document.dataset.actor(*a))
        .any(|a| a.id == lane);
    assert!(in_lane, "{} is in {lane}", picked.title());
    // The first strip of a lane is its marker row: an instant stands for it, not a range.
    assert!(picked.end().is_none(), "{} is an instant", picked.title());
    // The column is a pixel or two of the window: the event crosses a hundredth of it there.
    let near = view.window.span() / 100.0;
    let span = picked.span(document.now());
    assert!(
        span.start.as_f64() <= at + near && span.end.as_f64() >= at - near,
        "{} ({span:?}) is at {at}",
        picked.title()
    );
    (lane, at, event)
}
