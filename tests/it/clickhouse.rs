//! The ClickHouse backend against real servers (`clickhouse_servers`): a table made by
//! `convert`, on one server and distributed over two shards, answers every view exactly as
//! the in-memory index does; a user's search is data, never SQL; errors say what to do.

use std::sync::Arc;

use timelanes::model::Dataset;
use timelanes::query::clickhouse::http::Client;
use timelanes::query::clickhouse::{ClickHouse, TableUrl, load};
use timelanes::query::memory::MemoryBackend;
use timelanes::query::{Backend, LaneContent, Predicates, QueryError, Ticket};
use timelanes::time::TimeWindow;

use super::clickhouse_servers::{Shard, cluster};
use super::common::timelanes;
use super::contract::{
    NOW, answer, assert_close_answers, assert_near_windows_share_a_region, assert_same_answers,
    assert_same_pages, bundled, query, searches, synthetic,
};

/// Loads `dataset` into a new table on `shard` with `convert`'s code.
fn convert(shard: &Shard, database: &str, dataset: &Dataset) -> ClickHouse {
    let url = TableUrl::parse(&shard.url(database, "events")).expect("a valid address");
    let mut last = (0, 0);
    load::create_and_load(&url, dataset, &mut |done, total| last = (done, total))
        .expect("the table is made and loaded");
    assert_eq!(
        last,
        (dataset.event_count(), dataset.event_count()),
        "progress reaches the end"
    );
    ClickHouse::new(url)
}

#[test]
fn a_table_on_one_server_answers_every_view_as_the_index_does() {
    let Some(cluster) = cluster() else { return };
    let dataset = synthetic(3000, 12);
    let database = convert(&cluster.shards[0], "one_server", &dataset);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);

    let outline = database.outline(&Ticket::fresh()).expect("outline");
    let expected = memory.outline(&Ticket::fresh()).expect("outline");
    assert_eq!(
        outline.lanes, expected.lanes,
        "lanes with their names and colours"
    );
    assert_eq!(outline.event_count, 3000);
    assert_eq!(
        outline.extent.map(|e| e.start),
        expected.extent.map(|e| e.start)
    );

    // From the events alone, every view is the index's exactly; with the pyramid loaded
    // beside them, searches still are, and wide windows are within a column of the truth.
    assert!(database.has_pyramid(), "convert loads the pyramid");
    let url = TableUrl::parse(&cluster.shards[0].url("one_server", "events")).expect("valid");
    let events_alone_url = url.clone();
    let events_alone = ClickHouse::new(url).ignoring_pyramid();
    events_alone.outline(&Ticket::fresh()).expect("outline");
    assert!(!events_alone.has_pyramid());
    // Through regions (each narrow window's rows read with those around it, and the windows
    // near it answered from them) and by queries per window alike.
    assert_same_answers(&events_alone, &memory, &searches());
    let per_window = ClickHouse::new(events_alone_url.clone())
        .ignoring_pyramid()
        .without_regions();
    per_window.outline(&Ticket::fresh()).expect("outline");
    assert_same_answers(&per_window, &memory, &searches());
    assert_near_windows_share_a_region(&events_alone, &memory, &|| events_alone.regions_read());
    assert_same_answers(&database, &memory, &searches()[1..]);
    assert!(
        assert_close_answers(&database, &memory) > 0,
        "the pyramid counted"
    );
    assert_same_pages(&database, &memory, &searches());

    // Rows added since the pyramid was built: it no longer counts the table, so it is not used.
    cluster.shards[0].sql(
        "INSERT INTO one_server.events (id, title, start, `end`, start_s, end_s, actors) \
         VALUES ('late', 'Added later', '2020-01-01', '', 1577836800, 1577923199, ['a0'])",
    );
    let url = TableUrl::parse(&cluster.shards[0].url("one_server", "events")).expect("valid");
    let reopened = ClickHouse::new(url);
    reopened.outline(&Ticket::fresh()).expect("outline");
    assert!(
        !reopened.has_pyramid(),
        "a pyramid that does not count the table is not used"
    );

    // A pyramid of the layout before instants and ranges shared a row is not read: the
    // events answer, as they did.
    let dataset = synthetic(300, 3);
    let old = convert(&cluster.shards[0], "old_layout", &dataset);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    cluster.shards[0].sql("DROP TABLE old_layout.events_pyramid");
    cluster.shards[0].sql(
        "CREATE TABLE old_layout.events_pyramid (level Int32, bucket Int64, lane String, \
         ranged UInt8, starts Int64, ends Int64, ongoing Int64) \
         ENGINE = MergeTree ORDER BY (level, bucket, lane)",
    );
    cluster.shards[0].sql("INSERT INTO old_layout.events_pyramid VALUES (-1, 0, '', 0, 300, 0, 0)");
    old.outline(&Ticket::fresh()).expect("outline");
    assert!(!old.has_pyramid(), "an older pyramid is not used");
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let all = query(
        TimeWindow::fit_all(outline.extent, NOW),
        &lanes,
        100,
        Predicates::default(),
    );
    assert_eq!(answer(&old, &all), answer(&memory, &all));
}

#[test]
fn a_table_distributed_over_two_shards_answers_as_the_index_does() {
    let Some(cluster) = cluster() else { return };
    let dataset = synthetic(2000, 5);
    for shard in &cluster.shards {
        shard.sql("CREATE DATABASE IF NOT EXISTS two_shards");
        shard.sql(&load::create_events_sql("two_shards", "events_local"));
        shard.sql(&load::create_pyramid_sql("two_shards", "events_local"));
    }
    let first = &cluster.shards[0];
    first.sql(
        "CREATE TABLE two_shards.events AS two_shards.events_local \
         ENGINE = Distributed(timelanes, two_shards, events_local, rand())",
    );
    first.sql(
        "CREATE TABLE two_shards.events_pyramid AS two_shards.events_local_pyramid \
         ENGINE = Distributed(timelanes, two_shards, events_local_pyramid, rand())",
    );
    first.sql(&load::create_lanes_sql("two_shards", "events"));
    let url = TableUrl::parse(&first.url("two_shards", "events")).expect("valid");
    let client = timelanes::query::clickhouse::http::Client::new(url.server.clone());
    load::load_lanes(&client, &url, &timelanes::query::schema::lanes_of(&dataset))
        .expect("lanes load");
    load::load_events(&client, &url, &dataset, &mut |_, _| {}).expect("events load");

    let held: Vec<u64> = cluster
        .shards
        .iter()
        .map(|s| {
            s.sql("SELECT count() FROM two_shards.events_local")
                .trim()
                .parse()
                .expect("a count")
        })
        .collect();
    assert!(
        held.iter().all(|&n| n > 0),
        "both shards hold events: {held:?}"
    );
    assert_eq!(held.iter().sum::<u64>(), 2000);

    let database = ClickHouse::new(url.clone());
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    database.outline(&Ticket::fresh()).expect("outline");
    assert!(
        database.has_pyramid(),
        "the pyramid is spread over the shards too"
    );
    assert!(assert_close_answers(&database, &memory) > 0);
    // Two lanes of five, from the pyramid: only their cells are read (the lanes tested on
    // the server), and they count as all five's do.
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let wide = TimeWindow::fit_all(outline.extent, NOW);
    let fresh = || {
        let database = ClickHouse::new(url.clone());
        database.outline(&Ticket::fresh()).expect("outline");
        database
    };
    let all = answer(&fresh(), &query(wide, &lanes, 100, Predicates::default()));
    let two = answer(
        &fresh(),
        &query(wide, &lanes[1..3], 100, Predicates::default()),
    );
    assert_eq!(two.lanes, all.lanes[1..3]);
    assert!(
        two.lanes
            .iter()
            .all(|l| matches!(l.points, LaneContent::Columns(_))),
        "counted"
    );
    assert_same_answers(&database, &memory, &searches()[1..]);
    assert_same_pages(&database, &memory, &searches()[1..]);
    assert_same_answers(
        &ClickHouse::new(url).ignoring_pyramid(),
        &memory,
        &searches(),
    );
}

#[test]
fn a_search_is_text_even_when_it_looks_like_sql() {
    let Some(cluster) = cluster() else { return };
    let mut dataset = bundled();
    // A title that would end the statement if it were spliced into SQL.
    let text = timelanes::io::writer::to_native_json(&dataset);
    let events_at = text.find("\"events\"").expect("an events list");
    let (head, events) = text.split_at(events_at);
    let events = events.replacen(
        "\"title\": \"",
        "\"title\": \"'; DROP TABLE events; -- \\\\ \\t ",
        1,
    );
    let text = format!("{head}{events}");
    dataset = timelanes::io::load_bytes("tricky.json", text.as_bytes())
        .expect("loads")
        .dataset;
    let database = convert(&cluster.shards[0], "injection", &dataset);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let everything = TimeWindow::fit_all(outline.extent, NOW);
    for search in ["'; DROP TABLE events; --", "\\ \t", "DROP"] {
        let query = query(
            everything,
            &lanes,
            50,
            Predicates {
                search: search.to_owned(),
                ..Predicates::default()
            },
        );
        let got = answer(&database, &query);
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
            !found.is_empty()
                && found
                    .iter()
                    .all(|t| t.starts_with("'; DROP TABLE events; -- \\ \t")),
            "{search:?} found {found:?}"
        );
    }
    let still = cluster.shards[0].sql("SELECT count() FROM injection.events");
    assert_eq!(
        still.trim(),
        dataset_len(&memory).to_string(),
        "the table is still there"
    );
}

fn dataset_len(memory: &MemoryBackend) -> usize {
    memory.dataset.event_count()
}

#[test]
fn an_event_is_fetched_whole_by_its_id() {
    let Some(cluster) = cluster() else { return };
    let dataset = bundled();
    let database = convert(&cluster.shards[0], "records", &dataset);
    let memory = MemoryBackend::new(Arc::new(dataset), NOW);
    let ticket = Ticket::fresh();
    let mut with_sources = 0;
    for event in memory.dataset.events() {
        let id = event.id().expect("the bundled events have ids");
        let expected = memory.record(id, &ticket).expect("memory answers");
        let got = database.record(id, &ticket).expect("the server answers");
        assert_eq!(got, expected, "event {id}");
        with_sources += usize::from(got.is_some_and(|r| !r.sources.is_empty()));
    }
    assert!(with_sources > 0, "sources came back too");
    assert_eq!(
        database.record("no such event", &ticket).expect("answers"),
        None
    );
}

#[test]
fn an_error_after_the_first_rows_of_an_answer_is_said_not_read_as_rows() {
    let Some(cluster) = cluster() else { return };
    let url = TableUrl::parse(&cluster.shards[0].url("default", "events")).expect("valid");
    let client = Client::new(url.server.clone());
    // Binary answers stream: the first megabytes of rows are sent before the block holding
    // the millionth number fails, under status 200, and the error comes after them.
    let mut answer = client
        .query_binary(
            "SELECT 0 AS row_mark, number FROM system.numbers \
             WHERE throwIf(number = 1000000) = 0 FORMAT RowBinary",
            &[],
            None,
        )
        .expect("the rows start");
    let mut rows = 0;
    let error = loop {
        match answer.has_row() {
            Ok(true) => {
                assert_eq!(answer.i64().expect("a number"), rows);
                rows += 1;
            }
            Ok(false) => panic!("the answer ended after {rows} rows without its error"),
            Err(error) => break error,
        }
    };
    assert!(rows > 0, "rows came before the error");
    assert!(matches!(error, QueryError::Refused { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("Value passed to 'throwIf' function is non zero"),
        "{error}"
    );
}

#[test]
fn a_missing_table_or_server_says_what_to_do() {
    let Some(cluster) = cluster() else { return };
    let missing = ClickHouse::new(
        TableUrl::parse(&cluster.shards[0].url("nowhere", "events")).expect("valid"),
    );
    let error = missing
        .outline(&Ticket::fresh())
        .expect_err("no such table");
    assert!(matches!(error, QueryError::Schema { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("timelanes convert FILE -o clickhouse://127.0.0.1"),
        "{error}"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let unreachable = ClickHouse::new(
        TableUrl::parse(&format!("clickhouse://127.0.0.1:{port}/db.events")).expect("valid"),
    );
    let error = unreachable
        .outline(&Ticket::fresh())
        .expect_err("nothing listens");
    assert!(matches!(error, QueryError::Unreachable { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains(&format!("cannot reach 127.0.0.1:{port}")),
        "{error}"
    );
}

#[test]
fn a_user_and_password_come_from_the_address() {
    let Some(cluster) = cluster() else { return };
    let shard = &cluster.shards[0];
    let dataset = bundled();
    convert(shard, "auth", &dataset);
    let good = TableUrl::parse(&format!(
        "clickhouse://tl:s3cret@127.0.0.1:{}/auth.events",
        shard.http_port
    ))
    .expect("valid");
    assert_eq!(
        good.display(),
        format!("clickhouse://tl@127.0.0.1:{}/auth.events", shard.http_port),
        "no password shown"
    );
    let outline = ClickHouse::new(good)
        .outline(&Ticket::fresh())
        .expect("the user may read");
    assert_eq!(outline.event_count, dataset.event_count() as u64);
    let bad = TableUrl::parse(&format!(
        "clickhouse://tl:wrong@127.0.0.1:{}/auth.events",
        shard.http_port
    ))
    .expect("valid");
    let error = ClickHouse::new(bad)
        .outline(&Ticket::fresh())
        .expect_err("wrong password");
    assert!(
        error.to_string().to_lowercase().contains("password"),
        "{error}"
    );
}

#[test]
fn addresses_are_read_or_refused_with_the_form_to_use() {
    let url = TableUrl::parse("clickhouse://db.example:9123/news.events").expect("valid");
    assert_eq!(
        (url.server.host.as_str(), url.server.port),
        ("db.example", 9123)
    );
    assert_eq!(
        (url.database.as_str(), url.table.as_str()),
        ("news", "events")
    );
    assert_eq!(
        TableUrl::parse("clickhouse://h/d.t")
            .expect("valid")
            .server
            .port,
        8123
    );
    // A password typed in the window rides in the address encoded, and comes back whole.
    let typed = "a/b@c:d%e f";
    let with = TableUrl::parse(&url.with_password(typed)).expect("valid");
    assert_eq!(with.server.password.as_deref(), Some(typed));
    assert_eq!(with.server.user.as_deref(), Some("default"));
    assert_eq!(
        (with.server.host.as_str(), with.server.port),
        ("db.example", 9123)
    );
    assert!(!with.display().contains(typed));
    for bad in [
        "clickhouse://h",
        "clickhouse://h/events",
        "clickhouse://h:x/d.t",
        "clickhouse://h/d.t;drop",
    ] {
        let error = TableUrl::parse(bad).expect_err(bad);
        assert!(
            error.contains("clickhouse://HOST:PORT/DATABASE.TABLE"),
            "{bad}: {error}"
        );
    }
}

#[test]
fn a_query_the_view_no_longer_needs_is_stopped_on_the_server() {
    let Some(cluster) = cluster() else { return };
    let shard = &cluster.shards[0];
    let url = TableUrl::parse(&shard.url("default", "numbers")).expect("valid");
    let backend = ClickHouse::new(url.clone());
    let ticket = Ticket::fresh();
    // A query that would run for minutes, under one of the ticket's query ids.
    let client = timelanes::query::clickhouse::http::Client::new(url.server.clone());
    let id = format!("{}-counts", ticket.id);
    let started = std::time::Instant::now();
    let running = std::thread::spawn(move || {
        client.query_rows(
            "SELECT count() AS n FROM system.numbers WHERE sipHash64(number) = 7 FORMAT JSONEachRow",
            &[],
            Some(&id),
            |_: serde_json::Value| Ok(()),
        )
    });
    let listed = format!(
        "SELECT count() FROM system.processes WHERE query_id = '{}-counts'",
        ticket.id
    );
    while shard.sql(&listed).trim() != "1" {
        assert!(started.elapsed().as_secs() < 10, "the query started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    backend.stop(&ticket);
    let result = running.join().expect("the thread ends");
    assert!(
        matches!(result, Err(QueryError::Refused { .. })),
        "{result:?}"
    );
    assert!(
        started.elapsed().as_secs() < 10,
        "stopped long before it would have ended"
    );
}

#[test]
fn the_command_line_converts_into_checks_and_renders_a_table() {
    let Some(cluster) = cluster() else { return };
    let shard = &cluster.shards[0];
    let address = shard.url("cli", "events");
    let (code, out, err) =
        timelanes(&["convert", "data/us-china-ukraine-2022.json", "-o", &address]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("wrote 23 events, 5 lanes to {address}")),
        "{out}"
    );
    assert!(err.contains("23 of 23 events (100%)"), "progress: {err}");

    // A second time would load everything twice: refused.
    let (code, _, err) = timelanes(&["convert", "data/us-china-ukraine-2022.json", "-o", &address]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");

    let (code, out, _) = timelanes(&["check", &address]);
    assert_eq!(code, 0);
    assert!(out.contains("23 events, 5 lanes"), "{out}");

    let dir = tempfile::tempdir().expect("temp");
    let svg = dir.path().join("table.svg");
    let svg_arg = svg.to_str().expect("utf-8");
    let (code, out, err) = timelanes(&[
        "render", &address, "-o", svg_arg, "--from", "2022-02", "--to", "2022-03",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&svg).expect("written");
    assert!(
        text.contains("Russia") && text.contains("Feb"),
        "lanes and the axis are drawn"
    );
    assert!(
        text.contains("Russia launches full-scale invasion of Ukraine"),
        "an event of February 2022 is drawn"
    );

    let (code, out, _) = timelanes(&["check", &shard.url("cli", "missing")]);
    assert_eq!(code, 2);
    assert!(out.contains("timelanes convert FILE -o"), "{out}");
}
