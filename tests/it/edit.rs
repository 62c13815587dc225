//! Editing keeps the author's file: on every native file the tests hold (and the bundled
//! dataset), no edit writes the same bytes, one edit changes only its own line, and undo gives
//! back the bytes; random sequences of edits followed by as many undos give back the text.

use proptest::prelude::*;
use timelanes::edit::{Editor, Json, List};

/// Every native file that loads with at least one event, with its text.
fn native_files() -> Vec<(String, String)> {
    let mut files = vec![(
        "bundled".to_owned(),
        std::fs::read_to_string("data/us-china-ukraine-2022.json").expect("bundled"),
    )];
    for dir in ["tests/data", "tests/files", "tests/corpus"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok((dataset, _)) = timelanes::io::native::parse(&text) else {
                continue;
            };
            if dataset.event_count() > 0 {
                files.push((path.display().to_string(), text));
            }
        }
    }
    files
}

/// The lines of `after` that differ from `before` (same number of lines).
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (before.split('\n').collect(), after.split('\n').collect());
    assert_eq!(a.len(), b.len(), "no line added or removed");
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(_, y)| (*y).to_owned())
        .collect()
}

#[test]
fn every_native_file_round_trips_byte_for_byte() {
    let files = native_files();
    assert!(
        files.len() >= 8,
        "the test files are found: {}",
        files.len()
    );
    for (name, text) in files {
        let (dataset, _) = timelanes::io::native::parse(&text).expect("parses");
        let first = dataset.events().next().expect("an event");
        let mut editor = Editor::new(text.clone());
        assert_eq!(editor.text(), text, "{name}: unchanged");

        // One edit: the first event's title. Only its line changes.
        let title = format!("{} (edited)", first.title());
        editor
            .set_field(
                List::Events,
                first.file_index(),
                "title",
                Some(&Json::text(title.clone())),
                "retitle".to_owned(),
                None,
            )
            .expect("edited");
        let changed = changed_lines(&text, &editor.text());
        assert_eq!(changed.len(), 1, "{name}: one line changed: {changed:?}");
        assert!(changed[0].contains("(edited)"), "{name}");
        let (edited, _) = timelanes::io::native::parse(&editor.text()).expect("still parses");
        assert_eq!(
            edited.events().next().map(|e| e.title().to_owned()),
            Some(title),
            "{name}: the edit is what loads"
        );

        // Undo: the same bytes.
        editor.undo();
        assert_eq!(editor.text(), text, "{name}: undone");
        assert!(!editor.is_modified());
    }
}

/// A random edit of a dataset with `events` events.
#[derive(Clone, Debug)]
enum Op {
    Retitle(usize, String),
    Restart(usize, &'static str),
    SetKind(usize, String),
    RemoveKind(usize),
    Add(String),
    Delete(Vec<usize>),
}

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-zA-Z \"\\\\é\u{1F600}\n]{0,12}";
    prop_oneof![
        (0..40usize, text).prop_map(|(i, t)| Op::Retitle(i, t)),
        (
            0..40usize,
            prop::sample::select(vec!["2014", "2021-11~", "2022-02-24T04:00Z", "-44?"])
        )
            .prop_map(|(i, d)| Op::Restart(i, d)),
        (0..40usize, "[a-z]{1,8}").prop_map(|(i, k)| Op::SetKind(i, k)),
        (0..40usize).prop_map(Op::RemoveKind),
        text.prop_map(Op::Add),
        prop::collection::vec(0..40usize, 1..4).prop_map(Op::Delete),
    ]
}

fn apply(editor: &mut Editor, op: &Op) {
    let count = timelanes::io::native::parse(&editor.text())
        .map(|(d, _)| d.event_count())
        .unwrap_or(0);
    let label = format!("{op:?}");
    // Indices past the end are an error that changes nothing: that is tested too.
    let _ = match op {
        Op::Retitle(i, t) => editor
            .set_field(
                List::Events,
                i % count.max(1),
                "title",
                Some(&Json::text(t.clone())),
                label,
                None,
            )
            .map(|_| ()),
        Op::Restart(i, d) => editor
            .set_field(
                List::Events,
                i % count.max(1),
                "start",
                Some(&Json::text(*d)),
                label,
                None,
            )
            .map(|_| ()),
        Op::SetKind(i, k) => editor
            .set_field(
                List::Events,
                *i,
                "kind",
                Some(&Json::text(k.clone())),
                label,
                Some(format!("kind {i}")),
            )
            .map(|_| ()),
        Op::RemoveKind(i) => editor
            .set_field(List::Events, *i, "kind", None, label, None)
            .map(|_| ()),
        Op::Add(title) => {
            let event = Json::Object(vec![
                ("title".to_owned(), Json::text(title.clone())),
                ("start".to_owned(), Json::text("2021-11-17")),
                ("actors".to_owned(), Json::List(vec![Json::text("us")])),
            ]);
            editor
                .add_item(List::Events, &event, label, None)
                .map(|_| ())
        }
        Op::Delete(indices) => editor
            .remove_items(List::Events, indices, label)
            .map(|_| ()),
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_edits_then_as_many_undos_give_back_the_text(ops in prop::collection::vec(op(), 1..12)) {
        let original = std::fs::read_to_string("data/us-china-ukraine-2022.json").expect("bundled");
        let (original_dataset, _) = timelanes::io::native::parse(&original).expect("parses");
        let mut editor = Editor::new(original.clone());
        for op in &ops {
            apply(&mut editor, op);
            editor.seal();
            // Every edit leaves a file that loads.
            prop_assert!(timelanes::io::native::parse(&editor.text()).is_ok(), "after {:?}", op);
        }
        while editor.undo().is_some() {}
        prop_assert_eq!(editor.text(), original.as_str());
        prop_assert!(!editor.is_modified());
        let (dataset, _) = timelanes::io::native::parse(&editor.text()).expect("parses");
        prop_assert_eq!(dataset.event_count(), original_dataset.event_count());
        // And redo walks forward again to a file that loads.
        while editor.redo().is_some() {}
        prop_assert!(timelanes::io::native::parse(&editor.text()).is_ok());
    }
}
