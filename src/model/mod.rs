//! The model: [`Dataset`], [`Actor`], [`Event`], [`Source`], [`Note`], [`Story`], and validation
//! shared by every
//! loader ([`DatasetBuilder`]) producing located errors and warnings ([`Problem`]).

mod builder;
mod color;
mod dataset;
mod event_set;
mod notes;
mod parts;
mod problem;
mod store;
mod text;

pub use builder::{ActorDraft, ActorRefs, DatasetBuilder, EditedEvents, EventDraft, LinkDraft};
pub use color::{COLOR_HINT, Color, palette_color};
pub use dataset::{Actor, Dataset, Era, Event, Link};
pub use event_set::EventSet;
pub use notes::{Note, NoteTarget, StepTarget, Story, StoryStep};
pub use parts::{ActorIdx, EventEnd, EventIdx, Source, SourceDraft};
pub use problem::{FieldPath, Location, Problem, Severity, Site, quoted, summary};
pub use store::{EventStore, StoreFull};
pub use text::truncate_chars;
