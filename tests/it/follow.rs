//! Edits followed event by event give exactly what reading the edited text afresh gives: the
//! same events in the same order, the same links, problems, lanes of the index, extent and
//! facets, after every edit, undo and redo of random sequences.

use proptest::prelude::*;
use timelanes::app::{Document, DocumentSource};
use timelanes::edit::{Editor, Json, List};
use timelanes::model::Dataset;
use timelanes::time::{TimeRange, Timestamp};

const NOW: Timestamp = Timestamp(1_767_225_600);

/// The bundled dataset (no problems, nine links), open for editing.
fn bundled() -> Document {
    let text = std::fs::read_to_string("data/us-china-ukraine-2022.json").expect("bundled");
    let loaded = timelanes::io::load_bytes("bundled.json", text.as_bytes()).expect("loads");
    let mut document = Document::new(DocumentSource::Bundled, loaded, NOW);
    document.editor = Some(Editor::new(text));
    document
}

/// Everything a user can see of an event, as text.
fn events(dataset: &Dataset) -> Vec<String> {
    dataset
        .events()
        .map(|e| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} src={} {:?} {:?}",
                e.file_index(),
                e.id(),
                e.title(),
                e.start(),
                e.end(),
                e.actors(),
                e.kind(),
                e.tags().collect::<Vec<_>>(),
                e.description(),
                e.sources().count(),
                e.display_date(),
                e.details().collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn links(dataset: &Dataset) -> Vec<(u32, u32, String)> {
    let mut links: Vec<_> = dataset
        .links
        .iter()
        .map(|l| (l.from.0, l.to.0, l.kind.clone()))
        .collect();
    links.sort();
    links
}

/// Each lane's points and bars (whatever row a bar is in), and counts over a few windows.
fn lanes(document: &Document) -> Vec<String> {
    let everything = TimeRange::new(Timestamp(i64::MIN / 4), Timestamp(i64::MAX / 4));
    (0..document.index.lane_count())
        .map(|lane| {
            let lane = document
                .index
                .lane(timelanes::model::ActorIdx(lane as u32))
                .expect("lane");
            let mut points: Vec<_> = lane.points.overlapping(everything).collect();
            points.sort_by_key(|e| (e.event, e.span.start));
            let mut bars: Vec<_> = lane
                .rows
                .iter()
                .flat_map(|row| row.overlapping(everything))
                .collect();
            bars.sort_by_key(|e| (e.event, e.span.start));
            let counts: Vec<usize> = [2014, 2021, 2022]
                .iter()
                .map(|year| {
                    let start = (year - 1970) * 31_556_952;
                    let window = TimeRange::new(Timestamp(start), Timestamp(start + 31_556_952));
                    lane.points.count_overlapping(window)
                        + lane
                            .rows
                            .iter()
                            .map(|r| r.count_overlapping(window))
                            .sum::<usize>()
                })
                .collect();
            format!("{points:?} {bars:?} {counts:?}")
        })
        .collect()
}

/// Asserts that `followed` shows what a fresh read of its text shows.
fn assert_same_as_fresh(followed: &Document, after: &str) -> Result<(), TestCaseError> {
    let text = followed.editor.as_ref().expect("editor").text();
    let loaded = timelanes::io::load_bytes("bundled.json", text.as_bytes()).expect("loads");
    let fresh = Document::new(DocumentSource::Bundled, loaded, NOW);
    prop_assert_eq!(
        events(&followed.dataset),
        events(&fresh.dataset),
        "{}",
        after
    );
    prop_assert_eq!(links(&followed.dataset), links(&fresh.dataset), "{}", after);
    let messages =
        |d: &Document| -> Vec<String> { d.problems.iter().map(|p| p.message.clone()).collect() };
    prop_assert_eq!(messages(followed), messages(&fresh), "{}", after);
    prop_assert_eq!(lanes(followed), lanes(&fresh), "{}", after);
    prop_assert_eq!(followed.index.extent(), fresh.index.extent(), "{}", after);
    prop_assert_eq!(
        &followed.shown.facets.kinds,
        &fresh.shown.facets.kinds,
        "{}",
        after
    );
    prop_assert_eq!(
        &followed.shown.facets.tags,
        &fresh.shown.facets.tags,
        "{}",
        after
    );
    let shown_links = |d: &Document| -> Vec<(u32, u32)> {
        let mut l: Vec<_> = d.shown.links.iter().map(|l| (l.from.0, l.to.0)).collect();
        l.sort();
        l
    };
    prop_assert_eq!(shown_links(followed), shown_links(&fresh), "{}", after);
    prop_assert_eq!(followed.fit_window(), fresh.fit_window(), "{}", after);
    Ok(())
}

#[derive(Clone, Debug)]
enum Op {
    Field(usize, &'static str, Option<Json>),
    Add(Json),
    Delete(Vec<usize>),
    /// Two edits of one event, followed together.
    Twice(usize, &'static str, &'static str),
    Undo,
    Redo,
}

fn text(value: &str) -> Json {
    Json::text(value)
}

fn op() -> impl Strategy<Value = Op> {
    let field = prop_oneof![
        "[a-z ]{0,8}".prop_map(|t| ("title", Some(text(&t)))),
        prop::sample::select(vec![
            "2014",
            "2021-11~",
            "2022-02-24T04:00Z",
            "-44?",
            "not a date"
        ])
        .prop_map(|d| ("start", Some(text(d)))),
        prop::sample::select(vec!["2022-03", "present", "2000"])
            .prop_map(|d| ("end", Some(text(d)))),
        Just(("end", None)),
        prop::sample::select(vec![vec!["us"], vec!["cn", "ru"], vec!["nobody"], vec![]]).prop_map(
            |ids| (
                "actors",
                Some(Json::List(ids.into_iter().map(text).collect()))
            )
        ),
        "[a-z]{1,4}".prop_map(|k| ("kind", Some(text(&k)))),
        Just(("kind", None)),
        prop::sample::select(vec![
            "crimea-annexation",
            "minsk-ceasefire-2015",
            "fresh-id"
        ])
        .prop_map(|i| ("id", Some(text(i)))),
        Just(("id", None)),
        prop::sample::select(vec!["crimea-annexation", "nowhere"]).prop_map(|to| (
            "links",
            Some(Json::List(vec![Json::Object(vec![(
                "to".to_owned(),
                text(to)
            )])]))
        )),
        Just(("links", None)),
        prop::sample::select(vec![vec!["a"], vec!["b", "a"]]).prop_map(|tags| (
            "tags",
            Some(Json::List(tags.into_iter().map(text).collect()))
        )),
    ];
    prop_oneof![
        4 => (0..30usize, field).prop_map(|(i, (key, value))| Op::Field(i, key, value)),
        1 => prop::sample::select(vec!["us", "ua", "nobody"]).prop_map(|actor| Op::Add(Json::Object(vec![
            ("title".to_owned(), text("Added")),
            ("start".to_owned(), text("2021-11-17")),
            ("actors".to_owned(), Json::List(vec![text(actor)])),
        ]))),
        1 => prop::collection::vec(0..30usize, 1..4).prop_map(Op::Delete),
        1 => (0..30usize, prop::sample::select(vec!["A", "B"]), prop::sample::select(vec!["2016", "2020-05"]))
            .prop_map(|(i, title, start)| Op::Twice(i, title, start)),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn apply(document: &mut Document, op: &Op) {
    let editor = document.editor.as_mut().expect("editor");
    let label = format!("{op:?}");
    // Indices past the end are errors that change nothing: followed too.
    let _ = match op {
        Op::Field(i, key, value) => editor
            .set_field(List::Events, *i, key, value.as_ref(), label, None)
            .map(|_| ()),
        Op::Add(event) => editor
            .add_item(List::Events, event, label, None)
            .map(|_| ()),
        Op::Delete(indices) => editor
            .remove_items(List::Events, indices, label)
            .map(|_| ()),
        Op::Twice(i, title, start) => editor
            .in_one_step(|editor| {
                editor.set_field(
                    List::Events,
                    *i,
                    "title",
                    Some(&text(title)),
                    label.clone(),
                    None,
                )?;
                editor.remove_items(List::Events, &[i + 1], label.clone())?;
                editor.set_field(List::Events, *i, "start", Some(&text(start)), label, None)
            })
            .map(|_| ()),
        Op::Undo => {
            editor.undo();
            Ok(())
        }
        Op::Redo => {
            editor.redo();
            Ok(())
        }
    };
    editor.seal();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn followed_edits_match_a_fresh_read(ops in prop::collection::vec(op(), 1..16)) {
        let mut document = bundled();
        for (step, op) in ops.iter().enumerate() {
            apply(&mut document, op);
            document.follow_editor().expect("followed");
            assert_same_as_fresh(&document, &format!("after step {step}, {op:?}"))?;
        }
    }
}

#[test]
fn a_retitle_is_followed_without_reading_everything_again() {
    let mut document = bundled();
    let problems_before = document.problems.len();
    let editor = document.editor.as_mut().expect("editor");
    editor
        .set_field(
            List::Events,
            3,
            "title",
            Some(&text("Retitled")),
            "t".into(),
            None,
        )
        .expect("edited");
    let changes = editor.take_changes();
    assert_eq!(changes, [timelanes::edit::Change::Edited(3)]);
    editor
        .set_field(
            List::Events,
            3,
            "title",
            Some(&text("Retitled again")),
            "t".into(),
            None,
        )
        .expect("edited");
    // Followed in place, the index is the same one, changed; read again, it would be new.
    let index_before = std::sync::Arc::as_ptr(&document.index);
    document.follow_editor().expect("followed");
    assert_eq!(
        std::sync::Arc::as_ptr(&document.index),
        index_before,
        "followed in place"
    );
    assert_eq!(document.problems.len(), problems_before);
    let title = document
        .dataset
        .event_by_file_index(3)
        .and_then(|e| document.dataset.event(e))
        .map(|e| e.title().to_owned());
    assert_eq!(title.as_deref(), Some("Retitled again"));
    assert_same_as_fresh(&document, "retitle").expect("same");
}

#[test]
fn moves_deletions_additions_undo_and_redo_are_followed_in_place() {
    let mut document = bundled();
    let added = Json::Object(vec![
        ("id".to_owned(), text("added")),
        ("title".to_owned(), text("Added")),
        ("start".to_owned(), text("2021-11-17")),
        ("actors".to_owned(), Json::List(vec![text("ua")])),
        (
            "links".to_owned(),
            Json::List(vec![Json::Object(vec![(
                "to".to_owned(),
                text("crimea-annexation"),
            )])]),
        ),
    ]);
    type Edit = Box<dyn Fn(&mut Editor)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "move to another lane and year",
            Box::new(|e: &mut Editor| {
                e.set_field(
                    List::Events,
                    5,
                    "actors",
                    Some(&Json::List(vec![text("nato")])),
                    "m".into(),
                    None,
                )
                .expect("moved");
                e.set_field(
                    List::Events,
                    5,
                    "start",
                    Some(&text("2015")),
                    "m".into(),
                    None,
                )
                .expect("moved");
            }),
        ),
        (
            "delete two",
            Box::new(|e: &mut Editor| {
                e.remove_items(List::Events, &[4, 10], "d".into())
                    .expect("deleted");
            }),
        ),
        (
            "undo",
            Box::new(|e: &mut Editor| {
                e.undo().expect("undone");
            }),
        ),
        (
            "redo",
            Box::new(|e: &mut Editor| {
                e.redo().expect("redone");
            }),
        ),
        (
            "add with a link",
            Box::new(move |e: &mut Editor| {
                e.add_item(List::Events, &added, "a".into(), None)
                    .expect("added");
            }),
        ),
    ];
    for (name, edit) in edits {
        edit(document.editor.as_mut().expect("editor"));
        let index_before = std::sync::Arc::as_ptr(&document.index);
        document.follow_editor().expect("followed");
        assert_eq!(
            std::sync::Arc::as_ptr(&document.index),
            index_before,
            "{name}: followed in place"
        );
        assert_same_as_fresh(&document, name).expect("same as a fresh read");
    }
}
