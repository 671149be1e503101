//! Exposure: what the policy model says about each file, column and category, and the
//! totals that answer "what may be used to train AI, or go to Microsoft, where I live".
//!
//! Verdicts come from [`Policy::resolve`] for the date the user asks about (`--as-of`);
//! every verdict names its rule, and the rules used are listed once with their citations.

use super::{DateRange, Text};
use crate::analysis::{Analysis, FileResult};
use crate::category::Category;
use crate::classify::{DayTally, TextTally};
use crate::policy::{Basis, Candidates, Jurisdiction, Policy, Purpose, Rule, Verdict};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What the user asked the policy about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The member's region; `None` gives the matrix for every jurisdiction.
    pub region: Option<Jurisdiction>,
    /// The date whose policy applies.
    pub as_of: Date,
    /// When the member turned the GenAI setting off, if they did.
    pub opted_out_on: Option<Date>,
}

impl Options {
    /// The jurisdictions to report on.
    pub fn jurisdictions(&self) -> Vec<Jurisdiction> {
        match self.region {
            Some(r) => vec![r],
            None => Jurisdiction::ALL.to_vec(),
        }
    }
}

/// One verdict and the rule behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VerdictRef {
    /// used, excluded, not_listed or unclear.
    pub verdict: Verdict,
    /// The rule id (see `exposure.rules`); null when no rule covers it.
    pub rule: Option<String>,
}

/// Verdicts by purpose, then jurisdiction.
pub type Matrix = BTreeMap<Purpose, BTreeMap<Jurisdiction, VerdictRef>>;

/// Totals for the data in one verdict bucket.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Bucket {
    /// Files.
    pub files: usize,
    /// Records in them.
    pub records: u64,
    /// Free text in their columns with this verdict.
    pub text: Text,
    /// Earliest and latest date.
    pub date_range: Option<DateRange>,
    /// The categories involved.
    pub categories: Vec<Category>,
}

/// Records and text on one side of a date.
#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct Span {
    /// Records.
    pub records: u64,
    /// Their free text.
    pub text: Text,
}

/// The used data, split at the opt-out date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OptOutSplit {
    /// The date given with `--opted-out-on`.
    pub opted_out_on: String,
    /// Created before: may already have been used (opting out is not retroactive).
    pub before: Span,
    /// Created on or after: not used for this purpose once the setting is off.
    pub after: Span,
    /// Without a date: cannot be placed on either side.
    pub undated: Span,
}

/// Used data older than the rule that made it usable.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Predates {
    /// The rule's start date.
    pub rule_valid_from: String,
    /// Records created before it.
    pub before: Span,
}

/// The exposure surface for one purpose in one jurisdiction.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Surface {
    /// The purpose.
    pub purpose: Purpose,
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Data the policy lists for this purpose.
    pub used: Bucket,
    /// Data the sources leave unclear or contradict themselves on.
    pub unclear: Bucket,
    /// Data expressly excluded or left out of the purpose's list.
    pub not_used: Bucket,
    /// With `--opted-out-on`: the used data split at that date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<OptOutSplit>,
    /// Used data created before the rule took effect: the new policy reaches back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predates_rule: Option<Predates>,
    /// One sentence for people.
    pub summary: String,
}

/// A category LinkedIn uses that the archive does not contain.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotInArchive {
    /// The category.
    pub category: Category,
    /// The purpose.
    pub purpose: Purpose,
    /// Where the policy uses it (or is unclear).
    pub jurisdictions: Vec<Jurisdiction>,
    /// The strongest verdict among them.
    pub verdict: Verdict,
    /// For people.
    pub note: String,
    /// Why there are no records: "no_file" (the archive has no file of the category),
    /// "no_records" (its files hold no records) or "placeholder_only" (LinkedIn wrote a
    /// sentence such as "No conversations found" instead of data).
    pub state: String,
}

/// A citation, resolved against the model's sources.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CiteReport {
    /// Source id.
    pub source: String,
    /// Source title.
    pub title: String,
    /// primary or secondary.
    pub kind: String,
    /// Repository of an archived capture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Commit of the capture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Live address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Section of the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Verbatim quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// A note where there is no quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rule used by some verdict in the report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleReport {
    /// The purpose.
    pub purpose: Purpose,
    /// The verdict it gives.
    pub verdict: Verdict,
    /// How the sources support it.
    pub basis: String,
    /// First day in force.
    pub valid_from: Option<String>,
    /// Last day in force.
    pub valid_to: Option<String>,
    /// Conflicts it is part of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// A short note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What it rests on.
    pub cite: Vec<CiteReport>,
}

/// A conflict between sources, with how the model resolves it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConflictReport {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Resolution.
    pub resolution: String,
}

/// A step the member can take.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Action {
    /// Control id.
    pub id: String,
    /// Name.
    pub label: String,
    /// Where to find it.
    pub path: Vec<String>,
    /// Its address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A lidex command that helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// What it does and does not do.
    pub description: String,
    /// Purposes it covers.
    pub purposes: Vec<Purpose>,
    /// Sources.
    pub cite: Vec<CiteReport>,
}

/// Which policy was applied.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PolicyInfo {
    /// The model's title.
    pub title: String,
    /// "policy.toml" for the built-in model, else the file given with `--policy`.
    pub origin: String,
    /// The policy version in force on `as_of`.
    pub version: Option<String>,
    /// The date the policy was evaluated for.
    pub as_of: String,
    /// The region asked about; null for all.
    pub region: Option<Jurisdiction>,
    /// The opt-out date given.
    pub opted_out_on: Option<String>,
}

/// The exposure part of the report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Exposure {
    /// Which policy, for which date and region.
    pub policy: PolicyInfo,
    /// One surface per purpose and jurisdiction.
    pub surfaces: Vec<Surface>,
    /// Categories the policy uses that the archive lacks.
    pub not_in_archive: Vec<NotInArchive>,
    /// Steps to take, for the region (all steps without one).
    pub actions: Vec<Action>,
    /// Every rule any verdict in this report names.
    pub rules: BTreeMap<String, RuleReport>,
    /// The conflicts those rules take part in.
    pub conflicts: Vec<ConflictReport>,
}

/// Verdicts for one (category, item) over the purposes and jurisdictions asked about,
/// remembering every rule used.
pub struct Judge<'p> {
    policy: &'p Policy,
    options: Options,
    used_rules: BTreeSet<&'p str>,
    /// Everything asked about, with the answers so far: a report asks the same few hundred
    /// questions thousands of times (every column of every file, for every surface), so
    /// each is answered once, and finding it again must cost less than hashing a key.
    subjects: Vec<Subject<'p>>,
}

/// A verdict and the rule behind it.
type Answer<'p> = (Verdict, Option<&'p Rule>);

/// One category or item asked about.
struct Subject<'p> {
    category: Category,
    item: Option<String>,
    /// The few rules that bear on it on the date asked about.
    candidates: Candidates<'p>,
    /// Answers by purpose, then jurisdiction (in declaration order), once asked.
    answers: [[Option<Answer<'p>>; Jurisdiction::ALL.len()]; Purpose::ALL.len()],
}

impl<'p> Judge<'p> {
    /// A judge for these options.
    pub fn new(policy: &'p Policy, options: Options) -> Judge<'p> {
        Judge {
            policy,
            options,
            used_rules: BTreeSet::new(),
            subjects: Vec::new(),
        }
    }

    /// The jurisdictions asked about, without allocating (unlike [`Options::jurisdictions`]).
    fn jurisdictions(&self) -> impl Iterator<Item = Jurisdiction> + use<> {
        let region = self.options.region;
        Jurisdiction::ALL
            .into_iter()
            .filter(move |j| region.is_none_or(|r| r == *j))
    }

    /// The index in `subjects` of `category` and `item`, added if new.
    fn subject(&mut self, category: Category, item: Option<&str>) -> usize {
        let known = self
            .subjects
            .iter()
            .position(|s| s.category == category && s.item.as_deref() == item);
        known.unwrap_or_else(|| {
            self.subjects.push(Subject {
                category,
                item: item.map(str::to_string),
                candidates: self.policy.candidates(category, item, self.options.as_of),
                answers: Default::default(),
            });
            self.subjects.len() - 1
        })
    }

    /// The verdict for a subject (an index from [`Judge::subject`]).
    fn answer(
        &mut self,
        subject: usize,
        purpose: Purpose,
        jurisdiction: Jurisdiction,
    ) -> Answer<'p> {
        let Some(s) = self.subjects.get_mut(subject) else {
            // Not reached: every index comes from `subject`.
            return (Verdict::Unclear, None);
        };
        let slot = s
            .answers
            .get_mut(purpose as usize)
            .and_then(|row| row.get_mut(jurisdiction as usize));
        if let Some(Some(hit)) = slot.as_deref() {
            return *hit;
        }
        let r = s.candidates.resolve(purpose, jurisdiction);
        if let Some(rule) = r.rule {
            self.used_rules.insert(rule.id.as_str());
        }
        if let Some(slot) = slot {
            *slot = Some((r.verdict, r.rule));
        }
        (r.verdict, r.rule)
    }

    fn verdict(
        &mut self,
        purpose: Purpose,
        jurisdiction: Jurisdiction,
        category: Category,
        item: Option<&str>,
    ) -> Answer<'p> {
        let subject = self.subject(category, item);
        self.answer(subject, purpose, jurisdiction)
    }

    /// The matrix for one category or item.
    pub fn matrix(&mut self, category: Category, item: Option<&str>) -> Matrix {
        let subject = self.subject(category, item);
        let mut out = Matrix::new();
        for purpose in Purpose::ALL {
            let row = out.entry(purpose).or_default();
            for j in self.jurisdictions() {
                let (verdict, rule) = self.answer(subject, purpose, j);
                row.insert(
                    j,
                    VerdictRef {
                        verdict,
                        rule: rule.map(|r| r.id.clone()),
                    },
                );
            }
        }
        out
    }

    /// Builds the exposure section from the analysis (call after the matrices, so the rule
    /// list covers them too).
    pub fn exposure(mut self, analysis: &Analysis<'_>) -> Exposure {
        let options = self.options;
        // Every surface asks about every file and text column: find their subjects once.
        let mut subjects: Vec<FileSubjects> = analysis
            .files
            .iter()
            .map(|f| FileSubjects {
                file: self.subject(f.category, f.item.as_deref()),
                text_columns: f
                    .columns
                    .iter()
                    .filter(|c| c.text.chars > 0)
                    .map(|c| (self.subject(c.category, c.item.as_deref()), c.text))
                    .collect(),
                dated_before: Vec::new(),
            })
            .collect();
        let mut surfaces = Vec::new();
        for purpose in Purpose::ALL {
            for j in self.jurisdictions() {
                surfaces.push(self.surface(analysis, &mut subjects, purpose, j));
            }
        }
        let not_in_archive = self.not_in_archive(analysis);
        let actions = self
            .policy
            .controls_for(options.region)
            .into_iter()
            .map(|c| Action {
                id: c.id.clone(),
                label: c.label.clone(),
                path: c.path.clone(),
                url: c.url.clone(),
                command: c.command.clone(),
                description: c.description.clone(),
                purposes: c.purposes.clone(),
                cite: c.cite.iter().map(|cite| self.cite(cite)).collect(),
            })
            .collect();
        let mut rules = BTreeMap::new();
        let mut conflict_ids = BTreeSet::new();
        for rule in self.policy.rules() {
            if !self.used_rules.contains(rule.id.as_str()) {
                continue;
            }
            conflict_ids.extend(rule.conflicts.iter().cloned());
            rules.insert(
                rule.id.clone(),
                RuleReport {
                    purpose: rule.purpose,
                    verdict: rule.verdict,
                    basis: basis_id(rule.basis),
                    valid_from: rule.valid_from.map(|d| d.to_string()),
                    valid_to: rule.valid_to.map(|d| d.to_string()),
                    conflicts: rule.conflicts.clone(),
                    note: rule.note.clone(),
                    cite: rule.cite.iter().map(|c| self.cite(c)).collect(),
                },
            );
        }
        let conflicts = conflict_ids
            .iter()
            .filter_map(|id| self.policy.conflict(id))
            .map(|c| ConflictReport {
                id: c.id.clone(),
                title: c.title.clone(),
                resolution: c.resolution.clone(),
            })
            .collect();
        let version = self
            .policy
            .versions()
            .iter()
            .filter(|v| v.effective <= options.as_of)
            .max_by_key(|v| v.effective)
            .map(|v| v.id.clone());
        Exposure {
            policy: PolicyInfo {
                title: self.policy.meta().title.clone(),
                origin: self.policy.origin().to_string(),
                version,
                as_of: options.as_of.to_string(),
                region: options.region,
                opted_out_on: options.opted_out_on.map(|d| d.to_string()),
            },
            surfaces,
            not_in_archive,
            actions,
            rules,
            conflicts,
        }
    }

    fn cite(&self, cite: &crate::policy::Cite) -> CiteReport {
        let source = self.policy.source(&cite.source);
        CiteReport {
            source: cite.source.clone(),
            title: source.map(|s| s.title.clone()).unwrap_or_default(),
            kind: source.map(|s| s.kind.id().to_string()).unwrap_or_default(),
            repo: source.and_then(|s| s.repo.clone()),
            commit: source.and_then(|s| s.commit.clone()),
            url: source.and_then(|s| s.url.clone()),
            section: cite.section.clone(),
            quote: cite.quote.clone(),
            note: cite.note.clone(),
        }
    }

    fn surface(
        &mut self,
        analysis: &Analysis<'_>,
        subjects: &mut [FileSubjects],
        purpose: Purpose,
        j: Jurisdiction,
    ) -> Surface {
        let opt_out_applies = self
            .policy
            .controls()
            .iter()
            .any(|c| c.id == "data_for_genai_improvement" && c.purposes.contains(&purpose));
        let cut = self.options.opted_out_on.filter(|_| opt_out_applies);
        let mut buckets: [Acc; 3] = Default::default();
        let mut split = [Span::default(); 3];
        let mut predates: Option<(Date, Span)> = None;
        for (file, subject) in analysis.files.iter().zip(subjects.iter_mut()) {
            let (verdict, rule) = self.answer(subject.file, purpose, j);
            let b = bucket_index(verdict);
            if let Some(acc) = buckets.get_mut(b) {
                acc.add_file(file);
            }
            for &(column, text) in &subject.text_columns {
                let (cv, _) = self.answer(column, purpose, j);
                if let Some(acc) = buckets.get_mut(bucket_index(cv)) {
                    acc.text.add(text);
                }
            }
            if verdict != Verdict::Used {
                continue;
            }
            // A timeline has a day for every date in the file: walk it only for an opt-out
            // date, and add up the days before a rule's start once per file and date.
            if let Some(cut) = cut {
                for (day, tally) in &file.scan.timeline {
                    let side = match day {
                        Some(d) if *d < cut => 0,
                        Some(_) => 1,
                        None => 2,
                    };
                    if let Some(s) = split.get_mut(side) {
                        add_span(s, span(tally));
                    }
                }
            }
            if let Some(from) = rule.and_then(|r| r.valid_from)
                && let Some(before) = subject.dated_before(file, from)
            {
                let slot = predates.get_or_insert((from, Span::default()));
                slot.0 = slot.0.max(from);
                add_span(&mut slot.1, before);
            }
        }
        let [used, unclear, not_used] = buckets.map(Acc::into_bucket);
        let summary = summary(purpose, j, &used, &unclear);
        Surface {
            purpose,
            jurisdiction: j,
            used,
            unclear,
            not_used,
            opt_out: cut.map(|d| {
                let [before, after, undated] = split;
                OptOutSplit {
                    opted_out_on: d.to_string(),
                    before,
                    after,
                    undated,
                }
            }),
            predates_rule: predates.map(|(from, before)| Predates {
                rule_valid_from: from.to_string(),
                before,
            }),
            summary,
        }
    }

    fn not_in_archive(&mut self, analysis: &Analysis<'_>) -> Vec<NotInArchive> {
        let mut out = Vec::new();
        for purpose in Purpose::ALL {
            for category in Category::ALL {
                if category == Category::Other {
                    continue;
                }
                let records: u64 = analysis
                    .files
                    .iter()
                    .filter(|f| f.category == category)
                    .map(|f| f.records())
                    .sum();
                if records > 0 {
                    continue;
                }
                let mut places = Vec::new();
                let mut strongest = Verdict::Excluded;
                for j in self.jurisdictions() {
                    let (v, _) = self.verdict(purpose, j, category, None);
                    if matches!(v, Verdict::Used | Verdict::Unclear) {
                        places.push(j);
                        strongest = strongest.max(v);
                    }
                }
                if places.is_empty() {
                    continue;
                }
                let how = if strongest == Verdict::Used {
                    "used"
                } else {
                    "possibly used"
                };
                // Three different things, which a member must not confuse: no file at all,
                // files with no records, and files LinkedIn filled with a placeholder.
                let theirs: Vec<&FileResult<'_>> = analysis
                    .files
                    .iter()
                    .filter(|f| f.category == category && !f.scan.mismatched)
                    .collect();
                let placeholder = |f: &&FileResult<'_>| {
                    f.scan.format.kind == crate::classify::FormatKind::Placeholder
                        || f.scan.placeholder_rows > 0
                };
                let (state, where_) = if theirs.is_empty() {
                    ("no_file", "is not in your archive".to_string())
                } else if theirs.iter().all(placeholder) {
                    (
                        "placeholder_only",
                        format!(
                            "is not in your archive: its {} files hold only LinkedIn's placeholder (such as \"No conversations found\")",
                            theirs.len()
                        ),
                    )
                } else {
                    (
                        "no_records",
                        format!(
                            "is not in your archive: its {} files hold no records",
                            theirs.len()
                        ),
                    )
                };
                out.push(NotInArchive {
                    category,
                    purpose,
                    jurisdictions: places,
                    verdict: strongest,
                    note: format!(
                        "{} data is {how} for {} but {where_}; LinkedIn holds more than it exports",
                        category.label(),
                        purpose.label().to_lowercase()
                    ),
                    state: state.to_string(),
                });
            }
        }
        out
    }
}

/// The subjects of one file and of its columns with text, in column order.
struct FileSubjects {
    file: usize,
    text_columns: Vec<(usize, TextTally)>,
    /// The records dated before a rule's start, by start date, once added up: the surfaces
    /// of one purpose share their rules' dates, and a timeline has a day for every date.
    dated_before: Vec<(Date, Option<Span>)>,
}

impl FileSubjects {
    /// The file's records dated before `from`, if any.
    fn dated_before(&mut self, file: &FileResult<'_>, from: Date) -> Option<Span> {
        if let Some((_, known)) = self.dated_before.iter().find(|(d, _)| *d == from) {
            return *known;
        }
        let mut sum: Option<Span> = None;
        // Undated records sort first and do not count: from the first date up to `from`.
        for (_, tally) in file.scan.timeline.range(Some(Date::MIN)..Some(from)) {
            add_span(sum.get_or_insert_default(), span(tally));
        }
        self.dated_before.push((from, sum));
        sum
    }
}

fn basis_id(basis: Basis) -> String {
    basis.id().to_string()
}

fn bucket_index(v: Verdict) -> usize {
    match v {
        Verdict::Used => 0,
        Verdict::Unclear => 1,
        Verdict::Excluded | Verdict::NotListed => 2,
    }
}

fn span(tally: &DayTally) -> Span {
    Span {
        records: tally.records,
        text: tally.text.into(),
    }
}

fn add_span(into: &mut Span, s: Span) {
    into.records += s.records;
    into.text.chars += s.text.chars;
    into.text.words += s.text.words;
    into.text.tokens_estimate = into.text.chars.div_ceil(4);
}

#[derive(Default)]
struct Acc {
    files: usize,
    records: u64,
    text: TextTally,
    range: Option<(Date, Date)>,
    categories: BTreeSet<Category>,
}

impl Acc {
    fn add_file(&mut self, f: &FileResult<'_>) {
        self.files += 1;
        self.records += f.records();
        // Activity dates only, cut at the export's date: an expiry date or a birth date
        // is not when the data was created.
        if let Some((a, b)) = f.activity_range {
            self.range = Some(match self.range {
                Some((x, y)) => (x.min(a.date), y.max(b.date)),
                None => (a.date, b.date),
            });
        }
        if f.records() > 0 {
            self.categories.insert(f.category);
        }
    }

    fn into_bucket(self) -> Bucket {
        Bucket {
            files: self.files,
            records: self.records,
            text: self.text.into(),
            date_range: self.range.map(|(a, b)| DateRange {
                first: a.to_string(),
                last: b.to_string(),
            }),
            categories: self.categories.into_iter().collect(),
        }
    }
}

fn summary(purpose: Purpose, j: Jurisdiction, used: &Bucket, unclear: &Bucket) -> String {
    let thousands = super::term::thousands;
    let place = match j {
        Jurisdiction::Uk | Jurisdiction::Us => format!("In the {}", j.label()),
        _ => format!("In {}", j.label()),
    };
    let what = match purpose {
        Purpose::GenaiTraining => "may be used to train generative AI",
        Purpose::MicrosoftAds => "may be shared with Microsoft for advertising",
        Purpose::MicrosoftAi => "may be shared with Microsoft to train its AI",
        Purpose::MicrosoftAccountLink => {
            "is exchanged with Microsoft if you connect a work or school account"
        }
    };
    let span = used
        .date_range
        .as_ref()
        .map(|r| {
            let (a, b) = (
                r.first.get(..4).unwrap_or(""),
                r.last.get(..4).unwrap_or(""),
            );
            if a == b {
                format!(", {a},")
            } else {
                format!(", {a}–{b},")
            }
        })
        .unwrap_or_default();
    let cats: Vec<String> = used
        .categories
        .iter()
        .take(4)
        .map(|c| c.label().to_lowercase())
        .collect();
    let more = if used.categories.len() > 4 {
        ", …"
    } else {
        ""
    };
    let mut s = if used.records == 0 && used.text.chars == 0 {
        format!("{place}, nothing in your archive is listed as data that {what}")
    } else {
        format!(
            "{place}, about {} tokens of text across {} records ({}{more}){span} {what}",
            thousands(used.text.tokens_estimate),
            thousands(used.records),
            cats.join(", "),
        )
    };
    if unclear.records > 0 || unclear.text.chars > 0 {
        s.push_str(&format!(
            "; the policy is unclear about {} more records ({} tokens)",
            thousands(unclear.records),
            thousands(unclear.text.tokens_estimate)
        ));
    }
    s.push('.');
    s
}
