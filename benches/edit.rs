//! Editing a million events: an edit (retitle, move, delete, add) made and the dataset read
//! again from the edited text, undo, and saving after one edit. Today's edits re-read the whole
//! text (no incremental index yet), so these figures show what that costs; see BENCHMARKS.md.

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

/// A hand-made size: a thousand events.
fn small_edits(c: &mut Criterion) {
    let (_, mut document) = synthetic(1_000);
    let mut flip = false;
    c.bench_function("edit 1,000 events/retitle, read again and index", |b| {
        b.iter(|| {
            flip = !flip;
            retitle(&mut document, 500, flip);
            document.rebuild_from_editor().expect("reads again");
        });
    });
}

fn edits(c: &mut Criterion) {
    let (text, mut document) = synthetic(1_000_000);
    let mut group = c.benchmark_group("edit 1M events");
    group.sample_size(10);
    let mut flip = false;
    group.bench_function("retitle, read again and index", |b| {
        b.iter(|| {
            flip = !flip;
            retitle(&mut document, 500_000, flip);
            document.rebuild_from_editor().expect("reads again");
        });
    });
    group.bench_function("splice only (no reading again)", |b| {
        b.iter(|| {
            flip = !flip;
            retitle(&mut document, 500_000, flip);
        });
    });
    group.bench_function("undo, read again and index", |b| {
        b.iter(|| {
            let editor = document.editor.as_mut().expect("editor");
            if editor.undo().is_none() {
                editor
                    .set_field(
                        List::Events,
                        10,
                        "title",
                        Some(&Json::text("x")),
                        "retitle".to_owned(),
                        None,
                    )
                    .expect("edited");
            }
            document.rebuild_from_editor().expect("reads again");
        });
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("million.json");
    group.bench_function("save after one edit", |b| {
        b.iter(|| {
            let editor = document.editor.as_ref().expect("editor");
            timelanes::io::atomic::write_atomic(&path, editor.text().as_bytes()).expect("saved");
        });
    });
    group.finish();
    drop(text);
}

criterion_group!(benches, small_edits, edits);
criterion_main!(benches);
