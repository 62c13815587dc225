//! The command line over events a backend reads (a database table, Parquet files):
//! `convert FILE -o clickhouse://…` or `-o OUT.parquet` makes one, `check SOURCE` says what it
//! holds, `render SOURCE -o OUT` draws a view of it through the query contract, as the window
//! does.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use crate::io::ImportOptions;
use crate::layout::{LaneSpec, PageInput, events_in_view};
use crate::model::{ActorIdx, Problem};
use crate::query::clickhouse::{TableUrl, load};
use crate::query::parquet::write as parquet;
use crate::query::{Backend, DataSource, Predicates, Ticket, ViewQuery, window_view};
use crate::render::export::{ImageFormat, export_page};
use crate::render::headless::HeadlessMeasure;
use crate::time::{TimeWindow, Timestamp};

use super::RenderArgs;

/// The address in `path`, when it names a database table.
pub fn address(path: &Path) -> Option<&str> {
    path.to_str().filter(|text| TableUrl::is_clickhouse(text))
}

/// Whether `path` is an output `convert` writes as a Parquet file of events.
pub fn is_parquet_output(path: &Path) -> bool {
    crate::io::parquet_table::has_parquet_extension(path)
}

/// The backend over `source`, or what stops it (exit code 2, the message on `err`).
fn open_source(source: &DataSource, err: &mut dyn Write) -> Result<Arc<dyn Backend>, i32> {
    source.open().map_err(|error| {
        let _ = writeln!(err, "{}: {error}", source.display());
        2
    })
}

/// Reads an address, or says what is wrong with it (exit code 2).
fn parse(text: &str, err: &mut dyn Write) -> Result<TableUrl, i32> {
    TableUrl::parse(text).map_err(|message| {
        let _ = writeln!(err, "timelanes: {message}");
        2
    })
}

/// `timelanes convert FILE -o clickhouse://HOST:PORT/DB.TABLE`: loads the file, creates the
/// table (and its lanes table) and inserts the events in time order, with progress on `err`.
pub fn convert_into(
    file: &Path,
    output: &str,
    options: &ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let url = match parse(output, err) {
        Ok(url) => url,
        Err(code) => return code,
    };
    let name = crate::io::display_name(file);
    let loaded = match super::load_to_convert(file, options, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut last_percent = None;
    let result = load::create_and_load(&url, &loaded.dataset, &mut |done, total| {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if last_percent != Some(percent) {
            last_percent = Some(percent);
            let _ = write!(
                err,
                "\rLoading {}: {done} of {total} events ({percent}%)",
                url.display()
            );
            let _ = err.flush();
        }
    });
    if last_percent.is_some() {
        let _ = writeln!(err);
    }
    match result {
        Ok(()) => {
            let _ = writeln!(
                out,
                "{name}: wrote {} events, {} lanes to {}",
                loaded.dataset.event_count(),
                loaded.dataset.actors.len(),
                url.display()
            );
            i32::from(loaded.problems.iter().any(Problem::is_error))
        }
        Err(error) => {
            let _ = writeln!(err, "timelanes: {}: {error}", url.display());
            2
        }
    }
}

/// `timelanes convert FILE -o OUT.parquet`: loads the file and writes its events as Parquet
/// in time order (the schema of docs/FORMAT.md), with progress on `err`. The file appears
/// whole or not at all.
pub fn convert_to_parquet(
    file: &Path,
    output: &Path,
    options: &ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let name = crate::io::display_name(file);
    let loaded = match super::load_to_convert(file, options, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let shown = output.display();
    let mut last_percent = None;
    let result = parquet::write_dataset(&loaded.dataset, output, &mut |done, total| {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if last_percent != Some(percent) {
            last_percent = Some(percent);
            let _ = write!(
                err,
                "\rWriting {shown}: {done} of {total} events ({percent}%)"
            );
            let _ = err.flush();
        }
    });
    if last_percent.is_some() {
        let _ = writeln!(err);
    }
    match result {
        Ok(_) => {
            let _ = writeln!(
                out,
                "{name}: wrote {} events, {} lanes to {shown}",
                loaded.dataset.event_count(),
                loaded.dataset.actors.len(),
            );
            i32::from(loaded.problems.iter().any(Problem::is_error))
        }
        Err(error) => {
            let _ = writeln!(err, "timelanes: could not write {shown}: {error}");
            1
        }
    }
}

/// `timelanes check SOURCE`: the table's or files' events, lanes and period, or why they
/// cannot be read (exit code 2).
pub fn check(source: &DataSource, out: &mut dyn Write) -> i32 {
    let backend = match open_source(source, out) {
        Ok(backend) => backend,
        Err(code) => return code,
    };
    let code = match backend.outline(&Ticket::fresh()) {
        Ok(outline) => {
            let period = outline
                .extent
                .map(|e| {
                    let window = TimeWindow::new(e.start.as_f64(), e.end.as_f64());
                    format!("; {}", crate::time::describe_window(window))
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}: {} events, {} lanes{period}",
                backend.describe(),
                outline.event_count,
                outline.lanes.len()
            );
            0
        }
        Err(error) => {
            let _ = writeln!(out, "{}: {error}", backend.describe());
            2
        }
    };
    let _ = out.flush();
    code
}

/// `timelanes render SOURCE -o OUT`: the view of --from/--to (everything without them) asked
/// of the table or files as the window asks it, then drawn like any file's.
pub fn render(
    args: &RenderArgs,
    format: ImageFormat,
    source: &DataSource,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if args.story.is_some() {
        let _ = writeln!(
            err,
            "timelanes: {} has no stories (a database table or Parquet files); render a Timelanes file's story",
            source.display()
        );
        return 2;
    }
    let window = match args.selection.window() {
        Ok(window) => window,
        Err(message) => {
            let _ = writeln!(err, "timelanes: {message}");
            return 2;
        }
    };
    let backend = match open_source(source, err) {
        Ok(backend) => backend,
        Err(code) => return code,
    };
    let now = Timestamp::now();
    let failed = |error: crate::query::QueryError, err: &mut dyn Write| {
        let _ = writeln!(err, "{}: {error}", backend.describe());
        2
    };
    let outline = match backend.outline(&Ticket::fresh()) {
        Ok(outline) => outline,
        Err(error) => return failed(error, err),
    };
    let lanes: Vec<String> = match &args.selection.actors {
        None => outline.lanes.iter().map(|l| l.id.clone()).collect(),
        Some(ids) => {
            if let Some(unknown) = ids
                .iter()
                .find(|id| !outline.lanes.iter().any(|l| &l.id == *id))
            {
                let known: Vec<&str> = outline.lanes.iter().map(|l| l.id.as_str()).collect();
                let _ = writeln!(
                    err,
                    "timelanes: --actors: {} has no lane {unknown:?}; its lanes are {}",
                    backend.describe(),
                    known.join(", ")
                );
                return 2;
            }
            ids.clone()
        }
    };
    let window = window.unwrap_or_else(|| TimeWindow::fit_all(outline.extent, now));
    let width = args.width as f32;
    let query = ViewQuery {
        window,
        columns: (width / 2.0).ceil() as usize,
        lanes: lanes.clone(),
        per_lane_limit: (width / 8.0) as usize,
        predicates: Predicates::default(),
    };
    let answer = match backend.answer(&query, now, &Ticket::fresh()) {
        Ok(answer) => answer,
        Err(error) => return failed(error, err),
    };
    let view = window_view(&outline, &answer, now, args.selection.tz);
    let specs: Vec<LaneSpec> = lanes
        .iter()
        .filter_map(|id| view.dataset.actors.iter().position(|a| &a.id == id))
        .map(|i| LaneSpec::plain(ActorIdx(i as u32)))
        .collect();
    let style = args.theme.style();
    let input = PageInput {
        dataset: &view.dataset,
        index: &view.index,
        columns: Some(&view.columns),
        lanes: &specs,
        links: &[],
        link_kinds: &[],
        window,
        width,
        height: args.height.map(|h| h as f32),
        style: &style,
        title: args.title.as_deref(),
        now,
        zone: args.selection.tz,
    };
    match export_page(
        &input,
        false,
        &HeadlessMeasure::new(),
        format,
        args.scale,
        &args.output,
    ) {
        Ok(_) => {
            let _ = writeln!(
                out,
                "Wrote {} ({} events drawn one by one, {} lanes counted)",
                args.output.display(),
                events_in_view(&input).len(),
                view.columns.counted_lanes()
            );
            0
        }
        Err(error) => {
            let _ = writeln!(err, "timelanes: {error:#}");
            1
        }
    }
}
