//! The membership chart: an SVG line of the number of partners after each
//! summit, laid out here so the template only places what it is given.

use crate::site::Summit;
use crate::site::ui::AsemText;

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
    /// Where the axes' titles stand: the counts' above the plot, the
    /// years' below their labels, in the middle.
    pub y_title_y: u32,
    pub x_title_x: u32,
    pub x_title_y: u32,
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
    /// Every other year but the last: left out where the chart is narrow,
    /// so that the labels can stay large without running together.
    pub minor: bool,
}

#[derive(Debug, Clone)]
pub struct Tick {
    pub y: u32,
    /// Where its label stands: centred on the line, or for 0, just above
    /// the axis, clear of the first year under it.
    pub label_y: u32,
    /// The label's `dominant-baseline`: `central`, or `auto` for 0.
    pub baseline: &'static str,
    pub label: String,
    /// Every other count: left out where the chart is narrow, as the years are.
    pub minor: bool,
}

// Room for labels of up to 27 units, the size that keeps them 12 px high
// on a 320 px screen (see the stylesheet).
const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;
const LEFT: u32 = 52;
const RIGHT: u32 = WIDTH - 36;
const TOP: u32 = 48;
const BOTTOM: u32 = HEIGHT - 76;

/// Lays out the partners after each summit, by year.
pub fn membership(summits: &[Summit], ui: &AsemText) -> Chart {
    let first_year = summits.first().map_or(0, |s| s.year);
    let last_year = summits.last().map_or(1, |s| s.year).max(first_year + 1);
    let most = summits.iter().map(|s| s.partners_after).max().unwrap_or(0);
    let step = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].into_iter().find(|s| most / s <= 6).unwrap_or(10_000);
    let top = most.div_ceil(step).max(1) * step;
    let x = |year: i64| {
        LEFT + ((year - first_year) as f64 / (last_year - first_year) as f64 * f64::from(RIGHT - LEFT)).round() as u32
    };
    let y = |count: usize| BOTTOM - (count as f64 / top as f64 * f64::from(BOTTOM - TOP)).round() as u32;
    let last = summits.len().saturating_sub(1);
    let dots: Vec<Dot> = summits
        .iter()
        .enumerate()
        .map(|(i, s)| Dot {
            x: x(s.year),
            y: y(s.partners_after),
            label: s.year.to_string(),
            minor: i % 2 == 1 && i != last,
        })
        .collect();
    let points = dots.iter().map(|d| format!("{},{}", d.x, d.y)).collect::<Vec<_>>().join(" ");
    let y_ticks = (0..=top / step)
        .map(|i| Tick {
            y: y(i * step),
            label_y: y(i * step),
            baseline: if i == 0 { "auto" } else { "central" },
            label: (i * step).to_string(),
            // The top count is always shown, as the last year is.
            minor: i % 2 == 1 && i != top / step,
        })
        .collect();
    let description = match (summits.first(), summits.last()) {
        (Some(first), Some(last)) => ui
            .chart_description
            .with("first_count", first.partners_after)
            .with("first_year", first.year)
            .with("last_count", last.partners_after)
            .with("last_year", last.year)
            .with("summits", summits.len())
            .to_string(),
        _ => ui.no_summits.to_string(),
    };
    Chart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: RIGHT,
        bottom: BOTTOM,
        tick_x: LEFT - 8,
        // Low enough that the tallest labels clear the count 0 above.
        year_y: BOTTOM + 14,
        y_title_y: 8,
        x_title_x: (LEFT + RIGHT) / 2,
        // High enough that the descender of its tallest letters stays in.
        x_title_y: HEIGHT - 8,
        title: ui.chart_title.to_string(),
        description,
        points,
        dots,
        y_ticks,
    }
}
