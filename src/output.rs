//! Writing report files: atomically, never over an existing file unless asked, never
//! inside the input.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target exists and `--force` was not given.
    #[error("{0}: already exists (use --force to overwrite)")]
    Exists(PathBuf),
    /// The target is inside one of the inputs.
    #[error("{0}: refusing to write inside an input ({1})")]
    InsideInput(PathBuf, PathBuf),
    /// Writing failed.
    #[error("{0}: cannot write: {1}")]
    Io(PathBuf, #[source] io::Error),
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// a reader never sees a half-written report and a crash never leaves one behind.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), OutputError> {
    write_atomic_with(path, force, inputs, |out| out.write_all(bytes))
}

/// Like [`write_atomic`], with the report streamed by `write` into a buffered writer: a big
/// report is never held whole in memory (a 1 GiB archive's posts list runs to tens of MB
/// of JSON).
pub fn write_atomic_with(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
) -> Result<(), OutputError> {
    let err = |e: io::Error| OutputError::Io(path.to_path_buf(), e);
    for input in inputs {
        if input.is_dir() {
            let (Ok(dir), Some(parent)) = (fs::canonicalize(input), absolute_parent(path)) else {
                continue;
            };
            if parent.starts_with(&dir) {
                return Err(OutputError::InsideInput(path.to_path_buf(), input.clone()));
            }
        } else if same_file(path, input) {
            return Err(OutputError::InsideInput(path.to_path_buf(), input.clone()));
        }
    }
    match fs::metadata(path) {
        // A device or a pipe (`/dev/null`, `>(gzip)`) cannot be replaced by a rename, and
        // renaming over `/dev/null` with `--force` as root would destroy it: such a target
        // is written in place, which is what the user asked for by naming it.
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            return fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|file| {
                    let mut out = io::BufWriter::with_capacity(BUFFER, file);
                    write(&mut out)?;
                    out.flush()
                })
                .map_err(err);
        }
        Ok(_) if !force => return Err(OutputError::Exists(path.to_path_buf())),
        _ => {}
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    // Unique per write, not only per process: the dataset's workers may write one file at
    // once (an export given twice), and a shared temporary name lost one of the renames.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.lidex-tmp", std::process::id()));
    let result = (|| {
        let mut out = io::BufWriter::with_capacity(BUFFER, fs::File::create(&tmp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// The write buffer of a streamed report: big enough that serde_json's many small writes
/// become few system calls.
const BUFFER: usize = 256 * 1024;

fn absolute_parent(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::canonicalize(parent).ok()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("report.json");
        write_atomic(&target, b"one", false, &[]).expect("first write");
        assert_eq!(fs::read(&target).expect("read"), b"one");
        let again = write_atomic(&target, b"two", false, &[]);
        assert!(matches!(again, Err(OutputError::Exists(_))));
        assert_eq!(fs::read(&target).expect("read"), b"one");
        write_atomic(&target, b"two", true, &[]).expect("forced write");
        assert_eq!(fs::read(&target).expect("read"), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("lidex-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn writes_into_a_device_in_place_without_force_and_never_replaces_it() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        write_atomic(null, b"report", false, &[]).expect("write to /dev/null");
        write_atomic(null, b"report", true, &[]).expect("forced write to /dev/null");
        let meta = fs::metadata(null).expect("stat /dev/null");
        assert!(
            meta.file_type().is_char_device(),
            "/dev/null is still a device"
        );
    }

    #[test]
    fn a_failed_stream_leaves_neither_a_report_nor_a_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("report.json");
        let r = write_atomic_with(&target, false, &[], |out| {
            out.write_all(b"{\"half\":")?;
            Err(io::Error::other("the serialiser failed"))
        });
        assert!(matches!(r, Err(OutputError::Io(..))));
        assert!(!target.exists(), "no half-written report");
        let left = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(left, 0, "no temporary file is left behind");
        write_atomic_with(&target, false, &[], |out| out.write_all(b"{}"))
            .expect("a streamed write");
        assert_eq!(fs::read(&target).expect("read"), b"{}");
    }

    #[test]
    fn refuses_to_write_inside_an_input_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("report.json");
        let inputs = vec![dir.path().to_path_buf()];
        let r = write_atomic(&target, b"x", true, &inputs);
        assert!(matches!(r, Err(OutputError::InsideInput(..))));
        assert!(!target.exists());
    }
}
