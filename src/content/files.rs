//! The content files of one load: their texts as read, and their values
//! as parsed, before any check across fields.

use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{AseicFile, AsemFile, EcoInnovationFile, MembersFile, SiteFile, SmeFile, TextPageFile};
use super::parse_error;
use super::source::{ContentSource, FILES};
use crate::util::hash::content_hash;

/// The text of every content file, as read for one load.
#[derive(Debug, Default)]
pub struct SourceTexts {
    texts: Vec<(&'static str, String)>,
}

impl SourceTexts {
    /// The text of `file`, or "" when it could not be read.
    pub fn text(&self, file: &str) -> &str {
        self.texts.iter().find(|(name, _)| *name == file).map_or("", |(_, text)| text)
    }

    /// The first 16 hex digits of a SHA-256 over every file's name and text.
    pub fn version(&self) -> String {
        let mut all = Vec::new();
        for (name, text) in &self.texts {
            all.extend_from_slice(name.as_bytes());
            all.push(0);
            all.extend_from_slice(text.as_bytes());
            all.push(0);
        }
        content_hash(&all)
    }
}

/// Every content file, parsed into its shape.
#[derive(Debug)]
pub struct ParsedFiles {
    pub site: SiteFile,
    pub aseic: AseicFile,
    pub asem: AsemFile,
    pub members: MembersFile,
    pub eco_innovation: EcoInnovationFile,
    pub sme: SmeFile,
    pub accessibility: TextPageFile,
}

/// Reads and parses every content file, without the checks across fields.
pub fn read_and_parse(source: &ContentSource) -> Result<(SourceTexts, ParsedFiles), Diagnostics> {
    let mut texts = SourceTexts::default();
    let mut problems = Vec::new();
    for file in FILES {
        match source.read(file).map(String::from_utf8) {
            Ok(Ok(text)) => texts.texts.push((file, text)),
            Ok(Err(e)) => problems.push(invalid_utf8(file, e)),
            Err(problem) => problems.push(problem),
        }
    }
    let parsed = parse_all(&texts, &mut problems);
    match parsed {
        Some(parsed) if problems.is_empty() => Ok((texts, parsed)),
        _ => Err(Diagnostics(problems)),
    }
}

fn parse_all(texts: &SourceTexts, problems: &mut Vec<Diagnostic>) -> Option<ParsedFiles> {
    let site = parse::<SiteFile>(texts, "site.toml", problems);
    let aseic = parse::<AseicFile>(texts, "aseic.toml", problems);
    let asem = parse::<AsemFile>(texts, "asem.toml", problems);
    let members = parse::<MembersFile>(texts, "members.toml", problems);
    let eco_innovation = parse::<EcoInnovationFile>(texts, "eco_innovation.toml", problems);
    let sme = parse::<SmeFile>(texts, "sme.toml", problems);
    let accessibility = parse::<TextPageFile>(texts, "accessibility.toml", problems);
    Some(ParsedFiles {
        site: site?,
        aseic: aseic?,
        asem: asem?,
        members: members?,
        eco_innovation: eco_innovation?,
        sme: sme?,
        accessibility: accessibility?,
    })
}

/// Parses one file; a file that could not be read is skipped (already reported).
fn parse<T: DeserializeOwned>(texts: &SourceTexts, file: &'static str, problems: &mut Vec<Diagnostic>) -> Option<T> {
    let (_, text) = texts.texts.iter().find(|(name, _)| *name == file)?;
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(e) => {
            problems.push(from_toml_error(file, text, &e));
            None
        }
    }
}

fn from_toml_error(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    let (message, hint) = parse_error::explain(error.message().trim_end());
    let diagnostic = match error.span() {
        Some(span) => Diagnostic::at(file, text, span, message),
        None => Diagnostic::whole_file(file, message),
    };
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

fn invalid_utf8(file: &str, error: std::string::FromUtf8Error) -> Diagnostic {
    let bytes = error.as_bytes();
    let valid_up_to = error.utf8_error().valid_up_to();
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Diagnostic {
        file: file.to_owned(),
        line,
        column,
        message: format!("the file is not valid UTF-8 (byte {:#04x})", bytes[valid_up_to]),
        source_line: None,
        hint: Some("save the file as UTF-8 in your editor".to_owned()),
    }
}
