//! Follows an edit event by event: the edited items of the file's `events` list are read
//! again on their own, and the dataset, the index and what is shown change only there. At a
//! million events that is a few milliseconds, where reading the whole text again takes
//! seconds. Whatever this cannot follow exactly (the actors changed, the file has problems
//! whose places would move, an edit that makes a new problem) is left to reading it all
//! again, so the result is always what a fresh load of the text gives.

use std::ops::Range;
use std::sync::Arc;

use crate::edit::{Change, List};
use crate::index::TimelineIndex;
use crate::model::{EventIdx, Link};
use crate::view::Tally;

use super::document::{Document, IdCounts};

/// Above this many events, the fit that leaves out outliers is not worked out again after
/// each edit (it sorts every event): it is kept until the file is read again.
const CORE_EXTENT_LIMIT: usize = 100_000;

/// What one followed change did, for what is shown.
struct Followed {
    /// Links came or went (not only renumbered).
    links_changed: bool,
    /// Events from this one on moved by this count.
    renumbered: Option<(EventIdx, isize)>,
}

impl Document {
    /// Follows `changes` (from [`crate::edit::Editor::take_changes`]) in place; `false` when
    /// the caller must read the whole text again.
    pub(super) fn follow_changes(&mut self, changes: &[Change]) -> bool {
        if changes.is_empty() || !self.problems.is_empty() {
            // Problems are located by line: after an edit their places would be stale.
            return changes.is_empty();
        }
        // The shown index may be the document's own: let go of it, so the index is changed in
        // place rather than copied.
        self.shown.index = Arc::new(TimelineIndex::default());
        let mut facets = Tally::default();
        let mut links_changed = false;
        let mut renumbered = Vec::new();
        for change in changes {
            let (items, count) = match *change {
                Change::Edited(item) => (item..item + 1, 1),
                Change::Inserted { at, count } => (at..at, count),
                Change::Removed { at, count } => (at..at + count, 0),
                Change::Whole => return false,
            };
            let Some(followed) = self.follow_items(items, count, &mut facets) else {
                return false;
            };
            links_changed |= followed.links_changed;
            renumbered.extend(followed.renumbered);
        }
        if self.dataset.event_count() <= CORE_EXTENT_LIMIT {
            self.core = crate::view::core_extent(&self.dataset, self.now());
        }
        let shown_followed = self.shown.follow_edit(
            &self.dataset,
            &self.index,
            &facets,
            links_changed,
            &renumbered,
        );
        if !shown_followed {
            let settings = self.shown.settings.clone();
            let query = self.shown.search.query.clone();
            self.shown = crate::view::Shown::new(&self.dataset, &self.index, settings);
            self.shown.search.query = query;
        }
        self.refresh_shown();
        true
    }

    /// Items `items` of the list were replaced by `count` items starting at the same place:
    /// reads those again and puts them in place of the events the old ones were.
    /// `facets` counts the kinds and tags of the events taken out and put in.
    fn follow_items(
        &mut self,
        items: Range<usize>,
        count: usize,
        facets: &mut Tally,
    ) -> Option<Followed> {
        let rows = self.dataset.rows_of_items(items.clone());
        if rows.len() != items.len() {
            return None; // an item that did not load: its problem would have to go
        }
        let editor = self.editor.as_mut()?;
        let texts = (items.start..items.start + count)
            .map(|item| editor.item_text(List::Events, item).ok())
            .collect::<Option<Vec<String>>>()?;
        let read = crate::io::native::read_edited_events(
            texts.iter().map(String::as_str).zip(items.start..),
            &self.dataset.actors,
        );
        if !read.problems.is_empty() || read.events.len() != count {
            return None; // a new problem: reading everything again reports it in place
        }
        let new_events = read.events;
        let shift = count as isize - rows.len() as isize;
        let old_entries = self.index.entries_of(&self.dataset, rows.clone());

        // Links into the replaced events hold only if the same event (same place, same id)
        // is still there; links out of them are made again from what the items say.
        let incoming: Vec<Link> = self
            .dataset
            .links
            .iter()
            .filter(|l| rows.contains(&l.to.index()) && !rows.contains(&l.from.index()))
            .cloned()
            .collect();
        for link in &incoming {
            let offset = link.to.index() - rows.start;
            let old_id = self.dataset.event(link.to).and_then(|e| e.id());
            let same = count == rows.len() && new_events.id_at(offset) == old_id;
            if !same {
                return None; // the link would break: a warning to report
            }
        }
        // Links out of an event edited in place whose written links did not change keep
        // their targets: no scan of the ids for them.
        let outgoing_before: Vec<Link> = self
            .dataset
            .links
            .iter()
            .filter(|l| rows.contains(&l.from.index()))
            .cloned()
            .collect();
        let (links_kept, had_outgoing) = {
            let written_before: Vec<(usize, Option<&str>, &str)> = outgoing_before
                .iter()
                .map(|l| {
                    let to = self.dataset.event(l.to).and_then(|e| e.id());
                    (l.from.index() - rows.start, to, l.kind.as_str())
                })
                .collect();
            let written_now: Vec<(usize, Option<&str>, &str)> = read
                .links
                .iter()
                .map(|(file_index, to, kind)| {
                    (file_index - items.start, Some(to.as_str()), kind.trim())
                })
                .collect();
            let kept = count == rows.len()
                && written_before == written_now
                && outgoing_before
                    .iter()
                    .all(|l| !rows.contains(&l.to.index()));
            (kept, !written_before.is_empty())
        };
        if self.dataset.is_noted(&rows) {
            // Notes and story steps point at events by id: the same ids must stay in place.
            let same_ids = count == rows.len()
                && (0..count).all(|offset| {
                    new_events.id_at(offset)
                        == self
                            .dataset
                            .event(idx(rows.start + offset))
                            .and_then(|e| e.id())
                });
            if !same_ids {
                return None;
            }
        }
        // A new id must not be another event's: that is a warning too.
        for offset in 0..count {
            let Some(id) = new_events.id_at(offset) else {
                continue;
            };
            let old_id = (offset < rows.len())
                .then(|| self.dataset.event(idx(rows.start + offset)))
                .flatten()
                .and_then(|e| e.id());
            if old_id != Some(id) && self.id_counts().taken(id) {
                return None;
            }
            if (0..offset).any(|other| new_events.id_at(other) == Some(id)) {
                return None;
            }
        }
        let ids_out: Vec<String> = rows
            .clone()
            .filter_map(|r| {
                self.dataset
                    .event(idx(r))
                    .and_then(|e| e.id())
                    .map(str::to_owned)
            })
            .collect();
        let ids_in: Vec<String> = (0..count)
            .filter_map(|offset| new_events.id_at(offset).map(str::to_owned))
            .collect();

        facets.count(rows.clone().filter_map(|r| self.dataset.event(idx(r))), -1);
        let dataset = Arc::make_mut(&mut self.dataset);
        dataset
            .splice_events(rows.clone(), new_events, shift)
            .ok()?;
        for link in incoming {
            let from = renumbered(link.from, rows.end, shift);
            dataset.links.push(Link { from, ..link });
        }
        if links_kept {
            dataset
                .links
                .extend(outgoing_before.into_iter().map(|link| Link {
                    to: renumbered(link.to, rows.end, shift),
                    ..link
                }));
        } else {
            for (file_index, to, kind) in &read.links {
                let from = idx(rows.start + file_index - items.start);
                let to = dataset.event_with_id(to)?;
                if to == from {
                    return None;
                }
                dataset.links.push(Link {
                    from,
                    to,
                    kind: kind.trim().to_owned(),
                });
            }
        }
        let added_rows = rows.start..rows.start + count;
        facets.count(added_rows.clone().filter_map(|r| dataset.event(idx(r))), 1);
        let index = Arc::make_mut(&mut self.index);
        let new_entries = index.entries_of(dataset, added_rows);
        index.splice_events(&old_entries, rows.clone(), &new_entries);
        if let Some(counts) = &mut self.ids {
            ids_out.iter().for_each(|id| counts.add(id, -1));
            ids_in.iter().for_each(|id| counts.add(id, 1));
        }
        Some(Followed {
            links_changed: !(links_kept || (!had_outgoing && read.links.is_empty())),
            renumbered: (shift != 0).then_some((idx(rows.end), shift)),
        })
    }
}

impl Document {
    /// The ids' counts, made when first needed.
    fn id_counts(&mut self) -> &IdCounts {
        let dataset = &self.dataset;
        self.ids.get_or_insert_with(|| IdCounts::of(dataset))
    }
}

fn idx(row: usize) -> EventIdx {
    EventIdx(row as u32)
}

/// `event` as numbered after rows up to `end` grew by `shift`.
fn renumbered(event: EventIdx, end: usize, shift: isize) -> EventIdx {
    if event.index() >= end {
        idx(event.index().saturating_add_signed(shift))
    } else {
        event
    }
}
