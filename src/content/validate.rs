//! The second pass over parsed content: checks within and across files, and
//! the building of the `Site`. Every problem is collected, not just the first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::load::{ParsedFiles, SourceTexts};
use super::model::{self, Text};
use crate::site::{self, Site, ordinal, slug_from_name};

/// The paths a menu entry may point at.
pub const PAGE_PATHS: [&str; 6] = ["/", "/asem", "/members", "/eco-innovation", "/sme", "/accessibility"];

/// Years outside this range are taken for typing mistakes.
const YEARS: Range<i64> = 1900..2200;

/// Checks the parsed files and builds the site from them.
pub fn validate(texts: &SourceTexts, files: &ParsedFiles) -> Result<Site, Vec<Diagnostic>> {
    let mut c = Checker { texts, problems: Vec::new() };
    let (name, full_name, description, menu, footer) = c.site(&files.site);
    let base_url = c.base_url(&files.site.base_url);
    let footer_links = c.footer_links(&files.site.footer.links);
    let aseic = c.aseic(&files.aseic);
    let mut partners = c.partners(&files.members);
    let asem = c.asem(&files.asem, &mut partners);
    let eco_innovation = c.eco_innovation(&files.eco_innovation);
    let sme = c.sme(&files.sme);
    let accessibility = c.text_page("accessibility.toml", &files.accessibility);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    partners.sort_by_key(|p| p.name.to_lowercase());
    Ok(Site {
        name,
        full_name,
        base_url,
        description,
        menu,
        footer,
        footer_links,
        aseic,
        asem,
        partners,
        eco_innovation,
        sme,
        accessibility,
        version: texts.version(),
    })
}

struct Checker<'a> {
    texts: &'a SourceTexts,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, file: &str, span: Range<usize>, message: String, hint: Option<String>) {
        let diagnostic = Diagnostic::at(file, self.texts.text(file), span, message);
        self.problems.push(match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        });
    }

    /// The 1-based line of a byte offset in `file`.
    fn line_of(&self, file: &str, offset: usize) -> usize {
        Diagnostic::at(file, self.texts.text(file), offset..offset, "").line
    }

    /// A required text, checked not to be blank.
    fn text(&mut self, file: &str, field: &str, value: &Text) -> String {
        if value.get_ref().trim().is_empty() {
            self.error(
                file,
                value.span(),
                format!("`{field}` is empty"),
                Some("write the text between the quotes".to_owned()),
            );
        }
        value.get_ref().trim().to_owned()
    }

    fn texts(&mut self, file: &str, field: &str, values: &[Text]) -> Vec<String> {
        values.iter().map(|v| self.text(file, field, v)).collect()
    }

    fn optional_text(&mut self, file: &str, field: &str, value: Option<&Text>) -> Option<String> {
        value.map(|v| self.text(file, field, v))
    }

    fn not_empty<T>(&mut self, file: &str, field: &str, list: &[T], what: &str) {
        if list.is_empty() {
            self.problems.push(
                Diagnostic::whole_file(file, format!("`{field}` has no entries"))
                    .with_hint(format!("add at least one {what}")),
            );
        }
    }

    fn year(&mut self, file: &str, field: &str, value: &Spanned<i64>) -> i64 {
        let year = *value.get_ref();
        if !YEARS.contains(&year) {
            self.error(
                file,
                value.span(),
                format!("`{field}` is {year}, which is not a plausible year"),
                Some("write the year in full, for example 1996".to_owned()),
            );
        }
        year
    }

    fn positive(&mut self, file: &str, field: &str, value: &Spanned<i64>) -> u64 {
        let n = *value.get_ref();
        if n <= 0 {
            self.error(
                file,
                value.span(),
                format!("`{field}` is {n}, but it must be above zero"),
                Some("write a whole number above zero, such as 250".to_owned()),
            );
        }
        n.max(0).unsigned_abs()
    }

    fn link(&mut self, file: &str, value: &Text) -> String {
        let link = value.get_ref().trim();
        if !is_web_url(link) {
            self.error(
                file,
                value.span(),
                format!("`link` is \"{link}\", which is not an http(s) URL"),
                Some("write the whole address, starting with https:// (or remove `link`)".to_owned()),
            );
        }
        link.to_owned()
    }

    fn site(&mut self, f: &model::SiteFile) -> (String, String, String, Vec<site::MenuItem>, String) {
        const FILE: &str = "site.toml";
        self.not_empty(FILE, "menu", &f.menu, "[[menu]] entry");
        let mut seen = HashSet::new();
        let menu = f
            .menu
            .iter()
            .map(|entry| {
                let path = self.page_path(FILE, &entry.path);
                if PAGE_PATHS.contains(&path.as_str()) && !seen.insert(path.clone()) {
                    self.error(
                        FILE,
                        entry.path.span(),
                        format!("the menu links to \"{path}\" twice"),
                        Some("remove one of the two entries".to_owned()),
                    );
                }
                site::MenuItem {
                    label: self.text(FILE, "label", &entry.label),
                    path,
                    summary: self.text(FILE, "summary", &entry.summary),
                }
            })
            .collect();
        (
            self.text(FILE, "name", &f.name),
            self.text(FILE, "full_name", &f.full_name),
            self.text(FILE, "description", &f.description),
            menu,
            self.text(FILE, "text", &f.footer.text),
        )
    }

    /// The site's public address: an http(s) URL with no path.
    fn base_url(&mut self, value: &Text) -> String {
        let url = value.get_ref().trim().trim_end_matches('/');
        let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or("");
        if !is_web_url(url) || host.contains(['/', '?', '#']) {
            self.error(
                "site.toml",
                value.span(),
                format!("`base_url` is \"{url}\", which is not the address of a site"),
                Some("write the scheme and host only, such as \"https://www.aseic.org\"".to_owned()),
            );
        }
        url.to_owned()
    }

    /// A path that must be one of the site's pages.
    fn page_path(&mut self, file: &str, path: &Text) -> String {
        let trimmed = path.get_ref().trim();
        if !PAGE_PATHS.contains(&trimmed) {
            let hint = match closest(trimmed, PAGE_PATHS) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!("use one of {}", quoted_list(PAGE_PATHS)),
            };
            self.error(file, path.span(), format!("`path` \"{trimmed}\" is not a page of the site"), Some(hint));
        }
        trimmed.to_owned()
    }

    fn footer_links(&mut self, links: &[model::FooterLink]) -> Vec<site::Link> {
        const FILE: &str = "site.toml";
        links
            .iter()
            .map(|l| site::Link { label: self.text(FILE, "label", &l.label), path: self.page_path(FILE, &l.path) })
            .collect()
    }

    fn text_page(&mut self, file: &str, f: &model::TextPageFile) -> site::TextPage {
        site::TextPage {
            title: self.text(file, "title", &f.title),
            intro: self.texts(file, "intro", &f.intro),
            sections: f
                .section
                .iter()
                .map(|s| site::Section {
                    heading: self.text(file, "heading", &s.heading),
                    paragraphs: self.texts(file, "paragraphs", &s.paragraphs),
                    points: self.texts(file, "points", &s.points),
                })
                .collect(),
        }
    }

    fn aseic(&mut self, f: &model::AseicFile) -> site::Aseic {
        const FILE: &str = "aseic.toml";
        self.not_empty(FILE, "paragraphs", &f.paragraphs, "paragraph");
        site::Aseic {
            title: self.text(FILE, "title", &f.title),
            founded: self.year(FILE, "founded", &f.founded),
            paragraphs: self.texts(FILE, "paragraphs", &f.paragraphs),
        }
    }

    /// The partners, with `joined_at` left at 0 until the summits are read.
    fn partners(&mut self, f: &model::MembersFile) -> Vec<site::Partner> {
        const FILE: &str = "members.toml";
        // Where each name and slug was first seen, as a byte offset: its line
        // is worked out only if a duplicate is reported.
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut slugs: HashMap<String, usize> = HashMap::new();
        let mut partners = Vec::with_capacity(f.partner.len());
        for p in &f.partner {
            let name = self.text(FILE, "name", &p.name);
            if let Some(&first) = names.get(&name.to_lowercase()) {
                let first = self.line_of(FILE, first);
                self.error(
                    FILE,
                    p.name.span(),
                    format!("the partner \"{name}\" is listed twice (first on line {first})"),
                    Some("keep one [[partner]] block for it and merge their organisations".to_owned()),
                );
                continue;
            }
            names.insert(name.to_lowercase(), p.name.span().start);
            let (slug, slug_span) = match &p.slug {
                Some(s) => (s.get_ref().trim().to_owned(), s.span()),
                None => (slug_from_name(&name), p.name.span()),
            };
            if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                self.error(
                    FILE,
                    slug_span.clone(),
                    format!("\"{slug}\" cannot be the address of a page"),
                    Some("set `slug` to lower-case letters, digits and dashes, such as \"korea\"".to_owned()),
                );
            } else if let Some(&first) = slugs.get(&slug) {
                let first = self.line_of(FILE, first);
                self.error(
                    FILE,
                    slug_span.clone(),
                    format!("two partners would have the page /members/{slug} (the other is on line {first})"),
                    Some("give one of them another `slug`".to_owned()),
                );
            } else {
                slugs.insert(slug.clone(), slug_span.start);
            }
            let mut org_names = HashSet::new();
            let organisations = p
                .organisations
                .iter()
                .map(|o| {
                    let org_name = self.text(FILE, "name", &o.name);
                    if !org_names.insert(org_name.to_lowercase()) {
                        self.error(
                            FILE,
                            o.name.span(),
                            format!("{name} lists the organisation \"{org_name}\" twice"),
                            Some("remove one of the two".to_owned()),
                        );
                    }
                    site::Organisation {
                        kind: o.kind,
                        name: org_name,
                        link: o.link.as_ref().map(|l| self.link(FILE, l)),
                    }
                })
                .collect();
            partners.push(site::Partner { name, slug, region: *p.region.get_ref(), organisations, joined_at: 0 });
        }
        partners
    }

    /// ASEM, with each partner's joining summit filled in on the way.
    fn asem(&mut self, f: &model::AsemFile, partners: &mut [site::Partner]) -> site::Asem {
        let by_name: HashMap<String, usize> =
            partners.iter().enumerate().map(|(i, p)| (p.name.to_lowercase(), i)).collect();
        const FILE: &str = "asem.toml";
        self.not_empty(FILE, "summit", &f.summit, "[[summit]]");
        let founded = self.year(FILE, "founded", &f.founded);
        let mut summits = Vec::with_capacity(f.summit.len());
        let mut count = 0;
        // Names in `joined` that matched no partner: their partner is reported
        // already, so the checks that follow from it are left out.
        let mut unresolved = 0;
        let mut previous: Option<(i64, i64)> = None;
        for s in &f.summit {
            let number = *s.number.get_ref();
            let year = self.year(FILE, "year", &s.year);
            if let Some((last_number, last_year)) = previous {
                if number != last_number + 1 {
                    let message = if number == last_number {
                        format!("summit {number} appears twice")
                    } else {
                        format!("summit {number} follows summit {last_number}")
                    };
                    self.error(
                        FILE,
                        s.number.span(),
                        message,
                        Some(format!("number the summits in order: this one would be {}", last_number + 1)),
                    );
                }
                if year <= last_year {
                    self.error(
                        FILE,
                        s.year.span(),
                        format!("summit {number} is in {year}, not after summit {last_number} in {last_year}"),
                        Some("keep the summits in the order they met".to_owned()),
                    );
                }
            } else if number != 1 {
                self.error(
                    FILE,
                    s.number.span(),
                    format!("the first summit has number {number}"),
                    Some("start at number = 1".to_owned()),
                );
            }
            previous = Some((number, year));
            let joined =
                s.joined.iter().filter_map(|name| self.join(name, number, partners, &by_name)).collect::<Vec<_>>();
            unresolved += s.joined.len() - joined.len();
            count += joined.len();
            summits.push(site::Summit {
                number,
                ordinal: ordinal(number),
                year,
                city: self.text(FILE, "city", &s.city),
                country: self.text(FILE, "country", &s.country),
                joined,
                partners_after: count,
            });
        }
        if unresolved > 0 {
            return self.asem_text(f, founded, count, summits);
        }
        for p in partners.iter().filter(|p| p.joined_at == 0) {
            let span = self.partner_span("members.toml", &p.name);
            self.error(
                "members.toml",
                span,
                format!("{} joined ASEM at no summit", p.name),
                Some(format!("add \"{}\" to the `joined` list of its summit in asem.toml", p.name)),
            );
        }
        let stated = *f.total_partners.get_ref();
        if usize::try_from(stated).ok() != Some(count) {
            self.error(
                FILE,
                f.total_partners.span(),
                format!("`total_partners` is {stated}, but the summits add up to {count} partners"),
                Some(format!("set total_partners = {count}, or correct the `joined` lists")),
            );
        }
        self.asem_text(f, founded, count, summits)
    }

    fn asem_text(&mut self, f: &model::AsemFile, founded: i64, count: usize, summits: Vec<site::Summit>) -> site::Asem {
        const FILE: &str = "asem.toml";
        site::Asem {
            title: self.text(FILE, "title", &f.title),
            founded,
            total_partners: count,
            history: self.texts(FILE, "history", &f.history),
            pillars_intro: self.text(FILE, "pillars_intro", &f.pillars_intro),
            pillars: self.texts(FILE, "pillars", &f.pillars),
            process: self.texts(FILE, "process", &f.process),
            summits,
        }
    }

    /// Marks the named partner as joined at `summit`, or reports why it cannot be.
    fn join(
        &mut self,
        name: &Text,
        summit: i64,
        partners: &mut [site::Partner],
        by_name: &HashMap<String, usize>,
    ) -> Option<site::PartnerRef> {
        const FILE: &str = "asem.toml";
        let wanted = name.get_ref().trim();
        let Some(partner) = by_name.get(&wanted.to_lowercase()).map(|&i| &mut partners[i]) else {
            let hint = match closest(wanted, partners.iter().map(|p| p.name.as_str())) {
                Some(near) => format!("did you mean \"{near}\"? Otherwise add \"{wanted}\" to members.toml"),
                None => format!("add \"{wanted}\" as a [[partner]] in members.toml"),
            };
            self.error(FILE, name.span(), format!("\"{wanted}\" is not a partner in members.toml"), Some(hint));
            return None;
        };
        if partner.joined_at != 0 {
            let message = format!("{} already joined at summit {}", partner.name, partner.joined_at);
            self.error(FILE, name.span(), message, Some("a partner joins once: remove one of the two".to_owned()));
            return None;
        }
        partner.joined_at = summit;
        Some(site::PartnerRef { name: partner.name.clone(), slug: partner.slug.clone() })
    }

    /// Where the partner called `name` is written in members.toml.
    fn partner_span(&self, file: &str, name: &str) -> Range<usize> {
        let text = self.texts.text(file);
        let quoted = format!("\"{name}\"");
        text.find(&quoted).map_or(0..0, |i| i..i + quoted.len())
    }

    fn eco_innovation(&mut self, f: &model::EcoInnovationFile) -> site::EcoInnovation {
        const FILE: &str = "eco_innovation.toml";
        self.not_empty(FILE, "definition", &f.definition, "[[definition]]");
        site::EcoInnovation {
            title: self.text(FILE, "title", &f.title),
            key_points: self.texts(FILE, "key_points", &f.key_points),
            definitions: f
                .definition
                .iter()
                .map(|d| site::EcoDefinition {
                    source: self.text(FILE, "source", &d.source),
                    lead: self.text(FILE, "lead", &d.lead),
                    quote: self.text(FILE, "quote", &d.quote),
                    note: self.optional_text(FILE, "note", d.note.as_ref()),
                })
                .collect(),
        }
    }

    fn sme(&mut self, f: &model::SmeFile) -> site::Sme {
        const FILE: &str = "sme.toml";
        self.not_empty(FILE, "category", &f.category, "[[category]]");
        let currency = self.text(FILE, "currency", &f.currency);
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            self.error(
                FILE,
                f.currency.span(),
                format!("`currency` is \"{currency}\", which is not a currency code"),
                Some("write a three-letter ISO 4217 code, such as \"EUR\"".to_owned()),
            );
        }
        let mut categories: Vec<site::Category> = Vec::new();
        let mut names = HashSet::new();
        for c in &f.category {
            let category = site::Category {
                name: self.text(FILE, "name", &c.name),
                staff_below: self.positive(FILE, "staff_below", &c.staff_below),
                turnover_max: self.positive(FILE, "turnover_max", &c.turnover_max),
                balance_sheet_max: self.positive(FILE, "balance_sheet_max", &c.balance_sheet_max),
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
                let checks = [
                    ("staff_below", &c.staff_below, smaller.staff_below, category.staff_below),
                    ("turnover_max", &c.turnover_max, smaller.turnover_max, category.turnover_max),
                    ("balance_sheet_max", &c.balance_sheet_max, smaller.balance_sheet_max, category.balance_sheet_max),
                ];
                for (field, spanned, below, this) in checks {
                    if this <= below {
                        let message = format!(
                            "`{field}` of \"{}\" is {this}, not above {below} of \"{}\"",
                            category.name, smaller.name
                        );
                        self.error(FILE, spanned.span(), message, Some("list the categories from the smallest to the largest, each ceiling above the one before".to_owned()));
                    }
                }
            }
            categories.push(category);
        }
        site::Sme {
            title: self.text(FILE, "title", &f.title),
            intro: self.texts(FILE, "intro", &f.intro),
            definition_heading: self.text(FILE, "definition_heading", &f.definition_heading),
            definition: self.texts(FILE, "definition", &f.definition),
            statements_heading: self.text(FILE, "statements_heading", &f.statements_heading),
            statements: f
                .statement
                .iter()
                .map(|d| site::Statement {
                    text: self.text(FILE, "text", &d.text),
                    source: self.text(FILE, "source", &d.source),
                })
                .collect(),
            currency,
            categories,
        }
    }
}

/// Whether `link` is an absolute http or https URL with a host.
fn is_web_url(link: &str) -> bool {
    let rest = link.strip_prefix("https://").or_else(|| link.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && host.contains('.')
                && !link.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        }
        None => false,
    }
}

/// The candidate nearest to `word`, if one is near enough to be a slip.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}

/// A message from the TOML parser in an editor's words, with a hint such as
/// "did you mean" for an unknown field.
pub fn explain_parse_error(message: &str) -> (String, Option<String>) {
    let plain = message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected a sequence", "expected a list");
    (plain, hint_for_parse_error(message))
}

fn hint_for_parse_error(message: &str) -> Option<String> {
    let backticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let (given, allowed) = backticked.split_first()?;
        let what = if message.starts_with("unknown field") { "fields allowed here" } else { "values allowed here" };
        return Some(match closest(given, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if allowed.is_empty() => "remove it".to_owned(),
            None => {
                format!("the {what} are {}", allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))
            }
        });
    }
    if message.starts_with("missing field") {
        return Some(format!("add `{} = …` to this table", backticked.first()?));
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string") {
        return Some(
            "close the text with a quote on the same line; for text over several lines, use triple quotes \"\"\""
                .to_owned(),
        );
    }
    if message.starts_with("duplicate key") {
        return Some("a field appears once per table: remove one of the two".to_owned());
    }
    if message.starts_with("invalid type") {
        if message.contains("expected a string") {
            return Some("put the text in double quotes, like \"text\"".to_owned());
        }
        if message.contains("expected i64") || message.contains("integer") {
            return Some("write a whole number without quotes, like 250".to_owned());
        }
        if message.contains("expected a sequence") {
            return Some("write a list in square brackets, like [\"a\", \"b\"]".to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://www.me.go.kr/eng/"));
        assert!(is_web_url("http://example.org"));
        for bad in ["ftp://x.org", "www.x.org", "https://", "https://x", "javascript:alert(1)", "https://a.org/ b"] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn closest_finds_slips_only() {
        assert_eq!(closest("Kazakstan", ["Korea", "Kazakhstan"]), Some("Kazakhstan"));
        assert_eq!(closest("Atlantis", ["Korea", "Kazakhstan"]), None);
    }

    #[test]
    fn hints_for_unknown_fields() {
        let hint = hint_for_parse_error("unknown field `nmae`, expected one of `name`, `slug`, `region`");
        assert_eq!(hint.as_deref(), Some("did you mean `name`?"));
        let hint = hint_for_parse_error("unknown variant `africa`, expected `asia` or `europe`");
        assert_eq!(hint.as_deref(), Some("the values allowed here are `asia`, `europe`"));
    }
}
