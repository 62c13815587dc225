//! Coverage-guided fuzzing of the loader, the index and the layout: `cargo fuzz run loader`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timelanes::index::TimelineIndex;
use timelanes::layout::{FixedWidthMeasure, Rect, Style, TimelineInput, layout_timeline};
use timelanes::model::ActorIdx;
use timelanes::time::{TimeWindow, Timestamp};

fuzz_target!(|bytes: &[u8]| {
    let Ok(loaded) = timelanes::io::load_bytes("fuzz.json", bytes) else { return };
    for problem in &loaded.problems {
        let _ = problem.display_in("fuzz.json");
    }
    let dataset = loaded.dataset;
    let now = Timestamp(1_764_000_000);
    let index = TimelineIndex::build(&dataset, now);
    let lanes: Vec<ActorIdx> = (0..dataset.actors.len() as u32).map(ActorIdx).collect();
    let style = Style::light();
    let window = TimeWindow::fit_all(index.extent(), now);
    let input = TimelineInput {
        dataset: &dataset,
        index: &index,
        lanes: &lanes,
        window,
        rect: Rect::from_x_y_ranges((0.0, 900.0), (0.0, 600.0)),
        scroll_y: 0.0,
        style: &style,
        selected: None,
        hovered: None,
        now,
    };
    let _ = layout_timeline(&input, &FixedWidthMeasure);
});
