//! The small settings struct (theme, recent files), kept in a JSON file of its own and written
//! atomically, so that a crash or a full disk never leaves a broken one. A file that cannot be
//! read gives the defaults and a warning, and is kept aside for inspection; it never stops the
//! program from starting. Never the dataset or the view.
//!
//! The window never waits for the disk: a [`SettingsSaver`] thread writes them, at most once
//! a second while they change (typing a date in the filter panel changes them at every key),
//! and once more when the window closes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use crate::layout::ThemeChoice;

/// How many recently opened files the File menu remembers.
pub const MAX_RECENT_FILES: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Reload the open file when it changes on disk, without asking.
    pub auto_reload: bool,
    /// Column mappings chosen for CSV files, by their header.
    pub csv_mappings: std::collections::HashMap<String, crate::io::csv_table::ColumnMapping>,
    /// Filters and lane arrangement per file (by full path), most recently changed last.
    pub views: std::collections::BTreeMap<String, crate::view::ViewSettings>,
    /// The order files' views were last changed in, to forget the oldest.
    pub view_order: Vec<String>,
    /// The clock of the axis and of clock times, as [`crate::time::Zone::parse`] reads it
    /// (`UTC`, `local`, `Europe/Kyiv`); empty or unknown means UTC.
    pub time_zone: String,
}

/// How many files' view settings are kept.
pub const MAX_REMEMBERED_VIEWS: usize = 100;

impl Settings {
    /// Where settings live: `~/.local/share/timelanes/settings.json` on Linux.
    pub fn default_path() -> Option<PathBuf> {
        eframe::storage_dir("timelanes").map(|dir| dir.join("settings.json"))
    }

    /// The settings in `path`: the defaults when there is no file yet; the defaults and a
    /// warning when it cannot be read (the broken file is renamed `….bad`).
    pub fn load(path: &Path) -> (Self, Option<String>) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return (Self::default(), None);
            }
            Err(error) => {
                return (
                    Self::default(),
                    Some(format!(
                        "Could not read the settings in {} ({error}); the defaults are used.",
                        path.display()
                    )),
                );
            }
        };
        match serde_json::from_str(&text) {
            Ok(settings) => (settings, None),
            Err(error) => {
                let aside = path.with_extension("json.bad");
                let kept = std::fs::rename(path, &aside).is_ok();
                let where_kept = if kept {
                    format!("; the old file is kept as {}", aside.display())
                } else {
                    String::new()
                };
                (
                    Self::default(),
                    Some(format!(
                        "The settings in {} could not be read ({error}); the defaults are used{where_kept}.",
                        path.display()
                    )),
                )
            }
        }
    }

    /// Writes the settings atomically, creating the folder if needed.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::io::atomic::write_atomic(path, text.as_bytes())
    }

    /// Keeps a file's view settings, forgetting the least recently changed beyond
    /// [`MAX_REMEMBERED_VIEWS`].
    pub fn remember_view(&mut self, key: String, view: crate::view::ViewSettings) {
        self.view_order.retain(|k| *k != key);
        self.view_order.push(key.clone());
        self.views.insert(key, view);
        while self.view_order.len() > MAX_REMEMBERED_VIEWS {
            let oldest = self.view_order.remove(0);
            self.views.remove(&oldest);
        }
    }

    /// Puts `path` at the top of the recent files.
    pub fn remember_file(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }
}

/// The shortest time between two writes of the settings file.
pub const SAVE_INTERVAL: Duration = Duration::from_secs(1);

/// Writes settings on a background thread, the newest version at most every
/// [`SAVE_INTERVAL`]; [`SettingsSaver::flush`] writes what is pending and waits for it.
pub struct SettingsSaver {
    sender: Option<Sender<Settings>>,
    thread: Option<std::thread::JoinHandle<()>>,
    failures: Receiver<String>,
}

impl SettingsSaver {
    /// Starts the writer for `path`; `ctx` is woken when a write fails, to say so.
    pub fn spawn(path: PathBuf, ctx: &egui::Context) -> Self {
        let (sender, receiver) = channel::<Settings>();
        let (failed, failures) = channel();
        let ctx = ctx.clone();
        let thread = std::thread::Builder::new()
            .name("timelanes-settings".to_owned())
            .spawn(move || {
                let write = |settings: &Settings| {
                    if let Err(error) = settings.save(&path) {
                        let _ = failed
                            .send(format!("Settings not saved to {}: {error}", path.display()));
                        ctx.request_repaint();
                    }
                };
                let mut last_write: Option<Instant> = None;
                while let Ok(mut newest) = receiver.recv() {
                    // Wait out the interval since the last write, keeping only the newest.
                    let mut closed = false;
                    if let Some(last) = last_write {
                        let due = last + SAVE_INTERVAL;
                        loop {
                            let left = due.saturating_duration_since(Instant::now());
                            match receiver.recv_timeout(left) {
                                Ok(newer) => newest = newer,
                                Err(RecvTimeoutError::Timeout) => break,
                                Err(RecvTimeoutError::Disconnected) => {
                                    closed = true;
                                    break;
                                }
                            }
                        }
                    }
                    write(&newest);
                    last_write = Some(Instant::now());
                    if closed {
                        break;
                    }
                }
            })
            .ok();
        Self {
            sender: Some(sender),
            thread,
            failures,
        }
    }

    /// Queues `settings` to be written; returns at once.
    pub fn save(&self, settings: Settings) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(settings);
        }
    }

    /// A write that failed since the last call, as a message for the user.
    pub fn take_failure(&self) -> Option<String> {
        self.failures.try_iter().last()
    }

    /// Writes what is queued now and waits for it (the window is closing).
    pub fn flush(&mut self) {
        self.sender = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for SettingsSaver {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_and_bounded() {
        let mut settings = Settings::default();
        for i in 0..15 {
            settings.remember_file(Path::new(&format!("/tmp/file-{i}.json")));
        }
        settings.remember_file(Path::new("/tmp/file-3.json"));
        assert_eq!(settings.recent_files.len(), MAX_RECENT_FILES);
        assert_eq!(settings.recent_files[0], Path::new("/tmp/file-3.json"));
        assert_eq!(
            settings
                .recent_files
                .iter()
                .filter(|p| p.ends_with("file-3.json"))
                .count(),
            1
        );
    }

    #[test]
    fn settings_round_trip_through_their_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested/settings.json");
        assert_eq!(
            Settings::load(&path),
            (Settings::default(), None),
            "no file yet"
        );
        let settings = Settings {
            theme: ThemeChoice::Dark,
            recent_files: vec![PathBuf::from("/data/a.json")],
            auto_reload: true,
            csv_mappings: std::collections::HashMap::new(),
            views: Default::default(),
            view_order: Vec::new(),
            time_zone: "Europe/Kyiv".to_owned(),
        };
        settings.save(&path).expect("saved");
        assert_eq!(Settings::load(&path), (settings, None));
    }

    #[test]
    fn missing_fields_take_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"theme": "Light", "unknown": 1}"#).expect("write");
        let (settings, warning) = Settings::load(&path);
        assert_eq!(settings.theme, ThemeChoice::Light);
        assert!(settings.recent_files.is_empty());
        assert_eq!(warning, None);
    }

    #[test]
    fn a_corrupt_file_gives_defaults_a_warning_and_is_kept_aside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{{{ not json").expect("write");
        let (settings, warning) = Settings::load(&path);
        assert_eq!(settings, Settings::default());
        let warning = warning.expect("a warning");
        assert!(warning.contains("could not be read"), "{warning}");
        assert!(warning.contains("settings.json.bad"), "{warning}");
        assert!(dir.path().join("settings.json.bad").exists());
        // An old format (a field of the wrong type) is the same.
        std::fs::write(&path, r#"{"theme": 3}"#).expect("write");
        assert!(Settings::load(&path).1.is_some());
    }

    #[test]
    fn an_unwritable_place_is_an_error_and_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.json");
        Settings::default().save(&path).expect("saved");
        let blocked = dir.path().join("settings.json").join("inside.json");
        assert!(Settings::default().save(&blocked).is_err());
        assert!(Settings::load(&path).1.is_none(), "the old file is intact");
    }

    #[test]
    fn the_saver_never_waits_and_writes_the_newest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.json");
        let mut saver = SettingsSaver::spawn(path.clone(), &egui::Context::default());
        let started = Instant::now();
        for i in 0..200 {
            let mut settings = Settings::default();
            settings
                .recent_files
                .push(PathBuf::from(format!("/data/{i}.json")));
            saver.save(settings);
        }
        let queued_in = started.elapsed();
        assert!(
            queued_in < SAVE_INTERVAL / 2,
            "saving never waits for the disk ({queued_in:?})"
        );
        saver.flush();
        let (saved, warning) = Settings::load(&path);
        assert_eq!(warning, None);
        assert_eq!(
            saved.recent_files,
            vec![PathBuf::from("/data/199.json")],
            "the newest settings are on disk once flushed"
        );
        assert!(saver.take_failure().is_none());
    }

    #[test]
    fn the_saver_reports_a_failed_write() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A folder where the file should be: the write fails.
        let path = dir.path().join("settings.json");
        std::fs::create_dir(&path).expect("folder");
        let mut saver = SettingsSaver::spawn(path, &egui::Context::default());
        saver.save(Settings::default());
        saver.flush();
        let failure = saver.take_failure().expect("a failure");
        assert!(failure.starts_with("Settings not saved to "), "{failure}");
    }
}
