//! `lidex policy`'s text: the verdict tables, `--explain`'s rules and quotes, the controls
//! and the Microsoft account connections, all at most [`WIDTH`] columns wide. The JSON view
//! of the model is [`json`]'s.
//!
//! The policy module computes; this one only lays out what it answers.

pub mod json;

use crate::category::Category;
use crate::policy::connection::{AccountConnection, Flow, Steps};
use crate::policy::{Jurisdiction, Policy, Purpose, Rule, Verdict};
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Reports are meant for an 80-100 column terminal.
pub const WIDTH: usize = 100;

/// A column heading of at most four characters for the tables.
fn short(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::Eu => "EU",
        Jurisdiction::Uk => "UK",
        Jurisdiction::Ch => "CH",
        Jurisdiction::Ca => "CA",
        Jurisdiction::Hk => "HK",
        Jurisdiction::Us => "US",
        Jurisdiction::Row => "RoW",
    }
}

/// The one-character mark used in tables: `Y`, `N`, `-` (not listed) or `?`.
fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Used => "Y",
        Verdict::Excluded => "N",
        Verdict::NotListed => "-",
        Verdict::Unclear => "?",
    }
}

/// A rule's window as text, e.g. `2025-11-03 .. open`.
fn window(rule: &Rule) -> String {
    let from = rule
        .valid_from
        .map_or_else(|| "start".to_owned(), |d| d.to_string());
    let to = rule
        .valid_to
        .map_or_else(|| "open".to_owned(), |d| d.to_string());
    format!("{from} .. {to}")
}

/// Appends `text` word-wrapped to `WIDTH`: the first line after `first`, later ones after `rest`.
fn push_wrapped(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn purpose_label(policy: &Policy, purpose: Purpose) -> String {
    let label = policy
        .purposes()
        .iter()
        .find(|p| p.id == purpose)
        .map_or(purpose.label(), |p| p.label.as_str());
    format!("{label} [{purpose}]")
}

fn item_name(id: &str) -> &str {
    id.split_once('.').map_or(id, |(_, name)| name)
}

/// A plain-text table per purpose: category rows (with item rows where an item differs)
/// by jurisdiction columns, verdicts as `Y`, `N`, `-`, `?`, then a legend, the conflicts
/// involved and the sources. Deterministic and at most 100 columns wide.
pub fn render_table(policy: &Policy, jurisdiction: Option<Jurisdiction>, on: Date) -> String {
    let columns: Vec<Jurisdiction> = match jurisdiction {
        Some(j) => vec![j],
        None => Jurisdiction::ALL.to_vec(),
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", policy.meta().title);
    let _ = writeln!(out, "Policy in force on {on}, from {}", policy.origin());
    let _ = writeln!(
        out,
        "Default version {}; newest source capture checked {}",
        policy.meta().default_version,
        policy.meta().as_of
    );
    let mut seen_conflicts: BTreeSet<&str> = BTreeSet::new();

    for purpose in Purpose::ALL {
        out.push('\n');
        let _ = writeln!(out, "{}", purpose_label(policy, purpose));
        let mut header = format!("  {:<34}", "Category");
        for j in &columns {
            let _ = write!(header, "{:^5}", short(*j));
        }
        header.push_str("  Conflicts");
        let _ = writeln!(out, "{header}");

        for category in Category::ALL {
            let line = table_row(
                policy,
                purpose,
                category,
                None,
                &columns,
                on,
                &mut seen_conflicts,
            );
            let _ = writeln!(
                out,
                "{}",
                format!("  {:<34}{line}", category.label()).trim_end()
            );
            for item in items_with_rules(policy, purpose, category, &columns, on) {
                let line = table_row(
                    policy,
                    purpose,
                    category,
                    Some(item),
                    &columns,
                    on,
                    &mut seen_conflicts,
                );
                let label = format!("    .{}", item_name(item));
                let _ = writeln!(out, "{}", format!("  {label:<34}{line}").trim_end());
            }
        }
    }

    out.push('\n');
    out.push_str(
        "Legend: Y used (the text lists it)   N excluded (the text expressly excludes it)\n",
    );
    out.push_str(
        "        - not listed (left out of an enumerated list)   ? unclear or conflicting\n",
    );
    out.push_str("        Item rows (.name) are shown where an item differs from its category.\n");

    if !seen_conflicts.is_empty() {
        out.push_str("\nConflicts:\n");
        // File order, so C2 follows C1 rather than C11.
        for c in policy
            .conflicts()
            .iter()
            .filter(|c| seen_conflicts.contains(c.id.as_str()))
        {
            push_wrapped(
                &mut out,
                &format!("  {:<5} {}: ", c.id, c.title),
                "        ",
                &c.resolution,
            );
        }
    }

    out.push_str("\nSources:\n");
    for s in policy.sources() {
        push_wrapped(
            &mut out,
            &format!("  {:<10} {:<9} ", s.id, s.kind.id()),
            &" ".repeat(23),
            &s.title,
        );
        if let (Some(repo), Some(commit)) = (&s.repo, &s.commit) {
            let _ = writeln!(out, "{:23}{repo}@{commit}", "");
        } else if let Some(url) = &s.url {
            let _ = writeln!(out, "{:23}{url}", "");
        }
    }
    out
}

/// One row's marks and the conflicts behind them; records those conflicts in `seen` for the
/// list under the tables.
fn table_row<'p>(
    policy: &'p Policy,
    purpose: Purpose,
    category: Category,
    item: Option<&str>,
    columns: &[Jurisdiction],
    on: Date,
    seen: &mut BTreeSet<&'p str>,
) -> String {
    let mut marks = String::new();
    let mut ids: BTreeSet<&'p str> = BTreeSet::new();
    for j in columns {
        let res = policy.resolve(purpose, *j, category, item, on);
        let _ = write!(marks, "{:^5}", mark(res.verdict));
        if let Some(rule) = res.rule {
            ids.extend(rule.conflicts.iter().map(String::as_str));
        }
    }
    seen.extend(ids.iter().copied());
    // File order, so C2 sorts before C11.
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_by_key(|id| policy.conflicts().iter().position(|c| c.id == *id));
    format!("{marks}  {}", ids.join(" "))
}

/// Items of `category` that some rule of `purpose` in force on `on` singles out in one of
/// `columns`, in vocabulary order.
fn items_with_rules<'p>(
    policy: &'p Policy,
    purpose: Purpose,
    category: Category,
    columns: &[Jurisdiction],
    on: Date,
) -> Vec<&'p str> {
    policy
        .items()
        .iter()
        .filter(|i| i.category == category)
        .filter(|i| {
            policy.rules().iter().any(|r| {
                r.purpose == purpose
                    && r.item.as_deref() == Some(i.id.as_str())
                    && r.in_force_on(on)
                    && columns.iter().any(|j| r.covers(*j))
            })
        })
        .map(|i| i.id.as_str())
        .collect()
}

/// Everything the model says about `category` (or its `item`): per purpose, the verdict in
/// each jurisdiction on `on`, then every matching rule, grouped by the jurisdictions it
/// covers, with its window, basis, conflicts and resolutions, and each cite's source, commit
/// and quote.
pub fn explain(policy: &Policy, category: Category, item: Option<&str>, on: Date) -> String {
    let mut out = String::new();
    let subject = match item {
        Some(id) => match policy.item(id) {
            Some(known) => format!("{id} ({})", known.label),
            None => format!("{id} (not in the item vocabulary; category rules apply)"),
        },
        None => format!("{} ({})", category.id(), category.label()),
    };
    push_wrapped(
        &mut out,
        "Explain: ",
        "         ",
        &format!("{subject}, on {on}"),
    );
    let _ = writeln!(
        out,
        "Model: {} (newest capture checked {})",
        policy.origin(),
        policy.meta().as_of
    );
    let matching = policy.rules_matching(category, item);

    for purpose in Purpose::ALL {
        out.push('\n');
        let _ = writeln!(out, "{}", purpose_label(policy, purpose));
        let _ = writeln!(out, "  On {on}:");
        for j in Jurisdiction::ALL {
            let res = policy.resolve(purpose, j, category, item, on);
            let by = res.rule.map_or("no rule", |r| r.id.as_str());
            let _ = writeln!(
                out,
                "    {:<14} {} {:<11} {by}",
                j.label(),
                mark(res.verdict),
                res.verdict.label()
            );
        }

        let mut rules: Vec<&Rule> = matching
            .iter()
            .copied()
            .filter(|r| r.purpose == purpose)
            .collect();
        if rules.is_empty() {
            let _ = writeln!(out, "  No rule mentions this data for this purpose.");
            continue;
        }
        // Group by jurisdiction set in report order, oldest window first within a group.
        rules.sort_by_key(|r| {
            (
                jurisdiction_key(&r.jurisdictions),
                r.valid_from,
                r.item.is_some(),
            )
        });
        let mut group: Option<Vec<Jurisdiction>> = None;
        for rule in rules {
            if group.as_ref() != Some(&rule.jurisdictions) {
                let labels: Vec<&str> = rule.jurisdictions.iter().map(|j| j.label()).collect();
                let _ = writeln!(out, "  Rules for {}:", labels.join(", "));
                group = Some(rule.jurisdictions.clone());
            }
            explain_rule(&mut out, policy, rule, on);
        }
    }
    out
}

/// Sorts jurisdiction sets by their members in report order, so groups come out stable.
fn jurisdiction_key(js: &[Jurisdiction]) -> Vec<usize> {
    let mut key: Vec<usize> = js
        .iter()
        .filter_map(|j| Jurisdiction::ALL.iter().position(|x| x == j))
        .collect();
    key.sort_unstable();
    key
}

fn explain_rule(out: &mut String, policy: &Policy, rule: &Rule, on: Date) {
    let state = if rule.in_force_on(on) {
        "in force"
    } else {
        "not in force"
    };
    let _ = writeln!(
        out,
        "    - {} ({}:{}, {state})",
        rule.id,
        policy.origin(),
        rule.line
    );
    let target = match &rule.item {
        Some(item) => format!("item {item}"),
        None => {
            let ids: Vec<&str> = rule.categories.iter().map(|c| c.id()).collect();
            format!("category {}", ids.join(", "))
        }
    };
    push_wrapped(out, "        covers    ", "                  ", &target);
    let _ = writeln!(
        out,
        "        verdict   {} {}",
        mark(rule.verdict),
        rule.verdict.label()
    );
    let _ = writeln!(out, "        valid     {}", window(rule));
    let _ = writeln!(out, "        basis     {}", rule.basis);
    for id in &rule.conflicts {
        match policy.conflict(id) {
            Some(c) => push_wrapped(
                out,
                &format!("        conflict  {id} {}: ", c.title),
                "                  ",
                &c.resolution,
            ),
            None => {
                let _ = writeln!(out, "        conflict  {id}");
            }
        }
    }
    if let Some(note) = &rule.note {
        push_wrapped(out, "        note      ", "                  ", note);
    }
    for cite in &rule.cite {
        let source = policy.source(&cite.source);
        let title = source.map_or("(unknown source)", |s| s.title.as_str());
        let kind = source.map_or("?", |s| s.kind.id());
        push_wrapped(
            out,
            &format!("        cite      {} ({kind}): ", cite.source),
            "                  ",
            title,
        );
        if let Some(s) = source {
            if let (Some(repo), Some(commit)) = (&s.repo, &s.commit) {
                let _ = writeln!(out, "                  {repo}@{commit}");
            } else if let Some(url) = &s.url {
                let _ = writeln!(out, "                  {url}");
            }
        }
        if let Some(section) = &cite.section {
            push_wrapped(
                out,
                "                  section: ",
                "                  ",
                section,
            );
        }
        if let Some(quote) = &cite.quote {
            push_wrapped(
                out,
                "                  \"",
                "                   ",
                &format!("{quote}\""),
            );
        }
        if let Some(note) = &cite.note {
            push_wrapped(out, "                  note: ", "                  ", note);
        }
    }
}

/// The controls a member can use, for `lidex policy`: each with where to find it and its
/// link, as the scan report's steps give them (only those offered in `jurisdiction`, when
/// one is given). Kept apart from [`render_table`] so other sections can sit beside it.
pub fn render_controls(policy: &Policy, jurisdiction: Option<Jurisdiction>) -> String {
    let controls = policy.controls_for(jurisdiction);
    let mut out = String::new();
    if controls.is_empty() {
        return out;
    }
    let heading = match jurisdiction {
        Some(j) => format!("\nControls in {}:\n", j.label()),
        None => "\nControls (every region's; give --region for yours):\n".to_string(),
    };
    out.push_str(&heading);
    for (i, c) in controls.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}: {}", i + 1, c.label, c.path.join(" > "));
        if let Some(url) = &c.url {
            let _ = writeln!(out, "     {url}");
        }
        let places: Vec<&str> = c.jurisdictions.iter().map(|j| j.id()).collect();
        let purposes: Vec<String> = c.purposes.iter().map(|p| p.label().to_string()).collect();
        let _ = writeln!(
            out,
            "     for: {}; where: {}",
            purposes.join(", "),
            places.join(", ")
        );
        let mut sources: Vec<&str> = c.cite.iter().map(|cite| cite.source.as_str()).collect();
        sources.dedup();
        if !sources.is_empty() {
            let _ = writeln!(out, "     source: {}", sources.join(", "));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The account connections
// ---------------------------------------------------------------------------------------------

fn flow_lines(out: &mut String, flows: &[Flow]) {
    for f in flows {
        let _ = writeln!(out, "    - {:<13} {}", f.data.id(), f.label);
    }
}

fn steps_lines(out: &mut String, title: &str, steps: &Steps) {
    let _ = writeln!(out, "  {title}:");
    if let Some(url) = &steps.url {
        let _ = writeln!(out, "    {url}");
    }
    for (i, step) in steps.steps.iter().enumerate() {
        let _ = writeln!(out, "    {}. {step}", i + 1);
    }
}

/// The account connections section of `lidex policy`: for each kind, what goes each way, how
/// each side keeps it, and the steps on both sides. Empty when the model has none.
pub fn render_connections(connections: &[AccountConnection]) -> String {
    let mut out = String::new();
    if connections.is_empty() {
        return out;
    }
    out.push_str("\nMicrosoft account connection (only if you connected an account)\n");
    for c in connections {
        let _ = writeln!(out, "\n{} [{}]", c.label, c.id.id());
        out.push_str("  LinkedIn provides to Microsoft:\n");
        flow_lines(&mut out, &c.linkedin_to_microsoft);
        out.push_str("  Microsoft provides to LinkedIn:\n");
        flow_lines(&mut out, &c.microsoft_to_linkedin);
        let _ = writeln!(out, "  Kept by Microsoft: {}", c.kept_by_microsoft.text);
        let _ = writeln!(out, "  Kept by LinkedIn: {}", c.kept_by_linkedin.text);
        steps_lines(&mut out, "Disconnect on LinkedIn", &c.linkedin_steps);
        steps_lines(
            &mut out,
            "Disconnect on the Microsoft side",
            &c.microsoft_steps,
        );
        let _ = writeln!(out, "  Imported contacts: {}", c.imported_contacts.text);
        let _ = writeln!(out, "  Public profile: {}", c.public_profile.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const CURRENT: Date = date(2025, 11, 3);
    const EARLIER: Date = date(2025, 6, 1);

    #[test]
    fn rendering_is_deterministic_and_fits() {
        let policy = Policy::builtin();
        let table = render_table(&policy, None, CURRENT);
        assert_eq!(table, render_table(&policy, None, CURRENT));
        assert!(table.contains("C1") && table.contains("N25") && table.contains("Legend"));
        assert!(
            table.lines().all(|l| l.chars().count() <= WIDTH),
            "line too long"
        );
        let uk = render_table(&policy, Some(Jurisdiction::Uk), CURRENT);
        assert!(uk.contains("UK") && !uk.contains(" RoW "));

        let text = explain(
            &policy,
            Category::Messages,
            Some("messages.group_threads"),
            CURRENT,
        );
        assert_eq!(
            text,
            explain(
                &policy,
                Category::Messages,
                Some("messages.group_threads"),
                CURRENT
            )
        );
        assert!(text.contains("C1") && text.contains("50dcbecfd7c391c0aaa4cf0db72ffc9763f85cd3"));
        assert!(text.contains("Group activity and group messages"));
        assert!(
            text.lines().all(|l| l.chars().count() <= WIDTH),
            "line too long"
        );
        for c in Category::ALL {
            let text = explain(&policy, c, None, CURRENT);
            assert!(
                text.lines().all(|l| l.chars().count() <= WIDTH),
                "{c}: line too long"
            );
        }
        for i in policy.items() {
            let text = explain(&policy, i.category, Some(&i.id), EARLIER);
            assert!(
                text.lines().all(|l| l.chars().count() <= WIDTH),
                "{}: line too long",
                i.id
            );
        }
        for on in [EARLIER, CURRENT] {
            for j in Jurisdiction::ALL {
                let table = render_table(&policy, Some(j), on);
                assert!(
                    table.lines().all(|l| l.chars().count() <= WIDTH),
                    "{j}: line too long"
                );
            }
        }
        let category = explain(&policy, Category::Profile, None, EARLIER);
        assert!(
            category.contains("genai.profile.headline.all.2025")
                && category.contains("not in force")
        );
    }

    #[test]
    fn lidex_policy_section_names_both_connections_and_both_sides() {
        let text = render_connections(Policy::builtin().account_connections());
        assert!(text.contains("Microsoft personal account"));
        assert!(text.contains("Microsoft work or school account"));
        assert!(text.contains("Remove these permissions"));
        assert!(text.contains("accounts.microsoft.com"));
        assert_eq!(text.matches("Disconnect on LinkedIn").count(), 2);
        assert_eq!(text.matches("Disconnect on the Microsoft side").count(), 2);
    }

    #[test]
    fn marks_and_windows_read_as_the_legend_says() {
        assert_eq!(
            [
                Verdict::Used,
                Verdict::Excluded,
                Verdict::NotListed,
                Verdict::Unclear
            ]
            .map(mark),
            ["Y", "N", "-", "?"]
        );
        let policy = Policy::builtin();
        let first = policy.rules().first().expect("a rule");
        assert_eq!(window(first), "start .. 2024-09-17");
        let open = policy
            .rules()
            .iter()
            .find(|r| r.valid_to.is_none() && r.valid_from.is_some())
            .expect("a rule still in force");
        assert!(window(open).ends_with(" .. open"), "{}", window(open));
        assert!(Jurisdiction::ALL.iter().all(|j| short(*j).len() <= 4));
    }
}
