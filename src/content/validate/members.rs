//! `members.toml`: the partners and their organisations.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Checker;
use crate::content::model::{self, Text};
use crate::site::{Organisation, OrganisationKind, Partner, Region, routes, slug_from_name};

const FILE: &str = "members.toml";

impl From<model::Region> for Region {
    fn from(region: model::Region) -> Self {
        match region {
            model::Region::Asia => Region::Asia,
            model::Region::Europe => Region::Europe,
        }
    }
}

impl From<model::OrganisationKind> for OrganisationKind {
    fn from(kind: model::OrganisationKind) -> Self {
        match kind {
            model::OrganisationKind::Government => OrganisationKind::Government,
            model::OrganisationKind::Other => OrganisationKind::Other,
        }
    }
}

/// Where each partner's name and page address was first seen, as a byte
/// offset: its line is worked out only if a duplicate is reported.
#[derive(Default)]
struct Seen {
    names: HashMap<String, usize>,
    /// Where each address was first seen, and whether a `slug` wrote it.
    slugs: HashMap<String, (usize, bool)>,
}

impl Checker<'_> {
    /// The partners, with `joined_at` left at 0 until the summits are read.
    pub(super) fn partners(&mut self, f: &model::MembersFile) -> Vec<Partner> {
        let mut seen = Seen::default();
        let mut partners = Vec::with_capacity(f.partner.len());
        for p in &f.partner {
            let name = self.text(FILE, "name", &p.name);
            if let Some(&first) = seen.names.get(&name.to_lowercase()) {
                let first = self.line_of(FILE, first);
                self.error(
                    FILE,
                    p.name.span(),
                    format!("the partner \"{name}\" is listed twice (first on line {first})"),
                    Some("keep one [[partner]] block for it and merge their organisations".to_owned()),
                );
                continue;
            }
            seen.names.insert(name.to_lowercase(), p.name.span().start);
            let slug = self.partner_slug(p, &name, &mut seen);
            let organisations = self.organisations(&name, &p.organisations);
            let path = routes::partner(&slug);
            let region = (*p.region.get_ref()).into();
            let sources = self.sources(FILE, &p.sources);
            partners.push(Partner { name, also: Vec::new(), slug, path, region, organisations, joined_at: 0, sources });
        }
        partners
    }

    /// The partner's page address, given or made from its name: checked to
    /// be an address, and one no other partner has.
    fn partner_slug(&mut self, p: &model::Partner, name: &str, seen: &mut Seen) -> String {
        let (slug, span): (String, Range<usize>) = match &p.slug {
            Some(s) => (s.get_ref().trim().to_owned(), s.span()),
            None => (slug_from_name(name), p.name.span()),
        };
        if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            self.error(
                FILE,
                span,
                format!("\"{slug}\" cannot be the address of a page"),
                Some("set `slug` to lower-case letters, digits and dashes, such as \"korea\"".to_owned()),
            );
        } else if let Some(&(first, first_written)) = seen.slugs.get(&slug) {
            // Told at the `slug` someone wrote, if one of the two is written:
            // that is the line that was changed.
            let (at, other) =
                if first_written && p.slug.is_none() { (first..first, span.start) } else { (span, first) };
            let other = self.line_of(FILE, other);
            self.error(
                FILE,
                at,
                format!("two partners would have the page /members/{slug} (the other is on line {other})"),
                Some("give one of them another `slug`".to_owned()),
            );
        } else {
            seen.slugs.insert(slug.clone(), (span.start, p.slug.is_some()));
        }
        slug
    }

    fn organisations(&mut self, partner: &str, list: &[model::Organisation]) -> Vec<Organisation> {
        let mut names = HashSet::new();
        list.iter()
            .map(|o| {
                let name = self.text(FILE, "name", &o.name);
                if !names.insert(name.to_lowercase()) {
                    self.error(
                        FILE,
                        o.name.span(),
                        format!("{partner} lists the organisation \"{name}\" twice"),
                        Some("remove one of the two".to_owned()),
                    );
                }
                let lang = o
                    .lang
                    .as_ref()
                    .map(|tag| self.plain_text(FILE, "lang", tag))
                    .filter(|tag| crate::site::language::is_language_tag(tag));
                if let (Some(written), None) = (&o.lang, &lang) {
                    self.error(
                        FILE,
                        written.span(),
                        format!("`lang` \"{}\" is not a language tag", written.get_ref().trim()),
                        Some("write the language's tag, such as \"id\" for Indonesian or \"de\" for German".to_owned()),
                    );
                }
                Organisation {
                    kind: o.kind.into(),
                    name,
                    link: o.link.as_ref().map(|l| self.link(FILE, l)),
                    lang,
                    gloss: o.gloss.as_ref().map(|g| self.text(FILE, "gloss", g)),
                }
            })
            .collect()
    }

    /// Where the partner called `name` is written in members.toml.
    pub(super) fn partner_span(&self, name: &str) -> Range<usize> {
        let text = self.texts.text(FILE);
        let quoted = format!("\"{name}\"");
        text.find(&quoted).map_or(0..0, |i| i..i + quoted.len())
    }
}

/// Partners by their name in lower case, for the summits' `joined` lists.
pub(super) fn by_name(partners: &[Partner]) -> HashMap<String, usize> {
    partners.iter().enumerate().map(|(i, p)| (p.name.to_lowercase(), i)).collect()
}

/// The partner a `joined` list names, if it is one.
pub(super) fn named<'p>(
    partners: &'p mut [Partner],
    by_name: &HashMap<String, usize>,
    name: &Text,
) -> Option<&'p mut Partner> {
    by_name.get(&name.get_ref().trim().to_lowercase()).map(|&i| &mut partners[i])
}
