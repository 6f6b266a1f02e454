//! The SME rule: the category that EU Recommendation 2003/361/EC gives an
//! enterprise, criterion by criterion.

use serde::Serialize;

use super::Category;

/// The figures an enterprise gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// Staff headcount, in annual work units.
    pub staff: u64,
    /// Annual turnover, in the currency.
    pub turnover: u64,
    /// Balance-sheet total, in the currency.
    pub balance_sheet: u64,
}

/// One criterion against its threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub value: u64,
    /// The threshold: the value must be below it (staff) or at or below it (money).
    pub threshold: u64,
    pub met: bool,
}

/// One category, criterion by criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryCheck {
    pub category: String,
    pub staff: Criterion,
    pub turnover: Criterion,
    pub balance_sheet: Criterion,
    /// Staff below the ceiling, and turnover or balance sheet within theirs.
    pub met: bool,
}

/// The answer: the smallest category the figures meet, or none.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// `micro`, `small`, `medium` (as named in sme.toml), or `none`.
    pub category: String,
    pub sme: bool,
    pub checks: Vec<CategoryCheck>,
}

/// Classifies `figures` against `categories` (smallest first): the staff
/// headcount strictly below the ceiling, and the turnover or the balance
/// sheet at or below its ceiling.
pub fn classify(categories: &[Category], figures: Figures) -> Outcome {
    let checks: Vec<CategoryCheck> = categories
        .iter()
        .map(|c| {
            let staff =
                Criterion { value: figures.staff, threshold: c.staff_below, met: figures.staff < c.staff_below };
            let turnover = Criterion {
                value: figures.turnover,
                threshold: c.turnover_max,
                met: figures.turnover <= c.turnover_max,
            };
            let balance_sheet = Criterion {
                value: figures.balance_sheet,
                threshold: c.balance_sheet_max,
                met: figures.balance_sheet <= c.balance_sheet_max,
            };
            let met = staff.met && (turnover.met || balance_sheet.met);
            CategoryCheck { category: c.name.clone(), staff, turnover, balance_sheet, met }
        })
        .collect();
    let category = checks.iter().find(|c| c.met).map_or_else(|| "none".to_owned(), |c| c.category.clone());
    Outcome { sme: category != "none", category, checks }
}
