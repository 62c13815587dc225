//! One full frame of the timeline, headless (egui's `run_ui` + `tessellate`), for 1k, 100k and
//! 1M synthetic events over 50 lanes, at three views: everything, one year, one day.

mod common;

use std::hint::black_box;

/// The same allocator as the binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use timelanes::app::{TimelineView, timeline_ui};
use timelanes::layout::Style;
use timelanes::time::{SECONDS_PER_YEAR, TimeWindow};

fn bench_frames(c: &mut Criterion) {
    let style = Style::light();
    let mut group = c.benchmark_group("frame");
    group.sample_size(30);
    for events in [1_000, 100_000, 1_000_000] {
        let document = common::synthetic_document(events);
        let fit = document.fit_window();
        let middle = fit.center();
        let views = [
            ("everything", fit),
            (
                "one-year",
                TimeWindow::new(
                    middle - SECONDS_PER_YEAR / 2.0,
                    middle + SECONDS_PER_YEAR / 2.0,
                ),
            ),
            (
                "one-day",
                TimeWindow::new(middle - 43_200.0, middle + 43_200.0),
            ),
        ];
        for (name, window) in views {
            let ctx = egui::Context::default();
            timelanes::render::fonts::install(&ctx);
            let mut view = TimelineView::fitted(&document);
            view.window = window;
            let input = || egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(1600.0, 1000.0),
                )),
                ..Default::default()
            };
            let mut frame = || {
                let mut output = ctx.run_ui(input(), |ui| {
                    egui::CentralPanel::default().show(ui, |ui| {
                        black_box(timeline_ui(
                            ui,
                            &document,
                            &mut view,
                            &style,
                            timelanes::time::Zone::Utc,
                        ));
                    });
                });
                // Nothing draws the font atlas here: its changes are dropped on purpose (a debug
                // build checks that they are not dropped by mistake).
                output.textures_delta.clear();
                let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
                black_box(primitives);
            };
            // Warm up the font atlas, as a window would have.
            frame();
            group.bench_function(BenchmarkId::new(format!("{events}"), name), |b| {
                b.iter(&mut frame)
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_frames);
criterion_main!(benches);
