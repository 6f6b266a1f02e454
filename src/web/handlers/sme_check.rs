//! The SME check: `/sme/check`, the form and its answer, and
//! `/api/sme-check`, the same check as JSON.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::render::sme::outcome_view;
use crate::render::views::{FieldError, FormField, Layout, SmeCheckPage};
use crate::site::amount::{parse_amount, parse_count};
use crate::site::routes;
use crate::site::sme_rule::{Figures, classify};
use crate::web::error::{ApiError, PageError};
use crate::web::negotiate::negotiate;
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

/// One field of the form, as the page shows it, and where the query has it.
struct FieldSpec {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    inputmode: &'static str,
    value: fn(&SmeQuery) -> Option<&str>,
}

const FIELDS: [FieldSpec; 3] = [
    FieldSpec {
        name: "staff",
        label: "Staff headcount",
        hint: "The number of people employed, in annual work units: for example 45.",
        inputmode: "numeric",
        value: |query| query.staff.as_deref(),
    },
    FieldSpec {
        name: "turnover",
        label: "Annual turnover, in euros",
        hint: "For example 1,500,000 or 2.5 million.",
        inputmode: "decimal",
        value: |query| query.turnover.as_deref(),
    },
    FieldSpec {
        name: "balance_sheet",
        label: "Balance-sheet total, in euros",
        hint: "For example 900,000 or 1.2 million.",
        inputmode: "decimal",
        value: |query| query.balance_sheet.as_deref(),
    },
];

/// The form, or its answer; a wrong or missing figure gets the form again
/// with the errors (422).
pub async fn sme_check(
    State(state): State<AppState>,
    Query(query): Query<SmeQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let loaded = state.current.load();
    let site = &loaded.site;
    let submitted = FIELDS.iter().any(|field| (field.value)(&query).is_some());
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    let mut numbers = Vec::new();
    for spec in &FIELDS {
        let raw = (spec.value)(&query).unwrap_or("").chars().take(100).collect::<String>();
        let parsed = if spec.name == "staff" { parse_count(&raw) } else { parse_amount(&raw) };
        let error = match (&parsed, submitted) {
            (Err(why), true) => {
                let message = if raw.trim().is_empty() {
                    format!("Enter the {}", spec.label.to_lowercase())
                } else {
                    format!("The {} {why}", spec.label.to_lowercase())
                };
                errors.push(FieldError { field: spec.name, message: message.clone() });
                message
            }
            _ => String::new(),
        };
        numbers.push(parsed.ok());
        fields.push(FormField {
            name: spec.name,
            label: spec.label,
            hint: spec.hint,
            inputmode: spec.inputmode,
            value: raw,
            error,
        });
    }
    let outcome = match (submitted, numbers.as_slice()) {
        (true, [Some(staff), Some(turnover), Some(balance_sheet)]) => {
            Some(outcome_view(site, Figures { staff: *staff, turnover: *turnover, balance_sheet: *balance_sheet }))
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
    Ok(send_html(status, html, negotiate(headers.get(header::ACCEPT_ENCODING))))
}

/// `/api/sme-check?staff=N&turnover=EUR&balance_sheet=EUR`: the same check
/// as JSON. Plain whole numbers only; 400 `{"error": …}` names the field.
pub async fn sme_check_api(
    State(state): State<AppState>,
    query: Result<Query<SmeQuery>, PageError>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| ApiError("the query string cannot be read".to_owned()))?;
    let mut numbers = [0u64; 3];
    for (i, field) in FIELDS.iter().enumerate() {
        let name = field.name;
        let raw = (field.value)(&query).ok_or_else(|| ApiError(format!("{name} is required")))?;
        numbers[i] = match raw.trim().parse::<u64>() {
            Ok(n) if n < 1_000_000_000_000_000 => n,
            Ok(_) => return Err(ApiError(format!("{name} is too large"))),
            Err(_) => {
                return Err(ApiError(format!("{name} must be a whole number of zero or more, without separators")));
            }
        }
    }
    let figures = Figures { staff: numbers[0], turnover: numbers[1], balance_sheet: numbers[2] };
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
