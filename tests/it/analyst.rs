//! The analyst's tools in the real app, driven like a user through egui_kittest: search,
//! filters, lane arrangement, the overview strip, keyboard navigation, the table of events,
//! and that filters and lanes are kept per file.

use crate::common::{self, SIZE, current_window, harness_opening, run_until_loaded, window};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use timelanes::app::{AppOptions, TimelanesApp};
use timelanes::model::{Dataset, EventIdx};
use timelanes::time::TimeWindow;

fn harness_sized(size: [f32; 2]) -> Harness<'static, TimelanesApp> {
    common::bundled_harness(size, 0.25)
}

fn harness() -> Harness<'static, TimelanesApp> {
    harness_sized(SIZE)
}

fn set_window(harness: &mut Harness<'static, TimelanesApp>, window: TimeWindow) {
    harness.state_mut().view_mut().expect("a view").window = window;
    harness.run();
}

fn selected_title(harness: &Harness<'static, TimelanesApp>) -> Option<String> {
    let app = harness.state();
    let selected = app.view()?.selected?;
    Some(app.document()?.dataset.event(selected)?.title().to_owned())
}

fn dataset(harness: &Harness<'static, TimelanesApp>) -> std::sync::Arc<Dataset> {
    harness.state().document().expect("open").dataset.clone()
}

fn event_id(dataset: &Dataset, id: &str) -> EventIdx {
    dataset
        .events()
        .find(|e| e.id() == Some(id))
        .map(|e| e.idx())
        .unwrap_or_else(|| panic!("no event {id}"))
}

/// The lanes as the accessibility tree lists them, top to bottom.
fn lane_rows(harness: &Harness<'static, TimelanesApp>) -> Vec<String> {
    let names: Vec<String> = dataset(harness)
        .actors
        .iter()
        .map(|a| a.name.clone())
        .collect();
    // Table rows are rows too: lanes are the ones named after an actor.
    let mut rows: Vec<(f32, String)> = harness
        .get_all_by_role(Role::Row)
        .filter(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| names.contains(&label))
        })
        .map(|node| {
            (
                node.rect().top(),
                node.accesskit_node().label().unwrap_or_default(),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|(_, name)| name).collect()
}

/// Whether an event is drawn as a mark of its own (labelled by its title).
fn has_mark(harness: &Harness<'static, TimelanesApp>, title: &str) -> bool {
    harness
        .query_all_by_role_and_label(Role::Button, title)
        .next()
        .is_some()
}

/// The filter panel's From (0) or To (1) date field.
fn date_field<'h>(
    harness: &'h Harness<'static, TimelanesApp>,
    which: usize,
) -> egui_kittest::Node<'h> {
    let mut fields: Vec<_> = harness
        .get_all_by_role(Role::TextInput)
        .filter(|n| n.rect().left() < 300.0)
        .collect();
    fields.sort_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    fields.swap_remove(which)
}

/// Whether some text on screen contains `text`.
fn shows_text(harness: &Harness<'static, TimelanesApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn search_rings_results_lists_them_and_steps_through_them_into_view() {
    let mut harness = harness();
    let data = dataset(&harness);
    let expected = timelanes::view::search(&data, "sanctions", None);
    assert!(expected.len() >= 4, "the article has several sanctions");
    // Looking at 2022 first: stepping must bring 2014 into view.
    set_window(&mut harness, window("2022-02-01", "2022-03-31"));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_role(Role::TextInput).type_text("sanctions");
    harness.run();
    let _ = harness.get_by_label(&format!("{} matches", expected.len()));
    // The list gives each result with its date.
    let _ =
        harness.get_by_label_contains("2014  ·  Obama administration sanctions Russia over Crimea");

    harness.key_press(Key::Enter);
    harness.run();
    let first = data.event(expected[0]).expect("an event");
    assert_eq!(selected_title(&harness).as_deref(), Some(first.title()));
    let span = first.span(timelanes::time::Timestamp::now());
    let view = current_window(&harness);
    assert!(
        view.start <= span.start.as_f64() && span.end.as_f64() <= view.end,
        "the result is in view"
    );
    let _ = harness.get_by_label(&format!("1 of {}", expected.len()));
    assert!(has_mark(&harness, first.title()), "and drawn");

    harness.key_press(Key::Enter);
    harness.run();
    let second = data
        .event(expected[1])
        .expect("an event")
        .title()
        .to_owned();
    assert_eq!(selected_title(&harness), Some(second));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(selected_title(&harness).as_deref(), Some(first.title()));

    // Escape closes the search, and its rings go with it.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_role(Role::TextInput).is_none(), "closed");
    let app = harness.state();
    assert!(app.document().expect("open").shown.search.marked.is_none());
}

#[test]
fn period_and_comma_step_through_results_when_the_timeline_has_the_keys() {
    let mut harness = harness();
    let data = dataset(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_role(Role::TextInput).type_text("qin");
    harness.run();
    let results = timelanes::view::search(&data, "qin", None);
    assert_eq!(results.len(), 2, "the meeting with Qin, and his reply");
    harness.state_mut().view_mut().expect("view").selected = None;
    harness.run();
    // A click on the timeline gives it the keyboard back.
    let plot = Pos2::new(900.0, 780.0);
    harness.hover_at(plot);
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: plot,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: plot,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    harness.key_press(Key::Period);
    harness.run();
    let title = |i: usize| data.event(results[i]).expect("event").title().to_owned();
    assert_eq!(selected_title(&harness), Some(title(0)));
    harness.key_press(Key::Period);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(1)));
    harness.key_press(Key::Comma);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(0)));
}

#[test]
fn filters_cut_the_events_shown_and_say_how_many() {
    let mut harness = harness();
    let data = dataset(&harness);
    let total = data.event_count();
    set_window(&mut harness, window("2015-01-01", "2015-03-31"));
    assert!(has_mark(&harness, "Ceasefire signed, but fighting goes on"));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    let _ = harness.get_by_label(&format!("Showing {total} of {total} events"));
    harness
        .get_by_role_and_label(Role::CheckBox, "China")
        .click();
    harness.run();
    let china = data
        .events()
        .filter(|e| {
            e.actors()
                .iter()
                .any(|&a| data.actors[a.index()].id == "cn")
        })
        .count();
    assert!(china < total);
    let _ = harness.get_by_label(&format!("Showing {china} of {total} events"));
    assert!(shows_text(
        &harness,
        &format!("{china} of {total} events shown")
    ));
    assert!(
        !has_mark(&harness, "Ceasefire signed, but fighting goes on"),
        "an event without China is not drawn"
    );
    // Lanes with nothing left in them can go.
    assert_eq!(lane_rows(&harness).len(), 5);
    harness
        .get_by_label("Hide lanes the filters leave empty")
        .click();
    harness.run();
    assert_eq!(lane_rows(&harness), ["United States", "China", "Russia"]);

    // Dates narrow further: China in 2014 is one event.
    for field in 0..2 {
        date_field(&harness, field).focus();
        harness.run();
        date_field(&harness, field).type_text("2014");
        harness.run();
    }
    let _ = harness.get_by_label(&format!("Showing 1 of {total} events"));

    harness.get_by_label("Clear").click();
    harness.run();
    let _ = harness.get_by_label(&format!("Showing {total} of {total} events"));
    assert!(has_mark(&harness, "Ceasefire signed, but fighting goes on"));
}

#[test]
fn lanes_hide_move_pin_and_collapse_from_their_labels() {
    let mut harness = harness();
    assert_eq!(
        lane_rows(&harness),
        ["United States", "China", "Russia", "Ukraine", "NATO"]
    );

    harness
        .get_by_role_and_label(Role::Row, "NATO")
        .click_secondary();
    harness.run();
    harness.get_by_label("Hide this lane").click();
    harness.run();
    assert_eq!(
        lane_rows(&harness),
        ["United States", "China", "Russia", "Ukraine"]
    );
    assert!(shows_text(&harness, "(1 lanes hidden)"));

    // Drag Ukraine's name above the United States'.
    let ukraine = harness.get_by_role_and_label(Role::Row, "Ukraine").rect();
    let us = harness
        .get_by_role_and_label(Role::Row, "United States")
        .rect();
    harness.drag_at(ukraine.center());
    harness.run();
    let target = Pos2::new(us.center().x, us.top() + 5.0);
    harness.hover_at(Pos2::new(ukraine.center().x, ukraine.center().y - 30.0));
    harness.run();
    harness.hover_at(target);
    harness.run();
    harness.drop_at(target);
    harness.run();
    assert_eq!(
        lane_rows(&harness),
        ["Ukraine", "United States", "China", "Russia"]
    );

    // Pinned, Russia stays at the top while the other lanes scroll under it.
    harness.set_size(egui::vec2(1400.0, 520.0));
    harness.run();
    harness
        .get_by_role_and_label(Role::Row, "Russia")
        .click_secondary();
    harness.run();
    harness.get_by_label("Pin to the top").click();
    harness.run();
    assert_eq!(lane_rows(&harness)[0], "Russia");
    let russia_top = harness
        .get_by_role_and_label(Role::Row, "Russia")
        .rect()
        .top();
    let china_top = harness
        .get_by_role_and_label(Role::Row, "China")
        .rect()
        .top();
    harness.state_mut().view_mut().expect("view").scroll_y = 10_000.0;
    harness.run();
    assert_eq!(
        harness
            .get_by_role_and_label(Role::Row, "Russia")
            .rect()
            .top(),
        russia_top,
        "the pinned lane did not move"
    );
    let china_after = harness.get_by_role_and_label(Role::Row, "China").rect();
    assert!(china_after.top() < china_top, "the others scrolled");

    // Collapsed to a strip.
    harness.state_mut().view_mut().expect("view").scroll_y = 0.0;
    harness.run();
    let before = harness
        .get_by_role_and_label(Role::Row, "China")
        .rect()
        .height();
    harness
        .get_by_role_and_label(Role::Row, "China")
        .click_secondary();
    harness.run();
    harness.get_by_label("Collapse to a strip").click();
    harness.run();
    let after = harness
        .get_by_role_and_label(Role::Row, "China")
        .rect()
        .height();
    assert!(after < before / 2.0, "{after} vs {before}");
}

#[test]
fn a_group_nests_its_members_and_folds_them() {
    let mut harness = Harness::builder().with_size(SIZE).build_eframe(|cc| {
        TimelanesApp::new(
            cc,
            AppOptions {
                file: Some("tests/files/alliance.json".into()),
                ..AppOptions::default()
            },
        )
    });
    run_until_loaded(&mut harness);
    assert_eq!(
        lane_rows(&harness),
        [
            "NATO",
            "United States",
            "Germany",
            "Poland",
            "Russia",
            "Ukraine"
        ]
    );
    // Members are indented under their group.
    let group = harness.get_by_role_and_label(Role::Row, "NATO").rect();
    let member = harness.get_by_role_and_label(Role::Row, "Germany").rect();
    assert_eq!(group.left(), member.left(), "the same lane column");
    // Clicking the group's name folds its members away, and back.
    harness.get_by_role_and_label(Role::Row, "NATO").click();
    harness.run();
    assert_eq!(lane_rows(&harness), ["NATO", "Russia", "Ukraine"]);
    harness.get_by_role_and_label(Role::Row, "NATO").click();
    harness.run();
    assert_eq!(lane_rows(&harness).len(), 6);
}

#[test]
fn the_overview_box_pans_zooms_and_jumps() {
    let mut harness = harness();
    set_window(&mut harness, window("2017-01-01", "2018-12-31"));
    let before = current_window(&harness);
    let body = harness.get_by_label("View box: drag to pan").rect();
    harness.drag_at(body.center());
    harness.run();
    harness.hover_at(body.center() + egui::vec2(-20.0, 0.0));
    harness.run();
    harness.drop_at(body.center() + egui::vec2(-60.0, 0.0));
    harness.run();
    let panned = current_window(&harness);
    assert!(panned.start < before.start, "dragged left: earlier");
    assert!((panned.span() - before.span()).abs() < 1.0, "same zoom");

    let right = harness.get_by_label("End of the view: drag to zoom").rect();
    harness.drag_at(right.center());
    harness.run();
    harness.hover_at(right.center() + egui::vec2(30.0, 0.0));
    harness.run();
    harness.hover_at(right.center() + egui::vec2(80.0, 0.0));
    harness.run();
    harness.drop_at(right.center() + egui::vec2(80.0, 0.0));
    harness.run();
    let zoomed = current_window(&harness);
    assert!(zoomed.span() > panned.span() * 1.2, "the view widened");
    assert!(
        (zoomed.start - panned.start).abs() < 1.0,
        "from the same start"
    );

    // A click near the right end of the strip jumps there.
    let strip = harness
        .get_by_label_contains("Overview of the whole dataset")
        .rect();
    harness
        .get_by_label_contains("Overview of the whole dataset")
        .hover();
    let at = Pos2::new(strip.right() - 30.0, strip.center().y);
    harness.hover_at(at);
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    let jumped = current_window(&harness);
    assert!(
        jumped.center() > window("2021-06-01", "2021-06-02").start,
        "near the end of the data"
    );
}

#[test]
fn the_keyboard_steps_through_events_in_time_and_moves_the_view() {
    let mut harness = harness();
    let data = dataset(&harness);
    let mut in_time: Vec<_> = data
        .events()
        .map(|e| (e.start().earliest(), e.idx()))
        .collect();
    in_time.sort();
    let title = |i: usize| data.event(in_time[i].1).expect("event").title().to_owned();

    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(0)));
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(1)));
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(2)));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(1)));

    // Enter keeps the selection and shows its details.
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_title(&harness), Some(title(1)));
    let _ = harness.get_by_label("Event");

    let before = current_window(&harness);
    harness.key_press(Key::W);
    harness.run();
    let zoomed = current_window(&harness);
    assert!(zoomed.span() < before.span(), "W zooms in");
    harness.key_press(Key::S);
    harness.run();
    assert!(
        current_window(&harness).span() > zoomed.span(),
        "S zooms out"
    );
    let at = current_window(&harness);
    harness.key_press(Key::D);
    harness.run();
    assert!(current_window(&harness).start > at.start, "D pans later");
    harness.key_press(Key::A);
    harness.key_press(Key::A);
    harness.run();
    assert!(current_window(&harness).start < at.start, "A pans earlier");

    // ? shows the sheet of shortcuts.
    harness.key_press(Key::Questionmark);
    harness.run();
    let _ = harness.get_by_label("Previous event");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(
        selected_title(&harness),
        None,
        "Escape clears the selection"
    );
}

#[test]
fn the_table_lists_the_events_in_view_sorts_and_follows_the_selection() {
    let mut harness = harness();
    let data = dataset(&harness);
    set_window(&mut harness, window("2021-10-20", "2022-03-10"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run();
    let summit = data
        .event(event_id(&data, "video-summit"))
        .expect("event")
        .title()
        .to_owned();
    let row = harness
        .get_all_by_role(Role::Row)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.ends_with(&summit))
        })
        .expect("the summit's row");
    row.click();
    harness.run();
    assert_eq!(selected_title(&harness), Some(summit));

    // Sorted by title, A first.
    harness.get_by_label("Title").click();
    harness.run();
    let titles: Vec<String> = harness
        .get_all_by_role(Role::Row)
        .filter_map(|n| n.accesskit_node().label())
        .filter_map(|l| l.split(" · ").nth(1).map(str::to_owned))
        .collect();
    assert!(titles.len() > 5, "{titles:?}");
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
}

#[test]
fn filters_and_lanes_are_kept_per_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("alliance.json");
    std::fs::copy("tests/files/alliance.json", &file).expect("copy");
    let settings = dir.path().join("settings.json");
    let open = |file: &std::path::Path| harness_opening(file, &settings);

    let mut harness = open(&file);
    harness
        .get_by_role_and_label(Role::Row, "Russia")
        .click_secondary();
    harness.run();
    harness.get_by_label("Hide this lane").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    harness
        .get_by_role_and_label(Role::CheckBox, "summit (2)")
        .click();
    harness.run();
    assert!(shows_text(&harness, "2 of 8 events shown"));
    drop(harness);

    // The same file again: as it was left.
    let harness = open(&file);
    assert!(shows_text(&harness, "2 of 8 events shown"));
    assert!(!lane_rows(&harness).contains(&"Russia".to_owned()));

    // Another file has its own (none).
    let other = dir.path().join("other.json");
    std::fs::copy("tests/files/alliance.json", &other).expect("copy");
    let harness = open(&other);
    assert!(shows_text(&harness, "8 of 8 events shown"), "all of them");
    assert!(lane_rows(&harness).contains(&"Russia".to_owned()));
}

#[test]
fn the_high_contrast_theme_is_black_and_white() {
    let mut harness = harness();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Theme").click();
    harness.run();
    harness.get_by_label("High contrast").click();
    harness.run();
    let visuals = harness.ctx.global_style().visuals.clone();
    assert_eq!(visuals.panel_fill, egui::Color32::BLACK);
    assert_eq!(visuals.override_text_color, Some(egui::Color32::WHITE));
    assert_eq!(lane_rows(&harness).len(), 5, "the timeline is still drawn");
}

#[test]
fn the_side_panel_lists_links_both_ways_and_follows_them() {
    let mut harness = harness();
    let data = dataset(&harness);
    let help = event_id(&data, "china-helps-evade-2014");
    harness.state_mut().view_mut().expect("view").selected = Some(help);
    harness.run();
    harness
        .get_by_label("→ evasion: Obama administration sanctions Russia over Crimea (2014)")
        .click();
    harness.run();
    assert_eq!(
        selected_title(&harness).as_deref(),
        Some("Obama administration sanctions Russia over Crimea")
    );
    // From there, both ways: what it answers and what answers it.
    let _ = harness.get_by_label("→ response: Russia annexes Crimea (18 Mar 2014)");
    let _ = harness
        .get_by_label("← evasion: China helps Russia get around 2014 sanctions (2014, uncertain)");
}

#[test]
fn a_column_of_a_dense_lane_shows_the_first_event_there() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("synthetic.json");
    std::fs::write(&path, timelanes::synth::generate(3000, 3, 7)).expect("written");
    let mut harness = super::common::harness_opening(&path, &folder.path().join("settings.json"));
    harness.run();
    // In the lane, crossing the column picked (`pick_first_event_in_a_strip` checks).
    let (lane, _, event) = super::common::pick_first_event_in_a_strip(&mut harness);
    let app = harness.state();
    let document = app.document().expect("open");
    let picked = document.dataset.event(event).expect("picked");
    assert!(
        harness.query_all_by_label(picked.title()).count() >= 1,
        "the side panel shows {} of {lane}",
        picked.title()
    );
}
