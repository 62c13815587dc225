//! TimelineJS itself opens what Timelanes exports: the bundled dataset written as TimelineJS3
//! JSON is loaded by TimelineJS (the npm package `@knight-lab/timelinejs`) in Debian's headless
//! Chromium, which must show one slide per event plus the title slide, with no error; a
//! story written as TimelineJS (`tests/it/story_export.rs`) is shown the same way.
//!
//! `scripts/install-test-deps` installs Chromium and the package (in
//! `target/test-deps/timelinejs`).

use std::path::PathBuf;
use std::process::Command;

/// Where `scripts/install-test-deps` put TimelineJS.
fn timelinejs_dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-deps/timelinejs/node_modules/@knight-lab/timelinejs/dist")
}

/// The page TimelineJS makes of `exported` in headless Chromium, once it has settled; fails
/// the test when TimelineJS or Chromium is missing or TimelineJS reports an error.
pub fn shown_by_timelinejs(exported: &str) -> String {
    let dist = timelinejs_dist();
    assert!(
        dist.join("js/timeline.js").exists(),
        "TimelineJS is not installed: run scripts/install-test-deps"
    );
    assert!(
        Command::new("chromium").arg("--version").output().is_ok(),
        "Chromium is not installed: run scripts/install-test-deps"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("page.html");
    // Every console error, uncaught error and failed promise is written into the page, which
    // Chromium then dumps.
    std::fs::write(
        &page,
        format!(
            r#"<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://{dist}/css/timeline.css">
<script>
window.errors = [];
console.error = function () {{ window.errors.push(Array.from(arguments).join(" ")); }};
window.addEventListener("error", function (e) {{ window.errors.push(String(e.message)); }});
window.addEventListener("unhandledrejection", function (e) {{ window.errors.push(String(e.reason)); }});
</script>
<script src="file://{dist}/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 1200px; height: 700px"></div>
<pre id="errors"></pre>
<script>
var data = {exported};
new TL.Timeline("timeline-embed", data, {{}});
setTimeout(function () {{
  document.getElementById("errors").textContent = "ERRORS[" + window.errors.join(" | ") + "]";
}}, 3000);
</script></body></html>"#,
            dist = dist.display()
        ),
    )
    .expect("page");
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        dom.contains("ERRORS[]"),
        "TimelineJS reported errors: {}",
        dom.split("ERRORS[")
            .nth(1)
            .unwrap_or("(the page did not finish)")
    );
    dom
}

/// How many slides TimelineJS made.
pub fn slide_count(dom: &str) -> usize {
    // A slide is an element whose class list starts with "tl-slide" (its parts are
    // "tl-slide-content", "tl-slide-background"…).
    dom.matches("class=\"tl-slide ").count() + dom.matches("class=\"tl-slide\"").count()
}

#[test]
fn timelinejs_shows_the_exported_timeline_slide_by_slide_without_errors() {
    let dataset = timelanes::io::bundled::load().expect("loads").dataset;
    let exported = timelanes::io::timelinejs_writer::to_timelinejs_json(&dataset);
    let dom = shown_by_timelinejs(&exported);
    assert_eq!(
        slide_count(&dom),
        dataset.event_count() + 1,
        "one slide per event, and the title slide"
    );
    for event in dataset
        .events()
        .filter(|e| !e.title().contains(['&', '<', '>']))
        .take(5)
    {
        assert!(
            dom.contains(event.title()),
            "the slide of {:?} is shown",
            event.title()
        );
    }
}
