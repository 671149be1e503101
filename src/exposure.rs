//! Exposure: what the policy model says about an archive's files, columns and categories,
//! and the totals that answer "what may be used to train AI, or go to Microsoft, where I
//! live".
//!
//! Verdicts come from [`Policy::resolve`]'s rules for the date asked about (`--as-of`), and
//! every verdict names its rule. [`Judge`] asks the questions and remembers each rule it
//! used, so that a report can list them once with their citations. The results are plain
//! data: `report::exposure` turns them into JSON, terminal text and HTML.

use crate::analysis::{Analysis, FileResult};
use crate::category::Category;
use crate::classify::{DayTally, FormatKind, TextTally};
use crate::policy::{Conflict, Control, Jurisdiction, Policy, Purpose, Rule, Verdict, Version};
use jiff::civil::Date;
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
#[derive(Debug, Clone, Copy)]
pub struct Judgement<'p> {
    /// What the policy says.
    pub verdict: Verdict,
    /// The rule that decided it; `None` when no rule covers the question.
    pub rule: Option<&'p Rule>,
}

/// Two judgements are the same when they give the same verdict by the same rule: rule ids
/// are unique in a model, and a rule has no equality of its own.
impl PartialEq for Judgement<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.verdict == other.verdict
            && self.rule.map(|r| r.id.as_str()) == other.rule.map(|r| r.id.as_str())
    }
}

impl Eq for Judgement<'_> {}

/// Judgements by purpose, then jurisdiction.
pub type Matrix<'p> = BTreeMap<Purpose, BTreeMap<Jurisdiction, Judgement<'p>>>;

/// Totals for the data in one verdict bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bucket {
    /// Files.
    pub files: usize,
    /// Records in them.
    pub records: u64,
    /// Free text in their columns with this verdict.
    pub text: TextTally,
    /// Earliest and latest activity date.
    pub date_range: Option<(Date, Date)>,
    /// The categories of the files with records, in the categories' order.
    pub categories: Vec<Category>,
}

/// Records and text on one side of a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// Records.
    pub records: u64,
    /// Their free text.
    pub text: TextTally,
}

impl Span {
    fn add(&mut self, other: Span) {
        self.records += other.records;
        self.text.add(other.text);
    }
}

impl From<&DayTally> for Span {
    fn from(tally: &DayTally) -> Span {
        Span {
            records: tally.records,
            text: tally.text,
        }
    }
}

/// The used data, split at the opt-out date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOutSplit {
    /// The date the member turned the setting off.
    pub opted_out_on: Date,
    /// Created before: may already have been used (opting out is not retroactive).
    pub before: Span,
    /// Created on or after: not used for this purpose once the setting is off.
    pub after: Span,
    /// Without a date: cannot be placed on either side.
    pub undated: Span,
}

/// Used data older than the rule that made it usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predates {
    /// The rule's start date (the latest, when several rules made data usable).
    pub rule_valid_from: Date,
    /// Records created before it.
    pub before: Span,
}

/// The exposure surface for one purpose in one jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// With an opt-out date that the GenAI setting governs: the used data split at it.
    pub opt_out: Option<OptOutSplit>,
    /// Used data created before the rule took effect: the new policy reaches back.
    pub predates_rule: Option<Predates>,
}

/// Why an archive holds no records of a category. Three different things, which a member
/// must not confuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    /// The archive has no file of the category.
    NoFile,
    /// Its files hold no records.
    NoRecords {
        /// How many files of the category there are.
        files: usize,
    },
    /// LinkedIn wrote a sentence such as "No conversations found" instead of data.
    PlaceholderOnly {
        /// How many files of the category there are.
        files: usize,
    },
}

/// A category the policy uses (or may use) that the archive holds no records of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotInArchive {
    /// The category.
    pub category: Category,
    /// The purpose.
    pub purpose: Purpose,
    /// Where the policy uses it or is unclear.
    pub jurisdictions: Vec<Jurisdiction>,
    /// The strongest verdict among them: used or unclear.
    pub verdict: Verdict,
    /// Why there are no records.
    pub absence: Absence,
}

/// What the policy says about one archive, for the options asked about.
#[derive(Debug, Clone)]
pub struct Exposure<'p> {
    /// The policy judged by.
    pub policy: &'p Policy,
    /// What was asked.
    pub options: Options,
    /// The policy version in force on `options.as_of`, if the model has one by then.
    pub version: Option<&'p Version>,
    /// One surface per purpose and jurisdiction, by purpose then jurisdiction.
    pub surfaces: Vec<Surface>,
    /// Categories the policy uses that the archive lacks, by purpose then category.
    pub not_in_archive: Vec<NotInArchive>,
    /// Steps the member can take, for the region (all of them without one).
    pub controls: Vec<&'p Control>,
    /// Every rule any judgement of the [`Judge`] named, in the model's order.
    pub rules: Vec<&'p Rule>,
    /// The conflicts those rules take part in, by id.
    pub conflicts: Vec<&'p Conflict>,
}

/// Judgements for one (category, item) over the purposes and jurisdictions asked about,
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

/// One category or item asked about.
struct Subject<'p> {
    category: Category,
    item: Option<String>,
    /// The few rules that bear on it on the date asked about.
    candidates: crate::policy::Candidates<'p>,
    /// Answers by purpose, then jurisdiction (in declaration order), once asked.
    answers: [[Option<Judgement<'p>>; Jurisdiction::ALL.len()]; Purpose::ALL.len()],
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

    /// The judgement for a subject (an index from [`Judge::subject`]).
    fn answer(
        &mut self,
        subject: usize,
        purpose: Purpose,
        jurisdiction: Jurisdiction,
    ) -> Judgement<'p> {
        let Some(s) = self.subjects.get_mut(subject) else {
            // Not reached: every index comes from `subject`.
            return Judgement {
                verdict: Verdict::Unclear,
                rule: None,
            };
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
        let judgement = Judgement {
            verdict: r.verdict,
            rule: r.rule,
        };
        if let Some(slot) = slot {
            *slot = Some(judgement);
        }
        judgement
    }

    /// The judgement on one category or item for one purpose in one jurisdiction.
    pub fn judge(
        &mut self,
        purpose: Purpose,
        jurisdiction: Jurisdiction,
        category: Category,
        item: Option<&str>,
    ) -> Judgement<'p> {
        let subject = self.subject(category, item);
        self.answer(subject, purpose, jurisdiction)
    }

    /// The matrix for one category or item.
    pub fn matrix(&mut self, category: Category, item: Option<&str>) -> Matrix<'p> {
        let subject = self.subject(category, item);
        let mut out = Matrix::new();
        for purpose in Purpose::ALL {
            let row = out.entry(purpose).or_default();
            for j in self.jurisdictions() {
                row.insert(j, self.answer(subject, purpose, j));
            }
        }
        out
    }

    /// The exposure of an archive (call after the matrices, so the rule list covers them
    /// too).
    pub fn exposure(mut self, analysis: &Analysis<'_>) -> Exposure<'p> {
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
                    .filter(|c| c.text().chars > 0)
                    .map(|c| (self.subject(c.category, c.item.as_deref()), c.text()))
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
        let policy = self.policy;
        let rules: Vec<&'p Rule> = policy
            .rules()
            .iter()
            .filter(|r| self.used_rules.contains(r.id.as_str()))
            .collect();
        let conflict_ids: BTreeSet<&str> = rules
            .iter()
            .flat_map(|r| r.conflicts.iter().map(String::as_str))
            .collect();
        let conflicts = conflict_ids
            .into_iter()
            .filter_map(|id| policy.conflict(id))
            .collect();
        let version = policy
            .versions()
            .iter()
            .filter(|v| v.effective <= options.as_of)
            .max_by_key(|v| v.effective);
        Exposure {
            policy,
            options,
            version,
            surfaces,
            not_in_archive,
            controls: policy.controls_for(options.region),
            rules,
            conflicts,
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
            let judgement = self.answer(subject.file, purpose, j);
            if let Some(acc) = buckets.get_mut(bucket_index(judgement.verdict)) {
                acc.add_file(file);
            }
            for &(column, text) in &subject.text_columns {
                let cv = self.answer(column, purpose, j).verdict;
                if let Some(acc) = buckets.get_mut(bucket_index(cv)) {
                    acc.text.add(text);
                }
            }
            if judgement.verdict != Verdict::Used {
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
                        s.add(tally.into());
                    }
                }
            }
            if let Some(from) = judgement.rule.and_then(|r| r.valid_from)
                && let Some(before) = subject.dated_before(file, from)
            {
                let slot = predates.get_or_insert((from, Span::default()));
                slot.0 = slot.0.max(from);
                slot.1.add(before);
            }
        }
        let [used, unclear, not_used] = buckets.map(Acc::into_bucket);
        Surface {
            purpose,
            jurisdiction: j,
            used,
            unclear,
            not_used,
            opt_out: cut.map(|d| {
                let [before, after, undated] = split;
                OptOutSplit {
                    opted_out_on: d,
                    before,
                    after,
                    undated,
                }
            }),
            predates_rule: predates.map(|(from, before)| Predates {
                rule_valid_from: from,
                before,
            }),
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
                    let v = self.judge(purpose, j, category, None).verdict;
                    if matches!(v, Verdict::Used | Verdict::Unclear) {
                        places.push(j);
                        strongest = strongest.max(v);
                    }
                }
                if places.is_empty() {
                    continue;
                }
                let theirs: Vec<&FileResult<'_>> = analysis
                    .files
                    .iter()
                    .filter(|f| f.category == category && !f.scan.mismatched)
                    .collect();
                let placeholder = |f: &&FileResult<'_>| {
                    f.scan.format.kind == FormatKind::Placeholder || f.scan.placeholder_rows > 0
                };
                let absence = if theirs.is_empty() {
                    Absence::NoFile
                } else if theirs.iter().all(placeholder) {
                    Absence::PlaceholderOnly {
                        files: theirs.len(),
                    }
                } else {
                    Absence::NoRecords {
                        files: theirs.len(),
                    }
                };
                out.push(NotInArchive {
                    category,
                    purpose,
                    jurisdictions: places,
                    verdict: strongest,
                    absence,
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
            sum.get_or_insert_default().add(tally.into());
        }
        self.dated_before.push((from, sum));
        sum
    }
}

fn bucket_index(v: Verdict) -> usize {
    match v {
        Verdict::Used => 0,
        Verdict::Unclear => 1,
        Verdict::Excluded | Verdict::NotListed => 2,
    }
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
            text: self.text,
            date_range: self.range,
            categories: self.categories.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Config, analyze};
    use crate::catalog::Catalog;
    use jiff::civil::date;

    fn options(region: Option<Jurisdiction>, as_of: Date) -> Options {
        Options {
            region,
            as_of,
            opted_out_on: None,
        }
    }

    fn sample() -> Analysis<'static> {
        let config = Config {
            inputs: vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample")],
            ..Default::default()
        };
        analyze(&config, Catalog::builtin(), &|_| {}).expect("the sample folder scans")
    }

    #[test]
    fn posts_train_ai_in_the_eu_only_from_the_november_2025_policy() {
        let policy = Policy::builtin();
        let eu = Some(Jurisdiction::Eu);
        let mut before = Judge::new(&policy, options(eu, date(2025, 6, 1)));
        let old = before.judge(
            Purpose::GenaiTraining,
            Jurisdiction::Eu,
            Category::PostedContent,
            None,
        );
        assert_eq!(old.verdict, Verdict::Excluded);
        let mut after = Judge::new(&policy, options(eu, date(2026, 11, 23)));
        let new = after.judge(
            Purpose::GenaiTraining,
            Jurisdiction::Eu,
            Category::PostedContent,
            None,
        );
        assert_eq!(new.verdict, Verdict::Used);
        let rule = new.rule.expect("a used verdict names its rule");
        assert!(rule.in_force_on(date(2026, 11, 23)) && !rule.in_force_on(date(2025, 6, 1)));
        assert_ne!(old, new);
    }

    #[test]
    fn an_item_can_differ_from_its_category() {
        let policy = Policy::builtin();
        let mut judge = Judge::new(&policy, options(None, date(2026, 11, 23)));
        let matrix = judge.matrix(Category::Profile, None);
        let headline = judge.matrix(Category::Profile, Some("profile.headline"));
        let genai = |m: &Matrix<'_>| m[&Purpose::GenaiTraining][&Jurisdiction::Uk].verdict;
        assert_eq!(genai(&matrix), Verdict::Used);
        assert_eq!(genai(&headline), Verdict::Unclear);
        // Without a region the matrix covers every jurisdiction for every purpose.
        assert_eq!(matrix.len(), Purpose::ALL.len());
        assert!(
            matrix
                .values()
                .all(|row| row.len() == Jurisdiction::ALL.len())
        );
    }

    #[test]
    fn private_messages_are_excluded_from_training_everywhere() {
        let policy = Policy::builtin();
        let mut judge = Judge::new(&policy, options(None, date(2026, 11, 23)));
        for j in Jurisdiction::ALL {
            let judgement = judge.judge(Purpose::GenaiTraining, j, Category::Messages, None);
            assert_eq!(judgement.verdict, Verdict::Excluded, "{j:?}");
        }
    }

    /// An archive with no files at all.
    fn empty() -> Analysis<'static> {
        Analysis {
            inputs: Vec::new(),
            files: Vec::new(),
            categories: BTreeMap::new(),
            missing: Vec::new(),
            problems: Vec::new(),
            export_date: None,
            not_read: Vec::new(),
            after_export: 0,
            collected: None,
        }
    }

    #[test]
    fn the_exposure_lists_the_rules_of_every_judgement_asked_for_and_no_others() {
        let policy = Policy::builtin();
        let options = options(Some(Jurisdiction::Uk), date(2026, 11, 23));
        let payments = Some("account.payments");
        let without = Judge::new(&policy, options).exposure(&empty());
        let mut judge = Judge::new(&policy, options);
        let asked = judge.judge(
            Purpose::GenaiTraining,
            Jurisdiction::Uk,
            Category::Account,
            payments,
        );
        assert_eq!(asked.verdict, Verdict::Excluded);
        let rule = asked.rule.expect("an exclusion names its rule");
        let with = judge.exposure(&empty());
        let listed = |e: &Exposure<'_>, id: &str| e.rules.iter().any(|r| r.id == id);
        assert!(listed(&with, &rule.id));
        assert!(
            !listed(&without, &rule.id),
            "only asked about by the second judge"
        );
        assert!(without.rules.iter().all(|r| listed(&with, &r.id)));
        for conflict in &with.conflicts {
            assert!(
                with.rules
                    .iter()
                    .any(|r| r.conflicts.contains(&conflict.id))
            );
        }
    }

    #[test]
    fn an_empty_archive_has_nothing_used_and_no_file_of_any_category_the_policy_uses() {
        let policy = Policy::builtin();
        let exposure = Judge::new(&policy, options(None, date(2026, 11, 23))).exposure(&empty());
        assert_eq!(
            exposure.surfaces.len(),
            Purpose::ALL.len() * Jurisdiction::ALL.len()
        );
        assert!(
            exposure
                .surfaces
                .iter()
                .all(|s| s.used == Bucket::default())
        );
        let posts = exposure
            .not_in_archive
            .iter()
            .find(|n| n.category == Category::PostedContent && n.purpose == Purpose::GenaiTraining)
            .expect("posts train AI, and the archive has none");
        assert_eq!(posts.verdict, Verdict::Used);
        assert_eq!(posts.jurisdictions, Jurisdiction::ALL.to_vec());
        assert!(
            exposure
                .not_in_archive
                .iter()
                .all(|n| n.absence == Absence::NoFile)
        );
        assert!(
            !exposure
                .not_in_archive
                .iter()
                .any(|n| n.category == Category::Messages && n.purpose == Purpose::GenaiTraining),
            "messages are excluded everywhere, so their absence is no news"
        );
    }

    #[test]
    fn the_sample_has_posts_to_train_on_in_the_uk_but_not_before_the_policy_changed() {
        let policy = Policy::builtin();
        let analysis = sample();
        let uk = Some(Jurisdiction::Uk);
        let genai = |e: &Exposure<'_>| {
            e.surfaces
                .iter()
                .find(|s| s.purpose == Purpose::GenaiTraining)
                .cloned()
                .expect("a GenAI surface")
        };
        let now = Judge::new(&policy, options(uk, date(2026, 11, 23))).exposure(&analysis);
        assert_eq!(
            now.surfaces.len(),
            Purpose::ALL.len(),
            "one region: one per purpose"
        );
        let used = genai(&now).used;
        assert!(used.records > 0 && used.text.chars > 0);
        assert!(used.categories.contains(&Category::PostedContent));
        assert!(!used.categories.contains(&Category::Messages));
        let then = Judge::new(&policy, options(uk, date(2025, 6, 1))).exposure(&analysis);
        let surface = genai(&then);
        assert_eq!(surface.used, Bucket::default());
        // Every file lands in exactly one bucket.
        assert_eq!(
            surface.unclear.files + surface.not_used.files,
            analysis.files.len()
        );
        assert!(then.version.is_none_or(|v| v.effective <= date(2025, 6, 1)));
    }

    #[test]
    fn an_opt_out_date_splits_the_used_records_it_governs() {
        let policy = Policy::builtin();
        let analysis = sample();
        let options = Options {
            region: Some(Jurisdiction::Uk),
            as_of: date(2026, 11, 23),
            opted_out_on: Some(date(2025, 10, 1)),
        };
        let exposure = Judge::new(&policy, options).exposure(&analysis);
        let genai = exposure
            .surfaces
            .iter()
            .find(|s| s.purpose == Purpose::GenaiTraining)
            .expect("a GenAI surface");
        let split = genai
            .opt_out
            .as_ref()
            .expect("the GenAI setting governs training");
        assert_eq!(split.opted_out_on, date(2025, 10, 1));
        assert!(split.before.records > 0);
        // Microsoft's advertising is not what the GenAI setting turns off.
        let ads = exposure
            .surfaces
            .iter()
            .find(|s| s.purpose == Purpose::MicrosoftAds)
            .expect("an advertising surface");
        assert_eq!(ads.opt_out, None);
    }
}
