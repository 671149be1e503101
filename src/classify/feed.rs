//! Buffered, byte-counting input for the parsers, and the sniffing of encodings.
//!
//! Parsers pull bytes through a [`Feeder`] so that every format (CSV, TSV, HTML, placeholder)
//! shares one refill loop and one place that turns read errors into problems.

use crate::archive::{EntryRead, HANDOVER_HEADROOM};
use crate::vocab::vocabulary;
use std::io::{self, Read};

/// A plain reader as an [`EntryRead`] that never hands buffers over.
pub struct Plain<R>(pub R);

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> EntryRead for Plain<R> {}

/// Refill granularity. Large enough that the per-call overhead of the decompressor and of
/// csv-core vanishes, small enough to stay in L2 cache.
pub const CHUNK: usize = 256 * 1024;

/// The first buffer size of a [`Feeder`].
const START: usize = 16 * 1024;

/// How far into a file we look for a header row (a preamble is a few lines; this is lavish).
pub const SNIFF: usize = 64 * 1024;

/// A refillable window over a reader.
pub struct Feeder<'r> {
    rdr: Box<dyn EntryRead + 'r>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The first read error, kept so the parser can report how far it got.
    pub error: Option<io::Error>,
}

impl<'r> Feeder<'r> {
    /// Wraps a reader.
    pub fn new(rdr: Box<dyn Read + 'r>) -> Feeder<'r> {
        Feeder::for_entry(Box::new(Plain(rdr)))
    }

    /// Wraps an entry's reader, taking over its buffers when it can hand them over.
    pub fn for_entry(rdr: Box<dyn EntryRead + 'r>) -> Feeder<'r> {
        Feeder {
            rdr,
            // Most export files are a few KiB: start small and grow to CHUNK only when reads
            // fill the buffer, instead of zeroing 256 KiB for every file.
            buf: vec![0; START],
            start: 0,
            end: 0,
            eof: false,
            error: None,
        }
    }

    /// The bytes buffered and not yet consumed.
    pub fn data(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    /// Marks `n` buffered bytes as used.
    pub fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// True once the reader is exhausted (or failed): the buffered bytes are all there is.
    pub fn at_end(&self) -> bool {
        self.eof
    }

    /// True once the reader is exhausted (or failed) and the buffer is empty.
    pub fn exhausted(&self) -> bool {
        self.eof && self.start >= self.end
    }

    /// Reads more bytes after the unconsumed ones. Returns how many arrived; 0 means the
    /// end of input (or a read error, kept in `self.error`).
    pub fn fill(&mut self) -> usize {
        if self.eof {
            return 0;
        }
        if let Some(n) = self.take_over() {
            return n;
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            let Some(space) = self.buf.get_mut(self.end..) else {
                return 0;
            };
            match self.rdr.read(space) {
                Ok(0) => {
                    self.eof = true;
                    return 0;
                }
                Ok(n) => {
                    if n == space.len() && self.buf.len() < CHUNK {
                        let grown = (self.buf.len() * 2).min(CHUNK);
                        self.buf.resize(grown, 0);
                    }
                    self.end += n;
                    return n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.eof = true;
                    self.error = Some(e);
                    return 0;
                }
            }
        }
    }

    /// `fill` by taking over the reader's next buffer, with the few unconsumed bytes put in
    /// its headroom. `None` when the reader has none to hand over, or too much is left.
    fn take_over(&mut self) -> Option<usize> {
        let left = self.buf.get(self.start..self.end).unwrap_or_default();
        let mut carry = [0u8; HANDOVER_HEADROOM];
        let kept = carry.get_mut(..left.len())?;
        kept.copy_from_slice(left);
        let k = left.len();
        let mut buf = std::mem::take(&mut self.buf);
        match self.rdr.hand_over(&mut buf) {
            None => {
                self.buf = buf;
                None
            }
            Some(Ok((start, end))) if end > start => {
                let carried = carry.get(..k).unwrap_or_default();
                match start.checked_sub(k).and_then(|s| buf.get_mut(s..start)) {
                    Some(room) => {
                        room.copy_from_slice(carried);
                        self.start = start - k;
                        self.end = end;
                        self.buf = buf;
                    }
                    // Less headroom than promised: join by copying, never lose bytes.
                    None => {
                        let mut joined = carried.to_vec();
                        joined.extend_from_slice(buf.get(start..end).unwrap_or_default());
                        self.start = 0;
                        self.end = joined.len();
                        self.buf = joined;
                    }
                }
                Some(end - start)
            }
            Some(Ok(_)) => {
                self.buf = buf;
                self.eof = true;
                Some(0)
            }
            Some(Err(e)) => {
                self.buf = buf;
                self.eof = true;
                self.error = Some(e);
                Some(0)
            }
        }
    }

    /// Fills until at least `n` bytes are buffered or the input ends.
    pub fn fill_to(&mut self, n: usize) {
        while self.end - self.start < n && self.fill() > 0 {}
    }

    /// Gives back the buffered bytes followed by the rest of the input, to re-wrap them
    /// (in a decoder, for UTF-16 files).
    pub fn into_reader(self) -> (impl Read + 'r, Option<io::Error>) {
        let rest = self
            .buf
            .get(self.start..self.end)
            .unwrap_or_default()
            .to_vec();
        (io::Cursor::new(rest).chain(self.rdr), self.error)
    }
}

vocabulary! {
    /// The text encoding a file is in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Encoding {
        /// UTF-8 without a byte-order mark: every modern LinkedIn file.
        Utf8 = "utf-8",
        /// UTF-8 with a BOM: a file someone re-saved (Excel).
        Utf8Bom = "utf-8-bom",
        /// UTF-16 little-endian with BOM: the 2018 "legacy" TSV family.
        Utf16Le = "utf-16le",
        /// UTF-16 big-endian with BOM: never seen from LinkedIn, cheap to support.
        Utf16Be = "utf-16be",
        /// Not text.
        Binary = "binary",
    }
}

/// Looks at the first bytes of a file and says how it is encoded, and how many bytes of
/// byte-order mark to skip.
pub fn sniff_encoding(head: &[u8]) -> (Encoding, usize) {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8Bom, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        _ => {
            let window = head.get(..8192).unwrap_or(head);
            if memchr::memchr(0, window).is_none() {
                return (Encoding::Utf8, 0);
            }
            // UTF-16 without a BOM shows as ASCII interleaved with zeros.
            let even_zeros = window
                .iter()
                .skip(1)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count();
            let pairs = window.len() / 2;
            if pairs > 0 && even_zeros * 10 >= pairs * 9 {
                (Encoding::Utf16Le, 0)
            } else {
                (Encoding::Binary, 0)
            }
        }
    }
}

/// Counts characters and whitespace-separated words in UTF-8 bytes, carrying the
/// "inside a word" state across chunks so a field can be counted piecewise.
///
/// Written as whole-block counts with no branch per byte (characters are the bytes that
/// are not UTF-8 continuation bytes; words start where a space is followed by a non-space)
/// so the compiler vectorises it: this runs over every byte of every message and post.
/// Most fields are a few hundred bytes, so the tail matters as much as the blocks: it is
/// padded with spaces (no character start, no word start) and counted as one more block,
/// instead of byte by byte, which had halved the speed on such fields.
pub fn count_text(bytes: &[u8], in_word: &mut bool) -> (u64, u64) {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return (0, 0);
    };
    // Block `i` counts the pairs (bytes[i + k], bytes[i + k + 1]) for k < BLOCK: word starts
    // at the second byte of a pair, and continuation bytes among the second bytes. The
    // first byte of all is no pair's second: it is counted on its own below.
    let mut continuation = usize::from(is_continuation(first));
    let mut starts = usize::from(!*in_word && !is_space(first));
    let mut windows = bytes.windows(BLOCK + 1).step_by(BLOCK);
    let mut done = 0;
    for window in &mut windows {
        if let Ok(window) = <&[u8; BLOCK + 1]>::try_from(window) {
            let (c, s) = count_block(window);
            continuation += c;
            starts += s;
            done += BLOCK;
        }
    }
    let mut pad = [b' '; BLOCK + 1];
    let rest = bytes.get(done..).unwrap_or_default();
    if let Some(dst) = pad.get_mut(..rest.len()) {
        dst.copy_from_slice(rest);
        let (c, s) = count_block(&pad);
        continuation += c;
        starts += s;
    }
    *in_word = !is_space(last);
    ((bytes.len() - continuation) as u64, starts as u64)
}

/// Continuation bytes among `w[1..]` and word starts in the pairs of `w`. Fixed-size
/// arrays and byte-wide counters are what the compiler turns into 16 lanes per
/// instruction; a block of 64 cannot overflow a u8.
#[inline(always)]
fn count_block(w: &[u8; BLOCK + 1]) -> (usize, usize) {
    let (Some(prev), Some(next)) = (w.first_chunk::<BLOCK>(), w.last_chunk::<BLOCK>()) else {
        return (0, 0);
    };
    let (mut c, mut s) = (0u8, 0u8);
    for (&a, &b) in prev.iter().zip(next) {
        c += u8::from(is_continuation(b));
        s += u8::from(is_space(a) & !is_space(b));
    }
    (usize::from(c), usize::from(s))
}

#[inline(always)]
fn is_continuation(b: u8) -> bool {
    (b as i8) < -64
}

const BLOCK: usize = 64;

/// ASCII whitespace as the word counter sees it: space, TAB, LF, VT, FF, CR.
#[inline(always)]
fn is_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart_by_their_first_bytes() {
        assert_eq!(
            sniff_encoding(b"\xEF\xBB\xBFName\n"),
            (Encoding::Utf8Bom, 3)
        );
        assert_eq!(sniff_encoding(b"\xFF\xFE\"\0T\0"), (Encoding::Utf16Le, 2));
        assert_eq!(sniff_encoding(b"Name,Value\n"), (Encoding::Utf8, 0));
        assert_eq!(sniff_encoding(b"N\0a\0m\0e\0"), (Encoding::Utf16Le, 0));
        assert_eq!(
            sniff_encoding(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            (Encoding::Binary, 0)
        );
    }

    /// The obvious byte-at-a-time count, which the vectorised one must match.
    fn count_text_slowly(bytes: &[u8], in_word: &mut bool) -> (u64, u64) {
        let (mut chars, mut words) = (0, 0);
        for &b in bytes {
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                *in_word = false;
            } else if !*in_word {
                *in_word = true;
                words += 1;
            }
        }
        (chars, words)
    }

    proptest::proptest! {
        #[test]
        fn fast_text_counts_match_the_slow_ones(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b' ', b'\t', b'\n', 0x0B, 0x0C, b'\r', 0x08, 0x0E, 0xC3, 0xA9, 0xF0, 0x9F]),
                0..300,
            ),
            in_word in proptest::bool::ANY,
        ) {
            let (mut fast, mut slow) = (in_word, in_word);
            proptest::prop_assert_eq!(count_text(&bytes, &mut fast), count_text_slowly(&bytes, &mut slow));
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn text_counts_survive_chunk_boundaries() {
        let text = "Zoë wrote  two\nlines";
        let mut in_word = false;
        let whole = count_text(text.as_bytes(), &mut in_word);
        assert_eq!(whole, (20, 4));
        let (a, b) = text.as_bytes().split_at(3);
        let mut in_word = false;
        let (c1, w1) = count_text(a, &mut in_word);
        let (c2, w2) = count_text(b, &mut in_word);
        assert_eq!((c1 + c2, w1 + w2), whole);
    }

    #[test]
    fn feeder_refills_and_reports_end() {
        let data = vec![b'x'; CHUNK * 3 + 7];
        let mut f = Feeder::new(Box::new(io::Cursor::new(data)));
        let mut total = 0;
        loop {
            if f.data().is_empty() && f.fill() == 0 {
                break;
            }
            let n = f.data().len();
            total += n;
            f.consume(n);
        }
        assert_eq!(total, CHUNK * 3 + 7);
        assert!(f.exhausted());
        assert!(f.error.is_none());
    }
}
