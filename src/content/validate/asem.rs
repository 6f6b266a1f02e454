//! `asem.toml`: the summits, in order, each partner joining at one of them,
//! and the total they add up to.

use std::collections::HashMap;

use super::Checker;
use super::members::{by_name, named};
use crate::content::model::{self, Located, Text};
use crate::content::suggest::closest;
use crate::site::{Asem, Date, Partner, PartnerRef, Summit, Words};

const FILE: &str = "asem.toml";

/// Written in the history, the number of partners today, as the summits
/// add it up: prose that states the count follows the data.
const PARTNERS: &str = "{partners}";

/// `words` with `{partners}` written as the number `partners`.
pub(super) fn with_partners(words: &Words, partners: usize) -> Words {
    let text = words.as_str().replace(PARTNERS, &partners.to_string());
    match words.lang() {
        Some(lang) => Words::foreign(text, lang.into()),
        None => Words::new(text),
    }
}

/// What came of a name in a summit's `joined` list.
enum Joined {
    /// The partner joined at this summit.
    Now(PartnerRef),
    /// No partner has the name.
    Unknown,
    /// The partner joined already: at an earlier summit, or earlier in
    /// this one's list.
    Before,
}

impl Checker<'_> {
    /// ASEM, with each partner's joining summit filled in on the way; the
    /// checks that need members.toml are left out when it did not parse.
    pub(super) fn asem(&mut self, f: &model::AsemFile, mut partners: Option<&mut [Partner]>) -> Asem {
        let by_name = partners.as_deref().map(by_name).unwrap_or_default();
        self.not_empty(FILE, "summit", &f.summit, "[[summit]]");
        let founded = self.year(FILE, "founded", &f.founded);
        let mut summits = Vec::with_capacity(f.summit.len());
        let mut count = 0;
        // Names in `joined` that matched no partner, and partners named a
        // second time: each is reported already, so the checks that would
        // report it again are left out.
        let (mut unknown, mut again) = (0, 0);
        let mut previous: Option<(i64, i64)> = None;
        for s in &f.summit {
            let number = *s.number.get_ref();
            let year = self.year(FILE, "year", &s.year);
            self.summit_order(s, previous, number, year);
            previous = Some((number, year));
            let mut joined: Vec<PartnerRef> = Vec::new();
            if let Some(partners) = partners.as_deref_mut() {
                for name in &s.joined {
                    match self.join(name, number, partners, &by_name) {
                        Joined::Now(partner) => joined.push(partner),
                        Joined::Unknown => unknown += 1,
                        Joined::Before => again += 1,
                    }
                }
            }
            count += joined.len();
            let (start, end) = self.summit_days(s, year);
            summits.push(Summit {
                number,
                // Written once the words of the interface are known.
                ordinal: String::new(),
                year,
                city: self.text(FILE, "city", &s.city),
                country: self.text(FILE, "country", &s.country),
                joined,
                partners_after: count,
                start,
                end,
                host: self.optional_text(FILE, "host", s.host.as_ref()),
                theme: self.optional_text(FILE, "theme", s.theme.as_ref()),
                official_theme: None,
                note: self.optional_text(FILE, "note", s.note.as_ref()),
                sources: self.sources(FILE, &s.sources),
            });
        }
        if let Some(partners) = partners {
            if unknown + again == 0 {
                self.every_partner_joined(partners);
            }
            // A name that matched no partner may stand for one (misspelt) or
            // for none (written by mistake): a total that fits neither
            // reading is wrong too, so one slip does not hide another.
            if again == 0 {
                self.total(&f.total_partners, count, unknown);
            }
        }
        Asem {
            title: self.text(FILE, "title", &f.title),
            summary: self.optional_text(FILE, "summary", f.summary.as_ref()),
            founded,
            total_partners: count,
            history: self.history(&f.history, count),
            history_updates: self.texts(FILE, "history_updates", &f.history_updates),
            pillars_heading: self.text(FILE, "pillars_heading", &f.pillars_heading),
            pillars_intro: self.text(FILE, "pillars_intro", &f.pillars_intro),
            pillars: self.texts(FILE, "pillars", &f.pillars),
            process: self.texts(FILE, "process", &f.process),
            summits_heading: self.text(FILE, "summits_heading", &f.summits_heading),
            summits,
            sources: self.sources(FILE, &f.sources),
        }
    }

    /// The history's paragraphs, `{partners}` written as the count; a
    /// placeholder of another name is a problem.
    fn history(&mut self, paragraphs: &[Text], partners: usize) -> Vec<Words> {
        for paragraph in paragraphs {
            let rest = paragraph.get_ref().replace(PARTNERS, "");
            if let Some(start) = rest.find('{') {
                let name = rest[start..].split_inclusive('}').next().unwrap_or("{");
                self.error(
                    FILE,
                    paragraph.span(),
                    format!("`history` holds {name}, which stands for nothing"),
                    Some(format!("write {PARTNERS} for the number of partners today, or the words alone")),
                );
            }
        }
        self.texts(FILE, "history", paragraphs).iter().map(|words| with_partners(words, partners)).collect()
    }

    /// The days a summit met: in its year, the last not before the first.
    fn summit_days(&mut self, s: &model::Summit, year: i64) -> (Option<Date>, Option<Date>) {
        let start = s.start.as_ref().and_then(|d| self.date(FILE, "start", d));
        let end = s.end.as_ref().and_then(|d| self.date(FILE, "end", d));
        if let (Some(start), Some(written)) = (start, &s.start)
            && i64::from(start.year) != year
        {
            let message = format!("`start` is {}, not in the summit's year, {year}", start.iso());
            self.error(FILE, written.span(), message, Some("correct the date or the year".to_owned()));
        }
        if let (Some(start), Some(end), Some(written)) = (start, end, &s.end)
            && end < start
        {
            let message = format!("`end` is {}, before `start`, {}", end.iso(), start.iso());
            self.error(FILE, written.span(), message, Some("a summit ends on or after the day it opens".to_owned()));
        }
        if end.is_some()
            && start.is_none()
            && let Some(written) = &s.end
        {
            self.error(
                FILE,
                written.span(),
                "`end` is given without `start`".to_owned(),
                Some("add start = …, the day it opened".to_owned()),
            );
        }
        (start, end)
    }

    /// Summits are numbered 1, 2, 3… and meet in later years each time.
    fn summit_order(&mut self, s: &model::Summit, previous: Option<(i64, i64)>, number: i64, year: i64) {
        let Some((last_number, last_year)) = previous else {
            if number != 1 {
                let message = format!("the first summit has number {number}");
                self.error(FILE, s.number.span(), message, Some("start at number = 1".to_owned()));
            }
            return;
        };
        if number != last_number + 1 {
            let message = if number == last_number {
                format!("summit {number} appears twice")
            } else {
                format!("summit {number} follows summit {last_number}")
            };
            let hint = format!("number the summits in order: this one would be {}", last_number + 1);
            self.error(FILE, s.number.span(), message, Some(hint));
        }
        if year <= last_year {
            self.error(
                FILE,
                s.year.span(),
                format!("summit {number} is in {year}, not after summit {last_number} in {last_year}"),
                Some("keep the summits in the order they met".to_owned()),
            );
        }
    }

    /// Marks the named partner as joined at `summit`, or reports why it cannot be.
    fn join(&mut self, name: &Text, summit: i64, partners: &mut [Partner], by_name: &HashMap<String, usize>) -> Joined {
        let wanted = name.get_ref().trim();
        let Some(partner) = named(partners, by_name, name) else {
            let hint = match closest(wanted, partners.iter().map(|p| p.name.as_str())) {
                Some(near) => format!("did you mean \"{near}\"? Otherwise add \"{wanted}\" to members.toml"),
                None => format!("add \"{wanted}\" as a [[partner]] in members.toml"),
            };
            self.error(FILE, name.span(), format!("\"{wanted}\" is not a partner in members.toml"), Some(hint));
            return Joined::Unknown;
        };
        if partner.joined_at != 0 {
            let message = format!("{} already joined at summit {}", partner.name, partner.joined_at);
            self.error(FILE, name.span(), message, Some("a partner joins once: remove one of the two".to_owned()));
            return Joined::Before;
        }
        partner.joined_at = summit;
        Joined::Now(PartnerRef { name: partner.name.clone(), slug: partner.slug.clone(), path: partner.path.clone() })
    }

    fn every_partner_joined(&mut self, partners: &[Partner]) {
        for p in partners.iter().filter(|p| p.joined_at == 0) {
            let span = self.partner_span(&p.name);
            self.error(
                "members.toml",
                span,
                format!("{} joined ASEM at no summit", p.name),
                Some(format!("add \"{}\" to the `joined` list of its summit in asem.toml", p.name)),
            );
        }
    }

    /// The stated total agrees with the partners that joined (`count`),
    /// and with any of the `unknown` names, which may or may not be partners.
    fn total(&mut self, stated: &Located<i64>, count: usize, unknown: usize) {
        let value = *stated.get_ref();
        if !usize::try_from(value).is_ok_and(|value| (count..=count + unknown).contains(&value)) {
            let count = count + unknown;
            self.error(
                FILE,
                stated.span(),
                format!("`total_partners` is {value}, but the summits add up to {count} partners"),
                Some(format!("set total_partners = {count}, or correct the `joined` lists")),
            );
        }
    }
}
