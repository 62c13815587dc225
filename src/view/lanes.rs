//! The lanes as the user arranged them: order, hidden, pinned to the top, collapsed to a thin
//! strip, and groups (an actor with a `group`) nested under their group and folded with it.
//! Kept by actor id, so the arrangement survives edits of the file.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::layout::LaneSpec;
use crate::model::{ActorIdx, Dataset};

/// How deep groups may nest before deeper members are shown at that depth.
const MAX_DEPTH: u8 = 8;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LaneArrangement {
    /// Actor ids in the user's order; actors not listed follow in the file's order.
    pub order: Vec<String>,
    pub hidden: BTreeSet<String>,
    pub pinned: BTreeSet<String>,
    pub collapsed: BTreeSet<String>,
    /// Groups whose members are folded away.
    pub folded: BTreeSet<String>,
}

/// A change to one lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneMove {
    Hide,
    Show,
    TogglePin,
    ToggleCollapse,
    ToggleFold,
    /// Moves the lane (with its members) just before another actor's lane.
    Before(ActorIdx),
    /// Moves the lane just after another actor's lane (and its members).
    After(ActorIdx),
    /// One place up or down among its siblings.
    Up,
    Down,
}

impl LaneArrangement {
    /// Every actor in the user's order (hidden ones too).
    pub fn ordered(&self, dataset: &Dataset) -> Vec<ActorIdx> {
        let mut seen = vec![false; dataset.actors.len()];
        let by_id: std::collections::HashMap<&str, ActorIdx> = dataset
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), ActorIdx(i as u32)))
            .collect();
        let mut order = Vec::with_capacity(dataset.actors.len());
        for id in &self.order {
            if let Some(&idx) = by_id.get(id.as_str())
                && !std::mem::replace(&mut seen[idx.index()], true)
            {
                order.push(idx);
            }
        }
        for (i, was_seen) in seen.iter().enumerate() {
            if !was_seen {
                order.push(ActorIdx(i as u32));
            }
        }
        order
    }

    fn id(dataset: &Dataset, actor: ActorIdx) -> &str {
        dataset.actor(actor).map_or("", |a| a.id.as_str())
    }

    pub fn is_hidden(&self, dataset: &Dataset, actor: ActorIdx) -> bool {
        self.hidden.contains(Self::id(dataset, actor))
    }

    /// The members of each actor, in the user's order.
    fn members(&self, dataset: &Dataset, order: &[ActorIdx]) -> Vec<Vec<ActorIdx>> {
        let mut members = vec![Vec::new(); dataset.actors.len()];
        for &actor in order {
            if let Some(group) = dataset.actor(actor).and_then(|a| a.group) {
                members[group.index()].push(actor);
            }
        }
        members
    }

    /// The lanes to draw, top to bottom: pinned lanes first, each group followed by its
    /// members unless folded; hidden lanes (and the members of hidden groups) left out.
    pub fn lanes(&self, dataset: &Dataset) -> Vec<LaneSpec> {
        let order = self.ordered(dataset);
        let members = self.members(dataset, &order);
        let top: Vec<ActorIdx> = order
            .iter()
            .copied()
            .filter(|&a| dataset.actor(a).is_some_and(|a| a.group.is_none()))
            .collect();
        let mut lanes = Vec::with_capacity(order.len());
        let mut placed = vec![false; dataset.actors.len()];
        for pinned_pass in [true, false] {
            for &actor in &top {
                self.walk(
                    dataset,
                    actor,
                    0,
                    pinned_pass,
                    false,
                    &members,
                    &mut placed,
                    &mut lanes,
                );
            }
        }
        lanes
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        dataset: &Dataset,
        actor: ActorIdx,
        depth: u8,
        pinned_pass: bool,
        inside_pinned: bool,
        members: &[Vec<ActorIdx>],
        placed: &mut [bool],
        lanes: &mut Vec<LaneSpec>,
    ) {
        let id = Self::id(dataset, actor);
        if placed[actor.index()] || self.hidden.contains(id) {
            return;
        }
        let pinned = inside_pinned || self.pinned.contains(id);
        let own = &members[actor.index()];
        let visible_members = own
            .iter()
            .any(|m| !self.hidden.contains(Self::id(dataset, *m)));
        let folded = self.folded.contains(id);
        if pinned == pinned_pass {
            placed[actor.index()] = true;
            lanes.push(LaneSpec {
                actor,
                depth,
                pinned,
                collapsed: self.collapsed.contains(id),
                group: visible_members.then_some(folded),
            });
        }
        if folded {
            // Folded members are not drawn; mark them so they are not placed elsewhere.
            if pinned == pinned_pass {
                mark_placed(actor, members, placed);
            }
            return;
        }
        for &member in own {
            self.walk(
                dataset,
                member,
                (depth + 1).min(MAX_DEPTH),
                pinned_pass,
                pinned,
                members,
                placed,
                lanes,
            );
        }
    }

    /// Applies a change to `actor`'s lane.
    pub fn apply(&mut self, dataset: &Dataset, actor: ActorIdx, change: LaneMove) {
        let id = Self::id(dataset, actor).to_owned();
        let toggle = |set: &mut BTreeSet<String>| {
            if !set.remove(&id) {
                set.insert(id.clone());
            }
        };
        match change {
            LaneMove::Hide => {
                self.hidden.insert(id);
            }
            LaneMove::Show => {
                self.hidden.remove(&id);
            }
            LaneMove::TogglePin => toggle(&mut self.pinned),
            LaneMove::ToggleCollapse => toggle(&mut self.collapsed),
            LaneMove::ToggleFold => toggle(&mut self.folded),
            LaneMove::Before(target) | LaneMove::After(target) => {
                if target == actor {
                    return;
                }
                let mut order = self.ordered(dataset);
                order.retain(|&a| a != actor);
                let Some(at) = order.iter().position(|&a| a == target) else {
                    return;
                };
                let at = if matches!(change, LaneMove::After(_)) {
                    at + 1
                } else {
                    at
                };
                order.insert(at, actor);
                self.set_order(dataset, &order);
            }
            LaneMove::Up | LaneMove::Down => {
                // Among the lanes shown with the same parent: the neighbour the user sees.
                let parent = dataset.actor(actor).and_then(|a| a.group);
                let siblings: Vec<ActorIdx> = self
                    .ordered(dataset)
                    .into_iter()
                    .filter(|&a| {
                        dataset.actor(a).is_some_and(|x| x.group == parent)
                            && !self.is_hidden(dataset, a)
                    })
                    .collect();
                let Some(i) = siblings.iter().position(|&a| a == actor) else {
                    return;
                };
                match change {
                    LaneMove::Up if i > 0 => {
                        self.apply(dataset, actor, LaneMove::Before(siblings[i - 1]))
                    }
                    LaneMove::Down if i + 1 < siblings.len() => {
                        self.apply(dataset, actor, LaneMove::After(siblings[i + 1]));
                    }
                    _ => {}
                }
            }
        }
    }

    fn set_order(&mut self, dataset: &Dataset, order: &[ActorIdx]) {
        self.order = order
            .iter()
            .map(|&a| Self::id(dataset, a).to_owned())
            .collect();
    }

    /// Whether the lanes are as the file has them.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

fn mark_placed(actor: ActorIdx, members: &[Vec<ActorIdx>], placed: &mut [bool]) {
    for &member in &members[actor.index()] {
        if !std::mem::replace(&mut placed[member.index()], true) {
            mark_placed(member, members, placed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorDraft, DatasetBuilder, FieldPath, Site};

    /// NATO with two members, and two actors on their own.
    fn alliance() -> Dataset {
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        for (id, group) in [
            ("ru", None),
            ("nato", None),
            ("us", Some("nato")),
            ("pl", Some("nato")),
            ("ua", None),
        ] {
            builder.add_actor(ActorDraft {
                id: id.into(),
                name: id.to_uppercase(),
                group: group.map(|g| (g.to_owned(), Site::new(FieldPath::Field("actors"), None))),
                ..ActorDraft::default()
            });
        }
        builder.finish().0
    }

    fn names(dataset: &Dataset, lanes: &[LaneSpec]) -> Vec<String> {
        lanes
            .iter()
            .map(|l| {
                let name = &dataset.actors[l.actor.index()].id;
                format!(
                    "{}{name}{}",
                    "  ".repeat(l.depth.into()),
                    if l.pinned { "*" } else { "" }
                )
            })
            .collect()
    }

    fn idx(dataset: &Dataset, id: &str) -> ActorIdx {
        ActorIdx(
            dataset
                .actors
                .iter()
                .position(|a| a.id == id)
                .expect("known") as u32,
        )
    }

    #[test]
    fn members_nest_under_their_group_and_fold_with_it() {
        let dataset = alliance();
        let mut lanes = LaneArrangement::default();
        assert_eq!(
            names(&dataset, &lanes.lanes(&dataset)),
            ["ru", "nato", "  us", "  pl", "ua"]
        );
        assert_eq!(lanes.lanes(&dataset)[1].group, Some(false));
        lanes.apply(&dataset, idx(&dataset, "nato"), LaneMove::ToggleFold);
        assert_eq!(
            names(&dataset, &lanes.lanes(&dataset)),
            ["ru", "nato", "ua"]
        );
        assert_eq!(lanes.lanes(&dataset)[1].group, Some(true));
    }

    #[test]
    fn hide_pin_reorder_and_collapse() {
        let dataset = alliance();
        let mut lanes = LaneArrangement::default();
        lanes.apply(&dataset, idx(&dataset, "ua"), LaneMove::TogglePin);
        lanes.apply(&dataset, idx(&dataset, "pl"), LaneMove::Hide);
        assert_eq!(
            names(&dataset, &lanes.lanes(&dataset)),
            ["ua*", "ru", "nato", "  us"]
        );
        // A group moves with its members.
        lanes.apply(
            &dataset,
            idx(&dataset, "nato"),
            LaneMove::Before(idx(&dataset, "ru")),
        );
        assert_eq!(
            names(&dataset, &lanes.lanes(&dataset)),
            ["ua*", "nato", "  us", "ru"]
        );
        lanes.apply(&dataset, idx(&dataset, "nato"), LaneMove::Down);
        assert_eq!(
            names(&dataset, &lanes.lanes(&dataset)),
            ["ua*", "ru", "nato", "  us"]
        );
        lanes.apply(&dataset, idx(&dataset, "pl"), LaneMove::Show);
        lanes.apply(&dataset, idx(&dataset, "ru"), LaneMove::ToggleCollapse);
        let shown = lanes.lanes(&dataset);
        assert!(
            shown
                .iter()
                .find(|l| l.actor == idx(&dataset, "ru"))
                .is_some_and(|l| l.collapsed)
        );
        assert_eq!(shown.len(), 5);
        // Hiding a group hides its members.
        lanes.apply(&dataset, idx(&dataset, "nato"), LaneMove::Hide);
        assert_eq!(names(&dataset, &lanes.lanes(&dataset)), ["ua*", "ru"]);
    }

    #[test]
    fn a_renamed_or_removed_actor_does_not_break_the_order() {
        let dataset = alliance();
        let lanes = LaneArrangement {
            order: vec!["gone".into(), "ua".into(), "ua".into()],
            ..LaneArrangement::default()
        };
        assert_eq!(
            names(&dataset, &lanes.lanes(&dataset)),
            ["ua", "ru", "nato", "  us", "  pl"]
        );
    }
}
