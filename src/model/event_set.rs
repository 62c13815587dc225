//! A set of events as one bit per event: what a filter lets through, what a search found.
//! A million events take 125 KB, and membership is a shift and a mask.

use super::EventIdx;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventSet {
    words: Vec<u64>,
    len: usize,
}

impl EventSet {
    /// An empty set for a dataset of `event_count` events.
    pub fn new(event_count: usize) -> Self {
        Self {
            words: vec![0; event_count.div_ceil(64)],
            len: 0,
        }
    }

    pub fn insert(&mut self, event: EventIdx) {
        let i = event.index();
        if let Some(word) = self.words.get_mut(i / 64) {
            let bit = 1 << (i % 64);
            if *word & bit == 0 {
                *word |= bit;
                self.len += 1;
            }
        }
    }

    pub fn contains(&self, event: EventIdx) -> bool {
        let i = event.index();
        self.words
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// How many events are in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The events in the set, in index order.
    pub fn iter(&self) -> impl Iterator<Item = EventIdx> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(EventIdx((w * 64 + bit) as u32))
            })
        })
    }
}

impl FromIterator<EventIdx> for EventSet {
    /// A set sized for the largest index given (use [`EventSet::new`] to size it yourself).
    fn from_iter<T: IntoIterator<Item = EventIdx>>(iter: T) -> Self {
        let events: Vec<EventIdx> = iter.into_iter().collect();
        let size = events.iter().map(|e| e.index() + 1).max().unwrap_or(0);
        let mut set = Self::new(size);
        for event in events {
            set.insert(event);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_count_and_iterate() {
        let mut set = EventSet::new(200);
        for i in [0, 63, 64, 130, 199, 64] {
            set.insert(EventIdx(i));
        }
        assert_eq!(set.len(), 5, "64 twice counts once");
        assert!(set.contains(EventIdx(130)));
        assert!(!set.contains(EventIdx(131)));
        assert!(!set.contains(EventIdx(5000)), "outside is not in it");
        let all: Vec<u32> = set.iter().map(|e| e.0).collect();
        assert_eq!(all, [0, 63, 64, 130, 199]);
    }
}
