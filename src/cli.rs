//! The command line: `timelanes [FILE]` opens the window, `timelanes check FILE` validates a
//! file without one, `render` draws a picture, `list` prints the events (in `cli/list.rs`).

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::io::ImportOptions;
use crate::io::aliases::Aliases;
use crate::io::csv_table::ColumnMapping;
use crate::layout::ThemeChoice;
use crate::model::{ActorIdx, Dataset, FieldPath, Problem, summary};
use crate::time::{Date, TimeRange, TimeWindow, Zone};

mod database;
mod list;
pub use list::{ListArgs, ListFormat, list};

/// Timelanes: who did what, and when, as swimlanes on a zoomable time axis.
#[derive(Debug, Parser)]
#[command(
    name = "timelanes",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The dataset to open (default: the bundled example).
    pub file: Option<PathBuf>,

    /// Save a screenshot of the window as PNG once the dataset is drawn, then exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Window size in points, like 1600x1000.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,

    /// Light, dark or high-contrast (default: as last chosen, or following the system).
    #[arg(long)]
    pub theme: Option<ThemeArg>,

    /// Start of the initial view, any precision (2021, 2021-11, 2021-11-15); default: fit all.
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to")]
    pub from: Option<Date>,

    /// End of the initial view (inclusive at its precision: --to 2022-02 shows all of February).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<Date>,

    /// Centre the first view on this date, at a zoom that suits its precision (a day among the
    /// weeks around it, a year among its decade).
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub at: Option<Date>,

    /// Present the story of this name (see the notes panel) as soon as the dataset is open.
    #[arg(long, value_name = "NAME")]
    pub story: Option<String>,

    /// The story's step to start at, from 1.
    #[arg(long, value_name = "N", requires = "story", value_parser = clap::value_parser!(u32).range(1..))]
    pub step: Option<u32>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| format!("{e}; {}", e.hint()))
}

impl Cli {
    /// The initial view asked for with --from and --to.
    pub fn initial_range(&self) -> Result<Option<TimeRange>, String> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to.latest() <= from.earliest() => {
                Err(format!("--to {to} is not after --from {from}"))
            }
            (Some(from), Some(to)) => Ok(Some(TimeRange::new(from.earliest(), to.latest()))),
            _ => Ok(None),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Draw a dataset as a picture ready to publish (SVG, PNG or PDF), without a window.
    ///
    /// The picture has the title and date range on top, a legend, the lanes with their
    /// labelled events, and the sources of the events in view at the bottom. Exits 0 when the
    /// picture was written, 1 when the file could not be loaded or written, 2 for bad arguments.
    Render(RenderArgs),

    /// Print the events in time order: start, end, title and actors, as an aligned table or
    /// as TSV or CSV for scripts.
    ///
    /// Clock times are written on the clock of --tz with its abbreviation
    /// (2022-02-24 06:00 MSK); dates written to the day or coarser are written as they are
    /// (2014, 2021-11, 2022-02-24~), never moved to another day. Problems go to standard
    /// error as `check` writes them. Exits 0 when the file loads with no errors (warnings
    /// allowed), 1 when it has errors (the usable events are still listed), 2 when it cannot
    /// be read or the arguments are wrong.
    List(ListArgs),

    /// Write a synthetic dataset (benchmarks, stress tests).
    #[command(hide = true)]
    Generate {
        /// How many events.
        #[arg(long)]
        events: usize,
        /// How many actors (lanes).
        #[arg(long, default_value_t = 50)]
        actors: usize,
        /// The same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write it.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Load and validate a dataset without a window; print its problems as FILE:LINE:COLUMN.
    ///
    /// Exits 0 when the file loads with no errors (warnings allowed), 1 when it has errors,
    /// 2 when it cannot be read.
    Check {
        /// The dataset to check: Timelanes JSON, TimelineJS JSON or CSV, ACLED CSV, GDELT
        /// (tab-separated or zipped), or any CSV with --map; - reads standard input.
        file: PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },

    /// Write any file Timelanes can open as a Timelanes JSON file (to edit, version, share),
    /// or as TimelineJS3 JSON with --to timelinejs (a story of the file with --story NAME).
    ///
    /// Exits 0 when everything was written (warnings allowed); 1 when rows or events had to be
    /// left out (the rest is written; the problems say where, and a last line how many), when
    /// the file is not a usable dataset, or when the output cannot be written; 2 when the file
    /// cannot be read or the arguments are wrong.
    Convert {
        /// The file to convert (- reads standard input).
        file: PathBuf,
        /// Where to write the Timelanes JSON, or a ClickHouse table to create and fill:
        /// clickhouse://HOST:PORT/DATABASE.TABLE (see docs/FORMAT.md, "Database tables").
        #[arg(short, long, value_name = "OUT.json")]
        output: PathBuf,
        /// What to write: Timelanes JSON (the default), or TimelineJS3 JSON to publish with
        /// TimelineJS.
        #[arg(long, value_name = "FORMAT")]
        to: Option<ConvertFormat>,
        /// Write the story of this name as TimelineJS3 JSON: its title slide, a slide per step
        /// (with its caption), span notes as eras. Implies --to timelinejs.
        #[arg(long, value_name = "NAME")]
        story: Option<String>,
        #[command(flatten)]
        import: ImportArgs,
    },
}

/// What `convert` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConvertFormat {
    /// Timelanes JSON.
    Timelanes,
    /// TimelineJS3 JSON.
    Timelinejs,
}

/// What `convert` is asked to write: a format, and a story of the file instead of all of it.
#[derive(Clone, Debug, Default)]
pub struct ConvertTo {
    pub format: Option<ConvertFormat>,
    pub story: Option<String>,
}

/// How to import files that are not Timelanes JSON.
#[derive(Debug, Default, clap::Args)]
pub struct ImportArgs {
    /// For a CSV file or a Parquet table of your own: which column is what, as role=column
    /// pairs. Roles: date, end, title, actors (several columns joined with |), description,
    /// source, kind.
    /// Example: --map "date=Date,title=Headline,actors=Country|Counterpart,source=URL"
    #[arg(long, value_name = "ROLE=COLUMN,…", value_parser = parse_mapping)]
    pub map: Option<ColumnMapping>,

    /// Actor aliases of your own (a JSON list of {"from": …, "to": …}), before the built-in ones
    /// (default: the ones the window keeps, if any).
    #[arg(long, value_name = "aliases.json")]
    pub aliases: Option<PathBuf>,
}

/// Which part of a dataset `render` draws and `list` prints, and on which clock.
#[derive(Debug, Default, clap::Args)]
pub struct SelectionArgs {
    /// Start of the period, any precision (2021, 2021-11, 2021-11-15; default: every event).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to")]
    pub from: Option<Date>,

    /// End of the period, inclusive at its precision (--to 2022-02 takes all of February).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<Date>,

    /// The lanes, in this order: actor ids separated by commas (default: all). `list` prints
    /// the events of any of them.
    #[arg(long, value_name = "ID,ID", value_delimiter = ',')]
    pub actors: Option<Vec<String>>,

    /// The clock of times and of the axis: an IANA zone (Europe/Kyiv, America/New_York),
    /// UTC, or local (the system's).
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = parse_zone)]
    pub tz: Zone,
}

fn parse_zone(text: &str) -> Result<Zone, String> {
    Zone::parse(text).map_err(|e| e.to_string())
}

/// A file loaded for `render` or `list`: its name, its dataset with dates without a time on
/// the days of --tz, its problems (already printed), and the period of --from and --to.
pub struct Selected {
    pub name: String,
    pub dataset: Dataset,
    pub problems: Vec<Problem>,
    pub window: Option<TimeWindow>,
}

/// Why [`load_selected`] stopped (its message printed): the exit code, and whether the file
/// itself could not be loaded (rather than the arguments being wrong).
pub struct NotSelected {
    pub code: i32,
    pub load_failed: bool,
}

/// Checks --from and --to, loads `file` and prints its problems to `err`.
pub fn load_selected(
    file: &Path,
    import: &ImportArgs,
    selection: &SelectionArgs,
    user_aliases: Option<PathBuf>,
    err: &mut dyn std::io::Write,
) -> Result<Selected, NotSelected> {
    let window = selection.window().map_err(|message| {
        let _ = writeln!(err, "timelanes: {message}");
        NotSelected {
            code: 2,
            load_failed: false,
        }
    })?;
    let name = crate::io::display_name(file);
    let options = import.options(user_aliases, err);
    let progress = crate::io::LoadProgress::new();
    let loaded = crate::io::load_path_with(file, &progress, &options).map_err(|error| {
        let _ = writeln!(err, "{error}");
        NotSelected {
            code: error.exit_code(),
            load_failed: true,
        }
    })?;
    for problem in &loaded.problems {
        let _ = writeln!(err, "{}", problem.display_in(&name));
    }
    let mut dataset = loaded.dataset;
    // Dates without a time are on the days of --tz, as --from and --to are.
    dataset.set_day_zone(selection.tz);
    Ok(Selected {
        name,
        dataset,
        problems: loaded.problems,
        window,
    })
}

impl SelectionArgs {
    /// The period of --from and --to, if given, a typed day being a day of --tz; an error
    /// message when --to is not after --from.
    pub fn window(&self) -> Result<Option<TimeWindow>, String> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to.latest() <= from.earliest() => {
                Err(format!("--to {to} is not after --from {from}"))
            }
            (Some(from), Some(to)) => Ok(Some(TimeWindow::new(
                self.tz.on_local_days(&from, from.earliest()).as_f64(),
                self.tz.on_local_days(&to, to.latest()).as_f64(),
            ))),
            _ => Ok(None),
        }
    }

    /// The lanes of --actors in their order (all of `dataset`'s without it); an error message
    /// naming the actors of `name` when one is not among them.
    pub fn lanes(&self, dataset: &Dataset, name: &str) -> Result<Vec<ActorIdx>, String> {
        let Some(ids) = &self.actors else {
            return Ok((0..dataset.actors.len() as u32).map(ActorIdx).collect());
        };
        let mut lanes = Vec::new();
        for id in ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
            match dataset.actors.iter().position(|a| a.id == id) {
                Some(i) => lanes.push(ActorIdx(i as u32)),
                None => {
                    let known: Vec<&str> = dataset.actors.iter().map(|a| a.id.as_str()).collect();
                    return Err(format!(
                        "--actors: {name} has no actor {id:?}; its actors are {}",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(lanes)
    }
}

fn parse_mapping(text: &str) -> Result<ColumnMapping, String> {
    let mapping = ColumnMapping::parse_flag(text)?;
    if mapping.is_complete() {
        Ok(mapping)
    } else {
        Err("date, title and actors need a column each".to_owned())
    }
}

impl ImportArgs {
    /// The import options these arguments ask for: the aliases in `--aliases`, else those in
    /// `user_aliases` (the window's, beside its settings). A problem with the aliases file is
    /// a warning written to `err`.
    pub fn options(
        &self,
        user_aliases: Option<PathBuf>,
        err: &mut dyn std::io::Write,
    ) -> ImportOptions {
        let path = self.aliases.clone().or(user_aliases);
        let rules = match path {
            Some(path) => {
                let (rules, warning) = Aliases::load_user_rules(&path);
                if let Some(warning) = warning {
                    let _ = writeln!(err, "timelanes: {warning}");
                }
                rules
            }
            None => Vec::new(),
        };
        ImportOptions {
            aliases: std::sync::Arc::new(Aliases::with_user_rules(rules)),
            mapping: self.map.clone(),
            remembered: Default::default(),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The dataset to draw (- reads standard input).
    pub file: PathBuf,

    /// The picture to write: its extension, .svg, .png or .pdf, chooses the format.
    #[arg(short, long, value_name = "OUT.svg|OUT.png|OUT.pdf")]
    pub output: PathBuf,

    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Width in points (CSS pixels).
    #[arg(long, default_value_t = 1600, value_parser = clap::value_parser!(u32).range(320..=16_384))]
    pub width: u32,

    /// Height in points (default: tall enough for every lane).
    #[arg(long, value_parser = clap::value_parser!(u32).range(200..=16_384))]
    pub height: Option<u32>,

    /// Pixels per point in a PNG (2 for high-density screens and print).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    pub scale: f32,

    /// Light, dark or high-contrast.
    #[arg(long, default_value = "light")]
    pub theme: ThemeArg,

    /// The title on top (default: the dataset's title).
    #[arg(long)]
    pub title: Option<String>,

    /// Include the author's notes: notes on spans of time as bands, and the notes on the
    /// events in view and on the lanes shown listed under the picture.
    #[arg(long)]
    pub notes: bool,

    /// Write the story of this name as a PDF document: a title page, a page per step (its
    /// view, its lanes and its caption) and a page of the sources its events cite.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["from", "to", "actors", "title"])]
    pub story: Option<String>,

    #[command(flatten)]
    pub import: ImportArgs,
}

fn parse_scale(text: &str) -> Result<f32, String> {
    text.parse::<f32>()
        .ok()
        .filter(|s| (0.25..=8.0).contains(s))
        .ok_or_else(|| format!("{text:?} is not a scale between 0.25 and 8"))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
    /// Black and white with pure accents, for low vision.
    HighContrast,
}

impl ThemeArg {
    /// The page style of the theme.
    pub fn style(self) -> crate::layout::Style {
        use crate::layout::Style;
        match self {
            Self::Light => Style::light(),
            Self::Dark => Style::dark(),
            Self::HighContrast => Style::high_contrast(),
        }
    }
}

impl From<ThemeArg> for ThemeChoice {
    fn from(theme: ThemeArg) -> Self {
        match theme {
            ThemeArg::Light => Self::Light,
            ThemeArg::Dark => Self::Dark,
            ThemeArg::HighContrast => Self::HighContrast,
        }
    }
}

fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text.split_once(['x', 'X', '×']).ok_or_else(|| {
        format!("{text:?} is not a size; write it as WIDTHxHEIGHT, like 1600x1000")
    })?;
    let number = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (100..=16_384).contains(n))
            .map(|n| n as f32)
            .ok_or_else(|| format!("{s:?} is not a width or height between 100 and 16384"))
    };
    Ok([number(w)?, number(h)?])
}

/// `timelanes render`: writes the picture; returns the exit code. `user_aliases` is where the
/// window keeps the user's actor aliases. Progress and problems go to `out`, failures to `err`.
pub fn render(
    args: &RenderArgs,
    user_aliases: Option<PathBuf>,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> i32 {
    use crate::index::TimelineIndex;
    use crate::layout::{LaneSpec, PageInput, events_in_view};
    use crate::render::export::{ImageFormat, export_page};
    use crate::render::headless::HeadlessMeasure;
    use crate::time::Timestamp;

    let Some(format) = ImageFormat::from_path(&args.output) else {
        let _ = writeln!(
            err,
            "timelanes: cannot tell the format of {}: name it .svg, .png or .pdf",
            args.output.display()
        );
        return 2;
    };
    if let Some(source) = data_source(&args.file, err) {
        return match source {
            Ok(source) => database::render(args, format, &source, out, err),
            Err(code) => code,
        };
    }
    if args.story.is_some() && format != ImageFormat::Pdf {
        let _ = writeln!(
            err,
            "timelanes: a story renders to a PDF document of several pages, not to .{}: name the output story.pdf",
            format.extension()
        );
        return 2;
    }
    let Selected {
        name,
        dataset,
        window,
        ..
    } = match load_selected(&args.file, &args.import, &args.selection, user_aliases, err) {
        Ok(selected) => selected,
        Err(failed) => return failed.code,
    };
    if let Some(story) = &args.story {
        return render_story(args, &dataset, story, &name, out, err);
    }
    let dataset = crate::render::export::with_notes(&dataset, args.notes);
    let dataset = dataset.as_ref();
    let lanes = match args.selection.lanes(dataset, &name) {
        Ok(lanes) => lanes,
        Err(message) => {
            let _ = writeln!(err, "timelanes: {message}");
            return 2;
        }
    };
    let now = Timestamp::now();
    let index = TimelineIndex::build(dataset, now);
    let window = window.unwrap_or_else(|| TimeWindow::fit_all(index.extent(), now));
    let style = args.theme.style();
    let lanes: Vec<LaneSpec> = lanes.into_iter().map(LaneSpec::plain).collect();
    let link_kinds = crate::view::link_kinds(dataset);
    let input = PageInput {
        dataset,
        index: &index,
        columns: None,
        lanes: &lanes,
        links: &dataset.links,
        link_kinds: &link_kinds,
        window,
        width: args.width as f32,
        height: args.height.map(|h| h as f32),
        style: &style,
        title: args.title.as_deref(),
        now,
        zone: args.selection.tz,
    };
    let measure = HeadlessMeasure::new();
    match export_page(
        &input,
        args.notes,
        &measure,
        format,
        args.scale,
        &args.output,
    ) {
        Ok(scene) => {
            let size = scene.rect;
            let scale = if format == ImageFormat::Png {
                args.scale
            } else {
                1.0
            };
            let _ = writeln!(
                out,
                "Wrote {} ({}×{} {}, {} events in view)",
                args.output.display(),
                (size.width() * scale).round(),
                (size.height() * scale).round(),
                if format == ImageFormat::Png {
                    "pixels"
                } else {
                    "points"
                },
                events_in_view(&input).len()
            );
            0
        }
        Err(error) => {
            let _ = writeln!(err, "timelanes: {error:#}");
            1
        }
    }
}

/// `timelanes render --story NAME`: writes the story of `dataset` as a PDF document; returns
/// the exit code (2 when the file has no story of that name).
fn render_story(
    args: &RenderArgs,
    dataset: &Dataset,
    story: &str,
    name: &str,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> i32 {
    use crate::render::headless::HeadlessMeasure;
    use crate::render::story::{StoryPages, story_pdf};

    let story = match find_story(dataset, story, name) {
        Ok(story) => story,
        Err(message) => {
            let _ = writeln!(err, "timelanes: {message}");
            return 2;
        }
    };
    let style = args.theme.style();
    let pages = StoryPages {
        width: args.width as f32,
        height: args.height.map(|h| h as f32),
        style: &style,
        zone: args.selection.tz,
        now: crate::time::Timestamp::now(),
        notes: args.notes,
    };
    let written = story_pdf(dataset, story, &pages, &HeadlessMeasure::new()).and_then(|pdf| {
        use anyhow::Context as _;
        crate::io::atomic::write_atomic(&args.output, &pdf)
            .with_context(|| format!("could not write {}", args.output.display()))
    });
    match written {
        Ok(()) => {
            let steps = story.steps.len();
            let _ = writeln!(
                out,
                "Wrote {} (story {:?}: {} pages, a title page, {steps} step{} and the sources)",
                args.output.display(),
                story.name,
                steps + 2,
                if steps == 1 { "" } else { "s" }
            );
            0
        }
        Err(error) => {
            let _ = writeln!(err, "timelanes: {error:#}");
            1
        }
    }
}

/// The story of `dataset` named `story`; else a message naming the stories the file `name`
/// has.
pub fn find_story<'d>(
    dataset: &'d Dataset,
    story: &str,
    name: &str,
) -> Result<&'d crate::model::Story, String> {
    if let Some(found) = dataset.stories.iter().find(|s| s.name == story) {
        return Ok(found);
    }
    // A name typed in another case is still clearly the one meant.
    let folded: Vec<_> = dataset
        .stories
        .iter()
        .filter(|s| s.name.to_lowercase() == story.to_lowercase())
        .collect();
    if let [only] = folded.as_slice() {
        return Ok(only);
    }
    let known: Vec<String> = dataset
        .stories
        .iter()
        .map(|s| format!("{:?}", s.name))
        .collect();
    Err(if known.is_empty() {
        format!(
            "{name} has no story {story:?}; it has no stories (see \"stories\" in docs/FORMAT.md)"
        )
    } else {
        format!(
            "{name} has no story {story:?}; its stories are {}",
            known.join(", ")
        )
    })
}

/// The events `path` names when a backend reads them (a database table, Parquet files), or
/// the exit code of an address that cannot be read (its message on `err`).
fn data_source(
    path: &Path,
    err: &mut dyn std::io::Write,
) -> Option<Result<crate::query::DataSource, i32>> {
    crate::query::DataSource::of_path(path).map(|source| {
        source.map_err(|message| {
            let _ = writeln!(err, "timelanes: {message}");
            2
        })
    })
}

/// `timelanes generate`: writes a synthetic dataset; returns the exit code.
pub fn generate(
    options: crate::synth::SynthOptions,
    output: &Path,
    out: &mut dyn std::io::Write,
) -> i32 {
    let result = if database::is_parquet_output(output) {
        generate_parquet(options, output)
    } else {
        crate::io::atomic::write_atomic_with(output, |file| {
            let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
            crate::synth::write_dataset(options, &mut writer)?;
            std::io::Write::flush(&mut writer)
        })
    };
    match result {
        Ok(()) => {
            let size = std::fs::metadata(output).map_or(0, |m| m.len());
            let _ = writeln!(
                out,
                "Wrote {} ({} events, {} actors, {:.1} MB)",
                output.display(),
                options.events,
                options.actors,
                size as f64 / 1e6
            );
            0
        }
        Err(error) => {
            let _ = writeln!(
                out,
                "timelanes: could not write {}: {error}",
                output.display()
            );
            1
        }
    }
}

/// Writes a synthetic dataset straight to a Parquet file with its pyramid, in time order,
/// with progress on standard error (a hundred million events take minutes).
fn generate_parquet(options: crate::synth::SynthOptions, output: &Path) -> std::io::Result<()> {
    use std::io::Write as _;
    let title = format!(
        "Synthetic: {} events, {} actors, seed {}",
        options.events, options.actors, options.seed
    );
    let lanes = crate::synth::lanes(options.actors);
    let mut err = std::io::stderr();
    let mut last_percent = None;
    crate::query::parquet::write::write_file(output, &title, &lanes, |writer| {
        crate::synth::events_in_time_order(options, &mut |record| {
            writer.push(record)?;
            let percent = writer.written() * 100 / options.events.max(1) as u64;
            if last_percent != Some(percent) {
                last_percent = Some(percent);
                let _ = write!(err, "\rGenerating: {percent}%");
            }
            Ok(())
        })
    })?;
    let _ = writeln!(err);
    Ok(())
}

/// Loads the file `convert` converts, its problems on `err`; the exit code when it cannot.
pub(crate) fn load_to_convert(
    file: &Path,
    options: &ImportOptions,
    err: &mut dyn std::io::Write,
) -> Result<crate::io::Loaded, i32> {
    let name = crate::io::display_name(file);
    let loaded = crate::io::load_path_with(file, &crate::io::LoadProgress::new(), options)
        .map_err(|error| {
            let _ = writeln!(err, "{error}");
            error.exit_code()
        })?;
    for problem in &loaded.problems {
        let _ = writeln!(err, "{}", problem.display_in(&name));
    }
    Ok(loaded)
}

/// `timelanes convert FILE -o OUT.json`: returns the exit code.
pub fn convert(
    file: &Path,
    output: &Path,
    to: &ConvertTo,
    options: &ImportOptions,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> i32 {
    if let Some(address) = database::address(output) {
        if to.format.is_some() || to.story.is_some() {
            let _ = writeln!(
                err,
                "timelanes: a database table is written in the Timelanes schema: leave out --to and --story"
            );
            return 2;
        }
        return database::convert_into(file, address, options, out, err);
    }
    if database::is_parquet_output(output) {
        if to.format.is_some() || to.story.is_some() {
            let _ = writeln!(
                err,
                "timelanes: a Parquet file is written in the Timelanes schema: leave out --to and --story"
            );
            return 2;
        }
        return database::convert_to_parquet(file, output, options, out, err);
    }
    let format = match (to.format, &to.story) {
        (Some(ConvertFormat::Timelanes), Some(_)) => {
            let _ = writeln!(
                err,
                "timelanes: a story is written as TimelineJS: use --to timelinejs with --story"
            );
            return 2;
        }
        (Some(format), _) => format,
        (None, Some(_)) => ConvertFormat::Timelinejs,
        (None, None) => ConvertFormat::Timelanes,
    };
    let name = crate::io::display_name(file);
    let loaded = match load_to_convert(file, options, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let everything = || {
        format!(
            "{} events, {} actors",
            loaded.dataset.event_count(),
            loaded.dataset.actors.len()
        )
    };
    let (json, what) = match (format, &to.story) {
        (ConvertFormat::Timelanes, _) => (
            crate::io::writer::to_native_json(&loaded.dataset),
            everything(),
        ),
        (ConvertFormat::Timelinejs, None) => (
            crate::io::timelinejs_writer::to_timelinejs_json(&loaded.dataset),
            format!("TimelineJS, {}", everything()),
        ),
        (ConvertFormat::Timelinejs, Some(story)) => {
            match find_story(&loaded.dataset, story, &name) {
                Ok(story) => (
                    crate::io::timelinejs_writer::story_to_timelinejs_json(&loaded.dataset, story),
                    format!(
                        "TimelineJS, story {:?} of {} steps",
                        story.name,
                        story.steps.len()
                    ),
                ),
                Err(message) => {
                    let _ = writeln!(err, "timelanes: {message}");
                    return 2;
                }
            }
        }
    };
    match crate::io::atomic::write_atomic(output, json.as_bytes()) {
        // The rows that were fine are written, but the file is not the whole of the input:
        // that is a failure a script must notice, said where the problems are.
        Ok(()) if loaded.problems.iter().any(Problem::is_error) => {
            let _ = writeln!(
                err,
                "{name}: wrote {} events to {}; {} left out (see the problems above)",
                loaded.dataset.event_count(),
                output.display(),
                left_out(&loaded.problems)
            );
            1
        }
        Ok(()) => {
            let _ = writeln!(
                out,
                "Wrote {} ({what}{})",
                output.display(),
                if loaded.problems.is_empty() {
                    String::new()
                } else {
                    format!("; {}", summary(&loaded.problems))
                }
            );
            0
        }
        Err(error) => {
            let _ = writeln!(
                err,
                "timelanes: could not write {}: {error}",
                output.display()
            );
            1
        }
    }
}

/// What the errors among `problems` left out, counted by what the file calls them: "2 rows",
/// "1 event and 1 actor". An error leaves out the event or row it is about (counted once,
/// however many errors it has), or the actor or era at its place.
fn left_out(problems: &[Problem]) -> String {
    // (singular, plural) of what a problem's place is part of.
    let noun = |path: &FieldPath| -> (&'static str, &'static str) {
        let list = match path {
            FieldPath::Item { list, .. } => *list,
            FieldPath::Text(text) if text.starts_with("row ") => "rows",
            FieldPath::Text(text) => text.split('[').next().unwrap_or_default(),
            FieldPath::File | FieldPath::Field(_) => "",
        };
        match list {
            "rows" => ("row", "rows"),
            "events" => ("event", "events"),
            "actors" => ("actor", "actors"),
            "eras" => ("era", "eras"),
            _ => ("part of the file", "parts of the file"),
        }
    };
    let mut counted: Vec<((&'static str, &'static str), usize)> = Vec::new();
    let mut seen_events = std::collections::HashSet::new();
    for problem in problems.iter().filter(|p| p.is_error()) {
        let kind = noun(&problem.site.path);
        if let Some(event) = problem.event
            && !seen_events.insert((kind.0, event))
        {
            continue;
        }
        match counted.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counted.push((kind, 1)),
        }
    }
    let parts: Vec<String> = counted
        .iter()
        .map(|&((one, many), n)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
    match parts.as_slice() {
        [] => "nothing".to_owned(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `timelanes check FILE`: prints every problem and a summary; returns the exit code.
pub fn check(file: &Path, options: &ImportOptions, out: &mut dyn std::io::Write) -> i32 {
    if let Some(source) = data_source(file, out) {
        return match source {
            Ok(source) => database::check(&source, out),
            Err(code) => code,
        };
    }
    let name = crate::io::display_name(file);
    let progress = crate::io::LoadProgress::new();
    let result = match crate::io::load_path_with(file, &progress, options) {
        Ok(loaded) => {
            for problem in &loaded.problems {
                let _ = writeln!(out, "{}", problem.display_in(&name));
            }
            let errors = loaded.problems.iter().any(|p| p.is_error());
            let _ = writeln!(
                out,
                "{name}: {} events, {} actors; {}",
                loaded.dataset.event_count(),
                loaded.dataset.actors.len(),
                summary(&loaded.problems)
            );
            if errors { 1 } else { 0 }
        }
        Err(error) => {
            let _ = writeln!(out, "{error}");
            let _ = writeln!(out, "{name}: could not be loaded; 1 error");
            error.exit_code()
        }
    };
    let _ = out.flush();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1600x1000"), Ok([1600.0, 1000.0]));
        assert_eq!(parse_size("800X600"), Ok([800.0, 600.0]));
        assert!(parse_size("1600").is_err());
        assert!(parse_size("0x100").is_err());
        assert!(parse_size("axb").is_err());
    }

    #[test]
    fn what_was_left_out_is_counted_once_per_event_by_its_name() {
        use crate::model::Site;
        let at = |path: FieldPath| Site::new(path, None);
        let row =
            |n: usize, column: &str| at(FieldPath::Text(format!("row {n}, column {column:?}")));
        let problems = [
            Problem::error(row(2, "date"), "bad date").for_event(2),
            // A second error in the same row leaves out nothing more.
            Problem::error(row(2, "actor1"), "no actor").for_event(2),
            Problem::warning(row(3, "date"), "approximate").for_event(3),
            Problem::error(row(5, "date"), "bad date").for_event(5),
        ];
        assert_eq!(left_out(&problems), "2 rows");
        let problems = [
            Problem::error(at(FieldPath::field("events", 1, "start")), "bad").for_event(1),
            Problem::error(at(FieldPath::field("actors", 0, "id")), "missing id"),
            Problem::error(at(FieldPath::Text("events[4] start_date".into())), "bad").for_event(4),
        ];
        assert_eq!(left_out(&problems), "2 events and 1 actor");
        assert_eq!(left_out(&problems[1..2]), "1 actor");
    }

    #[test]
    fn story_arguments_parse_and_conflict_with_a_period() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "timelanes",
            "render",
            "f.json",
            "-o",
            "s.pdf",
            "--story",
            "Briefing",
            "--notes",
        ])
        .expect("valid");
        let Some(Command::Render(args)) = cli.command else {
            panic!("render")
        };
        assert_eq!(args.story.as_deref(), Some("Briefing"));
        assert!(args.notes);
        assert!(
            Cli::try_parse_from([
                "timelanes",
                "render",
                "f.json",
                "-o",
                "s.pdf",
                "--story",
                "B",
                "--from",
                "2021",
                "--to",
                "2022",
            ])
            .is_err()
        );
        let cli = Cli::try_parse_from([
            "timelanes",
            "convert",
            "f.json",
            "-o",
            "s.json",
            "--to",
            "timelinejs",
        ])
        .expect("valid");
        assert!(matches!(
            cli.command,
            Some(Command::Convert {
                to: Some(ConvertFormat::Timelinejs),
                ..
            })
        ));
    }

    #[test]
    fn command_line_shapes() {
        let cli = Cli::try_parse_from(["timelanes", "check", "x.json"]).expect("valid");
        assert!(matches!(cli.command, Some(Command::Check { .. })));
        let cli = Cli::try_parse_from([
            "timelanes",
            "data.json",
            "--screenshot",
            "o.png",
            "--size",
            "800x600",
        ])
        .expect("valid");
        assert_eq!(cli.file, Some(PathBuf::from("data.json")));
        assert_eq!(cli.size, Some([800.0, 600.0]));
        assert!(Cli::try_parse_from(["timelanes", "--size", "big"]).is_err());
    }
}
