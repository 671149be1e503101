//! The terminal summary: one table per scan, readable in 100 columns.
//!
//! Colour is decided by the caller (TTY, `NO_COLOR`, `--color`) and passed in; this module
//! never looks at the environment.

use super::exposure::Exposure;
use super::format::thousands;
use super::microsoft::{BringsIn, KindReport, Provides};
use super::problem::Severity;
use super::{InputReport, Report, Text};
use crate::policy::{Jurisdiction, Purpose, Verdict};
use std::fmt::Write as _;

/// Whether to emit ANSI colour codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text.
    Never,
    /// ANSI colours.
    Always,
}

struct Paint(Color);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        match self.0 {
            Color::Never => s.to_string(),
            Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
}

/// Keeps terminal output on one line and free of control characters that archive text
/// could smuggle in (escape sequences would otherwise reach the user's terminal).
fn clean(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// "1 record", "2 records".
fn count_of(n: u64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{} {thing}s", thousands(n))
    }
}

fn text_cols(t: &Text) -> (String, String) {
    (thousands(t.words), thousands(t.tokens_estimate))
}

/// Renders the summary: one section after another, in the order a reader needs them.
pub fn render(report: &Report, color: Color) -> String {
    let p = Paint(color);
    let mut out = String::new();
    render_heading(report, &p, &mut out);
    let _ = writeln!(out);
    render_exposure(report, &p, &mut out);
    let _ = writeln!(out);
    render_categories(report, &p, &mut out);
    render_actions(report, &p, &mut out);
    out.push_str(&super::posts::render_summary(report));
    render_microsoft(report, &p, &mut out);
    render_unknown_files(report, &p, &mut out);
    render_not_read(report, &p, &mut out);
    render_missing(report, &p, &mut out);
    render_problems(report, &p, &mut out);
    out
}

/// The title, the redaction notice, each input and the export date.
fn render_heading(report: &Report, p: &Paint, out: &mut String) {
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "lidex {}: what your LinkedIn export holds",
            report.tool.version
        ))
    );
    if report.redacted {
        let _ = writeln!(
            out,
            "  Redacted: other people's emails, phones, profile links, names and excerpts are masked."
        );
    }
    for input in &report.inputs {
        render_input(input, out);
    }
    if let Some(d) = &report.export_date {
        let how = match d.source.as_str() {
            "file_name" => "from the file name",
            "folder_name" => "from the folder name",
            "zip_timestamps" => "from the ZIP's file times",
            _ => "from the newest activity in the data: the export is no older",
        };
        let late = if d.records_dated_after > 0 {
            format!(
                "; {} dated after it, left out of the spans",
                count_of(d.records_dated_after, "record")
            )
        } else {
            String::new()
        };
        let _ = writeln!(out, "  Export date: {} ({how}){late}", d.date);
    }
}

/// One input: its path, type, date and file count, its note and what was skipped in it.
fn render_input(input: &InputReport, out: &mut String) {
    let date = input
        .export_date
        .as_deref()
        .map(|d| format!(", exported {d}"))
        .unwrap_or_default();
    let source = if input.archive_type_source == "contents" {
        " (told from its contents)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  {}  {} archive{source}{date}, {} files",
        clean(&input.path, 60),
        input.archive_type,
        input.files
    );
    if let Some(note) = &input.note {
        let _ = writeln!(out, "    {}", clean(note, 200));
    }
    let mut skipped = Vec::new();
    if input.not_read > 0 {
        skipped.push(format!(
            "{} not part of a LinkedIn export, not read",
            count_of(input.not_read as u64, "file")
        ));
    }
    if input.skipped_system > 0 {
        skipped.push(format!(
            "{} skipped (.DS_Store, __MACOSX)",
            count_of(input.skipped_system as u64, "macOS file")
        ));
    }
    if !skipped.is_empty() {
        let _ = writeln!(out, "    {}", skipped.join("; "));
    }
}

/// The table of categories with their totals, and the region's training verdict when one is given.
fn render_categories(report: &Report, p: &Paint, out: &mut String) {
    let region = report.exposure.policy.region;
    let header = format!(
        "{:<24} {:>6} {:>10} {:>11} {:>11}  {:<10}  {:<10}{}",
        "Category",
        "Files",
        "Records",
        "Words",
        "~Tokens",
        "First",
        "Last",
        if region.is_some() {
            "  GenAI training"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "{}", p.bold(&header));
    for c in &report.categories {
        let (words, tokens) = text_cols(&c.text);
        let verdict = region
            .and_then(|r| {
                c.exposure
                    .get(&Purpose::GenaiTraining)
                    .and_then(|row| row.get(&r))
            })
            .map(|v| format!("  {}", paint_verdict(p, v.verdict)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<24} {:>6} {:>10} {:>11} {:>11}  {:<10}  {:<10}{verdict}",
            c.label,
            c.files,
            thousands(c.records),
            words,
            tokens,
            c.first.as_deref().unwrap_or("-"),
            c.last.as_deref().unwrap_or("-"),
        );
    }
    let s = &report.summary;
    let (words, tokens) = text_cols(&s.text);
    let (first, last) = s
        .date_range
        .as_ref()
        .map_or(("-", "-"), |r| (r.first.as_str(), r.last.as_str()));
    let total = format!(
        "{:<24} {:>6} {:>10} {:>11} {:>11}  {:<10}  {:<10}",
        "Total",
        s.files,
        thousands(s.records),
        words,
        tokens,
        first,
        last
    );
    let _ = writeln!(out, "{}", p.bold(&total));
    let _ = writeln!(
        out,
        "{}",
        p.dim("Words and tokens count free text you or others wrote (posts, messages, profile text); ~4 characters per token.")
    );
}

/// Files lidex does not know, with the guess and its first evidence.
fn render_unknown_files(report: &Report, p: &Paint, out: &mut String) {
    let unknown: Vec<_> = report.files.iter().filter(|f| !f.known).collect();
    if !unknown.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!(
                "Files lidex does not know ({}), classified by guessing:",
                unknown.len()
            ))
        );
        for f in unknown {
            let why = f.evidence.first().map(String::as_str).unwrap_or("");
            let _ = writeln!(
                out,
                "  {}  -> {} ({})",
                clean(&f.path, 50),
                f.category,
                clean(why, 50)
            );
        }
    }
}

/// Files that are not part of a LinkedIn export (the first 12).
fn render_not_read(report: &Report, p: &Paint, out: &mut String) {
    if !report.not_read.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!(
                "Not part of a LinkedIn export, not read ({}):",
                report.not_read.len()
            ))
        );
        for n in report.not_read.iter().take(12) {
            let _ = writeln!(out, "  {}", clean(&n.path, 80));
        }
        if report.not_read.len() > 12 {
            let _ = writeln!(
                out,
                "  … and {} more; --json lists them all",
                report.not_read.len() - 12
            );
        }
    }
}

/// Export files this archive lacks, each with the reason it is missing.
fn render_missing(report: &Report, p: &Paint, out: &mut String) {
    if !report.missing.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!(
                "Not in this archive ({}), so not counted above:",
                report.missing.len()
            ))
        );
        for m in &report.missing {
            let _ = writeln!(out, "  {:<34} {}", clean(&m.label, 34), m.reason);
        }
    }
}

/// The problem counts and the first 12 errors and warnings.
fn render_problems(report: &Report, p: &Paint, out: &mut String) {
    let counts = &report.summary.problems;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "Problems: {} errors, {} warnings, {} notes",
            counts.error, counts.warning, counts.info
        ))
    );
    let serious: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.severity >= Severity::Warning)
        .collect();
    for problem in serious.iter().take(12) {
        let tag = match problem.severity {
            Severity::Error => p.red("error  "),
            Severity::Warning => p.yellow("warning"),
            Severity::Info => "note   ".to_string(),
        };
        let _ = writeln!(
            out,
            "  {tag} {}: {}",
            clean(problem.path.as_deref().unwrap_or("-"), 40),
            clean(&problem.message, 120)
        );
    }
    if serious.len() > 12 {
        let _ = writeln!(
            out,
            "  … and {} more; --json lists them all",
            serious.len() - 12
        );
    }
}

fn place(j: Jurisdiction) -> String {
    match j {
        Jurisdiction::Uk | Jurisdiction::Us => format!("the {}", j.label()),
        _ => j.label().to_string(),
    }
}

fn paint_verdict(p: &Paint, v: Verdict) -> String {
    match v {
        Verdict::Used => p.red(v.label()),
        Verdict::Unclear => p.yellow(v.label()),
        _ => v.label().to_string(),
    }
}

/// What the policy lets LinkedIn do with this archive: the region's summary, or every region's.
fn render_exposure(report: &Report, p: &Paint, out: &mut String) {
    let e = &report.exposure;
    let version = e.policy.version.as_deref().unwrap_or("-");
    match e.policy.region {
        Some(region) => render_region_exposure(e, region, version, p, out),
        None => render_exposure_table(e, version, p, out),
    }
    render_not_in_archive(e, out);
}

/// One region: each purpose's summary, with the opt-out split and data older than the rule.
fn render_region_exposure(
    e: &Exposure,
    region: Jurisdiction,
    version: &str,
    p: &Paint,
    out: &mut String,
) {
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "Exposure in {} (policy version {version}, as of {}):",
            place(region),
            e.policy.as_of
        ))
    );
    for s in &e.surfaces {
        let _ = writeln!(out, "  {}: {}", p.bold(s.purpose.label()), s.summary);
        if let Some(split) = &s.opt_out {
            let _ = writeln!(
                out,
                "    Opted out on {}: {} records ({} tokens) created before may already have been used; {} records after are not.",
                split.opted_out_on,
                thousands(split.before.records),
                thousands(split.before.text.tokens_estimate),
                thousands(split.after.records),
            );
        }
        if let Some(old) = &s.predates_rule
            && old.before.records > 0
        {
            let _ = writeln!(
                out,
                "    {} of these records predate the rule's start ({}): the new policy reaches back to old data.",
                thousands(old.before.records),
                old.rule_valid_from
            );
        }
    }
}

/// No region given: ~tokens that may be used, one row per purpose and one column per region.
fn render_exposure_table(e: &Exposure, version: &str, p: &Paint, out: &mut String) {
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "Exposure by region: ~tokens of your text that may be used (policy version {version}, as of {}):",
            e.policy.as_of
        ))
    );
    let mut head = format!("  {:<24}", "Purpose");
    for j in Jurisdiction::ALL {
        head.push_str(&format!(" {:>10}", j.id().to_uppercase()));
    }
    let _ = writeln!(out, "{}", p.bold(&head));
    for purpose in Purpose::ALL {
        let mut line = format!("  {:<24}", purpose.label());
        for j in Jurisdiction::ALL {
            let cell = e
                .surfaces
                .iter()
                .find(|s| s.purpose == purpose && s.jurisdiction == j)
                .map(|s| {
                    if s.used.records > 0 || s.used.text.chars > 0 {
                        thousands(s.used.text.tokens_estimate)
                    } else if s.unclear.records > 0 {
                        "?".to_string()
                    } else {
                        "-".to_string()
                    }
                })
                .unwrap_or_default();
            line.push_str(&format!(" {cell:>10}"));
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "{}",
        p.dim("  ? = only data the policy is unclear about; - = none. Give --region (eu, uk, ch, ca, hk, us, row) for your own summary and steps.")
    );
}

/// Categories used for GenAI training that this archive does not show.
fn render_not_in_archive(e: &Exposure, out: &mut String) {
    // No file, files without records, and placeholders are told apart: "not in your
    // archive" next to a table that lists the category's files would contradict it.
    for (state, what) in [
        ("no_file", "not in your archive"),
        (
            "no_records",
            "in your archive, but its files hold no records",
        ),
        (
            "placeholder_only",
            "in your archive only as LinkedIn's placeholder (no records)",
        ),
    ] {
        let missing: Vec<String> = e
            .not_in_archive
            .iter()
            .filter(|n| n.purpose == Purpose::GenaiTraining && n.state == state)
            .map(|n| format!("{} ({})", n.category.label(), n.verdict.label()))
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(
                out,
                "  Used for GenAI training, {what}: {}.",
                missing.join(", ")
            );
        }
    }
}

fn render_actions(report: &Report, p: &Paint, out: &mut String) {
    let actions = &report.exposure.actions;
    if actions.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let heading = if report.exposure.policy.region.is_some() {
        "What you can do:".to_string()
    } else {
        "What you can do (every region's steps; give --region for yours):".to_string()
    };
    let _ = writeln!(out, "{}", p.bold(&heading));
    for (i, a) in actions.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}: {}", i + 1, a.label, a.path.join(" > "));
        if let Some(url) = &a.url {
            let _ = writeln!(out, "     {url}");
        }
        let mut sources: Vec<&str> = a.cite.iter().map(|c| c.source.as_str()).collect();
        sources.dedup();
        if !sources.is_empty() {
            let _ = writeln!(
                out,
                "     {}",
                p.dim(&format!("source: {}", sources.join(", ")))
            );
        }
    }
}

/// "Positions 5, Education 2": archive labels and values, cleaned.
fn count_list(list: &[super::microsoft::CountReport]) -> String {
    list.iter()
        .map(|c| format!("{} {}", clean(&c.label, 40), thousands(c.records)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Microsoft account connection: the evidence of one, what flows each way, and how to undo it.
fn render_microsoft(report: &Report, p: &Paint, out: &mut String) {
    let m = &report.microsoft_account_connection;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        p.bold("Microsoft account connection (personal or work/school):")
    );
    let _ = writeln!(out, "  {}", m.statement);
    for e in &m.evidence {
        let _ = writeln!(
            out,
            "    {} {} = \"{}\" ({}): {} records",
            clean(&e.file, 30),
            clean(&e.column, 20),
            clean(&e.value, 40),
            e.service,
            thousands(e.records)
        );
    }
    render_linkedin_provides(&m.linkedin_provides, out);
    render_brings_in(&m.brings_in, out);
    for k in &m.kinds {
        render_connection_kind(k, out);
    }
}

/// What LinkedIn would provide to Microsoft, counted from this archive.
fn render_linkedin_provides(give: &Provides, out: &mut String) {
    let connections = match give.connections {
        Some(n) => format!(
            "{} connections ({} with an email address)",
            thousands(n),
            thousands(give.connections_with_email)
        ),
        None => "no connections file".to_string(),
    };
    let _ = writeln!(
        out,
        "  If your account is connected, LinkedIn provides: {connections};"
    );
    let fields: Vec<String> = give.profile_fields.iter().map(|f| clean(f, 30)).collect();
    let _ = writeln!(
        out,
        "    profile fields: {}",
        if fields.is_empty() {
            "none in Profile.csv".to_string()
        } else {
            fields.join(", ")
        }
    );
    if !give.profile_sections.is_empty() {
        let _ = writeln!(
            out,
            "    profile sections: {}",
            count_list(&give.profile_sections)
        );
    }
    if !give.contact_details.is_empty() {
        let _ = writeln!(
            out,
            "    your contact details: {}",
            count_list(&give.contact_details)
        );
    }
    let _ = writeln!(
        out,
        "    {} follows and interests{}",
        thousands(give.interests_total),
        if give.interests.is_empty() {
            String::new()
        } else {
            format!(" ({})", count_list(&give.interests))
        }
    );
    let _ = writeln!(
        out,
        "    your subscriptions: {}",
        if give.subscription_receipts.is_empty() {
            "no payment receipts in the export".to_string()
        } else {
            format!(
                "payment receipts {}",
                count_list(&give.subscription_receipts)
            )
        }
    );
}

/// What a connected account brings into LinkedIn, counted from this archive.
fn render_brings_in(bring: &BringsIn, out: &mut String) {
    let _ = writeln!(
        out,
        "  and brings in: imported contacts {}{}; synced calendars {}",
        thousands(bring.imported_contacts_total),
        if bring.imported_contacts.is_empty() {
            String::new()
        } else {
            format!(" ({})", count_list(&bring.imported_contacts))
        },
        if bring.synced_calendars.is_empty() {
            "none".to_string()
        } else {
            count_list(&bring.synced_calendars)
        }
    );
}

/// One kind of account (personal, work/school): the flows, who keeps what, and the steps out.
fn render_connection_kind(k: &KindReport, out: &mut String) {
    let _ = writeln!(out, "  {}:", k.label);
    let sent: Vec<&str> = k
        .linkedin_to_microsoft
        .iter()
        .map(|f| f.data.id())
        .collect();
    let got: Vec<&str> = k
        .microsoft_to_linkedin
        .iter()
        .map(|f| f.data.id())
        .collect();
    let _ = writeln!(
        out,
        "    sends {}; brings in {}",
        sent.join(", "),
        got.join(", ")
    );
    let _ = writeln!(out, "    kept by LinkedIn: {}", k.kept_by_linkedin.text);
    let _ = writeln!(out, "    kept by Microsoft: {}", k.kept_by_microsoft.text);
    let _ = writeln!(
        out,
        "    disconnect on LinkedIn: {}",
        k.linkedin_steps.steps.join(" > ")
    );
    let _ = writeln!(
        out,
        "    disconnect on the Microsoft side: {}",
        k.microsoft_steps.steps.join(" > ")
    );
    let _ = writeln!(out, "    imported contacts: {}", k.imported_contacts.text);
    let _ = writeln!(out, "    public profile: {}", k.public_profile.text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\x1b[31mred\nb", 80), "a [31mred b");
        assert_eq!(clean("abcdef", 4), "abc…");
    }
}
