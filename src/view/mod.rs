//! What part of a dataset is shown, and how: filters, search, and the arrangement of the lanes,
//! and [`Shown`], what they make of an open dataset (its filtered index, lanes, links, search
//! results, and stepping through them). Pure and window-free like `layout`; the app keeps one
//! [`ViewSettings`] per file and persists it, so a file opens the way it was left.

mod filter;
mod fit;
mod lanes;
mod search;
mod shown;
pub mod story;

pub use filter::{CompiledFilter, Filter};
pub use fit::{CoreExtent, core_extent};
pub use lanes::{LaneArrangement, LaneMove};
pub use search::{contains_folded, search};
pub use shown::{Facets, Search, Shown, Tally};

use serde::{Deserialize, Serialize};

/// Everything the user chose for one file, kept between sessions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    pub filter: Filter,
    pub lanes: LaneArrangement,
    /// Link types the user turned off.
    pub hidden_link_kinds: std::collections::BTreeSet<String>,
    /// Whether links are drawn at all.
    pub hide_links: bool,
    /// Leave out the lanes in which the filters leave no event.
    pub hide_empty_lanes: bool,
}

/// Every link type of a dataset, sorted, each once: a type's place gives its style.
pub fn link_kinds(dataset: &crate::model::Dataset) -> Vec<String> {
    let mut kinds: Vec<String> = dataset.links.iter().map(|l| l.kind.clone()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}
