//! What of the open document is shown: its [`ViewSettings`] (filters, lane arrangement, link
//! toggles) and what they make of it — the filtered index the timeline draws from, the lanes,
//! the links, the search results. Rebuilt only when a setting changes.

use std::sync::Arc;

use super::{CompiledFilter, ViewSettings, link_kinds, search};
use crate::index::TimelineIndex;
use crate::layout::{LaneSpec, LinkIndex};
use crate::model::{Dataset, EventIdx, EventSet, Link};
use crate::time::Timestamp;

/// A search and where the user is in its results.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    /// In time order.
    pub results: Vec<EventIdx>,
    /// The same, as a set, for the timeline's rings.
    pub marked: Option<EventSet>,
    /// The result last moved to.
    pub current: Option<usize>,
    /// The query and filter (its generation) the results are for.
    searched: Option<(String, u64)>,
}

/// The values a filter can choose from, with how many events have each: most common first.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub kinds: Vec<(String, usize)>,
    pub tags: Vec<(String, usize)>,
}

/// How many events have each kind and each tag, or by how many that changed (an edit's
/// events put in count up, those taken out count down).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    kinds: ahash::AHashMap<String, i64>,
    tags: ahash::AHashMap<String, i64>,
}

impl Tally {
    /// Counts the kinds and tags of `events`, each `by` (1 for events put in, -1 for events
    /// taken out).
    pub fn count<'a>(&mut self, events: impl Iterator<Item = crate::model::Event<'a>>, by: i64) {
        for event in events {
            if let Some(kind) = event.kind() {
                *self.kinds.entry(kind.to_owned()).or_default() += by;
            }
            for tag in event.tags() {
                *self.tags.entry(tag.to_owned()).or_default() += by;
            }
        }
    }
}

/// Kinds and tags by frequency, most frequent first.
fn by_frequency(counts: impl IntoIterator<Item = (String, i64)>) -> Vec<(String, usize)> {
    let mut list: Vec<(String, usize)> = counts
        .into_iter()
        .filter_map(|(name, n)| Some((name, usize::try_from(n).ok().filter(|&n| n > 0)?)))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

impl Facets {
    fn of(dataset: &Dataset) -> Self {
        // Counted by borrowed name: a million events must not mean a million small strings
        // (an edit's few events go through [`Tally`] instead).
        let mut kinds: ahash::AHashMap<&str, i64> = ahash::AHashMap::new();
        let mut tags: ahash::AHashMap<&str, i64> = ahash::AHashMap::new();
        for event in dataset.events() {
            if let Some(kind) = event.kind() {
                *kinds.entry(kind).or_default() += 1;
            }
            for tag in event.tags() {
                *tags.entry(tag).or_default() += 1;
            }
        }
        Self {
            kinds: by_frequency(kinds.into_iter().map(|(k, n)| (k.to_owned(), n))),
            tags: by_frequency(tags.into_iter().map(|(k, n)| (k.to_owned(), n))),
        }
    }

    /// Follows an edit that changed the counts by `change`.
    pub fn follow(&mut self, change: &Tally) {
        let follow = |list: &mut Vec<(String, usize)>, change: &ahash::AHashMap<String, i64>| {
            let mut counts: ahash::AHashMap<String, i64> =
                list.drain(..).map(|(name, n)| (name, n as i64)).collect();
            for (name, n) in change {
                *counts.entry(name.clone()).or_default() += n;
            }
            *list = by_frequency(counts);
        };
        follow(&mut self.kinds, &change.kinds);
        follow(&mut self.tags, &change.tags);
    }
}

/// A number no generation had before. Generations are counted across documents, so a key
/// never outlives its document.
fn next_generation() -> u64 {
    static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What of a document is shown, and what the timeline needs to draw it.
pub struct Shown {
    pub settings: ViewSettings,
    /// What `settings` were when the parts below were built.
    built: ViewSettings,
    /// The filter as compiled (its date errors are shown beside the fields).
    pub filter: CompiledFilter,
    /// The events the filter lets through; `None` is all.
    pub mask: Option<EventSet>,
    /// Counts the times `mask` was rebuilt, so a search knows when to run again.
    mask_generation: u64,
    /// See [`Shown::generation`].
    generation: u64,
    /// The index of the shown events only (the document's own when nothing is filtered).
    pub index: Arc<TimelineIndex>,
    pub lanes: Vec<LaneSpec>,
    /// Links between shown events, of the types turned on.
    pub links: Vec<Link>,
    /// `links` by event, for the timeline to find those in view.
    pub link_index: LinkIndex,
    /// Every link type of the dataset, sorted.
    pub link_kinds: Vec<String>,
    pub search: Search,
    pub facets: Facets,
}

impl Shown {
    pub fn new(dataset: &Dataset, index: &Arc<TimelineIndex>, settings: ViewSettings) -> Self {
        let mut shown = Self {
            filter: settings.filter.compile(dataset),
            built: ViewSettings::default(),
            settings,
            mask: None,
            mask_generation: 0,
            generation: 0,
            index: index.clone(),
            lanes: LaneSpec::all(dataset),
            links: Vec::new(),
            link_index: LinkIndex::default(),
            link_kinds: link_kinds(dataset),
            search: Search::default(),
            facets: Facets::of(dataset),
        };
        shown.rebuild(dataset, index, true);
        shown
    }

    /// Follows an edit that changed some events in place of reading the whole dataset
    /// again: `facets` is how it changed the counts of kinds and tags; `links_changed` when
    /// links came or went; `renumbered`, in order, the events moved by the edit (from an
    /// event on, by a count). `false` when that cannot be followed cheaply (a filter or a search is on: they are
    /// worked out again from the whole dataset by the caller).
    pub fn follow_edit(
        &mut self,
        dataset: &Dataset,
        index: &Arc<TimelineIndex>,
        facets: &Tally,
        links_changed: bool,
        renumbered: &[(crate::model::EventIdx, isize)],
    ) -> bool {
        if self.mask.is_some() || !self.search.query.is_empty() {
            return false;
        }
        self.facets.follow(facets);
        self.index = index.clone();
        if links_changed {
            self.link_kinds = link_kinds(dataset);
            self.rebuild(dataset, index, false);
        } else {
            // Lanes and links are as they were, but for events renumbered by the edit; what
            // is drawn from the events is not.
            for &(from, by) in renumbered {
                let renumber = |e: &mut crate::model::EventIdx| {
                    if *e >= from {
                        e.0 = (e.0 as usize).saturating_add_signed(by) as u32;
                    }
                };
                for link in &mut self.links {
                    renumber(&mut link.from);
                    renumber(&mut link.to);
                }
                self.link_index.renumber(from, by);
            }
            self.generation = next_generation();
        }
        true
    }

    /// How many events are shown.
    pub fn shown_count(&self, dataset: &Dataset) -> usize {
        self.mask
            .as_ref()
            .map_or(dataset.event_count(), EventSet::len)
    }

    /// Changes whenever what is shown changes (events, lanes, links), and differs between
    /// documents: a key for what is computed from it (the overview's counts, the table).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_shown(&self, event: EventIdx) -> bool {
        self.mask.as_ref().is_none_or(|m| m.contains(event))
    }

    /// Brings everything up to date with the settings; cheap when nothing changed.
    pub fn refresh(&mut self, dataset: &Dataset, index: &Arc<TimelineIndex>) {
        if self.settings != self.built {
            let filter_changed = self.settings.filter != self.built.filter;
            self.rebuild(dataset, index, filter_changed);
        }
        self.refresh_search(dataset);
    }

    fn rebuild(&mut self, dataset: &Dataset, index: &Arc<TimelineIndex>, filter_changed: bool) {
        self.generation = next_generation();
        let now = index.now();
        if filter_changed {
            self.filter = self.settings.filter.compile(dataset);
            self.mask = self.filter.apply(dataset, now);
            self.mask_generation += 1;
            self.index = match &self.mask {
                None => index.clone(),
                Some(mask) => Arc::new(TimelineIndex::build_filtered(dataset, now, Some(mask))),
            };
        }
        self.lanes = self.settings.lanes.lanes(dataset);
        if self.settings.hide_empty_lanes && self.mask.is_some() {
            let index = &self.index;
            self.lanes.retain(|lane| {
                index.lane(lane.actor).is_some_and(|l| {
                    !l.points.is_empty() || l.rows.iter().any(|row| !row.is_empty())
                })
            });
        }
        self.links = if self.settings.hide_links {
            Vec::new()
        } else {
            dataset
                .links
                .iter()
                .filter(|l| {
                    self.is_shown(l.from)
                        && self.is_shown(l.to)
                        && !self.settings.hidden_link_kinds.contains(&l.kind)
                })
                .cloned()
                .collect()
        };
        self.link_index = LinkIndex::new(&self.links);
        self.built = self.settings.clone();
    }

    /// Searches again when the query or the filter changed.
    fn refresh_search(&mut self, dataset: &Dataset) {
        if let Some((query, generation)) = &self.search.searched
            && *query == self.search.query
            && *generation == self.mask_generation
        {
            return;
        }
        let current = (self.search.query.clone(), self.mask_generation);
        let results = search(dataset, &self.search.query, self.mask.as_ref());
        self.search.marked = (!results.is_empty()).then(|| {
            let mut set = EventSet::new(dataset.event_count());
            for &e in &results {
                set.insert(e);
            }
            set
        });
        self.search.results = results;
        self.search.current = None;
        self.search.searched = Some(current);
    }

    /// The shown event after (or before) `from` in time order, among the lanes shown; with
    /// nothing selected, the first one that starts in `window` (or the last before its end).
    pub fn step_event(
        &self,
        dataset: &Dataset,
        from: Option<EventIdx>,
        forward: bool,
        window: crate::time::TimeWindow,
    ) -> Option<EventIdx> {
        let mut in_lanes = vec![false; dataset.actors.len()];
        for lane in &self.lanes {
            if let Some(slot) = in_lanes.get_mut(lane.actor.index()) {
                *slot = true;
            }
        }
        let key = |e: &crate::model::Event<'_>| (e.start().earliest(), e.idx());
        let origin = match from.and_then(|e| dataset.event(e)) {
            Some(e) => key(&e),
            None if forward => (Timestamp(window.start.floor() as i64), EventIdx(0)),
            None => (Timestamp(window.end.ceil() as i64), EventIdx(u32::MAX)),
        };
        let eligible = dataset.events().filter(|e| {
            self.is_shown(e.idx())
                && e.actors()
                    .iter()
                    .any(|a| in_lanes.get(a.index()).copied().unwrap_or(false))
        });
        let found = if forward {
            eligible
                .map(|e| key(&e))
                .filter(|k| {
                    if from.is_some() {
                        *k > origin
                    } else {
                        *k >= origin
                    }
                })
                .min()
        } else {
            eligible.map(|e| key(&e)).filter(|k| *k < origin).max()
        };
        found.map(|(_, idx)| idx)
    }

    /// The next (or previous) search result after the current one, or after `from` (the
    /// selection) in time; wraps around.
    pub fn step_search(
        &mut self,
        dataset: &Dataset,
        forward: bool,
        from: Option<EventIdx>,
    ) -> Option<EventIdx> {
        let results = &self.search.results;
        if results.is_empty() {
            return None;
        }
        let n = results.len();
        let next = match self.search.current {
            Some(i) if results.get(i).copied() == from || from.is_none() => {
                if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }
            }
            _ => {
                // From the selection's time, or from the start.
                let at = from
                    .and_then(|e| dataset.event(e))
                    .map(|e| e.start().earliest());
                match at {
                    None if forward => 0,
                    None => n - 1,
                    Some(at) => {
                        let key = |e: &EventIdx| {
                            dataset
                                .event(*e)
                                .map_or(Timestamp(0), |e| e.start().earliest())
                        };
                        let after = results.partition_point(|e| key(e) <= at);
                        if forward {
                            after % n
                        } else {
                            let before = results.partition_point(|e| key(e) < at);
                            (before + n - 1) % n
                        }
                    }
                }
            }
        };
        self.search.current = Some(next);
        results.get(next).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::TimeWindow;

    fn bundled() -> (Dataset, Arc<TimelineIndex>) {
        let dataset = crate::io::bundled::load().expect("loads").dataset;
        let index = Arc::new(TimelineIndex::build(&dataset, Timestamp(1_767_225_600)));
        (dataset, index)
    }

    fn title(dataset: &Dataset, event: Option<EventIdx>) -> Option<&str> {
        dataset.event(event?).map(|e| e.title())
    }

    #[test]
    fn tab_steps_through_shown_events_in_time_and_skips_hidden_lanes() {
        let (dataset, index) = bundled();
        let mut shown = Shown::new(&dataset, &index, ViewSettings::default());
        let everything = TimeWindow::fit_all(index.extent(), index.now());
        let mut in_time: Vec<_> = dataset
            .events()
            .map(|e| (e.start().earliest(), e.idx()))
            .collect();
        in_time.sort();
        let first = shown.step_event(&dataset, None, true, everything);
        assert_eq!(first, Some(in_time[0].1));
        let second = shown.step_event(&dataset, first, true, everything);
        assert_eq!(second, Some(in_time[1].1));
        assert_eq!(shown.step_event(&dataset, second, false, everything), first);
        assert_eq!(
            shown.step_event(&dataset, first, false, everything),
            None,
            "the first"
        );

        // The uprising is Ukraine's alone: with Ukraine's lane hidden, Tab passes it by.
        let ukraine = dataset
            .actors
            .iter()
            .position(|a| a.id == "ua")
            .expect("ua");
        shown.settings.lanes.apply(
            &dataset,
            crate::model::ActorIdx(ukraine as u32),
            super::super::LaneMove::Hide,
        );
        shown.refresh(&dataset, &index);
        let mut at = None;
        while let Some(next) = shown.step_event(&dataset, at, true, everything) {
            let event = dataset.event(next).expect("event");
            assert!(
                event.actors().iter().any(|a| a.index() != ukraine),
                "{} is only in a hidden lane",
                event.title()
            );
            at = Some(next);
        }
    }

    #[test]
    fn filters_rebuild_the_index_and_search_follows_them() {
        let (dataset, index) = bundled();
        let mut shown = Shown::new(&dataset, &index, ViewSettings::default());
        assert_eq!(shown.shown_count(&dataset), dataset.event_count());
        assert!(
            Arc::ptr_eq(&shown.index, &index),
            "nothing filtered: the document's own"
        );

        shown.search.query = "qin".into();
        shown.refresh(&dataset, &index);
        assert_eq!(shown.search.results.len(), 2);
        let first = shown.step_search(&dataset, true, None);
        let second = shown.step_search(&dataset, true, first);
        assert_ne!(first, second);
        assert_eq!(
            shown.step_search(&dataset, true, second),
            first,
            "wraps around"
        );
        assert_eq!(
            shown.step_search(&dataset, false, first),
            second,
            "and back"
        );

        // Only NATO's events: the Qin meetings are filtered out, and so are their results.
        shown.settings.filter.actors = ["nato".to_owned()].into();
        shown.refresh(&dataset, &index);
        assert!(shown.shown_count(&dataset) < dataset.event_count());
        assert!(
            !Arc::ptr_eq(&shown.index, &index),
            "an index of the shown events"
        );
        assert!(shown.search.results.is_empty());
        assert_eq!(
            title(&dataset, shown.step_search(&dataset, true, None)),
            None
        );
    }
}
