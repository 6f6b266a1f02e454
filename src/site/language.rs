//! The languages the site is written in, and where each one's pages are:
//! the first language (the default) at the root, every other one under a
//! prefix of its own tag (`/ko/asem`). An address always shows the same
//! language, whoever asks: nothing is chosen by `Accept-Language`.

use std::borrow::Cow;
use std::sync::Arc;

use super::routes;

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its BCP 47 tag: `en`, `ko`. The pages' `lang`, and the folder of its
    /// translation.
    pub tag: Arc<str>,
    /// Its name in itself, as the language switcher writes it: "한국어".
    pub name: String,
    /// Where its pages are: "" for the default language, `/ko` for Korean.
    pub prefix: String,
}

impl Language {
    /// The default language, whose pages are at the root.
    pub fn default_one(tag: &str, name: &str) -> Self {
        Self { tag: Arc::from(tag), name: name.to_owned(), prefix: String::new() }
    }

    /// A language beside the default, under `/{tag}`.
    pub fn translation(tag: &str, name: &str) -> Self {
        Self { tag: Arc::from(tag), name: name.to_owned(), prefix: format!("/{tag}") }
    }

    pub fn is_default(&self) -> bool {
        self.prefix.is_empty()
    }

    /// The address of the site's page `path` in this language: `/asem` is
    /// `/ko/asem` in Korean, and the home page `/` is `/ko/`. Addresses that
    /// are the same in every language (the API, the open data, media,
    /// styles) are left as they are, and so is any address not of the site.
    pub fn link<'a>(&self, path: &'a str) -> Cow<'a, str> {
        if self.prefix.is_empty() || !routes::is_localized(path) || self.holds(path) {
            return Cow::Borrowed(path);
        }
        Cow::Owned(format!("{}{path}", self.prefix))
    }

    /// Whether `path` is already one of this language's addresses.
    fn holds(&self, path: &str) -> bool {
        !self.prefix.is_empty()
            && path.strip_prefix(&self.prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
    }

    /// The site's path of `address` if it is one of this language's: for
    /// Korean, `/ko/asem` is `/asem` and `/ko/` is `/`. `/ko` alone is not:
    /// the Korean home page's address ends in a slash.
    pub fn site_path<'a>(&self, address: &'a str) -> Option<&'a str> {
        if self.prefix.is_empty() {
            return Some(address);
        }
        let rest = address.strip_prefix(&self.prefix)?;
        (rest.starts_with('/') && routes::is_localized(rest)).then_some(rest)
    }
}

/// The language of `address` among `languages` (the default first), and
/// the site's path it stands for: `/ko/asem` is Korean's `/asem`, `/asem`
/// the default's.
pub fn language_of<'a>(languages: &[Language], address: &'a str) -> (usize, &'a str) {
    languages
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(index, language)| Some((index, language.site_path(address)?)))
        .unwrap_or((0, address))
}

/// A language tag in the shape of BCP 47: a language of two or three
/// letters, then subtags of one to eight letters or digits, by dashes.
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && subtags.all(|subtag| (1..=8).contains(&subtag.len()) && subtag.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `address` without a first segment shaped like a language tag of two
/// letters (`/ko`, `/pt-BR`): the site's path it stands for in whatever
/// language, for the access log, which writes the query of a search in
/// any language and needs no list of the languages. (A page of the site
/// is never at such an address: each is a language's, or none.)
pub fn unprefixed(address: &str) -> &str {
    let Some(rest) = address.strip_prefix('/') else { return address };
    let (segment, after) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut subtags = segment.split('-');
    let language = subtags.next().unwrap_or_default();
    let tag_shaped = language.len() == 2
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && subtags.all(|subtag| (2..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric()));
    if tag_shaped && after.starts_with('/') { after } else { address }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Vec<Language> {
        vec![Language::default_one("en", "English"), Language::translation("ko", "한국어")]
    }

    #[test]
    fn a_translation_s_pages_are_under_its_tag_and_shared_files_are_not() {
        let [english, korean] = &languages()[..] else { unreachable!() };
        assert_eq!(english.link("/asem"), "/asem");
        assert_eq!(korean.link("/asem"), "/ko/asem");
        assert_eq!(korean.link("/"), "/ko/");
        assert_eq!(korean.link("/asem#summit-8"), "/ko/asem#summit-8");
        assert_eq!(korean.link("/members?region=asia"), "/ko/members?region=asia");
        assert_eq!(korean.link("/ko/asem"), "/ko/asem", "not twice");
        for shared in ["/api/members.json", "/members.csv", "/media/a.1234.png", "/static/style.css", "/sitemap.xml"] {
            assert_eq!(korean.link(shared), shared);
        }
        assert_eq!(korean.link("https://www.aseic.org/"), "https://www.aseic.org/");
    }

    #[test]
    fn an_address_names_its_language() {
        let languages = languages();
        assert_eq!(language_of(&languages, "/ko/asem"), (1, "/asem"));
        assert_eq!(language_of(&languages, "/ko/"), (1, "/"));
        assert_eq!(language_of(&languages, "/ko/members/korea"), (1, "/members/korea"));
        assert_eq!(language_of(&languages, "/ko"), (0, "/ko"), "the home page's address ends in a slash");
        assert_eq!(language_of(&languages, "/kosovo"), (0, "/kosovo"));
        assert_eq!(language_of(&languages, "/ko/api/members.json"), (0, "/ko/api/members.json"));
        assert_eq!(language_of(&languages, "/asem"), (0, "/asem"));
    }

    #[test]
    fn a_language_s_prefix_is_known_by_its_shape() {
        assert_eq!(unprefixed("/ko/sme/check"), "/sme/check");
        assert_eq!(unprefixed("/pt-BR/search"), "/search");
        assert_eq!(unprefixed("/sme/check"), "/sme/check");
        assert_eq!(unprefixed("/news/launch"), "/news/launch");
        assert_eq!(unprefixed("/ko"), "/ko");
        assert_eq!(unprefixed("/api/sme-check"), "/api/sme-check");
    }
}
