//! The model: [`Dataset`], [`Actor`], [`Event`], [`Source`], and validation shared by every
//! loader ([`DatasetBuilder`]) producing located errors and warnings ([`Problem`]).

mod builder;
mod color;
mod dataset;
mod event_set;
mod problem;
mod store;
mod text;

pub use builder::{ActorDraft, ActorRefs, DatasetBuilder, EventDraft, LinkDraft};
pub use color::{Color, palette_color};
pub use dataset::{Actor, ActorIdx, Dataset, Era, Event, EventEnd, EventIdx, Link, Source};
pub use event_set::EventSet;
pub use problem::{FieldPath, Location, Problem, Severity, Site, quoted, summary};
pub use store::{EventStore, SourceDraft, StoreFull};
pub use text::truncate_chars;
