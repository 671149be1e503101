//! Answering questions put to the model: what it says about a category or item, for a
//! purpose, in a jurisdiction, on a date, and which rule decided it.

use super::model::{Control, Jurisdiction, Policy, Purpose, Resolution, Rule, Verdict};
use crate::category::Category;
use jiff::civil::Date;

impl Policy {
    /// The controls offered in `jurisdiction`, or all of them for `None`.
    pub fn controls_for(&self, jurisdiction: Option<Jurisdiction>) -> Vec<&Control> {
        self.controls
            .iter()
            .filter(|c| jurisdiction.is_none_or(|j| c.jurisdictions.contains(&j)))
            .collect()
    }

    /// Every rule that could bear on `category` (and `item`), whatever its purpose, place or
    /// window: the category-level rules, plus the rules for `item`, or for every item of the
    /// category when `item` is `None`. In file order.
    pub fn rules_matching(&self, category: Category, item: Option<&str>) -> Vec<&Rule> {
        self.rules
            .iter()
            .filter(|r| match (&r.item, item) {
                (None, _) => r.categories.contains(&category),
                (Some(rule_item), Some(wanted)) => rule_item == wanted,
                (Some(_), None) => r.categories.contains(&category),
            })
            .collect()
    }

    /// What the model says about `category` (or its `item`) for `purpose` in `jurisdiction`
    /// on the date `on`.
    ///
    /// Only rules in force on `on` count. A rule for the exact item beats a category rule;
    /// between rules of the same kind the one with the latest `valid_from` wins (a rule
    /// without one counts as the oldest), and after that the one written first. With no
    /// rule at all the verdict is `Unclear` and `rule` is `None`.
    pub fn resolve(
        &self,
        purpose: Purpose,
        jurisdiction: Jurisdiction,
        category: Category,
        item: Option<&str>,
        on: Date,
    ) -> Resolution<'_> {
        // Purpose and place first: they rule out most rules at the lowest cost.
        let asked = self
            .rules
            .iter()
            .filter(|r| r.answers(purpose, jurisdiction));
        pick(candidates(asked, category, item, on))
    }

    /// The rules that can answer questions about `category` (or its `item`) on `on`, for
    /// putting many questions about one thing: [`Candidates::resolve`] answers as
    /// [`Policy::resolve`] does, looking only at these rules instead of all of them.
    pub fn candidates(&self, category: Category, item: Option<&str>, on: Date) -> Candidates<'_> {
        Candidates {
            rules: candidates(self.rules.iter(), category, item, on).collect(),
        }
    }
}

/// The rules in force on one date that bear on one category or item, in file order.
#[derive(Debug, Clone)]
pub struct Candidates<'p> {
    /// Each rule, and whether it is for the item rather than the whole category.
    rules: Vec<(bool, &'p Rule)>,
}

impl<'p> Candidates<'p> {
    /// What the model says for `purpose` in `jurisdiction`: see [`Policy::resolve`].
    pub fn resolve(&self, purpose: Purpose, jurisdiction: Jurisdiction) -> Resolution<'p> {
        pick(
            self.rules
                .iter()
                .copied()
                .filter(|(_, r)| r.answers(purpose, jurisdiction)),
        )
    }
}

/// The rules in force on `on` that cover `category` or `item`, with whether each is an item
/// rule.
fn candidates<'p>(
    rules: impl Iterator<Item = &'p Rule>,
    category: Category,
    item: Option<&str>,
    on: Date,
) -> impl Iterator<Item = (bool, &'p Rule)> {
    rules.filter_map(move |rule| {
        if !rule.in_force_on(on) {
            return None;
        }
        match (&rule.item, item) {
            (Some(rule_item), Some(wanted)) if rule_item == wanted => Some((true, rule)),
            (None, _) if rule.categories.contains(&category) => Some((false, rule)),
            _ => None,
        }
    })
}

/// The deciding rule among `candidates`, all for the purpose and place asked about (the
/// precedence is described at [`Policy::resolve`]).
fn pick<'p>(candidates: impl Iterator<Item = (bool, &'p Rule)>) -> Resolution<'p> {
    let mut best: Option<(bool, Option<Date>, &Rule)> = None;
    for (for_item, rule) in candidates {
        let better = best.is_none_or(|(best_item, best_from, _)| {
            (for_item, rule.valid_from) > (best_item, best_from)
        });
        if better {
            best = Some((for_item, rule.valid_from, rule));
        }
    }
    match best {
        Some((_, _, rule)) => Resolution {
            verdict: rule.verdict,
            rule: Some(rule),
        },
        None => Resolution {
            verdict: Verdict::Unclear,
            rule: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::load::BUILTIN;
    use jiff::civil::date;

    const CURRENT: Date = date(2025, 11, 3);
    const EARLIER: Date = date(2025, 6, 1);

    fn verdict(p: Purpose, j: Jurisdiction, c: Category, item: Option<&str>, on: Date) -> Verdict {
        Policy::builtin().resolve(p, j, c, item, on).verdict
    }

    fn everywhere(p: Purpose, c: Category, item: Option<&str>, on: Date) -> Vec<Verdict> {
        let policy = Policy::builtin();
        Jurisdiction::ALL
            .iter()
            .map(|j| policy.resolve(p, *j, c, item, on).verdict)
            .collect()
    }

    #[test]
    fn candidates_answer_as_resolve_does() {
        let policy = Policy::builtin();
        let mut dates = vec![EARLIER, CURRENT, date(2020, 1, 1)];
        for v in policy.versions() {
            dates.extend([v.effective, v.effective.yesterday().expect("a day before")]);
        }
        for on in dates {
            for category in Category::ALL {
                let items = policy.items().iter().filter(|i| i.category == category);
                let items = items.map(|i| Some(i.id.as_str()));
                for item in [None, Some("profile.no_such_item")]
                    .into_iter()
                    .chain(items)
                {
                    let candidates = policy.candidates(category, item, on);
                    for p in Purpose::ALL {
                        for j in Jurisdiction::ALL {
                            let one = policy.resolve(p, j, category, item, on);
                            let many = candidates.resolve(p, j);
                            assert_eq!(one.verdict, many.verdict, "{p} {j} {category} {item:?}");
                            assert_eq!(
                                one.rule.map(|r| &r.id),
                                many.rule.map(|r| &r.id),
                                "{p} {j} {category} {item:?} {on}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_cell_is_covered_in_both_states() {
        let policy = Policy::builtin();
        for on in [CURRENT, EARLIER, date(2024, 9, 18), policy.meta().as_of] {
            for p in Purpose::ALL {
                for j in Jurisdiction::ALL {
                    for c in Category::ALL {
                        let res = policy.resolve(p, j, c, None, on);
                        let rule = res
                            .rule
                            .unwrap_or_else(|| panic!("gap: {p} {j} {c} on {on}"));
                        assert!(
                            rule.item.is_none(),
                            "category question answered by an item rule"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn builtin_rules_never_overlap() {
        // Stricter than validation: the shipped model partitions time by version, so no
        // question may have two candidate rules of the same kind.
        let policy = Policy::builtin();
        for on in [date(2024, 1, 1), EARLIER, CURRENT, policy.meta().as_of] {
            for p in Purpose::ALL {
                for j in Jurisdiction::ALL {
                    for c in Category::ALL {
                        let items: Vec<Option<&str>> = std::iter::once(None)
                            .chain(
                                policy
                                    .items()
                                    .iter()
                                    .filter(|i| i.category == c)
                                    .map(|i| Some(i.id.as_str())),
                            )
                            .collect();
                        for item in items {
                            let n = policy
                                .rules()
                                .iter()
                                .filter(|r| r.purpose == p && r.covers(j) && r.in_force_on(on))
                                .filter(|r| match (&r.item, item) {
                                    (Some(a), Some(b)) => a == b,
                                    (None, None) => r.categories.contains(&c),
                                    _ => false,
                                })
                                .count();
                            assert!(n <= 1, "{n} rules for {p} {j} {c} {item:?} on {on}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn genai_training_verdicts_match_policy_md() {
        use Category as C;
        use Jurisdiction as J;
        use Purpose::GenaiTraining as G;
        use Verdict::*;
        let summary = everywhere(G, C::Profile, Some("profile.summary"), CURRENT);
        assert_eq!(
            summary,
            [Used, Used, Used, Unclear, Unclear, Unclear, Unclear]
        );
        assert_eq!(
            everywhere(G, C::Profile, Some("profile.headline"), CURRENT),
            [Unclear; 7]
        );
        assert_eq!(
            everywhere(G, C::Profile, Some("profile.other_sections"), CURRENT),
            [Unclear; 7]
        );
        assert_eq!(
            everywhere(G, C::Profile, Some("profile.name"), CURRENT),
            [Used; 7]
        );
        let contact = everywhere(G, C::Profile, Some("profile.contact_details"), CURRENT);
        assert_eq!(
            contact,
            [
                NotListed, NotListed, NotListed, Unclear, Unclear, Unclear, Unclear
            ]
        );
        assert_eq!(
            everywhere(G, C::Messages, Some("messages.private"), CURRENT),
            [Excluded; 7]
        );
        assert_eq!(
            everywhere(G, C::Messages, Some("messages.group_threads"), CURRENT),
            [Unclear; 7]
        );
        assert_eq!(everywhere(G, C::Groups, None, CURRENT), [Used; 7]);
        assert_eq!(
            everywhere(G, C::PostedContent, Some("posted_content.posts"), CURRENT),
            [Used; 7]
        );
        let media = everywhere(G, C::PostedContent, Some("posted_content.media"), CURRENT);
        assert_eq!(media, [Unclear, Unclear, Unclear, Used, Used, Used, Used]);
        assert_eq!(
            everywhere(G, C::GenaiConversations, None, CURRENT),
            [Used; 7]
        );
        assert_eq!(
            everywhere(G, C::JobSeeking, Some("job_seeking.resumes"), CURRENT),
            [Used; 7]
        );
        assert_eq!(
            everywhere(G, C::JobSeeking, Some("job_seeking.applications"), CURRENT),
            [Excluded; 7]
        );
        assert_eq!(
            everywhere(G, C::JobSeeking, Some("job_seeking.preferences"), CURRENT),
            [NotListed; 7]
        );
        assert_eq!(
            everywhere(G, C::Account, Some("account.payments"), CURRENT),
            [Excluded; 7]
        );
        assert_eq!(everywhere(G, C::Contacts, None, CURRENT), [NotListed; 7]);
        assert_eq!(
            everywhere(G, C::Activity, Some("activity.search"), CURRENT),
            [NotListed; 7]
        );
        assert_eq!(everywhere(G, C::Other, None, CURRENT), [Unclear; 7]);
        // C2: feedback is unclear where the Notice prevails, used where the FAQ rules.
        assert_eq!(verdict(G, J::Eu, C::Feedback, None, CURRENT), Unclear);
        assert_eq!(
            verdict(
                G,
                J::Us,
                C::Feedback,
                Some("feedback.support_requests"),
                CURRENT
            ),
            Used
        );
        // The earlier state: Europe excluded, CA/HK not yet, US/RoW already on.
        assert_eq!(verdict(G, J::Eu, C::Profile, None, EARLIER), Excluded);
        assert_eq!(verdict(G, J::Uk, C::PostedContent, None, EARLIER), Excluded);
        assert_eq!(verdict(G, J::Ca, C::Profile, None, EARLIER), Excluded);
        assert_eq!(verdict(G, J::Us, C::Profile, None, EARLIER), Used);
        assert_eq!(
            verdict(G, J::Row, C::Profile, Some("profile.summary"), EARLIER),
            Unclear
        );
        assert_eq!(verdict(G, J::Us, C::Messages, None, EARLIER), Excluded);
        // Before the AI sentence existed, nothing was listed for training anywhere.
        assert_eq!(
            verdict(G, J::Us, C::Profile, None, date(2024, 9, 17)),
            NotListed
        );
        assert_eq!(verdict(G, J::Us, C::Profile, None, date(2024, 9, 18)), Used);
        // The last day of the earlier state and the first of the current one.
        assert_eq!(
            verdict(G, J::Eu, C::Profile, None, date(2025, 11, 2)),
            Excluded
        );
        assert_eq!(verdict(G, J::Eu, C::Profile, None, CURRENT), Used);
    }

    #[test]
    fn microsoft_verdicts_match_policy_md() {
        use Category as C;
        use Jurisdiction as J;
        use Verdict::*;
        let ads = Purpose::MicrosoftAds;
        assert_eq!(verdict(ads, J::Eu, C::Profile, None, CURRENT), Excluded);
        assert_eq!(verdict(ads, J::Ch, C::Activity, None, CURRENT), Excluded);
        assert_eq!(verdict(ads, J::Uk, C::Profile, None, CURRENT), Unclear);
        assert_eq!(verdict(ads, J::Us, C::Profile, None, CURRENT), Used);
        assert_eq!(verdict(ads, J::Row, C::Activity, None, CURRENT), Used);
        assert_eq!(
            verdict(ads, J::Us, C::Messages, Some("messages.private"), CURRENT),
            Excluded
        );
        assert_eq!(verdict(ads, J::Ca, C::Messages, None, CURRENT), Unclear);
        assert_eq!(
            verdict(
                ads,
                J::Us,
                C::InferencesAds,
                Some("inferences_ads.ads_engagement"),
                CURRENT
            ),
            Used
        );
        assert_eq!(
            verdict(
                ads,
                J::Us,
                C::InferencesAds,
                Some("inferences_ads.inferences"),
                CURRENT
            ),
            Unclear
        );
        assert_eq!(
            verdict(ads, J::Us, C::PostedContent, None, CURRENT),
            Unclear
        );
        assert_eq!(verdict(ads, J::Us, C::Profile, None, EARLIER), Unclear);

        let ai = Purpose::MicrosoftAi;
        assert_eq!(
            verdict(
                ai,
                J::Uk,
                C::PostedContent,
                Some("posted_content.posts"),
                CURRENT
            ),
            Used
        );
        assert_eq!(
            verdict(
                ai,
                J::Uk,
                C::PostedContent,
                Some("posted_content.media"),
                CURRENT
            ),
            Used
        );
        assert_eq!(
            verdict(
                ai,
                J::Uk,
                C::JobSeeking,
                Some("job_seeking.job_postings"),
                CURRENT
            ),
            Used
        );
        assert_eq!(verdict(ai, J::Uk, C::Profile, None, CURRENT), NotListed);
        assert_eq!(verdict(ai, J::Uk, C::PostedContent, None, EARLIER), Unclear);
        assert_eq!(
            verdict(
                ai,
                J::Eu,
                C::PostedContent,
                Some("posted_content.posts"),
                CURRENT
            ),
            Excluded
        );
        assert_eq!(verdict(ai, J::Us, C::PostedContent, None, CURRENT), Used);
        assert_eq!(verdict(ai, J::Us, C::Profile, None, CURRENT), Unclear);

        let link = Purpose::MicrosoftAccountLink;
        assert_eq!(everywhere(link, C::Contacts, None, CURRENT), [Used; 7]);
        assert_eq!(
            everywhere(link, C::Contacts, Some("contacts.imported"), EARLIER),
            [Used; 7]
        );
        assert_eq!(everywhere(link, C::Profile, None, CURRENT), [Used; 7]);
        assert_eq!(everywhere(link, C::Messages, None, CURRENT), [NotListed; 7]);
        assert_eq!(
            everywhere(link, C::PostedContent, None, CURRENT),
            [Unclear; 7]
        );
    }

    #[test]
    fn item_rules_beat_category_rules_and_windows_are_respected() {
        let policy = Policy::builtin();
        let res = policy.resolve(
            Purpose::GenaiTraining,
            Jurisdiction::Us,
            Category::Profile,
            Some("profile.headline"),
            CURRENT,
        );
        assert_eq!(
            res.rule.map(|r| r.id.as_str()),
            Some("genai.profile.headline.all.2025")
        );
        // An item the model does not single out falls back to its category.
        let res = policy.resolve(
            Purpose::GenaiTraining,
            Jurisdiction::Us,
            Category::Profile,
            Some("profile.nonexistent"),
            CURRENT,
        );
        assert_eq!(
            res.rule.map(|r| r.id.as_str()),
            Some("genai.profile.ca-hk-us-row.2025")
        );
    }

    #[test]
    fn resolve_without_any_rule_is_unclear() {
        let text = BUILTIN.replace(
            "valid_to = 2024-09-17",
            "valid_to = 2024-09-17\nvalid_from = 2024-09-01",
        );
        let policy = Policy::from_toml(&text, "custom.toml").expect("still valid");
        let res = policy.resolve(
            Purpose::GenaiTraining,
            Jurisdiction::Us,
            Category::Profile,
            None,
            date(2020, 1, 1),
        );
        assert_eq!(res.verdict, Verdict::Unclear);
        assert!(res.rule.is_none());
    }

    #[test]
    fn custom_toml_changes_resolution() {
        let builtin = Policy::builtin();
        let ask = |p: &Policy| {
            p.resolve(
                Purpose::GenaiTraining,
                Jurisdiction::Eu,
                Category::Groups,
                None,
                CURRENT,
            )
            .verdict
        };
        assert_eq!(ask(&builtin), Verdict::Used);
        let anchor = "id = \"genai.groups.eu-uk-ch.2025\"";
        let start = BUILTIN.find(anchor).expect("rule present");
        let (head, tail) = BUILTIN.split_at(start);
        let tail = tail
            .replacen("verdict = \"used\"", "verdict = \"unclear\"", 1)
            .replacen("basis = \"listed\"", "basis = \"conflict\"", 1);
        let custom = Policy::from_toml(&format!("{head}{tail}"), "custom.toml").expect("valid");
        assert_eq!(ask(&custom), Verdict::Unclear);
        assert_eq!(custom.origin(), "custom.toml");
    }

    #[test]
    fn controls_filter_by_jurisdiction() {
        let policy = Policy::builtin();
        assert_eq!(policy.controls_for(None).len(), policy.controls().len());
        let us: Vec<&str> = policy
            .controls_for(Some(Jurisdiction::Us))
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert!(us.contains(&"microsoft_ads_sharing"));
        assert!(!us.contains(&"objection_form"));
        let eu: Vec<&str> = policy
            .controls_for(Some(Jurisdiction::Eu))
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert!(eu.contains(&"objection_form") && !eu.contains(&"microsoft_ads_sharing"));
    }

    #[test]
    fn rules_matching_includes_item_and_category_rules() {
        let policy = Policy::builtin();
        let ids: Vec<&str> = policy
            .rules_matching(Category::Messages, Some("messages.group_threads"))
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert!(ids.contains(&"genai.messages.group_threads.all.2025"));
        assert!(ids.contains(&"genai.messages.all.2025"));
        assert!(!ids.iter().any(|id| id.contains("headline")));
        let headline = policy.rules_matching(Category::Profile, Some("profile.headline"));
        assert!(
            !headline
                .iter()
                .any(|r| r.item.as_deref() == Some("profile.summary"))
        );
        let all = policy.rules_matching(Category::Profile, None);
        assert!(
            all.iter()
                .any(|r| r.item.as_deref() == Some("profile.summary"))
        );
        assert!(all.len() > headline.len());
    }
}
