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

/// The answer for `figures`: the category in a sentence, and each criterion
/// of each category against its ceiling.
pub fn outcome_view(site: &Site, figures: Figures) -> OutcomeView {
    let outcome = classify(&site.sme.categories, figures);
    let currency = &site.sme.currency;
    let headline = if outcome.sme {
        let name = &outcome.category;
        let noun = if name == "medium" { "medium-sized".to_owned() } else { name.clone() };
        format!("Your enterprise is a {noun} enterprise, and so an SME.")
    } else {
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
            turnover: money(currency, &c.turnover),
            balance_sheet: money(currency, &c.balance_sheet),
            met: if c.met { "Yes" } else { "No" },
        })
        .collect();
    OutcomeView { headline, rows }
}

fn met(met: bool) -> &'static str {
    if met { "met" } else { "not met" }
}

fn money(currency: &str, criterion: &Criterion) -> String {
    let relation = if criterion.met { "is within" } else { "is above" };
    format!(
        "{} {relation} {}: {}",
        amount(currency, criterion.value),
        amount(currency, criterion.threshold),
        met(criterion.met)
    )
}
