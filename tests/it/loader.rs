//! Loader tests: good files load whole; each bad file gets the message a user needs (file,
//! line, column, field, what is wrong, how to fix it), and nothing panics.

use timelanes::io::{LoadError, load_bytes, load_path};
use timelanes::model::{EventEnd, Severity};
use timelanes::time::{Date, Precision};

/// The messages `check` would print for `json` (named `f.json`), or the fatal one.
fn messages(json: &str) -> Vec<String> {
    match load_bytes("f.json", json.as_bytes()) {
        Ok(loaded) => loaded
            .problems
            .iter()
            .map(|p| p.display_in("f.json"))
            .collect(),
        Err(error) => vec![error.to_string()],
    }
}

fn fatal(json: &str) -> String {
    match load_bytes("f.json", json.as_bytes()) {
        Ok(loaded) => panic!(
            "expected a fatal error, loaded {} events",
            loaded.dataset.event_count()
        ),
        Err(error) => error.to_string(),
    }
}

#[test]
fn every_date_form_loads() {
    let loaded = load_path("tests/files/every-date-form.json".as_ref()).expect("loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let dataset = loaded.dataset;
    assert_eq!(dataset.title, "Every date form the format accepts");
    assert_eq!(dataset.event_count(), 13);
    let by_id = |id: &str| {
        dataset
            .events()
            .find(|e| e.id() == Some(id))
            .unwrap_or_else(|| panic!("event {id}"))
    };
    assert_eq!(by_id("year").start().precision, Precision::Year);
    assert_eq!(by_id("month").start().precision, Precision::Month);
    assert_eq!(by_id("hour").start().precision, Precision::Hour);
    assert_eq!(by_id("second").start().precision, Precision::Second);
    assert!(by_id("approx").start().qualifier.approximate);
    assert!(by_id("uncertain").start().qualifier.uncertain);
    assert_eq!(by_id("bce").start().human(), "15 Mar 44 BCE");
    assert_eq!(by_id("ongoing").end(), Some(EventEnd::Present));
    assert_eq!(by_id("day").actors().len(), 2);
    assert_eq!(by_id("day").kind(), Some("meeting"));
    let sources: Vec<_> = by_id("sourced").sources().collect();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].publisher, "A paper");
    assert_eq!(sources[0].date, Date::parse("2022-02-25").ok());
    // Actors without a colour get one from the palette.
    assert_ne!(dataset.actors[1].color, dataset.actors[0].color);
}

#[test]
fn minimal_file_loads() {
    let loaded = load_path("tests/files/minimal.json".as_ref()).expect("loads");
    assert_eq!(loaded.dataset.event_count(), 1);
    assert!(loaded.problems.is_empty());
}

#[test]
fn syntax_errors_are_located() {
    assert_eq!(
        fatal("{\n  \"actors\": []\n  \"events\": []\n}"),
        "f.json:3:3: error: expected `,` or `}`; fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)"
    );
    assert_eq!(
        fatal("{\"actors\": [], \"events\": [{\"title\": \"x\""),
        "f.json:1:39: error: EOF while parsing an object; the file ends too early: is it complete? Check for a missing ] or }"
    );
}

#[test]
fn wrong_shapes_are_fatal_with_a_fix() {
    assert_eq!(
        fatal("[1, 2]"),
        "f.json:1:1: error: a Timelanes file is a JSON object, but this file holds a list; start the file with { \"actors\": [...], \"events\": [...] } (see docs/FORMAT.md)"
    );
    assert_eq!(
        fatal("{\"events\": []}"),
        "f.json:1:1: error: the file has no \"actors\" list; add \"actors\": [{\"id\": \"us\", \"name\": \"United States\"}]"
    );
    assert_eq!(
        fatal("{\"actors\": null, \"events\": []}"),
        "f.json:1:12: error: actors: \"actors\" must be a list, but it is null; write \"actors\": [{\"id\": \"us\", \"name\": \"United States\"}]"
    );
    assert_eq!(
        fatal("{\"actors\": [],\n \"events\": {}}"),
        "f.json:2:12: error: events: \"events\" must be a list, but it is an object; write \"events\": [{\"title\": \"…\", \"start\": \"2021-11-15\", \"actors\": [\"us\"]}]"
    );
    assert_eq!(
        fatal("{\"version\": 2, \"actors\": [], \"events\": []}"),
        "f.json:1:13: error: version: the file is format version 2, written by a newer Timelanes; this one reads version 1; update Timelanes to open it"
    );
}

#[test]
fn files_that_are_not_json_text() {
    assert_eq!(
        fatal(""),
        "f.json: error: the file is empty; a Timelanes file is a JSON object with \"actors\" and \"events\" (see docs/FORMAT.md)"
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("{}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let error = load_bytes("f.json", &utf16).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "f.json: error: the file is UTF-16 text; save it as UTF-8 (in most editors: Save As… and choose the UTF-8 encoding)"
    );
    let garbage = [0x89, b'P', b'N', b'G', 0, 0, 0xFF, 0x10];
    let error = load_bytes("f.json", &garbage).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "f.json: error: the file is binary, not text; open a Timelanes JSON file (see docs/FORMAT.md)"
    );
    // A UTF-8 byte-order mark is fine.
    let with_bom = format!("\u{feff}{}", include_str!("../files/minimal.json"));
    assert!(load_bytes("f.json", with_bom.as_bytes()).is_ok());
}

#[test]
fn one_bad_event_among_good_ones() {
    let json = r#"{
  "actors": [{"id": "us", "name": "United States"}],
  "events": [
    {"title": "Good", "start": "2021-11-15", "actors": ["us"]},
    {"title": "Bad date", "start": "2021-02-30", "actors": ["us"]},
    {"title": "Number date", "start": 2021, "actors": ["us"]},
    {"title": "Words", "start": "last Tuesday", "actors": ["us"]},
    {"start": "2021", "actors": ["us"]},
    {"title": "No start", "actors": ["us"]},
    {"title": "No actors", "start": "2021"},
    {"title": "Bad end", "start": "2021", "end": "2021-13", "actors": ["us"]},
    {"title": 7, "start": "2021", "actors": ["us"]},
    "not an event",
    {"title": "Also good", "start": "2022", "actors": "us"}
  ]
}"#;
    let loaded = load_bytes("f.json", json.as_bytes()).expect("the file still opens");
    let titles: Vec<_> = loaded.dataset.events().map(|e| e.title()).collect();
    assert_eq!(titles, ["Good", "Also good"]);
    let lines: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| p.display_in("f.json"))
        .collect();
    assert_eq!(
        lines,
        [
            "f.json:5:36: error: events[1].start: \"2021-02-30\" is not a valid date: February 2021 has 28 days, not 30; check the day of the month",
            "f.json:6:39: error: events[2].start: expected a date in double quotes, found a number (2021); write dates as text, for example \"2021-11-15\" or \"2014\"",
            "f.json:7:33: error: events[3].start: \"last Tuesday\" is not a date; write an ISO 8601 date such as 2014, 2021-11, 2021-11-15 or 2021-11-15T14:30, optionally followed by ~ (approximate), ? (uncertain) or % (both)",
            "f.json:8:5: error: events[4]: missing \"title\", which is required; add \"title\": \"Biden and Xi hold a video summit\"",
            "f.json:9:5: error: events[5]: missing \"start\", which is required; add \"start\": \"2021-11-15\" (any precision: 2014, 2021-11, 2021-11-15T14:30)",
            "f.json:10:5: error: events[6]: missing \"actors\", which is required; list the actors' ids, for example \"actors\": [\"us\", \"cn\"]",
            "f.json:11:50: error: events[7].end: \"2021-13\" is not a valid date: month 13 does not exist; months run from 01 to 12",
            "f.json:12:15: error: events[8].title: expected text, found a number (7); write it in double quotes, for example \"title\": \"Biden and Xi hold a video summit\"",
            "f.json:13:5: error: events[9]: expected an object {…}, found text; each item of \"events\" is an object, see docs/FORMAT.md",
        ]
    );
    assert!(
        loaded
            .problems
            .iter()
            .all(|p| p.severity == Severity::Error)
    );
    assert_eq!(loaded.problems[0].event, Some(1));
}

#[test]
fn recoverable_problems_are_warnings_and_the_events_are_shown() {
    let json = r#"{
  "actors": [
    {"id": "us", "name": "United States", "color": "blue"},
    {"id": "us", "name": "Again"},
    {"name": "No id"}
  ],
  "events": [
    {"id": "a", "title": "Unknown actor too", "start": "2021", "actors": ["us", "xx"]},
    {"id": "a", "title": "Duplicate id", "start": "2021", "actors": ["us"]},
    {"title": "Backwards", "start": "2021-11-15", "end": "2021-11-01", "actors": ["us"]},
    {"title": "Only unknown", "start": "2021", "actors": ["zz"]}
  ]
}"#;
    let loaded = load_bytes("f.json", json.as_bytes()).expect("opens");
    assert_eq!(loaded.dataset.event_count(), 3);
    assert_eq!(loaded.dataset.actors.len(), 1);
    let lines: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| p.display_in("f.json"))
        .collect();
    assert_eq!(
        lines,
        [
            "f.json:5:5: error: actors[2]: missing \"id\", which is required; add \"id\": \"us\"",
            "f.json:11:59: error: events[3].actors[0]: unknown actor \"zz\", and the event has no other actor, so it is left out; use one of the ids in \"actors\" (us)",
            "f.json:3:52: warning: actors[0].color: \"blue\" is not a colour; a palette colour is used; write colours as #rrggbb, for example #1f5fbf",
            "f.json:4:12: warning: actors[1].id: duplicate actor id \"us\": this actor is ignored and its events go to the first one (United States); give every actor its own id",
            "f.json:8:81: warning: events[0].actors[1]: unknown actor \"xx\", so the event is shown only in its other lanes; use one of the ids in \"actors\" (us)",
            "f.json:9:12: warning: events[1].id: duplicate event id \"a\" (also used by events[0]); both events are shown; give every event its own id",
            "f.json:10:58: warning: events[2].end: the end (2021-11-01) is before the start (2021-11-15); the event is shown as an instant at its start; swap start and end, or correct the end",
        ]
    );
}

#[test]
fn no_usable_event_refuses_the_file() {
    let json = r#"{"actors": [{"id": "us", "name": "US"}], "events": [{"title": "x", "start": "soon", "actors": ["us"]}]}"#;
    assert_eq!(
        fatal(json),
        "f.json:1:77: error: events[0].start: none of the 1 events could be read; the first problem: \"soon\" is not a date; write an ISO 8601 date such as 2014, 2021-11, 2021-11-15 or 2021-11-15T14:30, optionally followed by ~ (approximate), ? (uncertain) or % (both)"
    );
}

#[test]
fn unreadable_files_are_read_errors() {
    let error = load_path("tests/files/does-not-exist.json".as_ref()).expect_err("missing");
    assert!(matches!(error, LoadError::Read { .. }));
    assert_eq!(error.exit_code(), 2);
    assert!(
        error
            .to_string()
            .starts_with("cannot read tests/files/does-not-exist.json: ")
    );
    let error = load_path("tests/files".as_ref()).expect_err("a folder");
    assert_eq!(error.exit_code(), 2);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // Where a list of actors belongs: the first item is not an actor.
    let message = messages(&format!("{{\"actors\": {deep}, \"events\": []}}")).join("\n");
    assert!(
        message.starts_with("f.json:1:13: error: actors[0]: expected an object"),
        "{message}"
    );
    // In a field we do not know: skipped like any unknown field.
    let loaded = load_bytes(
        "f.json",
        format!("{{\"extra\": {deep}, \"actors\": [], \"events\": []}}").as_bytes(),
    );
    assert!(loaded.is_ok());
    // As the whole file.
    assert!(fatal(&deep).contains("this file holds a list"));
}

#[test]
fn loads_report_progress_and_stop_when_cancelled() {
    use timelanes::io::{LoadProgress, Stage, load_bytes_with};
    let json = include_str!("../files/every-date-form.json");
    let progress = LoadProgress::new();
    load_bytes_with("f.json", json.as_bytes(), &progress, &Default::default()).expect("loads");
    let (stage, _) = progress.get();
    assert_eq!(stage, Stage::Parsing);
    assert!(progress.overall() > 0.15);

    let cancelled = LoadProgress::new();
    cancelled.cancel();
    let error = load_bytes_with("f.json", json.as_bytes(), &cancelled, &Default::default())
        .expect_err("cancelled");
    assert!(matches!(error, LoadError::Cancelled { .. }), "{error}");
    assert_eq!(error.to_string(), "loading f.json was cancelled");
}

#[test]
fn links_and_groups_load_and_bad_ones_are_located_warnings() {
    let loaded = load_path("tests/files/alliance.json".as_ref()).expect("loads");
    let dataset = &loaded.dataset;
    let id = |e: timelanes::model::EventIdx| dataset.event(e).and_then(|e| e.id());
    let links: Vec<(Option<&str>, Option<&str>, &str)> = dataset
        .links
        .iter()
        .map(|l| (id(l.from), id(l.to), l.kind.as_str()))
        .collect();
    assert!(links.contains(&(Some("wales"), Some("crimea"), "response")));
    assert!(links.contains(&(Some("poland"), Some("treaty"), "under")));
    assert_eq!(links.len(), 5, "the link to a missing id is left out");
    let group = |actor: &str| {
        let a = dataset
            .actors
            .iter()
            .find(|a| a.id == actor)
            .expect("actor");
        a.group.map(|g| dataset.actors[g.index()].id.as_str())
    };
    assert_eq!(group("pl"), Some("nato"));
    assert_eq!(group("nato"), None);
    let problems: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| p.display_in("alliance.json"))
        .collect();
    assert_eq!(
        problems,
        [
            "alliance.json:21:177: warning: events[7].links[1]: link to unknown event id \"nowhere\"; it is not drawn; use the \"id\" of another event of this file"
        ]
    );

    let messages = messages(
        r#"{"actors": [
            {"id": "a", "name": "A", "group": "b"},
            {"id": "b", "name": "B", "group": "a"},
            {"id": "c", "name": "C", "group": "nobody"}],
          "events": [
            {"id": "x", "title": "X", "start": "2020", "actors": ["a"],
             "links": [{"to": "x"}, {"type": "response"}, "y", {"to": "y", "type": "cause"}]},
            {"id": "y", "title": "Y", "start": "2021", "actors": ["a"], "links": {"to": "x"}}]}"#,
    );
    let expect = [
        "cannot be in group \"a\"",
        "unknown group \"nobody\"; the actor gets a lane of its own",
        "events[0].links[0]: an event cannot link to itself",
        "events[0].links[1]: expected a link with the \"to\" event's id, found an object",
        "events[0].links[2]: expected a link with the \"to\" event's id, found text",
        "events[1].links: expected a list of links, found an object",
    ];
    for text in expect {
        assert!(
            messages.iter().any(|m| m.contains(text)),
            "no message with {text:?} in {messages:#?}"
        );
    }
    // Every one of them is a warning with a line and column: the file still opens.
    assert!(
        messages
            .iter()
            .all(|m| m.starts_with("f.json:") && m.contains(": warning: ")),
        "{messages:#?}"
    );
}

#[test]
fn links_and_groups_survive_the_native_writer() {
    let loaded = load_path("tests/files/alliance.json".as_ref()).expect("loads");
    let json = timelanes::io::writer::to_native_json(&loaded.dataset);
    let again = load_bytes("again.json", json.as_bytes()).expect("loads");
    assert_eq!(again.dataset.links, loaded.dataset.links);
    assert_eq!(again.dataset.actors, loaded.dataset.actors);
}
