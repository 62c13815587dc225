//! Filters: by actor, kind, tag, date range and "has sources". Each list means "only these"
//! and an empty list means "all", as in a faceted search.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{ActorIdx, Dataset, EventSet};
use crate::time::{Date, TimeRange, Timestamp};

/// A filter as the user set it, by names (so it survives edits of the file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Events that involve at least one of these actors (by id).
    pub actors: BTreeSet<String>,
    /// Events of one of these kinds.
    pub kinds: BTreeSet<String>,
    /// Events with at least one of these tags.
    pub tags: BTreeSet<String>,
    /// Events that reach into this range of dates, as typed ("2014", "2021-11"); empty is open.
    pub from: String,
    pub to: String,
    /// Only events that cite at least one source.
    pub has_sources: bool,
}

/// A filter checked against a dataset: ids resolved, dates parsed.
#[derive(Clone, Debug)]
pub struct CompiledFilter {
    actors: Option<Vec<bool>>,
    kinds: Option<BTreeSet<String>>,
    tags: Option<BTreeSet<String>>,
    range: Option<TimeRange>,
    has_sources: bool,
    /// Why a date the user typed is not used, to show beside the field.
    pub from_error: Option<String>,
    pub to_error: Option<String>,
}

impl Filter {
    /// Whether it lets every event through.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.kinds.is_empty()
            && self.tags.is_empty()
            && self.from.trim().is_empty()
            && self.to.trim().is_empty()
            && !self.has_sources
    }

    pub fn compile(&self, dataset: &Dataset) -> CompiledFilter {
        let actors = (!self.actors.is_empty()).then(|| {
            dataset
                .actors
                .iter()
                .map(|a| self.actors.contains(&a.id))
                .collect()
        });
        let date = |text: &str| -> (Option<Date>, Option<String>) {
            let text = text.trim();
            if text.is_empty() {
                return (None, None);
            }
            match Date::parse(text) {
                Ok(date) => (Some(date), None),
                Err(error) => (
                    None,
                    Some(format!(
                        "“{text}” is not a date ({error}); write 2014, 2021-11 or 2021-11-15"
                    )),
                ),
            }
        };
        let (from, from_error) = date(&self.from);
        let (to, to_error) = date(&self.to);
        // Typed days are the days of the zone the events are drawn in.
        let zone = dataset.day_zone();
        let range = match (from, to) {
            (None, None) => None,
            (from, to) => Some(TimeRange::new(
                from.map_or(Timestamp(i64::MIN / 4), |d| {
                    zone.on_local_days(&d, d.earliest())
                }),
                to.map_or(Timestamp(i64::MAX / 4), |d| {
                    zone.on_local_days(&d, d.latest())
                }),
            )),
        };
        CompiledFilter {
            actors,
            kinds: (!self.kinds.is_empty()).then(|| self.kinds.clone()),
            tags: (!self.tags.is_empty()).then(|| self.tags.clone()),
            range,
            has_sources: self.has_sources,
            from_error,
            to_error,
        }
    }
}

impl CompiledFilter {
    fn lets_all_through(&self) -> bool {
        self.actors.is_none()
            && self.kinds.is_none()
            && self.tags.is_none()
            && self.range.is_none()
            && !self.has_sources
    }

    /// The events it lets through; `None` when that is every event.
    pub fn apply(&self, dataset: &Dataset, now: Timestamp) -> Option<EventSet> {
        if self.lets_all_through() {
            return None;
        }
        let mut set = EventSet::new(dataset.event_count());
        for event in dataset.events() {
            if let Some(actors) = &self.actors
                && !event
                    .actors()
                    .iter()
                    .any(|a: &ActorIdx| actors.get(a.index()).copied().unwrap_or(false))
            {
                continue;
            }
            if let Some(kinds) = &self.kinds
                && !event.kind().is_some_and(|k| kinds.contains(k))
            {
                continue;
            }
            if let Some(tags) = &self.tags
                && !event.tags().any(|t| tags.contains(t))
            {
                continue;
            }
            if let Some(range) = self.range {
                let span = event.span(now);
                if span.end < range.start || span.start > range.end {
                    continue;
                }
            }
            if self.has_sources && event.sources().next().is_none() {
                continue;
            }
            set.insert(event.idx());
        }
        Some(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Dataset {
        crate::io::bundled::load().expect("loads").dataset
    }

    fn titles(dataset: &Dataset, set: &EventSet) -> Vec<String> {
        set.iter()
            .filter_map(|e| dataset.event(e))
            .map(|e| e.title().to_owned())
            .collect()
    }

    #[test]
    fn an_empty_filter_lets_everything_through() {
        let dataset = bundled();
        let filter = Filter::default();
        assert!(filter.is_empty());
        assert_eq!(filter.compile(&dataset).apply(&dataset, Timestamp(0)), None);
    }

    #[test]
    fn each_facet_narrows_and_they_combine() {
        let dataset = bundled();
        let now = Timestamp::now();
        let china = Filter {
            actors: ["cn".to_owned()].into(),
            ..Filter::default()
        };
        let set = china.compile(&dataset).apply(&dataset, now).expect("a set");
        let total = dataset.event_count();
        assert!(
            set.len() > 3 && set.len() < total,
            "{} of {total}",
            set.len()
        );
        for event in set.iter().filter_map(|e| dataset.event(e)) {
            assert!(
                event
                    .actors()
                    .iter()
                    .any(|&a| dataset.actors[a.index()].id == "cn")
            );
        }
        // China in 2014 only: the sanctions help.
        let china_2014 = Filter {
            from: "2014".into(),
            to: "2014".into(),
            ..china
        };
        let set = china_2014
            .compile(&dataset)
            .apply(&dataset, now)
            .expect("a set");
        assert_eq!(
            titles(&dataset, &set),
            ["China helps Russia get around 2014 sanctions"]
        );
    }

    #[test]
    fn a_bad_date_is_explained_and_ignored() {
        let dataset = bundled();
        let filter = Filter {
            from: "last spring".into(),
            ..Filter::default()
        };
        let compiled = filter.compile(&dataset);
        let error = compiled.from_error.clone().expect("an error");
        assert!(error.contains("last spring"), "{error}");
        assert_eq!(
            compiled.apply(&dataset, Timestamp(0)),
            None,
            "nothing filtered"
        );
    }
}
