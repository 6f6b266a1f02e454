//! What search finds: each page, and each partner, organisation, summit,
//! definition and news item, as a record with a title, a summary and a body.

use std::collections::HashMap;

use crate::site::directory::{kind_of_one, region_label};
use crate::site::markdown::{self, sentences};
use crate::site::{Site, Words, routes};

/// What a record is. Results say it, and can be filtered by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Page,
    Partner,
    Organisation,
    Summit,
    Definition,
    News,
}

impl Kind {
    /// Every kind, in the order the filters list them.
    pub const ALL: [Kind; 6] =
        [Kind::Page, Kind::Partner, Kind::Organisation, Kind::Summit, Kind::Definition, Kind::News];

    /// Its place in `Kind::ALL`.
    pub const fn number(self) -> usize {
        self as usize
    }

    /// Its name in addresses: `/search?q=…&kind=partner`.
    pub const fn slug(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Partner => "partner",
            Kind::Organisation => "organisation",
            Kind::Summit => "summit",
            Kind::Definition => "definition",
            Kind::News => "news",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.slug().eq_ignore_ascii_case(slug))
    }
}

/// One thing search can find.
#[derive(Debug, Clone)]
pub struct Record {
    pub kind: Kind,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub body: String,
}

/// Every record of `site`. A page named in the menu is one record, with the
/// menu's summary when it has none of its own.
pub fn records(site: &Site) -> Vec<Record> {
    let ui = &site.ui.search;
    let mut records = Records { site, list: Vec::new(), pages: HashMap::new() };
    let aseic_body = sentences(site.aseic.paragraphs.iter().map(Words::as_str));
    records.page(&site.aseic.title, routes::HOME, site.aseic.summary.as_deref(), &aseic_body);
    let asem = &site.asem;
    let pillars = Words::new(asem.pillars.iter().map(Words::as_str).collect::<Vec<_>>().join(", "));
    let asem_body = sentences(
        asem.history
            .iter()
            .chain(&asem.history_updates)
            .chain([&asem.pillars_heading, &asem.pillars_intro, &pillars])
            .chain(&asem.process)
            .chain([&asem.summits_heading])
            .map(Words::as_str),
    );
    records.page(&site.asem.title, routes::ASEM, site.asem.summary.as_deref(), &asem_body);
    for summit in &site.asem.summits {
        let joined: Vec<&str> = summit.joined.iter().map(|p| p.name.as_str()).collect();
        let theme = match (&summit.theme, &summit.official_theme) {
            (Some(theme), Some(official)) => Some(format!("{theme} ({official})")),
            (theme, _) => theme.as_ref().map(ToString::to_string),
        };
        let title =
            ui.summit_title.with("ordinal", &summit.ordinal).with("year", summit.year).with("city", &summit.city);
        // Each fact a sentence, in ui.toml's words.
        let place = ui.summit_place.with("city", &summit.city).with("country", &summit.country);
        let facts = [
            Some(place.with("year", summit.year).to_string()),
            (!joined.is_empty()).then(|| ui.summit_joined.with("partners", joined.join(", ")).to_string()),
            theme.map(|theme| ui.summit_theme.with("theme", markdown::plain_text(&theme)).to_string()),
            summit.host.as_ref().map(|host| ui.summit_host.with("host", markdown::plain_text(host)).to_string()),
            summit.note.as_ref().map(|note| markdown::plain_text(note)),
        ];
        let body = sentences(facts.iter().flatten().map(String::as_str));
        records.add(Kind::Summit, &title.to_string(), &routes::summit(summit.number), "", &body);
    }
    let eco = &site.eco_innovation;
    let eco_body = sentences(eco.key_points.iter().map(Words::as_str));
    records.page(&eco.title, routes::ECO_INNOVATION, eco.summary.as_deref(), &eco_body);
    for definition in &eco.definitions {
        let title = ui.definition_title.with("source", &definition.source).to_string();
        let quoted = format!("{} “{}”", definition.lead, definition.quote);
        let note = definition.note.as_deref().map(markdown::plain_text).unwrap_or_default();
        let update = definition.update.as_deref().map(markdown::plain_text).unwrap_or_default();
        records.add(
            Kind::Definition,
            &title,
            routes::ECO_INNOVATION,
            "",
            &sentences([quoted.as_str(), &note, &update]),
        );
    }
    let categories: Vec<&str> = site.sme.categories.iter().map(|c| c.label.as_str()).collect();
    let categories = Words::new(categories.join(", "));
    let sme = &site.sme;
    let sme_body = sentences(
        sme.intro
            .iter()
            .chain(&sme.intro_updates)
            .chain([&sme.definition_heading])
            .chain(&sme.definition)
            .chain([&categories, &sme.statements_heading])
            .map(Words::as_str),
    );
    records.page(&site.sme.title, routes::SME, site.sme.summary.as_deref(), &sme_body);
    for statement in &site.sme.statements {
        records.add(
            Kind::Definition,
            &ui.statement_title.with("source", &statement.source).to_string(),
            routes::SME,
            "",
            &statement.text,
        );
    }
    let check = &site.ui.sme_check;
    let check_intro = markdown::plain_text(check.intro.as_str());
    records.page(check.title.as_str(), routes::SME_CHECK, Some(check.heading.as_str()), &check_intro);
    for partner in &site.partners {
        let url = routes::partner(&partner.slug);
        let names: Vec<&str> = partner.organisations.iter().map(|o| o.name.as_str()).collect();
        let region = region_label(&site.ui.directory, partner.region);
        // Its other names (its English name on a translated page, "한국")
        // find it too.
        let summary = [region.as_str()].into_iter().chain(partner.also.iter().map(String::as_str)).collect::<Vec<_>>();
        records.add(Kind::Partner, &partner.name, &url, &summary.join(" · "), &names.join("; "));
        for org in &partner.organisations {
            // The title names the partner: four "Ministry of the
            // Environment" links must not look alike. Only the title:
            // said again in the body, the partner's name would rank its
            // organisations above the partner itself.
            let title = format!("{}, {}", org.name, partner.name);
            records.add(Kind::Organisation, &title, &url, kind_of_one(&site.ui.directory, org.kind).as_str(), "");
        }
    }
    for page in &site.pages {
        records.page(&page.title, &page.path, page.summary.as_deref(), &markdown::plain_text(&page.body));
    }
    for item in &site.news {
        let summary = item.summary.as_deref().unwrap_or_default();
        records.add(Kind::News, &item.title, &item.path, summary, &markdown::plain_text(&item.body));
    }
    let statement = &site.accessibility;
    let sections =
        statement.sections.iter().flat_map(|s| [&s.heading].into_iter().chain(&s.paragraphs).chain(&s.points));
    let statement_body: Vec<&str> = statement.intro.iter().chain(sections).map(Words::as_str).collect();
    records.page(&statement.title, routes::ACCESSIBILITY, None, &sentences(statement_body));
    for item in &site.menu {
        records.page(&item.label, &item.path, Some(&item.summary), "");
    }
    records.list
}

struct Records<'a> {
    /// The site whose records these are: their addresses are in its language.
    site: &'a Site,
    list: Vec<Record>,
    /// Each page's place in `list`, by its address.
    pages: HashMap<String, usize>,
}

impl Records<'_> {
    fn add(&mut self, kind: Kind, title: &str, url: &str, summary: &str, body: &str) {
        self.list.push(Record {
            kind,
            title: title.to_owned(),
            url: self.site.link(url),
            summary: summary.to_owned(),
            body: body.trim().to_owned(),
        });
    }

    /// Adds a page, or, for a page already added, its summary if it has none.
    fn page(&mut self, title: &str, url: &str, summary: Option<&str>, body: &str) {
        if let Some(&known) = self.pages.get(url) {
            let known = &mut self.list[known];
            if known.summary.is_empty() {
                known.summary = summary.unwrap_or_default().to_owned();
            }
        } else {
            self.pages.insert(url.to_owned(), self.list.len());
            self.add(Kind::Page, title, url, summary.unwrap_or_default(), body);
        }
    }
}
