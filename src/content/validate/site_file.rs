//! `site.toml`: the name, the public address, the menu and the footer.

use std::collections::HashSet;

use super::{Checker, is_web_url};
use crate::content::model::{self, Located, Text};
use crate::content::suggest::{closest, quoted_list};
use crate::site::{Contact, Link, MenuItem, routes};

const FILE: &str = "site.toml";

/// What `site.toml` gives the site.
pub struct SiteBasics {
    pub name: String,
    pub full_name: String,
    pub base_url: String,
    pub description: String,
    pub menu: Vec<MenuItem>,
    pub footer: String,
    pub footer_links: Vec<Link>,
    pub stale_after_months: u32,
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
            menu: self.menu(&f.menu, &targets),
            name: self.text(FILE, "name", &f.name),
            full_name: self.text(FILE, "full_name", &f.full_name),
            base_url: self.base_url(&f.base_url),
            description: self.text(FILE, "description", &f.description),
            footer: self.text(FILE, "text", &f.footer.text),
            footer_links: self.footer_links(&f.footer.links, &targets),
            stale_after_months: self.months(&f.sources.stale_after_months),
            contact: f.contact.as_ref().map(|contact| self.contact(contact, &targets)),
        }
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

    /// A number of months, from 1 to 600 (fifty years).
    fn months(&mut self, value: &Located<i64>) -> u32 {
        let months = *value.get_ref();
        match u32::try_from(months).ok().filter(|m| (1..=600).contains(m)) {
            Some(months) => months,
            None => {
                let message = format!("`stale_after_months` is {months}, which is not a number of months");
                self.error(
                    FILE,
                    value.span(),
                    message,
                    Some("write a whole number from 1 to 600, such as 24".to_owned()),
                );
                24
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
        if !targets.contains(&trimmed) {
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

    /// An email address, alone: one `@` between a name and a dotted domain.
    fn email(&mut self, value: &Text) -> String {
        let email = value.get_ref().trim();
        let bare = email.strip_prefix("mailto:").unwrap_or(email);
        let plain = !bare.chars().any(|c| c.is_whitespace() || c.is_control() || "\"<>(),;:[]\\".contains(c));
        let well_formed = bare.split_once('@').is_some_and(|(name, domain)| {
            !name.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() > 1
                && !domain.split('.').any(str::is_empty)
        });
        if email != bare || !plain || !well_formed {
            let hint = if email != bare {
                format!("write the address alone, without `mailto:`: \"{bare}\"")
            } else {
                "write one address, such as \"info@example.org\"".to_owned()
            };
            self.error(
                FILE,
                value.span(),
                format!("`email` is \"{email}\", which is not an email address"),
                Some(hint),
            );
        }
        bare.to_owned()
    }

    /// A phone number: digits, with spaces, dashes, dots or brackets
    /// between them, and a `+` before the country code.
    fn phone(&mut self, value: &Text) -> String {
        let phone = value.get_ref().trim();
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c))
            || phone
                .strip_prefix('+')
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c)));
        if !allowed || !(5..=20).contains(&digits) {
            self.error(
                FILE,
                value.span(),
                format!("`phone` is \"{phone}\", which is not a phone number"),
                Some("write the number as callers from abroad dial it, such as \"+82 2 123 4567\"".to_owned()),
            );
        }
        phone.to_owned()
    }

    /// A contact form: a page of the site, or an https address.
    fn form(&mut self, value: &Text, targets: &[&str]) -> String {
        let form = value.get_ref().trim();
        if form.starts_with('/') {
            return self.page_path("form", value, targets);
        }
        if !is_web_url(form) || !form.starts_with("https://") {
            self.error(
                FILE,
                value.span(),
                format!("`form` is \"{form}\", which is neither a page of the site nor an https address"),
                Some(
                    "write a page's path, such as \"/contact\", or the whole address, starting with https://"
                        .to_owned(),
                ),
            );
        }
        form.to_owned()
    }
}
