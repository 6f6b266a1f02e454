//! The SME rule: the category that EU Recommendation 2003/361/EC gives an
//! enterprise, criterion by criterion.

use serde::Serialize;

use super::Category;

/// A staff headcount in annual work units, to the hundredth: part-time and
/// seasonal staff count as fractions (2003/361/EC, Annex, Article 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(into = "f64")]
pub struct Staff {
    pub hundredths: u64,
}

impl Staff {
    pub fn whole(units: u64) -> Self {
        Self { hundredths: units.saturating_mul(100) }
    }
}

impl From<Staff> for f64 {
    fn from(staff: Staff) -> f64 {
        staff.hundredths as f64 / 100.0
    }
}

/// `45`, `45.5`, `45.25`.
impl std::fmt::Display for Staff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (units, rest) = (self.hundredths / 100, self.hundredths % 100);
        match rest {
            0 => write!(f, "{units}"),
            r if r % 10 == 0 => write!(f, "{units}.{}", r / 10),
            r => write!(f, "{units}.{r:02}"),
        }
    }
}

/// The figures an enterprise gives: its staff, and its turnover, its
/// balance-sheet total or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub staff: Staff,
    /// Annual turnover, in the currency, if given.
    pub turnover: Option<u64>,
    /// Balance-sheet total, in the currency, if given.
    pub balance_sheet: Option<u64>,
}

/// One amount against its ceiling; `met` is `None` when it is not given.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Criterion {
    pub value: Option<u64>,
    /// The value must be at or below it.
    pub threshold: u64,
    pub met: Option<bool>,
}

/// The staff headcount against its ceiling: it must be below it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StaffCriterion {
    pub value: Staff,
    pub threshold: u64,
    pub met: bool,
}

/// One category, criterion by criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryCheck {
    pub category: String,
    pub staff: StaffCriterion,
    pub turnover: Criterion,
    pub balance_sheet: Criterion,
    /// Staff below the ceiling, and turnover or balance sheet within theirs;
    /// `None` when the amount given is above its ceiling and the other one,
    /// not given, decides.
    pub met: Option<bool>,
}

/// The answer: the smallest category the figures meet, or none.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// `micro`, `small`, `medium` (as named in sme.toml), `none`, or
    /// `unknown` when the missing amount decides.
    pub category: String,
    /// `None` when the missing amount decides whether it is an SME at all.
    pub sme: Option<bool>,
    pub checks: Vec<CategoryCheck>,
}

impl Outcome {
    /// The first category whose answer waits on the amount not given, with
    /// no smaller category met.
    pub fn undecided(&self) -> Option<&CategoryCheck> {
        self.checks.iter().take_while(|c| c.met != Some(true)).find(|c| c.met.is_none())
    }

    /// The category the figures meet, if they settle it.
    pub fn found(&self) -> Option<&CategoryCheck> {
        self.checks.iter().find(|c| c.met != Some(false)).filter(|c| c.met == Some(true))
    }
}

/// Classifies `figures` against `categories` (smallest first): the staff
/// headcount strictly below the ceiling, and the turnover or the balance
/// sheet at or below its ceiling.
pub fn classify(categories: &[Category], figures: Figures) -> Outcome {
    let within =
        |value: Option<u64>, threshold: u64| Criterion { value, threshold, met: value.map(|v| v <= threshold) };
    let checks: Vec<CategoryCheck> = categories
        .iter()
        .map(|c| {
            let staff = StaffCriterion {
                value: figures.staff,
                threshold: c.staff_below,
                met: figures.staff < Staff::whole(c.staff_below),
            };
            let turnover = within(figures.turnover, c.turnover_max);
            let balance_sheet = within(figures.balance_sheet, c.balance_sheet_max);
            let money = match (turnover.met, balance_sheet.met) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            };
            let met = if staff.met { money } else { Some(false) };
            CategoryCheck { category: c.name.clone(), staff, turnover, balance_sheet, met }
        })
        .collect();
    let first_open = checks.iter().find(|c| c.met != Some(false));
    let (category, sme) = match first_open.map(|c| c.met) {
        Some(Some(true)) => (first_open.map(|c| c.category.clone()).unwrap_or_default(), Some(true)),
        Some(_) if checks.iter().any(|c| c.met == Some(true)) => ("unknown".to_owned(), Some(true)),
        Some(_) => ("unknown".to_owned(), None),
        None => ("none".to_owned(), Some(false)),
    };
    Outcome { category, sme, checks }
}
