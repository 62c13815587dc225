//! Progress of a load, shared between the loader thread (which reports) and the window (which
//! shows a progress bar and may cancel). Lock-free: plain atomics, read at any time.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

/// What a load is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Parsing,
    Indexing,
}

/// Shared progress and the cancel flag of one load.
#[derive(Debug, Default)]
pub struct LoadProgress {
    stage: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl LoadProgress {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set_stage(&self, stage: Stage, total: u64) {
        self.stage.store(stage as u8, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// The current stage, and how far it is (0–1).
    pub fn get(&self) -> (Stage, f32) {
        let stage = match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Parsing,
            _ => Stage::Indexing,
        };
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed).min(total);
        let fraction = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        (stage, fraction)
    }

    /// The whole load's progress (0–1): reading a third, parsing most, indexing the rest.
    pub fn overall(&self) -> f32 {
        let (stage, fraction) = self.get();
        match stage {
            Stage::Reading => fraction * 0.15,
            Stage::Parsing => 0.15 + fraction * 0.75,
            Stage::Indexing => 0.9 + fraction * 0.1,
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}
