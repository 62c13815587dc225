//! An answer made drawable: the events it gave, as a small dataset over every lane of the
//! outline with its own index, and the lanes it counted, as column counts. The layout draws
//! both without knowing which backend answered.

use ahash::AHashMap;

use crate::index::TimelineIndex;
use crate::model::{ActorIdx, Dataset, Problem};
use crate::time::{Timestamp, Zone};

use super::{Answer, ColumnCounts, EventRecord, LaneContent, Outline, schema};

/// The parts of a lane a backend counted rather than listed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CountedLane {
    /// Its instants (the marker row).
    pub points: Option<ColumnCounts>,
    /// Its ranges (the bar rows).
    pub ranges: Option<ColumnCounts>,
}

impl CountedLane {
    /// Whether any part was counted.
    pub fn any(&self) -> bool {
        self.points.is_some() || self.ranges.is_some()
    }
}

/// The counted lanes of a view, by actor.
#[derive(Clone, Debug, Default)]
pub struct LaneColumns {
    by_actor: Vec<CountedLane>,
}

impl LaneColumns {
    /// What of a lane was counted; `None` when it was all listed.
    pub fn get(&self, actor: ActorIdx) -> Option<&CountedLane> {
        self.by_actor.get(actor.index()).filter(|c| c.any())
    }

    /// How many lanes have a counted part.
    pub fn counted_lanes(&self) -> usize {
        self.by_actor.iter().filter(|c| c.any()).count()
    }
}

/// What a view draws from a backend's answer.
pub struct WindowView {
    /// The outline's lanes and the events the answer gave one by one.
    pub dataset: Dataset,
    pub index: TimelineIndex,
    pub columns: LaneColumns,
    /// What was wrong with the rows (a date that does not parse, a lane the outline lacks).
    pub problems: Vec<Problem>,
}

/// Builds the drawable view of `answer`, its dates without a time drawn on the days of
/// `zone` (as a file's are). An event that came in several lanes is kept once.
pub fn window_view(outline: &Outline, answer: &Answer, now: Timestamp, zone: Zone) -> WindowView {
    window_view_with(outline, answer, None, now, zone)
}

/// [`window_view`], with one more event in its dataset (unless the answer has it already):
/// one the user chose from the table, which a counted lane does not list, so that it can be
/// selected and shown whole.
pub fn window_view_with(
    outline: &Outline,
    answer: &Answer,
    chosen: Option<&EventRecord>,
    now: Timestamp,
    zone: Zone,
) -> WindowView {
    let mut seen: AHashMap<&str, ()> = AHashMap::new();
    let mut records: Vec<&EventRecord> = Vec::new();
    for lane in &answer.lanes {
        for part in lane.parts() {
            if let LaneContent::Events(events) = part {
                for record in events {
                    if seen.insert(record.id.as_str(), ()).is_none() {
                        records.push(record);
                    }
                }
            }
        }
    }
    if let Some(chosen) = chosen
        && !seen.contains_key(chosen.id.as_str())
    {
        records.push(chosen);
    }
    let (mut dataset, problems) = schema::dataset_of(outline, &records);
    dataset.set_day_zone(zone);
    let mut by_actor = vec![CountedLane::default(); dataset.actors.len()];
    let counted = |content: &LaneContent| match content {
        LaneContent::Columns(columns) => Some(columns.clone()),
        LaneContent::Events(_) => None,
    };
    for lane in &answer.lanes {
        if let Some(i) = dataset.actors.iter().position(|a| a.id == lane.lane) {
            by_actor[i] = CountedLane {
                points: counted(&lane.points),
                ranges: counted(&lane.ranges),
            };
        }
    }
    let columns = LaneColumns { by_actor };
    WindowView {
        index: window_index(&dataset, &columns, outline, now),
        dataset,
        columns,
        problems,
    }
}

/// The index of a view's events, with the table's extent (so fitting shows the whole table)
/// and a bar row in every lane whose ranges were counted (they are drawn there).
pub fn window_index(
    dataset: &Dataset,
    columns: &LaneColumns,
    outline: &Outline,
    now: Timestamp,
) -> TimelineIndex {
    let mut index = TimelineIndex::build(dataset, now).with_extent(outline.extent);
    for (i, counted) in columns.by_actor.iter().enumerate() {
        if counted.ranges.is_some() {
            index.ensure_rows(ActorIdx(i as u32), 1);
        }
    }
    index
}
