//! `ui.toml`: the words of the interface. Each phrase is checked as any
//! text is, and may hold only the placeholders it takes.

use super::Checker;
use crate::content::model::Text;
use crate::site::language::is_language_tag;
use crate::site::ui::{Described, Phrase, Piece, Ui, pieces};

const FILE: &str = "ui.toml";

impl Checker<'_> {
    pub(super) fn ui(&mut self, f: &Ui<Text>) -> Ui {
        let ui = f.map(|phrase| self.phrase(FILE, phrase));
        self.language_tag(&f.page.language);
        ui
    }

    /// `page.language` is what the pages' `lang` says to browsers and
    /// screen readers, so it must be a language tag (`en`, `ko`, `en-GB`).
    fn language_tag(&mut self, value: &Text) {
        let tag = value.get_ref().trim();
        if tag.is_empty() || is_language_tag(tag) {
            return;
        }
        // `EN_gb` → `en-GB`: the language in lower case, a region of two letters in capitals.
        let dashed = tag
            .split(['_', ' ', '-'])
            .enumerate()
            .map(|(i, part)| match (i, part.len()) {
                (0, _) => part.to_ascii_lowercase(),
                (_, 2) => part.to_ascii_uppercase(),
                _ => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("-");
        let hint = if is_language_tag(&dashed) {
            format!("write \"{dashed}\", with a dash")
        } else {
            "write a language tag, such as \"en\" for English or \"ko\" for Korean".to_owned()
        };
        self.error(FILE, value.span(), format!("`page.language` \"{tag}\" is not a language tag"), Some(hint));
    }

    /// A phrase of `file` (`ui.toml`, or a translation's): checked as any
    /// text is, holding only the placeholders it takes.
    pub(super) fn phrase(&mut self, file: &str, phrase: Described<'_, Text>) -> Phrase {
        let text = self.plain_text(file, phrase.key, phrase.value);
        let names: Vec<String> = phrase.placeholders.iter().map(|p| format!("{{{p}}}")).collect();
        let may_hold = if phrase.placeholders.is_empty() {
            "this phrase takes no placeholders: write the words without braces".to_owned()
        } else {
            format!("it may hold {}", names.join(", "))
        };
        for piece in pieces(&text) {
            let name = match piece {
                Piece::Placeholder(name) => name,
                // A brace that opens or closes no placeholder: "{site news".
                Piece::Text(words) if !phrase.placeholders.is_empty() && words.contains(['{', '}']) => {
                    self.error(
                        file,
                        phrase.value.span(),
                        format!("`{}` has a brace that opens or closes no placeholder", phrase.key),
                        Some(format!("write each placeholder whole, in braces; {may_hold}")),
                    );
                    continue;
                }
                Piece::Text(_) => continue,
            };
            if phrase.placeholders.contains(&name) {
                continue;
            }
            self.error(
                file,
                phrase.value.span(),
                format!("`{}` holds the placeholder {{{name}}}, which it does not take", phrase.key),
                Some(may_hold.clone()),
            );
        }
        Phrase::new(text)
    }
}

#[cfg(test)]
mod tests {
    use crate::site::language::is_language_tag;

    #[test]
    fn language_tags() {
        for tag in ["en", "ko", "en-GB", "ko-KR", "zh-Hant-TW", "es-419"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["e", "english", "Korean language", "en_GB", "en US", "en-", "-en", "en-toolongsubtag"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }
}
