//! `site.toml`: the name, the public address, the menu and the footer.

use std::collections::HashSet;

use super::{Checker, is_web_url};

/// How many news items the feed holds when `site.toml` does not say.
const FEED_LIMIT: usize = 20;
/// How many months old news may be and still be called the latest, when
/// `site.toml` does not say.
const LATEST_WITHIN_MONTHS: u32 = 12;
use crate::content::model::{self, Located, Text};
use crate::content::suggest::{closest, quoted_list};
use crate::site::{Contact, Link, MenuItem, Phone, SiteTimeZone, Words, routes};

const FILE: &str = "site.toml";

/// What `site.toml` gives the site.
pub struct SiteBasics {
    /// The languages, the default first: each tag and name.
    pub languages: Vec<(String, String)>,
    pub name: Words,
    pub full_name: Words,
    pub base_url: String,
    pub description: Words,
    pub menu: Vec<MenuItem>,
    pub footer: Words,
    pub footer_links: Vec<Link>,
    pub stale_after_months: u32,
    pub time_zone: SiteTimeZone,
    pub feed_limit: usize,
    pub latest_within_months: u32,
    pub contact: Option<Contact>,
}

impl Checker<'_> {
    /// The site's basics; the menu and footer may link to the built-in
    /// pages and to `pages`, the Markdown pages.
    pub(super) fn site_file(&mut self, f: &model::SiteFile, pages: &[String]) -> SiteBasics {
        let built_in = routes::page_paths().map(str::to_owned);
        let owned: Vec<String> = built_in.chain(pages.iter().cloned()).collect();
        let targets: Vec<&str> = owned.iter().map(String::as_str).collect();
        SiteBasics {
            languages: self.language_list(&f.languages),
            menu: self.menu(&f.menu, &targets),
            name: self.text(FILE, "name", &f.name),
            full_name: self.text(FILE, "full_name", &f.full_name),
            base_url: self.base_url(&f.base_url),
            description: self.text(FILE, "description", &f.description),
            footer: self.text(FILE, "text", &f.footer.text),
            footer_links: self.footer_links(&f.footer.links, &targets),
            stale_after_months: self.months("stale_after_months", &f.sources.stale_after_months, 24),
            latest_within_months: f.latest_within_months.as_ref().map_or(LATEST_WITHIN_MONTHS, |months| {
                self.months("latest_within_months", months, LATEST_WITHIN_MONTHS)
            }),
            contact: f.contact.as_ref().map(|contact| self.contact(contact, &targets)),
            time_zone: f.time_zone.as_ref().map(|zone| self.time_zone(zone)).unwrap_or_default(),
            feed_limit: f.feed_limit.as_ref().map_or(FEED_LIMIT, |limit| self.feed_limit(limit)),
        }
    }

    /// How many items the feed holds: 1 to 1,000.
    fn feed_limit(&mut self, written: &Located<i64>) -> usize {
        let limit = *written.get_ref();
        match usize::try_from(limit).ok().filter(|n| (1..=1000).contains(n)) {
            Some(limit) => limit,
            None => {
                self.error(
                    FILE,
                    written.span(),
                    format!("`feed_limit` is {limit}, which is not a number of news items"),
                    Some(format!("write a whole number from 1 to 1000, such as {FEED_LIMIT}")),
                );
                FEED_LIMIT
            }
        }
    }

    /// The site's time zone, if the database knows its name.
    fn time_zone(&mut self, written: &model::Text) -> SiteTimeZone {
        let name = written.get_ref().trim();
        SiteTimeZone::named(name).unwrap_or_else(|| {
            self.error(
                FILE,
                written.span(),
                format!("`time_zone` is \"{name}\", which is no time zone's name"),
                Some(
                    "write a name of the IANA time zone database, such as \"Asia/Seoul\" or \"Europe/Brussels\""
                        .to_owned(),
                ),
            );
            SiteTimeZone::default()
        })
    }

    /// The languages, each tag a language tag, once; their names.
    fn language_list(&mut self, entries: &[model::LanguageEntry]) -> Vec<(String, String)> {
        let mut seen = HashSet::new();
        entries
            .iter()
            .map(|entry| {
                let tag = self.plain_text(FILE, "tag", &entry.tag);
                let name = self.plain_text(FILE, "name", &entry.name);
                if !tag.is_empty() && !crate::site::language::is_language_tag(&tag) {
                    self.error(
                        FILE,
                        entry.tag.span(),
                        format!("`tag` \"{tag}\" is not a language tag"),
                        Some("write a language tag, such as \"en\" for English or \"ko\" for Korean".to_owned()),
                    );
                } else if !seen.insert(tag.to_lowercase()) {
                    self.error(
                        FILE,
                        entry.tag.span(),
                        format!("the language \"{tag}\" is listed twice"),
                        Some("list each language once".to_owned()),
                    );
                }
                (tag, name)
            })
            .collect()
    }

    fn menu(&mut self, entries: &[model::MenuEntry], targets: &[&str]) -> Vec<MenuItem> {
        self.not_empty(FILE, "menu", entries, "[[menu]] entry");
        let mut seen = HashSet::new();
        entries
            .iter()
            .map(|entry| {
                let path = self.page_path("path", &entry.path, targets);
                if targets.contains(&path.as_str()) && !seen.insert(path.clone()) {
                    self.error(
                        FILE,
                        entry.path.span(),
                        format!("the menu links to \"{path}\" twice"),
                        Some("remove one of the two entries".to_owned()),
                    );
                }
                MenuItem {
                    label: self.text(FILE, "label", &entry.label),
                    path,
                    summary: self.text(FILE, "summary", &entry.summary),
                }
            })
            .collect()
    }

    /// A number of months, from 1 to 600 (fifty years), given as `field`;
    /// `default` in its place if it is not one.
    fn months(&mut self, field: &str, value: &Located<i64>, default: u32) -> u32 {
        let months = *value.get_ref();
        match u32::try_from(months).ok().filter(|m| (1..=600).contains(m)) {
            Some(months) => months,
            None => {
                let message = format!("`{field}` is {months}, which is not a number of months");
                self.error(
                    FILE,
                    value.span(),
                    message,
                    Some(format!("write a whole number from 1 to 600, such as {default}")),
                );
                default
            }
        }
    }

    /// The site's public address: an http(s) URL with no path.
    fn base_url(&mut self, value: &Text) -> String {
        let url = value.get_ref().trim().trim_end_matches('/');
        let has_path =
            url::Url::parse(url).is_ok_and(|u| u.path() != "/" || u.query().is_some() || u.fragment().is_some());
        if !is_web_url(url) || has_path {
            self.error(
                FILE,
                value.span(),
                format!("`base_url` is \"{url}\", which is not the address of a site"),
                Some("write the scheme and host only, such as \"https://www.aseic.org\"".to_owned()),
            );
        }
        url.to_owned()
    }

    /// A path, the value of `field`, that must be one of the site's pages.
    fn page_path(&mut self, field: &str, path: &Text, targets: &[&str]) -> String {
        let trimmed = path.get_ref().trim();
        if let Some(day) = self.scheduled.get(trimmed) {
            self.error(
                FILE,
                path.span(),
                format!(
                    "`{field}` \"{trimmed}\" is scheduled for {}, and the site leaves it out until then",
                    day.iso()
                ),
                Some("name it once it is published, or date it today".to_owned()),
            );
        } else if self.drafts.contains(trimmed) {
            self.error(
                FILE,
                path.span(),
                format!("`{field}` \"{trimmed}\" is a draft, which the site leaves out"),
                Some("publish that page (remove draft = true from its file), or link to another".to_owned()),
            );
        } else if !targets.contains(&trimmed) {
            let hint = match closest(trimmed, targets.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!("use one of {}", quoted_list(targets.iter().copied())),
            };
            self.error(FILE, path.span(), format!("`{field}` \"{trimmed}\" is not a page of the site"), Some(hint));
        }
        trimmed.to_owned()
    }

    fn footer_links(&mut self, links: &[model::FooterLink], targets: &[&str]) -> Vec<Link> {
        links
            .iter()
            .map(|l| Link { label: self.text(FILE, "label", &l.label), path: self.page_path("path", &l.path, targets) })
            .collect()
    }

    /// `[contact]`: a name, and at least one way to reach it, each written
    /// so that a link can be made of it.
    fn contact(&mut self, f: &model::ContactFile, targets: &[&str]) -> Contact {
        let contact = Contact {
            name: self.text(FILE, "name", &f.name),
            email: f.email.as_ref().map(|email| self.email(email)),
            address: self.texts(FILE, "address", &f.address),
            phone: f.phone.as_ref().map(|phone| self.phone(phone)),
            form: f.form.as_ref().map(|form| self.form(form, targets)),
        };
        if contact.email.is_none() && contact.address.is_empty() && contact.phone.is_none() && contact.form.is_none() {
            self.error(
                FILE,
                f.name.span(),
                "`[contact]` gives no way to reach it".to_owned(),
                Some("add at least one of `email`, `address`, `phone` and `form`".to_owned()),
            );
        }
        contact
    }

    /// An email address, alone.
    fn email(&mut self, value: &Text) -> String {
        let email = value.get_ref().trim();
        if let Err(hint) = email_address(email) {
            let message = format!("`email` is \"{email}\", which is not an email address");
            self.error(FILE, value.span(), message, Some(hint));
        }
        email.to_owned()
    }

    /// A phone number in its international form.
    fn phone(&mut self, value: &Text) -> Phone {
        let written = value.get_ref().trim();
        phone_number(written).unwrap_or_else(|hint| {
            let message = format!("`phone` is \"{written}\", which is not a phone number");
            self.error(FILE, value.span(), message, Some(hint));
            Phone { shown: written.to_owned(), link: String::new() }
        })
    }

    /// A contact form: a page of the site, or an https address.
    fn form(&mut self, value: &Text, targets: &[&str]) -> String {
        let form = value.get_ref().trim();
        if form.starts_with('/') {
            return self.page_path("form", value, targets);
        }
        if !is_web_url(form) || !form.starts_with("https://") {
            // "www.example.org/contact", "http://…": the https address it means.
            let meant = format!("https://{}", form.strip_prefix("http://").unwrap_or(form));
            let hint = if is_web_url(&meant) {
                format!("write the whole address, starting with https://: \"{meant}\"")
            } else {
                "write a page's path, starting with /, or the whole address, starting with https://".to_owned()
            };
            let message = format!("`form` is \"{form}\", which is neither a page of the site nor an https address");
            self.error(FILE, value.span(), message, Some(hint));
        }
        form.to_owned()
    }
}

/// Checks that `email` is an address a `mailto:` link can carry as it is:
/// a name, one `@`, and a domain of dotted labels. `Err` holds the fix.
fn email_address(email: &str) -> Result<(), String> {
    const EXAMPLE: &str = "write one address, such as \"info@example.org\"";
    if let Some(bare) = email.strip_prefix("mailto:") {
        return Err(match email_address(bare) {
            Ok(()) => format!("write the address alone, without `mailto:`: \"{bare}\""),
            Err(_) => EXAMPLE.to_owned(),
        });
    }
    let Some((name, domain)) = email.split_once('@') else {
        return Err(
            "an email address has an @ between the name and the domain, such as \"info@example.org\"".to_owned()
        );
    };
    if email.contains(char::is_whitespace) {
        return Err("leave out the spaces: an email address has none".to_owned());
    }
    // Characters a link would read as its own (`?cc=`, `#`, `%20`) or that
    // no address holds.
    let name_plain = !name.is_empty()
        && !name.chars().any(|c| c.is_whitespace() || c.is_control() || "\"<>(),;:[]\\?#%/&=@".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_plain = labels.len() > 1
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if name_plain && domain_plain { Ok(()) } else { Err(EXAMPLE.to_owned()) }
}

/// A phone number as callers from abroad dial it: `+`, the country code
/// and the number, with spaces, dashes, dots or brackets between digits;
/// and its `tel:` link. `Err` holds the fix.
fn phone_number(written: &str) -> Result<Phone, String> {
    let example =
        "write the number as callers from abroad dial it, with + and the country code, such as \"+82 2 123 4567\"";
    let Some(rest) = written.strip_prefix('+') else { return Err(example.to_owned()) };
    // "+44 (0)20 …": the 0 is dialled only at home; the link must not hold it.
    if rest.replace(char::is_whitespace, "").contains("(0)") {
        let without = written.replacen("(0)", " ", 1).split_whitespace().collect::<Vec<_>>().join(" ");
        return Err(format!("leave out the (0), which callers from abroad do not dial: \"{without}\""));
    }
    if rest.contains(char::is_alphabetic) {
        return Err("write the number in digits, not letters".to_owned());
    }
    let allowed = rest.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "-.()".contains(c));
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !allowed || !(5..=15).contains(&digits.len()) {
        return Err(example.to_owned());
    }
    let shown = written.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(Phone { shown, link: format!("tel:+{digits}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_those_a_link_can_carry() {
        for good in ["info@example.org", "first.last+desk@mail.example.co.kr", "desk@xn--hy1b.kr", "desk@한국.kr"] {
            assert_eq!(email_address(good), Ok(()), "{good}");
        }
        for bad in [
            "desk at example.org",
            "desk@example",
            "@example.org",
            "a@b@example.org",
            "info@example.org/contact",
            "a@b.org?cc=x@y.org",
            "desk#1@example.org",
            "desk@-example.org",
            "desk@example..org",
            "desk @example.org",
        ] {
            assert!(email_address(bad).is_err(), "{bad}");
        }
        assert_eq!(
            email_address("mailto:desk@example.org"),
            Err("write the address alone, without `mailto:`: \"desk@example.org\"".to_owned())
        );
        assert!(!email_address("mailto:desk at x").unwrap_err().contains("desk at x"), "no wrong value suggested");
        assert!(email_address("desk at example.org").unwrap_err().contains("an @ between"));
        assert!(email_address("desk @example.org").unwrap_err().contains("leave out the spaces"));
    }

    #[test]
    fn phone_numbers_are_international_and_link_to_their_digits() {
        let phone = phone_number("+82 (2) 123-4567").expect("a number");
        assert_eq!((phone.shown.as_str(), phone.link.as_str()), ("+82 (2) 123-4567", "tel:+8221234567"));
        let spaced = phone_number("+82\u{a0}2\u{a0}123\u{a0}4567").expect("non-breaking spaces, as pasted");
        assert_eq!((spaced.shown.as_str(), spaced.link.as_str()), ("+82 2 123 4567", "tel:+8221234567"));
        assert!(phone_number("+1.202.555.0100").is_ok());
        for bad in ["02 123 4567", "call us", "+82 2 CALL-NOW", "+1234", "+1 234 567 890 123 456", "++82 2 123 4567"] {
            assert!(phone_number(bad).is_err(), "{bad}");
        }
        assert_eq!(
            phone_number("+1 800 FLOWERS").map(|p| p.link),
            Err("write the number in digits, not letters".to_owned())
        );
        assert_eq!(
            phone_number("+44 (0)20 7946 0000").map(|p| p.link),
            Err("leave out the (0), which callers from abroad do not dial: \"+44 20 7946 0000\"".to_owned())
        );
    }
}
