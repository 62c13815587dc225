//! Noticing that the open file changed on disk: a thread looks at its size and modification
//! time once a second (no repaint while nothing changes), waits for the writer to finish, and
//! wakes the window. Tests look more often (`AppOptions::watch_interval`) instead of sleeping.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How often the file is looked at, unless told otherwise.
pub const DEFAULT_WATCH_INTERVAL: Duration = Duration::from_secs(1);
/// A change is reported once the file has stayed the same this long (an editor still
/// writing it would give a half file), or one interval if that is shorter.
const SETTLE: Duration = Duration::from_millis(300);

/// What identifies a version of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
}

impl FileStamp {
    pub fn of(path: &std::path::Path) -> Option<Self> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Self {
            modified: metadata.modified().ok(),
            len: metadata.len(),
        })
    }
}

/// Watches one file until dropped.
pub struct FileWatch {
    stop: Arc<AtomicBool>,
    changed: Arc<AtomicBool>,
    /// How many times the file was looked at (tests wait for looks, not for time).
    #[cfg_attr(not(test), allow(dead_code))]
    looks: Arc<AtomicU64>,
}

impl FileWatch {
    /// Starts watching `path`, which was loaded as `stamp`, looking every `interval`.
    pub fn spawn(
        path: PathBuf,
        stamp: FileStamp,
        interval: Duration,
        ctx: &egui::Context,
    ) -> Option<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let changed = Arc::new(AtomicBool::new(false));
        let looks = Arc::new(AtomicU64::new(0));
        let (thread_stop, thread_changed, thread_looks, ctx) =
            (stop.clone(), changed.clone(), looks.clone(), ctx.clone());
        let settle = SETTLE.min(interval);
        std::thread::Builder::new()
            .name("timelanes-file-watch".to_owned())
            .spawn(move || {
                let mut known = stamp;
                while !thread_stop.load(Ordering::Relaxed) {
                    std::thread::sleep(interval);
                    thread_looks.fetch_add(1, Ordering::Relaxed);
                    let Some(now) = FileStamp::of(&path) else {
                        continue;
                    };
                    if now == known {
                        continue;
                    }
                    std::thread::sleep(settle);
                    if FileStamp::of(&path) != Some(now) {
                        continue; // still being written: look again next time
                    }
                    known = now;
                    thread_changed.store(true, Ordering::Relaxed);
                    ctx.request_repaint();
                }
            })
            .ok()?;
        Some(Self {
            stop,
            changed,
            looks,
        })
    }

    /// How many times the file has been looked at.
    #[cfg(test)]
    pub fn looks(&self) -> u64 {
        self.looks.load(Ordering::Relaxed)
    }

    /// Whether the file changed since the last call.
    pub fn take_change(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}

impl Drop for FileWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_a_change_once_it_settles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data.json");
        std::fs::write(&path, "first").expect("write");
        let stamp = FileStamp::of(&path).expect("exists");
        let interval = Duration::from_millis(10);
        let watch = FileWatch::spawn(path.clone(), stamp, interval, &egui::Context::default())
            .expect("watching");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while watch.looks() < 3 {
            assert!(
                std::time::Instant::now() < deadline,
                "the watcher never looked"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!watch.take_change(), "nothing changed yet");
        std::fs::write(&path, "second, longer").expect("write");
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !watch.take_change() {
            assert!(
                std::time::Instant::now() < deadline,
                "the change was not noticed"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!watch.take_change(), "reported once");
    }
}
