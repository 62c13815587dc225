//! The flows that ask for a file and then work in the background: Open (a native dialog or a
//! typed path), Export image (settings window → dialog → picture written off-thread) and
//! Export screenshot (dialog → capture → PNG written off-thread).

use std::path::PathBuf;

use crate::render::export::ImageFormat;

use super::TimelanesApp;
use super::dialogs::{self, DialogJob, DialogOutcome, DialogPurpose, PathPrompt};
use super::document::{Document, DocumentSource};
use super::export_ui::{self, ExportJob, ExportSettings};
use super::screenshot;
use super::state::ScreenshotExport;

impl TimelanesApp {
    /// Asks for a file: a native dialog where there is one, else a typed path.
    pub(super) fn start_dialog(&mut self, purpose: DialogPurpose, ctx: &egui::Context) {
        if self.jobs.dialog.is_some() {
            return;
        }
        if !self.prefs.native_dialogs {
            self.show_path_prompt(purpose);
            return;
        }
        let directory = match self.document.as_ref().map(|d| &d.source) {
            Some(DocumentSource::File(path)) => path.parent().map(PathBuf::from),
            _ => std::env::current_dir().ok(),
        };
        self.jobs.dialog = Some(DialogJob::spawn(purpose, directory, ctx));
    }

    pub(super) fn show_path_prompt(&mut self, purpose: DialogPurpose) {
        let initial = match &purpose {
            DialogPurpose::Open => String::new(),
            DialogPurpose::OpenDatabase => "clickhouse://127.0.0.1:8123/".to_owned(),
            DialogPurpose::SaveScreenshot { default_name }
            | DialogPurpose::SaveDataset { default_name }
            | DialogPurpose::ExportTimelineJs { default_name, .. }
            | DialogPurpose::SaveImage { default_name, .. } => std::env::current_dir()
                .map(|d| d.join(default_name).display().to_string())
                .unwrap_or_else(|_| default_name.clone()),
        };
        let reason = if purpose == DialogPurpose::OpenDatabase {
            "A ClickHouse table in the Timelanes schema (docs/FORMAT.md), as clickhouse://[USER@]HOST:PORT/DATABASE.TABLE. A password is typed below (never saved) or comes from CLICKHOUSE_PASSWORD.".to_owned()
        } else {
            dialogs::unavailable_reason(self.prefs.native_dialogs).to_owned()
        };
        self.windows.path_prompt = Some(PathPrompt::new(purpose, initial, reason));
    }

    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(outcome) = self.jobs.dialog.as_ref().and_then(DialogJob::poll) else {
            return;
        };
        let Some(job) = self.jobs.dialog.take() else {
            return;
        };
        match outcome {
            DialogOutcome::Chosen(path) => self.path_chosen(job.purpose, path, ctx),
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => self.show_path_prompt(job.purpose),
        }
    }

    /// Goes on with what the file was asked for.
    pub(super) fn path_chosen(
        &mut self,
        purpose: DialogPurpose,
        path: PathBuf,
        ctx: &egui::Context,
    ) {
        match purpose {
            DialogPurpose::Open | DialogPurpose::OpenDatabase => self.open_path(path, ctx),
            DialogPurpose::ExportTimelineJs { story, .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension("json")
                } else {
                    path
                };
                let Some(document) = &self.document else {
                    return;
                };
                let dataset = &document.dataset;
                let text = match story {
                    None => crate::io::timelinejs_writer::to_timelinejs_json(dataset),
                    Some(story) => match dataset.stories.get(story) {
                        Some(story) => {
                            crate::io::timelinejs_writer::story_to_timelinejs_json(dataset, story)
                        }
                        // The story was removed by an edit while the dialog was open.
                        None => {
                            self.set_status("Not exported: the story is no longer there", true);
                            return;
                        }
                    },
                };
                match crate::io::atomic::write_atomic(&path, text.as_bytes()) {
                    Ok(()) => {
                        self.set_status(format!("Exported TimelineJS to {}", path.display()), false)
                    }
                    Err(error) => self
                        .set_status(format!("Not exported to {}: {error}", path.display()), true),
                }
            }
            DialogPurpose::SaveDataset { .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension("json")
                } else {
                    path
                };
                self.save_to(path);
            }
            DialogPurpose::SaveScreenshot { .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension("png")
                } else {
                    path
                };
                self.jobs.screenshot = ScreenshotExport::Capturing {
                    path,
                    receiver: screenshot::request(ctx),
                };
            }
            DialogPurpose::SaveImage { mut settings, .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension(settings.format.extension())
                } else {
                    path
                };
                // A name typed with another picture's extension asks for that format: a file
                // named .pdf must not hold a PNG.
                if let Some(format) = ImageFormat::from_path(&path) {
                    settings.format = format;
                }
                let (Some(document), Some(view)) = (&self.document, &self.view) else {
                    return;
                };
                let job = ExportJob {
                    dataset: document.dataset.clone(),
                    index: document.shown.index.clone(),
                    lanes: document.shown.lanes.clone(),
                    links: document.shown.links.clone(),
                    link_kinds: document.shown.link_kinds.clone(),
                    window: view.window,
                    settings,
                    path,
                    zone: self.prefs.zone,
                };
                self.set_status("Exporting…", false);
                self.jobs.image_export = Some(export_ui::spawn(job, ctx));
            }
        }
    }

    /// Opens the export window with settings for the current view.
    pub(super) fn open_export_settings(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else {
            return;
        };
        let title = if document.dataset.title.is_empty() {
            document.name()
        } else {
            document.dataset.title.clone()
        };
        let dark = ctx.global_style().visuals.dark_mode;
        self.windows.export_settings = Some(ExportSettings::new(self.timeline_width, &title, dark));
    }

    /// Asks where to save the picture the export window describes.
    pub(super) fn export_image_to_file(&mut self, settings: ExportSettings, ctx: &egui::Context) {
        let name = self
            .document
            .as_ref()
            .map_or_else(|| "timelanes".to_owned(), Document::name);
        let default_name =
            export_ui::default_file_name(&name, settings.format, screenshot::local_now());
        self.start_dialog(
            DialogPurpose::SaveImage {
                default_name,
                settings,
            },
            ctx,
        );
    }

    pub(super) fn poll_image_export(&mut self) {
        let Some(result) = self.jobs.image_export.as_ref().and_then(|job| job.poll()) else {
            return;
        };
        self.jobs.image_export = None;
        match result {
            Ok(Ok(message)) => self.set_status(message, false),
            Ok(Err(message)) => self.set_status(format!("Image not exported: {message}"), true),
            Err(failed) => self.set_status(format!("Image not exported: {failed}"), true),
        }
    }

    /// Export › TimelineJS: asks where to write the TimelineJS3 file.
    pub(super) fn request_timelinejs_export(&mut self, ctx: &egui::Context) {
        let name = self
            .document
            .as_ref()
            .map_or_else(|| "timeline".to_owned(), Document::name);
        let stem = std::path::Path::new(&name).file_stem().map_or_else(
            || "timeline".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let default_name = format!("{stem}.timelinejs.json");
        self.start_dialog(
            DialogPurpose::ExportTimelineJs {
                default_name,
                story: None,
            },
            ctx,
        );
    }

    pub(super) fn request_screenshot_export(&mut self, ctx: &egui::Context) {
        let name = self
            .document
            .as_ref()
            .map_or_else(|| "timelanes".to_owned(), Document::name);
        let default_name = screenshot::default_file_name(&name, screenshot::local_now());
        self.start_dialog(DialogPurpose::SaveScreenshot { default_name }, ctx);
    }

    pub(super) fn poll_screenshot_export(&mut self, ctx: &egui::Context) {
        match &self.jobs.screenshot {
            ScreenshotExport::Idle => {}
            ScreenshotExport::Capturing { path, receiver } => match screenshot::poll(receiver) {
                None => {}
                Some(Ok(image)) => {
                    let job = screenshot::save_in_background(path.clone(), image, ctx);
                    self.jobs.screenshot = ScreenshotExport::Saving(job);
                }
                Some(Err(())) => {
                    self.jobs.screenshot = ScreenshotExport::Idle;
                    self.set_status("The screenshot could not be taken", true);
                }
            },
            ScreenshotExport::Saving(job) => {
                let Some(result) = job.poll() else {
                    return;
                };
                self.jobs.screenshot = ScreenshotExport::Idle;
                match result {
                    Ok(Ok(path)) => {
                        self.set_status(format!("Saved screenshot to {}", path.display()), false);
                    }
                    Ok(Err(message)) => {
                        self.set_status(format!("Screenshot not saved: {message}"), true);
                    }
                    Err(failed) => self.set_status(format!("Screenshot not saved: {failed}"), true),
                }
            }
        }
    }
}
