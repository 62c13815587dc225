//! What the benchmarks share: a synthetic dataset opened as the window would open it.

use timelanes::app::{Document, DocumentSource};
use timelanes::time::Timestamp;

/// `events` synthetic events over 50 lanes (seed 1), loaded, indexed, with a fixed "now".
pub fn synthetic_document(events: usize) -> Document {
    let bytes = timelanes::synth::generate(events, 50, 1);
    let loaded = timelanes::io::load_bytes("synthetic.json", &bytes).expect("loads");
    Document::new(DocumentSource::Bundled, loaded, Timestamp(1_767_225_600))
}
