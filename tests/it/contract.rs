//! The query contract's test: any backend, given the same events, answers every view (from
//! all time down to a sliver, with and without search and filters) exactly as the in-memory
//! index does. Used by the ClickHouse and Parquet tests.

use timelanes::model::Dataset;
use timelanes::query::memory::MemoryBackend;
use timelanes::query::{
    Answer, Backend, ColumnCounts, LaneContent, Page, PageCursor, Part, Predicates, Ticket,
    ViewQuery, event_in,
};
use timelanes::time::{TimeWindow, Timestamp};

/// A fixed "now", so ongoing events end at the same second in both backends.
pub const NOW: Timestamp = Timestamp(1_780_000_000);

pub fn synthetic(events: usize, actors: usize) -> Dataset {
    let bytes = timelanes::synth::generate(events, actors, 7);
    timelanes::io::load_bytes("synthetic.json", &bytes)
        .expect("synthetic data loads")
        .dataset
}

pub fn bundled() -> Dataset {
    timelanes::io::bundled::load()
        .expect("bundled dataset")
        .dataset
}

/// Windows over the dataset's extent with a whole number of seconds per column (so the
/// column boundaries are the same numbers in SQL as in Rust), from everything to a sliver.
pub fn windows(extent: timelanes::time::TimeRange, columns: usize) -> Vec<TimeWindow> {
    let (start, end) = (extent.start.0, extent.end.0);
    let span = (end - start).max(columns as i64);
    [1, 3, 20, 400, 20_000]
        .iter()
        .flat_map(|&divisor| {
            let width = (span / divisor).max(columns as i64) / columns as i64 * columns as i64;
            [start + span / 3, start + span / 2].map(move |from| {
                let from = from - width / 2;
                TimeWindow::new(from as f64, (from + width) as f64)
            })
        })
        .collect()
}

pub fn query(
    window: TimeWindow,
    lanes: &[String],
    columns: usize,
    predicates: Predicates,
) -> ViewQuery {
    ViewQuery {
        window,
        columns,
        lanes: lanes.to_vec(),
        per_lane_limit: 40,
        predicates,
    }
}

pub fn answer(backend: &dyn Backend, query: &ViewQuery) -> Answer {
    backend
        .answer(query, NOW, &Ticket::fresh())
        .unwrap_or_else(|e| panic!("{}: {e}", backend.describe()))
}

/// Every window, with and without predicates: the database's answer is the index's.
pub fn assert_same_answers(
    database: &dyn Backend,
    memory: &MemoryBackend,
    searches: &[Predicates],
) {
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let mut counted = 0;
    let mut listed = 0;
    for predicates in searches {
        for window in windows(outline.extent.expect("events"), 100) {
            let query = query(window, &lanes, 100, predicates.clone());
            let expected = answer(memory, &query);
            let got = answer(database, &query);
            for (e, g) in expected.lanes.iter().zip(&got.lanes) {
                assert_eq!(e, g, "lane {} of {:?}", e.lane, query);
                for part in e.parts() {
                    match part {
                        LaneContent::Columns(_) => counted += 1,
                        LaneContent::Events(events) if !events.is_empty() => listed += 1,
                        LaneContent::Events(_) => {}
                    }
                }
            }
            assert_eq!(expected.lanes.len(), got.lanes.len());
        }
    }
    assert!(
        counted > 0 && listed > 0,
        "both kinds of answer were compared ({counted} counted, {listed} listed)"
    );
}

/// A narrow window, then windows near it (panned a quarter either way, zoomed in to half
/// and out to twice): the database's answers are the index's, and the rows read for the
/// first (`regions_read` counts the reads) answer the others. A window far off, and a search,
/// read their own.
pub fn assert_near_windows_share_a_region(
    database: &dyn Backend,
    memory: &MemoryBackend,
    regions_read: &dyn Fn() -> usize,
) {
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let extent = outline.extent.expect("events");
    let (first, last) = (extent.start.0, extent.end.0);
    // Whole seconds per column, so that SQL and Rust put each event in the same column.
    let columns = 100;
    let width = (last - first) / 40 / columns * columns;
    let view = |from: i64, width: i64, search: &str| {
        let mut view = query(
            TimeWindow::new(from as f64, (from + width) as f64),
            &lanes,
            columns as usize,
            Predicates {
                search: search.to_owned(),
                ..Predicates::default()
            },
        );
        // Low, so that some lanes are counted and others listed.
        view.per_lane_limit = 4;
        view
    };
    // The answer is the index's, lane by lane; returns how many parts were counted and listed.
    let same = |view: &ViewQuery| {
        let (expected, got) = (answer(memory, view), answer(database, view));
        assert_eq!(expected.lanes, got.lanes, "{view:?}");
        let parts = got.lanes.iter().flat_map(|lane| lane.parts());
        parts.fold((0, 0), |(counted, listed), part| match part {
            LaneContent::Columns(_) => (counted + 1, listed),
            LaneContent::Events(events) if !events.is_empty() => (counted, listed + 1),
            LaneContent::Events(_) => (counted, listed),
        })
    };

    let before = regions_read();
    let from = first + (last - first) / 2;
    let (counted, listed) = same(&view(from, width, ""));
    assert!(
        counted > 0 && listed > 0,
        "{counted} counted, {listed} listed"
    );
    assert_eq!(regions_read(), before + 1);
    for near in [
        view(from + width / 4, width, ""),
        view(from - width / 4, width, ""),
        view(from + width / 4, width / 2, ""),
        view(from - width / 2, width * 2, ""),
    ] {
        same(&near);
    }
    assert_eq!(
        regions_read(),
        before + 1,
        "the windows near it read nothing"
    );
    same(&view(first + (last - first) / 5, width, ""));
    assert_eq!(regions_read(), before + 2, "a window far off reads its own");
    let (_, listed) = same(&view(from, width, "1"));
    assert!(listed > 0, "the search finds events");
    assert_eq!(regions_read(), before + 3, "a search reads its own");
}

/// Every page of `query`, walked from the first: each `limit` long but the last, which alone
/// says no more follow.
pub fn all_pages(backend: &dyn Backend, query: &ViewQuery, limit: usize) -> Vec<Page> {
    pages_of(backend, query, None, limit)
}

/// [`all_pages`] of one part of the events (instants or ranges), or of both for `None`.
fn pages_of(
    backend: &dyn Backend,
    query: &ViewQuery,
    part: Option<Part>,
    limit: usize,
) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut after: Option<PageCursor> = None;
    loop {
        let page = backend
            .page(query, after.as_ref(), part, limit, NOW, &Ticket::fresh())
            .unwrap_or_else(|e| panic!("{}: {e}", backend.describe()));
        after = page.next.clone();
        let last = after.is_none();
        assert!(
            last || page.events.len() == limit,
            "a page before the last is full"
        );
        pages.push(page);
        if last {
            return pages;
        }
        assert!(pages.len() < 10_000, "the pages end");
    }
}

/// The ids of the events a user expects the table to list for `query` (of `part`, when one
/// is given), worked out from the dataset itself: every event overlapping the window in one
/// of its lanes that passes its search and filters, once, by start then id.
fn expected_ids(dataset: &Dataset, query: &ViewQuery, part: Option<Part>) -> Vec<String> {
    let range = query.window.to_range();
    let mut rows: Vec<(i64, String)> = dataset
        .events()
        .filter(|e| {
            let span = e.span(NOW);
            let of_part = match part {
                Some(Part::Points) => e.end().is_none(),
                Some(Part::Ranges) => e.end().is_some(),
                None => true,
            };
            of_part
                && span.start <= range.end
                && span.end >= range.start
                && e.actors()
                    .iter()
                    .filter_map(|a| dataset.actor(*a))
                    .any(|a| query.lanes.contains(&a.id))
                && query
                    .predicates
                    .accepts(e.title(), e.kind(), e.tags().map(str::to_owned))
        })
        .map(|e| (e.span(NOW).start.0, e.id().unwrap_or_default().to_owned()))
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, id)| id).collect()
}

/// Every window, with and without predicates, over all lanes and over a few: the database's
/// pages are the index's, and together they list exactly the events the view holds. Without
/// predicates, the pages of each part (instants, ranges) too.
pub fn assert_same_pages(database: &dyn Backend, memory: &MemoryBackend, searches: &[Predicates]) {
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let mut pages_compared = 0;
    for predicates in searches {
        let parts: &[Option<Part>] = if predicates.is_empty() {
            &[None, Some(Part::Points), Some(Part::Ranges)]
        } else {
            &[None]
        };
        for window in windows(outline.extent.expect("events"), 100) {
            for (lanes, &part) in [&lanes[..], &lanes[..2]]
                .into_iter()
                .flat_map(|lanes| parts.iter().map(move |part| (lanes, part)))
            {
                let query = query(window, lanes, 100, predicates.clone());
                let expected = expected_ids(&memory.dataset, &query, part);
                // About five pages a view, so the walk crosses page ends everywhere.
                let limit = (expected.len() / 5).max(3);
                let pages = pages_of(memory, &query, part, limit);
                let listed: Vec<String> = pages
                    .iter()
                    .flat_map(|p| p.events.iter().map(|e| e.id.clone()))
                    .collect();
                assert_eq!(listed, expected, "the pages of {query:?} ({part:?})");
                let got = pages_of(database, &query, part, limit);
                assert_eq!(
                    got,
                    pages,
                    "{}'s pages of {query:?} ({part:?})",
                    database.describe()
                );
                pages_compared += pages.len();
            }
        }
    }
    assert!(
        pages_compared > 20,
        "pages were compared ({pages_compared})"
    );
}

pub fn searches() -> Vec<Predicates> {
    vec![
        Predicates::default(),
        Predicates {
            search: "ar".to_owned(),
            ..Predicates::default()
        },
    ]
}

/// Every window without predicates, from a backend that counts wide windows from
/// pre-aggregated buckets (the Parquet pyramid): a lane it lists is listed exactly as the
/// index lists it; a lane it counts has, in each column, no fewer events than overlap that
/// column and no more than overlap it and its two neighbours; and its busiest column picks the
/// same event from both ([`assert_picks_alike`]). Returns how many parts were counted.
pub fn assert_close_answers(database: &dyn Backend, memory: &MemoryBackend) -> usize {
    let outline = memory.outline(&Ticket::fresh()).expect("outline");
    let lanes: Vec<String> = outline.lanes.iter().map(|l| l.id.clone()).collect();
    let columns = 100;
    let mut counted = 0;
    let mut picked = 0;
    for window in windows(outline.extent.expect("events"), columns) {
        let asked = query(window, &lanes, columns, Predicates::default());
        let got = answer(database, &asked);
        let listed = answer(memory, &asked);
        // Every part counted, in the window and in one a column wider on each side.
        let all = |window| ViewQuery {
            per_lane_limit: 0,
            ..query(window, &lanes, columns, Predicates::default())
        };
        let exact = answer(memory, &all(window));
        let step = window.span() / columns as f64;
        let wider = ViewQuery {
            columns: columns + 2,
            ..all(TimeWindow::new(window.start - step, window.end + step))
        };
        let wide = answer(memory, &wider);
        assert_eq!(got.lanes.len(), listed.lanes.len());
        for (i, lane) in got.lanes.iter().enumerate() {
            for (p, part) in lane.parts().into_iter().enumerate() {
                let counts_of = |answer: &Answer, n: usize| match answer.lanes[i].parts()[p] {
                    LaneContent::Columns(c) => (c.counts.clone(), c.total),
                    LaneContent::Events(_) => (vec![0; n], 0),
                };
                match part {
                    LaneContent::Events(_) => assert_eq!(
                        part,
                        listed.lanes[i].parts()[p],
                        "lane {} listed in {window:?}",
                        lane.lane
                    ),
                    LaneContent::Columns(got) => {
                        counted += 1;
                        let (least, least_total) = counts_of(&exact, columns);
                        let (most, most_total) = counts_of(&wide, columns + 2);
                        for c in 0..columns {
                            let at_most = most[c] + most[c + 1] + most[c + 2];
                            assert!(
                                least[c] <= got.counts[c] && got.counts[c] <= at_most,
                                "lane {} column {c} of {window:?}: {} events, not {}..={at_most}",
                                lane.lane,
                                got.counts[c],
                                least[c]
                            );
                        }
                        assert!(
                            least_total <= got.total && got.total <= most_total,
                            "lane {} in {window:?}: {} events in all, not {least_total}..={most_total}",
                            lane.lane,
                            got.total
                        );
                        let part = [Part::Points, Part::Ranges][p];
                        picked +=
                            assert_picks_alike(database, memory, &asked, &lane.lane, part, got);
                    }
                }
            }
        }
    }
    assert!(picked > 0, "columns were picked");
    counted
}

/// The busiest column of a counted part, picked ([`event_in`]): the database picks the event
/// the index picks, an event of the lane's part in that column, the first to start there when
/// any does. Returns how many events were picked.
fn assert_picks_alike(
    database: &dyn Backend,
    memory: &MemoryBackend,
    asked: &ViewQuery,
    lane: &str,
    part: Part,
    counts: &ColumnCounts,
) -> usize {
    let Some((column, _)) = counts
        .counts
        .iter()
        .enumerate()
        .max_by_key(|&(c, n)| (*n, std::cmp::Reverse(c)))
        .filter(|(_, n)| **n > 0)
    else {
        return 0;
    };
    let step = asked.window.span() / asked.columns as f64;
    let from = asked.window.start + column as f64 * step;
    let stretch = TimeWindow::new(from, from + step);
    let pick = |backend: &dyn Backend| {
        event_in(
            backend,
            asked,
            lane,
            Some(part),
            stretch,
            NOW,
            &Ticket::fresh(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", backend.describe()))
    };
    let expected = pick(memory).expect("a column with events picks one");
    assert_eq!(
        pick(database).as_ref(),
        Some(&expected),
        "{} picks in {lane} at {stretch:?}",
        database.describe()
    );
    assert_eq!(
        Part::of(&expected),
        part,
        "{} is of the part picked",
        expected.id
    );
    let range = stretch.to_range();
    let in_lane = |e: &timelanes::model::Event<'_>| {
        let of_part = match part {
            Part::Points => e.end().is_none(),
            Part::Ranges => e.end().is_some(),
        };
        of_part
            && e.actors()
                .iter()
                .filter_map(|a| memory.dataset.actor(*a))
                .any(|a| a.id == lane)
    };
    let first_starting = memory
        .dataset
        .events()
        .filter(|e| in_lane(e) && (range.start..=range.end).contains(&e.span(NOW).start))
        .map(|e| (e.span(NOW).start.0, e.id().unwrap_or_default().to_owned()))
        .min();
    match first_starting {
        Some((_, id)) => assert_eq!(expected.id, id, "the first to start in {stretch:?}"),
        None => {
            let event = memory
                .dataset
                .event_with_id(&expected.id)
                .and_then(|e| memory.dataset.event(e))
                .expect("picked from the dataset");
            let span = event.span(NOW);
            assert!(in_lane(&event) && span.start <= range.end && span.end >= range.start);
        }
    }
    1
}
