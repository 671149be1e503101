//! Opening the inputs: LinkedIn export ZIPs (as downloaded, renamed or not) and extracted folders.
//!
//! This is the only module that does IO on the input. It lists entries and hands out readers
//! that decompress in place: nothing is ever extracted to disk, and nothing is written next
//! to the input. Every reader is guarded by [`Limits`], so a zip bomb ends as a listed
//! problem, not as an exhausted machine.

use crate::error::{Error, Result};
use crate::problem::{Problem, ProblemKind, Severity};
use crate::vocab::vocabulary;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Limits that keep hostile archives from exhausting memory, disk or time.
///
/// The defaults are far above any real export (the largest seen are a few hundred MiB) and
/// far below what a zip bomb claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Total uncompressed bytes read over all inputs.
    pub max_total_bytes: u64,
    /// Uncompressed bytes of one entry.
    pub max_entry_bytes: u64,
    /// Uncompressed/compressed ratio of one entry, checked once it has produced 1 MiB.
    pub max_ratio: u64,
    /// Entries in one input.
    pub max_entries: usize,
    /// Bytes of one CSV field kept for analysis; longer fields are still counted.
    pub max_field_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_total_bytes: 64 << 30,
            max_entry_bytes: 16 << 30,
            max_ratio: 1000,
            max_entries: 100_000,
            max_field_bytes: 16 << 20,
        }
    }
}

/// Whether an input is a ZIP file or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A ZIP archive, read in place.
    Zip,
    /// An extracted folder.
    Dir,
}

vocabulary! {
    /// Which of LinkedIn's two downloads an input is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub enum ArchiveType {
        /// The quick download: profile, connections, messages, but no activity.
        Basic = "basic",
        /// The full download, up to 24 hours later.
        Complete = "complete",
        /// Renamed beyond recognition and not yet told apart by its contents.
        Unknown = "unknown",
    }
}

/// One input as given on the command line.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as given.
    pub path: PathBuf,
    /// ZIP or folder.
    pub kind: InputKind,
    /// Basic, Complete or unknown, from the name (the analysis may refine an unknown one).
    pub archive_type: ArchiveType,
    /// The export date LinkedIn wrote into the name (`MM-DD-YYYY`), if the name still has it.
    pub export_date: Option<jiff::civil::Date>,
    /// Size of the input in bytes: the ZIP file, or the files of a folder.
    pub bytes: u64,
    /// Where the type and date were read: the input's own name, or the name of the folder
    /// wrapping every file in it.
    pub name_source: NameSource,
    /// The newest modification date among the ZIP's entries (none for folders: their files'
    /// times say when they were extracted, not exported).
    pub newest_entry_date: Option<jiff::civil::Date>,
    /// `.DS_Store` files and `__MACOSX/` entries skipped (made by macOS, never by LinkedIn).
    pub skipped_system: usize,
}

/// Which name gave an input's type and export date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// The ZIP's or folder's own name.
    Own,
    /// The single folder that wraps every file (`Basic_LinkedInDataExport_12-24-2025/`).
    Wrapper,
}

/// Entries macOS adds to ZIPs and folders; they are skipped quietly and only counted.
fn is_system_entry(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.starts_with("__macosx/")
        || lower.contains("/__macosx/")
        || lower.rsplit('/').next() == Some(".ds_store")
}

/// Where an entry's bytes live.
#[derive(Debug, Clone)]
enum Location {
    Zip(usize),
    File(PathBuf),
}

/// One file inside an input.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into [`ArchiveSet::inputs`].
    pub input: usize,
    /// The path shown in reports: relative to the export's root, `/`-separated, made safe.
    pub path: String,
    /// Uncompressed size as declared (ZIP) or on disk (folder).
    pub size: u64,
    /// Compressed size (equal to `size` for folders).
    pub compressed_size: u64,
    /// The entry cannot be read: encrypted, a symlink or a directory marker.
    pub unreadable: Option<ProblemKind>,
    location: Location,
}

/// A cloneable handle on an open file, so every worker thread can read the same ZIP
/// at its own offset without reopening it or taking a lock.
#[derive(Debug, Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match target {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

type Zip = zip::ZipArchive<SharedFile>;

impl Input {
    /// Takes the type and date from the wrapping folder's name (`Basic_LinkedInDataExport_
    /// 12-24-2025/`) when the input's own name has neither, as when a browser saved the
    /// ZIP as `LinkedInDataExport (1).zip`.
    fn use_wrapper_name(&mut self, wrapper: Option<&str>) {
        let Some(wrapper) = wrapper else { return };
        if self.archive_type != ArchiveType::Unknown || self.export_date.is_some() {
            return;
        }
        let (kind, date) = parse_export_name(wrapper.trim_end_matches('/'));
        if kind != ArchiveType::Unknown || date.is_some() {
            self.archive_type = kind;
            self.export_date = date;
            self.name_source = NameSource::Wrapper;
        }
    }
}

/// All inputs of one run, opened, with their entries listed.
pub struct ArchiveSet {
    /// The inputs, in the order given.
    pub inputs: Vec<Input>,
    /// Every entry of every input, in input order then archive order.
    pub entries: Vec<Entry>,
    /// Problems found while listing (unsafe names, symlinks, duplicates).
    pub problems: Vec<Problem>,
    zips: Vec<Option<Zip>>,
    limits: Limits,
    total_read: Arc<AtomicU64>,
    /// Entries being inflated on a thread of their own right now (see [`PIPE_MIN_BYTES`]).
    pipes: AtomicUsize,
    pipe_min_bytes: u64,
    /// Entries of this run not finished yet (see [`ArchiveSet::set_pending`]).
    pending: AtomicUsize,
    eager_pipes: bool,
}

/// Reads the archive type and export date out of a file or folder name such as
/// `Complete_LinkedInDataExport_08-26-2025.zip.zip` or `Basic_..._12-24-2025 (1)`: the
/// first `(basic|complete)_linkedindataexport_MM-DD-YYYY`, in any case, anywhere in it.
///
/// Matched by hand: compiling the equivalent regex cost a tenth of a small scan's
/// instructions, on the path before any entry is read, to look at one name.
pub fn parse_export_name(name: &str) -> (ArchiveType, Option<jiff::civil::Date>) {
    const MIDDLE: &str = "_linkedindataexport_";
    let lower = name.to_ascii_lowercase();
    for (at, _) in lower.match_indices(MIDDLE) {
        let before = lower.get(..at).unwrap_or_default();
        let kind = if before.ends_with("basic") {
            ArchiveType::Basic
        } else if before.ends_with("complete") {
            ArchiveType::Complete
        } else {
            continue;
        };
        let date = lower
            .get(at + MIDDLE.len()..)
            .unwrap_or_default()
            .as_bytes();
        let Some(&[m1, m2, b'-', d1, d2, b'-', y1, y2, y3, y4]) = date.first_chunk::<10>() else {
            continue;
        };
        let digits = [m1, m2, d1, d2, y1, y2, y3, y4];
        if !digits.iter().all(u8::is_ascii_digit) {
            continue;
        }
        let num = |ds: &[u8]| ds.iter().fold(0i16, |n, &d| n * 10 + i16::from(d - b'0'));
        let (y, m, d) = (num(&[y1, y2, y3, y4]), num(&[m1, m2]), num(&[d1, d2]));
        return (kind, jiff::civil::Date::new(y, m as i8, d as i8).ok());
    }
    (ArchiveType::Unknown, None)
}

/// Folders LinkedIn itself creates inside an export; a single top-level folder with any
/// other name is a wrapper added by whoever re-zipped or extracted the export.
const LINKEDIN_FOLDERS: [&str; 4] = ["jobs", "articles", "verifications", "services marketplace"];

impl ArchiveSet {
    /// Opens every input and lists its entries. Fails only when an input as a whole cannot
    /// be used; anything wrong inside an input becomes a [`Problem`].
    pub fn open(paths: &[PathBuf], limits: &Limits) -> Result<ArchiveSet> {
        if paths.is_empty() {
            return Err(Error::NoInput);
        }
        let mut set = ArchiveSet {
            inputs: Vec::new(),
            entries: Vec::new(),
            problems: Vec::new(),
            zips: Vec::new(),
            limits: limits.clone(),
            total_read: Arc::new(AtomicU64::new(0)),
            pipes: AtomicUsize::new(0),
            pipe_min_bytes: PIPE_MIN_BYTES,
            pending: AtomicUsize::new(0),
            eager_pipes: false,
        };
        for path in paths {
            set.add_input(path)?;
        }
        Ok(set)
    }

    /// Opens one input, a folder or a ZIP, and lists its entries. Its type and export date
    /// come from its name, else from the name of a folder wrapping all its files.
    fn add_input(&mut self, path: &Path) -> Result<()> {
        let meta = std::fs::metadata(path).map_err(|source| Error::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (archive_type, export_date) = parse_export_name(&name);
        let input = Input {
            path: path.to_path_buf(),
            kind: if meta.is_dir() {
                InputKind::Dir
            } else {
                InputKind::Zip
            },
            archive_type,
            export_date,
            bytes: 0,
            name_source: NameSource::Own,
            newest_entry_date: None,
            skipped_system: 0,
        };
        if meta.is_dir() {
            self.add_dir(input)
        } else {
            self.add_zip(Input {
                bytes: meta.len(),
                ..input
            })
        }
    }

    /// Lists an extracted folder's files, in name order, skipping macOS's system files and
    /// stripping a wrapping folder from the paths.
    fn add_dir(&mut self, input: Input) -> Result<()> {
        let index = self.inputs.len();
        let path = input.path.clone();
        self.inputs.push(input);
        self.zips.push(None);
        let mut files = Vec::new();
        walk_dir(
            &path,
            &path,
            &mut files,
            &mut self.problems,
            self.limits.max_entries,
        )
        .map_err(|source| Error::Unreadable {
            path: path.clone(),
            source,
        })?;
        if files.len() > self.limits.max_entries {
            return Err(too_many_entries(&path, files.len(), &self.limits));
        }
        let before = files.len();
        files.retain(|(rel, _, _)| !is_system_entry(rel));
        let skipped = before - files.len();
        let rels: Vec<String> = files.iter().map(|(rel, _, _)| rel.clone()).collect();
        let strip = wrapper_prefix(&rels);
        let total: u64 = files.iter().map(|(_, _, size)| *size).sum();
        if let Some(input) = self.inputs.last_mut() {
            input.bytes = total;
            input.skipped_system = skipped;
            input.use_wrapper_name(strip.as_deref());
        }
        for (rel, full, size) in files {
            let shown = strip_prefix(&rel, strip.as_deref());
            self.entries.push(Entry {
                input: index,
                path: shown,
                size,
                compressed_size: size,
                unreadable: None,
                location: Location::File(full),
            });
        }
        Ok(())
    }

    /// Opens a ZIP in place and lists its entries: their names made safe, macOS's system
    /// entries and directory markers skipped, a wrapping folder stripped. The archive's
    /// declared size is held to the limits before anything is inflated.
    fn add_zip(&mut self, input: Input) -> Result<()> {
        let index = self.inputs.len();
        let path = input.path.clone();
        let mut zip = open_zip(&path, input.bytes)?;
        if zip.len() > self.limits.max_entries {
            return Err(too_many_entries(&path, zip.len(), &self.limits));
        }
        self.check_directory(&path, &zip);
        self.inputs.push(input);
        let listed = self.list_zip(&path, &mut zip);
        let files = || listed.iter().filter(|e| !e.is_dir);
        let rels: Vec<String> = files()
            .filter(|e| !e.system)
            .map(|e| e.name.clone())
            .collect();
        let strip = wrapper_prefix(&rels);
        let newest = files()
            .filter(|e| !e.system)
            .filter_map(|e| e.modified)
            .max();
        let skipped = files().filter(|e| e.system).count();
        if let Some(input) = self.inputs.last_mut() {
            input.newest_entry_date = newest;
            input.skipped_system = skipped;
            input.use_wrapper_name(strip.as_deref());
        }
        let declared: u64 = listed.iter().map(|e| e.size).sum();
        if declared > self.limits.max_total_bytes {
            return Err(Error::LimitExceeded {
                path,
                detail: format!(
                    "the archive declares {declared} uncompressed bytes, above the limit of {} (raise it with --max-total-bytes)",
                    self.limits.max_total_bytes
                ),
            });
        }
        self.add_zip_entries(index, listed, strip.as_deref());
        // Keep the handle: entries are decompressed later, each worker on its own clone.
        self.zips.push(Some(zip));
        Ok(())
    }

    /// Warns about a central directory that lists one name twice or whose headers disagree.
    fn check_directory(&mut self, path: &Path, zip: &Zip) {
        let shown = path.display().to_string();
        if zip.has_duplicate_names() {
            self.problems.push(Problem::file(
                Severity::Warning,
                ProblemKind::DuplicateName,
                shown,
                "the archive's directory lists several entries under one name; the ZIP reader keeps one of each, so the others are not reported",
            ));
        } else if let Err(e) = zip.clone().validate_header_consistency() {
            // Overlapping entries are how non-recursive zip bombs multiply their output.
            self.problems.push(Problem::file(
                Severity::Warning,
                ProblemKind::InconsistentArchive,
                shown,
                format!("the archive's headers disagree ({e}); entries may overlap, as in zip bombs, and each is read under the limits"),
            ));
        }
    }

    /// Every entry of the ZIP's directory, in archive order; an entry that cannot be
    /// located is a problem, not a listing.
    fn list_zip(&mut self, path: &Path, zip: &mut Zip) -> Vec<Listed> {
        let mut listed = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            match zip.by_index_raw(i) {
                Ok(f) => {
                    let (name, name_problem) = safe_name(f.name_raw());
                    let system = is_system_entry(&name);
                    listed.push(Listed {
                        index: i,
                        name,
                        name_problem,
                        system,
                        size: f.size(),
                        compressed: f.compressed_size(),
                        encrypted: f.encrypted(),
                        symlink: f.is_symlink(),
                        is_dir: f.is_dir(),
                        modified: f.last_modified().and_then(|t| {
                            jiff::civil::Date::new(
                                t.year().cast_signed(),
                                t.month().cast_signed(),
                                t.day().cast_signed(),
                            )
                            .ok()
                        }),
                    });
                }
                Err(e) => self.problems.push(Problem {
                    severity: Severity::Error,
                    kind: ProblemKind::DamagedEntry,
                    path: Some(format!("{}#{i}", path.display())),
                    message: format!("entry {i} cannot be located in the archive: {e}"),
                }),
            }
        }
        listed
    }

    /// Adds a ZIP's files as entries of input `index`, under their shown paths, with a
    /// warning for each name that had to be made safe or that another entry shares.
    fn add_zip_entries(&mut self, index: usize, listed: Vec<Listed>, strip: Option<&str>) {
        let mut seen = std::collections::HashSet::new();
        for e in listed {
            if e.is_dir || e.system {
                continue;
            }
            let shown = strip_prefix(&e.name, strip);
            if let Some(why) = e.name_problem {
                self.problems.push(Problem::file(
                    Severity::Warning,
                    ProblemKind::UnsafeName,
                    shown.clone(),
                    format!("entry name {why}; shown here made safe (lidex never extracts, so nothing was written)"),
                ));
            }
            if !seen.insert(shown.to_lowercase()) {
                self.problems.push(Problem::file(
                    Severity::Warning,
                    ProblemKind::DuplicateName,
                    shown.clone(),
                    "two entries in this archive have the same name; both are reported",
                ));
            }
            let unreadable = if e.encrypted {
                Some(ProblemKind::EncryptedEntry)
            } else if e.symlink {
                Some(ProblemKind::Symlink)
            } else {
                None
            };
            self.entries.push(Entry {
                input: index,
                path: shown,
                size: e.size,
                compressed_size: e.compressed,
                unreadable,
                location: Location::Zip(e.index),
            });
        }
    }

    /// Inflates entries of at least `n` uncompressed bytes on a thread of their own
    /// (default [`PIPE_MIN_BYTES`]); tests set 0 to send every entry through the pipeline.
    pub fn set_pipe_min_bytes(&mut self, n: u64) {
        self.pipe_min_bytes = n;
    }

    /// Pipelines an entry from its first byte instead of when a worker runs out of work;
    /// for tests, which must go through both ways.
    pub fn set_eager_pipes(&mut self, eager: bool) {
        self.eager_pipes = eager;
    }

    /// Says how many entries the caller is about to read, so that a large entry is handed
    /// to an inflater thread once fewer entries are left than workers (see
    /// [`PIPE_MIN_BYTES`]); call [`ArchiveSet::entry_done`] as each one finishes. Without
    /// it, large entries are pipelined from the start.
    pub fn set_pending(&self, entries: usize) {
        self.pending.store(entries, Ordering::Release);
    }

    /// One entry of those announced by [`ArchiveSet::set_pending`] is finished.
    pub fn entry_done(&self) {
        let _ = self
            .pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }

    /// True when some worker has nothing left to start: fewer unfinished entries, plus
    /// inflater threads, than workers.
    fn worker_idle(&self) -> bool {
        let busy = self.pending.load(Ordering::Acquire) + self.pipes.load(Ordering::Acquire);
        busy < rayon::current_num_threads()
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Opens one entry for reading and hands the decompressing, limit-guarded reader to `f`.
    ///
    /// Each call works on its own clone of the archive handle, so calls from several threads
    /// proceed in parallel. A large compressed entry is inflated on a thread of its own,
    /// ahead of `f`, through a small ring of buffers, from the moment a worker would
    /// otherwise be idle (see [`PIPE_MIN_BYTES`]).
    pub fn read_entry<T>(
        &self,
        entry: &Entry,
        f: impl FnOnce(&mut dyn EntryRead) -> T,
    ) -> io::Result<T> {
        self.read_guarded(entry, true, f).map(|(out, _)| out)
    }

    /// Reads `entry` for a look ahead of the scan (the profile's country, before the
    /// parallel scan starts), under the same per-entry and ratio limits as
    /// [`ArchiveSet::read_entry`], but without counting its bytes toward the total: the
    /// scan reads the entry again and counts it then, so an archive exactly at the total
    /// limit is not refused for the look.
    pub fn peek_entry<T>(
        &self,
        entry: &Entry,
        f: impl FnOnce(&mut dyn EntryRead) -> T,
    ) -> io::Result<T> {
        let (out, read) = self.read_guarded(entry, false, f)?;
        self.total_read.fetch_sub(read, Ordering::Relaxed);
        Ok(out)
    }

    /// Opens `entry` behind the limits guard, hands it to `f` (pipelined when `may_pipe`
    /// and the entry is large and compressed), and says how many bytes were read.
    fn read_guarded<T>(
        &self,
        entry: &Entry,
        may_pipe: bool,
        f: impl FnOnce(&mut dyn EntryRead) -> T,
    ) -> io::Result<(T, u64)> {
        match &entry.location {
            Location::File(path) => {
                let mut guarded = self.guard(File::open(path)?, entry);
                let out = f(&mut guarded);
                Ok((out, guarded.read))
            }
            Location::Zip(index) => {
                let mut zip = self
                    .zips
                    .get(entry.input)
                    .and_then(|z| z.clone())
                    .ok_or_else(|| io::Error::other("input is not a ZIP archive"))?;
                let file = zip.by_index(*index).map_err(zip_to_io)?;
                let compressed = file.compression() != zip::CompressionMethod::Stored;
                let mut guarded = self.guard(file, entry);
                let out = if may_pipe && compressed && entry.size >= self.pipe_min_bytes {
                    self.late_pipelined(&mut guarded, f)
                } else {
                    f(&mut guarded)
                };
                Ok((out, guarded.read))
            }
        }
    }

    /// Claims an inflater thread if one is free. One fewer than the workers: each pipelined
    /// entry already keeps two threads busy, so more pipes than that would only add threads
    /// and buffers (memory would then grow with the number of large entries in the
    /// archive), not speed. With one worker there is none.
    fn take_pipe(&self) -> bool {
        let allowed = rayon::current_num_threads().saturating_sub(1);
        self.pipes
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < allowed).then_some(n + 1)
            })
            .is_ok()
    }

    fn guard<R: Read>(&self, inner: R, entry: &Entry) -> Guarded<'_, R> {
        Guarded {
            inner,
            read: 0,
            entry_max: self.limits.max_entry_bytes,
            ratio_cap: entry.compressed_size.saturating_mul(self.limits.max_ratio),
            ratio: self.limits.max_ratio,
            total: &self.total_read,
            total_max: self.limits.max_total_bytes,
        }
    }
}

/// The reader [`ArchiveSet::read_entry`] hands out: a [`Read`] that may also hand over
/// whole buffers it already holds, so a pipelined entry's bytes are not copied again on
/// the parsing side (that copy was 9% of the parser's time on a big `messages.csv`).
pub trait EntryRead: Read {
    /// Swaps `buf` for the reader's next filled buffer, whose data is `buf[start..end]`
    /// (returned), with at least [`HANDOVER_HEADROOM`] free bytes before `start` for the
    /// caller's leftovers; the caller's old buffer is kept for reuse. An empty range is
    /// the end of the entry, and then, as on an error, `buf` is left as it was. `None`:
    /// nothing to hand over now (a plain reader, or bytes still pending); use `read`.
    fn hand_over(&mut self, _buf: &mut Vec<u8>) -> Option<io::Result<(usize, usize)>> {
        None
    }
}

impl<R: Read> EntryRead for Guarded<'_, R> {}

impl<R: EntryRead + ?Sized> EntryRead for &mut R {
    fn hand_over(&mut self, buf: &mut Vec<u8>) -> Option<io::Result<(usize, usize)>> {
        (**self).hand_over(buf)
    }
}

/// Free bytes in front of the data of a handed-over buffer.
pub const HANDOVER_HEADROOM: usize = 64;

/// Entries at least this large (uncompressed) are inflated on their own thread while the
/// caller's thread parses, so one huge `messages.csv` keeps two cores busy instead of one.
/// The switch happens only once a worker runs out of entries (see
/// [`ArchiveSet::set_pending`]); below this size the rest of the entry is too small for
/// the thread and its buffers to pay.
pub const PIPE_MIN_BYTES: u64 = 4 << 20;

/// Size of one buffer handed from the inflating thread to the parsing one: the same as
/// the parsers' refill size, so every hand-over is one refill.
const PIPE_BUF: usize = 256 * 1024;

/// Buffers in flight per pipelined entry. Bounded, and recycled, so memory stays at
/// `PIPE_DEPTH * PIPE_BUF` (1 MiB) per entry however large the entry is, and a parser that
/// falls behind stalls the inflater instead of queueing the whole entry in memory.
const PIPE_DEPTH: usize = 4;

/// A filled buffer and how many of its bytes are data, or the read error that ended it.
type Filled = io::Result<(Vec<u8>, usize)>;

impl ArchiveSet {
    /// Runs `f` on the entry's bytes, read inline at first; once a worker would otherwise be
    /// idle (or at once with [`ArchiveSet::set_eager_pipes`]), a scoped thread takes the
    /// reader over and inflates ahead into recycled buffers while `f` goes on parsing.
    ///
    /// Starting late is what makes the pipeline pay on two cores: while other entries wait,
    /// the workers already fill the cores, and an inflater thread would make three threads
    /// share two (the inflater, which sets the pace, then got two thirds of a core, and the
    /// scheduler tended to put the parser on the inflater's core). Once the other entries
    /// are done, the inflater and the parser have a core each.
    fn late_pipelined<T>(
        &self,
        inner: &mut (dyn Read + Send),
        f: impl FnOnce(&mut dyn EntryRead) -> T,
    ) -> T {
        let (out, switched) = std::thread::scope(|scope| {
            let mut reader = LatePipe {
                set: self,
                scope,
                inner: Some(inner),
                pipe: None,
            };
            let out = f(&mut reader);
            let switched = reader.pipe.is_some();
            // Dropping the reader closes both channels, which ends the inflating thread
            // even if `f` stopped early; the scope then joins it.
            drop(reader);
            (out, switched)
        });
        if switched {
            self.pipes.fetch_sub(1, Ordering::AcqRel);
        }
        out
    }
}

/// A reader that reads inline until [`LatePipe::switch`] hands the rest of the entry to an
/// inflater thread. Bytes are the same either way, and read in order: the switch happens
/// between two reads.
struct LatePipe<'scope, 'env, 'set> {
    set: &'set ArchiveSet,
    scope: &'scope std::thread::Scope<'scope, 'env>,
    inner: Option<&'env mut (dyn Read + Send)>,
    pipe: Option<PipeReader>,
}

impl LatePipe<'_, '_, '_> {
    /// Starts the inflater if a worker has nothing else to do and a pipe is free.
    fn switch(&mut self) {
        if self.pipe.is_some() || !(self.set.eager_pipes || self.set.worker_idle()) {
            return;
        }
        if !self.set.take_pipe() {
            return;
        }
        let Some(inner) = self.inner.take() else {
            self.set.pipes.fetch_sub(1, Ordering::AcqRel);
            return;
        };
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Filled>(PIPE_DEPTH);
        let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(PIPE_DEPTH + 1);
        self.scope
            .spawn(move || inflate_ahead(inner, &full_tx, &empty_rx));
        self.pipe = Some(PipeReader {
            full: full_rx,
            empty: empty_tx,
            current: Vec::new(),
            start: 0,
            end: 0,
            done: false,
        });
    }
}

impl Read for LatePipe<'_, '_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.switch();
        match (&mut self.pipe, &mut self.inner) {
            (Some(pipe), _) => pipe.read(out),
            (None, Some(inner)) => inner.read(out),
            (None, None) => Ok(0),
        }
    }
}

impl EntryRead for LatePipe<'_, '_, '_> {
    fn hand_over(&mut self, buf: &mut Vec<u8>) -> Option<io::Result<(usize, usize)>> {
        self.switch();
        self.pipe.as_mut()?.hand_over(buf)
    }
}

/// The inflating end of a pipeline: reads the entry into recycled buffers, one `read`
/// each, and sends them (an error after the bytes before it) until the entry ends or the
/// parser is gone.
fn inflate_ahead(
    inner: &mut (dyn Read + Send),
    full_tx: &std::sync::mpsc::SyncSender<Filled>,
    empty_rx: &std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let mut allocated = 0;
    loop {
        let mut buf = match empty_rx.try_recv() {
            Ok(buf) => buf,
            Err(_) if allocated < PIPE_DEPTH + 1 => {
                allocated += 1;
                vec![0; HANDOVER_HEADROOM + PIPE_BUF]
            }
            Err(_) => match empty_rx.recv() {
                Ok(buf) => buf,
                // The parser is done (or gone): stop inflating.
                Err(_) => return,
            },
        };
        let got = loop {
            let Some(space) = buf.get_mut(HANDOVER_HEADROOM..) else {
                break Ok(0);
            };
            match inner.read(space) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let last = !matches!(got, Ok(n) if n > 0);
        if full_tx.send(got.map(|n| (buf, n))).is_err() || last {
            return;
        }
    }
}

/// The parsing end of a pipeline (see [`inflate_ahead`]).
struct PipeReader {
    full: std::sync::mpsc::Receiver<Filled>,
    empty: std::sync::mpsc::SyncSender<Vec<u8>>,
    current: Vec<u8>,
    start: usize,
    end: usize,
    done: bool,
}

impl PipeReader {
    /// Gives a buffer back to the inflater, at full size so every read stays one piece.
    fn recycle(&self, mut buf: Vec<u8>) {
        if buf.is_empty() {
            return;
        }
        if buf.len() < HANDOVER_HEADROOM + PIPE_BUF {
            buf.resize(HANDOVER_HEADROOM + PIPE_BUF, 0);
        }
        // The inflater may have stopped already; then the buffer is freed.
        let _ = self.empty.try_send(buf);
    }
}

impl EntryRead for PipeReader {
    fn hand_over(&mut self, buf: &mut Vec<u8>) -> Option<io::Result<(usize, usize)>> {
        if self.start < self.end {
            return None;
        }
        if self.done {
            return Some(Ok((0, 0)));
        }
        match self.full.recv() {
            Ok(Ok((filled, n))) if n > 0 => {
                let old = std::mem::replace(buf, filled);
                self.recycle(old);
                Some(Ok((HANDOVER_HEADROOM, HANDOVER_HEADROOM + n)))
            }
            Ok(Ok(_)) | Err(_) => {
                self.done = true;
                Some(Ok((0, 0)))
            }
            Ok(Err(e)) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl Read for PipeReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start >= self.end {
            if self.done {
                return Ok(0);
            }
            match self.full.recv() {
                Ok(Ok((buf, n))) => {
                    let old = std::mem::replace(&mut self.current, buf);
                    self.recycle(old);
                    self.start = HANDOVER_HEADROOM;
                    self.end = HANDOVER_HEADROOM + n;
                    if n == 0 {
                        self.done = true;
                        return Ok(0);
                    }
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let available = self.current.get(self.start..self.end).unwrap_or_default();
        let n = available.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.start += n;
        Ok(n)
    }
}

/// One entry of a ZIP's central directory, as listed.
struct Listed {
    /// Its index in the archive.
    index: usize,
    /// Its name, made safe.
    name: String,
    /// Why the name had to be made safe, if it had to.
    name_problem: Option<String>,
    /// A `.DS_Store` or `__MACOSX/` entry.
    system: bool,
    /// Declared uncompressed size.
    size: u64,
    compressed: u64,
    encrypted: bool,
    symlink: bool,
    /// A directory marker, not a file.
    is_dir: bool,
    /// Its modification date.
    modified: Option<jiff::civil::Date>,
}

/// Opens a ZIP for reading in place, after checking its first bytes say it is one.
fn open_zip(path: &Path, len: u64) -> Result<Zip> {
    let file = File::open(path).map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let mut magic = [0u8; 4];
    let got = read_at(&file, &mut magic, 0).map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let magic = magic.get(..got).unwrap_or_default();
    if !(magic.starts_with(b"PK\x03\x04") || magic.starts_with(b"PK\x05\x06")) {
        return Err(Error::NotAnArchive {
            path: path.to_path_buf(),
            detail: describe_magic(magic, len),
        });
    }
    let shared = SharedFile {
        file: Arc::new(file),
        pos: 0,
        len,
    };
    Zip::new(shared).map_err(|e| Error::DamagedArchive {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

fn too_many_entries(path: &Path, n: usize, limits: &Limits) -> Error {
    Error::LimitExceeded {
        path: path.to_path_buf(),
        detail: format!(
            "{n} entries, above the limit of {} (raise it with --max-entries)",
            limits.max_entries
        ),
    }
}

fn zip_to_io(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(io) => io,
        other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
    }
}

/// Why a read stopped at a limit. Travels inside an `io::Error` so that readers further up
/// (CSV, HTML) need no special path for it.
#[derive(Debug)]
pub struct LimitHit(pub String);

impl std::fmt::Display for LimitHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LimitHit {}

/// Returns the limit message if this IO error came from a [`Limits`] check.
pub fn limit_hit(e: &io::Error) -> Option<&str> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<LimitHit>())
        .map(|hit| hit.0.as_str())
}

struct Guarded<'a, R> {
    inner: R,
    read: u64,
    entry_max: u64,
    ratio_cap: u64,
    ratio: u64,
    total: &'a AtomicU64,
    total_max: u64,
}

/// Ratios are only judged past this much output: tiny, highly repetitive files (a header
/// and a few identical rows) compress far better than any real bomb threshold.
const RATIO_GRACE: u64 = 1 << 20;

impl<R: Read> Guarded<'_, R> {
    /// Which limit is used up, if one is: the message names the flag that raises it.
    fn exhausted(&self, total: u64) -> Option<String> {
        if self.read >= self.entry_max {
            Some(format!(
                "entry is larger than the per-entry limit of {} bytes (raise it with --max-entry-bytes)",
                self.entry_max
            ))
        } else if self.read >= self.ratio_cap.max(RATIO_GRACE) {
            Some(format!(
                "entry expands more than {}x its compressed size, like a zip bomb (raise it with --max-ratio)",
                self.ratio
            ))
        } else if total >= self.total_max {
            Some(format!(
                "inputs expand to more than the total limit of {} bytes (raise it with --max-total-bytes)",
                self.total_max
            ))
        } else {
            None
        }
    }
}

impl<R: Read> Read for Guarded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let total = self.total.load(Ordering::Relaxed);
        if let Some(msg) = self.exhausted(total) {
            // At the limit: only an entry that ends exactly here is fine.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(LimitHit(msg))),
            };
        }
        // Read no further than the tightest limit, so the bytes up to it are still
        // measured and the limit is reported on the next call.
        let left = (self.entry_max - self.read)
            .min(self.ratio_cap.max(RATIO_GRACE) - self.read)
            .min(self.total_max.saturating_sub(total));
        let cap = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(buf.get_mut(..cap).unwrap_or_default())?;
        self.read += n as u64;
        self.total.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Makes an entry name safe to show and to match: lossy UTF-8, `/` separators, no leading
/// `/`, no `.`/`..` components, no control characters. Returns why it had to change.
fn safe_name(raw: &[u8]) -> (String, Option<String>) {
    let mut why = Vec::new();
    let text = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => {
            why.push("is not valid UTF-8");
            String::from_utf8_lossy(raw).into_owned()
        }
    };
    if text.chars().any(|c| c.is_control()) {
        why.push("contains control characters");
    }
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    let text = text.replace('\\', "/");
    if text.starts_with('/') || text.get(1..3) == Some(":/") {
        why.push("is an absolute path");
    }
    let mut parts = Vec::new();
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if !why.contains(&"climbs out of the archive with ..") {
                    why.push("climbs out of the archive with ..");
                }
            }
            p => parts.push(p),
        }
    }
    let mut name = parts.join("/");
    if name.is_empty() {
        name = "(unnamed entry)".to_string();
        why.push("is empty");
    }
    let why = if why.is_empty() {
        None
    } else {
        Some(why.join(", "))
    };
    (name, why)
}

/// The single top-level folder every entry shares, when it is a wrapper (not a folder
/// LinkedIn itself makes). Stripping it makes `Export_dir/Connections.csv` and
/// `Connections.csv` the same file, which is what duplicate detection needs.
fn wrapper_prefix(paths: &[String]) -> Option<String> {
    let first = paths.first()?;
    let (top, _) = first.split_once('/')?;
    if LINKEDIN_FOLDERS.contains(&top.to_lowercase().as_str()) {
        return None;
    }
    let prefix = format!("{top}/");
    paths
        .iter()
        .all(|p| p.starts_with(&prefix))
        .then_some(prefix)
}

fn strip_prefix(path: &str, prefix: Option<&str>) -> String {
    match prefix.and_then(|p| path.strip_prefix(p)) {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => path.to_string(),
    }
}

/// `path` below `root` as a `/`-separated string, the form entry paths take in reports
/// whatever the platform's separator.
pub fn relative_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk_dir(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf, u64)>,
    problems: &mut Vec<Problem>,
    max_entries: usize,
) -> io::Result<()> {
    let mut children: Vec<_> = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    children.sort_by_key(|e| e.file_name());
    for child in children {
        if out.len() > max_entries {
            return Ok(());
        }
        let path = child.path();
        let rel = relative_path(root, &path);
        let kind = match child.file_type() {
            Ok(k) => k,
            Err(e) => {
                problems.push(Problem::file(
                    Severity::Error,
                    ProblemKind::UnreadableFile,
                    rel,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if kind.is_symlink() {
            problems.push(Problem::file(
                Severity::Warning,
                ProblemKind::Symlink,
                rel,
                "symbolic link not followed",
            ));
        } else if kind.is_dir() {
            walk_dir(root, &path, out, problems, max_entries)?;
        } else if kind.is_file() {
            let size = child.metadata().map(|m| m.len()).unwrap_or(0);
            out.push((rel, path, size));
        }
    }
    Ok(())
}

fn describe_magic(magic: &[u8], len: u64) -> String {
    if len == 0 {
        return "the file is empty".to_string();
    }
    let kind = match magic {
        [0x25, 0x50, 0x44, 0x46, ..] => " (a PDF)",
        [0x1f, 0x8b, ..] => " (gzip)",
        [0x52, 0x61, 0x72, 0x21, ..] => " (RAR)",
        [0x37, 0x7a, 0xbc, 0xaf, ..] => " (7-Zip)",
        [0x89, 0x50, 0x4e, 0x47, ..] => " (a PNG image)",
        _ => "",
    };
    let hex: Vec<String> = magic.iter().map(|b| format!("{b:02x}")).collect();
    format!("it starts with bytes {}{kind}", hex.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macos_entries_are_system_entries() {
        assert!(is_system_entry(".DS_Store"));
        assert!(is_system_entry("Jobs/.DS_Store"));
        assert!(is_system_entry("__MACOSX/._Connections.csv"));
        assert!(is_system_entry("Export/__MACOSX/x"));
        assert!(!is_system_entry("Connections.csv"));
    }

    #[test]
    fn export_names_give_type_and_date_even_when_renamed() {
        let (t, d) = parse_export_name("Complete_LinkedInDataExport_08-26-2025.zip.zip");
        assert_eq!(t, ArchiveType::Complete);
        assert_eq!(d, Some(jiff::civil::date(2025, 8, 26)));
        let (t, d) = parse_export_name("Basic_LinkedInDataExport_12-24-2025 (1).zip");
        assert_eq!(t, ArchiveType::Basic);
        assert_eq!(d, Some(jiff::civil::date(2025, 12, 24)));
        assert_eq!(
            parse_export_name("my-data.zip"),
            (ArchiveType::Unknown, None)
        );
        // A name with an impossible date keeps the type and drops the date.
        assert_eq!(
            parse_export_name("basic_linkedindataexport_13-45-2025.zip"),
            (ArchiveType::Basic, None)
        );
        // Anywhere in the name, any case; the first complete match counts.
        assert_eq!(
            parse_export_name(
                "x_LINKEDINDATAEXPORT_01-02-2024 COMPLETE_linkedindataexport_1-2-2024 basic_LinkedInDataExport_03-04-2025"
            ),
            (ArchiveType::Basic, Some(jiff::civil::date(2025, 3, 4)))
        );
        assert_eq!(
            parse_export_name("Complete_LinkedInDataExport_08-26-202"),
            (ArchiveType::Unknown, None)
        );
    }

    #[test]
    fn unsafe_names_are_made_safe_and_explained() {
        assert_eq!(
            safe_name(b"Jobs/Saved Jobs.csv"),
            ("Jobs/Saved Jobs.csv".into(), None)
        );
        let (n, why) = safe_name(b"../../etc/passwd");
        assert_eq!(n, "etc/passwd");
        assert!(why.is_some_and(|w| w.contains("..")));
        let (n, why) = safe_name(b"/abs/x.csv");
        assert_eq!(n, "abs/x.csv");
        assert!(why.is_some_and(|w| w.contains("absolute")));
        let (n, why) = safe_name(b"a\0b.csv");
        assert_eq!(n, "a\u{FFFD}b.csv");
        assert!(why.is_some());
        let (_, why) = safe_name(b"\xff\xfe.csv");
        assert!(why.is_some_and(|w| w.contains("UTF-8")));
    }

    #[test]
    fn a_wrapping_folder_is_stripped_but_linkedin_folders_are_not() {
        let wrapped = vec![
            "Basic_LinkedInDataExport_12-24-2025/Profile.csv".to_string(),
            "Basic_LinkedInDataExport_12-24-2025/Jobs/Saved Jobs.csv".to_string(),
        ];
        assert_eq!(
            wrapper_prefix(&wrapped).as_deref(),
            Some("Basic_LinkedInDataExport_12-24-2025/")
        );
        let jobs_only = vec!["Jobs/Saved Jobs.csv".to_string()];
        assert_eq!(wrapper_prefix(&jobs_only), None);
        let flat = vec!["Profile.csv".to_string(), "x/y.csv".to_string()];
        assert_eq!(wrapper_prefix(&flat), None);
    }
}
