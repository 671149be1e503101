//! Rebuilds `fixtures/Complete_LinkedInDataExport_04-20-2026.zip` from `fixtures/sample/`.
//!
//! The folder is the readable source of truth; the ZIP is what a member downloads. A test
//! checks that the committed ZIP is exactly what this program makes.
//!
//!     cargo run --example make_sample

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let files = lidex::synth::read_folder(&root.join("sample"))?;
    let bytes = lidex::synth::zip_files(&files)?;
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
