//! `sme.toml`: the text about SMEs, the currency, and the size categories,
//! smallest first, each ceiling above the one before.

use std::collections::HashSet;

use super::Checker;
use crate::content::model::{self, Located};
use crate::site::{Category, Sme, Statement, Words};
use crate::util::case::capitalise;

const FILE: &str = "sme.toml";

impl Checker<'_> {
    pub(super) fn sme(&mut self, f: &model::SmeFile) -> Sme {
        Sme {
            title: self.text(FILE, "title", &f.title),
            summary: self.optional_text(FILE, "summary", f.summary.as_ref()),
            intro: self.texts(FILE, "intro", &f.intro),
            intro_updates: self.texts(FILE, "intro_updates", &f.intro_updates),
            definition_heading: self.text(FILE, "definition_heading", &f.definition_heading),
            definition: self.texts(FILE, "definition", &f.definition),
            statements_heading: self.text(FILE, "statements_heading", &f.statements_heading),
            statements: f
                .statement
                .iter()
                .map(|d| Statement {
                    text: self.text(FILE, "text", &d.text),
                    source: self.text(FILE, "source", &d.source),
                    note: self.optional_text(FILE, "note", d.note.as_ref()),
                    sources: self.sources(FILE, &d.sources),
                })
                .collect(),
            currency_name: self
                .optional_text(FILE, "currency_name", f.currency_name.as_ref())
                .unwrap_or_else(|| Words::new(f.currency.get_ref().trim())),
            currency: self.currency(&f.currency),
            categories: self.categories(&f.category),
            definition_sources: self.sources(FILE, &f.definition_sources),
            intro_sources: self.sources(FILE, &f.intro_sources),
        }
    }

    fn currency(&mut self, value: &model::Text) -> String {
        let currency = self.plain_text(FILE, "currency", value);
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            self.error(
                FILE,
                value.span(),
                format!("`currency` is \"{currency}\", which is not a currency code"),
                Some("write a three-letter ISO 4217 code, such as \"EUR\"".to_owned()),
            );
        }
        currency
    }

    fn categories(&mut self, list: &[model::Category]) -> Vec<Category> {
        self.not_empty(FILE, "category", list, "[[category]]");
        let mut categories: Vec<Category> = Vec::new();
        let mut names = HashSet::new();
        for c in list {
            let name = self.plain_text(FILE, "name", &c.name);
            let category = Category {
                label: Words::new(capitalise(&name)),
                size: self.optional_text(FILE, "size", c.size.as_ref()).unwrap_or_else(|| Words::new(&name)),
                enterprise: self.optional_text(FILE, "enterprise", c.enterprise.as_ref()),
                name,
                staff_below: self.positive(FILE, "staff_below", &c.staff_below),
                turnover_max: self.positive(FILE, "turnover_max", &c.turnover_max),
                balance_sheet_max: self.positive(FILE, "balance_sheet_max", &c.balance_sheet_max),
                sources: self.sources(FILE, &c.sources),
            };
            if !names.insert(category.name.to_lowercase()) {
                self.error(
                    FILE,
                    c.name.span(),
                    format!("the category \"{}\" is listed twice", category.name),
                    Some("give each [[category]] its own name".to_owned()),
                );
            }
            if let Some(smaller) = categories.last() {
                self.above(c, &category, smaller);
            }
            categories.push(category);
        }
        categories
    }

    /// Each ceiling of `category` is above the one of the category before.
    fn above(&mut self, written: &model::Category, category: &Category, smaller: &Category) {
        let ceilings: [(&str, &Located<i64>, u64, u64); 3] = [
            ("staff_below", &written.staff_below, smaller.staff_below, category.staff_below),
            ("turnover_max", &written.turnover_max, smaller.turnover_max, category.turnover_max),
            ("balance_sheet_max", &written.balance_sheet_max, smaller.balance_sheet_max, category.balance_sheet_max),
        ];
        for (field, spanned, below, this) in ceilings {
            if this <= below {
                let message =
                    format!("`{field}` of \"{}\" is {this}, not above {below} of \"{}\"", category.name, smaller.name);
                let hint = "list the categories from the smallest to the largest, each ceiling above the one before";
                self.error(FILE, spanned.span(), message, Some(hint.to_owned()));
            }
        }
    }
}
