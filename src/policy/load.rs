//! Loading a policy file: its raw TOML shape, turned into the model table by table, with
//! every problem located by line and key.
//!
//! The checks are those `docs/policy-model.md` promises: known ids, unique ids, cites with
//! quotes for primary sources, consistent verdicts and bases, plain dates, and, once every
//! rule is well formed, no two rules that could decide one question on the same terms and
//! no purpose, jurisdiction and category left without an answer in any version.

use super::connection;
use super::model::{
    Basis, Cite, Conflict, Control, Item, Jurisdiction, JurisdictionInfo, Meta, Policy,
    PolicyError, Problem, Purpose, PurposeInfo, Rule, Source, SourceKind, Verdict, Version,
};
use crate::category::Category;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// The model shipped with lidex. Kept in `src/` so a reviewer sees rules and code together.
pub(super) const BUILTIN: &str = include_str!("../policy.toml");

/// The built-in model as `build.rs` writes it: `policy.toml` as JSON, with the spans of the
/// `Spanned` fields, read in a fraction of the TOML's time.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/policy.json"));

/// The name errors in the built-in model are reported under.
const BUILTIN_ORIGIN: &str = "policy.toml";

/// The only schema this loader understands; bumped when a key changes meaning.
const SCHEMA_VERSION: i64 = 1;

// ---------------------------------------------------------------------------------------------
// Raw file shape. Spanned values let every error point at a line.
// ---------------------------------------------------------------------------------------------

pub(super) type Text = Spanned<String>;
type TomlDate = Spanned<toml::value::Datetime>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema_version: Spanned<i64>,
    meta: Spanned<RawMeta>,
    #[serde(default)]
    version: Vec<Spanned<RawVersion>>,
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    purpose: Vec<Spanned<RawPurpose>>,
    #[serde(default)]
    jurisdiction: Vec<Spanned<RawJurisdiction>>,
    #[serde(default)]
    item: Vec<Spanned<RawItem>>,
    #[serde(default)]
    conflict: Vec<Spanned<RawConflict>>,
    #[serde(default)]
    control: Vec<Spanned<RawControl>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    account_connection: Vec<Spanned<connection::RawConnection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: String,
    default_version: Text,
    as_of: TomlDate,
    reference: Option<String>,
    quote_normalisation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    id: Text,
    effective: TomlDate,
    title: String,
    #[serde(default)]
    sources: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Text,
    title: String,
    kind: Text,
    repo: Option<String>,
    path: Option<String>,
    commit: Option<Text>,
    captured: Option<String>,
    effective: Option<TomlDate>,
    url: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    id: Text,
    label: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJurisdiction {
    id: Text,
    label: String,
    notice: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Text,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConflict {
    id: Text,
    title: String,
    summary: String,
    resolution: String,
    #[serde(default)]
    sources: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCite {
    source: Text,
    section: Option<String>,
    quote: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    id: Text,
    label: String,
    #[serde(default)]
    path: Vec<String>,
    url: Option<String>,
    command: Option<String>,
    #[serde(default)]
    purposes: Vec<Text>,
    #[serde(default)]
    jurisdictions: Vec<Text>,
    description: String,
    default: Option<String>,
    retroactive: Option<bool>,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Text,
    purpose: Text,
    category: Option<Text>,
    categories: Option<Vec<Text>>,
    item: Option<Text>,
    #[serde(default)]
    jurisdictions: Vec<Text>,
    verdict: Text,
    basis: Text,
    valid_from: Option<TomlDate>,
    valid_to: Option<TomlDate>,
    #[serde(default)]
    conflicts: Vec<Text>,
    note: Option<String>,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

// ---------------------------------------------------------------------------------------------
// Loading and validation
// ---------------------------------------------------------------------------------------------

/// Maps byte offsets to 1-based lines and columns.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }

    fn column(&self, text: &str, offset: usize) -> usize {
        let line = self.line(offset);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        text.get(start..offset.min(text.len()))
            .map_or(1, |prefix| prefix.chars().count() + 1)
    }
}

/// Collects problems while the raw file is turned into the model.
pub(super) struct Checker<'a> {
    origin: &'a str,
    lines: Lines,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    pub(super) fn report(&mut self, span: Range<usize>, key: &str, message: String) {
        self.problems.push(Problem {
            origin: self.origin.to_owned(),
            line: self.lines.line(span.start),
            key: key.to_owned(),
            message,
        });
    }

    fn line(&self, span: Range<usize>) -> usize {
        self.lines.line(span.start)
    }

    fn date(&mut self, value: &TomlDate, key: &str, owner: &str) -> Option<Date> {
        let date = toml_date(value.get_ref());
        if date.is_none() {
            self.report(
                value.span(),
                key,
                format!(
                    "{owner} has {key} = {}, which is not a plain date (YYYY-MM-DD)",
                    value.get_ref()
                ),
            );
        }
        date
    }

    pub(super) fn unique(&mut self, seen: &mut HashMap<String, usize>, id: &Text, what: &str) {
        let line = self.line(id.span());
        if let Some(first) = seen.insert(id.get_ref().clone(), line) {
            self.report(
                id.span(),
                &format!("{what}.id"),
                format!(
                    "duplicate {what} id '{}' (first defined on line {first})",
                    id.get_ref()
                ),
            );
        }
    }

    pub(super) fn cites(
        &mut self,
        raw: Vec<Spanned<RawCite>>,
        owner: &str,
        owner_span: Range<usize>,
        sources: &HashMap<String, SourceKind>,
    ) -> Vec<Cite> {
        if raw.is_empty() {
            self.report(owner_span, "cite", format!("{owner} has no cite"));
        }
        let mut cites = Vec::with_capacity(raw.len());
        for spanned in raw {
            let span = spanned.span();
            let cite = spanned.into_inner();
            let quote = cite.quote.filter(|q| !q.trim().is_empty());
            let note = cite.note.filter(|n| !n.trim().is_empty());
            match sources.get(cite.source.get_ref()) {
                None => self.report(
                    cite.source.span(),
                    "cite.source",
                    format!(
                        "cite of {owner} names unknown source '{}'",
                        cite.source.get_ref()
                    ),
                ),
                Some(SourceKind::Primary) if quote.is_none() => self.report(
                    span.clone(),
                    "cite.quote",
                    format!(
                        "cite of {owner} has an empty quote (source '{}' is primary)",
                        cite.source.get_ref()
                    ),
                ),
                Some(SourceKind::Secondary) if quote.is_none() && note.is_none() => self.report(
                    span.clone(),
                    "cite.quote",
                    format!("cite of {owner} has neither quote nor note"),
                ),
                Some(_) => {}
            }
            cites.push(Cite {
                source: cite.source.into_inner(),
                section: cite.section,
                quote,
                note,
            });
        }
        cites
    }

    fn purposes(&mut self, raw: Vec<Text>, owner: &str) -> Vec<Purpose> {
        raw.into_iter()
            .filter_map(|p| {
                let found = Purpose::from_id(p.get_ref());
                if found.is_none() {
                    self.report(
                        p.span(),
                        "purpose",
                        format!("{owner} names unknown purpose '{}'", p.get_ref()),
                    );
                }
                found
            })
            .collect()
    }

    fn jurisdictions(
        &mut self,
        raw: Vec<Text>,
        owner: &str,
        owner_span: Range<usize>,
    ) -> Vec<Jurisdiction> {
        if raw.is_empty() {
            self.report(
                owner_span,
                "jurisdictions",
                format!("{owner} lists no jurisdictions"),
            );
        }
        let mut out: Vec<Jurisdiction> = Vec::with_capacity(raw.len());
        for j in raw {
            match Jurisdiction::from_id(j.get_ref()) {
                None => self.report(
                    j.span(),
                    "jurisdictions",
                    format!("{owner} names unknown jurisdiction '{}'", j.get_ref()),
                ),
                Some(found) if out.contains(&found) => self.report(
                    j.span(),
                    "jurisdictions",
                    format!("{owner} lists jurisdiction '{}' twice", j.get_ref()),
                ),
                Some(found) => out.push(found),
            }
        }
        out
    }
}

fn toml_date(value: &toml::value::Datetime) -> Option<Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let d = value.date?;
    Date::new(
        i16::try_from(d.year).ok()?,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
    )
    .ok()
}

impl Policy {
    /// The model shipped with lidex.
    #[allow(
        clippy::expect_used,
        reason = "embedded data, validated by policy::load::tests"
    )]
    pub fn builtin() -> Policy {
        Policy::from_builtin_json()
            .expect("the built-in policy.toml is checked by the policy unit tests")
    }

    /// The built-in model from its spanned JSON: the same raw shape, spans and checks as
    /// [`Policy::from_toml`] on `policy.toml`, without parsing TOML.
    fn from_builtin_json() -> Result<Policy, PolicyError> {
        let syntax = |err: serde_json::Error| PolicyError::Syntax {
            origin: BUILTIN_ORIGIN.to_owned(),
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        };
        let raw: RawFile = serde_json::from_str(BUILTIN_JSON).map_err(syntax)?;
        validate(raw, BUILTIN, BUILTIN_ORIGIN)
    }

    /// Parses and validates a policy file. `origin` names the file in error messages.
    ///
    /// Every validation problem is reported, not only the first, so a user editing a copy of
    /// the model can fix them in one pass.
    pub fn from_toml(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        let lines = Lines::new(text);
        let raw: RawFile = toml::from_str(text).map_err(|err| {
            let offset = err.span().map_or(0, |s| s.start);
            PolicyError::Syntax {
                origin: origin.to_owned(),
                line: lines.line(offset),
                column: lines.column(text, offset),
                message: err.message().trim().to_owned(),
            }
        })?;
        validate_with(raw, origin, lines)
    }
}

/// Turns the raw file read from `text` into the model, or every problem found.
fn validate(raw: RawFile, text: &str, origin: &str) -> Result<Policy, PolicyError> {
    validate_with(raw, origin, Lines::new(text))
}

fn validate_with(raw: RawFile, origin: &str, lines: Lines) -> Result<Policy, PolicyError> {
    let mut checker = Checker {
        origin,
        lines,
        problems: Vec::new(),
    };
    let policy = build(raw, origin, &mut checker);
    if checker.problems.is_empty() {
        Ok(policy)
    } else {
        checker.problems.sort_by_key(|p| p.line);
        Err(PolicyError::Invalid(checker.problems))
    }
}

/// Each source id's kind: what a cite is checked against.
type SourceKinds = HashMap<String, SourceKind>;

/// Turns the raw file into the model, reporting every problem to `checker`.
///
/// One step per table. The order matters only for problems on the same line (they are
/// sorted by line, stably), and is kept as it has always been.
fn build(raw: RawFile, origin: &str, checker: &mut Checker<'_>) -> Policy {
    let schema_version = *raw.schema_version.get_ref();
    if schema_version != SCHEMA_VERSION {
        checker.report(
            raw.schema_version.span(),
            "schema_version",
            format!(
                "schema_version {schema_version} is not supported (this lidex reads {SCHEMA_VERSION})"
            ),
        );
    }
    // Sources first: everything else cites them.
    let (sources, source_kinds) = build_sources(raw.source, checker);
    let meta_span = raw.meta.span();
    let (meta, versions, version_lines) =
        build_meta_and_versions(raw.meta.into_inner(), raw.version, &source_kinds, checker);
    let purposes = build_purposes(raw.purpose, &meta_span, checker);
    let jurisdictions = build_jurisdictions(raw.jurisdiction, &meta_span, &source_kinds, checker);
    let items = build_items(raw.item, checker);
    let conflicts = build_conflicts(raw.conflict, &source_kinds, checker);
    let controls = build_controls(raw.control, &source_kinds, checker);
    let rules = build_rules(raw.rule, &items, &conflicts, &source_kinds, checker);
    let account_connections = connection::build(raw.account_connection, checker, &source_kinds);

    let policy = Policy {
        origin: origin.to_owned(),
        schema_version,
        meta,
        versions,
        sources,
        purposes,
        jurisdictions,
        items,
        conflicts,
        controls,
        rules,
        account_connections,
    };
    // Overlaps and gaps are only meaningful once every rule is well formed.
    if checker.problems.is_empty() {
        check_ambiguity(&policy, checker);
        check_coverage(&policy, &version_lines, checker);
    }
    policy
}

/// The `[[source]]` tables, and each id's kind for checking cites. A primary source must be
/// pinned by repository, path and commit.
fn build_sources(
    raw: Vec<Spanned<RawSource>>,
    checker: &mut Checker<'_>,
) -> (Vec<Source>, SourceKinds) {
    let mut seen = HashMap::new();
    let mut source_kinds = HashMap::new();
    let mut sources = Vec::with_capacity(raw.len());
    for spanned in raw {
        let span = spanned.span();
        let s = spanned.into_inner();
        checker.unique(&mut seen, &s.id, "source");
        let owner = format!("source '{}'", s.id.get_ref());
        let kind = SourceKind::from_id(s.kind.get_ref());
        let kind = kind.unwrap_or_else(|| {
            checker.report(
                s.kind.span(),
                "source.kind",
                format!(
                    "{owner} has unknown kind '{}' (primary or secondary)",
                    s.kind.get_ref()
                ),
            );
            SourceKind::Secondary
        });
        if kind == SourceKind::Primary {
            let pinned = s.repo.is_some()
                && s.path.is_some()
                && s.commit.as_ref().is_some_and(|c| is_commit(c.get_ref()));
            if !pinned {
                let at = s.commit.as_ref().map_or(span, Spanned::span);
                checker.report(
                    at,
                    "source.commit",
                    format!("{owner} is primary but lacks repo, path or a 40-hex commit"),
                );
            }
        }
        let effective = s
            .effective
            .as_ref()
            .and_then(|d| checker.date(d, "effective", &owner));
        source_kinds.insert(s.id.get_ref().clone(), kind);
        sources.push(Source {
            id: s.id.into_inner(),
            title: s.title,
            kind,
            repo: s.repo,
            path: s.path,
            commit: s.commit.map(Spanned::into_inner),
            captured: s.captured,
            effective,
            url: s.url,
            note: s.note,
        });
    }
    (sources, source_kinds)
}

/// `[meta]` and the `[[version]]` tables, with each version's line for the coverage check.
/// Meta's `default_version` must name one of the versions.
fn build_meta_and_versions(
    m: RawMeta,
    raw: Vec<Spanned<RawVersion>>,
    sources: &SourceKinds,
    checker: &mut Checker<'_>,
) -> (Meta, Vec<Version>, Vec<usize>) {
    let as_of = checker.date(&m.as_of, "as_of", "meta").unwrap_or(Date::MIN);

    let mut seen = HashMap::new();
    let mut versions = Vec::with_capacity(raw.len());
    let mut version_lines = Vec::with_capacity(raw.len());
    for spanned in raw {
        let v = spanned.into_inner();
        checker.unique(&mut seen, &v.id, "version");
        let owner = format!("version '{}'", v.id.get_ref());
        let effective = checker.date(&v.effective, "effective", &owner);
        for s in &v.sources {
            if !sources.contains_key(s.get_ref()) {
                checker.report(
                    s.span(),
                    "version.sources",
                    format!("{owner} names unknown source '{}'", s.get_ref()),
                );
            }
        }
        version_lines.push(checker.line(v.id.span()));
        versions.push(Version {
            id: v.id.into_inner(),
            effective: effective.unwrap_or(Date::MIN),
            title: v.title,
            sources: v.sources.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    if !versions
        .iter()
        .any(|v| &v.id == m.default_version.get_ref())
    {
        checker.report(
            m.default_version.span(),
            "meta.default_version",
            format!(
                "meta names unknown default_version '{}'",
                m.default_version.get_ref()
            ),
        );
    }
    let meta = Meta {
        title: m.title,
        default_version: m.default_version.into_inner(),
        as_of,
        reference: m.reference,
        quote_normalisation: m.quote_normalisation,
    };
    (meta, versions, version_lines)
}

/// The `[[purpose]]` tables: each purpose described exactly once, sorted in report order.
/// A missing one is reported at `[meta]`, the file having no better place for it.
fn build_purposes(
    raw: Vec<Spanned<RawPurpose>>,
    meta_span: &Range<usize>,
    checker: &mut Checker<'_>,
) -> Vec<PurposeInfo> {
    let mut purposes = Vec::with_capacity(raw.len());
    for spanned in raw {
        let p = spanned.into_inner();
        match Purpose::from_id(p.id.get_ref()) {
            None => checker.report(
                p.id.span(),
                "purpose.id",
                format!("unknown purpose '{}'", p.id.get_ref()),
            ),
            Some(id) if purposes.iter().any(|x: &PurposeInfo| x.id == id) => checker.report(
                p.id.span(),
                "purpose.id",
                format!("duplicate purpose id '{}'", p.id.get_ref()),
            ),
            Some(id) => purposes.push(PurposeInfo {
                id,
                label: p.label,
                description: p.description,
            }),
        }
    }
    for p in Purpose::ALL {
        if !purposes.iter().any(|x| x.id == p) {
            checker.report(
                meta_span.clone(),
                "purpose",
                format!("purpose '{p}' is not described by any [[purpose]]"),
            );
        }
    }
    purposes.sort_by_key(|p| p.id);
    purposes
}

/// The `[[jurisdiction]]` tables, as [`build_purposes`] does the purposes; a notice must be
/// a known source.
fn build_jurisdictions(
    raw: Vec<Spanned<RawJurisdiction>>,
    meta_span: &Range<usize>,
    sources: &SourceKinds,
    checker: &mut Checker<'_>,
) -> Vec<JurisdictionInfo> {
    let mut jurisdictions = Vec::with_capacity(raw.len());
    for spanned in raw {
        let j = spanned.into_inner();
        if let Some(notice) = &j.notice
            && !sources.contains_key(notice.get_ref())
        {
            checker.report(
                notice.span(),
                "jurisdiction.notice",
                format!(
                    "jurisdiction '{}' names unknown source '{}'",
                    j.id.get_ref(),
                    notice.get_ref()
                ),
            );
        }
        match Jurisdiction::from_id(j.id.get_ref()) {
            None => checker.report(
                j.id.span(),
                "jurisdiction.id",
                format!("unknown jurisdiction '{}'", j.id.get_ref()),
            ),
            Some(id) if jurisdictions.iter().any(|x: &JurisdictionInfo| x.id == id) => checker
                .report(
                    j.id.span(),
                    "jurisdiction.id",
                    format!("duplicate jurisdiction id '{}'", j.id.get_ref()),
                ),
            Some(id) => jurisdictions.push(JurisdictionInfo {
                id,
                label: j.label,
                notice: j.notice.map(Spanned::into_inner),
            }),
        }
    }
    for j in Jurisdiction::ALL {
        if !jurisdictions.iter().any(|x| x.id == j) {
            checker.report(
                meta_span.clone(),
                "jurisdiction",
                format!("jurisdiction '{j}' is not described by any [[jurisdiction]]"),
            );
        }
    }
    jurisdictions.sort_by_key(|j| j.id);
    jurisdictions
}

/// The `[[item]]` tables: unique ids, each `<known category>.<name>`.
fn build_items(raw: Vec<Spanned<RawItem>>, checker: &mut Checker<'_>) -> Vec<Item> {
    let mut seen = HashMap::new();
    let mut items = Vec::with_capacity(raw.len());
    for spanned in raw {
        let i = spanned.into_inner();
        checker.unique(&mut seen, &i.id, "item");
        match item_category(i.id.get_ref()) {
            Some(category) => items.push(Item {
                id: i.id.into_inner(),
                category,
                label: i.label,
            }),
            None => checker.report(
                i.id.span(),
                "item.id",
                format!(
                    "item '{}' does not start with a known category followed by '.'",
                    i.id.get_ref()
                ),
            ),
        }
    }
    items
}

/// The `[[conflict]]` tables: unique ids, known sources.
fn build_conflicts(
    raw: Vec<Spanned<RawConflict>>,
    sources: &SourceKinds,
    checker: &mut Checker<'_>,
) -> Vec<Conflict> {
    let mut seen = HashMap::new();
    let mut conflicts = Vec::with_capacity(raw.len());
    for spanned in raw {
        let c = spanned.into_inner();
        checker.unique(&mut seen, &c.id, "conflict");
        for s in &c.sources {
            if !sources.contains_key(s.get_ref()) {
                checker.report(
                    s.span(),
                    "conflict.sources",
                    format!(
                        "conflict '{}' names unknown source '{}'",
                        c.id.get_ref(),
                        s.get_ref()
                    ),
                );
            }
        }
        conflicts.push(Conflict {
            id: c.id.into_inner(),
            title: c.title,
            summary: c.summary,
            resolution: c.resolution,
            sources: c.sources.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    conflicts
}

/// The `[[control]]` tables: unique ids, known purposes and jurisdictions, and cites.
fn build_controls(
    raw: Vec<Spanned<RawControl>>,
    sources: &SourceKinds,
    checker: &mut Checker<'_>,
) -> Vec<Control> {
    let mut seen = HashMap::new();
    let mut controls = Vec::with_capacity(raw.len());
    for spanned in raw {
        let span = spanned.span();
        let c = spanned.into_inner();
        checker.unique(&mut seen, &c.id, "control");
        let owner = format!("control '{}'", c.id.get_ref());
        let purposes = checker.purposes(c.purposes, &owner);
        let jurisdictions = checker.jurisdictions(c.jurisdictions, &owner, span.clone());
        let cite = checker.cites(c.cite, &owner, span, sources);
        controls.push(Control {
            id: c.id.into_inner(),
            label: c.label,
            path: c.path,
            url: c.url,
            command: c.command,
            purposes,
            jurisdictions,
            description: c.description,
            default: c.default,
            retroactive: c.retroactive,
            cite,
        });
    }
    controls
}

/// The `[[rule]]` tables: unique ids, and each rule well formed ([`build_rule`]); a rule
/// with a problem is left out.
fn build_rules(
    raw: Vec<Spanned<RawRule>>,
    items: &[Item],
    conflicts: &[Conflict],
    sources: &SourceKinds,
    checker: &mut Checker<'_>,
) -> Vec<Rule> {
    let mut seen = HashMap::new();
    let mut rules = Vec::with_capacity(raw.len());
    for spanned in raw {
        let span = spanned.span();
        let r = spanned.into_inner();
        checker.unique(&mut seen, &r.id, "rule");
        if let Some(rule) = build_rule(r, span, checker, items, conflicts, sources) {
            rules.push(rule);
        }
    }
    rules
}

/// One rule, or `None` when it has any problem (each reported to `checker`).
fn build_rule(
    r: RawRule,
    span: Range<usize>,
    checker: &mut Checker<'_>,
    items: &[Item],
    conflicts: &[Conflict],
    sources: &SourceKinds,
) -> Option<Rule> {
    let owner = format!("rule '{}'", r.id.get_ref());
    let before = checker.problems.len();

    let purpose = Purpose::from_id(r.purpose.get_ref());
    if purpose.is_none() {
        checker.report(
            r.purpose.span(),
            "rule.purpose",
            format!("{owner} names unknown purpose '{}'", r.purpose.get_ref()),
        );
    }
    let (categories, item) = rule_target(&r, &owner, &span, items, checker);
    let jurisdictions = checker.jurisdictions(r.jurisdictions, &owner, span.clone());
    let (verdict, basis) = rule_verdict(&r.verdict, &r.basis, &owner, checker);
    let (valid_from, valid_to) =
        rule_window(r.valid_from.as_ref(), r.valid_to.as_ref(), &owner, checker);

    for c in &r.conflicts {
        if !conflicts.iter().any(|k| &k.id == c.get_ref()) {
            checker.report(
                c.span(),
                "rule.conflicts",
                format!("{owner} names unknown conflict '{}'", c.get_ref()),
            );
        }
    }

    let cite = checker.cites(r.cite, &owner, span.clone(), sources);
    if basis == Some(Basis::SecondaryOnly)
        && !cite
            .iter()
            .any(|c| sources.get(&c.source) == Some(&SourceKind::Secondary))
    {
        checker.report(
            r.basis.span(),
            "rule.basis",
            format!("{owner} has basis 'secondary_only' but cites no secondary source"),
        );
    }

    if checker.problems.len() != before {
        return None;
    }
    Some(Rule {
        id: r.id.into_inner(),
        purpose: purpose?,
        categories,
        item,
        jurisdictions,
        verdict: verdict?,
        basis: basis?,
        valid_from,
        valid_to,
        conflicts: r.conflicts.into_iter().map(Spanned::into_inner).collect(),
        note: r.note,
        cite,
        line: checker.line(span),
    })
}

/// What a rule covers: its categories (`category` or `categories`, not both), or one declared
/// item, whose category then becomes the rule's only one.
fn rule_target(
    r: &RawRule,
    owner: &str,
    span: &Range<usize>,
    items: &[Item],
    checker: &mut Checker<'_>,
) -> (Vec<Category>, Option<String>) {
    let mut categories = Vec::new();
    for c in r.category.iter().chain(r.categories.iter().flatten()) {
        match Category::from_id(c.get_ref()) {
            None => checker.report(
                c.span(),
                "rule.category",
                format!("{owner} names unknown category '{}'", c.get_ref()),
            ),
            Some(found) if categories.contains(&found) => checker.report(
                c.span(),
                "rule.categories",
                format!("{owner} names category '{}' twice", c.get_ref()),
            ),
            Some(found) => categories.push(found),
        }
    }
    if r.category.is_some() && r.categories.is_some() {
        checker.report(
            span.clone(),
            "rule.categories",
            format!("{owner} has both category and categories; use one"),
        );
    }

    let mut item = None;
    if let Some(raw_item) = &r.item {
        let id = raw_item.get_ref();
        match (item_category(id), items.iter().find(|i| &i.id == id)) {
            (None, _) => checker.report(
                raw_item.span(),
                "rule.item",
                format!("{owner} names item '{id}', whose prefix is not a known category"),
            ),
            (Some(_), None) => checker.report(
                raw_item.span(),
                "rule.item",
                format!("{owner} names item '{id}', which no [[item]] declares"),
            ),
            (Some(category), Some(_)) => {
                if r.categories.is_some() || categories.iter().any(|c| *c != category) {
                    checker.report(
                        raw_item.span(),
                        "rule.item",
                        format!("{owner} names item '{id}' outside its category list"),
                    );
                }
                categories = vec![category];
                item = Some(id.clone());
            }
        }
    } else if r.category.is_none() && r.categories.as_ref().is_none_or(Vec::is_empty) {
        checker.report(
            span.clone(),
            "rule.category",
            format!("{owner} names no category, categories or item"),
        );
    }
    (categories, item)
}

/// A rule's verdict and basis, each known, and the basis able to give the verdict.
fn rule_verdict(
    verdict: &Text,
    basis: &Text,
    owner: &str,
    checker: &mut Checker<'_>,
) -> (Option<Verdict>, Option<Basis>) {
    let found_verdict = Verdict::from_id(verdict.get_ref());
    if found_verdict.is_none() {
        checker.report(
            verdict.span(),
            "rule.verdict",
            format!(
                "{owner} has unknown verdict '{}' (used, excluded, not_listed, unclear)",
                verdict.get_ref()
            ),
        );
    }
    let found_basis = Basis::from_id(basis.get_ref());
    if found_basis.is_none() {
        checker.report(
            basis.span(),
            "rule.basis",
            format!("{owner} has unknown basis '{}'", basis.get_ref()),
        );
    }
    if let (Some(v), Some(b)) = (found_verdict, found_basis)
        && !b.allows(v)
    {
        checker.report(
            basis.span(),
            "rule.basis",
            format!("{owner} has basis '{b}', which cannot give verdict '{v}'"),
        );
    }
    (found_verdict, found_basis)
}

/// A rule's window: plain dates, not ending before it starts.
fn rule_window(
    from: Option<&TomlDate>,
    to: Option<&TomlDate>,
    owner: &str,
    checker: &mut Checker<'_>,
) -> (Option<Date>, Option<Date>) {
    let valid_from = from.and_then(|d| checker.date(d, "valid_from", owner));
    let valid_to = to.and_then(|d| checker.date(d, "valid_to", owner));
    if let (Some(from), Some(end), Some(at)) = (valid_from, valid_to, to)
        && end < from
    {
        checker.report(
            at.span(),
            "rule.valid_to",
            format!("{owner} has valid_to {end} before valid_from {from}"),
        );
    }
    (valid_from, valid_to)
}

/// The category an item id's prefix names, if it is `<known category>.<non-empty name>`.
fn item_category(id: &str) -> Option<Category> {
    let (category, name) = id.split_once('.')?;
    if name.is_empty() {
        return None;
    }
    Category::from_id(category)
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Two rules of the same kind that could both decide a question with the same `valid_from`
/// would make the answer depend on file order; that is almost always a copy-paste slip.
fn check_ambiguity(policy: &Policy, checker: &mut Checker<'_>) {
    let rules = &policy.rules;
    for (i, a) in rules.iter().enumerate() {
        for b in rules.iter().skip(i + 1) {
            let same_target = a.purpose == b.purpose
                && a.item == b.item
                && a.categories.iter().any(|c| b.categories.contains(c))
                && a.jurisdictions.iter().any(|j| b.jurisdictions.contains(j))
                && a.valid_from == b.valid_from;
            let overlap = a.valid_from.max(b.valid_from).is_none_or(|start| {
                a.valid_to.is_none_or(|end| start <= end)
                    && b.valid_to.is_none_or(|end| start <= end)
            });
            if same_target && overlap {
                checker.problems.push(Problem {
                    origin: checker.origin.to_owned(),
                    line: b.line,
                    key: "rule".to_owned(),
                    message: format!(
                        "rule '{}' overlaps rule '{}' (line {}) with the same valid_from; \
                         which one applies would depend on file order",
                        b.id, a.id, a.line
                    ),
                });
            }
        }
    }
}

/// Every purpose x jurisdiction x category needs a category-level answer in every version,
/// or reports would silently show "unclear" for a gap in the data.
fn check_coverage(policy: &Policy, version_lines: &[usize], checker: &mut Checker<'_>) {
    for (version, line) in policy.versions.iter().zip(version_lines) {
        let on = version.effective;
        // This runs on every load, the built-in model's included: find each category's rules
        // once per version rather than once per question.
        let by_category = Category::ALL.map(|c| policy.candidates(c, None, on));
        for purpose in Purpose::ALL {
            for jurisdiction in Jurisdiction::ALL {
                for (category, candidates) in Category::ALL.iter().zip(&by_category) {
                    if candidates.resolve(purpose, jurisdiction).rule.is_none() {
                        checker.problems.push(Problem {
                            origin: checker.origin.to_owned(),
                            line: *line,
                            key: "rule".to_owned(),
                            message: format!(
                                "version '{}': no category-level rule for purpose '{purpose}', \
                                 jurisdiction '{jurisdiction}', category '{category}' on {on}",
                                version.id
                            ),
                        });
                        // The first gap is enough to start fixing; hundreds would drown it.
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn invalid(text: &str) -> PolicyError {
        match Policy::from_toml(text, "custom.toml") {
            Ok(_) => panic!("expected the policy to be rejected"),
            Err(err) => err,
        }
    }

    #[test]
    fn builtin_json_gives_the_same_model_as_policy_toml() {
        let from_json = Policy::from_builtin_json().expect("the built-in JSON loads");
        let from_toml = Policy::from_toml(BUILTIN, BUILTIN_ORIGIN).expect("policy.toml loads");
        // Debug covers every field, the lines that point readers at rules included.
        assert_eq!(format!("{from_json:#?}"), format!("{from_toml:#?}"));
        assert!(from_json.rules().iter().any(|rule| rule.line > 1));
    }

    #[test]
    fn builtin_parses_and_every_rule_is_cited() {
        let policy = Policy::builtin();
        assert!(policy.rules().len() > 50);
        for rule in policy.rules() {
            assert!(!rule.cite.is_empty(), "{} has no cite", rule.id);
            for cite in &rule.cite {
                let source = policy.source(&cite.source).expect("validated source");
                if source.kind == SourceKind::Primary {
                    let quote = cite.quote.as_deref().unwrap_or_default();
                    assert!(
                        !quote.is_empty(),
                        "{} cites {} without a quote",
                        rule.id,
                        source.id
                    );
                    assert!(quote.chars().count() <= 200, "{}: quote too long", rule.id);
                    assert!(
                        source.commit.is_some(),
                        "{} is primary without commit",
                        source.id
                    );
                } else {
                    assert!(cite.quote.is_some() || cite.note.is_some());
                }
            }
        }
        for control in policy.controls() {
            assert!(!control.cite.is_empty(), "{} has no cite", control.id);
        }
        for id in [
            "data_for_genai_improvement",
            "objection_form",
            "microsoft_ads_sharing",
            "disconnect_microsoft_account",
            "delete_content",
        ] {
            assert!(
                policy.controls().iter().any(|c| c.id == id),
                "missing control {id}"
            );
        }
        for n in 1..=12 {
            assert!(
                policy.conflict(&format!("C{n}")).is_some(),
                "missing conflict C{n}"
            );
        }
    }

    #[test]
    fn bad_toml_syntax_reports_line_and_column() {
        let text = BUILTIN.replacen("[meta]", "[meta", 1);
        let line = text
            .lines()
            .position(|l| l.starts_with("[meta"))
            .expect("line")
            + 1;
        let err = invalid(&text);
        let shown = err.to_string();
        assert!(matches!(err, PolicyError::Syntax { .. }), "{shown}");
        assert!(
            shown.starts_with(&format!("custom.toml:{line}:")),
            "{shown}"
        );
    }

    #[test]
    fn unknown_category_names_line_and_key() {
        let text = BUILTIN.replacen("category = \"profile\"", "category = \"profil\"", 1);
        let line = text
            .lines()
            .position(|l| l == "category = \"profil\"")
            .expect("line")
            + 1;
        let err = invalid(&text);
        let shown = err.to_string();
        assert!(
            shown.contains(&format!(
                "custom.toml:{line}: rule 'genai.profile.eu-uk-ch.2025' names unknown category 'profil'"
            )),
            "{shown}"
        );
        assert_eq!(
            err.problems().first().map(|p| p.key.as_str()),
            Some("rule.category")
        );
    }

    #[test]
    fn missing_cite_is_rejected() {
        let anchor = "id = \"genai.other.all.2025\"";
        let start = BUILTIN.find(anchor).expect("rule present");
        let header = BUILTIN
            .get(..start)
            .and_then(|h| h.rfind("[[rule]]"))
            .expect("header");
        let line = BUILTIN.get(..header).map_or(0, |h| h.lines().count()) + 1;
        let (head, tail) = BUILTIN.split_at(start);
        let cite_at = tail.find("cite = [").expect("cite");
        let cite_end = tail
            .get(cite_at..)
            .and_then(|t| t.find("\n]\n"))
            .expect("end")
            + cite_at
            + 3;
        let text = format!(
            "{head}{}{}",
            tail.get(..cite_at).unwrap_or_default(),
            tail.get(cite_end..).unwrap_or_default()
        );
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains(&format!(
                "custom.toml:{line}: rule 'genai.other.all.2025' has no cite"
            )),
            "{shown}"
        );
    }

    #[test]
    fn unknown_source_and_empty_quote_are_rejected() {
        let text = BUILTIN.replacen("{ source = \"CO-2408\"", "{ source = \"CO-2407\"", 1);
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains("rule 'genai.all.all.pre-2024' names unknown source 'CO-2407'"),
            "{shown}"
        );

        let text = BUILTIN.replacen(
            "quote = \"skills, summary, certifications\"",
            "quote = \"\"",
            1,
        );
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains("cite of rule 'genai.profile.summary.eu-uk-ch.2025' has an empty quote"),
            "{shown}"
        );
    }

    #[test]
    fn other_validation_errors() {
        let cases = [
            (
                "verdict = \"used\"",
                "verdict = \"yes\"",
                "unknown verdict 'yes'",
            ),
            (
                "basis = \"listed\"",
                "basis = \"stated\"",
                "unknown basis 'stated'",
            ),
            (
                "purpose = \"genai_training\"\ncategories",
                "purpose = \"genai\"\ncategories",
                "unknown purpose 'genai'",
            ),
            (
                "jurisdictions = [\"eu\", \"uk\", \"ch\"]",
                "jurisdictions = [\"eu\", \"gb\", \"ch\"]",
                "unknown jurisdiction 'gb'",
            ),
            (
                "conflicts = [\"C11\"]",
                "conflicts = [\"C13\"]",
                "unknown conflict 'C13'",
            ),
            (
                "item = \"profile.headline\"",
                "item = \"profil.headline\"",
                "prefix is not a known category",
            ),
            (
                "item = \"profile.headline\"",
                "item = \"profile.headlin\"",
                "which no [[item]] declares",
            ),
            (
                "id = \"genai.other.all.2025\"",
                "id = \"genai.messages.all.2025\"",
                "duplicate rule id",
            ),
            (
                "valid_to = 2024-09-17",
                "valid_to = 2024-09-17\nvalid_from = 2024-10-01",
                "before valid_from",
            ),
            (
                "basis = \"listed\"",
                "basis = \"excluded\"",
                "cannot give verdict 'used'",
            ),
            (
                "id = \"profile.name\"",
                "id = \"profil.name\"",
                "item 'profil.name' does not start",
            ),
        ];
        for (from, to, expected) in cases {
            assert!(BUILTIN.contains(from), "fixture text missing: {from}");
            let shown = invalid(&BUILTIN.replacen(from, to, 1)).to_string();
            assert!(shown.contains(expected), "{to}: {shown}");
            assert!(shown.starts_with("custom.toml:"), "{shown}");
        }
    }

    #[test]
    fn ambiguous_rules_are_rejected() {
        let extra = r#"
[[rule]]
id = "genai.groups.eu.copy"
purpose = "genai_training"
category = "groups"
jurisdictions = ["eu"]
verdict = "unclear"
basis = "conflict"
valid_from = 2025-11-03
cite = [{ source = "N25", quote = "Group activity and group messages" }]
"#;
        let shown = invalid(&format!("{BUILTIN}{extra}")).to_string();
        assert!(
            shown
                .contains("rule 'genai.groups.eu.copy' overlaps rule 'genai.groups.eu-uk-ch.2025'"),
            "{shown}"
        );
        // A later valid_from supersedes instead of clashing, and wins from its first day.
        let later = extra.replace("valid_from = 2025-11-03", "valid_from = 2026-01-01");
        let policy = Policy::from_toml(&format!("{BUILTIN}{later}"), "custom.toml").expect("valid");
        let ask = |on| {
            policy
                .resolve(
                    Purpose::GenaiTraining,
                    Jurisdiction::Eu,
                    Category::Groups,
                    None,
                    on,
                )
                .verdict
        };
        assert_eq!(ask(date(2025, 12, 31)), Verdict::Used);
        assert_eq!(ask(date(2026, 1, 1)), Verdict::Unclear);
    }

    #[test]
    fn coverage_gap_is_named() {
        // Dropping the only EU/CH Microsoft-ads rule leaves every EU cell uncovered.
        let text = BUILTIN.replacen(
            "jurisdictions = [\"eu\", \"ch\"]",
            "jurisdictions = [\"ch\"]",
            1,
        );
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains("no category-level rule for purpose 'microsoft_ads', jurisdiction 'eu', category 'profile'"),
            "{shown}"
        );
    }
}
