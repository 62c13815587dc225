//! An answer made drawable: the events it gave, as a small dataset over every lane of the
//! outline with its own index, and the lanes it counted, as column counts. The layout draws
//! both without knowing which backend answered.

use ahash::AHashMap;

use crate::index::TimelineIndex;
use crate::model::{ActorIdx, Dataset, Problem};
use crate::time::Timestamp;

use super::{Answer, ColumnCounts, EventRecord, LaneContent, Outline, schema};

/// The counted lanes of a view, by actor.
#[derive(Clone, Debug, Default)]
pub struct LaneColumns {
    by_actor: Vec<Option<ColumnCounts>>,
}

impl LaneColumns {
    pub fn get(&self, actor: ActorIdx) -> Option<&ColumnCounts> {
        self.by_actor.get(actor.index())?.as_ref()
    }

    pub fn is_empty(&self) -> bool {
        self.by_actor.iter().all(Option::is_none)
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

/// Builds the drawable view of `answer`. An event that came in several lanes is kept once.
pub fn window_view(outline: &Outline, answer: &Answer, now: Timestamp) -> WindowView {
    let mut seen: AHashMap<&str, ()> = AHashMap::new();
    let mut records: Vec<&EventRecord> = Vec::new();
    for lane in &answer.lanes {
        if let LaneContent::Events(events) = &lane.content {
            for record in events {
                if seen.insert(record.id.as_str(), ()).is_none() {
                    records.push(record);
                }
            }
        }
    }
    let (dataset, problems) = schema::dataset_of(outline, &records);
    let mut by_actor = vec![None; dataset.actors.len()];
    for lane in &answer.lanes {
        if let LaneContent::Columns(columns) = &lane.content
            && let Some(i) = dataset.actors.iter().position(|a| a.id == lane.lane)
        {
            by_actor[i] = Some(columns.clone());
        }
    }
    let index = TimelineIndex::build(&dataset, now).with_extent(outline.extent);
    WindowView {
        dataset,
        index,
        columns: LaneColumns { by_actor },
        problems,
    }
}
