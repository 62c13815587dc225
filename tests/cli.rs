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
