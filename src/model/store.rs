//! Compact storage of events, a column per field: texts in one shared buffer, kinds and tags
//! interned, identical sources stored once. A million events cost about a hundred bytes each
//! beyond their text, and loading makes a handful of allocations instead of several per event.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::time::Date;

use super::parts::{ActorIdx, EventEnd, Source, SourceDraft};

/// Hashes sources for deduplication (fixed seeds: the same hash in every run).
static SOURCE_HASHER: ahash::RandomState = ahash::RandomState::with_seeds(1, 2, 3, 4);

/// A slice of [`EventStore::text`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct TextSpan {
    start: u32,
    len: u32,
}

/// An interned string (a kind or a tag).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Symbol(u32);

/// Index of a source in the dataset's deduplicated list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SourceIdx(u32);

/// Strings stored once, referred to by [`Symbol`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interner {
    names: Vec<Box<str>>,
    lookup: HashMap<Box<str>, Symbol, ahash::RandomState>,
}

impl Interner {
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(&symbol) = self.lookup.get(name) {
            return symbol;
        }
        let symbol = Symbol(self.names.len() as u32);
        self.names.push(name.into());
        self.lookup.insert(name.into(), symbol);
        symbol
    }

    pub fn name(&self, symbol: Symbol) -> &str {
        self.names.get(symbol.0 as usize).map_or("", |n| n)
    }
}

/// The most text a store holds: spans are `u32` offsets into one buffer.
const MAX_TEXT: usize = u32::MAX as usize;

/// [`MAX_TEXT`]; tests lower it on their thread to reach it without gigabytes of text.
#[cfg(not(test))]
fn max_text() -> usize {
    MAX_TEXT
}

#[cfg(test)]
thread_local! {
    static TEST_MAX_TEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_TEXT) };
}

#[cfg(test)]
fn max_text() -> usize {
    TEST_MAX_TEXT.with(std::cell::Cell::get)
}

/// Why an event could not be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the dataset's texts exceed 4 GiB, more than Timelanes can hold")]
pub struct StoreFull;

/// The events of a dataset, column by column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventStore {
    text: String,
    title: Vec<TextSpan>,
    /// An empty span means the event has no id.
    id: Vec<TextSpan>,
    description: Vec<TextSpan>,
    start: Vec<Date>,
    end: Vec<Option<EventEnd>>,
    /// `actors[actor_ends[i - 1]..actor_ends[i]]` are event i's actors.
    actor_ends: Vec<u32>,
    actors: Vec<ActorIdx>,
    kind: Vec<Option<Symbol>>,
    tag_ends: Vec<u32>,
    tags: Vec<Symbol>,
    source_ends: Vec<u32>,
    sources: Vec<SourceIdx>,
    file_index: Vec<u32>,
    /// The date as the source wrote it for display ("Spring 1943"); empty: none.
    display_date: Vec<TextSpan>,
    /// `details[detail_ends[i - 1]..detail_ends[i]]` are event i's (name, value) details;
    /// names repeat on every row of an import, so they are interned.
    detail_ends: Vec<u32>,
    details: Vec<(Symbol, TextSpan)>,
    pub(super) symbols: Interner,
    source_list: Vec<Source>,
    /// Hash of a source's fields → the sources with that hash.
    source_lookup: HashMap<u64, Vec<SourceIdx>, ahash::RandomState>,
    /// The zone whose days a date without a time covers (see [`super::Event::span`]).
    pub(super) day_zone: crate::time::Zone,
}

/// One event to store (borrowed texts).
pub struct NewEvent<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub start: Date,
    pub end: Option<EventEnd>,
    pub actors: &'a [ActorIdx],
    pub kind: Option<&'a str>,
    pub tags: &'a [Cow<'a, str>],
    pub description: &'a str,
    pub sources: &'a [SourceDraft<'a>],
    pub file_index: usize,
    pub display_date: Option<&'a str>,
    pub details: &'a [(Cow<'a, str>, Cow<'a, str>)],
}

/// Whether `added` more items (or bytes) still fit after `base`, at most `limit` in all.
fn fits(base: usize, added: usize, limit: usize) -> Result<(), StoreFull> {
    match base.checked_add(added) {
        Some(total) if total <= limit => Ok(()),
        _ => Err(StoreFull),
    }
}

fn range_of(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = if i == 0 {
        0
    } else {
        ends.get(i - 1).copied().unwrap_or(0)
    };
    let end = ends.get(i).copied().unwrap_or(start);
    start as usize..(end as usize).max(start as usize)
}

/// Replaces the lists of rows `rows` of a list column (`items`, cut by `ends`) with
/// `new_items` cut by `new_ends` (offsets into `new_items`), and moves the later ends.
fn splice_list<T>(
    items: &mut Vec<T>,
    ends: &mut Vec<u32>,
    rows: std::ops::Range<usize>,
    new_items: impl ExactSizeIterator<Item = T>,
    new_ends: &[u32],
) {
    let end_before = |row: usize| {
        if row == 0 {
            0
        } else {
            ends.get(row - 1).copied().unwrap_or(0)
        }
    };
    let start = end_before(rows.start);
    let end = end_before(rows.end).max(start);
    let added = new_items.len() as i64;
    items.splice(start as usize..end as usize, new_items);
    let delta = added - i64::from(end - start);
    let inserted = new_ends.len();
    ends.splice(rows.clone(), new_ends.iter().map(|&e| e + start));
    if delta != 0 {
        for e in ends.iter_mut().skip(rows.start + inserted) {
            // The totals were checked to fit in u32 before.
            *e = (i64::from(*e) + delta) as u32;
        }
    }
}

impl EventStore {
    pub fn len(&self) -> usize {
        self.title.len()
    }

    pub fn is_empty(&self) -> bool {
        self.title.is_empty()
    }

    fn push_text(&mut self, text: &str) -> Result<TextSpan, StoreFull> {
        fits(self.text.len(), text.len(), max_text())?;
        let start = u32::try_from(self.text.len()).map_err(|_| StoreFull)?;
        let len = u32::try_from(text.len()).map_err(|_| StoreFull)?;
        self.text.push_str(text);
        Ok(TextSpan { start, len })
    }

    fn offset(len: usize) -> Result<u32, StoreFull> {
        u32::try_from(len).map_err(|_| StoreFull)
    }

    /// Appends an event; returns its index.
    pub fn push(&mut self, event: NewEvent<'_>) -> Result<usize, StoreFull> {
        let title = self.push_text(event.title)?;
        let id = self.push_text(event.id.unwrap_or(""))?;
        let description = self.push_text(event.description)?;
        self.actors.extend_from_slice(event.actors);
        let actor_end = Self::offset(self.actors.len())?;
        for tag in event.tags {
            let symbol = self.symbols.intern(tag);
            self.tags.push(symbol);
        }
        let tag_end = Self::offset(self.tags.len())?;
        for source in event.sources {
            let idx = self.intern_source(source);
            self.sources.push(idx);
        }
        let source_end = Self::offset(self.sources.len())?;
        let kind = event.kind.map(|k| self.symbols.intern(k));
        let display_date = self.push_text(event.display_date.unwrap_or(""))?;
        for (key, value) in event.details {
            let key = self.symbols.intern(key);
            let value = self.push_text(value)?;
            self.details.push((key, value));
        }
        let detail_end = Self::offset(self.details.len())?;

        self.title.push(title);
        self.id.push(id);
        self.description.push(description);
        self.start.push(event.start);
        self.end.push(event.end);
        self.actor_ends.push(actor_end);
        self.kind.push(kind);
        self.tag_ends.push(tag_end);
        self.source_ends.push(source_end);
        self.file_index.push(Self::offset(event.file_index)?);
        self.display_date.push(display_date);
        self.detail_ends.push(detail_end);
        Ok(self.title.len() - 1)
    }

    /// The index of a source, stored once however many events cite it.
    fn intern_source(&mut self, source: &SourceDraft<'_>) -> SourceIdx {
        let hash = SOURCE_HASHER.hash_one(source);
        let candidates = self.source_lookup.entry(hash).or_default();
        if let Some(&found) = candidates.iter().find(|c| {
            self.source_list
                .get(c.0 as usize)
                .is_some_and(|s| source.matches(s))
        }) {
            return found;
        }
        let idx = SourceIdx(self.source_list.len() as u32);
        self.source_list.push(source.to_source());
        candidates.push(idx);
        idx
    }

    /// Makes room for `events` more events with about `text_bytes` of text, so that loading
    /// does not copy the columns over and over as they grow.
    pub fn reserve(&mut self, events: usize, text_bytes: usize) {
        if events == 0 && text_bytes == 0 {
            return;
        }
        self.text.reserve(text_bytes);
        self.title.reserve(events);
        self.id.reserve(events);
        self.description.reserve(events);
        self.start.reserve(events);
        self.end.reserve(events);
        self.actor_ends.reserve(events);
        self.actors.reserve(events * 2);
        self.kind.reserve(events);
        self.tag_ends.reserve(events);
        self.source_ends.reserve(events);
        self.sources.reserve(events);
        self.file_index.reserve(events);
        self.display_date.reserve(events);
        self.detail_ends.reserve(events);
    }

    /// Appends the events of another store (a chunk filled by another thread), re-interning
    /// its kinds, tags and sources. All or nothing: when the texts (or the lists of actors,
    /// tags, details or sources) would outgrow what `u32` offsets reach, nothing is appended.
    pub fn append(&mut self, other: EventStore) -> Result<(), StoreFull> {
        self.splice_rows(self.len()..self.len(), other)
    }

    /// Replaces the events `rows` with the events of `other` (an edited event read again, new
    /// events, or none to remove them), re-interning its kinds, tags and sources. Only the
    /// columns' tails move, and not at all when one event replaces one: an edit of a
    /// million-event store takes well under a millisecond. The texts of replaced events stay
    /// in the text buffer until the dataset is read again. All or nothing, as [`Self::append`].
    pub fn splice_rows(
        &mut self,
        rows: std::ops::Range<usize>,
        other: EventStore,
    ) -> Result<(), StoreFull> {
        let first = rows.start.min(self.len());
        let rows = first..rows.end.clamp(first, self.len());
        // Every offset below is shifted by a base; checking the totals first means no shift
        // can overflow, and the 4 GiB limit holds here as in `push`.
        fits(self.text.len(), other.text.len(), max_text())?;
        for (base, added) in [
            (self.actors.len(), other.actors.len()),
            (self.tags.len(), other.tags.len()),
            (self.details.len(), other.details.len()),
            (self.sources.len(), other.sources.len()),
        ] {
            fits(base, added, u32::MAX as usize)?;
        }
        let text_base = Self::offset(self.text.len())?;
        let shift = |span: TextSpan| TextSpan {
            start: span.start + text_base,
            len: span.len,
        };
        self.text.push_str(&other.text);
        let r = || rows.clone();
        self.title
            .splice(r(), other.title.iter().map(|&s| shift(s)));
        self.id.splice(r(), other.id.iter().map(|&s| shift(s)));
        self.description
            .splice(r(), other.description.iter().map(|&s| shift(s)));
        self.start.splice(r(), other.start.iter().copied());
        self.end.splice(r(), other.end.iter().copied());
        self.file_index
            .splice(r(), other.file_index.iter().copied());
        self.display_date
            .splice(r(), other.display_date.iter().map(|&s| shift(s)));

        splice_list(
            &mut self.actors,
            &mut self.actor_ends,
            r(),
            other.actors.iter().copied(),
            &other.actor_ends,
        );

        let symbols: Vec<Symbol> = other
            .symbols
            .names
            .iter()
            .map(|name| self.symbols.intern(name))
            .collect();
        let remap = |s: Symbol| symbols.get(s.0 as usize).copied().unwrap_or(s);
        self.kind
            .splice(r(), other.kind.iter().map(|k| k.map(remap)));
        splice_list(
            &mut self.tags,
            &mut self.tag_ends,
            r(),
            other.tags.iter().map(|&t| remap(t)),
            &other.tag_ends,
        );
        splice_list(
            &mut self.details,
            &mut self.detail_ends,
            r(),
            other.details.iter().map(|&(k, v)| (remap(k), shift(v))),
            &other.detail_ends,
        );

        let sources: Vec<SourceIdx> = other
            .source_list
            .iter()
            .map(|source| self.intern_source(&SourceDraft::from(source)))
            .collect();
        splice_list(
            &mut self.sources,
            &mut self.source_ends,
            r(),
            other
                .sources
                .iter()
                .map(|s| sources.get(s.0 as usize).copied().unwrap_or(*s)),
            &other.source_ends,
        );
        Ok(())
    }

    /// Moves the file positions of events `from..` by `by` (items were inserted into or
    /// removed from the file's list before them).
    pub fn shift_file_indices(&mut self, from: usize, by: isize) {
        for index in self.file_index.iter_mut().skip(from) {
            *index = (*index as usize).saturating_add_signed(by) as u32;
        }
    }

    /// Frees the spare capacity the columns grew while loading.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.title.shrink_to_fit();
        self.id.shrink_to_fit();
        self.description.shrink_to_fit();
        self.start.shrink_to_fit();
        self.end.shrink_to_fit();
        self.actor_ends.shrink_to_fit();
        self.actors.shrink_to_fit();
        self.kind.shrink_to_fit();
        self.tag_ends.shrink_to_fit();
        self.tags.shrink_to_fit();
        self.source_ends.shrink_to_fit();
        self.sources.shrink_to_fit();
        self.file_index.shrink_to_fit();
        self.display_date.shrink_to_fit();
        self.detail_ends.shrink_to_fit();
        self.details.shrink_to_fit();
        self.source_list.shrink_to_fit();
    }

    fn text(&self, span: TextSpan) -> &str {
        let start = span.start as usize;
        self.text
            .get(start..start + span.len as usize)
            .unwrap_or("")
    }

    pub(super) fn title(&self, i: usize) -> &str {
        self.title.get(i).map_or("", |&s| self.text(s))
    }

    pub(super) fn id(&self, i: usize) -> Option<&str> {
        self.id.get(i).filter(|s| s.len > 0).map(|&s| self.text(s))
    }

    /// The id of event `i` of the store, if it has one.
    pub fn id_at(&self, i: usize) -> Option<&str> {
        self.id(i)
    }

    pub(super) fn description(&self, i: usize) -> &str {
        self.description.get(i).map_or("", |&s| self.text(s))
    }

    pub(super) fn start(&self, i: usize) -> Option<Date> {
        self.start.get(i).copied()
    }

    pub(super) fn end(&self, i: usize) -> Option<EventEnd> {
        self.end.get(i).copied().flatten()
    }

    pub(super) fn actors(&self, i: usize) -> &[ActorIdx] {
        self.actors
            .get(range_of(&self.actor_ends, i))
            .unwrap_or(&[])
    }

    pub(super) fn kind(&self, i: usize) -> Option<&str> {
        self.kind
            .get(i)
            .copied()
            .flatten()
            .map(|k| self.symbols.name(k))
    }

    pub(super) fn tags(&self, i: usize) -> impl Iterator<Item = &str> {
        self.tags
            .get(range_of(&self.tag_ends, i))
            .unwrap_or(&[])
            .iter()
            .map(|&t| self.symbols.name(t))
    }

    pub(super) fn sources(&self, i: usize) -> impl Iterator<Item = &Source> {
        self.sources
            .get(range_of(&self.source_ends, i))
            .unwrap_or(&[])
            .iter()
            .filter_map(|s| self.source_list.get(s.0 as usize))
    }

    pub(super) fn display_date(&self, i: usize) -> Option<&str> {
        self.display_date
            .get(i)
            .filter(|s| s.len > 0)
            .map(|&s| self.text(s))
    }

    pub(super) fn details(&self, i: usize) -> impl Iterator<Item = (&str, &str)> {
        self.details
            .get(range_of(&self.detail_ends, i))
            .unwrap_or(&[])
            .iter()
            .map(|&(k, v)| (self.symbols.name(k), self.text(v)))
    }

    pub(super) fn file_index(&self, i: usize) -> usize {
        self.file_index.get(i).copied().unwrap_or(0) as usize
    }

    /// The position of the event listed at `file_index` in the file, if it was kept.
    pub(super) fn by_file_index(&self, file_index: usize) -> Option<usize> {
        let target = u32::try_from(file_index).ok()?;
        self.file_index.binary_search(&target).ok()
    }

    /// The rows of the events listed at `file_indices` in the file (those that were kept).
    pub(super) fn rows_of_file_indices(
        &self,
        file_indices: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        let below = |limit: usize| {
            self.file_index
                .partition_point(|&index| (index as usize) < limit)
        };
        below(file_indices.start)..below(file_indices.end)
    }

    /// Bytes used, roughly: for reports and benchmarks.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.text.capacity()
            + self.title.capacity() * size_of::<TextSpan>() * 3
            + self.start.capacity() * size_of::<Date>()
            + self.end.capacity() * size_of::<Option<EventEnd>>()
            + (self.actor_ends.capacity() + self.tag_ends.capacity() + self.source_ends.capacity())
                * 4
            + self.actors.capacity() * size_of::<ActorIdx>()
            + self.kind.capacity() * size_of::<Option<Symbol>>()
            + self.tags.capacity() * 4
            + self.sources.capacity() * 4
            + self.file_index.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorIdx;

    fn store_of(titles: &[&str]) -> EventStore {
        let mut store = EventStore::default();
        for (i, title) in titles.iter().enumerate() {
            store
                .push(NewEvent {
                    id: None,
                    title,
                    start: Date::parse("2022").expect("valid"),
                    end: None,
                    actors: &[ActorIdx(0)],
                    kind: Some("battle"),
                    tags: &[Cow::Borrowed("tag")],
                    description: "",
                    sources: &[],
                    file_index: i,
                    display_date: None,
                    details: &[],
                })
                .expect("fits");
        }
        store
    }

    /// Runs `f` with the text limit of this thread lowered to `limit` bytes.
    fn with_text_limit<R>(limit: usize, f: impl FnOnce() -> R) -> R {
        TEST_MAX_TEXT.with(|max| max.set(limit));
        let result = f();
        TEST_MAX_TEXT.with(|max| max.set(MAX_TEXT));
        result
    }

    #[test]
    fn the_text_limit_holds_when_chunks_are_appended() {
        with_text_limit(20, || {
            let mut store = store_of(&["0123456789"]);
            // Ten more bytes fit exactly; one more does not, pushed or appended.
            store.append(store_of(&["abcdefghij"])).expect("fits");
            assert_eq!(store.len(), 2);
            let before = store.clone();
            assert_eq!(store.append(store_of(&["x"])), Err(StoreFull));
            assert_eq!(
                store, before,
                "nothing of a chunk that does not fit is appended"
            );
            assert_eq!(
                store_of(&["0123456789", "abcdefghij"]).push_text("x"),
                Err(StoreFull)
            );
        });
        // Offsets shift correctly below the limit.
        let mut store = store_of(&["first"]);
        store.append(store_of(&["second", "third"])).expect("fits");
        assert_eq!(
            (0..3).map(|i| store.title(i)).collect::<Vec<_>>(),
            ["first", "second", "third"]
        );
        assert_eq!(store.kind(2), Some("battle"));
        assert_eq!(store.tags(2).collect::<Vec<_>>(), ["tag"]);
        assert_eq!(store.actors(2), [ActorIdx(0)]);
    }

    #[test]
    fn totals_beyond_u32_are_refused_without_overflowing() {
        assert_eq!(fits(u32::MAX as usize - 1, 1, u32::MAX as usize), Ok(()));
        assert_eq!(
            fits(u32::MAX as usize, 1, u32::MAX as usize),
            Err(StoreFull)
        );
        assert_eq!(fits(usize::MAX, 1, usize::MAX), Err(StoreFull));
    }
}
