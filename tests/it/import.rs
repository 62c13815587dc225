//! The importers on real files (TimelineJS JSON and CSV, a GDELT sample, in `tests/data`) and
//! on fixtures (ACLED-shaped rows, generic CSV, broken rows): lanes, dates at their precision,
//! sources, the messages for rows that cannot be used, and the round trip through the native
//! format.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use timelanes::io::aliases::Aliases;
use timelanes::io::csv_table::ColumnMapping;
use timelanes::io::{
    ImportOptions, LoadError, LoadProgress, Loaded, load_bytes, load_path, load_path_with,
};
use timelanes::model::{Dataset, Event, EventEnd};
use timelanes::time::{Date, Precision};

fn load(path: &str) -> Loaded {
    load_path(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn lanes(dataset: &Dataset) -> Vec<&str> {
    dataset.actors.iter().map(|a| a.name.as_str()).collect()
}

fn event<'a>(dataset: &'a Dataset, title: &str) -> Event<'a> {
    dataset
        .events()
        .find(|e| e.title() == title)
        .unwrap_or_else(|| panic!("no event {title:?}"))
}

fn lanes_of(dataset: &Dataset, event: &Event<'_>) -> Vec<String> {
    event
        .actors()
        .iter()
        .filter_map(|&a| dataset.actor(a))
        .map(|a| a.name.clone())
        .collect()
}

fn end_date(event: &Event<'_>) -> Date {
    match event.end() {
        Some(EventEnd::Date(date)) => date,
        other => panic!("{:?} has no end date: {other:?}", event.title()),
    }
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("valid")
}

/// Everything a user can see of an event, to compare datasets.
fn summary(dataset: &Dataset) -> Vec<String> {
    dataset
        .events()
        .map(|e| {
            format!(
                "{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}",
                e.id(),
                e.title(),
                e.start(),
                e.end(),
                lanes_of(dataset, &e),
                e.kind(),
                e.tags().collect::<Vec<_>>(),
                e.description(),
                e.sources().collect::<Vec<_>>(),
                e.display_date(),
                e.details().collect::<Vec<_>>()
            )
        })
        .collect()
}

#[test]
fn timelinejs_json_keeps_precision_plain_text_media_and_title() {
    let Loaded { dataset, problems } = load("tests/data/women_in_computing.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(dataset.title, "Women in Computing");
    assert_eq!(dataset.event_count(), 10);
    // No groups: one lane.
    assert_eq!(lanes(&dataset), ["Events"]);

    let ada = event(&dataset, "Ada Lovelace");
    assert_eq!(ada.start(), date("1815-12-10"));
    assert_eq!(end_date(&ada), date("1852-11-27"));
    // The text was HTML: shown as plain text, links kept as words.
    assert!(
        ada.description()
            .contains("Charles Babbage's Analytical Engine")
    );
    assert!(!ada.description().contains('<'), "{}", ada.description());
    // The media is the source, with its caption and credit.
    let source = ada.sources().next().expect("media as source");
    assert_eq!(source.publisher, "Wikimedia Commons");
    assert_eq!(source.title, "Portrait by Alfred Edward Chalon");
    assert!(source.url.ends_with("Ada_Lovelace_portrait.jpg"));

    // The most specific part given is the precision: a month, a year.
    let eniac = event(&dataset, "...And the women who made it work");
    assert_eq!(eniac.start().precision, Precision::Month);
    assert_eq!(eniac.start(), date("1943-07"));
    assert_eq!(end_date(&eniac).precision, Precision::Year);
    assert_eq!(
        event(&dataset, "Grace Hopper invents the compiler").start(),
        date("1952")
    );
}

#[test]
fn timelinejs_spreadsheet_csv_gives_the_same_timeline_as_its_json() {
    let json = load("tests/data/women_in_computing.json").dataset;
    let Loaded {
        dataset: csv,
        problems,
    } = load("tests/data/women_in_computing.csv");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(csv.title, json.title);
    let key = |d: &Dataset| {
        let mut events: Vec<_> = d
            .events()
            .map(|e| (e.title().to_owned(), e.start(), e.end(), lanes_of(d, &e)))
            .collect();
        events.sort_by(|a, b| a.0.cmp(&b.0));
        events
    };
    assert_eq!(key(&csv), key(&json));

    let template = load("tests/data/my-own-timeline.csv");
    assert!(template.problems.is_empty(), "{:?}", template.problems);
    assert_eq!(template.dataset.event_count(), 10);
    // The title row is the dataset's title, not an event.
    assert_eq!(template.dataset.title, "MY OWN CSV");
}

#[test]
fn timelinejs_groups_become_lanes_in_file_order() {
    let Loaded { dataset, problems } = load("tests/data/all-media-types.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(dataset.event_count(), 41);
    assert_eq!(
        lanes(&dataset),
        ["Video", "Social Media", "Audio", "Events", "HTML", "Image"]
    );
    let tiktok = event(&dataset, "TikTok");
    assert_eq!(lanes_of(&dataset, &tiktok), ["Video"]);
    assert_eq!(tiktok.start(), date("1904-06"));
}

#[test]
fn timelinejs_eras_are_kept() {
    let Loaded { dataset, problems } = load("tests/data/eras.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(dataset.event_count(), 20);
    let eras: Vec<(&str, Date, Date)> = dataset
        .eras
        .iter()
        .map(|e| (e.title.as_str(), e.start, e.end))
        .collect();
    assert_eq!(
        eras,
        [
            ("Era Test 650-700", Date::year(650), Date::year(700)),
            ("Era Test 600-650", Date::year(600), Date::year(650)),
            ("Era Test 700-720", Date::year(700), Date::year(720)),
        ]
    );
}

#[test]
fn cosmological_years_load_at_year_precision() {
    let Loaded { dataset, problems } = load("tests/data/cosmo.json");
    assert!(problems.is_empty(), "{problems:?}");
    let big_bang = event(&dataset, "The Big Bang");
    assert_eq!(big_bang.start(), Date::year(-13_800_000_000));
    assert_eq!(big_bang.start().human(), "13,800,000,001 BCE");
    let paleozoic = event(&dataset, "Paleozoic era");
    assert_eq!(paleozoic.start(), Date::year(-538_800_000));
    assert_eq!(end_date(&paleozoic), Date::year(-251_902_000));
    // Fitting the whole span works at this scale.
    assert!(dataset.extent(timelanes::time::Timestamp::now()).is_some());
}

#[test]
fn gdelt_events_are_directed_between_folded_country_lanes() {
    let Loaded { dataset, problems } = load("tests/data/gdelt1-events-sample.tsv");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(dataset.event_count(), 350);
    let names = lanes(&dataset);
    for country in [
        "United States",
        "China",
        "Russia",
        "Canada",
        "United Kingdom",
    ] {
        assert!(names.contains(&country), "{country} in {names:?}");
    }
    // No lane is a raw CAMEO code.
    assert!(
        !names
            .iter()
            .any(|n| ["USA", "USAGOV", "RUS", "CHN"].contains(n)),
        "{names:?}"
    );

    let coerce = event(&dataset, "Canada → United States: Coerce");
    assert_eq!(lanes_of(&dataset, &coerce), ["Canada", "United States"]);
    assert_eq!(coerce.start(), date("2016-07-21"));
    assert_eq!(coerce.kind(), Some("Coerce"));
    assert_eq!(coerce.tags().collect::<Vec<_>>(), ["Material conflict"]);
    let details: HashMap<&str, &str> = coerce.details().collect();
    assert_eq!(details.get("from"), Some(&"Canada"));
    assert_eq!(details.get("to"), Some(&"United States"));
    assert_eq!(details.get("CAMEO event code"), Some(&"172"));
    let source = coerce.sources().next().expect("source");
    assert!(source.url.starts_with("http://neworleanscitybusiness.com/"));
    assert_eq!(source.publisher, "neworleanscitybusiness.com");
    assert!(
        dataset
            .events()
            .all(|e| e.start().precision == Precision::Day)
    );
}

#[test]
fn a_zipped_gdelt_file_opens_like_the_plain_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zipped = dir.path().join("20160801.export.CSV.zip");
    let plain = std::fs::read("tests/data/gdelt1-events-sample.tsv").expect("read");
    let mut archive = zip::ZipWriter::new(std::fs::File::create(&zipped).expect("create"));
    archive
        .start_file(
            "20160801.export.CSV",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("entry");
    archive.write_all(&plain).expect("write");
    archive.finish().expect("finish");

    let from_zip = load_path(&zipped).expect("the zip opens").dataset;
    let from_plain = load("tests/data/gdelt1-events-sample.tsv").dataset;
    assert_eq!(summary(&from_zip), summary(&from_plain));

    // A zip of something else says so.
    let other = dir.path().join("photos.zip");
    let mut archive = zip::ZipWriter::new(std::fs::File::create(&other).expect("create"));
    archive
        .start_file("photo.png", zip::write::SimpleFileOptions::default())
        .expect("entry");
    archive
        .write_all(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        .expect("write");
    archive.finish().expect("finish");
    let message = load_path(&other).expect_err("refused").to_string();
    assert!(
        message.contains("photo.png in the archive is not a table"),
        "{message}"
    );
}

#[test]
fn acled_rows_fold_actors_widen_dates_and_report_broken_rows() {
    let Loaded { dataset, problems } = load("tests/files/acled-small.csv");
    assert_eq!(dataset.event_count(), 4);
    assert_eq!(
        lanes(&dataset),
        [
            "Russia",
            "Ukraine",
            "Territorial Defence Forces of Ukraine",
            "Civilians (Ukraine)",
            "Protesters (Russia)"
        ]
    );

    // Precision 1: the day. Co-participants are undirected; state forces fold into the country.
    let strike = dataset
        .events()
        .find(|e| e.id() == Some("UKR1001"))
        .expect("UKR1001");
    assert_eq!(strike.start(), date("2022-02-24"));
    assert_eq!(strike.end(), None);
    assert_eq!(lanes_of(&dataset, &strike), ["Russia", "Ukraine"]);
    assert_eq!(strike.kind(), Some("Explosions/Remote violence"));
    assert!(
        strike.title().starts_with("Air/drone strike"),
        "{}",
        strike.title()
    );
    assert_eq!(
        strike.sources().next().expect("source").publisher,
        "Ukrainska Pravda; Reuters"
    );

    // Precision 2: within a week, written "26 February 2022"; associated actors get lanes.
    let clash = dataset
        .events()
        .find(|e| e.id() == Some("UKR1002"))
        .expect("UKR1002");
    assert_eq!(clash.start(), date("2022-02-23~"));
    assert_eq!(end_date(&clash), date("2022-03-01~"));
    assert_eq!(
        lanes_of(&dataset, &clash),
        [
            "Ukraine",
            "Russia",
            "Territorial Defence Forces of Ukraine",
            "Civilians (Ukraine)"
        ]
    );
    let details: HashMap<&str, &str> = clash.details().collect();
    assert_eq!(details.get("fatalities"), Some(&"12"));
    assert_eq!(details.get("location"), Some(&"Hostomel"));
    assert_eq!(details.get("country"), Some(&"Ukraine"));

    // Precision 3: the month, approximate. Quotes inside notes survive.
    let protest = dataset
        .events()
        .find(|e| e.id() == Some("UKR1003"))
        .expect("UKR1003");
    assert_eq!(protest.start(), date("2022-03~"));
    assert!(protest.description().contains("\"no to war\""));

    // The rows that cannot be used, with line, row and column.
    let messages: Vec<String> = problems
        .iter()
        .map(|p| p.display_in("acled-small.csv"))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].starts_with(
            "acled-small.csv:5:9: error: row 4, column \"event_date\": \"2022-13-40\" is not a date"
        ),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with(
            "acled-small.csv:6:83: error: row 5, column \"actor1\": the row names no actor"
        ),
        "{}",
        messages[1]
    );
}

#[test]
fn timelinejs_date_objects_in_every_form() {
    let json = r#"{"title": {"text": {"headline": "Forms"}}, "events": [
        {"start_date": {"year": "2014"}, "text": {"headline": "Year as text"}},
        {"start_date": {"year": 2014, "month": "3", "day": ""}, "text": {"headline": "Month, empty day"}},
        {"start_date": {"year": "2021", "month": "11", "day": "15", "hour": "14", "minute": "30"},
         "text": {"headline": "<b>Minute</b> &amp; HTML"}},
        {"start_date": {"year": -43, "month": 3, "day": 15}, "text": {"headline": "Ides of March"},
         "display_date": "15 March 44 BC", "group": "Rome"},
        {"start_date": {"year": "1990"}, "end_date": {"year": "", "month": ""}, "text": {"headline": "Empty end"}},
        {"start_date": {"year": "twenty"}, "text": {"headline": "Bad year"}},
        {"start_date": {"year": "2020", "day": "5"}, "text": {"headline": "Gap"}},
        {"start_date": {"year": "2020"}, "text": {"headline": ""}}
    ]}"#;
    let Loaded { dataset, problems } = load_bytes("forms.json", json.as_bytes()).expect("loads");
    assert_eq!(dataset.title, "Forms");
    assert_eq!(event(&dataset, "Year as text").start(), date("2014"));
    assert_eq!(event(&dataset, "Month, empty day").start(), date("2014-03"));
    assert_eq!(
        event(&dataset, "Minute & HTML").start(),
        date("2021-11-15T14:30")
    );
    let ides = event(&dataset, "Ides of March");
    assert_eq!(ides.start(), date("-0043-03-15"));
    assert_eq!(ides.display_date(), Some("15 March 44 BC"));
    assert_eq!(lanes_of(&dataset, &ides), ["Rome"]);
    assert_eq!(event(&dataset, "Empty end").end(), None);

    let messages: Vec<String> = problems
        .iter()
        .map(|p| p.display_in("forms.json"))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("events[5] start_date")
            && messages[0].contains("the year \"twenty\" is not a number"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("events[6] start_date") && messages[1].contains("has a gap"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("neither a headline nor a text"),
        "{}",
        messages[2]
    );
    // Each problem points at its line in the file.
    assert!(
        messages.iter().all(|m| m.starts_with("forms.json:")),
        "{messages:#?}"
    );
}

#[test]
fn timelinejs_slides_of_media_alone_are_kept_titled_by_their_media() {
    let json = r#"{"events": [
        {"start_date": {"year": "1843"}, "media": {"url": "https://example.org/notes.jpg",
         "caption": "<p>Ada's <b>Note G</b></p>", "credit": "Science Museum"}},
        {"start_date": {"year": "1852"}, "media": {"url": "https://example.org/grave.jpg",
         "caption": "", "credit": "Wikimedia Commons"}},
        {"start_date": {"year": "1953"}, "media": {"url": "https://example.org/plain.jpg"}},
        {"start_date": {"year": "1979"}, "media": {"url": "images/ada-language.png",
         "caption": "The Ada language"}},
        {"start_date": {"year": "2000"}, "media": {"url": ""}},
        {"start_date": {"year": "2001"}, "text": {"headline": "Headline kept"},
         "media": {"url": "https://example.org/x.jpg", "caption": "Not the title"}}
    ]}"#;
    let Loaded { dataset, problems } = load_bytes("media.json", json.as_bytes()).expect("loads");
    let titles: Vec<&str> = dataset.events().map(|e| e.title()).collect();
    assert_eq!(
        titles,
        [
            "Ada's Note G",
            "Wikimedia Commons",
            "Untitled",
            "The Ada language",
            "Headline kept"
        ]
    );
    // The media is still the event's source where it is a link.
    let notes = event(&dataset, "Ada's Note G");
    let source = notes.sources().next().expect("media as source");
    assert_eq!(source.publisher, "Science Museum");
    assert!(source.url.ends_with("notes.jpg"));
    assert_eq!(event(&dataset, "The Ada language").sources().count(), 0);

    // One problem for each slide without a headline, said of that slide.
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let message = |slide: usize| {
        let problem = problems
            .iter()
            .find(|p| p.event == Some(slide))
            .unwrap_or_else(|| panic!("no problem with events[{slide}]: {problems:#?}"));
        problem.display_in("media.json")
    };
    assert_eq!(
        message(0),
        "media.json:2:9: warning: events[0] headline: the event has media but no headline or text; it is titled \"Ada's Note G\" from its media's caption; give the event a headline"
    );
    assert!(
        message(1).starts_with("media.json:4:9: warning: events[1] headline: the event has media but no headline or text; it is titled \"Wikimedia Commons\" from its media's credit"),
        "{}",
        message(1)
    );
    assert!(
        message(2).starts_with("media.json:6:9: warning: events[2] headline: the event has media but no headline or text; it is titled \"Untitled\" as its media has no caption or credit"),
        "{}",
        message(2)
    );
    assert!(
        message(3).contains("warning: events[3] headline")
            && message(3).contains("titled \"The Ada language\" from its media's caption"),
        "{}",
        message(3)
    );
    // Media without a url is no media: a slide of nothing is still left out.
    assert_eq!(
        message(4),
        "media.json:9:9: error: events[4] headline: the event has neither a headline nor a text; it is left out; give the event a headline"
    );
}

#[test]
fn timelinejs_csv_broken_rows_are_located() {
    let csv = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background
2020,1,1,,,,,,,Fine,,,,,,,Alpha,
20x0,1,1,,,,,,,Bad year,,,,,,,Alpha,
2020,13,1,,,,,,,Bad month,,,,,,,Alpha,
2020,2,1,,2020,2,40,,,Bad end,,,,,,,Beta,
";
    let Loaded { dataset, problems } = load_bytes("sheet.csv", csv.as_bytes()).expect("loads");
    assert_eq!(dataset.event_count(), 2);
    assert_eq!(lanes(&dataset), ["Alpha", "Beta"]);
    let messages: Vec<String> = problems.iter().map(|p| p.display_in("sheet.csv")).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    // Each at the cell of the part at fault: the Year, the Month, the End Day.
    assert!(
        messages[0].starts_with(
            "sheet.csv:3:1: error: row 2, column \"Year\": the year \"20x0\" is not a number"
        ),
        "{}",
        messages[0]
    );
    assert!(
        messages[1]
            .starts_with("sheet.csv:4:6: error: row 3, column \"Month\": month 13 does not exist"),
        "{}",
        messages[1]
    );
    // A bad end is a warning: the event stays, as an instant.
    assert!(
        messages[2].starts_with(
            "sheet.csv:5:18: warning: row 4, column \"End Day\": February 2020 has 29 days, not 40"
        ),
        "{}",
        messages[2]
    );
    assert_eq!(event(&dataset, "Bad end").end(), None);
}

const GENERIC: &str = "Date,Until,Event,Country,Counterpart,Notes,URL
2022-02-24,,Invasion begins,Russian Federation,Ukraine,Missile strikes,https://example.org/a
February 26 2022,,SWIFT exclusion,USA;EU,Russia,,https://example.org/b
2022-03,2022-04,Talks,Ukraine,RUS,In Istanbul,
someday,,Broken,Russia,,,
";

#[test]
fn a_generic_csv_needs_a_mapping_then_imports_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("own.csv");
    std::fs::write(&path, GENERIC).expect("write");

    // Without a mapping: a message naming the columns and how to map them.
    let error = load_path(&path).expect_err("needs a mapping");
    let LoadError::NeedsMapping { preview, .. } = &error else {
        panic!("{error}");
    };
    assert_eq!(
        preview.header,
        [
            "Date",
            "Until",
            "Event",
            "Country",
            "Counterpart",
            "Notes",
            "URL"
        ]
    );
    assert_eq!(preview.rows.len(), 4);
    let message = error.to_string();
    assert!(
        message.contains("Its columns are Date, Until, Event, Country, Counterpart, Notes, URL"),
        "{message}"
    );
    assert!(
        message.contains("--map date=COLUMN,title=COLUMN,actors=COLUMN"),
        "{message}"
    );
    assert_eq!(error.exit_code(), 1);

    let mapping = ColumnMapping::parse_flag(
        "date=Date,end=Until,title=Event,actors=Country|Counterpart,description=Notes,source=URL",
    )
    .expect("valid");
    let options = ImportOptions {
        mapping: Some(mapping.clone()),
        ..ImportOptions::default()
    };
    let Loaded { dataset, problems } =
        load_path_with(&path, &LoadProgress::new(), &options).expect("imports");
    assert_eq!(dataset.event_count(), 3);
    // Names and codes of one country share its lane.
    assert_eq!(
        lanes(&dataset),
        ["Russia", "Ukraine", "United States", "EU"]
    );
    let talks = event(&dataset, "Talks");
    assert_eq!(talks.start(), date("2022-03"));
    assert_eq!(end_date(&talks), date("2022-04"));
    assert_eq!(lanes_of(&dataset, &talks), ["Ukraine", "Russia"]);
    assert_eq!(
        event(&dataset, "SWIFT exclusion").start(),
        date("2022-02-26")
    );
    assert_eq!(problems.len(), 1);
    let message = problems[0].display_in("own.csv");
    assert!(
        message
            .starts_with("own.csv:5:1: error: row 4, column \"Date\": \"someday\" is not a date"),
        "{message}"
    );

    // A mapping remembered for this header is used without asking.
    let key = timelanes::io::csv_table::header_key(&preview.header);
    let options = ImportOptions {
        remembered: HashMap::from([(key, mapping)]),
        ..ImportOptions::default()
    };
    let again = load_path_with(&path, &LoadProgress::new(), &options).expect("imports");
    assert_eq!(summary(&again.dataset), summary(&dataset));

    // A mapping naming a column the file lacks says which columns there are.
    let options = ImportOptions {
        mapping: Some(
            ColumnMapping::parse_flag("date=When,title=Event,actors=Country").expect("valid"),
        ),
        ..ImportOptions::default()
    };
    let message = load_path_with(&path, &LoadProgress::new(), &options)
        .expect_err("no such column")
        .to_string();
    assert!(
        message.contains("the file has no column \"When\"; its columns are Date, Until"),
        "{message}"
    );
}

#[test]
fn user_aliases_come_before_the_built_in_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("own.csv");
    std::fs::write(&path, GENERIC).expect("write");
    let aliases = Aliases::with_user_rules(vec![
        timelanes::io::aliases::AliasRule {
            from: "EU".into(),
            to: "European Union".into(),
        },
        timelanes::io::aliases::AliasRule {
            from: "Russia".into(),
            to: "Russian Federation".into(),
        },
    ]);
    let options = ImportOptions {
        aliases: Arc::new(aliases),
        mapping: Some(
            ColumnMapping::parse_flag("date=Date,title=Event,actors=Country|Counterpart")
                .expect("valid"),
        ),
        ..ImportOptions::default()
    };
    let dataset = load_path_with(&path, &LoadProgress::new(), &options)
        .expect("imports")
        .dataset;
    // "RUS" and "Russian Federation" fold into Russia, which the user renamed.
    assert_eq!(
        lanes(&dataset),
        [
            "Russian Federation",
            "Ukraine",
            "United States",
            "European Union"
        ]
    );
}

/// Every importable file, written as native JSON and read back, gives the same events,
/// lanes, eras and title.
#[test]
fn import_convert_load_native_gives_the_same_events() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generic = dir.path().join("own.csv");
    std::fs::write(&generic, GENERIC).expect("write");
    let mapping = ColumnMapping::parse_flag(
        "date=Date,end=Until,title=Event,actors=Country|Counterpart,description=Notes,source=URL",
    )
    .expect("valid");
    let generic_options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    let mut files: Vec<(std::path::PathBuf, ImportOptions)> = [
        "tests/data/women_in_computing.json",
        "tests/data/women_in_computing.csv",
        "tests/data/my-own-timeline.csv",
        "tests/data/eras.json",
        "tests/data/all-media-types.json",
        "tests/data/cosmo.json",
        "tests/data/gdelt1-events-sample.tsv",
        "tests/files/acled-small.csv",
        "tests/files/every-date-form.json",
        "data/us-china-ukraine-2022.json",
    ]
    .iter()
    .map(|p| (Path::new(p).to_owned(), ImportOptions::default()))
    .collect();
    files.push((generic, generic_options));

    for (path, options) in files {
        let original = load_path_with(&path, &LoadProgress::new(), &options)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .dataset;
        let written = timelanes::io::writer::to_native_json(&original);
        let Loaded {
            dataset: again,
            problems,
        } = load_bytes("converted.json", written.as_bytes()).unwrap_or_else(|e| {
            panic!("{}: the converted file does not load: {e}", path.display())
        });
        let name = path.display();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(summary(&again), summary(&original), "{name}");
        assert_eq!(again.actors, original.actors, "{name}");
        assert_eq!(again.eras, original.eras, "{name}");
        assert_eq!(again.title, original.title, "{name}");
        assert_eq!(again.description, original.description, "{name}");
        assert_eq!(
            timelanes::io::writer::to_native_json(&again),
            written,
            "{name}: stable"
        );
    }
}

#[test]
fn a_table_import_reports_progress_and_stops_when_cancelled() {
    let path = Path::new("tests/data/gdelt1-events-sample.tsv");
    let progress = LoadProgress::new();
    load_path_with(path, &progress, &ImportOptions::default()).expect("imports");
    assert_eq!(
        progress.get(),
        (timelanes::io::Stage::Parsing, 1.0),
        "every byte of the file was counted"
    );

    let progress = LoadProgress::new();
    progress.cancel();
    let error = load_path_with(path, &progress, &ImportOptions::default()).expect_err("cancelled");
    assert!(matches!(error, LoadError::Cancelled { .. }), "{error}");
}

#[test]
fn gdelt_with_a_header_line_and_the_column_list_alone() {
    // BigQuery exports name the columns on the first line: read like the plain file.
    let header = std::fs::read_to_string("tests/data/events_column_names.csv").expect("read");
    let rows = std::fs::read_to_string("tests/data/gdelt1-events-sample.tsv").expect("read");
    let with_header = format!("{}\n{rows}", header.trim_end());
    let loaded = load_bytes("bigquery.tsv", with_header.as_bytes()).expect("imports");
    let plain = load("tests/data/gdelt1-events-sample.tsv");
    assert_eq!(summary(&loaded.dataset), summary(&plain.dataset));

    // GDELT's list of column names is not a dataset, and says so.
    let message = load_path(Path::new("tests/data/events_column_names.csv"))
        .expect_err("no events")
        .to_string();
    assert_eq!(
        message,
        "tests/data/events_column_names.csv: error: the file names GDELT's columns but has no \
         events under them; open a GDELT events file (such as 20160801.export.CSV, or its .zip)"
    );
}

#[test]
fn every_table_import_is_cancelled_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let own = dir.path().join("own.csv");
    std::fs::write(&own, GENERIC).expect("write");
    let mapped = ImportOptions {
        mapping: Some(
            ColumnMapping::parse_flag("date=Date,title=Event,actors=Country").expect("valid"),
        ),
        ..ImportOptions::default()
    };
    for (path, options) in [
        (
            Path::new("tests/files/acled-small.csv"),
            ImportOptions::default(),
        ),
        (
            Path::new("tests/data/gdelt1-events-sample.tsv"),
            ImportOptions::default(),
        ),
        (
            Path::new("tests/data/my-own-timeline.csv"),
            ImportOptions::default(),
        ),
        (own.as_path(), mapped),
    ] {
        load_path_with(path, &LoadProgress::new(), &options).expect("imports");
        let progress = LoadProgress::new();
        progress.cancel();
        let error = load_path_with(path, &progress, &options).expect_err("cancelled");
        assert!(
            matches!(error, LoadError::Cancelled { .. }),
            "{}: {error}",
            path.display()
        );
        assert_eq!(
            error.to_string(),
            format!("loading {} was cancelled", path.display())
        );
    }
}
