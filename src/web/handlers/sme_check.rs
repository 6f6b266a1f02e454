//! The SME check: `/sme/check`, the form and its answer, and
//! `/api/sme-check`, the same check as JSON.

use askama::Template;
use axum::Form;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::render::sme::outcome_view;
use crate::render::views::{FieldError, FormField, Layout, SmeCheckPage};
use crate::site::amount::{LARGEST_AMOUNT, LARGEST_STAFF, Problem, parse_amount, parse_staff};
use crate::site::routes;
use crate::site::sme_rule::{Figures, classify};
use crate::web::error::{ApiError, PageError};
use crate::web::negotiate::negotiate_made;
use crate::web::query::Query;
use crate::web::send::send_html;
use crate::web::state::AppState;

/// What the form sends, and what the API takes.
#[derive(Debug, Default, Deserialize)]
pub struct SmeQuery {
    staff: Option<String>,
    turnover: Option<String>,
    balance_sheet: Option<String>,
}

/// The form's fields: each with its words, and where the query has it.
struct FieldSpec {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    inputmode: &'static str,
    value: fn(&SmeQuery) -> Option<&str>,
}

const STAFF: FieldSpec = FieldSpec {
    name: "staff",
    label: "Staff headcount",
    hint: "In annual work units: count part-time and seasonal staff as fractions, for example 45.5.",
    inputmode: "decimal",
    value: |query| query.staff.as_deref(),
};
const TURNOVER: FieldSpec = FieldSpec {
    name: "turnover",
    label: "Annual turnover, in euros",
    hint: "For example 1,500,000 or 2.5 million. Leave it empty if you do not know it.",
    inputmode: "text",
    value: |query| query.turnover.as_deref(),
};
const BALANCE_SHEET: FieldSpec = FieldSpec {
    name: "balance_sheet",
    label: "Balance-sheet total, in euros",
    hint: "For example 900,000 or 1.2 million. Leave it empty if you do not know it.",
    inputmode: "text",
    value: |query| query.balance_sheet.as_deref(),
};

/// What an error says for `problem` in the field `spec`, as GOV.UK writes
/// them: what to do, with the limit.
fn message(spec: &FieldSpec, problem: Problem) -> String {
    let staff = spec.name == STAFF.name;
    let what = if staff {
        "staff headcount"
    } else if spec.name == TURNOVER.name {
        "annual turnover"
    } else {
        "balance-sheet total"
    };
    let short = if spec.name == TURNOVER.name { "turnover" } else { what };
    match problem {
        Problem::Empty => format!("Enter your {what}"),
        Problem::Negative => format!("Enter a {short} of 0 or more"),
        Problem::Unreadable if staff => "Enter the staff headcount as a number, like 45 or 45.5".to_owned(),
        Problem::Unreadable => format!("Enter the {what} in euros, like 1,500,000 or 2.5 million"),
        Problem::NotWhole => format!("Enter the {what} in whole euros, like 1,500,000 or 2.5 million"),
        Problem::TooPrecise => "Enter the staff headcount with two decimals at most, like 45.25".to_owned(),
        Problem::TooLarge if staff => "Enter a staff headcount of 1 billion or less".to_owned(),
        Problem::TooLarge => format!("Enter a {short} of EUR 1 trillion or less"),
    }
}

/// The form, empty. Figures never travel in the address: a GET shows the
/// form whatever its query says, and the form posts.
pub async fn sme_check(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    answer(&state, &headers, &SmeQuery::default(), false)
}

/// The form's answer, or the form again with its errors (422).
pub async fn sme_check_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SmeQuery>, FormRejection>,
) -> Result<Response, PageError> {
    let Ok(Form(query)) = form else { return Err(PageError::BadQuery) };
    answer(&state, &headers, &query, true)
}

fn answer(state: &AppState, headers: &HeaderMap, query: &SmeQuery, submitted: bool) -> Result<Response, PageError> {
    let loaded = state.current.load();
    let site = &loaded.site;
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    let raw = |spec: &FieldSpec| (spec.value)(query).unwrap_or("").chars().take(100).collect::<String>();
    let mut field = |spec: &FieldSpec, problem: Option<Problem>| {
        let error = match problem {
            Some(problem) if submitted => {
                let text = message(spec, problem);
                errors.push(FieldError { field: spec.name, message: text.clone() });
                text
            }
            _ => String::new(),
        };
        fields.push(FormField {
            name: spec.name,
            label: spec.label,
            hint: spec.hint,
            inputmode: spec.inputmode,
            value: raw(spec),
            error,
        });
    };
    let staff = parse_staff(&raw(&STAFF));
    field(&STAFF, staff.err());
    let (turnover, balance_sheet) = (optional_amount(&raw(&TURNOVER)), optional_amount(&raw(&BALANCE_SHEET)));
    let neither = matches!((&turnover, &balance_sheet), (Ok(None), Ok(None)));
    field(&TURNOVER, turnover.err());
    field(&BALANCE_SHEET, balance_sheet.err());
    if neither && submitted {
        let text = "Enter your annual turnover, your balance-sheet total, or both".to_owned();
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
        (_, false) => "Error: SME check",
        (Some(_), true) => "Your answer: SME check",
        (None, true) => "SME check",
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(site, &state.render_assets, routes::SME_CHECK, title);
    let page = SmeCheckPage { layout, rule: "EU Recommendation 2003/361/EC", fields, errors, outcome };
    let html = page.render().map_err(super::render_failed)?;
    Ok(send_html(status, html, negotiate_made(headers.get(header::ACCEPT_ENCODING))))
}

/// An amount that may be left empty.
fn optional_amount(raw: &str) -> Result<Option<u64>, Problem> {
    if raw.trim().is_empty() { Ok(None) } else { parse_amount(raw).map(Some) }
}

/// `/api/sme-check?staff=N&turnover=EUR&balance_sheet=EUR`: the same check
/// as JSON. The staff headcount may have two decimals; give the turnover,
/// the balance-sheet total or both, in whole euros. 400 `{"error": …}`
/// names the field. The access log leaves the query out.
pub async fn sme_check_api(
    State(state): State<AppState>,
    query: Result<Query<SmeQuery>, PageError>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| ApiError("the query string cannot be read".to_owned()))?;
    let staff = query.staff.as_deref().ok_or_else(|| ApiError("staff is required".to_owned()))?;
    let staff = parse_staff(staff).map_err(|problem| api_error("staff", problem))?;
    let amount = |name: &str, raw: Option<&str>| -> Result<Option<u64>, ApiError> {
        let Some(raw) = raw else { return Ok(None) };
        match raw.trim().parse::<u64>() {
            Ok(n) if n <= LARGEST_AMOUNT => Ok(Some(n)),
            Ok(_) => Err(api_error(name, Problem::TooLarge)),
            Err(_) => Err(ApiError(format!("{name} must be a whole number of euros, without separators"))),
        }
    };
    let turnover = amount("turnover", query.turnover.as_deref())?;
    let balance_sheet = amount("balance_sheet", query.balance_sheet.as_deref())?;
    if turnover.is_none() && balance_sheet.is_none() {
        return Err(ApiError("give turnover, balance_sheet or both".to_owned()));
    }
    let figures = Figures { staff, turnover, balance_sheet };
    let loaded = state.current.load();
    let outcome = classify(&loaded.site.sme.categories, figures);
    let body = json!({
        "category": outcome.category,
        "sme": outcome.sme,
        "currency": loaded.site.sme.currency,
        "input": { "staff": figures.staff, "turnover": figures.turnover, "balance_sheet": figures.balance_sheet },
        "reasons": outcome.checks,
    });
    Ok(Json(body).into_response())
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
