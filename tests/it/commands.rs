//! The command table reaches the user everywhere: every menu lists its commands, the help
//! sheet lists every shortcut, the palette finds and runs commands by name, the keys run them,
//! and the shortcuts kept for editing do nothing yet.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use timelanes::app::TimelanesApp;
use timelanes::app::commands::{Command, Menu};

use crate::common::{self, SIZE};

fn harness() -> Harness<'static, TimelanesApp> {
    common::bundled_harness(SIZE, 0.25)
}

#[test]
fn every_menu_lists_its_commands_from_the_table() {
    let mut harness = harness();
    for menu in Menu::ALL {
        harness.get_by_label(menu.title()).click();
        harness.run();
        for &command in Command::ALL {
            let place = command.menu_place();
            if place.menu != menu || place.submenu.is_some() {
                continue;
            }
            assert!(
                harness
                    .query_all_by_label_contains(command.text())
                    .next()
                    .is_some(),
                "{command:?} is missing from the {} menu",
                menu.title()
            );
        }
        harness.key_press(Key::Escape);
        harness.run();
    }
}

#[test]
fn the_help_sheet_lists_every_shortcut() {
    let mut harness = harness();
    harness.key_press(Key::F1);
    harness.run();
    for &command in Command::ALL {
        if command.shortcuts().is_empty() {
            continue;
        }
        assert!(
            harness.query_all_by_label(command.text()).next().is_some(),
            "{command:?} is missing from the help sheet"
        );
    }
    let _ = harness.get_by_label("Ctrl+Shift+E");
    let _ = harness.get_by_label("W / + / =");
    let _ = harness.get_by_label("A / ←");
    let _ = harness.get_by_label("F1 / ?");
}

#[test]
fn the_palette_finds_a_command_by_part_of_its_name_and_runs_it() {
    let mut harness = harness();
    assert!(harness.query_by_label("Title").is_none(), "no table yet");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    let _ = harness.get_by_label("Run a command");
    // Every command that can run now is offered, by its menu and name.
    let _ = harness.get_by_label_contains("File › Export image…");
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("tabl evnt");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("File › Export image…")
            .is_none(),
        "filtered as typed"
    );
    let _ = harness.get_by_label_contains("View › Table of events in view");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.query_by_label("Run a command").is_none(),
        "the palette closes when it runs a command"
    );
    // The table panel is open: its "Title" heading is there.
    let _ = harness.get_by_label("Title");

    // Arrows choose, Esc closes without running anything.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("zoom");
    harness.run();
    let before = common::current_window(&harness);
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Run a command").is_none());
    assert_eq!(common::current_window(&harness), before, "nothing ran");

    // Enter on the second entry runs it: "zoom" lists Zoom in, then Zoom out.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("zoom");
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let after = common::current_window(&harness);
    assert!(
        after.span() > before.span() * 1.4,
        "Zoom out ran: {before:?} → {after:?}"
    );
}

#[test]
fn shortcuts_run_their_commands_and_reserved_ones_do_nothing_yet() {
    let mut harness = harness();
    harness.state_mut().set_native_dialogs(false);
    // Export screenshot moved to Ctrl+Shift+E; Ctrl+Shift+S is kept for "Save as".
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(harness.query_by_label("Save screenshot as PNG").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    harness.run();
    let _ = harness.get_by_label("Save screenshot as PNG");
    harness.get_by_label("Cancel").click();
    harness.run();

    // Shift+F fits everything, F the events; both are the whole bundled dataset.
    let fitted = common::current_window(&harness);
    harness.key_press(Key::W);
    harness.run();
    assert!(common::current_window(&harness).span() < fitted.span());
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F);
    harness.run();
    assert_eq!(common::current_window(&harness), fitted);
    let _ = harness.get_by_label_contains("fitted to everything");
}

#[test]
fn fit_leaves_gdelts_stray_years_out_and_fit_everything_keeps_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = crate::common::harness_opening(
        std::path::Path::new("tests/data/gdelt1-events-sample.tsv"),
        &dir.path().join("settings.json"),
    );
    let day = 86_400.0;
    // The file is a GDELT day (28 July 2016) with a few events dated days to years before.
    let fitted = common::current_window(&harness);
    assert!(
        fitted.span() < 90.0 * day,
        "F fits the events, not 2006: {} days",
        fitted.span() / day
    );
    let _ = harness.get_by_label_contains("outlying left out (Shift+F for everything)");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F);
    harness.run();
    let everything = common::current_window(&harness);
    assert!(
        everything.span() > 9.0 * 365.0 * day,
        "Shift+F shows 2006 to 2016"
    );
    let _ = harness.get_by_label_contains("fitted to everything");
    harness.key_press(Key::F);
    harness.run();
    assert_eq!(common::current_window(&harness), fitted);
}
