//! The validated site: plain data, ready for the templates, with every
//! cross-reference resolved and every derived number computed.

use serde::Serialize;

pub use crate::content::model::{OrganisationKind, Region};

/// Everything the pages show, checked and complete.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub full_name: String,
    /// The public address, without a trailing slash.
    pub base_url: String,
    pub description: String,
    pub menu: Vec<MenuItem>,
    pub footer: String,
    pub footer_links: Vec<Link>,
    pub aseic: Aseic,
    pub asem: Asem,
    /// Every partner, sorted by name.
    pub partners: Vec<Partner>,
    pub eco_innovation: EcoInnovation,
    pub sme: Sme,
    pub accessibility: TextPage,
    /// Names this content: a hash of its files, the same wherever the same
    /// files are served.
    pub version: String,
}

/// A link to one of the site's pages.
#[derive(Debug, Clone)]
pub struct Link {
    pub label: String,
    pub path: String,
}

/// A page of text in sections.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub title: String,
    pub intro: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub points: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct MenuItem {
    pub label: String,
    pub path: String,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct Aseic {
    pub title: String,
    pub founded: i64,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Asem {
    pub title: String,
    pub founded: i64,
    /// The number of partners, as stated and as counted (they agree).
    pub total_partners: usize,
    pub history: Vec<String>,
    pub pillars_intro: String,
    pub pillars: Vec<String>,
    pub process: Vec<String>,
    /// In order of number.
    pub summits: Vec<Summit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summit {
    pub number: i64,
    /// "1st", "2nd", "11th".
    pub ordinal: String,
    pub year: i64,
    pub city: String,
    pub country: String,
    /// The partners that joined at this summit, in the order the file gives.
    pub joined: Vec<PartnerRef>,
    /// The number of partners after this summit.
    pub partners_after: usize,
}

/// A link to a partner's page.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerRef {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone)]
pub struct Partner {
    pub name: String,
    pub slug: String,
    pub region: Region,
    pub organisations: Vec<Organisation>,
    /// The number of the summit at which it joined ASEM.
    pub joined_at: i64,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub kind: OrganisationKind,
    pub name: String,
    pub link: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EcoInnovation {
    pub title: String,
    pub key_points: Vec<String>,
    pub definitions: Vec<EcoDefinition>,
}

#[derive(Debug, Clone)]
pub struct EcoDefinition {
    pub source: String,
    pub lead: String,
    pub quote: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Sme {
    pub title: String,
    pub intro: Vec<String>,
    pub definition_heading: String,
    pub definition: Vec<String>,
    pub statements_heading: String,
    pub statements: Vec<Statement>,
    pub currency: String,
    /// Smallest first; each ceiling above the one before.
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub text: String,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub staff_below: u64,
    pub turnover_max: u64,
    pub balance_sheet_max: u64,
}

impl Region {
    /// Every region, in the order the directory shows them.
    pub const ALL: [Region; 2] = [Region::Asia, Region::Europe];

    pub fn label(self) -> &'static str {
        match self {
            Region::Asia => "Asia",
            Region::Europe => "Europe",
        }
    }
}

impl OrganisationKind {
    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::Government => "Government",
            OrganisationKind::Other => "Other",
        }
    }
}

impl Site {
    /// The partner whose page is at `/members/{slug}`.
    pub fn partner(&self, slug: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.slug == slug)
    }

    /// The summit with this number.
    pub fn summit(&self, number: i64) -> Option<&Summit> {
        self.asem.summits.iter().find(|s| s.number == number)
    }

    /// The number of organisations across the directory.
    pub fn organisation_count(&self) -> usize {
        self.partners.iter().map(|p| p.organisations.len()).sum()
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st".
pub fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The address part of a partner's page derived from its name: ASCII letters
/// and digits in lower case, other runs of characters as one dash.
pub fn slug_from_name(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal).into();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug_from_name("Korea"), "korea");
        assert_eq!(slug_from_name("Lao PDR"), "lao-pdr");
        assert_eq!(slug_from_name("  United   Kingdom "), "united-kingdom");
        assert_eq!(slug_from_name("Côte d'Ivoire"), "c-te-d-ivoire");
        assert_eq!(slug_from_name("中国"), "");
    }
}
