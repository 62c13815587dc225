//! Atomic file writes: write a temporary file beside the target, flush it to disk, then rename
//! it over the target, so a failed write never leaves a broken or half-written file.
//!
//! The temporary file is created exclusively (`O_EXCL`) under a random name in the target's
//! folder (`tempfile`), so nobody can plant a file or a link where we are about to write; it
//! gets the permissions of the file it replaces (a new file gets the usual `0666` less the
//! umask, not `tempfile`'s private `0600`); and the folder is synced after the rename, so the
//! new name survives a crash too.

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` atomically. On error the old file (if any) is untouched and the
/// temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Like [`write_atomic`], with the content produced by `write` into the temporary file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let replaced = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    // A dot and the target's name, so a file left by a crash says what it was for.
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // What `File::create` would give a new file: the umask applies at creation.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Dropping the temporary file on any error below removes it.
    let mut temporary = builder.tempfile_in(directory)?;
    write(temporary.as_file_mut())?;
    if let Some(permissions) = replaced {
        // Set through the open file, after writing: a read-only original stays read-only
        // without stopping us from writing its replacement.
        temporary.as_file().set_permissions(permissions)?;
    }
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    sync_directory(directory)
}

/// Makes a rename in `directory` durable.
#[cfg(unix)]
fn sync_directory(directory: &Path) -> std::io::Result<()> {
    std::fs::File::open(directory)?.sync_all()
}

/// Windows has no handle to sync a folder through; its renames are journaled.
#[cfg(not(unix))]
fn sync_directory(_directory: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_whole_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.png");
        write_atomic(&path, b"first").expect("write");
        write_atomic(&path, b"second").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        assert_eq!(names_in(dir.path()), ["out.png"], "no temporary file left");
    }

    #[test]
    fn failed_write_keeps_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.png");
        write_atomic(&path, b"old").expect("write");
        // Half the new content written, then a failure: nothing of it may show.
        let error = write_atomic_with(&path, |file| {
            file.write_all(b"new, half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert_eq!(error.expect_err("fails").to_string(), "disk full");
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
        assert_eq!(names_in(dir.path()), ["out.png"], "no temporary file left");

        // The same for a file that did not exist: still none.
        let new = dir.path().join("new.png");
        assert!(write_atomic_with(&new, |_| Err(std::io::Error::other("disk full"))).is_err());
        assert_eq!(names_in(dir.path()), ["out.png"]);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).expect("mkdir");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(path.is_dir());
        assert_eq!(names_in(dir.path()), ["taken"]);
    }

    #[test]
    fn unwritable_directory_is_an_error() {
        let error = write_atomic(Path::new("/nonexistent-dir/out.png"), b"x");
        assert!(error.is_err());
    }

    #[test]
    fn a_file_planted_at_the_old_temporary_name_is_left_alone() {
        // The writer used to open `.NAME.PID.tmp` with `File::create`, following whatever was
        // put there first.
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.json");
        let planted = dir
            .path()
            .join(format!(".settings.json.{}.tmp", std::process::id()));
        std::fs::write(&planted, b"planted").expect("write");
        write_atomic(&path, b"{}").expect("write");
        assert_eq!(std::fs::read(&planted).expect("read"), b"planted");
        assert_eq!(std::fs::read(&path).expect("read"), b"{}");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let mode =
            |path: &Path| std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("shared.json");
        std::fs::write(&path, b"old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"new").expect("write");
        assert_eq!(mode(&path), 0o640);

        // A read-only file is replaced (the folder allows it) and stays read-only.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        write_atomic(&path, b"newer").expect("write");
        assert_eq!(mode(&path), 0o444);
        assert_eq!(std::fs::read(&path).expect("read"), b"newer");

        // A new file gets what `File::create` gives (0666 less the umask), not 0600.
        let created = dir.path().join("created-plainly");
        std::fs::File::create(&created).expect("create");
        let new = dir.path().join("new.json");
        write_atomic(&new, b"{}").expect("write");
        assert_eq!(mode(&new), mode(&created));
    }
}
