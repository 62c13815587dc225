//! A story handed out: `render --story NAME -o story.pdf` through the real binary (pages and
//! their text read back with poppler), `render --notes` on and off, `convert --story` to
//! TimelineJS read back by the importer and shown by TimelineJS itself, and the errors of a
//! story that is not there or a picture that cannot hold one; Save story as TimelineJS…
//! offered only when the file has a story.

use super::pdf::{info_field, poppler, text, timelanes, words};
use super::timelinejs_browser::{shown_by_timelinejs, slide_count};

const FILE: &str = "tests/data/story.json";

#[test]
fn a_story_renders_to_a_pdf_of_a_title_page_its_steps_and_its_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("story.pdf");
    let out_name = out.display().to_string();
    let output = timelanes(&["render", FILE, "--story", "Briefing", "-o", &out_name]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).starts_with(&format!("Wrote {out_name} (story \"Briefing\": 6 pages")),
        "{}",
        text(&output.stdout)
    );
    assert!(std::fs::read(&out).expect("written").starts_with(b"%PDF-"));
    let Some(info) = poppler("pdfinfo", &[], &out) else {
        return;
    };
    assert_eq!(info_field(&info, "Pages"), "6", "title, 4 steps, sources");
    assert_eq!(info_field(&info, "Title"), "Briefing");
    let page = |number: usize| {
        let number = number.to_string();
        words(
            &poppler("pdftotext", &["-f", &number, "-l", &number], &out).expect("poppler is there"),
        )
    };
    let expectations: [(&[&str], &[&str]); 6] = [
        (
            &[
                "Briefing",
                "US officials press China to help avert Russia's war on Ukraine",
                "Built from The New York Times article",
                "Covers Mar 2014 – Feb 2022",
                "4 steps",
            ],
            &["step 1 of 4"],
        ),
        (
            &[
                "Briefing · step 1 of 4",
                "Where it began",
                "Russia annexes Crimea",
                "18 Mar 2014",
                "Russia formally annexed Crimea on 18 March 2014",
                "Source: The New York Times, 25 Feb 2022",
            ],
            &["The warnings to Beijing"],
        ),
        (
            &[
                "Briefing · step 2 of 4",
                "The warnings to Beijing",
                "White House officials meet Ambassador Qin Gang",
                "18 Nov 2021, approx.",
                "United States",
                "China",
            ],
            // The step shows two lanes only.
            &["NATO"],
        ),
        (
            &[
                "Briefing · step 3 of 4",
                "The night of the invasion",
                "23 Feb 2022",
                "Missiles struck Ukrainian cities before dawn",
            ],
            &[],
        ),
        (
            &[
                "Briefing · step 4 of 4",
                "The invasion",
                "Russia launches full-scale invasion of Ukraine",
                "24 Feb 2022",
            ],
            &[],
        ),
        (
            &[
                "Sources",
                "The New York Times, 25 Feb 2022: “U.S. Officials Repeatedly Urged China to Help Avert War in Ukraine”",
                "https://www.nytimes.com/2022/02/25/us/politics/us-china-russia-ukraine.html",
            ],
            &["step"],
        ),
    ];
    for (number, (present, absent)) in (1..).zip(expectations) {
        let extracted = page(number);
        for expected in present {
            assert!(
                extracted.contains(expected),
                "page {number} lacks {expected:?}:\n{extracted}"
            );
        }
        for unexpected in absent {
            assert!(
                !extracted.contains(unexpected),
                "page {number} has {unexpected:?}:\n{extracted}"
            );
        }
    }
}

#[test]
fn an_unknown_story_or_a_picture_format_is_a_clear_error() {
    let unknown = timelanes(&["render", FILE, "--story", "Debrief", "-o", "/tmp/never.pdf"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        text(&unknown.stderr).trim_end(),
        "timelanes: tests/data/story.json has no story \"Debrief\"; its stories are \"Briefing\""
    );
    let none = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "--story",
        "Briefing",
        "-o",
        "/tmp/never.pdf",
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        text(&none.stderr).contains("has no story \"Briefing\"; it has no stories"),
        "{}",
        text(&none.stderr)
    );
    for picture in ["/tmp/never.svg", "/tmp/never.png"] {
        let refused = timelanes(&["render", FILE, "--story", "Briefing", "-o", picture]);
        assert_eq!(refused.status.code(), Some(2));
        assert!(
            text(&refused.stderr).contains("a story renders to a PDF document"),
            "{}",
            text(&refused.stderr)
        );
        assert!(!std::path::Path::new(picture).exists());
    }
    let converted = timelanes(&[
        "convert",
        FILE,
        "--story",
        "Debrief",
        "-o",
        "/tmp/never.json",
    ]);
    assert_eq!(converted.status.code(), Some(2));
    assert!(text(&converted.stderr).contains("its stories are \"Briefing\""));
}

#[test]
fn notes_are_in_a_picture_only_when_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = |notes: bool| {
        let out = dir.path().join(format!("notes-{notes}.svg"));
        let out_name = out.display().to_string();
        let mut args = vec![
            "render", FILE, "-o", &out_name, "--from", "2021-11", "--to", "2022-02",
        ];
        if notes {
            args.push("--notes");
        }
        let output = timelanes(&args);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let svg = std::fs::read_to_string(&out).expect("written");
        // The night's band is too narrow for its label at this zoom; a day's view shows it.
        let night = dir.path().join(format!("night-{notes}.svg"));
        let night_name = night.display().to_string();
        let mut args = vec![
            "render",
            FILE,
            "-o",
            &night_name,
            "--from",
            "2022-02-23",
            "--to",
            "2022-02-24",
        ];
        if notes {
            args.push("--notes");
        }
        let output = timelanes(&args);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        (svg, std::fs::read_to_string(&night).expect("written"))
    };
    let (with, night_with) = svg(true);
    assert!(
        night_with.contains(">The night of the invasion<"),
        "the span note's band"
    );
    assert!(with.contains(">Notes<"));
    assert!(with.contains(
        "White House officials meet Ambassador Qin Gang (18 Nov 2021, approx.): Three briefings in one day"
    ));
    assert!(with.contains("Ukraine (lane): Ukraine&apos;s lane: the statements are from Kyiv."));
    let (without, night_without) = svg(false);
    assert!(!night_without.contains("The night of the invasion"));
    assert!(!without.contains(">Notes<") && !without.contains("Three briefings"));
}

#[test]
fn a_story_converts_to_timelinejs_and_reads_back_and_shows_in_timelinejs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("story.timeline.json");
    let out_name = out.display().to_string();
    let output = timelanes(&["convert", FILE, "--story", "Briefing", "-o", &out_name]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("TimelineJS, story \"Briefing\" of 4 steps"),
        "{}",
        text(&output.stdout)
    );
    let written = std::fs::read_to_string(&out).expect("written");
    let (back, problems) =
        timelanes::io::timelinejs::import_json(&written, &timelanes::io::ImportOptions::default())
            .expect("imports");
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    assert_eq!(back.title, "Briefing");
    let headlines: Vec<&str> = back.events().map(|e| e.title()).collect();
    for headline in [
        "Russia annexes Crimea",
        "White House officials meet Ambassador Qin Gang",
        "The night of the invasion",
        "Russia launches full-scale invasion of Ukraine",
    ] {
        assert!(
            headlines.contains(&headline),
            "{headline:?} in {headlines:?}"
        );
    }
    assert_eq!(back.eras.len(), 1, "the span note is an era");
    assert_eq!(back.eras[0].title, "The night of the invasion");

    let dom = shown_by_timelinejs(&written);
    assert_eq!(
        slide_count(&dom),
        4 + 1,
        "a slide per step, and the title slide"
    );
    assert!(
        dom.contains("Where it began"),
        "the caption is on its slide"
    );
}

#[test]
fn save_story_as_timelinejs_is_offered_only_with_a_story() {
    use timelanes::app::commands::Command;
    use timelanes::app::{LoadRequest, TimelanesApp, load};
    let document = load(&LoadRequest::Path(FILE.into())).expect("the story file loads");
    let ctx = egui::Context::default();
    let app = TimelanesApp::with_document(&ctx, document);
    assert_eq!(app.current_story(), Some(0));
    assert!(app.is_enabled(Command::ExportStoryTimelineJs));
    assert_eq!(
        Command::ExportStoryTimelineJs.text(),
        "Save story as TimelineJS…"
    );
    let bundled = load(&LoadRequest::Bundled).expect("bundled dataset loads");
    let app = TimelanesApp::with_document(&ctx, bundled);
    assert_eq!(
        app.current_story(),
        None,
        "the bundled dataset has no story"
    );
    assert!(!app.is_enabled(Command::ExportStoryTimelineJs));
}
