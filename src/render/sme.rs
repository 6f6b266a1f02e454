//! The SME criteria table, and the SME check's answer written out, in the
//! words of `ui.toml`.

use super::citations::Citations;
use super::format::amount;
use super::views::{CriteriaRow, OutcomeRow, OutcomeView};
use crate::site::sme_rule::{CategoryCheck, Criterion, Figures, classify};
use crate::site::ui::{NumbersText, Phrase, SmeCheckText};
use crate::site::{Category, Site};
use crate::util::case::capitalise;

/// Each size category with its ceilings, for the table on `/sme`.
pub fn criteria_rows(site: &Site, citations: &mut Citations) -> Vec<CriteriaRow> {
    let currency = site.sme.currency_name.as_str();
    let ui = &site.ui.sme;
    let numbers = &site.ui.numbers;
    site.sme
        .categories
        .iter()
        .map(|c| CriteriaRow {
            name: c.label.clone(),
            staff: ui.fewer_than.with("count", c.staff_below).to_string(),
            turnover: ui.up_to.with("amount", amount(numbers, currency, c.turnover_max)).to_string(),
            balance_sheet: ui.up_to.with("amount", amount(numbers, currency, c.balance_sheet_max)).to_string(),
            marks: citations.cite(&c.sources),
        })
        .collect()
}

/// How the answer's sentences name the categories and amounts.
struct Words<'a> {
    ui: &'a SmeCheckText,
    numbers: &'a NumbersText,
    categories: &'a [Category],
    currency: &'a str,
}

impl Words<'_> {
    fn money(&self, value: u64) -> String {
        amount(self.numbers, self.currency, value)
    }

    /// "Medium": the category's name as pages show it.
    fn label(&self, name: &str) -> crate::site::Words {
        self.categories.iter().find(|c| c.name == name).map_or_else(|| capitalise(name).into(), |c| c.label.clone())
    }

    /// "medium-sized".
    fn size<'b>(&'b self, name: &'b str) -> &'b str {
        self.categories.iter().find(|c| c.name == name).map_or(name, |c| c.size.as_str())
    }

    /// "a medium-sized enterprise".
    fn enterprise(&self, name: &str) -> String {
        match self.categories.iter().find(|c| c.name == name).and_then(|c| c.enterprise.as_ref()) {
            Some(enterprise) => enterprise.to_string(),
            None => self.ui.enterprise.with("size", self.size(name)).to_string(),
        }
    }
}

/// The answer for `figures`: the category in a sentence, why, what is
/// missing if a figure decides, and each criterion of each category
/// against its ceiling.
pub fn outcome_view(site: &Site, figures: Figures) -> OutcomeView {
    let outcome = classify(&site.sme.categories, figures);
    let ui = &site.ui.sme_check;
    let words =
        Words { ui, numbers: &site.ui.numbers, categories: &site.sme.categories, currency: &site.sme.currency_name };
    let mut explanation = Vec::new();
    let mut ask = None;
    let headline = if let Some(found) = outcome.found() {
        explanation.push(why_met(found, &words));
        let index = outcome.checks.iter().position(|c| c.category == found.category).unwrap_or(0);
        if let Some(smaller) = index.checked_sub(1).and_then(|i| outcome.checks.get(i)) {
            explanation.push(why_not(smaller, &words));
        }
        ui.found.with("enterprise", words.enterprise(&found.category)).to_string()
    } else if let Some(undecided) = outcome.undecided() {
        let turnover_given = undecided.turnover.value.is_some();
        let (given, missing) = if turnover_given {
            ((&ui.turnover_name, &undecided.turnover), (&ui.balance_sheet_name, &undecided.balance_sheet))
        } else {
            ((&ui.balance_sheet_name, &undecided.balance_sheet), (&ui.turnover_name, &undecided.turnover))
        };
        let missing_name = missing.0;
        explanation.push(
            ui.above_one
                .with("given", given.0)
                .with("given_value", words.money(given.1.value.unwrap_or(0)))
                .with("size", words.size(&undecided.category))
                .with("given_ceiling", words.money(given.1.threshold))
                .with("missing", missing_name)
                .with("missing_ceiling", words.money(missing.1.threshold))
                .with("enterprise", words.enterprise(&undecided.category))
                .to_string(),
        );
        // Each larger category the missing figure could still decide, up to
        // the first that the figures meet whatever it is.
        let mut settled = false;
        for larger in outcome.checks.iter().skip_while(|c| c.category != undecided.category).skip(1) {
            let enterprise = words.enterprise(&larger.category);
            match larger.met {
                Some(true) => {
                    explanation.push(ui.otherwise.with("enterprise", enterprise).to_string());
                    settled = true;
                    break;
                }
                None => {
                    let ceiling =
                        if turnover_given { larger.balance_sheet.threshold } else { larger.turnover.threshold };
                    explanation.push(
                        ui.with_missing
                            .with("missing", missing_name)
                            .with("ceiling", words.money(ceiling))
                            .with("enterprise", enterprise)
                            .to_string(),
                    );
                }
                Some(false) => {}
            }
        }
        if !settled {
            explanation.push(ui.larger_missing.with("missing", missing_name).to_string());
        }
        let field = if turnover_given { "balance_sheet" } else { "turnover" };
        ask = Some((field, ui.ask.with("missing", missing_name).to_string()));
        if outcome.sme == Some(true) { ui.sme_undecided.to_string() } else { ui.undecided.to_string() }
    } else {
        if let Some(largest) = outcome.checks.last() {
            explanation.push(why_not(largest, &words));
        }
        ui.not_sme.to_string()
    };
    let rows = outcome
        .checks
        .iter()
        .map(|c: &CategoryCheck| OutcomeRow {
            name: words.label(&c.category),
            staff: if c.staff.met { &ui.row_staff_met } else { &ui.row_staff_not_met }
                .with("value", c.staff.value)
                .with("ceiling", c.staff.threshold)
                .to_string(),
            turnover: criterion(&words, &c.turnover),
            balance_sheet: criterion(&words, &c.balance_sheet),
            met: match c.met {
                Some(true) => &ui.yes,
                Some(false) => &ui.no,
                None => &ui.depends,
            }
            .to_string(),
        })
        .collect();
    OutcomeView { headline, explanation, ask, rows }
}

/// Why the figures meet `check`'s category, in a sentence.
fn why_met(check: &CategoryCheck, words: &Words) -> String {
    let ui = words.ui;
    let staff = ui
        .staff_below
        .with("staff", check.staff.value)
        .with("size", words.size(&check.category))
        .with("ceiling", check.staff.threshold);
    let (t, b) = (&check.turnover, &check.balance_sheet);
    let fill = |phrase: &Phrase| {
        phrase
            .with("turnover", t.value.map(|v| words.money(v)).unwrap_or_default())
            .with("turnover_ceiling", words.money(t.threshold))
            .with("balance_sheet", b.value.map(|v| words.money(v)).unwrap_or_default())
            .with("balance_sheet_ceiling", words.money(b.threshold))
            .to_string()
    };
    let amounts = match (t.value.zip(t.met), b.value.zip(b.met)) {
        (Some((_, true)), Some((_, true))) if t.threshold == b.threshold => ui
            .both_within_one
            .with("turnover", t.value.map(|v| words.money(v)).unwrap_or_default())
            .with("balance_sheet", b.value.map(|v| words.money(v)).unwrap_or_default())
            .with("ceiling", words.money(t.threshold))
            .to_string(),
        (Some((_, true)), Some((_, true))) => fill(&ui.both_within),
        (Some((_, false)), Some((_, true))) => fill(&ui.turnover_above),
        (Some((_, true)), Some((_, false))) => fill(&ui.balance_sheet_above),
        (Some(_), None) => fill(&ui.turnover_enough),
        (_, Some(_)) => fill(&ui.balance_sheet_enough),
        (_, None) => String::new(),
    };
    ui.met_because.with("staff", staff).with("amounts", amounts).to_string()
}

/// Why the figures do not meet `check`'s category, in a sentence.
fn why_not(check: &CategoryCheck, words: &Words) -> String {
    let ui = words.ui;
    let enterprise = words.enterprise(&check.category);
    if !check.staff.met {
        return ui
            .not_staff
            .with("enterprise", enterprise)
            .with("staff", check.staff.value)
            .with("ceiling", check.staff.threshold)
            .to_string();
    }
    let reasons: Vec<String> = [(&ui.turnover_name, &check.turnover), (&ui.balance_sheet_name, &check.balance_sheet)]
        .into_iter()
        .filter_map(|(name, c)| {
            let value = c.value?;
            Some(
                ui.amount_above
                    .with("name", name)
                    .with("value", words.money(value))
                    .with("ceiling", words.money(c.threshold))
                    .to_string(),
            )
        })
        .collect();
    let reasons = reasons
        .into_iter()
        .reduce(|first, second| ui.and.with("first", first).with("second", second).to_string())
        .unwrap_or_default();
    ui.not_amounts.with("enterprise", enterprise).with("reasons", reasons).to_string()
}

/// One amount against its ceiling, for the table under the answer.
fn criterion(words: &Words, criterion: &Criterion) -> String {
    let ui = words.ui;
    let ceiling = words.money(criterion.threshold);
    match (criterion.value, criterion.met) {
        (Some(value), Some(within)) => if within { &ui.row_amount_met } else { &ui.row_amount_not_met }
            .with("value", words.money(value))
            .with("ceiling", ceiling)
            .to_string(),
        _ => ui.row_not_given.with("ceiling", ceiling).to_string(),
    }
}
