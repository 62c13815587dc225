//! Exported pictures: `timelanes render` as a user runs it, the SVG as XML, the PNG's pixels,
//! and golden references of the bundled dataset.
//!
//! To update the references after an intended change of the picture:
//! `UPDATE_GOLDEN=1 cargo test --test it render::`, then look at `tests/golden/*` and commit them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use resvg::usvg::roxmltree;
use timelanes::index::TimelineIndex;
use timelanes::layout::{LaneSpec, PageInput, Style, layout_page};
use timelanes::render::export::{ImageFormat, scene_bytes};
use timelanes::render::headless::HeadlessMeasure;
use timelanes::time::{Date, TimeWindow};

fn timelanes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The texts of an SVG document, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

fn has_color(image: &image::RgbaImage, rgb: [u8; 3], tolerance: u8) -> bool {
    image.pixels().any(|p| {
        p.0[..3]
            .iter()
            .zip(rgb)
            .all(|(&a, b)| a.abs_diff(b) <= tolerance)
    })
}

#[test]
fn render_svg_of_the_bundled_dataset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.svg");
    let output = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with(&format!("Wrote {} (1600×", out.display())));
    let svg = std::fs::read_to_string(&out).expect("written");
    let texts = svg_texts(&svg);
    for lane in ["United States", "China", "Russia", "Ukraine", "NATO"] {
        assert!(texts.iter().any(|t| t == lane), "lane {lane} missing");
    }
    assert!(
        texts
            .iter()
            .any(|t| t == "US officials press China to help avert Russia's war on Ukraine")
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "Sep 2013 – Jul 2022 · times in UTC"),
        "the date range: {texts:?}"
    );
    assert!(texts.iter().any(|t| t == "Russia annexes Crimea"));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Source: The New York Times, 25 Feb 2022"))
    );
}

#[test]
fn render_png_with_size_scale_and_actor_colours() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.png");
    let output = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        &out.display().to_string(),
        "--width",
        "1200",
        "--height",
        "700",
        "--scale",
        "2",
        "--from",
        "2021-10-20",
        "--to",
        "2022-03-10",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let image = image::open(&out).expect("a PNG").to_rgba8();
    assert_eq!(image.dimensions(), (2400, 1400));
    let dataset = timelanes::io::bundled::load().expect("loads").dataset;
    for actor in &dataset.actors {
        let c = actor.color;
        assert!(
            has_color(&image, [c.r, c.g, c.b], 3),
            "{} ({c}) missing",
            actor.name
        );
    }
}

#[test]
fn render_a_subset_of_lanes_in_order_with_a_title_in_dark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.svg");
    let output = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        &out.display().to_string(),
        "--actors",
        "ua,ru",
        "--title",
        "Russia and Ukraine",
        "--theme",
        "dark",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let texts = svg_texts(&std::fs::read_to_string(&out).expect("written"));
    let lanes: Vec<&String> = texts
        .iter()
        .filter(|t| ["United States", "China", "Russia", "Ukraine", "NATO"].contains(&t.as_str()))
        .collect();
    assert_eq!(lanes, ["Ukraine", "Russia"]);
    assert_eq!(texts[0], "Russia and Ukraine");
}

#[test]
fn render_errors_have_messages_and_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = |name: &str| dir.path().join(name).display().to_string();

    let wrong_format = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        &out("x.gif"),
    ]);
    assert_eq!(wrong_format.status.code(), Some(2));
    assert!(text(&wrong_format.stderr).contains("name it .svg, .png or .pdf"));

    let unknown_actor = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        &out("x.svg"),
        "--actors",
        "us,eu",
    ]);
    assert_eq!(unknown_actor.status.code(), Some(2));
    assert!(
        text(&unknown_actor.stderr)
            .contains("has no actor \"eu\"; its actors are us, cn, ru, ua, nato")
    );

    let bad_date = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        &out("x.svg"),
        "--from",
        "2021-13",
        "--to",
        "2022",
    ]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(text(&bad_date.stderr).contains("month 13 does not exist"));

    let missing = timelanes(&["render", "no/such.json", "-o", &out("x.svg")]);
    assert_eq!(missing.status.code(), Some(2));

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"actors\": [").expect("write");
    let broken_run = timelanes(&["render", &broken.display().to_string(), "-o", &out("x.svg")]);
    assert_eq!(broken_run.status.code(), Some(1));
    assert!(text(&broken_run.stderr).contains("broken.json:1:12: error"));

    // An unwritable place: a message, and no file.
    let unwritable = timelanes(&[
        "render",
        "data/us-china-ukraine-2022.json",
        "-o",
        "/nonexistent-dir/x.svg",
    ]);
    assert_eq!(unwritable.status.code(), Some(1));
    assert!(text(&unwritable.stderr).contains("could not write /nonexistent-dir/x.svg"));
    assert!(!Path::new(&out("x.svg")).exists());
}

/// The bundled dataset as a page, deterministically (fixed "now", fitted window, light theme).
fn golden_page(format: ImageFormat) -> Vec<u8> {
    let dataset = timelanes::io::bundled::load().expect("loads").dataset;
    let now = Date::parse("2026-01-01").expect("valid").earliest();
    let index = TimelineIndex::build(&dataset, now);
    let lanes = LaneSpec::all(&dataset);
    let link_kinds = timelanes::view::link_kinds(&dataset);
    let style = Style::light();
    let input = PageInput {
        zone: timelanes::time::Zone::Utc,
        dataset: &dataset,
        index: &index,
        columns: None,
        lanes: &lanes,
        links: &dataset.links,
        link_kinds: &link_kinds,
        window: TimeWindow::fit_all(index.extent(), now),
        width: 1400.0,
        height: None,
        style: &style,
        title: None,
        now,
    };
    let scene = layout_page(&input, &HeadlessMeasure::new());
    scene_bytes(&scene, format, 1.0).expect("renders")
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

#[test]
fn golden_svg() {
    let svg = text(&golden_page(ImageFormat::Svg));
    let path = golden_path("bundled.svg");
    if updating() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &svg).expect("write golden");
    }
    let expected = std::fs::read_to_string(&path)
        .expect("tests/golden/bundled.svg (UPDATE_GOLDEN=1 makes it)");
    if svg != expected {
        let first = svg
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "the SVG differs from tests/golden/bundled.svg, first at line {}:\n  got:      {}\n  expected: {}\n(UPDATE_GOLDEN=1 if the change is intended)",
            first + 1,
            svg.lines().nth(first).unwrap_or(""),
            expected.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn golden_png() {
    let png = golden_page(ImageFormat::Png);
    let path = golden_path("bundled.png");
    if updating() {
        std::fs::write(&path, &png).expect("write golden");
    }
    let got = image::load_from_memory(&png).expect("PNG").to_rgba8();
    let expected = image::open(&path)
        .expect("tests/golden/bundled.png (UPDATE_GOLDEN=1 makes it)")
        .to_rgba8();
    assert_eq!(got.dimensions(), expected.dimensions());
    // Rasterisers may differ by a shade across CPUs; count pixels that differ visibly.
    let different = got
        .pixels()
        .zip(expected.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0).any(|(&x, y)| x.abs_diff(y) > 16))
        .count();
    let total = (got.width() * got.height()) as usize;
    assert!(
        different * 1000 <= total,
        "{different} of {total} pixels differ from tests/golden/bundled.png (UPDATE_GOLDEN=1 if intended)"
    );
}
