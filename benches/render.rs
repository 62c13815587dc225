//! How long a publication picture takes: layout, SVG and PNG of the bundled dataset and of
//! 100,000 synthetic events (generated at run time, never stored).

use std::hint::black_box;

/// The same allocator as the binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use timelanes::index::TimelineIndex;
use timelanes::layout::{LaneSpec, PageInput, Style, layout_page};
use timelanes::model::Dataset;
use timelanes::render::export::{ImageFormat, scene_bytes};
use timelanes::render::headless::HeadlessMeasure;
use timelanes::synth::{SynthOptions, write_dataset};
use timelanes::time::{TimeWindow, Timestamp};

fn synthetic(events: usize, actors: usize) -> Dataset {
    let mut bytes = Vec::new();
    write_dataset(
        SynthOptions {
            events,
            actors,
            seed: 1,
        },
        &mut bytes,
    )
    .expect("generated");
    timelanes::io::load_bytes("synthetic.json", &bytes)
        .expect("loads")
        .dataset
}

fn bench_render(c: &mut Criterion) {
    let measure = HeadlessMeasure::new();
    let style = Style::light();
    let now = Timestamp(1_767_225_600);
    let datasets = [
        (
            "bundled",
            timelanes::io::bundled::load().expect("loads").dataset,
        ),
        ("100k", synthetic(100_000, 50)),
    ];
    for (name, dataset) in &datasets {
        let index = TimelineIndex::build(dataset, now);
        let lanes = LaneSpec::all(dataset);
        let link_kinds = timelanes::view::link_kinds(dataset);
        let input = PageInput {
            zone: timelanes::time::Zone::Utc,
            dataset,
            index: &index,
            columns: None,
            lanes: &lanes,
            links: &dataset.links,
            link_kinds: &link_kinds,
            window: TimeWindow::fit_all(index.extent(), now),
            width: 1600.0,
            height: None,
            style: &style,
            title: None,
            now,
        };
        let mut group = c.benchmark_group(format!("render/{name}"));
        group.sample_size(10);
        group.bench_function("layout", |b| {
            b.iter(|| black_box(layout_page(&input, &measure)))
        });
        let scene = layout_page(&input, &measure);
        group.bench_function("svg", |b| {
            b.iter(|| black_box(scene_bytes(&scene, ImageFormat::Svg, 1.0).expect("svg")))
        });
        group.bench_function("png", |b| {
            b.iter(|| black_box(scene_bytes(&scene, ImageFormat::Png, 1.0).expect("png")))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
