//! Parquet files as a backend (DataFusion): a file written by `convert`, a folder and a glob
//! of files answer every view exactly as the in-memory index does; a search is a bound value,
//! never SQL; files of another schema or none at all say what to do; the command line writes,
//! checks and draws them; the window opens one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use timelanes::model::Dataset;
use timelanes::query::memory::MemoryBackend;
use timelanes::query::parquet::ParquetFiles;
use timelanes::query::parquet::pyramid::sidecar_of;
use timelanes::query::parquet::write::{lanes_of, write_dataset, write_file};
use timelanes::query::schema::events_in_time_order;
use timelanes::query::{Backend, EventRecord, LaneContent, Predicates, QueryError, Ticket};
use timelanes::time::TimeWindow;

use super::common::timelanes;
use super::contract::{
    NOW, answer, assert_close_answers, assert_near_windows_share_a_region, assert_same_answers,
    assert_same_pages, bundled, query, searches, synthetic,
};

/// Writes `dataset` as `convert` does, to `path` (and its pyramid beside it).
fn write(dataset: &Dataset, path: &Path) {
    let mut last = (0, 0);
    let written =
        write_dataset(dataset, path, &mut |done, total| last = (done, total)).expect("written");
    assert_eq!(written, dataset.event_count() as u64);
    assert_eq!(last, (written, written), "progress reaches the end");
}

fn open(path: &Path) -> ParquetFiles {
    ParquetFiles::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Searches and filters a file's SQL must get exactly right: kinds, a `%` and a `_` that are
/// letters to a user, not LIKE's wildcards.
fn filters() -> Vec<Predicates> {
    let mut all = searches();
    all.push(Predicates {
        kinds: vec!["meeting".to_owned(), "attack".to_owned()],
        ..Predicates::default()
    });
    for search in ["%", "a_t", "ACTOR 00"] {
        all.push(Predicates {
            search: search.to_owned(),
            ..Predicates::default()
        });
    }
    all
}

#[test]
fn a_parquet_file_answers_every_view_as_the_index_does() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    let dataset = synthetic(3000, 12);
    write(&dataset, &path);
    let files = open(&path);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);

    let outline = files.outline(&Ticket::fresh()).expect("outline");
    let expected = memory.outline(&Ticket::fresh()).expect("outline");
    assert_eq!(
        outline.lanes, expected.lanes,
        "lanes with names and colours"
    );
    assert_eq!(outline.title, expected.title);
    assert_eq!(outline.event_count, 3000);
    assert_eq!(
        outline.extent.map(|e| e.start),
        expected.extent.map(|e| e.start)
    );

    // From the events alone, every view is the index's exactly.
    assert!(files.has_pyramid(), "convert writes the pyramid");
    // Through regions (each window's rows read with those around it, and the windows near
    // it answered from them) and by a query per window alike.
    assert_same_answers(&open(&path).ignoring_pyramid(), &memory, &filters());
    assert_same_answers(
        &open(&path).ignoring_pyramid().without_regions(),
        &memory,
        &filters(),
    );
    // With the pyramid: searches and filters are still answered from the events, exactly;
    // wide windows from the pyramid, within a column of the truth.
    assert_same_answers(&files, &memory, &filters()[1..]);
    assert!(
        assert_close_answers(&files, &memory) > 0,
        "the pyramid counted"
    );
    // The table's pages, with and without search and filters, are the index's.
    assert_same_pages(&files, &memory, &filters());
}

#[test]
fn a_pan_or_zoom_near_a_narrow_window_is_answered_from_the_rows_read_for_it() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    let dataset = synthetic(3000, 12);
    write(&dataset, &path);
    let files = open(&path).ignoring_pyramid();
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    assert_near_windows_share_a_region(&files, &memory, &|| files.regions_read());
}

#[test]
fn a_pyramid_left_from_another_version_of_the_file_is_not_used() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    let old = synthetic(500, 4);
    write(&old, &path);
    let old_pyramid = std::fs::read(sidecar_of(&path)).expect("a pyramid beside the file");
    let dataset = synthetic(2500, 5);
    write(&dataset, &path);
    assert!(open(&path).has_pyramid());
    // As if the file had been written again by a tool that leaves the old pyramid, or a
    // crash had come between the two files.
    std::fs::write(sidecar_of(&path), old_pyramid).expect("written");
    let files = open(&path);
    assert!(!files.has_pyramid(), "the old pyramid is not this file's");
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    assert_same_answers(&files, &memory, &searches());
    // Without one at all, the same.
    std::fs::remove_file(sidecar_of(&path)).expect("removed");
    assert!(!open(&path).has_pyramid());
}

#[test]
fn tags_filter_the_bundled_dataset_as_they_do_in_memory() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("bundled.parquet");
    let dataset = bundled();
    let tags: Vec<String> = {
        let mut tags: Vec<String> = dataset
            .events()
            .flat_map(|e| e.tags().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        tags.sort();
        tags.dedup();
        tags.into_iter().take(2).collect()
    };
    assert!(!tags.is_empty(), "the bundled dataset has tags");
    write(&dataset, &path);
    let files = open(&path);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let everything = TimeWindow::fit_all(outline.extent, NOW);
    let tagged = query(
        everything,
        &lanes,
        50,
        Predicates {
            tags: tags.clone(),
            ..Predicates::default()
        },
    );
    let got = answer(&files, &tagged);
    assert_eq!(got, answer(&memory, &tagged), "tags {tags:?}");
    assert!(
        got.lanes.iter().any(
            |l| matches!(&l.points, LaneContent::Events(e) if !e.is_empty())
                || matches!(&l.ranges, LaneContent::Events(e) if !e.is_empty())
        ),
        "something is tagged {tags:?}"
    );
}

#[test]
fn a_search_that_looks_like_sql_is_searched_for_as_text() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("tricky.parquet");
    let text = timelanes::io::writer::to_native_json(&bundled());
    let events_at = text.find("\"events\"").expect("an events list");
    let (head, events) = text.split_at(events_at);
    let events = events.replacen(
        "\"title\": \"",
        "\"title\": \"'; DROP TABLE events; -- $1 50%_off \\\\ ",
        1,
    );
    let dataset = timelanes::io::load_bytes("tricky.json", format!("{head}{events}").as_bytes())
        .expect("loads")
        .dataset;
    write(&dataset, &path);
    let files = open(&path);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let everything = TimeWindow::fit_all(outline.extent, NOW);
    for search in ["'; DROP TABLE events; --", "$1", "50%_off \\", "drop table"] {
        let query = query(
            everything,
            &lanes,
            50,
            Predicates {
                search: search.to_owned(),
                ..Predicates::default()
            },
        );
        let got = answer(&files, &query);
        assert_eq!(got, answer(&memory, &query), "search {search:?}");
        let found: Vec<&str> = got
            .lanes
            .iter()
            .flat_map(|l| l.parts())
            .flat_map(|part| match part {
                LaneContent::Events(events) => events.iter().map(|e| e.title.as_str()).collect(),
                LaneContent::Columns(_) => Vec::new(),
            })
            .collect();
        assert!(
            !found.is_empty() && found.iter().all(|t| t.starts_with("'; DROP TABLE events;")),
            "{search:?} found {found:?}"
        );
    }
    let outline = files.outline(&Ticket::fresh()).expect("still readable");
    assert_eq!(outline.event_count, memory.dataset.event_count() as u64);
}

#[test]
fn an_event_is_fetched_whole_by_its_id() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("bundled.parquet");
    let dataset = bundled();
    write(&dataset, &path);
    let files = open(&path);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let mut compared = 0;
    for event in memory.dataset.events() {
        let Some(id) = event.id() else { continue };
        let got = files
            .record(id, &Ticket::fresh())
            .expect("answered")
            .expect("found");
        let expected = memory
            .record(id, &Ticket::fresh())
            .expect("answered")
            .expect("found");
        assert_eq!(got, expected, "event {id}");
        compared += 1;
    }
    assert!(compared > 20, "{compared} events compared");
    assert!(
        files
            .record("no such event", &Ticket::fresh())
            .expect("answered")
            .is_none()
    );
}

/// Writes the dataset's events in time order over `parts` files in `folder`, each with its
/// pyramid.
fn write_parts(dataset: &Dataset, folder: &Path, parts: usize) -> Vec<PathBuf> {
    let order = events_in_time_order(dataset);
    let per_part = order.len().div_ceil(parts);
    order
        .chunks(per_part)
        .enumerate()
        .map(|(i, chunk)| {
            let path = folder.join(format!("part-{i}.parquet"));
            write_file(&path, &dataset.title, &lanes_of(dataset), |writer| {
                for event in chunk {
                    let record = EventRecord::of_event(dataset, event, || {
                        timelanes::query::memory::fallback_id(event.file_index())
                    });
                    writer.push(&record)?;
                }
                Ok(())
            })
            .expect("written");
            path
        })
        .collect()
}

#[test]
fn a_folder_or_a_glob_of_files_is_one_table() {
    let folder = tempfile::tempdir().expect("temp");
    let dataset = synthetic(2000, 6);
    let parts = write_parts(&dataset, folder.path(), 3);
    // Not Parquet: left alone by the folder and the glob.
    std::fs::write(folder.path().join("README.txt"), "notes").expect("written");
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let whole_folder = open(folder.path());
    assert_eq!(
        whole_folder
            .outline(&Ticket::fresh())
            .expect("outline")
            .event_count,
        2000
    );
    assert!(whole_folder.has_pyramid(), "every file has its pyramid");
    assert!(assert_close_answers(&whole_folder, &memory) > 0);
    assert_same_answers(
        &open(folder.path()).ignoring_pyramid(),
        &memory,
        &searches(),
    );

    let glob = folder.path().join("part-[01].parquet");
    let two = open(&glob);
    let in_two: u64 = parts[..2]
        .iter()
        .map(|p| {
            open(p)
                .outline(&Ticket::fresh())
                .expect("outline")
                .event_count
        })
        .sum();
    assert_eq!(
        two.outline(&Ticket::fresh()).expect("outline").event_count,
        in_two,
        "the glob reads the files it matches"
    );
}

#[test]
fn files_that_are_not_events_say_what_is_wrong_and_how_to_fix_it() {
    let folder = tempfile::tempdir().expect("temp");
    let missing = match ParquetFiles::open(&folder.path().join("nowhere.parquet")) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("a missing file opened"),
    };
    assert!(
        missing.contains("nowhere.parquet does not exist") && missing.contains("timelanes convert"),
        "{missing}"
    );

    let empty = match ParquetFiles::open(folder.path()) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("an empty folder opened"),
    };
    assert!(empty.contains("names no Parquet files"), "{empty}");

    let not_parquet = folder.path().join("notes.parquet");
    std::fs::write(&not_parquet, "this is text").expect("written");
    match ParquetFiles::open(&not_parquet) {
        Err(QueryError::Schema { reason, .. }) => {
            assert!(reason.contains("cannot be read as Parquet"), "{reason}");
        }
        other => panic!("text opened as Parquet: {:?}", other.err()),
    }

    // Parquet, but of something else: the missing columns are named.
    let other = folder.path().join("prices.parquet");
    {
        let schema = Arc::new(datafusion::arrow::datatypes::Schema::new(vec![
            datafusion::arrow::datatypes::Field::new(
                "price",
                datafusion::arrow::datatypes::DataType::Int64,
                false,
            ),
        ]));
        let batch = datafusion::arrow::array::RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(datafusion::arrow::array::Int64Array::from(vec![
                1, 2,
            ]))],
        )
        .expect("batch");
        let file = std::fs::File::create(&other).expect("created");
        let mut writer =
            datafusion::parquet::arrow::ArrowWriter::try_new(file, schema, None).expect("writer");
        writer.write(&batch).expect("written");
        writer.close().expect("closed");
    }
    match ParquetFiles::open(&other) {
        Err(error @ QueryError::Schema { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("has no column id, title, start, end, start_s, end_s, actors")
                    && message.contains("its columns: price")
                    && message.contains("convert FILE -o OUT.parquet"),
                "{message}"
            );
        }
        other => panic!("a prices file opened as events: {:?}", other.err()),
    }
}

#[test]
fn a_cancelled_question_stops_with_cancelled() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    let dataset = synthetic(500, 4);
    write(&dataset, &path);
    let files = open(&path);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let ticket = Ticket::fresh();
    files.stop(&ticket);
    let result = files.answer(
        &query(
            TimeWindow::fit_all(outline.extent, NOW),
            &lanes,
            50,
            Predicates::default(),
        ),
        NOW,
        &ticket,
    );
    assert!(matches!(result, Err(QueryError::Cancelled)), "{result:?}");
}

#[test]
fn the_command_line_converts_generates_checks_and_draws_parquet() {
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("bundled.parquet");
    let dataset = bundled();
    let bundled_json = folder.path().join("bundled.json");
    std::fs::write(&bundled_json, timelanes::io::bundled::JSON).expect("written");

    let (code, stdout, stderr) = timelanes(&[
        "convert",
        bundled_json.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "wrote {} events, {} lanes to {}",
            dataset.event_count(),
            dataset.actors.len(),
            out.display()
        )),
        "{stdout}"
    );
    assert!(stderr.contains("(100%)"), "progress: {stderr}");

    let (code, stdout, _) = timelanes(&["check", out.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{} events, {} lanes",
            dataset.event_count(),
            dataset.actors.len()
        )),
        "{stdout}"
    );

    let png = folder.path().join("view.png");
    let (code, stdout, stderr) = timelanes(&[
        "render",
        out.to_str().expect("utf-8"),
        "--from",
        "2022-02-01",
        "--to",
        "2022-03-01",
        "-o",
        png.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("events drawn one by one"), "{stdout}");
    let image = image::open(&png).expect("a PNG");
    assert!(image.width() >= 800, "{}", image.width());

    let generated = folder.path().join("generated.parquet");
    let (code, stdout, stderr) = timelanes(&[
        "generate",
        "--events",
        "120000",
        "--actors",
        "20",
        "-o",
        generated.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, _) = timelanes(&["check", generated.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("120000 events, 20 lanes"), "{stdout}");
    // Each row group one span class, in time order within its class: the statistics a
    // window's query skips row groups by.
    let reader = datafusion::parquet::file::reader::SerializedFileReader::new(
        std::fs::File::open(&generated).expect("open"),
    )
    .expect("Parquet");
    use datafusion::parquet::file::reader::FileReader as _;
    use datafusion::parquet::file::statistics::Statistics;
    let metadata = reader.metadata();
    let column = |name: &str| {
        metadata
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .position(|c| c.name() == name)
            .unwrap_or_else(|| panic!("a column {name}"))
    };
    let (start_column, class_column) = (column("start_s"), column("span_class"));
    let mut previous_max: std::collections::HashMap<i32, i64> = Default::default();
    for group in metadata.row_groups() {
        let Some(Statistics::Int32(class)) = group.column(class_column).statistics() else {
            panic!("span_class has statistics");
        };
        let class = *class.min_opt().expect("min");
        assert_eq!(
            Some(&class),
            class_stats_max(group, class_column),
            "one class a group"
        );
        let Some(Statistics::Int64(stats)) = group.column(start_column).statistics() else {
            panic!("start_s has statistics");
        };
        let (min, max) = (
            *stats.min_opt().expect("min"),
            *stats.max_opt().expect("max"),
        );
        let before = previous_max.insert(class, max).unwrap_or(i64::MIN);
        assert!(min >= before, "class {class}'s row groups in time order");
    }
    assert!(
        previous_max.len() >= 4,
        "instants, hours, days… each in groups of their own: {previous_max:?}"
    );
}

fn class_stats_max(
    group: &datafusion::parquet::file::metadata::RowGroupMetaData,
    column: usize,
) -> Option<&i32> {
    match group.column(column).statistics() {
        Some(datafusion::parquet::file::statistics::Statistics::Int32(stats)) => stats.max_opt(),
        _ => None,
    }
}

#[test]
fn a_parquet_file_opens_in_the_window_and_a_search_asks_it() {
    use egui::accesskit::Role;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable as _;

    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("bundled.parquet");
    let dataset = bundled();
    write(&dataset, &path);
    let mut harness = super::common::harness_starting(&path, &folder.path().join("settings.json"));
    let answered = |app: &timelanes::app::TimelanesApp| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| !d.is_updating() && d.last_latency.is_some())
    };
    super::common::run_until(&mut harness, "the first answer", answered);
    let titles = |app: &timelanes::app::TimelanesApp| {
        let mut titles: Vec<String> = app
            .document()
            .expect("open")
            .dataset
            .events()
            .map(|e| e.title().to_owned())
            .collect();
        titles.sort();
        titles
    };
    let document = harness.state().document().expect("open");
    assert_eq!(document.event_total(), dataset.event_count() as u64);
    assert_eq!(document.dataset.title, dataset.title);
    let mut all: Vec<String> = dataset.events().map(|e| e.title().to_owned()).collect();
    all.sort();
    assert_eq!(
        titles(harness.state()),
        all,
        "every event, drawn one by one"
    );
    harness.step();
    let _ = harness.get_by_label_contains(&format!("{} in the table", dataset.event_count()));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.step();
    harness.get_by_role(Role::TextInput).type_text("sanctions");
    harness.step();
    super::common::run_until(&mut harness, "the search's answer", |app| {
        answered(app) && app.document().is_some_and(|d| d.dataset.event_count() < 10)
    });
    let mut expected: Vec<String> = dataset
        .events()
        .filter(|e| e.title().to_lowercase().contains("sanctions"))
        .map(|e| e.title().to_owned())
        .collect();
    expected.sort();
    assert!(expected.len() >= 3);
    assert_eq!(
        titles(harness.state()),
        expected,
        "only the matches came back"
    );
}

/// A Parquet table of someone else's columns: a date column, a list of who took part, a
/// number of no interest.
fn write_other_table(path: &Path) {
    use datafusion::arrow::array::{
        Date32Array, Int64Array, ListBuilder, RecordBatch, StringArray, StringBuilder,
    };
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    let schema = Arc::new(Schema::new(vec![
        Field::new("happened_on", DataType::Date32, true),
        Field::new("headline", DataType::Utf8, true),
        Field::new(
            "parties",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
        Field::new("casualties", DataType::Int64, true),
    ]));
    let mut parties = ListBuilder::new(StringBuilder::new());
    for row in [&["Ukraine", "Russia"][..], &["NATO"], &["Russia"]] {
        for party in row {
            parties.values().append_value(party);
        }
        parties.append(true);
    }
    // 2022-02-24 is day 19047 of the Unix epoch.
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(Date32Array::from(vec![19047, 19048, 19050])),
            Arc::new(StringArray::from(vec![
                "Invasion begins",
                "NATO summit, virtual",
                "Talks proposed in Belarus",
            ])),
            Arc::new(parties.finish()),
            Arc::new(Int64Array::from(vec![Some(137), None, Some(0)])),
        ],
    )
    .expect("batch");
    let file = std::fs::File::create(path).expect("created");
    let mut writer =
        datafusion::parquet::arrow::ArrowWriter::try_new(file, schema, None).expect("writer");
    writer.write(&batch).expect("written");
    writer.close().expect("closed");
}

#[test]
fn a_parquet_table_of_other_columns_is_mapped_as_a_csv_file_is() {
    use timelanes::app::LoadRequest;
    use timelanes::io::csv_table::ColumnMapping;
    use timelanes::io::{ImportOptions, LoadError, LoadProgress};

    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("warehouse.parquet");
    write_other_table(&path);
    let shown = path.to_str().expect("utf-8");

    // Opened in the window: the mapping window is asked for, with the table's columns and
    // first rows, as for a CSV file.
    match timelanes::app::load(&LoadRequest::Path(path.clone())) {
        Err(LoadError::NeedsMapping { preview, .. }) => {
            assert_eq!(
                preview.header,
                ["happened_on", "headline", "parties", "casualties"]
            );
            assert_eq!(
                preview.rows[0],
                ["2022-02-24", "Invasion begins", "Ukraine;Russia", "137"]
            );
            assert_eq!(preview.rows[1][3], "", "a missing number is an empty cell");
        }
        Err(other) => panic!("not a mapping: {other}"),
        Ok(_) => panic!("opened without a mapping"),
    }
    let mapping = ColumnMapping::parse_flag("date=happened_on,title=headline,actors=parties")
        .expect("a mapping");
    let options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    let document = timelanes::app::load_with(
        &LoadRequest::Path(path.clone()),
        &LoadProgress::new(),
        &options,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(document.dataset.event_count(), 3);
    let mut lanes: Vec<&str> = document
        .dataset
        .actors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    lanes.sort_unstable();
    assert_eq!(lanes, ["NATO", "Russia", "Ukraine"]);
    let invasion = document
        .dataset
        .events()
        .find(|e| e.title() == "Invasion begins")
        .expect("the first row");
    assert_eq!(invasion.start().to_string(), "2022-02-24");
    assert_eq!(invasion.actors().len(), 2);

    // The command line says which columns there are, and takes --map like a CSV file's.
    let (code, stdout, stderr) = timelanes(&["check", shown]);
    assert_ne!(code, 0);
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains("happened_on, headline, parties, casualties") && said.contains("--map"),
        "{said}"
    );
    let map = "date=happened_on,title=headline,actors=parties";
    let (code, stdout, stderr) = timelanes(&["check", shown, "--map", map]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("3 events"), "{stdout}");

    // Converted once, it is read a view at a time like any events file.
    let events = folder.path().join("events.parquet");
    let (code, stdout, stderr) = timelanes(&[
        "convert",
        shown,
        "--map",
        map,
        "-o",
        events.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let files = open(&events);
    assert_eq!(
        files
            .outline(&Ticket::fresh())
            .expect("outline")
            .event_count,
        3
    );
    let outline = files.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let everything = TimeWindow::fit_all(outline.extent, NOW);
    let invasion = answer(
        &files,
        &query(everything, &lanes, 10, Predicates::default()),
    )
    .lanes
    .into_iter()
    .flat_map(|l| match l.points {
        LaneContent::Events(events) => events,
        LaneContent::Columns(_) => Vec::new(),
    })
    .find(|e| e.title == "Invasion begins")
    .expect("the invasion is in the converted file");
    let record = files
        .record(&invasion.id, &Ticket::fresh())
        .expect("answered")
        .expect("found by its id");
    assert_eq!(record.actors.len(), 2);
    assert_eq!(record.start.to_string(), "2022-02-24");
}

#[test]
fn a_parquet_file_of_events_converts_back_to_a_timelanes_file() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("bundled.parquet");
    let dataset = bundled();
    write(&dataset, &path);
    let json = folder.path().join("back.json");
    let (code, stdout, stderr) = timelanes(&[
        "convert",
        path.to_str().expect("utf-8"),
        "-o",
        json.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let back = timelanes::io::load_path(&json).expect("loads").dataset;
    assert_eq!(back.event_count(), dataset.event_count());
    let mut titles: Vec<&str> = back.events().map(|e| e.title()).collect();
    let mut expected: Vec<&str> = dataset.events().map(|e| e.title()).collect();
    titles.sort_unstable();
    expected.sort_unstable();
    assert_eq!(titles, expected);
    let starts = |d: &Dataset| {
        let mut starts: Vec<String> = d.events().map(|e| e.start().to_string()).collect();
        starts.sort();
        starts
    };
    assert_eq!(
        starts(&back),
        starts(&dataset),
        "dates keep their precision"
    );
}

#[test]
fn the_table_of_a_parquet_file_pages_through_the_view_and_a_row_selects_its_event() {
    use egui::accesskit::Role;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::{NodeT as _, Queryable as _};

    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    let dataset = synthetic(3000, 12);
    write(&dataset, &path);
    let mut harness = super::common::harness_starting(&path, &folder.path().join("settings.json"));
    super::common::run_until(&mut harness, "the first answer", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| !d.is_updating() && d.last_latency.is_some())
    });
    // What the table should list: the view's events by start, then id, 200 a page.
    let window = harness.state().view().expect("a view").window;
    let memory = MemoryBackend::new(Arc::new(dataset), timelanes::time::Timestamp::now());
    let lanes: Vec<String> = memory
        .outline(&Ticket::fresh())
        .expect("outline")
        .lanes
        .into_iter()
        .map(|l| l.id)
        .collect();
    let asked = query(window, &lanes, 100, Predicates::default());
    let pages = super::contract::all_pages(&memory, &asked, 200);
    assert!(pages.len() >= 3, "the view holds more than two pages");
    let first_titles = |harness: &egui_kittest::Harness<'static, timelanes::app::TimelanesApp>| {
        harness
            .query_all_by_role(Role::Row)
            .take(3)
            .map(|row| row.accesskit_node().label().unwrap_or_default())
            .collect::<Vec<String>>()
    };
    let expected = |page: &timelanes::query::Page| {
        page.events[..3]
            .iter()
            .map(|e| e.title.clone())
            .collect::<Vec<String>>()
    };

    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    super::common::step_until_shown(&mut harness, "page 1 · events 1–200 · more follow");
    let shown = first_titles(&harness);
    for (row, title) in shown.iter().zip(expected(&pages[0])) {
        assert!(row.ends_with(&format!("· {title}")), "{row} is {title}");
    }

    harness.get_by_label("Next ▶").click_accesskit();
    super::common::step_until_shown(&mut harness, "page 2 · events 201–400 · more follow");
    let shown = first_titles(&harness);
    for (row, title) in shown.iter().zip(expected(&pages[1])) {
        assert!(row.ends_with(&format!("· {title}")), "{row} is {title}");
    }

    // A row of a lane drawn as counts selects its event all the same, and it is fetched whole.
    let chosen = pages[1].events[1].clone();
    harness
        .query_all_by_role(Role::Row)
        .nth(1)
        .expect("a second row")
        .click();
    super::common::run_until(
        &mut harness,
        "the chosen event selected and fetched",
        |app| {
            let (Some(document), Some(view)) = (app.document(), app.view()) else {
                return false;
            };
            let selected = view.selected.and_then(|e| document.dataset.event(e));
            selected.is_some_and(|e| e.id() == Some(chosen.id.as_str()))
                && document
                    .database
                    .as_ref()
                    .and_then(|d| d.record(&chosen.id))
                    .is_some()
        },
    );
    assert_eq!(
        harness.query_all_by_label(&chosen.title).count(),
        2,
        "its title in the table and in the side panel"
    );
    assert!(
        harness
            .get_by_label("✏ Edit")
            .accesskit_node()
            .is_disabled(),
        "an event read from Parquet is shown, not edited"
    );

    // A new view's answer is drawn on the query's thread: the chosen event, which no counted
    // lane lists, goes with the question and is still drawn and selected when it comes.
    for moved in [
        TimeWindow::new(window.start + (window.end - window.start) * 0.1, window.end),
        window,
    ] {
        harness.state_mut().view_mut().expect("a view").window = moved;
        super::common::run_until(&mut harness, "the moved view's answer", |app| {
            let Some(database) = app.document().and_then(|d| d.database.as_ref()) else {
                return false;
            };
            !database.is_updating() && database.current_query().is_some_and(|q| q.window == moved)
        });
        let (document, view) = (harness.state().document(), harness.state().view());
        let selected = view
            .and_then(|v| v.selected)
            .and_then(|e| document?.dataset.event(e));
        assert_eq!(
            selected.and_then(|e| e.id().map(str::to_owned)),
            Some(chosen.id.clone()),
            "the chosen event stays drawn and selected through a new answer"
        );
    }

    harness.get_by_label("◀ Previous").click_accesskit();
    super::common::step_until_shown(&mut harness, "page 1 · events 1–200");

    // Only those starting in the view: the events that began before it are left out.
    let all = window.to_range();
    let later = TimeWindow::new(
        (all.start.0 + (all.end.0 - all.start.0) / 2) as f64,
        all.end.0 as f64,
    );
    harness.state_mut().view_mut().expect("a view").window = later;
    let asked = query(later, &lanes, 100, Predicates::default());
    let starts =
        |e: &EventRecord| timelanes::query::schema::stored_span(&e.start, e.end.as_ref()).0;
    let in_view: Vec<String> = super::contract::all_pages(&memory, &asked, 200)
        .iter()
        .flat_map(|p| p.events.iter())
        .filter(|e| starts(e) >= later.to_range().start.0)
        .take(3)
        .map(|e| e.title.clone())
        .collect();
    assert!(
        super::contract::all_pages(&memory, &asked, 200)[0]
            .events
            .iter()
            .any(|e| starts(e) < later.to_range().start.0),
        "events that began before the view come first in it"
    );
    harness
        .get_by_label("only those starting in it")
        .click_accesskit();
    super::common::run_until(
        &mut harness,
        "the page of those starting in the view",
        |_| true,
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let shown = first_titles(&harness);
        let matches = shown.len() == 3
            && shown
                .iter()
                .zip(&in_view)
                .all(|(row, title)| row.ends_with(&format!("· {title}")));
        if matches {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the first rows {shown:?} are the first events starting in the view {in_view:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
        harness.step();
    }
}

#[test]
fn a_column_of_a_counted_lane_shows_the_first_event_there() {
    use egui_kittest::kittest::Queryable as _;

    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    write(&synthetic(3000, 3), &path);
    let mut harness = super::common::harness_starting(&path, &folder.path().join("settings.json"));
    super::common::run_until(&mut harness, "the first answer", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| !d.is_updating() && d.last_latency.is_some())
    });
    // The answer counted every lane: its events are not drawn one by one, and the one picked
    // is asked of the file, drawn, selected and fetched whole.
    let (_, _, event) = super::common::pick_first_event_in_a_strip(&mut harness);
    let id = harness
        .state()
        .document()
        .and_then(|d| d.dataset.event(event))
        .and_then(|e| e.id().map(str::to_owned))
        .expect("an id");
    super::common::run_until(&mut harness, "the picked event fetched", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| d.record(&id).is_some())
    });
    let title = harness
        .state()
        .document()
        .and_then(|d| d.database.as_ref())
        .and_then(|d| d.record(&id))
        .map(|r| r.title.clone())
        .expect("fetched");
    assert!(
        harness.query_all_by_label(&title).count() >= 1,
        "the side panel shows {title}"
    );
}

/// "Show the first event here" on a strip's bar row, in a column where a thousand instants
/// start before the first range: the range is found (the page asks for ranges alone), as it
/// is in the index; on the marker row, the first instant.
#[test]
fn a_pick_of_ranges_passes_over_the_instants_that_start_before_them() {
    let instants: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"id": "i{i:04}", "title": "Instant {i}", "start": "2020-01-01T{:02}:{:02}", "actors": ["a"]}}"#,
                i / 60,
                i % 60
            )
        })
        .collect();
    let text = format!(
        r#"{{"actors": [{{"id": "a", "name": "Alpha"}}], "events": [{},
            {{"id": "r", "title": "The range", "start": "2020-01-01T17:00", "end": "2020-01-03", "actors": ["a"]}}]}}"#,
        instants.join(",")
    );
    let (dataset, problems) = timelanes::io::native::parse(&text).expect("parses");
    assert!(problems.is_empty(), "{problems:?}");
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("events.parquet");
    write(&dataset, &path);
    let files = open(&path);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);

    let new_year = timelanes::time::civil::days_from_civil(2020, 1, 1) * 86_400;
    let day = |hours: f64| new_year as f64 + hours * 3600.0;
    let column = TimeWindow::new(day(0.0), day(18.0));
    let asked = query(column, &["a".to_owned()], 100, Predicates::default());
    for backend in [&memory as &dyn Backend, &files] {
        let pick = |part| {
            timelanes::query::event_in(
                backend,
                &asked,
                "a",
                Some(part),
                column,
                NOW,
                &Ticket::fresh(),
            )
            .expect("asked")
            .map(|e| e.id)
        };
        assert_eq!(
            pick(timelanes::query::Part::Ranges).as_deref(),
            Some("r"),
            "{}",
            backend.describe()
        );
        assert_eq!(
            pick(timelanes::query::Part::Points).as_deref(),
            Some("i0000"),
            "{}",
            backend.describe()
        );
    }
}
