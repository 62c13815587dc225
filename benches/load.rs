//! Loading: parse + validate + index of 100k and 1M synthetic events from the native format
//! (the file is generated in memory first; nothing is stored).

use std::hint::black_box;

/// The same allocator as the binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use timelanes::index::TimelineIndex;
use timelanes::time::Timestamp;

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for events in [100_000, 1_000_000] {
        let bytes = timelanes::synth::generate(events, 50, 1);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{events}"), |b| {
            // Dropping the result is not loading: keep it out of the figure.
            b.iter_with_large_drop(|| {
                let loaded = timelanes::io::load_bytes("synthetic.json", &bytes).expect("loads");
                let index = TimelineIndex::build(&loaded.dataset, Timestamp(1_767_225_600));
                black_box((loaded, index))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
