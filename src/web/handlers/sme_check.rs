//! The SME check: `/sme/check`, the form and its answer, and
//! `/api/sme-check`, the same check as JSON.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::render::cache::CachePolicy;
use crate::render::sme::outcome_view;
use crate::render::views::{FieldError, FormField, Layout, SmeCheckPage};
use crate::render::{format, glossary, phrase};
use crate::site::amount::{LARGEST_AMOUNT, LARGEST_STAFF, Problem, parse_amount, parse_staff};
use crate::site::sme_rule::{Figures, Staff, classify};
use crate::site::ui::{Phrase, SmeCheckText};
use crate::site::{Site, routes};
use crate::web::error::{ApiError, PageError};
use crate::web::language::RequestLanguage;
use crate::web::made_pages::Client;
use crate::web::negotiate::negotiate_made;
use crate::web::preconditions;
use crate::web::query::Query;
use crate::web::send::send_page;
use crate::web::state::AppState;

/// What the form sends, and what the API takes.
#[derive(Debug, Default, Deserialize)]
pub struct SmeQuery {
    staff: Option<String>,
    turnover: Option<String>,
    balance_sheet: Option<String>,
}

/// The form's fields.
#[derive(Clone, Copy)]
enum Field {
    Staff,
    Turnover,
    BalanceSheet,
}

/// A field of the form: its name, and where the query has it.
struct FieldSpec {
    field: Field,
    name: &'static str,
    inputmode: &'static str,
    /// The input's width class, for the figures it takes (GOV.UK's widths).
    width: &'static str,
    value: fn(&SmeQuery) -> Option<&str>,
}

const STAFF: FieldSpec = FieldSpec {
    field: Field::Staff,
    name: "staff",
    inputmode: "decimal",
    width: "width-5",
    value: |query| query.staff.as_deref(),
};
const TURNOVER: FieldSpec = FieldSpec {
    field: Field::Turnover,
    name: "turnover",
    inputmode: "text",
    width: "width-10",
    value: |query| query.turnover.as_deref(),
};
const BALANCE_SHEET: FieldSpec = FieldSpec {
    field: Field::BalanceSheet,
    name: "balance_sheet",
    inputmode: "text",
    width: "width-10",
    value: |query| query.balance_sheet.as_deref(),
};

/// The label and hint of `field`.
fn words(ui: &SmeCheckText, field: Field) -> (&Phrase, &Phrase) {
    match field {
        Field::Staff => (&ui.staff_label, &ui.staff_hint),
        Field::Turnover => (&ui.turnover_label, &ui.turnover_hint),
        Field::BalanceSheet => (&ui.balance_sheet_label, &ui.balance_sheet_hint),
    }
}

/// What an error says for `problem` in `field`, as GOV.UK writes them:
/// what to do, with the limit.
fn message(site: &Site, field: Field, problem: Problem) -> String {
    let numbers = &site.ui.numbers;
    let limit = match field {
        Field::Staff => format::number(numbers, LARGEST_STAFF),
        Field::Turnover | Field::BalanceSheet => format::amount(numbers, &site.sme.currency_name, LARGEST_AMOUNT),
    };
    problem_phrase(&site.ui.sme_check, field, problem).with("limit", limit).to_string()
}

/// The phrase for `problem` in `field`. A headcount may have decimals and
/// an amount may not, so each takes the other's odd problem for its
/// nearest.
fn problem_phrase(ui: &SmeCheckText, field: Field, problem: Problem) -> &Phrase {
    match (field, problem) {
        (Field::Staff, Problem::Empty) => &ui.staff_empty,
        (Field::Staff, Problem::Negative) => &ui.staff_negative,
        (Field::Staff, Problem::Unreadable | Problem::NotWhole) => &ui.staff_unreadable,
        (Field::Staff, Problem::TooPrecise) => &ui.staff_too_precise,
        (Field::Staff, Problem::TooLarge) => &ui.staff_too_large,
        (Field::Turnover, Problem::Empty) => &ui.turnover_empty,
        (Field::Turnover, Problem::Negative) => &ui.turnover_negative,
        (Field::Turnover, Problem::Unreadable) => &ui.turnover_unreadable,
        (Field::Turnover, Problem::NotWhole | Problem::TooPrecise) => &ui.turnover_not_whole,
        (Field::Turnover, Problem::TooLarge) => &ui.turnover_too_large,
        (Field::BalanceSheet, Problem::Empty) => &ui.balance_sheet_empty,
        (Field::BalanceSheet, Problem::Negative) => &ui.balance_sheet_negative,
        (Field::BalanceSheet, Problem::Unreadable) => &ui.balance_sheet_unreadable,
        (Field::BalanceSheet, Problem::NotWhole | Problem::TooPrecise) => &ui.balance_sheet_not_whole,
        (Field::BalanceSheet, Problem::TooLarge) => &ui.balance_sheet_too_large,
    }
}

/// The form, empty; or, with figures in the address (the form is sent by
/// GET, as GOV.UK's calculators are, so that Back, Refresh and bookmarks
/// keep the answer), the answer, or the form again with its errors (422).
pub async fn sme_check(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    client: Client,
    query: Query<SmeQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Query(query) = query;
    let submitted = query.staff.is_some() || query.turnover.is_some() || query.balance_sheet.is_some();
    let made = state.clone();
    state.made_pages.make(client, move || answer(&made, language, &headers, &query, submitted)).await
}

fn answer(
    state: &AppState,
    language: usize,
    headers: &HeaderMap,
    query: &SmeQuery,
    submitted: bool,
) -> Result<Response, PageError> {
    if let Some(answered) = preconditions::made_page(headers)? {
        return Ok(answered);
    }
    let loaded = state.current.load();
    let site = &loaded.sites[language];
    let ui = &site.ui.sme_check;
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    // Whole, never cut: a value cut short would be read as another figure.
    // The form's body and the address are bounded already.
    let raw = |spec: &FieldSpec| (spec.value)(query).unwrap_or("").to_owned();
    let mut field = |spec: &FieldSpec, problem: Option<Problem>| {
        let error = match problem {
            Some(problem) if submitted => {
                let text = message(site, spec.field, problem);
                errors.push(FieldError { field: spec.name, message: text.clone() });
                text
            }
            _ => String::new(),
        };
        let (label, hint) = words(ui, spec.field);
        fields.push(FormField {
            name: spec.name,
            label: label.to_string(),
            hint: hint.to_string(),
            inputmode: spec.inputmode,
            width: spec.width,
            value: raw(spec),
            error,
        });
    };
    let staff = parse_staff(&raw(&STAFF));
    field(&STAFF, staff.err());
    let (turnover, balance_sheet) = (optional_amount(&raw(&TURNOVER)), optional_amount(&raw(&BALANCE_SHEET)));
    // With neither amount, only a headcount that rules out every category answers.
    let amount_needed = matches!((&turnover, &balance_sheet), (Ok(None), Ok(None)))
        && !staff.as_ref().is_ok_and(|staff| staff_alone_settles(site, *staff));
    field(&TURNOVER, turnover.err());
    field(&BALANCE_SHEET, balance_sheet.err());
    if amount_needed && submitted {
        let text = ui.neither_amount.to_string();
        errors.push(FieldError { field: TURNOVER.name, message: text.clone() });
        if let Some(turnover) = fields.iter_mut().find(|f| f.name == TURNOVER.name) {
            turnover.error = text;
        }
    }
    let outcome = match (submitted && errors.is_empty(), staff, turnover, balance_sheet) {
        (true, Ok(staff), Ok(turnover), Ok(balance_sheet)) => {
            Some(outcome_view(site, Figures { staff, turnover, balance_sheet }))
        }
        _ => None,
    };
    let title = match (&outcome, errors.is_empty()) {
        (_, false) => &ui.title_error,
        (Some(_), true) => &ui.title_answer,
        (None, true) => &ui.title,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(site, &state.render_assets, routes::SME_CHECK, title.as_str());
    let example = format!("{}?staff=12.5&turnover=1500000&balance_sheet=900000", routes::SME_CHECK_API);
    let api = phrase::html(&ui.api, &[("example", phrase::link(&example, ui.api_link.as_str()))]);
    let page = SmeCheckPage { layout, fields, errors, outcome, api };
    let html = glossary::on_page(site, page.render().map_err(super::render_failed)?);
    let coding = negotiate_made(headers.get(header::ACCEPT_ENCODING));
    let mut response = send_page(status, html, coding, &loaded.last_modified);
    if submitted {
        // It holds the company's figures: no shared cache may keep it.
        response.extensions_mut().insert(CachePolicy::Private);
    }
    Ok(response)
}

/// Whether `staff` alone rules out every category, whatever the amounts.
fn staff_alone_settles(site: &Site, staff: Staff) -> bool {
    classify(&site.sme.categories, Figures { staff, turnover: None, balance_sheet: None }).sme == Some(false)
}

/// An amount that may be left empty.
fn optional_amount(raw: &str) -> Result<Option<u64>, Problem> {
    if raw.trim().is_empty() { Ok(None) } else { parse_amount(raw).map(Some) }
}

/// `/api/sme-check?staff=N&turnover=EUR&balance_sheet=EUR`: the same check
/// as JSON. The staff headcount may have two decimals; give the turnover,
/// the balance-sheet total or both, in whole euros (neither, when the
/// headcount alone rules out every category). 400 `{"error": …}`
/// names the field. The access log leaves the query out.
pub async fn sme_check_api(
    State(state): State<AppState>,
    client: Client,
    query: Result<Query<SmeQuery>, PageError>,
) -> Result<Response, Response> {
    let made = state.clone();
    let answer = move || Ok::<_, PageError>(check_api(&made, query).unwrap_or_else(IntoResponse::into_response));
    state.made_pages.make(client, answer).await.map_err(IntoResponse::into_response)
}

/// The API's answer for `query`.
fn check_api(state: &AppState, query: Result<Query<SmeQuery>, PageError>) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| ApiError("the query string cannot be read".to_owned()))?;
    let staff = query.staff.as_deref().ok_or_else(|| ApiError("staff is required".to_owned()))?;
    let staff = parse_staff(staff).map_err(|problem| api_error("staff", problem))?;
    let amount = |name: &str, raw: Option<&str>| -> Result<Option<u64>, ApiError> {
        // An empty amount is a missing one, as in the form.
        let Some(raw) = raw.filter(|raw| !raw.trim().is_empty()) else { return Ok(None) };
        match raw.trim().parse::<u64>() {
            Ok(n) if n <= LARGEST_AMOUNT => Ok(Some(n)),
            Ok(_) => Err(api_error(name, Problem::TooLarge)),
            Err(_) => Err(ApiError(format!("{name} must be a whole number of euros, without separators"))),
        }
    };
    let turnover = amount("turnover", query.turnover.as_deref())?;
    let balance_sheet = amount("balance_sheet", query.balance_sheet.as_deref())?;
    let loaded = state.current.load();
    if turnover.is_none() && balance_sheet.is_none() && !staff_alone_settles(loaded.site(), staff) {
        return Err(ApiError("give turnover, balance_sheet or both".to_owned()));
    }
    let figures = Figures { staff, turnover, balance_sheet };
    let outcome = classify(&loaded.site().sme.categories, figures);
    let body = json!({
        "category": outcome.category,
        "sme": outcome.sme,
        "currency": loaded.site().sme.currency,
        "input": { "staff": figures.staff, "turnover": figures.turnover, "balance_sheet": figures.balance_sheet },
        "reasons": outcome.checks,
    });
    let mut response = Json(body).into_response();
    // It holds the company's figures: no cache may keep it.
    response.extensions_mut().insert(CachePolicy::NoStore);
    Ok(response)
}

fn api_error(name: &str, problem: Problem) -> ApiError {
    ApiError(match problem {
        Problem::TooLarge if name == "staff" => format!("{name} must be {LARGEST_STAFF} or less"),
        Problem::TooLarge => format!("{name} must be {LARGEST_AMOUNT} or less"),
        Problem::TooPrecise => format!("{name} may have two decimals at most"),
        Problem::Negative => format!("{name} must be zero or more"),
        _ => format!("{name} must be a number, such as 45 or 45.5"),
    })
}
