//! The membership chart: an SVG line of the number of partners after each
//! summit, laid out here so the template only places what it is given.

use crate::site::Summit;

/// A chart ready to draw, in SVG user units.
#[derive(Debug, Clone)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub left: u32,
    pub right: u32,
    pub bottom: u32,
    /// Where the counts on the left end, and where the years stand.
    pub tick_x: u32,
    pub year_y: u32,
    pub title: String,
    pub description: String,
    /// `x,y x,y …` for the polyline.
    pub points: String,
    pub dots: Vec<Dot>,
    pub y_ticks: Vec<Tick>,
}

#[derive(Debug, Clone)]
pub struct Dot {
    pub x: u32,
    pub y: u32,
    /// The year, under the axis.
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Tick {
    pub y: u32,
    /// The baseline of its label, centred on the line.
    pub label_y: u32,
    pub label: String,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 260;
const LEFT: u32 = 44;
const RIGHT: u32 = WIDTH - 16;
const TOP: u32 = 16;
const BOTTOM: u32 = HEIGHT - 32;

/// Lays out the partners after each summit, by year.
pub fn membership(summits: &[Summit]) -> Chart {
    let first_year = summits.first().map_or(0, |s| s.year);
    let last_year = summits.last().map_or(1, |s| s.year).max(first_year + 1);
    let most = summits.iter().map(|s| s.partners_after).max().unwrap_or(0);
    let step = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].into_iter().find(|s| most / s <= 6).unwrap_or(10_000);
    let top = most.div_ceil(step).max(1) * step;
    let x = |year: i64| {
        LEFT + ((year - first_year) as f64 / (last_year - first_year) as f64 * f64::from(RIGHT - LEFT)).round() as u32
    };
    let y = |count: usize| BOTTOM - (count as f64 / top as f64 * f64::from(BOTTOM - TOP)).round() as u32;
    let dots: Vec<Dot> =
        summits.iter().map(|s| Dot { x: x(s.year), y: y(s.partners_after), label: s.year.to_string() }).collect();
    let points = dots.iter().map(|d| format!("{},{}", d.x, d.y)).collect::<Vec<_>>().join(" ");
    let y_ticks = (0..=top / step)
        .map(|i| Tick { y: y(i * step), label_y: y(i * step) + 4, label: (i * step).to_string() })
        .collect();
    let description = match (summits.first(), summits.last()) {
        (Some(first), Some(last)) => format!(
            "From {} partners in {} to {} in {}, over {} summits.",
            first.partners_after,
            first.year,
            last.partners_after,
            last.year,
            summits.len()
        ),
        _ => "No summits yet.".to_owned(),
    };
    Chart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: RIGHT,
        bottom: BOTTOM,
        tick_x: LEFT - 8,
        year_y: BOTTOM + 18,
        title: "ASEM partners after each summit".to_owned(),
        description,
        points,
        dots,
        y_ticks,
    }
}
