//! PDF pictures: `timelanes render -o OUT.pdf` as a user runs it, read back with poppler's
//! `pdfinfo` and `pdftotext` (the text must be real text, not outlines), and documents of
//! several pages from `render::pdf::write_pages`.
//!
//! Poppler comes from `scripts/install-test-deps` (poppler-utils). Without it the checks that
//! need it are skipped with a message, except on CI, where a missing tool is a failure.

use std::path::Path;
use std::process::{Command, Output};

use timelanes::index::TimelineIndex;
use timelanes::layout::{LaneSpec, PageInput, Style, layout_page};
use timelanes::render::headless::HeadlessMeasure;
use timelanes::render::pdf::{DocumentInfo, write_pages};
use timelanes::render::svg::scene_to_svg;
use timelanes::time::{Date, TimeWindow};

const BUNDLED: &str = "data/us-china-ukraine-2022.json";

pub fn timelanes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs a poppler tool on `pdf`; `None` (after saying so) when poppler is not installed and
/// this is not CI. pdftotext writes the text to standard output.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let message = format!(
                "{tool} is not installed (scripts/install-test-deps installs poppler-utils)"
            );
            assert!(std::env::var_os("CI").is_none(), "{message}");
            eprintln!("skipped: {message}");
            return None;
        }
        Err(error) => panic!("{tool} could not run: {error}"),
    };
    assert!(
        output.status.success(),
        "{tool} failed on {}: {}",
        pdf.display(),
        text(&output.stderr)
    );
    Some(text(&output.stdout))
}

/// `pdfinfo`'s value of `field` ("Pages", "Page size", "Title").
pub fn info_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("pdfinfo has no {field}:\n{info}"))
        .trim()
        .to_owned()
}

/// Text as pdftotext gives it, with runs of white space as single spaces (lines break where
/// the layout put them).
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn render_pdf_of_the_bundled_dataset_with_real_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.pdf");
    let output = timelanes(&["render", BUNDLED, "-o", &out.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with(&format!("Wrote {} (1600×", out.display())) && stdout.contains("points"),
        "{stdout}"
    );
    // Without poppler: a PDF, with the bundled font embedded for its text.
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(contains(&bytes, b"/FontFile2"), "an embedded TrueType font");
    assert!(contains(&bytes, b"DejaVuSans"));
    assert!(
        contains(&bytes, b"/ToUnicode"),
        "text that can be extracted"
    );

    let Some(info) = poppler("pdfinfo", &[], &out) else {
        return;
    };
    assert_eq!(info_field(&info, "Pages"), "1");
    let size = info_field(&info, "Page size");
    assert!(
        size.starts_with("1600 x "),
        "the page is the picture: {size}"
    );
    assert_eq!(
        info_field(&info, "Title"),
        "US officials press China to help avert Russia's war on Ukraine"
    );
    let extracted = poppler("pdftotext", &["-layout"], &out).expect("poppler is there");
    let extracted = words(&extracted);
    for expected in [
        "US officials press China to help avert Russia's war on Ukraine",
        "Sep 2013 – Jul 2022",
        "United States",
        "China",
        "Russia",
        "Ukraine",
        "NATO",
        "Russia annexes Crimea",
        "Source: The New York Times, 25 Feb 2022",
    ] {
        assert!(
            extracted.contains(expected),
            "{expected:?} is not in the PDF's text:\n{extracted}"
        );
    }
}

#[test]
fn render_pdf_of_a_period_and_some_lanes_in_dark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("OUT.PDF");
    let output = timelanes(&[
        "render",
        BUNDLED,
        "-o",
        &out.display().to_string(),
        "--width",
        "1000",
        "--height",
        "600",
        "--from",
        "2021-10-20",
        "--to",
        "2022-03-10",
        "--actors",
        "ua,ru",
        "--title",
        "Winter of 2021",
        "--theme",
        "dark",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(std::fs::read(&out).expect("written").starts_with(b"%PDF-"));
    let Some(info) = poppler("pdfinfo", &[], &out) else {
        return;
    };
    assert_eq!(info_field(&info, "Page size"), "1000 x 600 pts");
    assert_eq!(info_field(&info, "Title"), "Winter of 2021");
    let extracted = words(&poppler("pdftotext", &[], &out).expect("poppler is there"));
    assert!(extracted.starts_with("Winter of 2021"), "{extracted}");
    assert!(extracted.contains("CIA director Burns flies to Moscow"));
    assert!(!extracted.contains("NATO"), "only the lanes asked for");
}

#[test]
fn a_pdf_that_cannot_be_written_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unwritable = timelanes(&["render", BUNDLED, "-o", "/nonexistent-dir/x.pdf"]);
    assert_eq!(unwritable.status.code(), Some(1));
    assert!(text(&unwritable.stderr).contains("could not write /nonexistent-dir/x.pdf"));

    // A folder where the file should go: the rename fails after the PDF was made, and the
    // temporary file is removed.
    let taken = dir.path().join("taken.pdf");
    std::fs::create_dir(&taken).expect("mkdir");
    let over_a_folder = timelanes(&["render", BUNDLED, "-o", &taken.display().to_string()]);
    assert_eq!(over_a_folder.status.code(), Some(1));
    assert!(
        text(&over_a_folder.stderr).contains(&format!("could not write {}", taken.display())),
        "{}",
        text(&over_a_folder.stderr)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["taken.pdf"], "no temporary file is left");
    assert!(taken.is_dir());

    let wrong_format = timelanes(&["render", BUNDLED, "-o", "x.pdfx"]);
    assert_eq!(wrong_format.status.code(), Some(2));
    assert!(text(&wrong_format.stderr).contains("name it .svg, .png or .pdf"));
}

/// The bundled dataset laid out as a page over `from`–`to` with `title`, as SVG.
fn page_svg(from: &str, to: &str, title: &str, style: &Style) -> String {
    let dataset = timelanes::io::bundled::load().expect("loads").dataset;
    let now = Date::parse("2026-01-01").expect("valid").earliest();
    let index = TimelineIndex::build(&dataset, now);
    let lanes = LaneSpec::all(&dataset);
    let link_kinds = timelanes::view::link_kinds(&dataset);
    let from = Date::parse(from).expect("valid").earliest();
    let to = Date::parse(to).expect("valid").latest();
    let input = PageInput {
        dataset: &dataset,
        index: &index,
        columns: None,
        lanes: &lanes,
        links: &dataset.links,
        link_kinds: &link_kinds,
        window: TimeWindow::new(from.as_f64(), to.as_f64()),
        width: 1200.0,
        height: None,
        style,
        title: Some(title),
        now,
        zone: timelanes::time::Zone::Utc,
    };
    scene_to_svg(&layout_page(&input, &HeadlessMeasure::new()))
}

#[test]
fn several_pages_in_one_pdf_each_with_its_own_text() {
    let steps = [
        ("2014", "2015", "Step 1: Crimea", "Russia annexes Crimea"),
        (
            "2021-11-01",
            "2021-12-31",
            "Step 2: Warnings",
            "CIA director Burns flies to Moscow",
        ),
        (
            "2022-02-01",
            "2022-03-10",
            "Step 3: The invasion",
            "Russia launches full-scale invasion of Ukraine",
        ),
    ];
    let svgs: Vec<String> = steps
        .iter()
        .zip([Style::light(), Style::dark(), Style::high_contrast()])
        .map(|(&(from, to, title, _), style)| page_svg(from, to, title, &style))
        .collect();
    let pages: Vec<&str> = svgs.iter().map(String::as_str).collect();
    let pdf = write_pages(
        &pages,
        DocumentInfo {
            title: Some("A story in three steps"),
        },
    )
    .expect("converts");
    assert!(pdf.starts_with(b"%PDF-"));

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let Some(info) = poppler("pdfinfo", &[], &path) else {
        return;
    };
    assert_eq!(info_field(&info, "Pages"), "3");
    assert_eq!(info_field(&info, "Title"), "A story in three steps");
    for (number, &(_, _, title, event)) in (1..).zip(&steps) {
        let n = number.to_string();
        let page =
            words(&poppler("pdftotext", &["-f", &n, "-l", &n], &path).expect("poppler is there"));
        assert!(
            page.starts_with(title),
            "page {n} starts with {title:?}: {page}"
        );
        assert!(page.contains(event), "page {n} shows {event:?}: {page}");
        for (_, _, other, _) in steps.iter().filter(|s| s.2 != title) {
            assert!(!page.contains(other), "page {n} has only its own title");
        }
    }
}
