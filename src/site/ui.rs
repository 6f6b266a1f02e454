//! The words of the site's own interface: every word a page shows that
//! the content files do not give (headings of the frame, labels, buttons,
//! messages), read from `content/ui.toml`, so that the site can be
//! translated without touching the code.
//!
//! A phrase may hold placeholders, such as `{count}`, that a page fills;
//! each phrase names the ones it takes, and the load refuses any other.

use std::fmt;
use std::sync::Arc;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use schemars::JsonSchema;
use serde::Deserialize;

use super::date::Date;
use super::words::Words;

/// A phrase of the interface, as the site shows it: in the page's
/// language, or, where a translation lacks it, in the default language,
/// which `lang` then names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Phrase {
    text: String,
    lang: Option<Arc<str>>,
}

impl Phrase {
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), lang: None }
    }

    /// A phrase in `lang`, not in the page's language.
    pub fn foreign(text: impl Into<String>, lang: Arc<str>) -> Self {
        Self { text: text.into(), lang: Some(lang) }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The language of the phrase, when it is not the page's.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// The phrase with `{name}` filled by `value`; chain `with` for more.
    pub fn with(&self, name: &'static str, value: impl fmt::Display) -> Filled<'_> {
        Filled { phrase: self, values: vec![(name, value.to_string())] }
    }

    /// The phrase as words, with its language.
    pub fn words(&self) -> Words {
        match &self.lang {
            Some(lang) => Words::foreign(self.text.clone(), Arc::clone(lang)),
            None => Words::new(self.text.clone()),
        }
    }
}

/// The phrase alone, unmarked: for attributes and for other phrases.
impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A phrase and the values of its placeholders. The phrase is read once,
/// when it is shown, so a value that itself holds `{name}` (a visitor's
/// query) is shown as it is, never filled.
#[derive(Debug, Clone)]
pub struct Filled<'a> {
    phrase: &'a Phrase,
    values: Vec<(&'static str, String)>,
}

impl Filled<'_> {
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.values.push((name, value.to_string()));
        self
    }

    /// The language of the phrase, when it is not the page's.
    pub fn lang(&self) -> Option<&str> {
        self.phrase.lang()
    }

    /// The filled phrase as words, with the phrase's language.
    pub fn words(&self) -> Words {
        match &self.phrase.lang {
            Some(lang) => Words::foreign(self.to_string(), Arc::clone(lang)),
            None => Words::new(self.to_string()),
        }
    }
}

impl fmt::Display for Filled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in pieces(self.phrase.as_str()) {
            match piece {
                Piece::Text(text) => f.write_str(text)?,
                Piece::Placeholder(name) => match self.values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => f.write_str(value)?,
                    // The load lets no phrase name a placeholder it does not take.
                    None => write!(f, "{{{name}}}")?,
                },
            }
        }
        Ok(())
    }
}

/// A stretch of a phrase: text, or a placeholder's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// The pieces of `text`: `{name}`, where the name is lower-case ASCII
/// letters and underscores, is a placeholder; any other brace is text.
pub fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let placeholder = rest.strip_prefix('{').and_then(|after| {
            let end = after.find('}')?;
            let name = &after[..end];
            (!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')).then_some(name)
        });
        if let Some(name) = placeholder {
            rest = &rest[name.len() + 2..];
            return Some(Piece::Placeholder(name));
        }
        // Text runs to the next brace after its first character (itself
        // perhaps a brace that opens no placeholder).
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[first..].find('{').map_or(rest.len(), |i| i + first);
        let (text, after) = rest.split_at(end);
        rest = after;
        Some(Piece::Text(text))
    })
}

/// One phrase as `Ui::map` shows it: its key (`search.heading`), its value,
/// and the placeholders it may hold.
pub struct Described<'a, T> {
    pub key: &'static str,
    pub value: &'a T,
    pub placeholders: &'static [&'static str],
}

/// A phrase's place in `ui.toml`: its key (`search.heading`), the
/// placeholders it may hold, and whether a language may leave it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub key: &'static str,
    pub placeholders: &'static [&'static str],
    /// An optional phrase is each language's own: one a language leaves
    /// out is not taken from another (Korean counts in 만 and 억, not in
    /// millions).
    pub optional: bool,
}

/// Declares the UI text: each section a table of `ui.toml`, each phrase a
/// key, with the placeholders it takes in brackets, and after a `;` the
/// phrases a language may leave out. A doc comment belongs to the one
/// phrase under it, and is its description in the schema. Makes the types
/// (generic over the value, so that the content layer can read each phrase
/// with its place in the file); `map`, which visits every phrase given in
/// order; `KEYS`, every phrase's `Key`; and `build`, which makes each phrase
/// from its key.
macro_rules! ui_text {
    ($(
        $(#[$section_doc:meta])*
        $section:ident: $Section:ident {
            $( $(#[$doc:meta])* $key:ident $([$($placeholder:ident),+])? ),+ $(,)?
            $( ; $( $(#[$optional_doc:meta])* $optional:ident $([$($optional_placeholder:ident),+])? ),+ $(,)? )?
        }
    )+) => {
        /// `ui.toml`: every word of the interface, by section.
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Ui<T = Phrase> {
            $( $(#[$section_doc])* pub $section: $Section<T>, )+
        }

        $(
            $(#[$section_doc])*
            #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $Section<T = Phrase> {
                $( $(#[$doc])* pub $key: T, )+
                $($( $(#[$optional_doc])* pub $optional: Option<T>, )+)?
            }
        )+

        impl<T> Ui<T> {
            /// Every phrase's key, in the file's order, the optional ones
            /// after the others of their section.
            pub const KEYS: &'static [Key] = &[$(
                $( Key {
                    key: concat!(stringify!($section), ".", stringify!($key)),
                    placeholders: &[$($(stringify!($placeholder)),+)?],
                    optional: false,
                }, )+
                $($( Key {
                    key: concat!(stringify!($section), ".", stringify!($optional)),
                    placeholders: &[$($(stringify!($optional_placeholder)),+)?],
                    optional: true,
                }, )+)?
            )+];

            /// The same phrases, each made by `f` from its `Described`; an
            /// optional phrase left out stays out.
            pub fn map<U>(&self, mut f: impl FnMut(Described<'_, T>) -> U) -> Ui<U> {
                Ui { $( $section: $Section {
                    $( $key: f(Described {
                        key: concat!(stringify!($section), ".", stringify!($key)),
                        value: &self.$section.$key,
                        placeholders: &[$($(stringify!($placeholder)),+)?],
                    }), )+
                    $($( $optional: self.$section.$optional.as_ref().map(|value| f(Described {
                        key: concat!(stringify!($section), ".", stringify!($optional)),
                        value,
                        placeholders: &[$($(stringify!($optional_placeholder)),+)?],
                    })), )+)?
                }, )+ }
            }

            /// Every phrase made by `make` from its key: `None` leaves an
            /// optional phrase out. A phrase that is not optional must be
            /// made: `make` giving none is a bug.
            pub fn build(mut make: impl FnMut(Key) -> Option<T>) -> Ui<T> {
                Ui { $( $section: $Section {
                    $( $key: {
                        let key = Key {
                            key: concat!(stringify!($section), ".", stringify!($key)),
                            placeholders: &[$($(stringify!($placeholder)),+)?],
                            optional: false,
                        };
                        make(key).expect("every required phrase is made")
                    }, )+
                    $($( $optional: make(Key {
                        key: concat!(stringify!($section), ".", stringify!($optional)),
                        placeholders: &[$($(stringify!($optional_placeholder)),+)?],
                        optional: true,
                    }), )+)?
                }, )+ }
            }
        }
    };
}

ui_text! {
    /// The frame of every page: its language, header, menu and footer.
    page: PageText {
        /// The language of the words, as a BCP 47 tag (`en`, `ko`): the
        /// pages' `lang`.
        language,
        /// A page's title in the browser's tab: the page's own title, then the site's name.
        title [page, site],
        /// The link, first on every page, that skips the menu.
        skip_link,
        /// The name of the main menu, for screen readers.
        menu_name,
        /// The button that shows the menu on a small screen.
        menu_button,
        /// The name of the header's search box, for screen readers.
        search_label,
        /// The header's search button.
        search_button,
        /// The title of the news feed, as browsers list it.
        feed_title [site],
        /// The heading of the sources at the foot of a page.
        sources_heading,
        /// After each source: the day it was checked.
        checked [date],
        /// The link from a source back to the note that cites it.
        back_to_note [number],
        /// The name of a link back to one of the places a source is cited,
        /// when it is cited at several: {place}, 1 for the first.
        back_to_place [number, place],
        /// At the foot of a page: the latest day its facts were checked.
        last_updated [date],
        /// Before a list of ways on, on an error page.
        these_may_help,
        /// Marks a draft, which only the preview shows.
        draft,
        /// The name of the trail of links above a page, for screen readers.
        breadcrumb_name,
        /// Where the visitor is among pages of a list.
        page_of [number, pages],
        /// The name of the links to the page in other languages, for
        /// screen readers.
        languages_name,
        /// An abbreviation of `glossary.toml` at its first use on a page:
        /// {long}, what it stands for, and {short}, the abbreviation.
        abbreviation [long, short],
    }

    /// The home page.
    home: HomeText {
        /// Under the summary: the year ASEIC was founded.
        established [year],
        /// The heading of the news while the newest item is recent
        /// (`latest_within_months` in site.toml).
        latest_news,
        /// The heading of the news once the newest item is older.
        news,
        all_news,
        explore,
    }

    /// The news: its list, each item, and the pages written in Markdown.
    news: NewsText {
        heading,
        /// The heading of the list's later pages.
        heading_page [number, pages],
        none_yet,
        pages_name,
        newer,
        older,
        feed_link,
        /// The label of a draft page: {draft}, the word `page.draft` in bold.
        draft_page [draft],
        /// The label of a draft news item: {draft}, as in `draft_page`.
        draft_item [draft],
        /// The label of a page dated after today, which the preview shows
        /// and the site from that day: {date}, the day.
        scheduled_page [date],
        /// The label of a news item dated after today: {date}, the day.
        scheduled_item [date],
    }

    /// The page about ASEM: its facts, the chart and the summits.
    asem: AsemText {
        /// Under the summary: the year it was founded, and its partners today.
        established [year, partners],
        chart_title,
        /// The chart's description, for screen readers.
        chart_description [first_count, first_year, last_count, last_year, summits],
        /// The chart's description, with no summit yet.
        no_summits,
        /// The chart's vertical axis: the number of partners.
        partners_axis,
        /// The chart's horizontal axis: the years.
        years_axis,
        chart_caption,
        table_caption,
        summit_column,
        year_column,
        host_column,
        new_partners_column,
        partners_column,
        /// The heading of each summit.
        summit_heading [ordinal],
        /// Beside each summit's heading: where and when.
        summit_place [year, city, country],
        dates,
        hosted_by,
        theme,
        no_enlargement,
        /// The partners of the first summit.
        founding [count],
        new_one,
        new_other [count],
    }

    /// The page about SMEs: the link to the check, and the criteria table.
    sme: SmeText {
        /// The link to the SME check, and its words.
        check [link],
        check_link,
        criteria_caption,
        category_column,
        staff_column,
        turnover_column,
        /// The SME check's table of each criterion: its last amount.
        balance_sheet_column,
        /// The last column: the other amount, either of which is enough.
        or_balance_sheet_column,
        fewer_than [count],
        up_to [amount],
    }

    /// The SME check: its form, its messages and its answer. Inline
    /// Markdown (links, emphasis) works in `intro` and `next`.
    sme_check: SmeCheckText {
        title,
        title_error,
        title_answer,
        heading,
        intro,
        error_summary,
        /// Before each error message, for screen readers.
        error_prefix,
        staff_label,
        staff_hint,
        turnover_label,
        turnover_hint,
        balance_sheet_label,
        balance_sheet_hint,
        check_button,
        /// Beside the button: the figures are not kept.
        privacy,
        /// Below the form: the JSON API, as a link whose words are
        /// `api_link` to an example address.
        api [example],
        api_link,
        staff_empty,
        staff_negative,
        staff_unreadable,
        staff_too_precise,
        /// The largest headcount taken: {limit}, as "1 billion".
        staff_too_large [limit],
        turnover_empty,
        turnover_negative,
        turnover_unreadable,
        turnover_not_whole,
        /// The largest amount taken: {limit}, as "EUR 1 trillion".
        turnover_too_large [limit],
        balance_sheet_empty,
        balance_sheet_negative,
        balance_sheet_unreadable,
        balance_sheet_not_whole,
        /// The largest amount taken: {limit}, as "EUR 1 trillion".
        balance_sheet_too_large [limit],
        neither_amount,
        /// A category's name with its article, unless the category gives one.
        enterprise [size],
        /// The turnover's name in the answer's sentences.
        turnover_name,
        /// The balance-sheet total's name in the answer's sentences.
        balance_sheet_name,
        found [enterprise],
        sme_undecided,
        undecided,
        not_sme,
        /// The first sentence of an answer that one more figure decides.
        above_one [given, given_value, size, given_ceiling, missing, missing_ceiling, enterprise],
        otherwise [enterprise],
        with_missing [missing, ceiling, enterprise],
        larger_missing [missing],
        ask [missing],
        /// Why the figures meet a category: the sentence on the staff, then on the amounts.
        met_because [staff, amounts],
        staff_below [staff, size, ceiling],
        both_within [turnover, turnover_ceiling, balance_sheet, balance_sheet_ceiling],
        /// As `both_within`, when the two ceilings are the same: {ceiling}.
        both_within_one [turnover, balance_sheet, ceiling],
        turnover_above [turnover, turnover_ceiling, balance_sheet, balance_sheet_ceiling],
        balance_sheet_above [turnover, turnover_ceiling, balance_sheet, balance_sheet_ceiling],
        turnover_enough [turnover, turnover_ceiling],
        balance_sheet_enough [balance_sheet, balance_sheet_ceiling],
        /// Why the figures do not meet a category: the staff.
        not_staff [enterprise, staff, ceiling],
        not_amounts [enterprise, reasons],
        amount_above [name, value, ceiling],
        /// Joins two reasons.
        and [first, second],
        /// The caption of the table of each criterion against its ceiling.
        why_caption,
        met_column,
        row_staff_met [value, ceiling],
        row_staff_not_met [value, ceiling],
        row_amount_met [value, ceiling],
        row_amount_not_met [value, ceiling],
        row_not_given [ceiling],
        yes,
        no,
        depends,
        next_heading,
        next,
    }

    /// The directory of member states, and each partner's page.
    directory: DirectoryText {
        /// The directory's title and heading.
        heading,
        /// In the row of a partner with no organisation listed.
        none_listed,
        /// The title of a filtered directory: {filters}, what is chosen.
        title_filtered [filters],
        /// The title of a filtered directory where no partner matches.
        title_none [filters],
        /// Under the summary: how many partners and organisations.
        intro [partners, organisations],
        asia,
        europe,
        /// The first kind of organisation, and the directory's second column.
        government,
        /// The other kind, and the directory's third column.
        others,
        /// The kind of one organisation, beside its name: government.
        government_one,
        /// The kind of one organisation, beside its name: other.
        other_one,
        region_label,
        all_regions,
        kind_label,
        all_kinds,
        name_label,
        filter_button,
        active_filters,
        region_filter [region],
        kind_filter [kind],
        name_filter [text],
        /// The link that removes a filter: {which}, what is removed, for
        /// screen readers only.
        remove [which],
        /// What `remove` removes, for screen readers.
        remove_which [filter],
        show_all,
        matches_none,
        matches_one,
        matches_other [count],
        /// Between the choices an error lists.
        or,
        unknown_region [region, choices],
        unknown_kind [kind, choices],
        jump_name,
        /// A jump link's name for screen readers.
        jump_letter [region, letter],
        caption_one [region],
        caption_other [region, count],
        partner_column,
        data_heading,
        data_intro,
        members_json,
        members_csv,
        summits_json,
        /// A partner page's description, for search engines and shared links.
        description [partner, ordinal, city, year],
        /// On a partner's page: the summit it joined at.
        joined [summit, year, city, country],
        summit_name [ordinal],
        organisations_heading,
        no_organisations [partner],
        all_member_states,
    }

    /// How dates are written: "29 November 2026"; and spans of days,
    /// "18 to 19 October 2018".
    dates: DateText {
        format [day, month, year],
        january, february, march, april, may, june,
        july, august, september, october, november, december,
        /// Days of one month: its {first_day} and {last_day}, the {month}
        /// and the {year}.
        days_in_month [first_day, last_day, month, year],
        /// Days of one year, across months.
        days_in_year [first_day, first_month, last_day, last_month, year],
        /// Days across years: the {first} and the {last}, each a whole date.
        days [first, last],
    }

    /// How numbers and amounts of money are written: "1 billion",
    /// "2,048", "EUR 1.5 million", "EUR 750,000"; and ordinals, "21st".
    numbers: NumbersText {
        /// An amount: the {currency}'s name and the {amount}.
        money [currency, amount],
        thousands_separator,
        decimal_mark,
        /// An ordinal number, in the form for the rest (CLDR's "other"):
        /// "{number}th". Languages with other forms give them below.
        ordinal_other [number];
        /// A number of large units in words: a whole number of them, or of
        /// them and tenths. A language gives the units it counts in (English:
        /// millions, billions, trillions; Korean: 만, 억 and 조); larger
        /// numbers of no unit are written in digits.
        ten_thousands [number],
        /// As `ten_thousands`, for millions.
        millions [number],
        /// As `ten_thousands`, for hundreds of millions.
        hundred_millions [number],
        /// As `ten_thousands`, for billions.
        billions [number],
        /// As `ten_thousands`, for trillions.
        trillions [number],
        /// An ordinal number in the form CLDR calls "zero", for languages
        /// that have it.
        ordinal_zero [number],
        /// In the form "one": English "{number}st" (1st, 21st).
        ordinal_one [number],
        /// In the form "two": English "{number}nd".
        ordinal_two [number],
        /// In the form "few": English "{number}rd".
        ordinal_few [number],
        /// In the form "many", for languages that have it.
        ordinal_many [number],
    }

    /// The pages for errors: each a heading and a paragraph.
    errors: ErrorsText {
        not_found_heading,
        not_found,
        bad_query_heading,
        bad_query,
        bad_host_heading,
        bad_host,
        uri_too_long_heading,
        /// The longest address taken: {limit} characters.
        uri_too_long [limit],
        head_too_large_heading,
        /// The largest request head taken: {kib} KiB.
        head_too_large [kib],
        method_heading,
        method,
        body_heading,
        body,
        timeout_heading,
        timeout,
        /// A request whose `If-Match` names a version the page is not.
        precondition_heading,
        precondition,
        /// A page made per request refused while too many are being made.
        busy_heading,
        busy,
        /// A page made per request refused past the client's quota.
        too_many_heading,
        too_many,
        internal_heading,
        internal,
    }

    /// The search page.
    search: SearchText {
        /// The page's title and heading.
        heading,
        /// The label of the search box.
        label,
        /// Before anything is searched for.
        empty,
        /// Shown when a mistyped word was searched for as the nearest one.
        showing_results_for [searched],
        /// The link that searches for the words as typed.
        search_as_typed [query],
        /// Under a search with more words than are searched for: {count}.
        words_left_out [count],
        /// The page's title when something was searched for.
        title [query],
        /// The page's title on a later page of results: {page} of {pages}.
        title_page [query, page, pages],
        /// The result count when nothing is found.
        no_results [query],
        /// The result count, for one result.
        results_one [query],
        /// The result count, for more than one.
        results_other [count, query],
        /// The result count over several pages.
        results_range [first, last, count, query],
        /// The count when one kind of result is chosen.
        among [results, kind],
        /// The page's title after a search for {query} among one {kind}.
        title_kind [query, kind],
        /// The name of the list of kinds of result, for screen readers.
        kinds_name,
        /// The first kind: every result.
        all_results,
        /// When nothing is found: with a link to the directory.
        nothing_found [directory],
        /// The text of the link to the directory, when nothing is found.
        directory_link,
        /// When every word typed is too common to search for.
        only_common_words,
        /// The name of the links between pages of results, for screen readers.
        pages_name,
        /// The links to the previous and the next page of results: {what},
        /// what they lead to, for screen readers only.
        previous [what],
        /// As `previous`, for the next page.
        next [what],
        /// What `previous` and `next` lead to, for screen readers.
        page_of_results,
        /// A link to a page of results: only {number} is shown; screen
        /// readers hear it all.
        page_number [number],
        /// An unknown kind in the address.
        unknown_kind [kind],
        /// A page number that is not one.
        bad_page [page],
        /// A page beyond the last, when there are no results.
        no_other_pages,
        /// A page beyond the last, when all fit on one.
        only_page_one [page],
        /// A page beyond the last.
        no_such_page [page, pages],
        /// A summit's title among the results.
        summit_title [ordinal, year, city],
        /// Where and when a summit met, in its result.
        summit_place [city, country, year],
        /// The partners that joined at a summit, in its result.
        summit_joined [partners],
        /// A summit's theme, in its result.
        summit_theme [theme],
        /// Who hosted a summit, in its result.
        summit_host [host],
        /// A definition of eco-innovation's title among the results.
        definition_title [source],
        /// A statement about SMEs' title among the results.
        statement_title [source],
    }

    /// The kinds of search result, one and many.
    kinds: KindText {
        page, pages,
        partner, partners,
        organisation, organisations,
        summit, summits,
        definition, definitions,
        news, news_items,
    }

    /// The kinds of search result, many, as they read inside a sentence
    /// (`search.among`).
    kinds_in_text: KindInTextText {
        /// Pages, inside a sentence.
        pages,
        /// Partners, inside a sentence.
        partners,
        /// Organisations, inside a sentence.
        organisations,
        /// Summits, inside a sentence.
        summits,
        /// Definitions, inside a sentence.
        definitions,
        /// News items, inside a sentence.
        news_items,
    }

    /// The site's contact (`[contact]` in `site.toml`), where a section of
    /// the accessibility statement shows it.
    contact: ContactText {
        /// Before the ways to reach them: the contact's name.
        intro [name],
        /// The label of the email address.
        email,
        /// The label of the phone number.
        phone,
        /// The label of the postal address.
        address,
        /// The label of the contact form's link.
        form,
        /// The text of the link to the contact form.
        form_link,
        /// In place of the ways to reach them, when `site.toml` gives none.
        missing,
    }

    /// The leads before the text quoted from the centre's own website,
    /// which stays as it was written: each says whose words follow.
    quoted: QuotedText {
        /// Before ASEIC's description on the home page.
        aseic,
        /// Before ASEM's history.
        asem_history,
        /// Before what the ASEM process means to its partners.
        asem_process,
        /// Before why SMEs matter.
        sme_intro,
        /// Before the definition of an SME.
        sme_definition,
        /// Before each definition of eco-innovation.
        eco_innovation,
    }
}

impl Ui {
    /// `date` as pages show it: "29 November 2026".
    pub fn date(&self, date: &Date) -> String {
        let d = &self.dates;
        let month = self.month(date);
        d.format.with("day", date.day).with("month", month).with("year", date.year).to_string()
    }

    /// The name of `date`'s month.
    fn month(&self, date: &Date) -> &Phrase {
        let d = &self.dates;
        let months = [
            &d.january,
            &d.february,
            &d.march,
            &d.april,
            &d.may,
            &d.june,
            &d.july,
            &d.august,
            &d.september,
            &d.october,
            &d.november,
            &d.december,
        ];
        months[usize::from(date.month.clamp(1, 12) - 1)]
    }

    /// The days from `first` to `last` as pages write them: "18 to 19
    /// October 2018", "30 September to 2 October 2018", or two whole
    /// dates across years; one day alone as a date.
    pub fn days(&self, first: &Date, last: &Date) -> String {
        let d = &self.dates;
        if first >= last {
            self.date(first)
        } else if (first.year, first.month) == (last.year, last.month) {
            d.days_in_month
                .with("first_day", first.day)
                .with("last_day", last.day)
                .with("month", self.month(first))
                .with("year", first.year)
                .to_string()
        } else if first.year == last.year {
            d.days_in_year
                .with("first_day", first.day)
                .with("first_month", self.month(first))
                .with("last_day", last.day)
                .with("last_month", self.month(last))
                .with("year", first.year)
                .to_string()
        } else {
            d.days.with("first", self.date(first)).with("last", self.date(last)).to_string()
        }
    }

    /// `number` as an ordinal, in the form the language's plural rules
    /// (CLDR's, for the tag in `page.language`) choose: "1st", "22nd",
    /// "제3차". A form the language does not give is written as "other".
    pub fn ordinal(&self, number: i64) -> String {
        let n = &self.numbers;
        let category = self
            .page
            .language
            .as_str()
            .parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .and_then(|tag| PluralRules::create(tag, PluralRuleType::ORDINAL).ok())
            .and_then(|rules| rules.select(number).ok())
            .unwrap_or(PluralCategory::OTHER);
        let form = match category {
            PluralCategory::ZERO => n.ordinal_zero.as_ref(),
            PluralCategory::ONE => n.ordinal_one.as_ref(),
            PluralCategory::TWO => n.ordinal_two.as_ref(),
            PluralCategory::FEW => n.ordinal_few.as_ref(),
            PluralCategory::MANY => n.ordinal_many.as_ref(),
            PluralCategory::OTHER => None,
        };
        form.unwrap_or(&n.ordinal_other).with("number", number).to_string()
    }
}

/// The words of the repository's `content/ui.toml`, for unit tests.
#[cfg(test)]
pub fn english() -> Ui {
    let file: Ui<String> = toml::from_str(include_str!("../../content/ui.toml")).expect("content/ui.toml reads");
    file.map(|phrase| Phrase::new(phrase.value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_values_are_shown_as_they_are() {
        let phrase = Phrase::new("{count} results for “{query}”");
        assert_eq!(phrase.with("count", 3).with("query", "{count}").to_string(), "3 results for “{count}”");
        assert_eq!(Phrase::new("a {b} {c}").with("c", "C").to_string(), "a {b} C");
    }

    #[test]
    fn only_lowercase_names_in_braces_are_placeholders() {
        let found: Vec<Piece> = pieces("{a} {x y} {} {B} {page_of}{").collect();
        assert_eq!(
            found,
            [
                Piece::Placeholder("a"),
                Piece::Text(" "),
                Piece::Text("{x y} "),
                Piece::Text("{} "),
                Piece::Text("{B} "),
                Piece::Placeholder("page_of"),
                Piece::Text("{"),
            ]
        );
    }

    #[test]
    fn ordinals_follow_the_language_s_rules() {
        let english = english();
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(|n| english.ordinal(n)).into();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
        let mut korean = english.clone();
        korean.page.language = Phrase::new("ko");
        korean.numbers.ordinal_other = Phrase::new("제{number}차");
        assert_eq!([1, 2, 13].map(|n| korean.ordinal(n)), ["제1차", "제2차", "제13차"]);
    }

    #[test]
    fn spans_of_days_name_what_they_share_once() {
        let ui = english();
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(ui.days(&day(2018, 10, 18), &day(2018, 10, 19)), "18 to 19 October 2018");
        assert_eq!(ui.days(&day(2018, 9, 30), &day(2018, 10, 2)), "30 September to 2 October 2018");
        assert_eq!(ui.days(&day(2018, 12, 31), &day(2019, 1, 1)), "31 December 2018 to 1 January 2019");
        assert_eq!(ui.days(&day(2018, 10, 18), &day(2018, 10, 18)), "18 October 2018");
    }

    #[test]
    fn map_visits_every_phrase_with_its_key_and_placeholders() {
        let ui: Ui = Ui::default();
        let mut seen = Vec::new();
        ui.map(|d| seen.push((d.key, d.placeholders.to_vec())));
        assert!(seen.contains(&("search.results_other", vec!["count", "query"])));
        assert!(seen.contains(&("page.skip_link", vec![])));
    }
}
