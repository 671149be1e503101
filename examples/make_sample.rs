//! Rebuilds `fixtures/Complete_LinkedInDataExport_04-20-2026.zip` from `fixtures/sample/`.
//!
//! The folder is the readable source of truth; the ZIP is what a member downloads. A test
//! checks that the committed ZIP is exactly what this program makes.
//!
//!     cargo run --example make_sample

// The ZIP writer is test support, not library API: the sample is built by the tests' copy,
// which a test also uses to check the committed ZIP.
#[path = "../tests/it/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let files = synth::read_folder(&root.join("sample"))?;
    let bytes = synth::zip_files(&files)?;
    let out = root.join("Complete_LinkedInDataExport_04-20-2026.zip");
    std::fs::write(&out, &bytes)?;
    println!(
        "{} files, {} bytes -> {}",
        files.len(),
        bytes.len(),
        out.display()
    );
    Ok(())
}
