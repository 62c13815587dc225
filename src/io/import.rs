//! What the importers share besides reading rows (which `rows.rs` does): how to import (aliases, a
//! column mapping), lanes made from actor names on first sight, and cells as texts.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{ActorDraft, DatasetBuilder};

use super::aliases::{Aliases, lane_id};
use super::mapping::ColumnMapping;

/// How to import files that are not in the native format.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Folds actor names and codes into lanes.
    pub aliases: Arc<Aliases>,
    /// Which columns of a generic CSV file mean what; without it (or a remembered one) such
    /// files are refused with the list of their columns.
    pub mapping: Option<ColumnMapping>,
    /// Mappings chosen before, by the header they were chosen for ([`super::mapping::header_key`]).
    pub remembered: HashMap<String, ColumnMapping>,
}

/// Lanes made from the actor names an importer meets, in the order it meets them.
#[derive(Default)]
pub struct LaneMaker {
    by_name: HashMap<String, String>,
    ids: HashSet<String>,
}

impl LaneMaker {
    /// The id of the lane named `name`, adding the actor on first sight.
    pub fn lane(&mut self, builder: &mut DatasetBuilder, name: &str) -> String {
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let base = lane_id(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        builder.add_actor(ActorDraft {
            id: id.clone(),
            name: name.to_owned(),
            ..ActorDraft::default()
        });
        self.ids.insert(id.clone());
        self.by_name.insert(name.to_owned(), id.clone());
        id
    }
}

/// A cell's text, trimmed; `None` when empty.
pub fn cell(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// Owned text for a draft.
pub fn owned(text: &str) -> Cow<'static, str> {
    Cow::Owned(text.to_owned())
}
