//! How text becomes search terms. Every language shares the first step:
//! the text is folded (case and accents), cut into words, and a run of
//! Chinese, Japanese or Korean characters into overlapping pairs, which
//! finds a word inside a compound without a dictionary. Each language then
//! has an analyzer of its own: English drops stop words and stems.
//!
//! Stems alone leave word families apart ("definit" from "definitions",
//! "defin" from "defines"), so each language also has a root analyzer: the
//! stem cut to its first five letters, a long-studied light stemmer that
//! joins such families. Roots are matched with a low weight.

use tantivy::tokenizer::{
    Language as StemmerLanguage, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};

use crate::util::fold::fold_char;

/// Longer words are left out of the index: no real word is this long.
const MAX_WORD_BYTES: usize = 60;
/// The letters of a stem kept as its root.
const ROOT_CHARS: usize = 5;

/// A language the index has an analyzer, and fields, for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
}

impl Language {
    /// Every language indexed. Korean joins with its own analyzer.
    pub const ALL: [Language; 1] = [Language::English];

    /// Its code: the suffix of its fields and its analyzer's name.
    pub const fn code(self) -> &'static str {
        match self {
            Language::English => "en",
        }
    }

    /// Words, then this language's own steps, giving `terms`.
    pub fn analyzer(self, terms: Terms) -> TextAnalyzer {
        let kept = match terms {
            Terms::Stems => usize::MAX,
            Terms::Roots => ROOT_CHARS,
        };
        match self {
            Language::English => TextAnalyzer::builder(WordTokenizer)
                .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
                .filter(StopWordFilter::new(StemmerLanguage::English).expect("tantivy's `stopwords` feature is on"))
                .filter(Stemmer::new(StemmerLanguage::English))
                .filter(Cut(kept))
                .build(),
        }
    }

    /// The name its analyzer for `terms` is registered under.
    pub fn analyzer_name(self, terms: Terms) -> String {
        match terms {
            Terms::Stems => self.code().to_owned(),
            Terms::Roots => format!("{}_root", self.code()),
        }
    }
}

/// Gives a word's stem in each language, as search reads it: the one
/// reading of word forms that search and the directory's filter share.
#[derive(Clone)]
pub struct WordStems {
    analyzers: Vec<TextAnalyzer>,
}

impl Default for WordStems {
    fn default() -> Self {
        Self::new()
    }
}

impl WordStems {
    pub fn new() -> Self {
        Self { analyzers: Language::ALL.iter().map(|language| language.analyzer(Terms::Stems)).collect() }
    }

    /// The stems of `word` (folded) in each language of `Language::ALL`,
    /// `None` where it is a stop word.
    pub fn of(&mut self, word: &str) -> Vec<Option<String>> {
        self.analyzers
            .iter_mut()
            .map(|analyzer| {
                let mut stream = analyzer.token_stream(word);
                stream.advance().then(|| stream.token().text.clone())
            })
            .collect()
    }
}

/// What an analyzer gives: whole stems, or their roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terms {
    Stems,
    Roots,
}

impl Terms {
    pub const ALL: [Terms; 2] = [Terms::Stems, Terms::Roots];
}

/// Cuts each term to its first so many characters.
#[derive(Debug, Clone, Copy)]
struct Cut(usize);

impl TokenFilter for Cut {
    type Tokenizer<T: Tokenizer> = CutTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CutTokenizer<T> {
        CutTokenizer { kept: self.0, inner }
    }
}

#[derive(Debug, Clone)]
struct CutTokenizer<T> {
    kept: usize,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CutTokenizer<T> {
    type TokenStream<'a> = CutStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CutStream { kept: self.kept, inner: self.inner.token_stream(text) }
    }
}

struct CutStream<S> {
    kept: usize,
    inner: S,
}

impl<S: TokenStream> TokenStream for CutStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let text = &mut self.inner.token_mut().text;
        let kept = prefix(text, self.kept).len();
        text.truncate(kept);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The root of a stem: what the root analyzer makes of the same word.
pub fn root_of(stem: &str) -> &str {
    prefix(stem, ROOT_CHARS)
}

/// The first `chars` characters of `text`.
fn prefix(text: &str, chars: usize) -> &str {
    text.char_indices().nth(chars).map_or(text, |(end, _)| &text[..end])
}

/// Cuts folded text into words and pairs of CJK characters. Offsets point
/// into the text as written, so that matches can be marked in it.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordTokenizer;

/// The tokens of one text, made in one pass.
pub struct WordStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        WordStream { tokens: words(text), next: 0 }
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The folded words of `text`, with CJK runs as overlapping pairs.
pub fn words(text: &str) -> Vec<Token> {
    let mut cutter = Cutter::default();
    for (offset, c) in text.char_indices() {
        let end = offset + c.len_utf8();
        fold_char(c, |folded| cutter.push(offset, end, folded));
    }
    cutter.finish()
}

/// Whether `c` belongs to a script written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' // Hangul Jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7A3}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{2FA1F}') // CJK extensions B and later
}

/// The word being read, or the CJK run, and the tokens made so far.
#[derive(Default)]
struct Cutter {
    tokens: Vec<Token>,
    word: String,
    word_from: usize,
    word_to: usize,
    /// Each CJK character read: where it is, and its folded form.
    run: Vec<(usize, usize, char)>,
}

impl Cutter {
    fn push(&mut self, from: usize, to: usize, folded: char) {
        if !folded.is_alphanumeric() {
            self.end_word();
            self.end_run();
        } else if is_cjk(folded) {
            self.end_word();
            self.run.push((from, to, folded));
        } else {
            self.end_run();
            if self.word.is_empty() {
                self.word_from = from;
            }
            self.word.push(folded);
            self.word_to = to;
        }
    }

    fn end_word(&mut self) {
        if !self.word.is_empty() {
            let text = std::mem::take(&mut self.word);
            self.emit(self.word_from, self.word_to, text);
        }
    }

    /// A lone character is a token; a longer run gives each pair.
    fn end_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        if let [(from, to, c)] = run[..] {
            self.emit(from, to, c.to_string());
        }
        for pair in run.windows(2) {
            self.emit(pair[0].0, pair[1].1, [pair[0].2, pair[1].2].iter().collect());
        }
    }

    fn emit(&mut self, offset_from: usize, offset_to: usize, text: String) {
        let position = self.tokens.len();
        self.tokens.push(Token { offset_from, offset_to, position, text, position_length: 1 });
    }

    fn finish(mut self) -> Vec<Token> {
        self.end_word();
        self.end_run();
        self.tokens
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|t| t.text).collect()
    }

    fn analyzed(text: &str) -> Vec<String> {
        terms(Language::English.analyzer(Terms::Stems), text)
    }

    fn terms(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        stream.process(&mut |token| terms.push(token.text.clone()));
        terms
    }

    #[test]
    fn words_are_folded_and_point_into_the_text_as_written() {
        let tokens = words("Ministère de l’Écologie, ROMÂNĂ");
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["ministere", "de", "l", "ecologie", "romana"]);
        assert_eq!(&"Ministère de l’Écologie, ROMÂNĂ"[tokens[3].offset_from..tokens[3].offset_to], "Écologie");
        assert_eq!(tokens.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        assert_eq!(texts("中国环境 abc 环"), ["中国", "国环", "环境", "abc", "环"]);
        assert_eq!(texts("한국환경공단"), ["한국", "국환", "환경", "경공", "공단"]);
    }

    #[test]
    fn english_drops_stop_words_and_stems() {
        assert_eq!(analyzed("The definitions of SUMMITS"), ["definit", "summit"]);
        assert_eq!(analyzed("defines definition"), ["defin", "definit"]);
        assert!(analyzed("").is_empty());
    }

    #[test]
    fn roots_join_word_families() {
        let roots = terms(Language::English.analyzer(Terms::Roots), "definitions defines defined Environmental 环境");
        assert_eq!(roots, ["defin", "defin", "defin", "envir", "环境"]);
        assert_eq!(root_of("environment"), "envir");
        assert_eq!(root_of("环境"), "环境");
    }
}
