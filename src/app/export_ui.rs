//! File › Export image…: the current view (its period and lanes) as a publication-ready SVG,
//! PNG or PDF, drawn by the same page layout as `timelanes render`, written in the background.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::index::TimelineIndex;
use crate::layout::{LaneSpec, MIN_PAGE_WIDTH, PageInput, Style};
use crate::model::{Dataset, Link};
use crate::render::export::{ImageFormat, export_page, with_notes};
use crate::render::headless::HeadlessMeasure;
use crate::time::TimeWindow;

use super::jobs::Job;

/// What the user chose in the export window.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSettings {
    pub format: ImageFormat,
    /// Width in points.
    pub width: u32,
    /// Height in points; `None` fits every lane.
    pub height: Option<u32>,
    /// Pixels per point (PNG only).
    pub scale: f32,
    pub dark: bool,
    pub title: String,
    /// Whether the author's notes are in the picture: span notes as bands, the notes on the
    /// events in view and on the lanes listed under it.
    pub notes: bool,
}

impl ExportSettings {
    pub fn new(width: f32, title: &str, dark: bool) -> Self {
        Self {
            format: ImageFormat::Png,
            width: (width.round() as u32).max(MIN_PAGE_WIDTH as u32),
            height: None,
            scale: 2.0,
            dark,
            title: title.to_owned(),
            notes: true,
        }
    }
}

/// Everything an export needs, shareable with the thread that writes it.
pub struct ExportJob {
    pub dataset: Arc<Dataset>,
    pub index: Arc<TimelineIndex>,
    pub lanes: Vec<LaneSpec>,
    pub links: Vec<Link>,
    pub link_kinds: Vec<String>,
    pub window: TimeWindow,
    pub settings: ExportSettings,
    pub path: PathBuf,
    /// The clock of the axis, named on the picture.
    pub zone: crate::time::Zone,
}

/// Writes the picture on a background thread: "Exported PATH", or what went wrong.
pub fn spawn(job: ExportJob, ctx: &egui::Context) -> Job<Result<String, String>> {
    Job::spawn("export", ctx, move || {
        let style = if job.settings.dark {
            Style::dark()
        } else {
            Style::light()
        };
        let dataset = with_notes(&job.dataset, job.settings.notes);
        let input = PageInput {
            dataset: &dataset,
            index: &job.index,
            columns: None,
            lanes: &job.lanes,
            links: &job.links,
            link_kinds: &job.link_kinds,
            window: job.window,
            width: job.settings.width as f32,
            height: job.settings.height.map(|h| h as f32),
            style: &style,
            title: Some(&job.settings.title),
            now: job.index.now(),
            zone: job.zone,
        };
        export_page(
            &input,
            job.settings.notes,
            &HeadlessMeasure::new(),
            job.settings.format,
            job.settings.scale,
            &job.path,
        )
        .map(|_| format!("Exported {}", job.path.display()))
        .map_err(|e| format!("{e:#}"))
    })
}

/// What the export window asks for.
pub enum ExportAction {
    /// Choose where to save, then export with these settings.
    Export,
    Cancel,
}

/// The settings form. `window` and `lanes` describe what will be exported.
pub fn export_settings_ui(
    ui: &mut Ui,
    settings: &mut ExportSettings,
    window: TimeWindow,
    zone: crate::time::Zone,
    lane_count: usize,
) -> Option<ExportAction> {
    let mut action = None;
    ui.label(format!(
        "The current view: {}, {lane_count} lanes, times in {}, with a title, a legend and the sources of the events in view.",
        zone.describe_window(window),
        zone.clock_name()
    ));
    ui.add_space(6.0);
    egui::Grid::new("export-settings")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            ui.label("Format");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.format, ImageFormat::Png, "PNG");
                ui.radio_value(
                    &mut settings.format,
                    ImageFormat::Svg,
                    "SVG (editable text)",
                );
                ui.radio_value(
                    &mut settings.format,
                    ImageFormat::Pdf,
                    "PDF (vector, real text)",
                );
            });
            ui.end_row();

            let title = ui.label("Title");
            ui.add(egui::TextEdit::singleline(&mut settings.title).desired_width(320.0))
                .labelled_by(title.id);
            ui.end_row();

            let width = ui.label("Width");
            ui.add(
                egui::DragValue::new(&mut settings.width)
                    .range(MIN_PAGE_WIDTH as u32..=8000)
                    .suffix(" pt"),
            )
            .labelled_by(width.id);
            ui.end_row();

            let height_label = ui.label("Height");
            ui.horizontal(|ui| {
                let mut fit = settings.height.is_none();
                if ui.checkbox(&mut fit, "fit every lane").changed() {
                    settings.height = if fit { None } else { Some(900) };
                }
                if let Some(height) = &mut settings.height {
                    ui.add(egui::DragValue::new(height).range(200..=8000).suffix(" pt"))
                        .labelled_by(height_label.id);
                }
            });
            ui.end_row();

            ui.label("Scale");
            ui.add_enabled_ui(settings.format == ImageFormat::Png, |ui| {
                ui.horizontal(|ui| {
                    for scale in [1.0, 2.0, 3.0] {
                        ui.radio_value(&mut settings.scale, scale, format!("{scale}×"));
                    }
                    ui.weak(format!(
                        "{} pixels wide",
                        (settings.width as f32 * settings.scale).round()
                    ));
                });
            });
            ui.end_row();

            ui.label("Colours");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.dark, false, "Light");
                ui.radio_value(&mut settings.dark, true, "Dark");
            });
            ui.end_row();

            ui.label("Notes");
            ui.checkbox(&mut settings.notes, "Include notes")
                .on_hover_text("Notes on spans of time as bands, and the notes on the events in view and on the lanes listed under the picture");
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Export…").strong()).clicked() {
            action = Some(ExportAction::Export);
        }
        if ui.button("Cancel").clicked() {
            action = Some(ExportAction::Cancel);
        }
    });
    action
}

/// A default file name: `us-china-ukraine-2022-20261128-142301.png`.
pub fn default_file_name(
    document_name: &str,
    format: ImageFormat,
    now: chrono::NaiveDateTime,
) -> String {
    let png_name = super::screenshot::default_file_name(document_name, now);
    png_name
        .strip_suffix(".png")
        .map_or(png_name.clone(), |stem| {
            format!("{stem}.{}", format.extension())
        })
}
