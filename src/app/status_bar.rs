//! The status bar (load progress with Cancel, the file, how many events are shown, the period
//! in view and whether it is fitted, problems, the last message) and the banners above the
//! timeline (a file changed on disk, a notice).

use egui::RichText;

use super::TimelanesApp;
use super::commands::Command;
use super::document::{Document, FitKind};
use crate::model::summary;

impl TimelanesApp {
    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut run = None;
        ui.horizontal(|ui| {
            if let Some(job) = &self.jobs.loading {
                let (stage, _) = job.progress.get();
                let doing = match stage {
                    crate::io::Stage::Reading => "Reading",
                    crate::io::Stage::Parsing => "Reading events of",
                    crate::io::Stage::Indexing => "Indexing",
                };
                ui.add(
                    egui::ProgressBar::new(job.progress.overall())
                        .desired_width(160.0)
                        .show_percentage(),
                );
                ui.label(format!("{doing} {}…", job.request.name()));
                if ui.button("Cancel").clicked() {
                    job.cancel();
                    self.jobs.loading = None;
                    self.set_status("Loading cancelled; the open dataset stays open", false);
                    return;
                }
                ui.separator();
            }
            if let (Some(document), Some(view)) = (&self.document, &self.view) {
                ui.label(RichText::new(document.name()).strong());
                if document.is_modified() {
                    ui.label(RichText::new("• unsaved").color(ui.visuals().warn_fg_color))
                        .on_hover_text("Save with Ctrl+S; undo with Ctrl+Z");
                }
                if let Some(database) = &document.database {
                    database_status(ui, database);
                    ui.separator();
                }
                let total = document.dataset.event_count();
                let shown = document.shown.shown_count(&document.dataset);
                let hidden_lanes = document.dataset.actors.len() - document.shown.lanes.len();
                let mut counts = if document.database.is_some() {
                    format!("{total} drawn")
                } else if shown == total {
                    format!("{total} events")
                } else {
                    format!("{shown} of {total} events shown")
                };
                counts.push_str(&format!(" · {} actors", document.dataset.actors.len()));
                if hidden_lanes > 0 {
                    counts.push_str(&format!(" ({hidden_lanes} lanes hidden)"));
                }
                let filtered = shown != total || hidden_lanes > 0;
                let text = if filtered {
                    RichText::new(counts).color(ui.visuals().warn_fg_color)
                } else {
                    RichText::new(counts)
                };
                if ui
                    .add(egui::Label::new(text).sense(egui::Sense::click()))
                    .on_hover_text(format!(
                        "{} ({})",
                        Command::ToggleFilters.text(),
                        super::menu::shortcut_text(&ctx, Command::ToggleFilters)
                    ))
                    .clicked()
                {
                    run = Some(Command::ToggleFilters);
                }
                ui.separator();
                ui.label(self.prefs.zone.describe_window(view.window));
                if let Some(fit) = document.fit_kind(view.window) {
                    ui.label(RichText::new(fit_text(document, fit, &ctx)).weak());
                }
                ui.separator();
                if ui
                    .link(format!("Time zone: {}", self.prefs.zone.label()))
                    .on_hover_text(Command::ChooseTimeZone.description())
                    .clicked()
                {
                    run = Some(Command::ChooseTimeZone);
                }
                if !document.problems.is_empty() {
                    ui.separator();
                    let errors = document.problems.iter().any(|p| p.is_error());
                    let color = super::theme::problem_color(ui.visuals(), errors);
                    let text = RichText::new(summary(&document.problems)).color(color);
                    if ui
                        .link(text)
                        .on_hover_text("Show the problems panel")
                        .clicked()
                    {
                        run = Some(Command::ToggleProblems);
                    }
                }
            }
            if let Some(status) = &self.status
                && status.is_current()
            {
                // In the room the bar has left, cut with "…" (whole on hover): a long message
                // must not be drawn over the bar's other items.
                if ui.available_width() > 60.0 {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let text = RichText::new(&status.text);
                        let text = if status.error {
                            text.color(ui.visuals().error_fg_color)
                        } else {
                            text
                        };
                        ui.add(egui::Label::new(text).truncate())
                            .on_hover_text(&status.text);
                    });
                }
            }
        });
        if let Some(command) = run {
            self.execute(command, &ctx);
        }
    }

    /// The banner offering to reload a file that changed on disk; with unsaved edits, to keep
    /// them, load the other version, or save them under another name.
    pub(super) fn changed_on_disk_ui(&mut self, ui: &mut egui::Ui) {
        let (name, modified) = self
            .document
            .as_ref()
            .map_or_else(|| (String::new(), false), |d| (d.name(), d.is_modified()));
        let ctx = ui.ctx().clone();
        ui.horizontal(|ui| {
            if modified {
                ui.label(
                    RichText::new(format!(
                        "{name} has changed on disk, and you have unsaved edits."
                    ))
                    .strong()
                    .color(ui.visuals().warn_fg_color),
                );
                if ui
                    .button("Keep mine")
                    .on_hover_text("Keep editing; saving will write your version over theirs")
                    .clicked()
                {
                    self.changed_on_disk = false;
                }
                if ui
                    .button("Load theirs")
                    .on_hover_text("Give up your edits and load the file as it is on disk")
                    .clicked()
                {
                    self.changed_on_disk = false;
                    self.continue_with(super::editing::PendingAction::Reload, &ctx);
                }
                if ui
                    .button("Save mine as…")
                    .on_hover_text("Keep both: your edits in a new file")
                    .clicked()
                {
                    self.changed_on_disk = false;
                    self.save_as(&ctx);
                }
                return;
            }
            ui.label(RichText::new(format!("{name} has changed on disk.")).strong());
            if ui.button("Reload").clicked() {
                self.reload(&ctx);
            }
            if ui
                .button("Always reload")
                .on_hover_text("Reload without asking from now on (View menu to change)")
                .clicked()
            {
                self.prefs.settings.auto_reload = true;
                self.reload(&ctx);
            }
            if ui.button("Keep this version").clicked() {
                self.changed_on_disk = false;
            }
        });
    }

    /// Names the window after the open dataset.
    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.document {
            Some(document) if !document.dataset.title.is_empty() => {
                format!(
                    "{} — {} — Timelanes",
                    document.dataset.title,
                    document.name()
                )
            }
            Some(document) => format!("{} — Timelanes", document.name()),
            None => "Timelanes".to_owned(),
        };
        // Unsaved edits: a dot in front, as editors show it.
        let modified = self.document.as_ref().is_some_and(Document::is_modified);
        let title = if modified {
            format!("• {title}")
        } else {
            title
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// A warning shown until dismissed.
    pub(super) fn notice_ui(&mut self, ui: &mut egui::Ui) {
        let Some(notice) = &self.windows.notice else {
            return;
        };
        let dismissed = ui
            .horizontal(|ui| {
                ui.label(RichText::new(format!("⚠ {notice}")).color(ui.visuals().warn_fg_color));
                ui.button("OK").clicked()
            })
            .inner;
        if dismissed {
            self.windows.notice = None;
        }
    }
}

/// What the status bar says of a fitted view: which of the two fits it is.
fn fit_text(document: &Document, fit: FitKind, ctx: &egui::Context) -> String {
    let outliers = document.outlier_count();
    match fit {
        FitKind::Events if outliers > 0 => format!(
            "· fitted to the events; {outliers} outlying left out ({} for everything)",
            super::menu::shortcut_text(ctx, Command::FitEverything)
        ),
        FitKind::Events | FitKind::Everything => "· fitted to everything".to_owned(),
    }
}

/// A database document's part of the status bar: the table's size, how long the last answer
/// took, or that the database is not answering.
fn database_status(ui: &mut egui::Ui, database: &super::database_view::DatabaseView) {
    let size = format!("{} in the table", database.outline.event_count);
    if let Some(failure) = database.failure() {
        ui.label(
            RichText::new(format!("{size} · not answering")).color(ui.visuals().error_fg_color),
        )
        .on_hover_text(format!(
            "{failure}\nView › Reconnect to the database asks again."
        ));
    } else if database.is_updating() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("{size} · asking…"));
        });
    } else {
        let latency = database
            .last_latency
            .map(|d| format!(" · {} ms", d.as_millis()))
            .unwrap_or_default();
        ui.label(format!("{size}{latency}"))
            .on_hover_text("Events in the table, and how long the database took to answer for this view. Drawn from the database: lanes with few events in view show them one by one, crowded lanes show how many there are");
    }
}
