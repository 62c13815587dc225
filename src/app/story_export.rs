//! File › Save story as TimelineJS…: the story being worked on written as TimelineJS3 JSON
//! (a slide per step), through the same dialog as Save as TimelineJS.

use super::TimelanesApp;
use super::dialogs::DialogPurpose;
use super::document::Document;

impl TimelanesApp {
    /// The story the story commands act on, by its position in the dataset's stories: the one
    /// chosen in the notes and stories panel; `None` when the open dataset has none.
    pub fn current_story(&self) -> Option<usize> {
        let stories = self.document.as_ref()?.dataset.stories.len();
        (stories > 0).then(|| self.panels.notes_state.story.min(stories - 1))
    }

    /// Asks where to write the current story as TimelineJS3 JSON.
    pub(super) fn request_story_timelinejs_export(&mut self, ctx: &egui::Context) {
        let (Some(document), Some(story)) = (&self.document, self.current_story()) else {
            return;
        };
        let Some(name) = document.dataset.stories.get(story).map(|s| s.name.clone()) else {
            return;
        };
        let file = Document::name(document);
        let stem = std::path::Path::new(&file).file_stem().map_or_else(
            || "timeline".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let default_name = format!("{stem}-{}.timelinejs.json", file_name_part(&name));
        self.start_dialog(
            DialogPurpose::ExportTimelineJs {
                default_name,
                story: Some(story),
            },
            ctx,
        );
    }
}

/// A story's name as part of a file name: letters and digits kept, anything else a dash.
fn file_name_part(name: &str) -> String {
    let mut part = String::new();
    for c in name.chars().take(60) {
        if c.is_alphanumeric() {
            part.extend(c.to_lowercase());
        } else if !part.ends_with('-') {
            part.push('-');
        }
    }
    let part = part.trim_matches('-');
    if part.is_empty() {
        "story".to_owned()
    } else {
        part.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_name_makes_a_file_name() {
        assert_eq!(file_name_part("Briefing"), "briefing");
        assert_eq!(
            file_name_part("The night / of 24 Feb!"),
            "the-night-of-24-feb"
        );
        assert_eq!(file_name_part("…"), "story");
    }
}
