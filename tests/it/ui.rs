//! UI tests with egui_kittest: the real app, driven through the accessibility tree and input
//! events, no display needed.

use std::time::{Duration, Instant};

use crate::common::{
    self, SIZE, current_window, harness_opening, run_until, run_until_loaded, window,
};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use timelanes::app::{AppOptions, TimelanesApp};
use timelanes::time::Date;

/// The app with the bundled dataset open.
fn harness() -> Harness<'static, TimelanesApp> {
    common::bundled_harness(SIZE, 0.25)
}

/// The same, with `step_dt` seconds between frames (each queued event takes a frame).
fn harness_with_step(step_dt: f32) -> Harness<'static, TimelanesApp> {
    common::bundled_harness(SIZE, step_dt)
}

/// The rectangle of the first mark labelled `label`.
fn mark_rect(harness: &Harness<'static, TimelanesApp>, label: &str) -> egui::Rect {
    harness
        .get_all_by_role_and_label(egui::accesskit::Role::Button, label)
        .next()
        .unwrap_or_else(|| panic!("no mark {label:?}"))
        .rect()
}

/// Zooms the way a user would have, to see November 2021 to March 2022.
fn zoom_to_winter_2021(harness: &mut Harness<'static, TimelanesApp>) {
    harness.state_mut().view_mut().expect("a view").window = window("2021-10-20", "2022-03-10");
    harness.run();
}

#[test]
fn lanes_are_accessible_by_actor_name() {
    let harness = harness();
    let lanes: Vec<String> = harness
        .get_all_by_role(egui::accesskit::Role::Row)
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert_eq!(
        lanes,
        ["United States", "China", "Russia", "Ukraine", "NATO"]
    );
}

#[test]
fn clicking_an_event_shows_its_details_and_source() {
    let mut harness = harness();
    zoom_to_winter_2021(&mut harness);
    // Burns's trip involves the US and Russia: one mark in each lane.
    let marks = harness
        .get_all_by_label("CIA director Burns flies to Moscow")
        .count();
    assert_eq!(marks, 2);
    harness
        .get_all_by_label("CIA director Burns flies to Moscow")
        .next()
        .expect("a mark")
        .click();
    harness.run();
    let selected = harness.state().view().and_then(|v| v.selected);
    let document = harness.state().document().expect("open");
    let event = selected
        .and_then(|e| document.dataset.event(e))
        .expect("an event is selected");
    assert_eq!(event.title(), "CIA director Burns flies to Moscow");
    // The side panel shows the date as written and the source, linked.
    let _ = harness.get_by_label("2 Nov 2021");
    let _ =
        harness.get_by_label("U.S. Officials Repeatedly Urged China to Help Avert War in Ukraine");
    let _ = harness.get_by_label("The New York Times, 25 Feb 2022");

    // Escape clears the selection and closes the panel.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().view().and_then(|v| v.selected), None);
    assert!(
        harness
            .query_by_label("The New York Times, 25 Feb 2022")
            .is_none()
    );
}

#[test]
fn keys_zoom_and_fit() {
    let mut harness = harness();
    let fitted = current_window(&harness);
    let fit = harness.state().document().expect("open").fit_window();
    assert_eq!(fitted, fit, "opening a dataset fits it");

    harness.key_press(Key::Plus);
    harness.run();
    let zoomed_in = current_window(&harness);
    assert!(
        (zoomed_in.span() - fitted.span() / 1.5).abs() < 1.0,
        "+ zooms in by 1.5"
    );
    assert!(
        (zoomed_in.center() - fitted.center()).abs() < 1.0,
        "about the middle"
    );

    harness.key_press(Key::Minus);
    harness.key_press(Key::Minus);
    harness.run();
    let zoomed_out = current_window(&harness);
    assert!(
        (zoomed_out.span() - fitted.span() * 1.5).abs() < 1.0,
        "- zooms out"
    );

    harness.key_press(Key::ArrowRight);
    harness.run();
    let panned = current_window(&harness);
    assert!(panned.start > zoomed_out.start, "→ pans later");
    assert!((panned.span() - zoomed_out.span()).abs() < 1.0);

    harness.key_press(Key::F);
    harness.run();
    assert_eq!(current_window(&harness), fit, "F fits everything");
    harness.key_press(Key::Plus);
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(current_window(&harness), fit, "Home fits everything");
}

#[test]
fn pinch_zooms_at_the_cursor() {
    let mut harness = harness();
    zoom_to_winter_2021(&mut harness);
    let before = current_window(&harness);
    // Point at the NATO briefing; after zooming it is still under the pointer.
    let mark = mark_rect(&harness, "US intelligence briefs NATO on build-up");
    harness.hover_at(mark.center());
    harness.run();
    harness.event(egui::Event::Zoom(2.0));
    harness.run();
    let after = current_window(&harness);
    assert!(
        (after.span() - before.span() / 2.0).abs() / before.span() < 1e-6,
        "zoomed in 2×"
    );
    let moved = mark_rect(&harness, "US intelligence briefs NATO on build-up");
    assert!(
        (moved.center().x - mark.center().x).abs() < 1.0,
        "{mark:?} moved to {moved:?}"
    );
}

#[test]
fn dragging_pans() {
    let mut harness = harness();
    let before = current_window(&harness);
    harness.drag_at(Pos2::new(700.0, 500.0));
    harness.run();
    harness.hover_at(Pos2::new(500.0, 500.0));
    harness.run();
    harness.drop_at(Pos2::new(500.0, 500.0));
    harness.run();
    let after = current_window(&harness);
    assert!(
        after.start > before.start,
        "dragging left shows later times"
    );
    assert!((after.span() - before.span()).abs() < 1.0);
}

#[test]
fn double_clicking_an_event_zooms_to_it() {
    // Each press and release takes a frame: keep frames short enough for a double click.
    let mut harness = harness_with_step(0.05);
    zoom_to_winter_2021(&mut harness);
    let node = harness
        .get_all_by_label("US intelligence briefs NATO on build-up")
        .next()
        .expect("a mark");
    let center = node.rect().center();
    harness.event(egui::Event::PointerMoved(center));
    for _ in 0..2 {
        harness.event(egui::Event::PointerButton {
            pos: center,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.event(egui::Event::PointerButton {
            pos: center,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    let view = current_window(&harness);
    let day = Date::parse("2021-11-17").expect("valid").span();
    assert!(view.contains(day.start.as_f64()) && view.contains(day.end.as_f64()));
    assert!(
        view.span() < 3.0 * 86_400.0,
        "zoomed to about a day, got {} s",
        view.span()
    );
}

#[test]
fn a_file_that_fails_to_load_keeps_the_open_dataset() {
    let mut harness = harness();
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\n  \"actors\": [\n").expect("write");
    let ctx = harness.ctx.clone();
    harness.state_mut().open_path(bad, &ctx);
    run_until_loaded(&mut harness);
    let failure = harness
        .state()
        .load_failure()
        .expect("the failure is shown");
    assert!(
        failure.contains("broken.json:3:1: error: EOF while parsing a list"),
        "{failure}"
    );
    let _ = harness.get_by_label_contains("broken.json:3:1");
    let _ = harness.get_by_label("The dataset that was open stays open.");
    let document = harness.state().document().expect("still open");
    assert_eq!(document.dataset.actors.len(), 5);
}

#[test]
fn opening_a_file_by_typed_path_and_its_warnings_in_the_problems_panel() {
    let mut harness = harness();
    harness.state_mut().set_native_dialogs(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("warned.json");
    std::fs::write(
        &file,
        r#"{"actors": [{"id": "a", "name": "Alpha"}], "events": [
            {"title": "Kept", "start": "2021", "actors": ["a", "ghost"]}]}"#,
    )
    .expect("write");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    let _ = harness
        .get_by_label("Native file dialogs are switched off (TIMELANES_NO_NATIVE_DIALOG is set).");
    // The path field has the keyboard as soon as the prompt opens.
    let field = harness.get_by_role(egui::accesskit::Role::TextInput);
    assert!(field.is_focused());
    field.type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
    harness.step();
    run_until_loaded(&mut harness);

    let document = harness.state().document().expect("open");
    assert_eq!(document.dataset.actors[0].name, "Alpha");
    let _ = harness.get_by_role_and_label(egui::accesskit::Role::Row, "Alpha");
    // The problems panel opened by itself, listing the warning with its location.
    let _ = harness.get_by_label_contains("unknown actor \"ghost\"");
    // Counted in the status bar and at the top of the panel.
    assert_eq!(harness.get_all_by_label("0 errors, 1 warning").count(), 2);
}

#[test]
fn loading_in_the_background_from_the_command_line_options() {
    let mut harness = Harness::builder().with_size(SIZE).build_eframe(|cc| {
        TimelanesApp::new(
            cc,
            AppOptions {
                file: Some("tests/files/every-date-form.json".into()),
                ..AppOptions::default()
            },
        )
    });
    run_until_loaded(&mut harness);
    let document = harness.state().document().expect("loaded");
    assert_eq!(document.dataset.event_count(), 13);
    let _ = harness.get_by_role_and_label(egui::accesskit::Role::Row, "Actor A");
}

/// File › Export image… of the winter of 2021 in the format labelled `format`, to `out`
/// through the typed-path prompt; waits until the file is written and reported.
fn export_view_from_the_window(format: &str, out: &std::path::Path) {
    let mut harness = harness();
    harness.state_mut().set_native_dialogs(false);
    zoom_to_winter_2021(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    // The export window describes what it will export.
    let _ = harness.get_by_label_contains("The current view: 20 Oct 2021 – 11 Mar 2022, 5 lanes");
    harness.get_by_label(format).click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();

    let field = harness.get_by_role(egui::accesskit::Role::TextInput);
    field.focus();
    harness.run();
    // Replace the suggested path with ours.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("Save").click();
    harness.step();

    let deadline = Instant::now() + Duration::from_secs(30);
    while !out.exists() {
        assert!(Instant::now() < deadline, "the export was not written");
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    // The file is in place; the status bar says so once the writer's result arrives.
    let exported = format!("Exported {}", out.display());
    while harness.query_by_label(&exported).is_none() {
        assert!(Instant::now() < deadline, "the export was not reported");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
}

#[test]
fn exporting_the_view_as_svg_from_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("view.svg");
    export_view_from_the_window("SVG (editable text)", &out);
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains(">CIA director Burns flies to Moscow</text>"));
    assert!(
        svg.contains(">US officials press China to help avert Russia&apos;s war on Ukraine</text>")
    );
}

#[test]
fn exporting_the_view_as_pdf_from_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("view.pdf");
    export_view_from_the_window("PDF (vector, real text)", &out);
    let pdf = std::fs::read(&out).expect("written");
    assert!(pdf.starts_with(b"%PDF-"));
    // The title the export window suggested names the document.
    let title = "(US officials press China to help avert Russia's war on Ukraine)";
    assert!(pdf.windows(title.len()).any(|w| w == title.as_bytes()));
    assert!(
        pdf.windows(10).any(|w| w == b"/FontFile2"),
        "real, embedded text"
    );
}

#[test]
fn a_typed_pdf_name_gets_a_pdf_whatever_format_was_chosen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("view.pdf");
    export_view_from_the_window("PNG", &out);
    assert!(std::fs::read(&out).expect("written").starts_with(b"%PDF-"));
}

#[test]
fn a_big_load_shows_progress_and_can_be_cancelled() {
    let mut harness = harness();
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&big).expect("create"));
    timelanes::synth::write_dataset(
        timelanes::synth::SynthOptions {
            events: 300_000,
            actors: 20,
            seed: 3,
        },
        &mut file,
    )
    .expect("generated");
    drop(file);

    let ctx = harness.ctx.clone();
    harness.state_mut().open_path(big, &ctx);
    harness.step();
    assert!(harness.state().is_loading());
    // The status bar shows the load with a way out.
    let _ = harness.get_by_label_contains("big.json…");
    harness.get_by_label("Cancel").click();
    harness.step();
    harness.step();
    assert!(!harness.state().is_loading(), "cancelled");
    let _ = harness.get_by_label("Loading cancelled; the open dataset stays open");
    let document = harness.state().document().expect("still open");
    assert_eq!(
        document.dataset.actors.len(),
        5,
        "the bundled dataset is still shown"
    );
}

fn write_dataset(path: &std::path::Path, events: &[(&str, &str)]) {
    let events: Vec<String> = events
        .iter()
        .map(|(id, date)| {
            format!(
                r#"{{"id": "{id}", "title": "Event {id}", "start": "{date}", "actors": ["a"]}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"actors": [{{"id": "a", "name": "Alpha"}}], "events": [{}]}}"#,
        events.join(",")
    );
    std::fs::write(path, json).expect("write");
}

#[test]
fn a_file_changed_on_disk_is_offered_for_reload_and_keeps_the_view() {
    let mut harness = harness();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("live.json");
    write_dataset(&file, &[("one", "2021-01-01"), ("two", "2021-06-01")]);
    let ctx = harness.ctx.clone();
    // Look at the file often: the test waits for the change, not for a second to pass.
    harness
        .state_mut()
        .set_watch_interval(Duration::from_millis(20));
    harness.state_mut().open_path(file.clone(), &ctx);
    run_until(&mut harness, "the file to load", |app| !app.is_loading());
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        2
    );

    // The user looks at a period and selects an event.
    let window = window("2021-05", "2021-07");
    {
        let app = harness.state_mut();
        let selected = app
            .document()
            .expect("open")
            .dataset
            .events()
            .find(|e| e.id() == Some("two"))
            .map(|e| e.idx());
        let view = app.view_mut().expect("view");
        view.window = window;
        view.selected = selected;
    }

    // Someone else saves a new version.
    write_dataset(
        &file,
        &[
            ("zero", "2020-01-01"),
            ("one", "2021-01-01"),
            ("two", "2021-06-01"),
        ],
    );
    run_until(&mut harness, "the change to be noticed", |app| {
        app.changed_on_disk()
    });
    let _ = harness.get_by_label("live.json has changed on disk.");
    harness.get_by_label("Reload").click();
    harness.step();
    run_until(&mut harness, "the reload", |app| !app.is_loading());

    let app = harness.state();
    let document = app.document().expect("open");
    assert_eq!(document.dataset.event_count(), 3, "the new version");
    let view = app.view().expect("view");
    assert_eq!(view.window, window, "the same period");
    let selected = view
        .selected
        .and_then(|e| document.dataset.event(e))
        .and_then(|e| e.id());
    assert_eq!(
        selected,
        Some("two"),
        "the same event, now at another index"
    );
    assert!(!app.changed_on_disk());

    // A broken version: the error is shown and the last good version stays.
    std::fs::write(&file, "{\"actors\": [").expect("write");
    run_until(&mut harness, "the broken change to be noticed", |app| {
        app.changed_on_disk()
    });
    harness.get_by_label("Reload").click();
    harness.step();
    run_until(&mut harness, "the failed reload", |app| !app.is_loading());
    let app = harness.state();
    assert!(
        app.load_failure()
            .is_some_and(|f| f.contains("live.json:1:12: error"))
    );
    assert_eq!(app.document().expect("still open").dataset.event_count(), 3);
}

#[test]
fn a_corrupt_settings_file_gives_defaults_and_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = dir.path().join("settings.json");
    std::fs::write(&settings, "this is not JSON").expect("write");
    let mut harness = Harness::builder().with_size(SIZE).build_eframe(|cc| {
        TimelanesApp::new(
            cc,
            AppOptions {
                settings_path: Some(settings.clone()),
                ..AppOptions::default()
            },
        )
    });
    run_until_loaded(&mut harness);
    let _ = harness.get_by_label_contains("could not be read");
    assert!(dir.path().join("settings.json.bad").exists(), "kept aside");
    // The app started, with the bundled dataset.
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .actors
            .len(),
        5
    );
}

#[test]
fn the_window_survives_every_broken_file() {
    let mut harness = harness();
    let mut files: Vec<_> = std::fs::read_dir("tests/corpus")
        .expect("the corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    // And a 6 MB title and actor name, which every text in the window must cut.
    let dir = tempfile::tempdir().expect("temp dir");
    let long = "war ".repeat(1_500_000);
    let huge = dir.path().join("huge.json");
    std::fs::write(
        &huge,
        format!(
            r#"{{"title": "{long}", "actors": [{{"id": "a", "name": "{long}", "description": "{long}"}}],
              "events": [{{"title": "{long}", "start": "2021", "actors": ["a"], "description": "{long}",
                          "sources": [{{"title": "{long}", "url": "https://example.org/{long}"}}]}},
                         {{"title": "{long}", "start": "2021", "actors": ["a"]}}]}}"#
        ),
    )
    .expect("write");
    files.push(huge.clone());

    let ctx = harness.ctx.clone();
    for file in &files {
        let before = harness.state().document().map(|d| d.dataset.event_count());
        harness.state_mut().open_path(file.clone(), &ctx);
        harness.step();
        run_until(&mut harness, "the load", |app| !app.is_loading());
        // A few frames at several zooms, with the problems panel and a selection.
        for key in [Key::F, Key::Plus, Key::Plus, Key::Minus, Key::ArrowLeft] {
            harness.key_press(key);
            harness.step();
        }
        let app = harness.state_mut();
        if let Some(first) = app
            .document()
            .and_then(|d| d.dataset.events().next())
            .map(|e| e.idx())
        {
            app.view_mut().expect("view").selected = Some(first);
        }
        let started = Instant::now();
        harness.step();
        harness.step();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} made frames slow",
            file.display()
        );
        let app = harness.state();
        if app.load_failure().is_some() {
            // Refused: what was open stays open.
            assert_eq!(
                app.document().map(|d| d.dataset.event_count()),
                before,
                "{}",
                file.display()
            );
        }
        harness.state_mut().dismiss_load_failure();
    }
    let document = harness.state().document().expect("open");
    assert_eq!(
        document.dataset.event_count(),
        2,
        "the huge file opened last"
    );
}

const UNKNOWN_CSV: &str = "When,What happened,Who,With,Notes,Link
2022-02-24,Full-scale invasion begins,Russia,Ukraine,Missile strikes across Ukraine,https://example.org/a
2022-02-26,SWIFT exclusion announced,United States;EU,Russia,Allies cut banks from SWIFT,https://example.org/b
2022-03,Peace talks in Istanbul,Ukraine,Russian Federation,Talks held in Turkey,
not a date,Broken row,Russia,,,
";

fn lane_names(harness: &Harness<'static, TimelanesApp>) -> Vec<String> {
    let document = harness.state().document().expect("open");
    document
        .dataset
        .actors
        .iter()
        .map(|a| a.name.clone())
        .collect()
}

#[test]
fn a_csv_file_of_unknown_shape_asks_for_its_columns_and_remembers_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("unknown.csv");
    let settings = dir.path().join("settings.json");
    std::fs::write(&file, UNKNOWN_CSV).expect("write");

    let mut harness = harness_opening(&file, &settings);
    assert!(
        harness.state().document().is_none(),
        "nothing opens before the columns are chosen"
    );
    let _ = harness.get_by_label("Columns of unknown.csv");
    // The guess from the column names, shown with an example value of each column.
    let _ = harness.get_by_value("When  (e.g. \"2022-02-24\")");
    let _ = harness.get_by_value("What happened  (e.g. \"Full-scale invasion begins\")");
    // The live preview: dates as read, lanes after aliases ("Russian Federation" is Russia),
    // and the row whose date cannot be read.
    let _ = harness.get_by_label("Mar 2022");
    let _ = harness.get_by_label("Ukraine, Russia");
    let _ = harness.get_by_label_contains("\"not a date\" is not a date: ");

    // "With" is not an actor column after all.
    harness
        .get_all_by_label("✕")
        .nth(1)
        .expect("two actor columns")
        .click();
    harness.run();
    assert!(harness.query_by_label("Ukraine, Russia").is_none());
    assert_eq!(
        harness.get_all_by_label("Ukraine").count(),
        1,
        "row 3 now has one lane"
    );

    harness.get_by_label("Open").click();
    harness.step();
    run_until_loaded(&mut harness);
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        3
    );
    assert_eq!(
        lane_names(&harness),
        ["Russia", "United States", "EU", "Ukraine"]
    );
    // The unreadable row is reported with its place.
    let _ = harness.get_by_label_contains("\"not a date\" is not a date");
    drop(harness);

    // The same columns next time: opened without asking.
    let mut again = harness_opening(&file, &settings);
    assert!(again.query_by_label("Columns of unknown.csv").is_none());
    assert_eq!(
        again
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        3
    );
    again.run();
}

#[test]
fn actor_aliases_edited_in_the_window_re_import_the_file_and_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("acled.csv");
    let settings = dir.path().join("settings.json");
    std::fs::copy("tests/files/acled-small.csv", &file).expect("copy");
    let mut harness = harness_opening(&file, &settings);
    let before = lane_names(&harness);
    assert!(before.iter().any(|l| l == "Russia"), "{before:?}");

    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Actor aliases…").click();
    harness.run();
    harness.get_by_label("Add a rule").click();
    harness.run();
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .expect("name field")
        .click();
    harness.run();
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .expect("name field")
        .type_text("Russia");
    harness.run();
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .expect("lane field")
        .click();
    harness.run();
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .expect("lane field")
        .type_text("Russian Federation");
    harness.run();
    harness.get_by_label("Save and re-import").click();
    harness.step();
    run_until_loaded(&mut harness);

    let after = lane_names(&harness);
    assert!(after.iter().any(|l| l == "Russian Federation"), "{after:?}");
    assert!(!after.iter().any(|l| l == "Russia"), "{after:?}");
    let kept = std::fs::read_to_string(dir.path().join("aliases.json")).expect("aliases kept");
    assert!(kept.contains("Russian Federation"), "{kept}");
}
