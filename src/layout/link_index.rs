//! Links by the events at either end, built once per change of what is shown: the layout
//! looks up the links of the marks it draws instead of going through every link.

use crate::model::{EventIdx, Link};

/// Links by the events at either end: a crowded view looks up the links of the events it
/// shows (bounded by pixels) instead of going through every link of the dataset.
#[derive(Clone, Debug, Default)]
pub struct LinkIndex {
    /// (event, link) for both ends of every link, sorted.
    by_event: Vec<(EventIdx, u32)>,
}

impl LinkIndex {
    pub fn new(links: &[Link]) -> Self {
        let mut by_event: Vec<(EventIdx, u32)> = links
            .iter()
            .enumerate()
            .flat_map(|(i, l)| [(l.from, i as u32), (l.to, i as u32)])
            .collect();
        by_event.sort_unstable();
        Self { by_event }
    }

    /// The links (their places in the list the index was built from) at `event`.
    /// Follows events renumbered by an edit: those from `from` on moved by `by`. The order
    /// holds, since they all move alike and no link touches the events the edit replaced.
    pub fn renumber(&mut self, from: EventIdx, by: isize) {
        for (event, _) in self.by_event.iter_mut().filter(|(e, _)| *e >= from) {
            event.0 = (event.0 as usize).saturating_add_signed(by) as u32;
        }
    }

    pub(super) fn of(&self, event: EventIdx) -> impl Iterator<Item = u32> + '_ {
        let first = self.by_event.partition_point(|&(e, _)| e < event);
        self.by_event[first..]
            .iter()
            .take_while(move |&&(e, _)| e == event)
            .map(|&(_, link)| link)
    }
}
