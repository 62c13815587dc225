//! The real binary's command line: `check` output and exit codes, `--help`, `--version`.

use std::process::{Command, Output};

fn timelanes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write(dir: &tempfile::TempDir, name: &str, content: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write");
    path.display().to_string()
}

#[test]
fn check_accepts_the_bundled_dataset() {
    let output = timelanes(&["check", "data/us-china-ukraine-2022.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "data/us-china-ukraine-2022.json: 23 events, 5 actors; 0 errors, 0 warnings\n"
    );
}

#[test]
fn check_accepts_every_date_form() {
    let output = timelanes(&["check", "tests/files/every-date-form.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn check_reports_errors_with_locations_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        &dir,
        "bad.json",
        r#"{"actors": [{"id": "us", "name": "US"}],
 "events": [
  {"title": "Fine", "start": "2021-11-15", "actors": ["us"]},
  {"title": "Impossible", "start": "2021-02-30", "actors": ["us"]},
  {"title": "Stray actor", "start": "2021", "actors": ["us", "xx"]}
 ]}"#,
    );
    let output = timelanes(&["check", &file]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{file}:4:36: error: events[1].start: \"2021-02-30\" is not a valid date: February 2021 has 28 days, not 30; check the day of the month\n\
             {file}:5:62: warning: events[2].actors[1]: unknown actor \"xx\", so the event is shown only in its other lanes; use one of the ids in \"actors\" (us)\n\
             {file}: 2 events, 1 actors; 1 error, 1 warning\n"
        )
    );
}

#[test]
fn check_with_only_warnings_exits_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        &dir,
        "warn.json",
        r#"{"actors": [{"id": "us", "name": "US", "color": "navy"}], "events": []}"#,
    );
    let output = timelanes(&["check", &file]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("1:49: warning: actors[0].color: \"navy\" is not a colour"));
}

#[test]
fn check_refuses_broken_files_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(&dir, "truncated.json", "{\"actors\": [{\"id\": \"us\"");
    let output = timelanes(&["check", &file]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{file}:1:23: error: EOF while parsing an object; the file ends too early: is it complete? Check for a missing ] or }}\n\
             {file}: could not be loaded; 1 error\n"
        )
    );
}

#[test]
fn check_on_a_missing_file_exits_2() {
    let output = timelanes(&["check", "no/such/file.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).starts_with("cannot read no/such/file.json: No such file or directory")
    );
}

#[test]
fn arguments_help_and_version() {
    let help = timelanes(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    assert!(
        text.contains("check") && text.contains("--screenshot") && text.contains("--size"),
        "{text}"
    );

    let version = timelanes(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        stdout(&version),
        format!("timelanes {}\n", env!("CARGO_PKG_VERSION"))
    );

    let wrong = timelanes(&["check"]);
    assert_eq!(wrong.status.code(), Some(2));
    let wrong = timelanes(&["--size", "huge"]);
    assert_eq!(wrong.status.code(), Some(2));
    let backwards = timelanes(&["--from", "2022", "--to", "2021"]);
    assert_eq!(backwards.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&backwards.stderr).contains("--to 2021 is not after --from 2022")
    );
}

/// The binary with a home of its own, so no aliases of the machine's user are picked up.
fn timelanes_at_home(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_reads_every_importable_format() {
    let home = tempfile::tempdir().expect("temp dir");
    for (file, summary) in [
        (
            "tests/data/women_in_computing.json",
            "10 events, 1 actors; 0 errors, 0 warnings",
        ),
        (
            "tests/data/women_in_computing.csv",
            "10 events, 1 actors; 0 errors, 0 warnings",
        ),
        (
            "tests/data/all-media-types.json",
            "41 events, 6 actors; 0 errors, 0 warnings",
        ),
        (
            "tests/data/cosmo.json",
            "7 events, 1 actors; 0 errors, 0 warnings",
        ),
        (
            "tests/data/gdelt1-events-sample.tsv",
            "350 events, 98 actors; 0 errors, 0 warnings",
        ),
    ] {
        let output = timelanes_at_home(home.path(), &["check", file]);
        assert_eq!(output.status.code(), Some(0), "{file}: {}", stderr(&output));
        assert_eq!(stdout(&output), format!("{file}: {summary}\n"));
    }
    // Rows that cannot be used are errors: exit 1, each with its place.
    let output = timelanes_at_home(home.path(), &["check", "tests/files/acled-small.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output)
            .contains("tests/files/acled-small.csv:5:9: error: row 4, column \"event_date\""),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_csv_of_your_own_is_checked_with_a_column_mapping() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = write(
        &home,
        "own.csv",
        "When;What;Who\n2022-02-24;Invasion;Russia;\n24 February 2022;Martial law;Ukraine\n",
    );
    let output = timelanes_at_home(home.path(), &["check", &file]);
    assert_eq!(output.status.code(), Some(1));
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        said.contains("Its columns are When, What, Who; map them with --map"),
        "{said}"
    );

    let output = timelanes_at_home(
        home.path(),
        &["check", &file, "--map", "date=When,title=What,actors=Who"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        format!("{file}: 2 events, 2 actors; 0 errors, 0 warnings\n")
    );

    let output = timelanes_at_home(home.path(), &["check", &file, "--map", "date=When,who=Who"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad --map is a usage error"
    );
    assert!(
        stderr(&output).contains("\"who\" is not a role"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_cell_is_reported_at_its_own_line_and_column() {
    // Line 5, third column, after a quoted cell over two lines (rows and lines part ways) and
    // a quoted cell with a comma, doubled quotes and a letter of two bytes (columns count
    // characters, as editors do).
    let home = tempfile::tempdir().expect("temp dir");
    let file = write(
        &home,
        "cells.csv",
        "id,title,when,who\n\
         1,First,2022-01-01,Russia\n\
         2,\"Two\nlines\",2022-01-02,Ukraine\n\
         3,\"Bad \"\"date\"\", café\",someday,Russia\n",
    );
    let output = timelanes_at_home(
        home.path(),
        &["check", &file, "--map", "date=when,title=title,actors=who"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).lines().next(),
        Some(format!("{file}:5:24: error: row 3, column \"when\": \"someday\" is not a date; the row is left out; write dates as 2022-02-24 (or 2022, 2022-02, 2022-02-24T14:30), 24 February 2022, February 24, 2022 or 20220224").as_str())
    );
}

#[test]
fn convert_writes_the_native_format_and_render_reads_imports() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = home.path().join("gdelt.json");
    let output = timelanes_at_home(
        home.path(),
        &[
            "convert",
            "tests/data/gdelt1-events-sample.tsv",
            "-o",
            &out.display().to_string(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("(350 events, 98 actors)"),
        "{}",
        stdout(&output)
    );
    // The converted file is a native dataset that checks clean.
    let output = timelanes_at_home(home.path(), &["check", &out.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("350 events, 98 actors; 0 errors, 0 warnings\n"));
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(
        text.contains("\"name\": \"United States\""),
        "lanes as actors"
    );

    // A converter that cannot write says so and leaves nothing behind.
    let output = timelanes_at_home(
        home.path(),
        &[
            "convert",
            "tests/data/cosmo.json",
            "-o",
            "/nonexistent-folder/cosmo.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("could not write /nonexistent-folder/cosmo.json"),
        "{}",
        stderr(&output)
    );

    let png = home.path().join("acled.svg");
    let output = timelanes_at_home(
        home.path(),
        &[
            "render",
            "tests/files/acled-small.csv",
            "-o",
            &png.display().to_string(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&png).expect("rendered");
    assert!(
        svg.contains(">Russia<") && svg.contains(">Ukraine<"),
        "lane names in the picture"
    );
}

#[test]
fn convert_that_leaves_rows_out_writes_the_rest_and_exits_1() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = home.path().join("acled.json");
    let out_name = out.display().to_string();
    let output = timelanes_at_home(
        home.path(),
        &["convert", "tests/files/acled-small.csv", "-o", &out_name],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Each row left out where it is, then how many, after the rows that were fine are written.
    let said = stderr(&output);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 3, "{said}");
    assert!(
        lines[0].starts_with(
            "tests/files/acled-small.csv:5:9: error: row 4, column \"event_date\": \"2022-13-40\" is not a date"
        ),
        "{said}"
    );
    assert!(
        lines[1].starts_with(
            "tests/files/acled-small.csv:6:83: error: row 5, column \"actor1\": the row names no actor"
        ),
        "{said}"
    );
    assert_eq!(
        lines[2],
        format!(
            "tests/files/acled-small.csv: wrote 4 events to {out_name}; 2 rows left out (see the problems above)"
        )
    );
    assert_eq!(stdout(&output), "", "nothing claims all went well");
    // The rows that were fine are there, as a native file that checks clean.
    let output = timelanes_at_home(home.path(), &["check", &out_name]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).ends_with(": 4 events, 5 actors; 0 errors, 0 warnings\n"),
        "{}",
        stdout(&output)
    );

    // Warnings alone leave nothing out: exit 0.
    let file = write(
        &home,
        "warn.json",
        r#"{"actors": [{"id": "us", "name": "US", "color": "navy"}],
            "events": [{"title": "Fine", "start": "2021", "actors": ["us"]}]}"#,
    );
    let output = timelanes_at_home(
        home.path(),
        &[
            "convert",
            &file,
            "-o",
            &home.path().join("w.json").display().to_string(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("(1 events, 1 actors; 0 errors, 1 warning)"),
        "{}",
        stdout(&output)
    );
}

/// What `timelanes_fed` feeds the binary's standard input.
enum Feed {
    Bytes(Vec<u8>),
    /// The same block again and again until the reader goes away, like `yes`.
    Endless(Vec<u8>),
}

/// Writes `feed` to `sink` on a thread of its own; stops quietly when the reader goes away.
fn feed_on_thread(mut sink: impl std::io::Write + Send + 'static, feed: Feed) {
    std::thread::spawn(move || match feed {
        Feed::Bytes(bytes) => {
            let _ = sink.write_all(&bytes);
        }
        Feed::Endless(block) => while sink.write_all(&block).is_ok() {},
    });
}

/// The binary at its own home with `env`, `feed` on its standard input (none: empty), killed
/// (and the test failed) if it takes longer than `limit`.
fn timelanes_fed(
    home: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    feed: Option<Feed>,
    limit: std::time::Duration,
) -> Output {
    use std::process::Stdio;
    let started = std::time::Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .envs(env.iter().copied())
        .stdin(if feed.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let (Some(feed), Some(stdin)) = (feed, child.stdin.take()) {
        feed_on_thread(stdin, feed);
    }
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("timelanes {args:?} took more than {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

const QUICK: std::time::Duration = std::time::Duration::from_secs(20);

#[test]
fn a_device_that_never_ends_is_read_up_to_the_limit_and_refused() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = timelanes_fed(
        home.path(),
        &["check", "/dev/zero"],
        &[("TIMELANES_MAX_FILE_MB", "2")],
        None,
        QUICK,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "/dev/zero (a character device) is too large to open: it gave more than 2 MB, and at most 2 MB can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB (in megabytes)\n\
         /dev/zero: could not be loaded; 1 error\n"
    );
}

#[test]
fn standard_input_is_read_for_check_convert_and_render() {
    let home = tempfile::tempdir().expect("temp dir");
    let bundled = std::fs::read("data/us-china-ukraine-2022.json").expect("bundled");
    let output = timelanes_fed(
        home.path(),
        &["check", "-"],
        &[],
        Some(Feed::Bytes(bundled.clone())),
        QUICK,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "<stdin>: 23 events, 5 actors; 0 errors, 0 warnings\n"
    );

    // A table from standard input goes through its importer, problems named by <stdin>.
    let acled = std::fs::read("tests/files/acled-small.csv").expect("fixture");
    let output = timelanes_fed(
        home.path(),
        &["check", "-"],
        &[],
        Some(Feed::Bytes(acled.clone())),
        QUICK,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("<stdin>:5:9: error: row 4, column \"event_date\""),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).ends_with("<stdin>: 4 events, 5 actors; 2 errors, 0 warnings\n"),
        "{}",
        stdout(&output)
    );

    let out = home.path().join("from-stdin.json");
    let output = timelanes_fed(
        home.path(),
        &["convert", "-", "-o", &out.display().to_string()],
        &[],
        Some(Feed::Bytes(bundled.clone())),
        QUICK,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let converted = timelanes_at_home(home.path(), &["check", &out.display().to_string()]);
    assert!(
        stdout(&converted).ends_with(": 23 events, 5 actors; 0 errors, 0 warnings\n"),
        "{}",
        stdout(&converted)
    );

    let svg = home.path().join("from-stdin.svg");
    let output = timelanes_fed(
        home.path(),
        &["render", "-", "-o", &svg.display().to_string()],
        &[],
        Some(Feed::Bytes(bundled)),
        QUICK,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let picture = std::fs::read_to_string(&svg).expect("rendered");
    assert!(picture.contains(">China<"), "lane names in the picture");
}

#[test]
fn standard_input_over_the_limit_is_refused() {
    let home = tempfile::tempdir().expect("temp dir");
    let refusal = "standard input is too large to open: it gave more than 1 MB, and at most 1 MB can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB (in megabytes)\n\
                   <stdin>: could not be loaded; 1 error\n";
    // Just over the limit, and a pipe that never ends.
    let just_over = Feed::Bytes(vec![b' '; 1_000_001]);
    let endless = Feed::Endless(b"2022-02-24,Invasion,Russia\n".repeat(1000));
    for feed in [just_over, endless] {
        let output = timelanes_fed(
            home.path(),
            &["check", "-"],
            &[("TIMELANES_MAX_FILE_MB", "1")],
            Some(feed),
            QUICK,
        );
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert_eq!(stdout(&output), refusal);
    }
    // At the limit exactly is fine (and empty, as it is all spaces).
    let output = timelanes_fed(
        home.path(),
        &["check", "-"],
        &[("TIMELANES_MAX_FILE_MB", "1")],
        Some(Feed::Bytes(vec![b' '; 1_000_000])),
        QUICK,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("<stdin>: error: the file is empty"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_named_pipe_is_read_like_standard_input() {
    let home = tempfile::tempdir().expect("temp dir");
    let fifo = home.path().join("events.fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let fifo_name = fifo.display().to_string();
    // The writer opens the pipe on its thread: opening blocks until the binary reads it.
    let write_to_fifo = |feed: Feed| {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            if let Ok(sink) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                feed_on_thread(sink, feed);
            }
        });
    };

    write_to_fifo(Feed::Bytes(
        std::fs::read("data/us-china-ukraine-2022.json").expect("bundled"),
    ));
    let output = timelanes_fed(home.path(), &["check", &fifo_name], &[], None, QUICK);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        format!("{fifo_name}: 23 events, 5 actors; 0 errors, 0 warnings\n")
    );

    write_to_fifo(Feed::Endless(vec![b'x'; 64 * 1024]));
    let output = timelanes_fed(
        home.path(),
        &["check", &fifo_name],
        &[("TIMELANES_MAX_FILE_MB", "1")],
        None,
        QUICK,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stdout(&output).starts_with(&format!(
            "{fifo_name} (a pipe) is too large to open: it gave more than 1 MB, and at most 1 MB can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB"
        )),
        "{}",
        stdout(&output)
    );
}
