//! The progress bar: on stderr, only when stderr is a terminal and `--quiet` is not given.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lidex::analysis::Progress;
use std::io::IsTerminal;

/// A bar that shows nothing unless it should.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar, visible only on an interactive stderr.
    pub fn new(quiet: bool) -> Bar {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
        } else {
            ProgressBar::new(0)
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} scanning {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar { bar }
    }

    /// Feeds one library progress event.
    pub fn event(&self, event: Progress) {
        match event {
            Progress::Start { bytes, .. } => self.bar.set_length(bytes),
            Progress::Entry { bytes } => self.bar.inc(bytes),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
