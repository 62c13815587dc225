//! A ClickHouse table open in the window (through egui_kittest, against the real servers of
//! `clickhouse_servers`): the first picture from the database, events one by one or counted,
//! search as a query, details fetched when selected, a failure said and recovered from.

use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use timelanes::app::TimelanesApp;
use timelanes::model::Dataset;
use timelanes::query::clickhouse::{TableUrl, load};

use super::clickhouse_servers::{Shard, cluster};
use super::common::{harness_opening, harness_starting, run_until};

/// Loads `dataset` into `database.events` on `shard`; its address.
fn table(shard: &Shard, database: &str, dataset: &Dataset) -> String {
    let address = shard.url(database, "events");
    let url = TableUrl::parse(&address).expect("valid");
    load::create_and_load(&url, dataset, &mut |_, _| {}).expect("loaded");
    address
}

fn bundled() -> Dataset {
    timelanes::io::bundled::load().expect("bundled").dataset
}

/// The app opened on `address`, once the database has answered for the first view. Stepped,
/// not run: the status bar's spinner repaints while the database is asked.
fn open(address: &str, settings: &tempfile::TempDir) -> Harness<'static, TimelanesApp> {
    let mut harness = harness_starting(Path::new(address), &settings.path().join("settings.json"));
    answered(&mut harness, "the first answer");
    harness
}

/// Steps until the database has answered the view (or said why not).
fn answered(harness: &mut Harness<'static, TimelanesApp>, what: &str) {
    run_until(harness, what, |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| !d.is_updating() && d.last_latency.is_some())
    });
}

fn drawn_titles(app: &TimelanesApp) -> Vec<String> {
    let dataset = &app.document().expect("open").dataset;
    let mut titles: Vec<String> = dataset.events().map(|e| e.title().to_owned()).collect();
    titles.sort();
    titles
}

#[test]
fn a_table_opens_like_a_file_and_its_events_are_drawn_from_the_database() {
    let Some(cluster) = cluster() else { return };
    let dataset = bundled();
    let address = table(&cluster.shards[0], "ui_open", &dataset);
    let settings = tempfile::tempdir().expect("temp");
    let mut harness = open(&address, &settings);

    let app = harness.state();
    let document = app.document().expect("open");
    assert_eq!(document.name(), address);
    assert_eq!(document.event_total(), dataset.event_count() as u64);
    let lanes: Vec<&str> = document
        .dataset
        .actors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    let expected: Vec<&str> = dataset.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(lanes, expected, "the lanes, in the file's order");
    // The whole table in view, few enough to draw each one.
    let mut expected_titles: Vec<String> = dataset.events().map(|e| e.title().to_owned()).collect();
    expected_titles.sort();
    assert_eq!(drawn_titles(app), expected_titles);
    harness.step();
    let _ = harness.get_by_label_contains(&format!("{} in the table", dataset.event_count()));
    let marks = dataset
        .events()
        .filter(|e| {
            harness
                .query_all_by_role_and_label(Role::Button, e.title())
                .next()
                .is_some()
        })
        .count();
    assert!(
        marks >= 5,
        "events are drawn as marks of their own ({marks})"
    );

    // Editing is for files: the table is shown, not changed.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    assert!(!harness.state().document().expect("open").is_modified());

    // Zoomed into one month, only that month's events come back, and the last picture
    // stays until they do.
    let before = harness
        .state()
        .document()
        .expect("open")
        .dataset
        .event_count();
    harness.state_mut().view_mut().expect("view").window =
        super::common::window("2022-02-01", "2022-02-28");
    harness.step();
    let app = harness.state();
    assert!(
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| d.is_updating())
    );
    assert_eq!(
        app.document().expect("open").dataset.event_count(),
        before,
        "the last answer stays drawn"
    );
    run_until(&mut harness, "the month's answer", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| !d.is_updating())
    });
    let month = super::common::window("2022-02-01", "2022-02-28").to_range();
    let now = timelanes::time::Timestamp::now();
    let mut in_month: Vec<String> = dataset
        .events()
        .filter(|e| {
            let span = e.span(now);
            span.start <= month.end && span.end >= month.start
        })
        .map(|e| e.title().to_owned())
        .collect();
    in_month.sort();
    assert!(in_month.len() < dataset.event_count());
    assert_eq!(drawn_titles(harness.state()), in_month);

    // The table lists the month's events from the database, all on one page.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    super::common::step_until_shown(
        &mut harness,
        &format!("page 1 · events 1–{}", in_month.len()),
    );
    assert!(harness.query_by_label_contains("more follow").is_none());
}

#[test]
fn a_search_asks_the_database_and_the_selected_event_is_fetched_whole() {
    let Some(cluster) = cluster() else { return };
    let dataset = bundled();
    let address = table(&cluster.shards[0], "ui_search", &dataset);
    let settings = tempfile::tempdir().expect("temp");
    let mut harness = open(&address, &settings);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.step();
    harness.get_by_role(Role::TextInput).type_text("sanctions");
    harness.step();
    run_until(&mut harness, "the search's answer", |app| {
        let database = app.document().and_then(|d| d.database.as_ref());
        database.is_some_and(|d| !d.is_updating())
            && app.document().is_some_and(|d| d.dataset.event_count() < 10)
    });
    let mut expected: Vec<String> = dataset
        .events()
        .filter(|e| e.title().to_lowercase().contains("sanctions"))
        .map(|e| e.title().to_owned())
        .collect();
    expected.sort();
    assert!(expected.len() >= 3);
    assert_eq!(
        drawn_titles(harness.state()),
        expected,
        "only the matches came back"
    );

    // Selecting one shows its description and sources, fetched from the table.
    let event = dataset
        .events()
        .find(|e| e.title() == expected[0])
        .expect("the event");
    let description = event.description().to_owned();
    assert!(!description.is_empty());
    let idx = harness
        .state()
        .document()
        .and_then(|d| d.dataset.event_with_id(event.id().expect("id")))
        .expect("drawn");
    harness.state_mut().view_mut().expect("view").selected = Some(idx);
    run_until(&mut harness, "the event's record", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| d.record(event.id().expect("id")).is_some())
    });
    harness.step();
    let start: String = description.chars().take(40).collect();
    let _ = harness.get_by_label_contains(&start);
}

#[test]
fn a_failing_database_is_said_and_reconnecting_asks_again() {
    let Some(cluster) = cluster() else { return };
    let shard = &cluster.shards[0];
    let dataset = bundled();
    let address = table(shard, "ui_failure", &dataset);
    let settings = tempfile::tempdir().expect("temp");
    let mut harness = open(&address, &settings);
    let drawn = harness
        .state()
        .document()
        .expect("open")
        .dataset
        .event_count();

    // The table goes away under the view: the next question fails.
    shard.sql("RENAME TABLE ui_failure.events TO ui_failure.away");
    harness.state_mut().view_mut().expect("view").window = super::common::window("2014", "2015");
    run_until(&mut harness, "the failure", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| d.failure().is_some())
    });
    harness.step();
    let app = harness.state();
    let document = app.document().expect("still open");
    assert_eq!(
        document.dataset.event_count(),
        drawn,
        "what was drawn stays"
    );
    assert!(
        document
            .problems
            .iter()
            .any(|p| p.message.contains("doesn't exist")),
        "the problems panel says why: {:?}",
        document.problems
    );
    let _ = harness.get_by_label_contains("not answering");

    // Back again, and View › Reconnect asks again.
    shard.sql("RENAME TABLE ui_failure.away TO ui_failure.events");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .execute(timelanes::app::commands::Command::ReconnectDatabase, &ctx);
    harness.step();
    run_until(&mut harness, "the answer after reconnecting", |app| {
        app.document()
            .and_then(|d| d.database.as_ref())
            .is_some_and(|d| d.failure().is_none() && !d.is_updating())
    });
    let app = harness.state();
    assert!(
        app.document()
            .expect("open")
            .problems
            .iter()
            .all(|p| !p.message.contains("doesn't exist"))
    );
    assert!(!drawn_titles(app).is_empty());
}

#[test]
fn an_unreachable_database_is_a_load_failure_that_keeps_what_is_open() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let settings = tempfile::tempdir().expect("temp");
    let address = format!("clickhouse://127.0.0.1:{port}/news.events");
    let harness = harness_opening(Path::new(&address), &settings.path().join("settings.json"));
    let failure = harness
        .state()
        .load_failure()
        .expect("a failure is shown")
        .to_owned();
    assert!(
        failure.contains(&format!("cannot reach 127.0.0.1:{port}")),
        "{failure}"
    );
}

#[test]
fn a_password_the_server_asks_for_is_typed_in_the_window_and_never_saved() {
    let Some(cluster) = cluster() else { return };
    let shard = &cluster.shards[0];
    let dataset = bundled();
    let _ = table(shard, "ui_password", &dataset);
    // `tl` needs a password (see clickhouse_servers), and the address gives none.
    let address = format!(
        "clickhouse://tl@127.0.0.1:{}/ui_password.events",
        shard.http_port
    );
    let settings = tempfile::tempdir().expect("temp");
    let settings_file = settings.path().join("settings.json");
    let mut harness = harness_starting(Path::new(&address), &settings_file);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.query_by_label("Password:").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the window asks for the password"
        );
        harness.step();
    }
    let _ = harness.get_by_label_contains("did not accept the user and password");
    assert!(harness.state().document().is_none(), "nothing opened yet");
    harness.get_by_label("Password:").type_text("s3cret");
    harness.step();
    harness.key_press(Key::Enter);
    answered(&mut harness, "the table, opened with the password");
    let document = harness.state().document().expect("open");
    assert_eq!(document.event_total(), dataset.event_count() as u64);
    assert_eq!(
        document.name(),
        address,
        "the address shown has no password"
    );
    assert!(
        harness.query_by_label("Password:").is_none(),
        "the prompt closed"
    );

    run_until(&mut harness, "the settings saved", |_| {
        std::fs::read_to_string(&settings_file).is_ok_and(|text| text.contains("ui_password"))
    });
    let saved = std::fs::read_to_string(&settings_file).expect("settings");
    assert!(!saved.contains("s3cret"), "the password is never saved");
}
