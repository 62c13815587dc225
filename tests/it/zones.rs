//! Time zones: instants on a zone's clock (daylight saving time included), dates that never
//! move day, axis ticks at local midnight, and `timelanes list` run for real with --tz, TSV
//! and CSV read back, and a broken file.

use std::process::{Command, Output};

use timelanes::time::ticks::{TickStep, TickUnit, context_ticks};
use timelanes::time::{Date, TimeWindow, Zone};

const BUNDLED: &str = "data/us-china-ukraine-2022.json";

fn zone(name: &str) -> Zone {
    Zone::parse(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn timelanes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A dataset with clock times, a day and a year, in a temporary folder.
fn clock_times_file(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("invasion.json");
    std::fs::write(
        &path,
        r#"{"version": 1, "title": "24 February",
 "actors": [{"id": "ru", "name": "Russia"}, {"id": "ua", "name": "Ukraine"}],
 "events": [
  {"title": "Putin announces a \"special military operation\"", "start": "2022-02-24T02:45Z", "actors": ["ru"]},
  {"title": "Strikes on Kyiv, Kharkiv", "start": "2022-02-24T03:00Z", "end": "2022-02-24T05:30Z", "actors": ["ru", "ua"]},
  {"title": "Martial law", "start": "2022-02-24", "actors": ["ua"]},
  {"title": "Background", "start": "2014~", "end": "2022-02", "actors": ["ru", "ua"]}
 ]}"#,
    )
    .expect("write");
    path.display().to_string()
}

#[test]
fn daylight_saving_time_in_new_york() {
    let new_york = zone("America/New_York");
    // 13 March 2022: at 07:00 UTC the clocks went from 02:00 EST to 03:00 EDT.
    let local = new_york.local_time(date("2022-03-13T07:30Z").earliest());
    let c = local.civil;
    assert_eq!(
        (c.year, c.month, c.day, c.hour, c.minute),
        (2022, 3, 13, 3, 30)
    );
    assert_eq!(local.abbreviation, "EDT");
    assert_eq!(local.offset_seconds, -4 * 3600);
    let before = new_york.local_time(date("2022-03-13T06:30Z").earliest());
    assert_eq!(
        (before.civil.hour, before.abbreviation.as_str()),
        (1, "EST")
    );
    assert_eq!(
        new_york.iso_text(&date("2022-03-13T07:30Z")),
        "2022-03-13 03:30 EDT"
    );
}

#[test]
fn the_invasion_hour_in_moscow_and_new_york() {
    let start = date("2022-02-24T03:00Z");
    assert_eq!(
        zone("Europe/Moscow").iso_text(&start),
        "2022-02-24 06:00 MSK"
    );
    assert_eq!(
        zone("America/New_York").iso_text(&start),
        "2022-02-23 22:00 EST"
    );
    assert_eq!(
        zone("Europe/Moscow").human_text(&start),
        "24 Feb 2022, 06:00 MSK"
    );
}

#[test]
fn a_day_stays_on_its_day_in_every_zone() {
    let zones = [
        "UTC",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Pacific/Chatham",
        "America/New_York",
        "Asia/Kathmandu",
        "Europe/Kyiv",
        "local",
    ];
    for text in [
        "2022-02-24",
        "2022-02-24~",
        "2021-11",
        "2014",
        "-0043-03-15?",
    ] {
        let written = date(text);
        for name in zones {
            let zone = zone(name);
            assert_eq!(zone.iso_text(&written), text, "{text} in {name}");
            assert_eq!(
                zone.human_text(&written),
                written.human(),
                "{text} in {name}"
            );
        }
    }
}

#[test]
fn ticks_fall_at_local_midnight() {
    let window = TimeWindow::new(
        date("2022-02-20").earliest().as_f64(),
        date("2022-02-27").earliest().as_f64(),
    );
    let day = TickStep {
        unit: TickUnit::Day,
        count: 1,
    };
    for (name, utc_hour_of_midnight) in [("Europe/Moscow", 21), ("America/New_York", 5)] {
        let zone = zone(name);
        let ticks = day.ticks(window, zone);
        assert!(ticks.len() >= 6, "{name}: {ticks:?}");
        for tick in &ticks {
            let local = zone.local_time(timelanes::time::Timestamp(tick.time));
            assert_eq!((local.civil.hour, local.civil.minute), (0, 0), "{name}");
            assert_eq!(tick.label, local.civil.day.to_string(), "{name}");
            assert_eq!(
                tick.time.rem_euclid(86_400) / 3600,
                utc_hour_of_midnight,
                "{name}"
            );
        }
        let months = context_ticks(TickUnit::Month, window, zone);
        let february = zone.local_time(timelanes::time::Timestamp(months[0].time));
        assert_eq!(months[0].label, "February 2022");
        assert_eq!((february.civil.day, february.civil.hour), (1, 0), "{name}");
    }
}

#[test]
fn list_prints_the_bundled_dataset_in_time_order() {
    let output = timelanes(&["list", BUNDLED]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 24, "a header and 23 events:\n{text}");
    assert!(lines[0].starts_with("START"), "{text}");
    let title_at = lines[0].find("TITLE").expect("a title column");
    let summit = lines
        .iter()
        .find(|l| l.contains("Biden and Xi hold video summit"))
        .expect("the summit");
    assert!(summit.starts_with("2021-11-15 "), "{summit}");
    assert_eq!(summit.find("Biden"), Some(title_at), "aligned: {summit}");
    assert!(summit.ends_with("United States, China"), "{summit}");
    assert!(text.contains("\n2021-11-16~ "), "qualifiers kept:\n{text}");
    assert!(text.contains("\n2014? "), "{text}");
}

#[test]
fn list_as_tsv_and_csv_reads_back_in_order() {
    for (format, delimiter) in [("tsv", b'\t'), ("csv", b',')] {
        let output = timelanes(&["list", BUNDLED, "--format", format, "--tz", "Asia/Tokyo"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(format == "csv")
            .from_reader(output.stdout.as_slice());
        let header = reader.headers().expect("a header").clone();
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            ["start", "end", "title", "actors"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        assert_eq!(rows.len(), 23, "{format}");
        let starts: Vec<i64> = rows.iter().map(|row| date(&row[0]).earliest().0).collect();
        assert!(starts.is_sorted(), "{format}: in time order");
        let campaign = rows
            .iter()
            .find(|row| &row[2] == "US presses China to help prevent war")
            .expect("the campaign");
        assert_eq!((&campaign[0], &campaign[1]), ("2021-11-15", "2022-02-24~"));
        assert_eq!(&campaign[3], "United States; China");
    }
}

#[test]
fn list_writes_clock_times_in_the_zone_and_filters_like_render() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = clock_times_file(&dir);
    let output = timelanes(&["list", &file, "--tz", "Europe/Moscow", "--format", "tsv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "start\tend\ttitle\tactors\n\
         2014~\t2022-02\tBackground\tRussia; Ukraine\n\
         2022-02-24\t\tMartial law\tUkraine\n\
         2022-02-24 05:45 MSK\t\tPutin announces a \"special military operation\"\tRussia\n\
         2022-02-24 06:00 MSK\t2022-02-24 08:30 MSK\tStrikes on Kyiv, Kharkiv\tRussia; Ukraine\n"
    );

    // New York: the strikes began the evening before; the day-precision event keeps its day.
    let output = timelanes(&["list", &file, "--tz", "America/New_York"]);
    let text = stdout(&output);
    assert!(
        text.contains("2022-02-23 22:00 EST  2022-02-24 00:30 EST  Strikes"),
        "{text}"
    );
    assert!(text.contains("\n2022-02-24           "), "{text}");

    // The period and lanes of `render`: only what overlaps 24 February, only Russia's.
    let output = timelanes(&[
        "list",
        &file,
        "--from",
        "2022-02-24",
        "--to",
        "2022-02-24",
        "--actors",
        "ru",
        "--format",
        "csv",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(!text.contains("Martial law"), "{text}");
}

#[test]
fn list_reports_bad_input_as_check_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{"actors": [{"id": "us", "name": "US"}],
 "events": [
  {"title": "Fine", "start": "2021-11-15T14:30Z", "actors": ["us"]},
  {"title": "Impossible", "start": "2021-02-30", "actors": ["us"]}
 ]}"#,
    )
    .expect("write");
    let file = path.display().to_string();
    let output = timelanes(&["list", &file, "--format", "tsv"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "{file}:4:36: error: events[1].start: \"2021-02-30\" is not a valid date: February 2021 has 28 days, not 30; check the day of the month\n\
             {file}: 1 error, 0 warnings\n"
        )
    );
    assert_eq!(
        stdout(&output),
        "start\tend\ttitle\tactors\n2021-11-15 14:30 UTC\t\tFine\tUS\n",
        "the usable events are still listed"
    );

    let missing = dir.path().join("missing.json").display().to_string();
    let output = timelanes(&["list", &missing]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("could not be loaded; 1 error"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());

    let output = timelanes(&["list", BUNDLED, "--tz", "Europe/Kiyv"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("unknown time zone \"Europe/Kiyv\""),
        "{message}"
    );
    assert!(message.contains("Europe/Kyiv"), "{message}");

    let output = timelanes(&["list", BUNDLED, "--actors", "xx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("has no actor \"xx\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn render_names_its_zone_on_the_picture() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = clock_times_file(&dir);
    let out = dir.path().join("day.svg");
    let output = timelanes(&[
        "render",
        &file,
        "-o",
        &out.display().to_string(),
        "--from",
        "2022-02-24T00:00Z",
        "--to",
        "2022-02-24T08:00Z",
        "--tz",
        "Europe/Kyiv",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains("times in Europe/Kyiv"), "the zone is named");
    assert!(svg.contains("EET"), "the period ends on Kyiv's clock");
    // The axis runs on Kyiv's clock: its hours start at 02:00 local (midnight UTC).
    assert!(svg.contains(">02:00<"), "Kyiv's hours on the axis");
}

#[test]
fn a_zone_chosen_in_the_view_menu_shows_in_the_status_bar_and_is_remembered() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;

    let dir = tempfile::tempdir().expect("temp dir");
    let settings = dir.path().join("settings.json");
    let mut harness = crate::common::harness_opening(std::path::Path::new(BUNDLED), &settings);
    harness.get_by_label("Time zone: UTC");
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Time zone…").click();
    harness.run();
    harness
        .get_all_by_role(Role::TextInput)
        .next()
        .expect("the chooser's field")
        .type_text("kyiv");
    harness.run();
    harness.get_by_label("Europe/Kyiv").click();
    harness.run();
    harness.get_by_label("Time zone: Europe/Kyiv");
    assert!(
        harness.query_by_label("Find a zone").is_none(),
        "the chooser closes once a zone is chosen"
    );
    crate::common::run_until(&mut harness, "the zone saved in the settings", |_| {
        std::fs::read_to_string(&settings).is_ok_and(|text| text.contains("Europe/Kyiv"))
    });
    drop(harness);

    let harness = crate::common::harness_opening(std::path::Path::new(BUNDLED), &settings);
    harness.get_by_label("Time zone: Europe/Kyiv");
}

#[test]
fn an_actor_may_have_its_own_zone_and_keeps_it_through_convert() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lanes.json");
    std::fs::write(
        &path,
        r#"{"version": 1, "title": "Clocks",
 "actors": [
  {"id": "ru", "name": "Russia", "tz": "Europe/Moscow"},
  {"id": "ua", "name": "Ukraine", "tz": "Europe/Kiyv"},
  {"id": "us", "name": "United States"}
 ],
 "events": [{"title": "Strikes", "start": "2022-02-24T03:00Z", "actors": ["ru", "ua", "us"]}]}"#,
    )
    .expect("write");
    let loaded = timelanes::io::load_path(&path).expect("loads");
    let zones: Vec<Option<Zone>> = loaded.dataset.actors.iter().map(|a| a.time_zone).collect();
    assert_eq!(zones, [Some(zone("Europe/Moscow")), None, None]);
    let [problem] = loaded.problems.as_slice() else {
        panic!("one problem: {:?}", loaded.problems);
    };
    let message = problem.display_in("lanes.json");
    assert!(
        message.starts_with(
            "lanes.json:4:41: warning: actors[1].tz: unknown time zone \"Europe/Kiyv\""
        ),
        "{message}"
    );
    assert!(message.contains("Europe/Kyiv"), "{message}");

    let written = timelanes::io::writer::to_native_json(&loaded.dataset);
    assert!(written.contains(r#""tz": "Europe/Moscow""#), "{written}");
    let again = dir.path().join("again.json");
    std::fs::write(&again, written).expect("write");
    let reloaded = timelanes::io::load_path(&again).expect("loads");
    assert_eq!(
        reloaded.dataset.actors[0].time_zone,
        Some(zone("Europe/Moscow"))
    );
    assert!(reloaded.problems.is_empty(), "{:?}", reloaded.problems);
}

#[test]
fn a_day_is_drawn_over_the_zones_own_day() {
    let text = r#"{"actors": [{"id": "a", "name": "A"}], "events": [
        {"title": "Day", "start": "2022-02-24", "actors": ["a"]},
        {"title": "Clock", "start": "2022-02-24T03:00Z", "actors": ["a"]}]}"#;
    let (mut dataset, _) = timelanes::io::native::parse(text).expect("parses");
    let now = timelanes::time::Timestamp(1_767_225_600);
    let utc_day = dataset.events().next().expect("day").span(now);
    let clock = dataset.events().nth(1).expect("clock").span(now);
    for (name, hours) in [
        ("America/New_York", 5),
        ("Europe/Moscow", -3),
        ("Pacific/Kiritimati", -14),
    ] {
        let zone = timelanes::time::Zone::parse(name).expect("zone");
        dataset.set_day_zone(zone);
        let day = dataset.events().next().expect("day").span(now);
        assert_eq!(
            day.start.0 - utc_day.start.0,
            hours * 3600,
            "{name}: local midnight"
        );
        assert_eq!(
            day.end.0 - utc_day.end.0,
            hours * 3600,
            "{name}: to the end of the local day"
        );
        let wall = |t: i64| zone.local_time(timelanes::time::Timestamp(t));
        assert_eq!(
            wall(day.start.0).civil.day,
            24,
            "{name}: starts on the 24th"
        );
        assert_eq!(
            wall(day.end.0 - 1).civil.day,
            24,
            "{name}: ends on the 24th"
        );
        assert_eq!(
            dataset.events().nth(1).expect("clock").span(now),
            clock,
            "{name}: a clock time is an instant and stays"
        );
    }
}
