//! Presenting a story: the window shows only the timeline, each step glides the view to its
//! window (and its lanes), and a caption card gives the step's caption, the event's title, its
//! date as written, its description and sources (or the note). ← and → step, Space starts and
//! stops playing by itself at the pace chosen in the panel, Esc leaves.

use egui::{Key, Modifiers, RichText};

use crate::model::{Dataset, NoteTarget, StepTarget, Story};
use crate::time::TimeWindow;
use crate::view::story::step_window;

use super::TimelanesApp;
use super::timeline_ui::timeline_ui;

/// How long the view takes to glide to a step's window, in seconds.
const GLIDE_SECONDS: f64 = 0.6;

/// A story being presented.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryPlay {
    /// Position of the story in the dataset's stories.
    pub story: usize,
    pub step: usize,
    /// Playing by itself, a step every `pace_seconds`.
    pub autoplay: bool,
    pub pace_seconds: f64,
    /// When the step began to show (egui's clock).
    step_started: f64,
    /// The view the glide starts from.
    glide_from: TimeWindow,
    /// The panels shown before, given back on leaving.
    panels_before: (bool, bool, bool, bool),
}

/// `a` to `b` at `t` (0–1), eased, with the span changing geometrically so that zooming out
/// and in reads as one movement.
fn glide(a: TimeWindow, b: TimeWindow, t: f64) -> TimeWindow {
    let t = t.clamp(0.0, 1.0);
    let eased = t * t * (3.0 - 2.0 * t);
    let span = a.span().max(1.0) * (b.span().max(1.0) / a.span().max(1.0)).powf(eased);
    let center = a.center() + (b.center() - a.center()) * eased;
    TimeWindow::new(center - span / 2.0, center + span / 2.0)
}

impl TimelanesApp {
    /// F5: presents the story chosen in the notes panel from its first step.
    pub(super) fn play_story(&mut self, ctx: &egui::Context) {
        let story = self.panels.notes_state.story;
        self.play_story_at(story, 0, ctx);
    }

    /// Presents story `story` (its position in the dataset) from step `step`.
    pub fn play_story_at(&mut self, story: usize, step: usize, ctx: &egui::Context) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let Some(found) = document.dataset.stories.get(story) else {
            return;
        };
        if found.steps.is_empty() {
            return;
        }
        let panels_before = (
            self.panels.side,
            self.panels.table,
            self.panels.filters,
            self.panels.notes,
        );
        self.windows.story_play = Some(StoryPlay {
            story,
            step: step.min(found.steps.len() - 1),
            autoplay: false,
            pace_seconds: f64::from(self.panels.notes_state.pace_seconds),
            step_started: ctx.input(|i| i.time),
            glide_from: view.window,
            panels_before,
        });
        self.set_status(
            format!(
                "Presenting {}: ← → step, Space plays, Esc leaves",
                found.name
            ),
            false,
        );
    }

    /// The story being presented, if one is: its position, the step shown (from 0), and
    /// whether it plays by itself.
    pub fn presenting(&self) -> Option<(usize, usize, bool)> {
        self.windows
            .story_play
            .as_ref()
            .map(|p| (p.story, p.step, p.autoplay))
    }

    /// Starts the story the command line asked for, once its dataset is open.
    pub(super) fn start_story_asked(&mut self, ctx: &egui::Context) {
        if let Some((story, step)) = self.initial.story_ready.take() {
            self.panels.notes_state.story = story;
            self.play_story_at(story, step, ctx);
        }
    }

    /// Leaves the presentation, giving the panels back.
    fn stop_story(&mut self) {
        if let Some(play) = self.windows.story_play.take() {
            let (side, table, filters, notes) = play.panels_before;
            self.panels.side = side;
            self.panels.table = table;
            self.panels.filters = filters;
            self.panels.notes = notes;
        }
        if let Some(view) = &mut self.view {
            view.only_lanes = None;
        }
    }

    /// The story's keys, taken before any other command hears them: ← → step, Space
    /// plays, Esc leaves. Also moves on when playing by itself.
    pub(super) fn story_keys(&mut self, ctx: &egui::Context) {
        let Some(play) = &self.windows.story_play else {
            return;
        };
        let steps = self
            .document
            .as_ref()
            .and_then(|d| d.dataset.stories.get(play.story))
            .map_or(0, |s| s.steps.len());
        let pressed = |key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        if steps == 0 || pressed(Key::Escape) {
            self.stop_story();
            return;
        }
        let now = ctx.input(|i| i.time);
        let mut step = play.step;
        let mut autoplay = play.autoplay;
        if pressed(Key::ArrowRight) || pressed(Key::PageDown) {
            step = (step + 1).min(steps - 1);
        }
        if pressed(Key::ArrowLeft) || pressed(Key::PageUp) {
            step = step.saturating_sub(1);
        }
        if pressed(Key::Space) {
            autoplay = !autoplay;
        }
        if autoplay && now - play.step_started >= play.pace_seconds {
            if step + 1 < steps {
                step += 1;
            } else {
                autoplay = false;
            }
        }
        let window = self.view.as_ref().map(|v| v.window);
        if let (Some(play), Some(window)) = (&mut self.windows.story_play, window) {
            if step != play.step {
                play.step = step;
                play.step_started = now;
                play.glide_from = window;
            }
            play.autoplay = autoplay;
        }
        if autoplay {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// The window while a story is presented: the timeline and the caption card.
    pub(super) fn story_ui(&mut self, ui: &mut egui::Ui) {
        let (Some(play), Some(document), Some(view)) =
            (&self.windows.story_play, &self.document, &mut self.view)
        else {
            return;
        };
        let dataset = &document.dataset;
        let Some(story) = dataset.stories.get(play.story) else {
            return;
        };
        let Some(step) = story.steps.get(play.step) else {
            return;
        };
        let target = step_window(dataset, step, document.now());
        let elapsed = ui.ctx().input(|i| i.time) - play.step_started;
        view.window = glide(play.glide_from, target, elapsed / GLIDE_SECONDS);
        if elapsed < GLIDE_SECONDS {
            ui.ctx().request_repaint();
        }
        view.only_lanes = (!step.lanes.is_empty()).then(|| step.lanes.clone());
        if let StepTarget::Event(event) = step.target {
            view.select_only(Some(event));
        }
        let style = self
            .prefs
            .styles
            .for_theme(self.prefs.theme, ui.visuals().dark_mode);
        let zone = self.prefs.zone;
        let card = caption_card(dataset, story, play.step, play.autoplay);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let _ = timeline_ui(ui, document, view, style, zone);
            });
        egui::Area::new(egui::Id::unique("story-caption"))
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(16.0)
                    .show(ui, |ui| {
                        ui.set_max_width(720.0);
                        card(ui);
                    });
            });
    }
}

/// What the caption card of step `step` shows.
fn caption_card<'d>(
    dataset: &'d Dataset,
    story: &'d Story,
    step: usize,
    autoplay: bool,
) -> impl FnOnce(&mut egui::Ui) + 'd {
    move |ui| {
        let Some(current) = story.steps.get(step) else {
            return;
        };
        let playing = if autoplay { " · playing" } else { "" };
        ui.weak(format!(
            "{} · step {} of {}{playing}",
            story.name,
            step + 1,
            story.steps.len()
        ));
        if !current.caption.is_empty() {
            ui.label(RichText::new(&current.caption).size(18.0).strong());
        }
        match current.target {
            StepTarget::Event(event) => {
                let Some(event) = dataset.event(event) else {
                    return;
                };
                ui.label(RichText::new(event.title()).size(16.0).strong());
                ui.label(event.date_text());
                if !event.description().is_empty() {
                    ui.label(super::shown(event.description(), 600));
                }
                for source in event.sources() {
                    let name = [source.publisher.as_str(), source.title.as_str()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(": ");
                    let shown = if name.is_empty() {
                        source.url.clone()
                    } else {
                        name
                    };
                    if source.url.is_empty() {
                        ui.weak(format!("Source: {shown}"));
                    } else {
                        ui.hyperlink_to(format!("Source: {shown}"), &source.url);
                    }
                }
            }
            StepTarget::Note(note) => {
                let Some(note) = dataset.notes.get(note) else {
                    return;
                };
                ui.label(RichText::new(note.heading()).size(16.0).strong());
                if let NoteTarget::Span { start, end } = note.target {
                    let when = if start == end {
                        start.to_string()
                    } else {
                        format!("{start} – {end}")
                    };
                    ui.label(when);
                }
                ui.label(super::shown(&note.text, 600));
            }
        }
        ui.weak("← → step · Space plays · Esc leaves");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glide_starts_and_ends_at_its_windows() {
        let a = TimeWindow::new(0.0, 100.0);
        let b = TimeWindow::new(1_000.0, 1_010.0);
        assert_eq!(glide(a, b, 0.0), a);
        let end = glide(a, b, 1.0);
        assert!((end.start - b.start).abs() < 1e-6 && (end.end - b.end).abs() < 1e-6);
        let middle = glide(a, b, 0.5);
        assert!(middle.span() < a.span() && middle.span() > b.span());
    }
}
