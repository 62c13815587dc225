//! The window that asks which column of a table is the date, the title, the actors…, with a
//! live preview of what the rows become: for a CSV file being opened, and for rows pasted on
//! the timeline.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::edit::paste::{PastedRow, PastedTable};
use crate::io::aliases::Aliases;
use crate::io::csv_table::{self, ColumnMapping, CsvPreview};

/// What the columns are chosen for.
pub enum MappingPurpose {
    /// A CSV file to open.
    File(PathBuf),
    /// Rows pasted on the timeline, to add.
    Paste(PastedTable),
}

/// A table waiting for its columns to be mapped.
pub struct MappingRequest {
    pub purpose: MappingPurpose,
    pub preview: CsvPreview,
    pub mapping: ColumnMapping,
}

/// What the user did in the mapping window this frame.
pub enum MappingAction {
    None,
    /// Open the file with this mapping (and remember it for files with the same header).
    Open(PathBuf, ColumnMapping),
    /// Add the pasted rows as these events (those with a problem are left out).
    Paste(Vec<PastedRow>),
    Cancel,
}

impl MappingRequest {
    /// A request starting from `mapping`, or from a guess made from the column names.
    pub fn new(path: PathBuf, preview: CsvPreview, mapping: Option<ColumnMapping>) -> Self {
        let mapping = mapping.unwrap_or_else(|| ColumnMapping::guess(&preview.header));
        Self {
            purpose: MappingPurpose::File(path),
            preview,
            mapping,
        }
    }

    /// A request for pasted rows, starting from the columns guessed for them.
    pub fn for_paste(table: PastedTable) -> Self {
        Self {
            preview: table.preview(),
            mapping: table.mapping.clone(),
            purpose: MappingPurpose::Paste(table),
        }
    }

    /// A request to map an open CSV file again: reads its first rows.
    pub fn for_file(path: &Path, mapping: Option<ColumnMapping>) -> Option<Self> {
        use std::io::Read as _;
        let mut head = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(64 * 1024)
            .read_to_end(&mut head)
            .ok()?;
        let name = crate::io::display_name(path);
        let crate::io::Format::Csv(delimiter) = crate::io::sniff(&name, &head) else {
            return None;
        };
        let preview = csv_table::preview(head.as_slice(), delimiter, 8).ok()?;
        Some(Self::new(path.to_owned(), preview, mapping))
    }

    /// What the window is titled by: the file's name, or "the pasted rows".
    fn table_name(&self) -> String {
        match &self.purpose {
            MappingPurpose::File(path) => path.file_name().map_or_else(
                || crate::io::display_name(path),
                |name| name.to_string_lossy().into_owned(),
            ),
            MappingPurpose::Paste(_) => "the pasted rows".to_owned(),
        }
    }

    /// The first non-empty value of a column in the preview, to name it by example.
    fn example(&self, column: &str) -> Option<&str> {
        let index = self.preview.header.iter().position(|h| h == column)?;
        self.preview
            .rows
            .iter()
            .filter_map(|row| row.get(index))
            .map(|cell| cell.trim())
            .find(|cell| !cell.is_empty())
    }

    fn cell<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.preview
            .header
            .iter()
            .position(|h| h == column)
            .and_then(|i| row.get(i))
            .map_or("", |c| c.trim())
    }
}

/// Shows the mapping window.
pub fn mapping_ui(
    ctx: &egui::Context,
    request: &mut MappingRequest,
    aliases: &Aliases,
) -> MappingAction {
    let mut action = MappingAction::None;
    let mut open = true;
    egui::Window::new(format!("Columns of {}", request.table_name()))
        .collapsible(false)
        .resizable(true)
        .default_width(720.0)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            let pasted = match &request.purpose {
                MappingPurpose::File(_) => {
                    ui.label(
                        "Timelanes does not know this table. Say which column holds what; \
                         the choice is remembered for files with the same columns.",
                    );
                    None
                }
                MappingPurpose::Paste(table) => {
                    let events = table.events(&request.mapping);
                    let good = events.iter().filter(|r| r.problem().is_none()).count();
                    ui.label(format!(
                        "{good} of {} pasted rows are events: a date, a title and, if given, lanes.",
                        events.len()
                    ));
                    if let Some((line, problem)) = events
                        .iter()
                        .find_map(|r| Some((r.line, r.problem()?)))
                    {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!("Line {line}: {problem}"),
                        );
                    }
                    Some((events, good))
                }
            };
            ui.add_space(6.0);
            egui::Grid::new("mapping_roles")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| roles_ui(ui, request));
            ui.add_space(8.0);
            ui.separator();
            ui.label(RichText::new("What the rows become").strong());
            preview_ui(ui, request, aliases);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                match (&request.purpose, pasted) {
                    (MappingPurpose::File(path), _) => {
                        let complete = request.mapping.is_complete();
                        if ui
                            .add_enabled(complete, egui::Button::new("Open"))
                            .on_disabled_hover_text(
                                "Choose the date, title and actor columns first",
                            )
                            .clicked()
                        {
                            action = MappingAction::Open(path.clone(), request.mapping.clone());
                        }
                    }
                    (MappingPurpose::Paste(_), Some((events, good))) => {
                        let add = format!("Add {good} event{}", if good == 1 { "" } else { "s" });
                        if ui
                            .add_enabled(good > 0, egui::Button::new(RichText::new(add).strong()))
                            .on_disabled_hover_text("Choose the date and title columns first")
                            .clicked()
                        {
                            action = MappingAction::Paste(events);
                        }
                    }
                    (MappingPurpose::Paste(_), None) => {}
                }
                if ui.button("Cancel").clicked() {
                    action = MappingAction::Cancel;
                }
                if matches!(request.purpose, MappingPurpose::File(_))
                    && request.mapping.is_complete()
                {
                    ui.weak(format!(
                        "Command line: --map '{}'",
                        request.mapping.to_flag()
                    ));
                }
            });
        });
    if !open {
        action = MappingAction::Cancel;
    }
    action
}

/// Where an optional role's column is kept in a mapping.
type OptionalRole = fn(&mut ColumnMapping) -> &mut Option<String>;

/// One row per role: a column chooser (several for the actors).
fn roles_ui(ui: &mut egui::Ui, request: &mut MappingRequest) {
    let header = request.preview.header.clone();
    let label = |column: &str, request: &MappingRequest| match request.example(column) {
        Some(example) => format!("{column}  (e.g. {})", crate::model::quoted(example)),
        None => column.to_owned(),
    };
    let required = |ui: &mut egui::Ui, role: &str, value: &mut String, request: &MappingRequest| {
        let name = ui.label(RichText::new(role).strong());
        let shown = if value.is_empty() {
            "Choose a column…".to_owned()
        } else {
            label(value, request)
        };
        egui::ComboBox::from_id_salt(role)
            .selected_text(shown)
            .width(420.0)
            .show_ui(ui, |ui| {
                for column in &header {
                    ui.selectable_value(value, column.clone(), label(column, request));
                }
            })
            .response
            .labelled_by(name.id);
        ui.end_row();
    };
    let mut date = request.mapping.date.clone();
    required(ui, "Date (start)", &mut date, request);
    let mut title = request.mapping.title.clone();
    required(ui, "Title", &mut title, request);
    request.mapping.date = date;
    request.mapping.title = title;

    ui.label(RichText::new("Actors (lanes)").strong());
    ui.vertical(|ui| {
        let mut remove = None;
        let mut actors = request.mapping.actors.clone();
        for (i, actor) in actors.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("actor", i))
                    .selected_text(label(actor, request))
                    .width(420.0)
                    .show_ui(ui, |ui| {
                        for column in &header {
                            ui.selectable_value(actor, column.clone(), label(column, request));
                        }
                    })
                    .response
                    .accessible_name(format!("Actor column {}", i + 1));
                if ui
                    .small_button("✕")
                    .on_hover_text("Not an actor column")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            actors.remove(i);
        }
        let add = if actors.is_empty() {
            "Choose a column…"
        } else {
            "Add another actor column"
        };
        egui::ComboBox::from_id_salt("actor_add")
            .selected_text(add)
            .width(420.0)
            .show_ui(ui, |ui| {
                for column in &header {
                    if !actors.contains(column)
                        && ui.selectable_label(false, label(column, request)).clicked()
                    {
                        actors.push(column.clone());
                    }
                }
            })
            .response
            .accessible_name("Add an actor column");
        ui.weak("A cell may name several actors separated by ;");
        request.mapping.actors = actors;
    });
    ui.end_row();

    let optional_roles: [(&str, OptionalRole); 4] = [
        ("End", |m| &mut m.end),
        ("Description", |m| &mut m.description),
        ("Source", |m| &mut m.source),
        ("Kind", |m| &mut m.kind),
    ];
    for (role, field) in optional_roles {
        let name = ui.label(role);
        let mut value = field(&mut request.mapping).clone();
        let shown = value
            .as_deref()
            .map_or_else(|| "(none)".to_owned(), |c| label(c, request));
        egui::ComboBox::from_id_salt(role)
            .selected_text(shown)
            .width(420.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut value, None, "(none)");
                for column in &header {
                    ui.selectable_value(&mut value, Some(column.clone()), label(column, request));
                }
            })
            .response
            .labelled_by(name.id);
        *field(&mut request.mapping) = value;
        ui.end_row();
    }
}

/// The first rows as events: date (or why it is not one), title, actors.
fn preview_ui(ui: &mut egui::Ui, request: &MappingRequest, aliases: &Aliases) {
    if request.preview.rows.is_empty() {
        ui.weak("The table has no rows under its header.");
        return;
    }
    let mapping = &request.mapping;
    egui::ScrollArea::both()
        .max_height(220.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("mapping_preview")
                .striped(true)
                .num_columns(3)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("When").strong());
                    ui.label(RichText::new("Title").strong());
                    ui.label(RichText::new("Lanes").strong());
                    ui.end_row();
                    for row in &request.preview.rows {
                        let date = request.cell(row, &mapping.date);
                        if mapping.date.is_empty() {
                            ui.weak("–");
                        } else {
                            match csv_table::parse_cell_date(date) {
                                Ok(start) => {
                                    let end = mapping
                                        .end
                                        .as_deref()
                                        .map(|c| request.cell(row, c))
                                        .and_then(|t| csv_table::parse_cell_date(t).ok());
                                    match end {
                                        Some(end) => {
                                            ui.label(format!("{} – {}", start.human(), end.human()))
                                        }
                                        None => ui.label(start.human()),
                                    };
                                }
                                Err(error) => {
                                    ui.colored_label(
                                        ui.visuals().error_fg_color,
                                        format!(
                                            "{} is not a date: {error}",
                                            crate::model::quoted(date)
                                        ),
                                    );
                                }
                            }
                        }
                        let title = request.cell(row, &mapping.title);
                        let short = crate::layout::truncate_chars(title, 60);
                        if short.len() < title.len() {
                            ui.label(format!("{short}…"));
                        } else {
                            ui.label(title);
                        }
                        let lanes: Vec<String> = mapping
                            .actors
                            .iter()
                            .flat_map(|c| request.cell(row, c).split(';'))
                            .map(str::trim)
                            .filter(|a| !a.is_empty())
                            .map(|a| aliases.lane_for_name(a))
                            .collect();
                        ui.label(lanes.join(", "));
                        ui.end_row();
                    }
                });
        });
}
