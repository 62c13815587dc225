//! The analyst's tools on 1M synthetic events over 50 lanes: a filter change (mask + filtered
//! index), a search keystroke, a Tab to the next event, and a frame with a filter and search
//! results ringed.

mod common;

use std::hint::black_box;

/// The same allocator as the binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use timelanes::app::{TimelineView, timeline_ui};
use timelanes::layout::Style;
use timelanes::time::{SECONDS_PER_YEAR, TimeWindow};
use timelanes::view::Filter;

fn bench_analysis(c: &mut Criterion) {
    let mut document = common::synthetic_document(1_000_000);
    let mut group = c.benchmark_group("analysis-1M");
    group.sample_size(10);

    // Two filters in turn, so every iteration rebuilds the mask and the filtered index.
    let one_actor = Filter {
        actors: ["a7".to_owned()].into(),
        ..Filter::default()
    };
    let kind_and_sources = Filter {
        kinds: ["sanctions".to_owned()].into(),
        has_sources: true,
        ..Filter::default()
    };
    let mut flip = false;
    group.bench_function("filter-change", |b| {
        b.iter(|| {
            flip = !flip;
            document.shown.settings.filter = if flip {
                one_actor.clone()
            } else {
                kind_and_sources.clone()
            };
            document.refresh_shown();
            black_box(document.shown.shown_count(&document.dataset));
        })
    });
    document.shown.settings.filter = Filter::default();
    document.refresh_shown();

    // A keystroke: the query grows by a letter, everything is searched again.
    let queries = ["actor 01", "actor 012", "actor 0123"];
    let mut at = 0;
    group.bench_function("search-keystroke", |b| {
        b.iter(|| {
            at = (at + 1) % queries.len();
            document.shown.search.query = queries[at].to_owned();
            document.refresh_shown();
            black_box(document.shown.search.results.len());
        })
    });

    let fit = document.fit_window();
    let mut view = TimelineView::fitted(&document);
    group.bench_function("tab-to-next-event", |b| {
        b.iter(|| {
            let next = document
                .shown
                .step_event(&document.dataset, view.selected, true, fit);
            view.selected = next;
            black_box(next);
        })
    });

    // A frame of one year with a filter on and a search ringing its results.
    document.shown.settings.filter = kind_and_sources.clone();
    document.shown.search.query = "actor 01".to_owned();
    document.refresh_shown();
    let ctx = egui::Context::default();
    timelanes::render::fonts::install(&ctx);
    let style = Style::light();
    let middle = fit.center();
    view.window = TimeWindow::new(
        middle - SECONDS_PER_YEAR / 2.0,
        middle + SECONDS_PER_YEAR / 2.0,
    );
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
        black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    };
    frame();
    group.bench_function("frame-one-year-filtered-and-searched", |b| {
        b.iter(&mut frame)
    });
    group.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
