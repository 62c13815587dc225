//! The corpus of broken files: every one gets the message a user needs, `check` exits with the
//! right code, nothing panics, and nothing takes long.
//!
//! Committed cases are `tests/corpus/NAME.json` (or `.csv`, `.tsv`, `.zip`: every importable
//! kind) with the expected output of `timelanes check`
//! in `NAME.expected` (first line `exit N`, the file's path written as `FILE`). After an
//! intended change of a message, `UPDATE_CORPUS=1 cargo test --test it corpus::` rewrites them.
//! Cases too big or too binary to commit are generated here.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `timelanes check` with a time limit; returns (exit code, output with the path as FILE).
fn check(path: &Path, limit: Duration, env: &[(&str, &str)]) -> (i32, String) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_timelanes"))
        .arg("check")
        .arg(path)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("check {} took more than {limit:?}", path.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "check panicked on {}: {stderr}",
        path.display()
    );
    let text = String::from_utf8_lossy(&output.stdout).replace(&path.display().to_string(), "FILE");
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn every_committed_file_gets_its_message() {
    let updating = std::env::var_os("UPDATE_CORPUS").is_some();
    let mut files: Vec<_> = std::fs::read_dir("tests/corpus")
        .expect("the corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e != "expected"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is there");
    let mut failures = Vec::new();
    for file in &files {
        let (code, output) = check(file, Duration::from_secs(20), &[]);
        let got = format!("exit {code}\n{output}");
        let expected_path = file.with_extension("expected");
        if updating {
            std::fs::write(&expected_path, &got).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| format!("(no {} yet: UPDATE_CORPUS=1)", expected_path.display()));
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn files_that_are_not_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let limit = Duration::from_secs(10);

    let empty = write(&dir, "empty.json", b"");
    assert_eq!(
        check(&empty, limit, &[]),
        (1, "FILE: error: the file is empty; a Timelanes file is a JSON object with \"actors\" and \"events\" (see docs/FORMAT.md)\nFILE: could not be loaded; 1 error\n".into())
    );

    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let binary = write(&dir, "garbage.json", &garbage);
    let (code, output) = check(&binary, limit, &[]);
    assert_eq!(code, 1);
    assert!(
        output.starts_with("FILE: error: the file is binary, not text"),
        "{output}"
    );

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(r#"{"actors": [], "events": []}"#.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16 = write(&dir, "utf16.json", &utf16);
    let (code, output) = check(&utf16, limit, &[]);
    assert_eq!(code, 1);
    assert!(
        output.starts_with("FILE: error: the file is UTF-16 text; save it as UTF-8"),
        "{output}"
    );

    let latin1 = write(
        &dir,
        "latin1.json",
        b"{\"title\": \"Caf\xe9\", \"actors\": [], \"events\": []}",
    );
    let (code, output) = check(&latin1, limit, &[]);
    assert_eq!(code, 1);
    assert!(
        output.starts_with("FILE:1:15: error: the file is not valid UTF-8 text"),
        "{output}"
    );

    let bom = write(
        &dir,
        "bom.json",
        b"\xEF\xBB\xBF{\"actors\": [], \"events\": []}",
    );
    assert_eq!(
        check(&bom, limit, &[]).0,
        0,
        "a UTF-8 byte-order mark is fine"
    );
}

#[test]
fn deep_nesting_and_huge_strings_are_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let depth = 500_000;
    let nested = format!(
        "{{\"actors\": [{{\"id\": \"a\", \"name\": \"A\"}}], \"events\": [{{\"title\": \"x\", \"start\": \"2021\", \"actors\": [\"a\"], \"tags\": {}{}}}]}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let nested = write(&dir, "nested.json", nested.as_bytes());
    let (code, output) = check(&nested, Duration::from_secs(20), &[]);
    assert_eq!(code, 0, "{output}");
    assert!(
        output.starts_with(
            "FILE:1:109: warning: events[0].tags[0]: expected text, found a list; it is ignored"
        ),
        "{output}"
    );

    // A 60 MB title loads; messages quote it short.
    let title = "war ".repeat(15_000_000);
    let huge = format!(
        "{{\"actors\": [{{\"id\": \"a\", \"name\": \"A\"}}], \"events\": [{{\"title\": \"{title}\", \"start\": \"2021\", \"actors\": [\"a\", \"{title}\"]}}]}}"
    );
    let huge = write(&dir, "huge-title.json", huge.as_bytes());
    let (code, output) = check(&huge, Duration::from_secs(60), &[]);
    assert_eq!(code, 0, "{output}");
    assert!(
        output.len() < 2_000,
        "the unknown-actor warning quotes the id short: {} bytes",
        output.len()
    );
    assert!(output.contains("unknown actor \"war war war"), "{output}");
}

#[test]
fn files_larger_than_memory_allows_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A little over the limit set below: a megabyte and a half of spaces, then garbage.
    let big = dir.path().join("big.json");
    {
        let mut bytes = vec![b' '; 1_500_000];
        bytes.extend_from_slice(b"garbage");
        std::fs::write(&big, bytes).expect("write");
    }
    // Under the default limit it is read, and recognised as not a dataset.
    let (code, output) = check(&big, Duration::from_secs(20), &[]);
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("the file is not JSON"), "{output}");

    // Over the limit: refused before reading, with exit code 2, saying how to raise it.
    let (code, output) = check(
        &big,
        Duration::from_secs(10),
        &[("TIMELANES_MAX_FILE_MB", "1")],
    );
    assert_eq!(code, 2, "{output}");
    assert!(
        output.starts_with(
            "FILE is too large to open: 1.5 MB, and at most 1 MB can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB=2 (in megabytes)"
        ),
        "{output}"
    );
}
