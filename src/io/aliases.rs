//! Actor aliases: the many ways imported files name an actor ("RUS", "RUSGOV", "Russian
//! Federation", "Military Forces of Russia (2000-)") folded into one lane ("Russia").
//!
//! A default table ships with the program (`assets/aliases`: ISO 3166 countries with their
//! common names and variants, CAMEO actor types, known groups and event codes); the user's
//! own aliases come first and are kept beside the settings.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

const COUNTRIES: &str = include_str!("../../assets/aliases/countries.tsv");
const CAMEO: &str = include_str!("../../assets/aliases/cameo.tsv");

/// GDELT's CAMEO country codes that are not ISO alpha-3 (legacy codes and regions).
const CAMEO_EXTRA_COUNTRIES: &[(&str, &str)] = &[
    ("ROM", "Romania"),
    ("MTN", "Montenegro"),
    ("IMY", "Isle of Man"),
    ("TMP", "East Timor"),
    ("ANT", "Netherlands Antilles"),
    ("WSB", "Palestine"),
    ("GZS", "Palestine"),
    ("AFR", "Africa"),
    ("ASA", "Asia"),
    ("EUR", "Europe"),
    ("MEA", "Middle East"),
    ("WST", "The West"),
    ("NMR", "North America"),
    ("SAM", "South America"),
    ("CAS", "Central Asia"),
    ("SEA", "Southeast Asia"),
];

/// ACLED names state forces "Military Forces of Russia (2000-)": these prefixes name a country.
const STATE_PREFIXES: &[&str] = &[
    "military forces of ",
    "police forces of ",
    "government of ",
    "armed forces of ",
    "naval forces of ",
    "air force of ",
];

/// One alias the user added: `from` (a name or code, any case) goes to the lane `to`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasRule {
    pub from: String,
    pub to: String,
}

/// The table that turns imported names and codes into lane names.
#[derive(Clone, Debug)]
pub struct Aliases {
    user: HashMap<String, String>,
    user_rules: Vec<AliasRule>,
    /// Country names, variants and codes (upper case) → the country's lane name.
    countries: HashMap<String, String>,
    /// CAMEO country codes → country name.
    country_codes: HashMap<String, String>,
    actor_types: HashMap<String, String>,
    known_groups: HashMap<String, String>,
    event_roots: HashMap<String, String>,
    quad_classes: HashMap<String, String>,
}

fn key(text: &str) -> String {
    text.trim().to_uppercase()
}

impl Default for Aliases {
    fn default() -> Self {
        Self::with_user_rules(Vec::new())
    }
}

impl Aliases {
    /// The shipped table with the user's rules in front.
    pub fn with_user_rules(rules: Vec<AliasRule>) -> Self {
        let mut countries = HashMap::new();
        let mut country_codes = HashMap::new();
        for line in COUNTRIES.lines().skip(1) {
            let mut fields = line.split('\t');
            let (Some(alpha3), Some(alpha2), Some(name)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let variants = fields.next().unwrap_or("");
            country_codes.insert(alpha3.to_owned(), name.to_owned());
            for alias in [alpha3, alpha2, name]
                .into_iter()
                .chain(variants.split(';'))
                .filter(|a| !a.trim().is_empty())
            {
                countries.insert(key(alias), name.to_owned());
            }
        }
        for (code, name) in CAMEO_EXTRA_COUNTRIES {
            country_codes.insert((*code).to_owned(), (*name).to_owned());
            countries
                .entry(key(code))
                .or_insert_with(|| (*name).to_owned());
        }
        let mut actor_types = HashMap::new();
        let mut known_groups = HashMap::new();
        let mut event_roots = HashMap::new();
        let mut quad_classes = HashMap::new();
        for line in CAMEO.lines().skip(1) {
            let mut fields = line.split('\t');
            let (Some(kind), Some(code), Some(name)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let table = match kind {
                "actor_type" => &mut actor_types,
                "known_group" => &mut known_groups,
                "event_root" => &mut event_roots,
                "quad_class" => &mut quad_classes,
                _ => continue,
            };
            table.insert(code.to_owned(), name.to_owned());
        }
        let user = rules
            .iter()
            .filter(|r| !r.from.trim().is_empty() && !r.to.trim().is_empty())
            .map(|r| (key(&r.from), r.to.trim().to_owned()))
            .collect();
        Self {
            user,
            user_rules: rules,
            countries,
            country_codes,
            actor_types,
            known_groups,
            event_roots,
            quad_classes,
        }
    }

    /// The user's rules, as given.
    pub fn user_rules(&self) -> &[AliasRule] {
        &self.user_rules
    }

    /// The lane for an actor named in a file (ACLED, TimelineJS groups, CSV columns).
    pub fn lane_for_name(&self, name: &str) -> String {
        self.renamed(self.fold_name(name))
    }

    /// A user rule may also rename a lane the built-in table made ("Russia" → "RU").
    fn renamed(&self, lane: String) -> String {
        self.user.get(&key(&lane)).cloned().unwrap_or(lane)
    }

    fn fold_name(&self, name: &str) -> String {
        let name = name.trim();
        if let Some(lane) = self.user.get(&key(name)) {
            return lane.clone();
        }
        // "Military Forces of Russia (2000-)": drop the period in parentheses, then the
        // state's prefix.
        let mut core = name;
        if let Some(open) = core.rfind(" (") {
            let inside = &core[open + 2..];
            if inside.ends_with(')') && inside.starts_with(|c: char| c.is_ascii_digit()) {
                core = &core[..open];
            }
        }
        if let Some(lane) = self.user.get(&key(core)) {
            return lane.clone();
        }
        let lower = core.to_lowercase();
        for prefix in STATE_PREFIXES {
            if let Some(rest) = lower.strip_prefix(prefix)
                && let Some(country) = self.countries.get(&key(rest))
            {
                return country.clone();
            }
        }
        if let Some(country) = self.countries.get(&key(core)) {
            return country.clone();
        }
        core.to_owned()
    }

    /// The lane for a GDELT actor: its CAMEO code (`RUSGOV`, `COP`, `NAT`), name and
    /// country code. `None` when the event has no such actor.
    pub fn lane_for_cameo(&self, code: &str, name: &str, country: &str) -> Option<String> {
        self.fold_cameo(code, name, country)
            .map(|lane| self.renamed(lane))
    }

    fn fold_cameo(&self, code: &str, name: &str, country: &str) -> Option<String> {
        let (code, name, country) = (code.trim(), name.trim(), country.trim());
        if code.is_empty() && name.is_empty() {
            return None;
        }
        for candidate in [code, name] {
            if let Some(lane) = self.user.get(&key(candidate)) {
                return Some(lane.clone());
            }
        }
        if let Some(lane) = self.country_codes.get(country) {
            return Some(lane.clone());
        }
        let head = code.get(..3).unwrap_or(code);
        if let Some(lane) = self.country_codes.get(head) {
            return Some(lane.clone());
        }
        if let Some(group) = self
            .known_groups
            .get(code)
            .or_else(|| self.known_groups.get(head))
        {
            return Some(group.clone());
        }
        if let Some(kind) = self.actor_types.get(head) {
            return Some(kind.clone());
        }
        if !name.is_empty() {
            return Some(title_case(name));
        }
        Some(code.to_owned())
    }

    /// The name of a CAMEO root event code ("19" → "Fight").
    pub fn event_root(&self, code: &str) -> Option<&str> {
        self.event_roots.get(code.trim()).map(String::as_str)
    }

    /// The name of a GDELT quad class ("4" → "Material conflict").
    pub fn quad_class(&self, code: &str) -> Option<&str> {
        self.quad_classes.get(code.trim()).map(String::as_str)
    }

    /// The user's aliases in `path` (JSON), or none when there is no file; a file that
    /// cannot be read gives none and a warning.
    pub fn load_user_rules(path: &Path) -> (Vec<AliasRule>, Option<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(rules) => (rules, None),
                Err(error) => (
                    Vec::new(),
                    Some(format!(
                        "The actor aliases in {} could not be read ({error}); only the built-in ones are used.",
                        path.display()
                    )),
                ),
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
            Err(error) => (
                Vec::new(),
                Some(format!(
                    "Could not read the actor aliases in {} ({error}).",
                    path.display()
                )),
            ),
        }
    }

    /// Writes the user's aliases atomically.
    pub fn save_user_rules(rules: &[AliasRule], path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(rules).map_err(std::io::Error::other)?;
        super::atomic::write_atomic(path, text.as_bytes())
    }
}

/// "UNITED STATES" → "United States" (GDELT writes names in capitals).
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A lane id from its name: lower case, letters and digits, dashes between.
pub fn lane_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !id.is_empty() {
                id.push('-');
            }
            id.push(c);
            dash = false;
        } else {
            dash = true;
        }
    }
    if id.is_empty() {
        "actor".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_into_countries() {
        let aliases = Aliases::default();
        for (name, lane) in [
            ("Russia", "Russia"),
            ("Russian Federation", "Russia"),
            ("RUS", "Russia"),
            ("Military Forces of Russia (2000-)", "Russia"),
            ("Police Forces of Ukraine (2019-)", "Ukraine"),
            ("United States of America", "United States"),
            ("USA", "United States"),
            ("Protesters (Ukraine)", "Protesters (Ukraine)"),
            ("Wagner Group", "Wagner Group"),
            ("  China ", "China"),
        ] {
            assert_eq!(aliases.lane_for_name(name), lane, "{name}");
        }
    }

    #[test]
    fn cameo_codes_fold_into_countries_groups_and_types() {
        let aliases = Aliases::default();
        let lane = |code, name, country| aliases.lane_for_cameo(code, name, country);
        assert_eq!(lane("RUSGOV", "MOSCOW", "RUS").as_deref(), Some("Russia"));
        assert_eq!(lane("RUSMIL", "RUSSIA", "").as_deref(), Some("Russia"));
        assert_eq!(
            lane("USAGOV", "JOE BIDEN", "USA").as_deref(),
            Some("United States")
        );
        assert_eq!(lane("NAT", "NATO", "").as_deref(), Some("NATO"));
        assert_eq!(lane("COP", "POLICE", "").as_deref(), Some("Police"));
        assert_eq!(lane("ROM", "ROMANIA", "ROM").as_deref(), Some("Romania"));
        assert_eq!(
            lane("ZZZ", "SOMEBODY ELSE", "").as_deref(),
            Some("Somebody Else")
        );
        assert_eq!(lane("", "", ""), None);
        assert_eq!(aliases.event_root("19"), Some("Fight"));
        assert_eq!(aliases.quad_class("4"), Some("Material conflict"));
    }

    #[test]
    fn user_rules_come_first() {
        let aliases = Aliases::with_user_rules(vec![
            AliasRule {
                from: "wagner group".into(),
                to: "Russia".into(),
            },
            AliasRule {
                from: "COP".into(),
                to: "Security forces".into(),
            },
        ]);
        assert_eq!(aliases.lane_for_name("Wagner Group"), "Russia");
        assert_eq!(
            aliases.lane_for_cameo("COP", "POLICE", "").as_deref(),
            Some("Security forces")
        );
    }

    #[test]
    fn user_rules_round_trip_and_survive_corruption() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("aliases.json");
        let rules = vec![AliasRule {
            from: "RUSMIL".into(),
            to: "Russian army".into(),
        }];
        Aliases::save_user_rules(&rules, &path).expect("saved");
        assert_eq!(Aliases::load_user_rules(&path), (rules, None));
        std::fs::write(&path, "nonsense").expect("write");
        let (rules, warning) = Aliases::load_user_rules(&path);
        assert!(rules.is_empty());
        assert!(warning.is_some_and(|w| w.contains("could not be read")));
    }

    #[test]
    fn lane_ids() {
        assert_eq!(lane_id("United States"), "united-states");
        assert_eq!(lane_id("Protesters (Ukraine)"), "protesters-ukraine");
        assert_eq!(lane_id("Côte d'Ivoire"), "côte-d-ivoire");
        assert_eq!(lane_id("!!!"), "actor");
    }
}
