//! Telling the story: notes and stories kept through edits and saves with their unknown
//! fields, notes written and undone in the panel, and a story presented step by step with the
//! view and the caption of each step checked, from F5 and from the command line.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use timelanes::app::{AppOptions, TimelanesApp};
use timelanes::edit::{Editor, Json, List};

use super::common::{SIZE, run_until_loaded};

const FILE: &str = "tests/data/story.json";

/// The app on the story file, started with `options`, a second between frames (so a step's
/// glide ends in one frame).
fn story_harness(options: AppOptions) -> Harness<'static, TimelanesApp> {
    harness_stepping(options, 1.0)
}

fn harness_stepping(options: AppOptions, step_dt: f32) -> Harness<'static, TimelanesApp> {
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_step_dt(step_dt)
        .build_eframe(move |cc| {
            TimelanesApp::new(
                cc,
                AppOptions {
                    file: Some(FILE.into()),
                    ..options
                },
            )
        });
    run_until_loaded(&mut harness);
    harness
}

#[test]
fn notes_and_stories_are_read_and_an_edit_keeps_everything_else() {
    let text = std::fs::read_to_string(FILE).expect("fixture");
    let (dataset, problems) = timelanes::io::native::parse(&text).expect("parses");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(dataset.notes.len(), 3);
    assert_eq!(dataset.stories[0].name, "Briefing");
    assert_eq!(dataset.stories[0].steps.len(), 4);
    assert!(
        dataset
            .eras
            .iter()
            .any(|e| e.title == "The night of the invasion" && e.note == Some(0)),
        "the span note is drawn as a band"
    );
    let mut editor = Editor::new(text.clone());
    editor
        .set_field(
            List::Notes,
            1,
            "text",
            Some(&Json::text("Edited")),
            "e".into(),
            None,
        )
        .expect("edited");
    editor
        .set_inner_field(
            List::Stories,
            0,
            "steps",
            2,
            "caption",
            Some(&Json::text("Night")),
            "c".into(),
            None,
        )
        .expect("captioned");
    let edited = editor.text();
    // Only the note's text changed, and the step gained its caption, written like the file.
    let expected = text
        .replace(
            "\"text\": \"Three briefings in one day; the article gives no hour.\"",
            "\"text\": \"Edited\"",
        )
        .replace(
            "\"note\": \"night\"\n",
            "\"note\": \"night\",\n          \"caption\": \"Night\"\n",
        );
    assert_eq!(edited, expected);
    assert!(
        edited.contains("\"x-reviewed\": true") && edited.contains("\"x-audience\": \"newsroom\"")
    );
    let (again, _) = timelanes::io::native::parse(&edited).expect("parses");
    assert_eq!(again.notes[1].text, "Edited");
    assert_eq!(again.stories[0].steps[2].caption, "Night");
    while editor.undo().is_some() {}
    assert_eq!(editor.text(), text, "undo gives the bytes back");
}

#[test]
fn a_story_is_presented_step_by_step_with_its_view_and_caption() {
    let mut harness = story_harness(AppOptions::default());
    harness.key_press(Key::F5);
    harness.run();
    let expected = |harness: &Harness<'static, TimelanesApp>, step: usize| {
        let document = harness.state().document().expect("open");
        let story = &document.dataset.stories[0];
        timelanes::view::story::step_window(&document.dataset, &story.steps[step], document.now())
    };
    let captions = [
        "Where it began",
        "The warnings to Beijing",
        "The night of the invasion",
        "The invasion",
    ];
    for (step, caption) in captions.iter().enumerate() {
        assert_eq!(harness.state().presenting(), Some((0, step, false)));
        let window = harness.state().view().expect("view").window;
        let target = expected(&harness, step);
        assert!(
            (window.start - target.start).abs() < 1.0 && (window.end - target.end).abs() < 1.0,
            "step {step}: the view glided to its window"
        );
        let _ = harness.get_by_label(caption);
        let _ = harness.get_by_label_contains(&format!("step {} of 4", step + 1));
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    assert_eq!(
        harness.state().presenting(),
        Some((0, 3, false)),
        "the last step stays"
    );
    // The step with lanes shows only them.
    harness.key_press(Key::ArrowLeft);
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().presenting(), Some((0, 1, false)));
    assert!(
        harness.query_by_label("Russia").is_none(),
        "only the step's lanes"
    );
    let _ = harness.get_by_label("China");
    // Space plays by itself: a step every pace.
    harness.key_press(Key::Space);
    harness.run();
    assert!(
        harness
            .state()
            .presenting()
            .is_some_and(|(_, _, playing)| playing)
    );
    let _ = harness.get_by_label_contains("· playing");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().presenting(), None);
    let _ = harness.get_by_label("Russia");
}

#[test]
fn the_command_line_opens_a_story_at_a_step_or_the_view_at_a_date() {
    let mut harness = story_harness(AppOptions {
        story: Some(("briefing".to_owned(), 2)),
        ..AppOptions::default()
    });
    harness.run();
    assert_eq!(harness.state().presenting(), Some((0, 2, false)));
    let _ = harness.get_by_label("The night of the invasion");

    let date = timelanes::time::Date::parse("2022-02-24").expect("date");
    let harness = story_harness(AppOptions {
        at: Some(date),
        ..AppOptions::default()
    });
    let window = harness.state().view().expect("view").window;
    assert!(window.contains(date.earliest().as_f64()) && window.contains(date.latest().as_f64()));
    assert!(
        (window.span() - 30.0 * 86_400.0).abs() < 1.0,
        "a month around a day"
    );

    let mut harness = story_harness(AppOptions {
        story: Some(("Nope".to_owned(), 0)),
        ..AppOptions::default()
    });
    harness.run();
    assert_eq!(harness.state().presenting(), None);
    let _ = harness.get_by_label_contains("No story named \"Nope\": the file has \"Briefing\"");
}

#[test]
fn a_note_is_written_in_the_panel_and_undone() {
    let mut harness = harness_stepping(AppOptions::default(), 1.0 / 60.0);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Notes and stories").click();
    harness.run();
    let notes = |h: &Harness<'static, TimelanesApp>| {
        h.state().document().expect("open").dataset.notes.len()
    };
    assert_eq!(notes(&harness), 3);
    harness.get_by_label("on a span of the view").click();
    harness.run();
    assert_eq!(notes(&harness), 4);
    let document = harness.state().document().expect("open");
    assert!(
        document
            .dataset
            .eras
            .iter()
            .any(|e| e.title == "New note" && e.note.is_some()),
        "a span note is a band at once"
    );
    assert!(document.is_modified());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(notes(&harness), 3, "undone");
    let _ = harness.get_by_label("The night of the invasion");

    // A step takes the view shown now.
    let first_step = |h: &Harness<'static, TimelanesApp>| {
        h.state().document().expect("open").dataset.stories[0].steps[0].clone()
    };
    assert_eq!(first_step(&harness).from, None);
    harness
        .get_all_by_label("view")
        .next()
        .expect("a step")
        .click();
    harness.run();
    let step = first_step(&harness);
    let window = harness.state().view().expect("view").window;
    let from = step.from.expect("a view written for the step");
    assert!((from.earliest().as_f64() - window.start).abs() < window.span() / 50.0);
    assert!(step.lanes.is_empty(), "all lanes shown: none listed");
}
