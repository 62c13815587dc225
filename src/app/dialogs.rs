//! Native file dialogs (rfd) off the UI thread, and a typed path as the fallback where no
//! dialog can be shown (no desktop portal and no zenity): rfd then returns at once, as if the
//! user had cancelled, so a "cancel" that comes back within a blink means "no dialog here".

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A cancel faster than this is rfd saying it has no dialog to show.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(250);

use super::export_ui::ExportSettings;
use super::jobs::Job;

/// What a dialog is for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    Open,
    /// Open a table in a database, by its address (always typed: no file dialog for it).
    OpenDatabase,
    /// Save a screenshot; the suggested file name.
    SaveScreenshot {
        default_name: String,
    },
    /// Save an exported picture made with these settings.
    SaveImage {
        default_name: String,
        settings: ExportSettings,
    },
    /// Save the timeline as Timelanes JSON.
    SaveDataset {
        default_name: String,
    },
    /// Export the timeline, or one of its stories (its position), as TimelineJS3 JSON.
    ExportTimelineJs {
        default_name: String,
        story: Option<usize>,
    },
}

impl DialogPurpose {
    pub fn title(&self) -> &'static str {
        match self {
            Self::Open => "Open a dataset",
            Self::OpenDatabase => "Open a database table",
            Self::SaveScreenshot { .. } => "Save screenshot as PNG",
            Self::SaveImage { .. } => "Export image",
            Self::SaveDataset { .. } => "Save the timeline as",
            Self::ExportTimelineJs { story: None, .. } => "Save as TimelineJS",
            Self::ExportTimelineJs { story: Some(_), .. } => "Save the story as TimelineJS",
        }
    }
}

/// A native dialog open on its own thread.
pub struct DialogJob {
    pub purpose: DialogPurpose,
    started: Instant,
    job: Job<Option<PathBuf>>,
}

/// How a dialog ended.
pub enum DialogOutcome {
    Chosen(PathBuf),
    Cancelled,
    /// No native dialog could be shown: ask for a typed path instead.
    Unavailable,
}

impl DialogJob {
    /// Opens a native dialog on its own thread.
    pub fn spawn(purpose: DialogPurpose, directory: Option<PathBuf>, ctx: &egui::Context) -> Self {
        let thread_purpose = purpose.clone();
        let job = Job::spawn("file dialog", ctx, move || {
            let mut dialog = rfd::FileDialog::new().set_title(thread_purpose.title());
            if let Some(directory) = directory {
                dialog = dialog.set_directory(directory);
            }
            match &thread_purpose {
                // Never asked of a file dialog (an address is typed), but if it were: no file.
                DialogPurpose::OpenDatabase => None,
                DialogPurpose::Open => dialog
                    .add_filter(
                        "Timelines (Timelanes, TimelineJS, CSV, ACLED, GDELT, Parquet)",
                        crate::io::OPENABLE_EXTENSIONS,
                    )
                    .add_filter("Timelanes dataset (JSON)", &["json"])
                    .add_filter("All files", &["*"])
                    .pick_file(),
                DialogPurpose::ExportTimelineJs { default_name, .. } => dialog
                    .add_filter("TimelineJS3 JSON", &["json"])
                    .set_file_name(default_name)
                    .save_file(),
                DialogPurpose::SaveDataset { default_name } => dialog
                    .add_filter("Timelanes dataset (JSON)", &["json"])
                    .set_file_name(default_name)
                    .save_file(),
                DialogPurpose::SaveScreenshot { default_name } => dialog
                    .add_filter("PNG image", &["png"])
                    .set_file_name(default_name)
                    .save_file(),
                DialogPurpose::SaveImage {
                    default_name,
                    settings,
                } => {
                    let (name, extension) = match settings.format {
                        crate::render::export::ImageFormat::Png => ("PNG image", "png"),
                        crate::render::export::ImageFormat::Svg => ("SVG image", "svg"),
                        crate::render::export::ImageFormat::Pdf => ("PDF document", "pdf"),
                    };
                    dialog
                        .add_filter(name, &[extension])
                        .set_file_name(default_name)
                        .save_file()
                }
            }
        });
        Self {
            purpose,
            started: Instant::now(),
            job,
        }
    }

    /// The outcome once the dialog has closed.
    pub fn poll(&self) -> Option<DialogOutcome> {
        Some(match self.job.poll()? {
            Ok(Some(path)) => DialogOutcome::Chosen(path),
            Ok(None) if self.started.elapsed() < NO_DIALOG_THRESHOLD => DialogOutcome::Unavailable,
            Ok(None) => DialogOutcome::Cancelled,
            // A dialog that could not be shown (or crashed): ask for a typed path.
            Err(_) => DialogOutcome::Unavailable,
        })
    }
}

/// The fallback: a path typed by the user.
pub struct PathPrompt {
    pub purpose: DialogPurpose,
    pub text: String,
    /// Why the prompt is shown instead of a dialog.
    pub reason: String,
    /// Whether the field has been given the keyboard once.
    pub focused: bool,
    /// For a database: the password, typed here and kept only until the table is opened.
    pub password: String,
    /// Whether the keyboard goes to the password first (the server asked for one).
    pub password_first: bool,
}

impl PathPrompt {
    pub fn new(purpose: DialogPurpose, initial: String, reason: String) -> Self {
        Self {
            purpose,
            text: initial,
            reason,
            focused: false,
            password: String::new(),
            password_first: false,
        }
    }
}

/// Why there is no native dialog, and how to get one.
pub fn unavailable_reason(native_dialogs: bool) -> &'static str {
    if native_dialogs {
        "No file dialog is available on this desktop. Install xdg-desktop-portal-gtk (or zenity) for one; meanwhile, type the path."
    } else {
        "Native file dialogs are switched off (TIMELANES_NO_NATIVE_DIALOG is set)."
    }
}
