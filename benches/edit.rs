//! Editing a million events: an edit (retitle, move, delete, add) made and followed by the
//! dataset, its index and what is shown, event by event; undo and redo the same way; and
//! saving after one edit. See BENCHMARKS.md.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use timelanes::app::{Document, DocumentSource};
use timelanes::edit::{Editor, Json, List};
use timelanes::time::Timestamp;

/// A synthetic file of `events` events, its dataset as the window holds it once editing
/// starts.
fn synthetic(events: usize) -> (String, Document) {
    let bytes = timelanes::synth::generate(events, 50, 1);
    let text = String::from_utf8(bytes).expect("text");
    let loaded = timelanes::io::load_bytes("synthetic.json", text.as_bytes()).expect("loads");
    let mut document = Document::new(DocumentSource::Bundled, loaded, Timestamp(1_767_225_600));
    document.editor = Some(Editor::new(text.clone()));
    (text, document)
}

/// Gives event `item` one of two titles, so every run changes it.
fn retitle(document: &mut Document, item: usize, flip: bool) {
    let title = if flip { "Edited" } else { "Edited again" };
    let editor = document.editor.as_mut().expect("editor");
    editor
        .set_field(
            List::Events,
            item,
            "title",
            Some(&Json::text(title)),
            "retitle".to_owned(),
            None,
        )
        .expect("edited");
}

/// Times `edit` (made and followed by the document) `iters` times, running `reset` (not
/// timed) after each, so every run starts from the same document.
fn timed_edits(
    document: &mut Document,
    iters: u64,
    mut edit: impl FnMut(&mut Document),
    mut reset: impl FnMut(&mut Document),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        edit(document);
        document.follow_editor().expect("followed");
        total += start.elapsed();
        reset(document);
        document.follow_editor().expect("followed");
    }
    total
}

fn editor(document: &mut Document) -> &mut Editor {
    document.editor.as_mut().expect("editor")
}

/// Moves event `item` to 2030 (a retitle's cost plus a new place in its lanes).
fn move_event(document: &mut Document, item: usize) {
    editor(document)
        .set_field(
            List::Events,
            item,
            "start",
            Some(&Json::text("2030-01-02")),
            "move".to_owned(),
            None,
        )
        .expect("moved");
}

fn undo(document: &mut Document) {
    editor(document).undo().expect("undone");
}

fn redo(document: &mut Document) {
    editor(document).redo().expect("redone");
}

/// Deletes event 600,000.
fn delete_event(document: &mut Document) {
    editor(document)
        .remove_items(List::Events, &[600_000], "delete".to_owned())
        .expect("deleted");
}

/// A hand-made size: a thousand events.
fn small_edits(c: &mut Criterion) {
    let (_, mut document) = synthetic(1_000);
    let mut flip = false;
    c.bench_function("edit 1,000 events/retitle, follow", |b| {
        b.iter(|| {
            flip = !flip;
            retitle(&mut document, 500, flip);
            document.follow_editor().expect("followed");
        });
    });
}

fn edits(c: &mut Criterion) {
    let (text, mut document) = synthetic(1_000_000);
    assert!(
        document.problems.is_empty(),
        "the synthetic file loads without problems, so edits are followed event by event"
    );
    let mut group = c.benchmark_group("edit 1M events");
    group.sample_size(20);
    let mut flip = false;
    group.bench_function("retitle, follow", |b| {
        b.iter(|| {
            flip = !flip;
            retitle(&mut document, 500_000, flip);
            document.follow_editor().expect("followed");
        });
    });
    group.bench_function("move, follow", |b| {
        b.iter_custom(|iters| timed_edits(&mut document, iters, |d| move_event(d, 400_000), undo));
    });
    group.bench_function("delete, follow", |b| {
        b.iter_custom(|iters| timed_edits(&mut document, iters, delete_event, undo));
    });
    group.bench_function("add, follow", |b| {
        let event = Json::Object(vec![
            ("title".to_owned(), Json::text("Added")),
            ("start".to_owned(), Json::text("2021-11-15")),
            ("actors".to_owned(), Json::List(vec![Json::text("a1")])),
        ]);
        b.iter_custom(|iters| {
            timed_edits(
                &mut document,
                iters,
                |d| {
                    editor(d)
                        .add_item(List::Events, &event, "add".to_owned(), None)
                        .expect("added");
                },
                undo,
            )
        });
    });
    // A delete on top of the history, to undo and redo.
    delete_event(&mut document);
    document.follow_editor().expect("followed");
    group.bench_function("undo a delete, follow", |b| {
        b.iter_custom(|iters| timed_edits(&mut document, iters, undo, redo));
    });
    undo(&mut document);
    document.follow_editor().expect("followed");
    group.bench_function("redo a delete, follow", |b| {
        b.iter_custom(|iters| timed_edits(&mut document, iters, redo, undo));
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("million.json");
    group.bench_function("save after one edit", |b| {
        b.iter(|| {
            let editor = document.editor.as_ref().expect("editor");
            timelanes::io::atomic::write_atomic_with(&path, |file| editor.write_to(file))
                .expect("saved");
        });
    });
    group.finish();
    drop(text);
}

criterion_group!(benches, small_edits, edits);
criterion_main!(benches);
