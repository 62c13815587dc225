//! Incremental search over titles, descriptions, kinds, tags, actor names and source titles,
//! ignoring case. Results come in time order, the order the user steps through them.

use crate::model::{Dataset, EventIdx, EventSet};
use crate::time::Timestamp;

/// Whether `haystack` contains `needle_lower` (already lower case), ignoring case.
pub fn contains_folded(haystack: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle_lower.is_ascii() {
        let needle = needle_lower.as_bytes();
        return haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle));
    }
    haystack.to_lowercase().contains(needle_lower)
}

/// The events among `shown` (all when `None`) that match `query`, by start then file order.
/// An empty query matches nothing: there is nothing to look for yet.
pub fn search(dataset: &Dataset, query: &str, shown: Option<&EventSet>) -> Vec<EventIdx> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    // An actor's name matches once for all its events.
    let actor_matches: Vec<bool> = dataset
        .actors
        .iter()
        .map(|a| contains_folded(&a.name, &needle) || a.id.eq_ignore_ascii_case(&needle))
        .collect();
    let matches = |i: usize| -> Option<(Timestamp, EventIdx)> {
        #[cfg(test)]
        tests::fail_on(&needle, i);
        let idx = EventIdx(i as u32);
        if shown.is_some_and(|s| !s.contains(idx)) {
            return None;
        }
        let event = dataset.event(idx)?;
        let found = contains_folded(event.title(), &needle)
            || event
                .actors()
                .iter()
                .any(|a| actor_matches.get(a.index()).copied().unwrap_or(false))
            || event.tags().any(|t| contains_folded(t, &needle))
            || event.kind().is_some_and(|k| contains_folded(k, &needle))
            || event.sources().any(|s| contains_folded(&s.title, &needle))
            || contains_folded(event.description(), &needle);
        found.then(|| (event.start().earliest(), idx))
    };
    let count = dataset.event_count();
    let threads = crate::parallel::threads();
    let mut found: Vec<(Timestamp, EventIdx)> = if count < 20_000 || threads == 1 {
        (0..count).filter_map(matches).collect()
    } else {
        // A panic in a worker is raised again here: never results with a range missing.
        let per_thread = count.div_ceil(threads);
        let ranges = (0..threads)
            .map(|t| t * per_thread..((t + 1) * per_thread).min(count))
            .collect();
        crate::parallel::map_parts("search", ranges, |range| {
            range.filter_map(matches).collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect()
    };
    found.sort_unstable();
    found.into_iter().map(|(_, idx)| idx).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A query that makes the search fail at the event at this index, to test that a failure
    /// in a worker is not lost.
    const FAIL_AT: &str = "\u{1}fail at ";

    pub(super) fn fail_on(needle: &str, i: usize) {
        if let Some(at) = needle.strip_prefix(FAIL_AT) {
            assert!(at.parse() != Ok(i), "search failed at event {i}");
        }
    }

    #[test]
    fn a_failure_in_a_search_worker_is_raised() {
        // Enough events to search in parallel; the failing one is in the last worker's part.
        let json = crate::synth::generate(30_000, 10, 7);
        let dataset = crate::io::load_bytes("synth.json", &json)
            .expect("loads")
            .dataset;
        assert!(!search(&dataset, "e", None).is_empty());
        let outcome = crate::parallel::catch(|| search(&dataset, &format!("{FAIL_AT}29999"), None));
        assert_eq!(outcome, Err("search failed at event 29999".to_owned()));
    }

    #[test]
    fn folding_ignores_case_in_any_script() {
        assert!(contains_folded("Biden and Xi hold video summit", "video"));
        assert!(contains_folded("VIDEO", "video"));
        assert!(contains_folded(
            "Zelensky verhängt das Kriegsrecht",
            "verhängt"
        ));
        assert!(contains_folded("ÉTAT D'URGENCE", "état"));
        assert!(!contains_folded("summit", "summits"));
    }

    #[test]
    fn finds_by_title_tag_actor_and_source_in_time_order() {
        let dataset = crate::io::bundled::load().expect("loads").dataset;
        let title = |e: EventIdx| dataset.event(e).map(|e| e.title().to_owned());
        let found = search(&dataset, "  SANCTIONS ", None);
        assert!(found.len() >= 3, "{found:?}");
        let starts: Vec<_> = found
            .iter()
            .filter_map(|&e| dataset.event(e))
            .map(|e| e.start().earliest())
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "in time order");
        assert_eq!(
            title(found[0]).as_deref(),
            Some("Obama administration sanctions Russia over Crimea")
        );
        // An actor's name finds the events of its lane.
        let nato = search(&dataset, "nato", None);
        assert!(
            nato.iter()
                .any(|&e| title(e).as_deref() == Some("US intelligence briefs NATO on build-up"))
        );
        // Only among what is shown.
        let shown: EventSet = nato.iter().copied().take(1).collect();
        assert_eq!(search(&dataset, "nato", Some(&shown)).len(), 1);
        assert!(search(&dataset, "   ", None).is_empty());
        assert!(search(&dataset, "zzzz-nothing", None).is_empty());
    }
}
