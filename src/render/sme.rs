//! The SME criteria table, and the SME check's answer written out.

use super::citations::Citations;
use super::format::{amount, capitalise};
use super::views::{CriteriaRow, OutcomeRow, OutcomeView};
use crate::site::Site;
use crate::site::sme_rule::{CategoryCheck, Criterion, Figures, classify};

/// Each size category with its ceilings, for the table on `/sme`.
pub fn criteria_rows(site: &Site, citations: &mut Citations) -> Vec<CriteriaRow> {
    let currency = &site.sme.currency;
    site.sme
        .categories
        .iter()
        .map(|c| CriteriaRow {
            name: capitalise(&c.name),
            staff: c.staff_below.to_string(),
            turnover: amount(currency, c.turnover_max),
            balance_sheet: amount(currency, c.balance_sheet_max),
            marks: citations.cite(&c.sources),
        })
        .collect()
}

/// The answer for `figures`: the category in a sentence, why, what is
/// missing if a figure decides, and each criterion of each category
/// against its ceiling.
pub fn outcome_view(site: &Site, figures: Figures) -> OutcomeView {
    let outcome = classify(&site.sme.categories, figures);
    let currency = site.sme.currency.as_str();
    let money = |value: u64| amount(currency, value);
    let mut explanation = Vec::new();
    let mut ask = None;
    let headline = if let Some(found) = outcome.found() {
        explanation.push(why_met(found, &money));
        let index = outcome.checks.iter().position(|c| c.category == found.category).unwrap_or(0);
        if let Some(smaller) = index.checked_sub(1).and_then(|i| outcome.checks.get(i)) {
            explanation.push(why_not(smaller, &money));
        }
        format!("Your enterprise is {} enterprise, and so an SME.", with_article(&noun(&found.category)))
    } else if let Some(undecided) = outcome.undecided() {
        let (given, given_value, given_ceiling, missing, missing_ceiling) = match undecided.turnover.value {
            Some(value) => (
                "turnover",
                value,
                undecided.turnover.threshold,
                "balance-sheet total",
                undecided.balance_sheet.threshold,
            ),
            None => (
                "balance-sheet total",
                undecided.balance_sheet.value.unwrap_or(0),
                undecided.balance_sheet.threshold,
                "turnover",
                undecided.turnover.threshold,
            ),
        };
        let size = noun(&undecided.category);
        explanation.push(format!(
            "Its {given}, {}, is above the {size}-enterprise ceiling of {}. Meeting one of the two ceilings is enough, so its {missing} decides: with a {missing} of {} or less, it is {} enterprise.",
            money(given_value), money(given_ceiling), money(missing_ceiling), with_article(&size)
        ));
        // Each larger category the missing figure could still decide, up to
        // the first that the figures meet whatever it is.
        let mut settled = false;
        for larger in outcome.checks.iter().skip_while(|c| c.category != undecided.category).skip(1) {
            let size = with_article(&noun(&larger.category));
            match larger.met {
                Some(true) => {
                    explanation.push(format!("Otherwise it is {size} enterprise."));
                    settled = true;
                    break;
                }
                None => {
                    let ceiling = if undecided.turnover.value.is_some() {
                        larger.balance_sheet.threshold
                    } else {
                        larger.turnover.threshold
                    };
                    explanation
                        .push(format!("With a {missing} of {} or less, it is {size} enterprise.", money(ceiling)));
                }
                Some(false) => {}
            }
        }
        if !settled {
            explanation.push(format!("With a larger {missing}, it is not an SME."));
        }
        ask = Some((
            if missing == "turnover" { "turnover" } else { "balance_sheet" },
            format!("Enter the {missing} too, and check again."),
        ));
        if outcome.sme == Some(true) {
            "Your enterprise is an SME; one more figure tells which size.".to_owned()
        } else {
            "One more figure is needed to answer.".to_owned()
        }
    } else {
        if let Some(largest) = outcome.checks.last() {
            explanation.push(why_not(largest, &money));
        }
        "Your enterprise is not an SME: it is above the ceilings of every category.".to_owned()
    };
    let rows = outcome
        .checks
        .iter()
        .map(|c: &CategoryCheck| OutcomeRow {
            name: capitalise(&c.category),
            staff: format!(
                "{} {} {}: {}",
                c.staff.value,
                if c.staff.met { "is below" } else { "is not below" },
                c.staff.threshold,
                met(c.staff.met)
            ),
            turnover: criterion(currency, &c.turnover),
            balance_sheet: criterion(currency, &c.balance_sheet),
            met: match c.met {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "Depends on the missing figure",
            },
        })
        .collect();
    OutcomeView { headline, explanation, ask, rows }
}

/// "small", "medium-sized".
fn noun(category: &str) -> String {
    if category == "medium" { "medium-sized".to_owned() } else { category.to_owned() }
}

/// "a small", "an extra-large".
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// Why the figures meet `check`'s category, in a sentence.
fn why_met(check: &CategoryCheck, money: &dyn Fn(u64) -> String) -> String {
    let size = noun(&check.category);
    let staff = format!(
        "Its staff headcount, {}, is below the {size}-enterprise ceiling of {}",
        check.staff.value, check.staff.threshold
    );
    let (t, b) = (&check.turnover, &check.balance_sheet);
    let amounts = match (t.value.zip(t.met), b.value.zip(b.met)) {
        (Some((tv, true)), Some((bv, true))) => format!(
            "its turnover, {}, and its balance-sheet total, {}, are both within their ceilings of {} and {}.",
            money(tv),
            money(bv),
            money(t.threshold),
            money(b.threshold)
        ),
        (Some((tv, false)), Some((bv, true))) => format!(
            "its turnover, {}, is above the ceiling of {}, but its balance-sheet total, {}, is within its ceiling of {}, and meeting one of the two is enough.",
            money(tv),
            money(t.threshold),
            money(bv),
            money(b.threshold)
        ),
        (Some((tv, true)), Some((bv, false))) => format!(
            "its balance-sheet total, {}, is above the ceiling of {}, but its turnover, {}, is within its ceiling of {}, and meeting one of the two is enough.",
            money(bv),
            money(b.threshold),
            money(tv),
            money(t.threshold)
        ),
        (Some((tv, _)), None) => format!(
            "its turnover, {}, is within the ceiling of {}, and that is enough: the balance-sheet total is not needed.",
            money(tv),
            money(t.threshold)
        ),
        (_, Some((bv, _))) => format!(
            "its balance-sheet total, {}, is within the ceiling of {}, and that is enough: the turnover is not needed.",
            money(bv),
            money(b.threshold)
        ),
        (_, None) => String::new(),
    };
    format!("{staff}, and {amounts}")
}

/// Why the figures do not meet `check`'s category, in a sentence.
fn why_not(check: &CategoryCheck, money: &dyn Fn(u64) -> String) -> String {
    let size = noun(&check.category);
    if !check.staff.met {
        return format!(
            "It is not {} enterprise: its staff headcount, {}, is not below {}.",
            with_article(&size),
            check.staff.value,
            check.staff.threshold
        );
    }
    let given: Vec<String> = [("turnover", &check.turnover), ("balance-sheet total", &check.balance_sheet)]
        .into_iter()
        .filter_map(|(name, c)| c.value.map(|v| format!("its {name}, {}, is above {}", money(v), money(c.threshold))))
        .collect();
    format!("It is not {} enterprise: {}.", with_article(&size), given.join(", and "))
}

fn met(met: bool) -> &'static str {
    if met { "met" } else { "not met" }
}

fn criterion(currency: &str, criterion: &Criterion) -> String {
    match (criterion.value, criterion.met) {
        (Some(value), Some(within)) => format!(
            "{} {} {}: {}",
            amount(currency, value),
            if within { "is within" } else { "is above" },
            amount(currency, criterion.threshold),
            met(within)
        ),
        _ => format!("not given (ceiling {})", amount(currency, criterion.threshold)),
    }
}
