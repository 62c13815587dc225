//! What an author writes about a timeline besides its events: notes (on an event, on a span of
//! time, on a lane) and stories (an ordered list of steps to present, each an event or a note
//! with the view to show it in and a caption).

use crate::time::{Date, TimeRange};

use super::parts::{ActorIdx, EventIdx};

/// A note of the file's `notes` list.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// Its place in the file's `notes` list (what edits change).
    pub file_index: usize,
    /// The id story steps refer to it by, if it has one.
    pub id: Option<String>,
    pub title: String,
    pub text: String,
    pub target: NoteTarget,
}

/// What a note is attached to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoteTarget {
    Event(EventIdx),
    /// A span of time, drawn as a labelled band across the lanes (`end` inclusive at its
    /// precision; the start when the note gives no end).
    Span {
        start: Date,
        end: Date,
    },
    Lane(ActorIdx),
}

impl Note {
    /// The note's heading: its title, else the start of its text.
    pub fn heading(&self) -> String {
        if !self.title.trim().is_empty() {
            return self.title.clone();
        }
        let first_line = self.text.lines().next().unwrap_or_default();
        let short = super::truncate_chars(first_line, 48);
        if short.len() < first_line.len() {
            format!("{short}…")
        } else {
            short.to_owned()
        }
    }

    /// The span a span note covers.
    pub fn span(&self) -> Option<TimeRange> {
        match self.target {
            NoteTarget::Span { start, end } => Some(TimeRange::new(
                start.earliest(),
                end.latest().max(start.latest()),
            )),
            _ => None,
        }
    }
}

/// A story of the file's `stories` list.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub file_index: usize,
    pub name: String,
    pub steps: Vec<StoryStep>,
}

/// One step of a story.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryStep {
    /// Its place in the story's `steps` list.
    pub file_index: usize,
    pub target: StepTarget,
    /// The view the step shows, as written (`from`, `to`); without them the view is made to
    /// fit the event or note.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// The lanes shown during the step; empty: all.
    pub lanes: Vec<ActorIdx>,
    pub caption: String,
}

/// What a step shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepTarget {
    Event(EventIdx),
    /// A note, by its position in [`super::Dataset::notes`].
    Note(usize),
}

impl StoryStep {
    /// The view written for the step, if one was.
    pub fn window(&self) -> Option<TimeRange> {
        let from = self.from?;
        let to = self.to.unwrap_or(from);
        Some(TimeRange::new(
            from.earliest(),
            to.latest().max(from.latest()),
        ))
    }
}
