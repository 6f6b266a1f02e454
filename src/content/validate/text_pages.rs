//! The pages of text: `aseic.toml` (the home page), `eco_innovation.toml`
//! and the sectioned pages such as `accessibility.toml`.

use super::Checker;
use crate::content::diagnostic::Diagnostic;
use crate::content::model;
use crate::site::{Aseic, Contact, EcoDefinition, EcoInnovation, Section, TextPage};

impl Checker<'_> {
    pub(super) fn aseic(&mut self, f: &model::AseicFile) -> Aseic {
        const FILE: &str = "aseic.toml";
        self.not_empty(FILE, "paragraphs", &f.paragraphs, "paragraph");
        Aseic {
            title: self.text(FILE, "title", &f.title),
            summary: self.optional_text(FILE, "summary", f.summary.as_ref()),
            founded: self.year(FILE, "founded", &f.founded),
            paragraphs: self.texts(FILE, "paragraphs", &f.paragraphs),
            sources: self.sources(FILE, &f.sources),
        }
    }

    pub(super) fn eco_innovation(&mut self, f: &model::EcoInnovationFile) -> EcoInnovation {
        const FILE: &str = "eco_innovation.toml";
        self.not_empty(FILE, "definition", &f.definition, "[[definition]]");
        EcoInnovation {
            title: self.text(FILE, "title", &f.title),
            summary: self.optional_text(FILE, "summary", f.summary.as_ref()),
            key_points: self.texts(FILE, "key_points", &f.key_points),
            definitions: f
                .definition
                .iter()
                .map(|d| EcoDefinition {
                    source: self.text(FILE, "source", &d.source),
                    lead: self.text(FILE, "lead", &d.lead),
                    quote: self.text(FILE, "quote", &d.quote),
                    note: self.optional_text(FILE, "note", d.note.as_ref()),
                    update: self.optional_text(FILE, "update", d.update.as_ref()),
                    sources: self.sources(FILE, &d.sources),
                })
                .collect(),
        }
    }

    pub(super) fn text_page(&mut self, file: &str, f: &model::TextPageFile) -> TextPage {
        TextPage {
            title: self.text(file, "title", &f.title),
            intro: self.texts(file, "intro", &f.intro),
            sections: f
                .section
                .iter()
                .map(|s| Section {
                    heading: self.text(file, "heading", &s.heading),
                    paragraphs: self.texts(file, "paragraphs", &s.paragraphs),
                    points: self.texts(file, "points", &s.points),
                    contact: *s.contact.get_ref(),
                })
                .collect(),
        }
    }

    /// A warning, at its line, for each section of `f` that shows the
    /// site's contact when `site.toml` gives none (`contact`).
    pub(super) fn contact_wanted(&self, file: &str, f: &model::TextPageFile, contact: Option<&Contact>) -> Vec<String> {
        if contact.is_some() {
            return Vec::new();
        }
        f.section
            .iter()
            .filter(|section| *section.contact.get_ref())
            .map(|section| {
                let heading = section.heading.get_ref().trim();
                let message = format!("the section \"{heading}\" shows the site's contact, and site.toml has none");
                Diagnostic::at(file, self.texts.text(file), section.contact.span(), message)
                    .with_hint("add [contact] to site.toml, with a name and an email, a phone, an address or a form")
                    .to_string()
            })
            .collect()
    }
}
