//! Synthetic datasets for benchmarks and stress tests, in the native format: realistic mixes
//! of instants and ranges, one to four actors per event, clustered bursts, long and short
//! spans, every date precision and qualifier. Deterministic for a given seed, forever: the
//! random generator is a fixed algorithm (SplitMix64), not a library whose stream may change.
//!
//! `timelanes generate --events N --actors K --seed S -o FILE` writes one.

use std::io::Write;

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and stable across versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Roughly normal, mean 0, standard deviation 1 (sum of uniforms).
    pub fn normalish(&mut self) -> f64 {
        (0..6).map(|_| self.unit()).sum::<f64>() - 3.0
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct SynthOptions {
    pub events: usize,
    pub actors: usize,
    pub seed: u64,
}

/// A synthetic dataset in memory, as the native format's bytes.
pub fn generate(events: usize, actors: usize, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_dataset(
        SynthOptions {
            events,
            actors,
            seed,
        },
        &mut bytes,
    );
    bytes
}

const LINK_KINDS: [&str; 3] = ["response", "cause", "follows"];

const KINDS: [&str; 10] = [
    "meeting",
    "statement",
    "protest",
    "attack",
    "agreement",
    "sanctions",
    "visit",
    "election",
    "military",
    "warning",
];
const VERBS: [&str; 10] = [
    "meets",
    "condemns",
    "protests against",
    "strikes",
    "signs accord with",
    "sanctions",
    "visits",
    "votes on",
    "deploys near",
    "warns",
];
const PUBLISHERS: [&str; 8] = [
    "Reuters",
    "AP",
    "AFP",
    "BBC",
    "Al Jazeera",
    "The Guardian",
    "Le Monde",
    "NHK",
];

/// 1990-01-01 to 2025-12-31, in seconds.
const FIRST: i64 = 631_152_000;
const LAST: i64 = 1_767_139_200;

/// A burst: a centre, a spread and a few actors that take part.
struct Burst {
    centre: i64,
    spread: f64,
    pool: Vec<usize>,
}

/// `count` bursts centred in `first..last`.
fn bursts(rng: &mut Rng, count: usize, first: i64, last: i64, actors: usize) -> Vec<Burst> {
    (0..count.max(1))
        .map(|_| Burst {
            centre: first + rng.below((last - first) as u64) as i64,
            spread: 3600.0 * 24.0 * (1.0 + rng.unit() * 60.0),
            pool: (0..3).map(|_| rng.below(actors as u64) as usize).collect(),
        })
        .collect()
}

/// An event's start in `first..=last`: half the events fall in bursts (with the burst's
/// actors), half anywhere.
fn draw_start<'b>(
    rng: &mut Rng,
    bursts: &'b [Burst],
    first: i64,
    last: i64,
) -> (i64, Option<&'b [usize]>) {
    if rng.unit() < 0.5 {
        let burst = &bursts[rng.below(bursts.len() as u64) as usize];
        let t = burst.centre + (rng.normalish() * burst.spread) as i64;
        (t.clamp(first, last), Some(&burst.pool))
    } else {
        (first + rng.below((last - first) as u64) as i64, None)
    }
}

/// One to four actors, mostly from the burst's pool when there is one.
fn draw_actors(rng: &mut Rng, pool: Option<&[usize]>, actors: usize) -> Vec<usize> {
    let actor_count = match rng.unit() {
        x if x < 0.40 => 1,
        x if x < 0.75 => 2,
        x if x < 0.90 => 3,
        _ => 4,
    };
    let mut event_actors: Vec<usize> = Vec::with_capacity(actor_count);
    while event_actors.len() < actor_count.min(actors) {
        let a = match pool {
            Some(pool) if rng.unit() < 0.7 => pool[rng.below(pool.len() as u64) as usize],
            _ => rng.below(actors as u64) as usize,
        };
        if !event_actors.contains(&a) {
            event_actors.push(a);
        }
    }
    event_actors
}

/// The title of an event of `kind` among `event_actors`.
fn title(event_actors: &[usize], kind: usize, actors: usize) -> String {
    format!(
        "Actor {:03} {} Actor {:03}",
        event_actors[0],
        VERBS[kind],
        event_actors
            .get(1)
            .copied()
            .unwrap_or((event_actors[0] + 1) % actors)
    )
}

/// A range's length for a `roll` in 0–1: from an hour to a few years, log-uniform.
fn range_seconds(roll: f64) -> i64 {
    (3600.0 * (roll * (5.0 * 365.0 * 24.0f64).ln()).exp()) as i64
}

/// What a tenth of the events say in their description.
const DESCRIPTION: &str = "Reported clashes and statements around the event, with casualty figures disputed by the parties involved.";

/// Writes a dataset; returns the number of bytes written.
pub fn write_dataset(options: SynthOptions, out: &mut dyn Write) -> std::io::Result<u64> {
    let mut out = CountingWriter {
        inner: out,
        count: 0,
    };
    let mut rng = Rng::new(options.seed);
    let actors = options.actors.max(1);
    writeln!(out, "{{\"version\": 1,")?;
    writeln!(
        out,
        "\"title\": \"Synthetic: {} events, {} actors, seed {}\",",
        options.events, actors, options.seed
    )?;
    writeln!(out, "\"actors\": [")?;
    for a in 0..actors {
        let comma = if a + 1 < actors { "," } else { "" };
        writeln!(
            out,
            "{{\"id\": \"a{a}\", \"name\": \"Actor {a:03}\"}}{comma}"
        )?;
    }
    writeln!(out, "],")?;
    writeln!(out, "\"events\": [")?;

    let bursts = bursts(&mut rng, options.events / 500, FIRST, LAST, actors);

    for i in 0..options.events {
        let (start, pool) = draw_start(&mut rng, &bursts, FIRST, LAST);
        let event_actors = draw_actors(&mut rng, pool, actors);
        let kind = rng.below(KINDS.len() as u64) as usize;
        let precision = rng.unit();
        let qualifier = match rng.unit() {
            x if x < 0.08 => "~",
            x if x < 0.11 => "?",
            x if x < 0.12 => "%",
            _ => "",
        };
        let start_text = format!("{}{qualifier}", format_date(start, precision));

        write!(
            out,
            "{{\"id\": \"e{i}\", \"title\": \"{}\", \"start\": \"{start_text}\"",
            title(&event_actors, kind, actors)
        )?;
        // Three in ten are ranges, from an hour to a few years, a few still going on.
        if rng.unit() < 0.3 {
            let roll = rng.unit();
            if roll < 0.01 {
                write!(out, ", \"end\": \"present\"")?;
            } else {
                let duration = range_seconds(roll);
                write!(
                    out,
                    ", \"end\": \"{}\"",
                    format_date(start + duration, precision.max(0.4))
                )?;
            }
        }
        write!(out, ", \"actors\": [")?;
        for (j, a) in event_actors.iter().enumerate() {
            let comma = if j > 0 { ", " } else { "" };
            write!(out, "{comma}\"a{a}\"")?;
        }
        write!(out, "], \"kind\": \"{}\"", KINDS[kind])?;
        if rng.unit() < 0.1 {
            write!(out, ", \"description\": \"{DESCRIPTION}\"")?;
        }
        if rng.unit() < 0.3 {
            let publisher = PUBLISHERS[rng.below(PUBLISHERS.len() as u64) as usize];
            write!(
                out,
                ", \"sources\": [{{\"publisher\": \"{publisher}\", \"url\": \"https://example.org/{i}\"}}]"
            )?;
        }
        // One in twenty answers an earlier event, mostly a recent one.
        if i > 0 && rng.unit() < 0.05 {
            let back = 1 + (rng.unit().powi(3) * i.min(10_000) as f64) as usize;
            let kind = LINK_KINDS[rng.below(LINK_KINDS.len() as u64) as usize];
            write!(
                out,
                ", \"links\": [{{\"to\": \"e{}\", \"type\": \"{kind}\"}}]",
                i - back.min(i)
            )?;
        }
        let comma = if i + 1 < options.events { "," } else { "" };
        writeln!(out, "}}{comma}")?;
    }
    writeln!(out, "]}}")?;
    out.flush()?;
    Ok(out.count)
}

/// A day in seconds. Chunks of [`events_in_time_order`] are whole days, so a date written to
/// the day stays in the chunk it was drawn in.
const DAY: i64 = 86_400;

/// The same kind of dataset as [`write_dataset`], made in time order for a table (a Parquet
/// file, say) without holding it: the span is cut into day-aligned chunks, each generated,
/// sorted by stored start and handed to `emit` before the next. A coarse date (a year, a
/// month) is kept only when its start falls in its chunk, else written to the day, so the
/// order holds across chunks; ids are `e0`, `e1`, … in that order.
pub fn events_in_time_order(
    options: SynthOptions,
    emit: &mut dyn FnMut(&crate::query::EventRecord) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use crate::query::EventRecord;
    use crate::query::schema::stored_span;

    let mut rng = Rng::new(options.seed);
    let actors = options.actors.max(1);
    let days = (LAST - FIRST) / DAY;
    let chunks = (options.events / 50_000).clamp(1, days as usize) as i64;
    let mut next_id = 0_u64;
    for chunk in 0..chunks {
        let from = FIRST + chunk * days / chunks * DAY;
        let to = FIRST + (chunk + 1) * days / chunks * DAY;
        let n = options.events / chunks as usize
            + usize::from((chunk as usize) < options.events % chunks as usize);
        let bursts = bursts(&mut rng, n / 500, from, to, actors);
        let mut made: Vec<(i64, EventRecord)> = Vec::with_capacity(n);
        for _ in 0..n {
            let (t, pool) = draw_start(&mut rng, &bursts, from, to - 1);
            let event_actors = draw_actors(&mut rng, pool, actors);
            let kind = rng.below(KINDS.len() as u64) as usize;
            let qualifier = match rng.unit() {
                x if x < 0.08 => "~",
                x if x < 0.11 => "?",
                _ => "",
            };
            let written = format!("{}{qualifier}", format_date(t, rng.unit()));
            let start = match crate::time::Date::parse(&written) {
                Ok(date) if date.earliest().0 >= from => date,
                // A year or month starting before the chunk: the day instead.
                _ => crate::time::Date::parse(&format_date(t, 0.5))
                    .map_err(|e| std::io::Error::other(e.to_string()))?,
            };
            let end = if rng.unit() < 0.3 {
                let roll = rng.unit();
                if roll < 0.01 {
                    Some(crate::model::EventEnd::Present)
                } else {
                    crate::time::Date::parse(&format_date(t + range_seconds(roll), roll.max(0.4)))
                        .ok()
                        .filter(|end| end.latest() > start.earliest())
                        .map(crate::model::EventEnd::Date)
                }
            } else {
                None
            };
            let description = if rng.unit() < 0.1 {
                DESCRIPTION.to_owned()
            } else {
                String::new()
            };
            let sources = if rng.unit() < 0.3 {
                let publisher = PUBLISHERS[rng.below(PUBLISHERS.len() as u64) as usize];
                vec![crate::model::Source {
                    title: String::new(),
                    publisher: publisher.to_owned(),
                    url: format!("https://example.org/{t}"),
                    date: None,
                }]
            } else {
                Vec::new()
            };
            let record = EventRecord {
                id: String::new(),
                title: title(&event_actors, kind, actors),
                start,
                end,
                actors: event_actors.iter().map(|a| format!("a{a}")).collect(),
                kind: Some(KINDS[kind].to_owned()),
                tags: Vec::new(),
                description,
                sources,
            };
            made.push((stored_span(&record.start, record.end.as_ref()).0, record));
        }
        made.sort_by_key(|(start, _)| *start);
        for (_, mut record) in made {
            record.id = format!("e{next_id}");
            next_id += 1;
            emit(&record)?;
        }
    }
    Ok(())
}

/// The lanes of a synthetic dataset: `a0`, `a1`, … named `Actor 000`, ….
pub fn lanes(actors: usize) -> Vec<crate::query::LaneInfo> {
    (0..actors.max(1))
        .map(|a| crate::query::LaneInfo {
            id: format!("a{a}"),
            name: format!("Actor {a:03}"),
            color: String::new(),
        })
        .collect()
}

/// A date at a precision chosen by `roll` (0–1): mostly days, some minutes, seconds,
/// months and years.
fn format_date(t: i64, roll: f64) -> String {
    let c = crate::time::civil::CivilTime::from_seconds(t);
    match roll {
        x if x < 0.05 => format!("{:04}", c.year),
        x if x < 0.15 => format!("{:04}-{:02}", c.year, c.month),
        x if x < 0.75 => format!("{:04}-{:02}-{:02}", c.year, c.month, c.day),
        x if x < 0.90 => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute
        ),
        _ => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        ),
    }
}

struct CountingWriter<'a> {
    inner: &'a mut dyn Write,
    count: u64,
}

impl Write for CountingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_load_cleanly_and_are_deterministic() {
        let options = SynthOptions {
            events: 2000,
            actors: 12,
            seed: 7,
        };
        let mut first = Vec::new();
        write_dataset(options, &mut first).expect("written");
        let mut second = Vec::new();
        write_dataset(options, &mut second).expect("written");
        assert_eq!(first, second, "same seed, same file");

        let loaded = crate::io::load_bytes("synthetic.json", &first).expect("loads");
        assert!(
            loaded.problems.is_empty(),
            "{:?}",
            &loaded.problems[..loaded.problems.len().min(3)]
        );
        let dataset = loaded.dataset;
        assert_eq!(dataset.event_count(), 2000);
        assert_eq!(dataset.actors.len(), 12);
        let ranges = dataset.events().filter(|e| e.is_range()).count();
        assert!(
            (400..800).contains(&ranges),
            "about three in ten are ranges: {ranges}"
        );
        let multi = dataset.events().filter(|e| e.actors().len() > 1).count();
        assert!(multi > 1000, "most involve several actors: {multi}");
        let precisions: std::collections::HashSet<_> =
            dataset.events().map(|e| e.start().precision).collect();
        assert_eq!(precisions.len(), 5, "year, month, day, minute and second");
        let size_per_event = first.len() / 2000;
        assert!(
            (120..260).contains(&size_per_event),
            "{size_per_event} bytes per event"
        );
    }
}
