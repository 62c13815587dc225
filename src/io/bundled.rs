//! The dataset built into the program, opened when `timelanes` runs without a file: US efforts
//! to get China to help prevent Russia's war on Ukraine, from The New York Times, 2022-02-25.

/// The bundled file's name, for titles and messages.
pub const FILE_NAME: &str = "us-china-ukraine-2022.json";

/// The bundled file's content (`data/us-china-ukraine-2022.json`).
pub const JSON: &str = include_str!("../../data/us-china-ukraine-2022.json");

/// Loads the bundled dataset.
pub fn load() -> Result<super::Loaded, super::LoadError> {
    super::load_bytes(FILE_NAME, JSON.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_dataset_loads_cleanly() {
        let loaded = super::load().expect("the bundled dataset loads");
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let names: Vec<_> = loaded
            .dataset
            .actors
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["United States", "China", "Russia", "Ukraine", "NATO"]
        );
        assert!(loaded.dataset.event_count() >= 20);
    }
}
