//! The small settings struct persisted with eframe's storage: theme and recent files. Never the
//! dataset or the view.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The key under which eframe stores the settings.
const STORAGE_KEY: &str = "timelanes-settings";

/// How many recently opened files the File menu remembers.
pub const MAX_RECENT_FILES: usize = 10;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn to_egui(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
}

impl Settings {
    /// The stored settings, or the defaults when there are none or they cannot be read.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default()
    }

    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, self);
    }

    /// Puts `path` at the top of the recent files.
    pub fn remember_file(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
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

    /// eframe's storage, in memory.
    #[derive(Default)]
    struct MemoryStorage(std::collections::HashMap<String, String>);

    impl eframe::Storage for MemoryStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn settings_round_trip_through_storage() {
        let settings = Settings {
            theme: ThemeChoice::Dark,
            recent_files: vec![PathBuf::from("/data/a.json")],
        };
        let mut storage = MemoryStorage::default();
        settings.save(&mut storage);
        assert_eq!(Settings::load(Some(&storage)), settings);
    }

    #[test]
    fn missing_fields_and_garbage_fall_back_to_defaults() {
        let mut storage = MemoryStorage::default();
        eframe::Storage::set_string(&mut storage, STORAGE_KEY, "(theme: Light)".into());
        let partial = Settings::load(Some(&storage));
        assert_eq!(partial.theme, ThemeChoice::Light);
        assert!(partial.recent_files.is_empty());

        eframe::Storage::set_string(&mut storage, STORAGE_KEY, "{{{ not ron".into());
        assert_eq!(Settings::load(Some(&storage)), Settings::default());
        assert_eq!(Settings::load(None), Settings::default());
    }
}
