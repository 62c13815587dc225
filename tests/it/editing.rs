//! Writing timelines in the window, through the real widgets: the keys that must work (Tab,
//! Delete, Ctrl+S, Ctrl+Z, Ctrl+S gives back the file byte for byte), a new timeline built
//! from nothing, dates checked as typed, unsaved edits guarded and recovered.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use timelanes::app::TimelanesApp;

use crate::common::{harness_opening, run_until};

/// A copy of the bundled dataset in a folder of its own, with a settings file beside it.
fn bundled_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("timeline.json");
    std::fs::copy("data/us-china-ukraine-2022.json", &file).expect("copy");
    let settings = dir.path().join("settings").join("settings.json");
    (dir, file, settings)
}

fn selected_title(harness: &Harness<'static, TimelanesApp>) -> Option<String> {
    let app = harness.state();
    let document = app.document()?;
    let event = app.view()?.selected?;
    Some(document.dataset.event(event)?.title().to_owned())
}

/// The journals written (not the temporary files they are written through).
fn journal_files(settings: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(settings.with_file_name("recovery"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                    name.is_some_and(|n| n.ends_with(".json") && !n.starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn tab_delete_save_undo_save_gives_back_the_file_byte_for_byte() {
    let (_dir, file, settings) = bundled_copy();
    let original = std::fs::read(&file).expect("read");
    let mut harness = harness_opening(&file, &settings);

    harness.key_press(Key::Tab);
    harness.run();
    let first = selected_title(&harness).expect("Tab selects the first event");
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(selected_title(&harness), None);
    let document = harness.state().document().expect("open");
    assert_eq!(document.dataset.event_count(), 22, "one event fewer");
    assert!(document.is_modified());
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "the file waits for Save"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = std::fs::read_to_string(&file).expect("read");
    assert!(
        !saved.contains(&format!("\"{first}\"")),
        "deleted in the file"
    );
    assert!(!harness.state().document().expect("open").is_modified());
    // The rest of the file is as it was: only the event's lines went.
    let kept: Vec<&str> = saved.lines().collect();
    let before = String::from_utf8(original.clone()).expect("text");
    assert!(kept.iter().all(|line| before.lines().any(|l| l == *line)));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        23
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "byte for byte"
    );
}

#[test]
fn a_new_timeline_gets_events_typed_in_the_side_panel_and_is_saved_as_native_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = dir.path().join("settings.json");
    let mut harness = harness_opening(Path::new("data/us-china-ukraine-2022.json"), &settings);
    harness.state_mut().set_native_dialogs(false);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    {
        let document = harness.state().document().expect("open");
        assert_eq!(document.dataset.title, "Untitled timeline");
        assert_eq!(
            document.dataset.actors.len(),
            1,
            "one lane, ready for events"
        );
        assert_eq!(document.dataset.event_count(), 0);
    }

    // N adds an event in the middle of the view; its title field has the keyboard.
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(selected_title(&harness).as_deref(), Some("New event"));
    let _ = harness.get_by_label("Edit event");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("Title")
        .type_text("Biden and Xi hold video summit");
    harness.run();
    assert_eq!(
        selected_title(&harness).as_deref(),
        Some("Biden and Xi hold video summit")
    );

    // A date that does not exist is explained and not applied; what was typed stays.
    let start = harness.get_by_label_contains("Start (");
    start.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label_contains("Start (")
        .type_text("2021-02-30");
    harness.run();
    let _ = harness.get_by_label_contains("February 2021 has 28 days");
    let start_of = |harness: &Harness<'static, TimelanesApp>| {
        let app = harness.state();
        let document = app.document().expect("open");
        let event = app.view().and_then(|v| v.selected).expect("selected");
        document
            .dataset
            .event(event)
            .expect("event")
            .start()
            .to_string()
    };
    assert_ne!(start_of(&harness), "2021-02-30");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label_contains("Start (")
        .type_text("2021-11-15");
    harness.run();
    assert_eq!(start_of(&harness), "2021-11-15");

    // Save as, through the typed path (no file dialog in tests).
    let out = dir.path().join("summit.json");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    harness.get_by_label("Path:").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path:")
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let saved = std::fs::read_to_string(&out).expect("saved");
    let loaded = timelanes::io::load_path(&out).expect("loads again");
    let event = loaded.dataset.events().next().expect("the event");
    assert_eq!(event.title(), "Biden and Xi hold video summit");
    assert_eq!(event.start().to_string(), "2021-11-15");
    assert!(saved.contains("\"start\": \"2021-11-15\""), "{saved}");
    assert!(!harness.state().document().expect("open").is_modified());
}

#[test]
fn typing_in_one_field_is_one_undo_step_named_in_the_edit_menu() {
    let (_dir, file, settings) = bundled_copy();
    let original = std::fs::read(&file).expect("read");
    let mut harness = harness_opening(&file, &settings);
    harness.key_press(Key::Tab);
    harness.run();
    let first = selected_title(&harness).expect("selected");
    harness.key_press(Key::F2);
    harness.run();
    let title = harness.get_by_label("Title");
    title.focus();
    harness.run();
    harness.key_press(Key::End);
    harness.get_by_label("Title").type_text(" (edited)");
    harness.run();
    assert_eq!(selected_title(&harness), Some(format!("{first} (edited)")));
    // Leave the field, then undo once: the whole typing goes.
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("Edit").click();
    harness.run();
    let _ = harness.get_by_label_contains(&format!("Undo retitling of '{first}'"));
    // Esc closes the menu (and clears the selection).
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let document = harness.state().document().expect("open");
    let titles: Vec<&str> = document.dataset.events().map(|e| e.title()).collect();
    assert!(titles.contains(&first.as_str()), "the title is back");
    assert!(!document.is_modified(), "back to the file as saved");
    assert_eq!(std::fs::read(&file).expect("read"), original);
}

#[test]
fn closing_with_unsaved_edits_asks_and_the_journal_brings_them_back() {
    let (_dir, file, settings) = bundled_copy();
    let original = std::fs::read(&file).expect("read");
    let mut harness = harness_opening(&file, &settings);
    harness.key_press(Key::Tab);
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();

    // The edit is journaled within a second or two.
    run_until(&mut harness, "the journal", |_| {
        !journal_files(&settings).is_empty()
    });
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "the file is untouched"
    );

    // Closing the window (as its close button does) asks.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    let _ = harness.get_by_label("Save the changes to timeline.json?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Save the changes to timeline.json?")
            .is_none()
    );

    // As after a crash: the app starts again on the same file, and offers the edits back.
    drop(harness);
    let mut again = harness_opening(&file, &settings);
    assert_eq!(
        again
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        23,
        "the file as saved"
    );
    let _ = again.get_by_label("Unsaved edits found");
    again.get_by_label("Restore them").click();
    again.run();
    let document = again.state().document().expect("open");
    assert_eq!(document.dataset.event_count(), 22, "the edit is back");
    assert!(document.is_modified());
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "still only on Save"
    );
}

#[test]
fn opening_another_file_with_unsaved_edits_asks_first() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    harness.key_press(Key::Tab);
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .open_path(PathBuf::from("tests/files/alliance.json"), &ctx);
    harness.run();
    let _ = harness.get_by_label("Save the changes to timeline.json?");
    harness.get_by_label("Don't save").click();
    // The load runs in the background from here: step, then wait for it.
    harness.step();
    crate::common::run_until_loaded(&mut harness);
    assert_eq!(
        harness.state().document().expect("open").name(),
        "alliance.json"
    );
    // Given up on purpose: nothing left to recover.
    assert!(journal_files(&settings).is_empty());
}

#[test]
fn a_file_changed_on_disk_while_edits_are_unsaved_is_never_dropped_silently() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    // Look at the file often: the test waits for the change, not for time to pass.
    harness
        .state_mut()
        .set_watch_interval(Duration::from_millis(20));
    let ctx = harness.ctx.clone();
    harness.state_mut().open_path(file.clone(), &ctx);
    crate::common::run_until_loaded(&mut harness);
    harness.key_press(Key::Tab);
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();

    // Someone else saves the file: a smaller version of it.
    let theirs = "{\"actors\": [{\"id\": \"a\", \"name\": \"Alpha\"}], \"events\": [{\"title\": \"Theirs\", \"start\": \"2020\", \"actors\": [\"a\"]}]}";
    std::fs::write(&file, theirs).expect("write");
    run_until(&mut harness, "the change to be noticed", |app| {
        app.changed_on_disk()
    });
    let _ = harness.get_by_label("timeline.json has changed on disk, and you have unsaved edits.");
    harness.get_by_label("Keep mine").click();
    harness.run();
    let document = harness.state().document().expect("open");
    assert_eq!(document.dataset.event_count(), 22, "my edits stay");
    assert!(document.is_modified());

    // Again, and this time load theirs.
    std::fs::write(&file, theirs.replace("Theirs", "Theirs, again")).expect("write");
    run_until(&mut harness, "the second change", |app| {
        app.changed_on_disk()
    });
    harness.get_by_label("Load theirs").click();
    harness.step();
    crate::common::run_until_loaded(&mut harness);
    let document = harness.state().document().expect("open");
    assert_eq!(
        document
            .dataset
            .events()
            .next()
            .map(|e| e.title().to_owned()),
        Some("Theirs, again".to_owned())
    );
    assert!(!document.is_modified());
}

/// The start of the event titled `title`.
fn start_of(harness: &Harness<'static, TimelanesApp>, title: &str) -> String {
    let document = harness.state().document().expect("open");
    let event = document
        .dataset
        .events()
        .find(|e| e.title() == title)
        .expect("the event");
    event.start().to_string()
}

/// Drags the first mark labelled `title` by `dx` points, pressing Esc before the drop when
/// `cancel`.
fn drag_mark(harness: &mut Harness<'static, TimelanesApp>, title: &str, dx: f32, cancel: bool) {
    let from = harness
        .get_all_by_label(title)
        .next()
        .expect("a mark")
        .rect()
        .center();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from + egui::vec2(dx * step as f32 / 4.0, 0.0));
        harness.run();
    }
    if cancel {
        harness.key_press(Key::Escape);
        harness.run();
    }
    harness.drop_at(from + egui::vec2(dx, 0.0));
    harness.run();
}

#[test]
fn dragging_an_event_moves_it_by_its_precision_and_esc_cancels() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    harness.state_mut().view_mut().expect("view").window =
        crate::common::window("2021-10-20", "2022-03-10");
    harness.run();
    let title = "CIA director Burns flies to Moscow";
    let before = start_of(&harness, title);
    assert_eq!(before, "2021-11-02");

    drag_mark(&mut harness, title, 120.0, true);
    assert_eq!(start_of(&harness, title), before, "Esc puts it back");
    assert!(!harness.state().document().expect("open").is_modified());

    drag_mark(&mut harness, title, 120.0, false);
    let after = start_of(&harness, title);
    assert!(after > before, "{after} is later than {before}");
    assert_eq!(after.len(), "2021-11-02".len(), "still a day: {after}");
    assert!(harness.state().document().expect("open").is_modified());
    // One step: one undo puts it back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(start_of(&harness, title), before);
}

#[test]
fn right_clicking_a_lane_adds_an_event_there_at_the_zoom_precision() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    // Zoomed out to decades: the new event is dated to the year.
    let lane = harness
        .get_all_by_role_and_label(egui::accesskit::Role::Row, "China")
        .next()
        .expect("China's lane")
        .rect();
    let at = egui::pos2(700.0, lane.center().y + 30.0);
    harness.event(egui::Event::PointerMoved(at));
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    harness.get_by_label("New event here").click();
    harness.run();
    let app = harness.state();
    let document = app.document().expect("open");
    let event = app
        .view()
        .and_then(|v| v.selected)
        .and_then(|e| document.dataset.event(e))
        .expect("the new event, selected");
    assert_eq!(event.title(), "New event");
    assert_eq!(event.start().precision, timelanes::time::Precision::Year);
    let lanes: Vec<&str> = event
        .actors()
        .iter()
        .filter_map(|&a| document.dataset.actor(a))
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(lanes, ["China"]);
    let _ = harness.get_by_label("Edit event");
}

#[test]
fn lanes_are_added_renamed_moved_and_deleted_as_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = dir.path().join("settings.json");
    let mut harness = harness_opening(Path::new("data/us-china-ukraine-2022.json"), &settings);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("✏ Edit").click();
    harness.run();
    let _ = harness.get_by_label("Edit timeline");
    let names = |harness: &Harness<'static, TimelanesApp>| -> Vec<String> {
        let document = harness.state().document().expect("open");
        document
            .dataset
            .actors
            .iter()
            .map(|a| a.name.clone())
            .collect()
    };
    assert_eq!(names(&harness), ["New lane"]);

    harness.get_by_label("Add a lane").click();
    harness.run();
    assert_eq!(names(&harness), ["New lane", "New lane"]);
    // Rename the second lane: its field is the second text field after the description.
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .filter(|n| n.accesskit_node().value().as_deref() == Some("New lane"))
        .nth(1)
        .expect("the second lane's name")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("China".to_owned()));
    harness.run();
    assert_eq!(names(&harness), ["New lane", "China"]);
    // A colour that is not one is explained and not applied.
    let color_of = |harness: &Harness<'static, TimelanesApp>| {
        harness.state().document().expect("open").dataset.actors[1].color
    };
    let before = color_of(&harness);
    let field = harness
        .get_all_by_label("Colour of China")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
        .expect("the colour field");
    field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("blue-ish".to_owned()));
    harness.run();
    let _ = harness.get_by_label_contains(
        "\"blue-ish\" is not a colour; write colours as #rrggbb, for example #1f5fbf",
    );
    assert_eq!(color_of(&harness), before, "not applied");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("#ff0000".to_owned()));
    harness.run();
    assert_eq!(color_of(&harness), timelanes::model::Color::rgb(255, 0, 0));

    // Move China up: one step, undone by one Ctrl+Z (with the keyboard outside the field).
    harness
        .get_all_by_label("↑")
        .nth(1)
        .expect("China's ↑")
        .click();
    harness.run();
    assert_eq!(names(&harness), ["China", "New lane"]);

    // An event in the first lane (China), then China deleted with its events moved.
    harness.get_by_label("Done").click();
    harness.run();
    harness.key_press(Key::N);
    harness.run();
    harness.get_by_label("Done").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("✏ Edit").click();
    harness.run();
    harness
        .get_all_by_label("Delete…")
        .next()
        .expect("China's delete")
        .click();
    harness.run();
    let _ = harness.get_by_label_contains("It has 1 event.");
    harness.get_by_label("Delete the lane").click();
    harness.run();
    let document = harness.state().document().expect("open");
    assert_eq!(names(&harness), ["New lane"]);
    let event = document.dataset.events().next().expect("the event stays");
    assert_eq!(
        event
            .actors()
            .iter()
            .filter_map(|&a| document.dataset.actor(a))
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["New lane"],
        "moved to the other lane"
    );
    assert!(
        document.problems.is_empty(),
        "no dangling lane: {:?}",
        document.problems
    );
}

#[test]
fn the_table_of_events_adds_an_event_too() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run();
    harness.get_by_label("+ New event").click();
    harness.run();
    assert_eq!(selected_title(&harness).as_deref(), Some("New event"));
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        24
    );
    let _ = harness.get_by_label("Edit event");
}

/// Drags from `from` to `to` in four steps holding `modifiers`; returns the view's window
/// just before the button is let go.
fn drag_with(
    harness: &mut Harness<'static, TimelanesApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    modifiers: Modifiers,
) -> timelanes::time::TimeWindow {
    harness.event(egui::Event::ModifiersChanged(modifiers));
    harness.event(egui::Event::PointerMoved(from));
    harness.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    harness.run();
    for step in 1..=4 {
        harness.event(egui::Event::PointerMoved(
            from + (to - from) * step as f32 / 4.0,
        ));
        harness.run();
    }
    let window = crate::common::current_window(harness);
    harness.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    window
}

/// Clicks at `pos` holding `modifiers`.
fn click_with(harness: &mut Harness<'static, TimelanesApp>, pos: egui::Pos2, modifiers: Modifiers) {
    harness.event(egui::Event::ModifiersChanged(modifiers));
    harness.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        });
    }
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

fn mark_center(harness: &Harness<'static, TimelanesApp>, title: &str) -> egui::Pos2 {
    harness
        .get_all_by_label(title)
        .next()
        .expect("a mark")
        .rect()
        .center()
}

#[test]
fn several_events_are_selected_and_changed_in_one_step() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    harness.state_mut().view_mut().expect("view").window =
        crate::common::window("2021-10-20", "2022-03-10");
    harness.run();
    let burns = mark_center(&harness, "CIA director Burns flies to Moscow");
    let briefs = mark_center(&harness, "US intelligence briefs NATO on build-up");
    click_with(&mut harness, burns, Modifiers::NONE);
    click_with(&mut harness, briefs, Modifiers::COMMAND);
    let _ = harness.get_by_label("2 events selected");

    // A tag for both, in one step.
    let tag_field = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .last()
        .expect("the tag field");
    tag_field.focus();
    harness.run();
    harness.event(egui::Event::Text("briefing".to_owned()));
    harness.run();
    harness.get_by_label("Add the tag").click();
    harness.run();
    let tagged = |harness: &Harness<'static, TimelanesApp>| {
        let document = harness.state().document().expect("open");
        document
            .dataset
            .events()
            .filter(|e| e.tags().any(|t| t == "briefing"))
            .count()
    };
    assert_eq!(tagged(&harness), 2);
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(tagged(&harness), 0, "one undo takes back both");

    // Shift-click takes every shown event between the two in time; Delete removes them all.
    click_with(&mut harness, burns, Modifiers::NONE);
    click_with(&mut harness, briefs, Modifiers::SHIFT);
    let selection = harness.state().view().expect("view").selection().len();
    assert!(selection >= 2, "{selection} selected");
    harness.key_press(Key::Delete);
    harness.run();
    let count = harness
        .state()
        .document()
        .expect("open")
        .dataset
        .event_count();
    assert_eq!(count, 23 - selection);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        23
    );
}

#[test]
fn a_ctrl_drag_band_selects_the_events_it_covers() {
    let mut harness = crate::common::bundled_harness(crate::common::SIZE, 0.25);
    harness.state_mut().view_mut().expect("view").window =
        crate::common::window("2021-10-20", "2022-03-10");
    harness.run();
    let burns = mark_center(&harness, "CIA director Burns flies to Moscow");
    let from = burns - egui::vec2(20.0, 20.0);
    let to = burns + egui::vec2(260.0, 400.0);
    let window = drag_with(&mut harness, from, to, Modifiers::COMMAND);
    assert_eq!(
        crate::common::current_window(&harness),
        window,
        "a band, not a pan"
    );
    let selection = harness.state().view().expect("view").selection();
    assert!(selection.len() >= 2, "{} selected", selection.len());
    let document = harness.state().document().expect("open");
    let titles: Vec<&str> = selection
        .iter()
        .filter_map(|&e| document.dataset.event(e))
        .map(|e| e.title())
        .collect();
    assert!(
        titles.contains(&"CIA director Burns flies to Moscow"),
        "{titles:?}"
    );
}

/// The text the app last put on the clipboard.
fn copied(harness: &Harness<'static, TimelanesApp>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

#[test]
fn copy_and_paste_events_as_json_rows_or_lines_and_refuse_what_is_not_events() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    harness.key_press(Key::Tab);
    harness.run();
    let first = selected_title(&harness).expect("selected");
    // One key event, so that the frame it runs in is the harness's last output.
    harness.event(egui::Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    harness.step();
    let text = copied(&harness).expect("copied");
    harness.run();
    assert!(text.starts_with("[\n") && text.contains(&first), "{text}");

    // Pasted back: the same event again, with an id of its own, in one step.
    harness.event(egui::Event::Paste(text));
    harness.run();
    let document = harness.state().document().expect("open");
    assert_eq!(document.dataset.event_count(), 24);
    assert_eq!(
        document
            .dataset
            .events()
            .filter(|e| e.title() == first)
            .count(),
        2
    );
    assert!(document.problems.is_empty(), "{:?}", document.problems);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        23
    );

    // Lines from anywhere: a preview says what became of each, bad dates included.
    harness.event(egui::Event::Paste(
        "2021-11-15  Biden and Xi hold video summit\n2021-02-30  A day that does not exist\n"
            .to_owned(),
    ));
    harness.run();
    // The column mapping window CSV files use, with its column choices.
    let _ = harness.get_by_label("Columns of the pasted rows");
    let _ = harness.get_by_label("Date (start)");
    let _ = harness
        .get_by_label("1 of 2 pasted rows are events: a date, a title and, if given, lanes.");
    let _ = harness.get_by_label_contains("Line 2: February 2021 has 28 days");
    harness.get_by_label("Add 1 event").click();
    harness.run();
    let document = harness.state().document().expect("open");
    assert_eq!(document.dataset.event_count(), 24);
    assert!(
        document
            .dataset
            .events()
            .any(|e| e.title() == "Biden and Xi hold video summit"
                && e.start().to_string() == "2021-11-15")
    );

    // A binary blob and 50 MB of text are refused with a reason; nothing changes.
    harness.event(egui::Event::Paste(
        "\u{1}\u{2}PNG\u{0}\u{0}\u{3}".to_owned(),
    ));
    harness.run();
    let _ = harness.get_by_label("Nothing pasted: the clipboard holds binary data, not events");
    harness.event(egui::Event::Paste("2021 x\n".repeat(7_500_000)));
    harness.run();
    let _ = harness.get_by_label_contains("at most 10 MB can be pasted");
    assert_eq!(
        harness
            .state()
            .document()
            .expect("open")
            .dataset
            .event_count(),
        24
    );
}

#[test]
fn a_bars_end_is_dragged_and_an_alt_drag_links_two_events() {
    let (_dir, file, settings) = bundled_copy();
    let mut harness = harness_opening(&file, &settings);
    harness.state_mut().view_mut().expect("view").window =
        crate::common::window("2021-11-01", "2022-01-31");
    harness.run();
    let title = "US presses China to help prevent war";
    let dates = |harness: &Harness<'static, TimelanesApp>| {
        let document = harness.state().document().expect("open");
        let event = document
            .dataset
            .events()
            .find(|e| e.title() == title)
            .expect("the bar");
        (event.start().to_string(), event.date_text())
    };
    let (start_before, text_before) = dates(&harness);
    let bar = harness
        .get_all_by_label(title)
        .next()
        .expect("its bar")
        .rect();
    // The bar's start, dragged later by a few days; the end stays.
    let grip = egui::pos2(bar.left() + 2.0, bar.center().y);
    harness.drag_at(grip);
    harness.run();
    for step in 1..=3 {
        harness.hover_at(grip + egui::vec2(30.0 * step as f32, 0.0));
        harness.run();
    }
    harness.drop_at(grip + egui::vec2(90.0, 0.0));
    harness.run();
    let (start_after, text_after) = dates(&harness);
    assert!(start_after > start_before, "{start_before} → {start_after}");
    assert_ne!(text_after, text_before);
    let document = harness.state().document().expect("open");
    let event = document
        .dataset
        .events()
        .find(|e| e.title() == title)
        .expect("bar");
    assert!(event.end().is_some(), "still a bar");

    // Alt-drag from Burns's trip to the summit: the trip now answers the summit.
    let from = mark_center(&harness, "CIA director Burns flies to Moscow");
    let to = mark_center(&harness, "Biden and Xi hold video summit");
    drag_with(&mut harness, from, to, Modifiers::ALT);
    let document = harness.state().document().expect("open");
    let title_of =
        |e: timelanes::model::EventIdx| document.dataset.event(e).map(|e| e.title().to_owned());
    assert!(
        document.dataset.links.iter().any(|l| {
            title_of(l.from).as_deref() == Some("CIA director Burns flies to Moscow")
                && title_of(l.to).as_deref() == Some("Biden and Xi hold video summit")
        }),
        "linked"
    );
    assert!(document.problems.is_empty(), "{:?}", document.problems);
}
