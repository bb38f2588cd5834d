//! Accessibility: axe on every route and widget in light and dark mode, no
//! sideways scrolling, a visible keyboard focus, the trend and map as one
//! tab stop each with arrow keys inside, target sizes and contrast
//! of graphics and controls on the statistics pages, and the accessibility
//! statement in every footer.

use crate::support::colour::{contrast, Rgb};
use crate::support::explorer::wait_explorer;
use crate::support::page::{
    click, ensure, err, press, press_chord, sideways_excess, text_of, wait_ready, wait_until,
    Outcome,
};
use crate::support::site::{served_archive, served_export};
use crate::support::{Browser, Harness};
use portal::locale::page_title;
use portal::model::embed::WidgetView;
use portal::model::route::{Pinned, Widget};
use portal::model::{Lang, Page, Route};

/// axe-core finds no violations: in the light scheme on every route, in
/// the dark one on every route but the region pages after each language's
/// first.
pub async fn axe_finds_no_violations(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let axe = std::fs::read_to_string("node_modules/axe-core/axe.min.js")
        .map_err(err("node_modules/axe-core/axe.min.js (run make test)"))?;
    // Every route and widget, and the narrowed views where colours and
    // symbols vary most: every English map view (all five shades of tile),
    // and a region's sparse figures in the other data widgets; the data
    // widgets pinned to the oldest archived release, with the line that
    // names it.
    let export = served_export(h)?;
    let oldest = served_archive(h)?
        .into_iter()
        .next()
        .map(|(r, _)| r.release_id)
        .ok_or("no archived release")?;
    let pinned = Pinned::all([oldest.as_str()])
        .into_iter()
        .filter(|p| p.lang == Lang::En)
        .map(|p| (p.path(), false));
    let map = Route::Embed(Lang::En, Widget::Map).path();
    let views = WidgetView::all(Widget::Map, &export)
        .into_iter()
        .map(|view| format!("{map}{}", view.path()))
        .chain(["headline", "funnel", "trend"].map(|w| format!("/embed/en/{w}/UA-63/last-12/")));
    let paths: Vec<(String, bool)> = Route::all()
        .into_iter()
        .chain(Route::widgets())
        .map(|route| (route.path(), !matches!(route, Route::Embed(..))))
        .chain(views.map(|path| (path, false)))
        .chain(pinned)
        .collect();
    // The 108 region pages are the statistics page's template with a
    // region's figures: all of them in the light scheme, and in the dark
    // one the first region of each language beside the whole-release page
    // (the same colours and symbols), which halves the scenario's time.
    let light_only: std::collections::HashSet<String> = Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            portal::model::region::REGION_CODES[1..]
                .iter()
                .map(move |&code| Route::Region(lang, code).path())
        })
        .collect();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme).await?;
        let checked = paths
            .iter()
            .filter(|(path, _)| scheme == "light" || !light_only.contains(path));
        for (path, portal_page) in checked {
            let url = h.url(path);
            c.goto(&url).await.map_err(err(&url))?;
            if *portal_page {
                wait_ready(c).await?;
            }
            c.execute(&axe, vec![]).await.map_err(err("inject axe"))?;
            let found = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document, { resultTypes: ['violations'] })
                       .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ` +
                         v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                       .catch(e => done(['axe failed: ' + e]));",
                    vec![],
                )
                .await
                .map_err(err("axe.run"))?;
            for v in found.as_array().into_iter().flatten() {
                failures.push(format!(
                    "{url} [{scheme}] {}",
                    v.as_str().unwrap_or_default()
                ));
            }
        }
    }
    b.color_scheme("light").await?;
    ensure!(
        failures.is_empty(),
        "{} violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

/// No route scrolls sideways at any width from 320 px to 1440 px.
pub async fn no_horizontal_scroll_from_320_to_1440_px(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let mut overflowing = Vec::new();
    for width in [320, 390, 768, 1024, 1440] {
        b.viewport(width, 800).await?;
        for route in Route::all().into_iter().chain(Route::widgets()) {
            let url = h.url(&route.path());
            c.goto(&url).await.map_err(err(&url))?;
            let excess = sideways_excess(c).await?;
            if excess > 0 {
                overflowing.push(format!("{url} at {width} px: {excess} px too wide"));
            }
        }
    }
    b.viewport(1280, 900).await?;
    ensure!(overflowing.is_empty(), "{}", overflowing.join("\n"));
    Ok(())
}

/// Keyboard users see where they are: Tab reaches the skip link first, and
/// the focused element is outlined.
pub async fn keyboard_focus_is_visible(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let url = h.url("/fr/methodology/");
    c.goto(&url).await.map_err(err(&url))?;
    for expected in ["skip-link", "site-name"] {
        press(c, fantoccini::key::Key::Tab).await?;
        let focused = c
            .execute(
                "const el = document.activeElement; const s = getComputedStyle(el);
                 return [el.className, s.outlineStyle, parseFloat(s.outlineWidth)]",
                vec![],
            )
            .await
            .map_err(err("focus style"))?;
        ensure!(
            focused[0] == expected,
            "Tab focused {:?}, expected .{expected}",
            focused[0]
        );
        ensure!(
            focused[1] != "none" && focused[2].as_f64().unwrap_or(0.0) >= 2.0,
            "focused .{expected} has no visible outline: {focused}"
        );
    }
    Ok(())
}

/// Where focus is: the roving group it is in (`.bar` for the trend, `.tile`
/// for the map, "" for none), its index there, and its accessible name.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Focus {
    group: String,
    index: i64,
    name: String,
}

async fn focus(c: &fantoccini::Client) -> Result<Focus, String> {
    let found = c
        .execute(
            "const a = document.activeElement;
             const g = a.closest('[data-roving]');
             const items = g ? [...g.querySelectorAll(g.dataset.roving)] : [];
             return { group: g ? g.dataset.roving : '', index: items.indexOf(a),
                      name: a.getAttribute('aria-label') || a.textContent.trim() }",
            vec![],
        )
        .await
        .map_err(err("focus"))?;
    serde_json::from_value(found).map_err(err("focus"))
}

/// Presses Tab until focus enters `group`, at most `limit` times; returns
/// how many presses it took.
async fn tab_into(c: &fantoccini::Client, group: &str, limit: usize) -> Result<usize, String> {
    for presses in 1..=limit {
        press(c, fantoccini::key::Key::Tab).await?;
        if focus(c).await?.group == group {
            return Ok(presses);
        }
    }
    Err(format!("{limit} presses of Tab did not reach {group}"))
}

/// With the keyboard only, the trend and the map are one tab stop each:
/// Tab enters each at its first item, the arrow keys, Home and End move
/// between weeks and tiles (up and down between the map's rows), each week
/// is named with its week and value, the next Tab leaves the group, and
/// Shift+Tab comes back to the item focused last. Before, the sample's
/// trend was 47 stops and the map 27.
pub async fn trend_and_map_are_one_tab_stop_each(h: &Harness, b: &Browser) -> Outcome {
    use fantoccini::key::Key;
    let c = &b.client;
    let url = h.url("/en/statistics/");
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    wait_until(c, "!document.querySelector('.sort[disabled]')").await?;
    let weeks = c
        .execute(
            "return document.querySelectorAll('[data-testid=trend] .bar').length",
            vec![],
        )
        .await
        .map_err(err("weeks"))?
        .as_i64()
        .unwrap_or(0);
    ensure!(weeks > 10, "the trend has {weeks} weeks");
    tab_into(c, ".bar", 80).await?;
    let mut steps = vec![(None, 0)];
    for (key, expected) in [
        (Key::End, weeks - 1),
        (Key::Home, 0),
        (Key::Right, 1),
        (Key::Right, 2),
        (Key::Left, 1),
        (Key::Up, 1),
    ] {
        press(c, key).await?;
        steps.push((Some(key), expected));
        let at = focus(c).await?;
        ensure!(
            at.group == ".bar" && at.index == expected,
            "after {steps:?} focus is {at:?}, expected week {expected}"
        );
        let (week, value) = at.name.split_once(": ").unwrap_or_default();
        ensure!(
            week.len() == 8 && week.as_bytes()[4..6] == *b"-W" && !value.is_empty(),
            "week {expected} is named {:?}, not by its week and value",
            at.name
        );
    }
    press(c, Key::Tab).await?;
    let after = focus(c).await?;
    ensure!(after.group.is_empty(), "Tab stayed in the trend: {after:?}");
    press_chord(c, &[Key::Shift, Key::Tab]).await?;
    let back = focus(c).await?;
    ensure!(
        back.group == ".bar" && back.index == 1,
        "Shift+Tab came back to {back:?}, not to week 1 where focus left the trend"
    );
    let to_map = tab_into(c, ".tile", 40).await?;
    // The map's rows: VO RV ZT … (row 1), LV TE KM … (row 2), …; SE last.
    for (key, expected) in [
        (None, 0),
        (Some(Key::Down), 6),
        (Some(Key::Right), 7),
        (Some(Key::Up), 1),
        (Some(Key::Left), 0),
        (Some(Key::End), 26),
    ] {
        if let Some(key) = key {
            press(c, key).await?;
        }
        let at = focus(c).await?;
        ensure!(
            at.group == ".tile" && at.index == expected,
            "on the map after {key:?} focus is {at:?}, expected tile {expected}"
        );
    }
    press(c, Key::Tab).await?;
    let after = focus(c).await?;
    ensure!(after.group.is_empty(), "Tab stayed on the map: {after:?}");
    println!("    trend to map: {to_map} presses of Tab");
    Ok(())
}

/// The statistics pages whose targets and colours are measured: the whole
/// release in English and in Ukrainian (the longest words), and a region's
/// page (no region choice).
const STATISTICS_PAGES: [&str; 3] = [
    "/en/statistics/",
    "/uk/statistics/",
    "/en/statistics/UA-14/",
];

/// Opens a statistics page and waits until the explorer has enabled its
/// filters and sort buttons, with every list of choices open.
async fn explorer_at_rest(h: &Harness, b: &Browser, path: &str) -> Outcome {
    let c = &b.client;
    let url = h.url(path);
    c.goto(&url).await.map_err(err(&url))?;
    wait_explorer(c).await?;
    wait_until(
        c,
        "!document.querySelector('[data-testid=filters] fieldset').disabled
         && !document.querySelector('.sort[disabled]')",
    )
    .await?;
    c.execute(
        "document.querySelectorAll('main details').forEach(d => d.open = true)",
        vec![],
    )
    .await
    .map_err(err("open the lists"))?;
    Ok(())
}

/// A target as laid out: what it is, the control it works (a label and its
/// checkbox are one), and its box in CSS px.
#[derive(Debug, serde::Deserialize)]
struct Target {
    name: String,
    control: String,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

impl Target {
    fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Whether a circle around `centre` reaches into this box.
    fn meets_circle(&self, (cx, cy): (f64, f64), radius: f64) -> bool {
        let dx = (self.x - cx).max(0.0).max(cx - (self.x + self.width));
        let dy = (self.y - cy).max(0.0).max(cy - (self.y + self.height));
        dx * dx + dy * dy < radius * radius
    }
}

/// WCAG 2.5.8's minimum, in CSS px.
const MIN_TARGET: f64 = 24.0;

/// The targets that fail WCAG 2.5.8: smaller than 24 × 24 px, and not
/// spaced so that a 24 px circle on each meets no other target and no other
/// undersized target's circle.
fn too_small(targets: &[Target]) -> Vec<String> {
    let small = |t: &Target| t.width < MIN_TARGET || t.height < MIN_TARGET;
    let radius = MIN_TARGET / 2.0;
    targets
        .iter()
        .filter(|t| small(t))
        .filter(|t| {
            targets.iter().any(|other| {
                let (a, b) = (t.centre(), other.centre());
                other.control != t.control
                    && (other.meets_circle(a, radius)
                        || (small(other) && (a.0 - b.0).hypot(a.1 - b.1) < MIN_TARGET))
            })
        })
        .map(|t| format!("{} is {:.1} × {:.1} px", t.name, t.width, t.height))
        .collect()
}

/// Map tiles, legend links, sort buttons, filter controls and every other
/// target on the statistics pages are at least 24 × 24 px at 320 and 390 px
/// wide, or spaced as WCAG 2.5.8 allows, measured from the laid-out boxes.
/// Links inside the prose are inline in sentences (exempt), and the trend's
/// bars take no pointer action: they are focusable for their names only.
pub async fn statistics_targets_are_at_least_24_px(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let mut failures = Vec::new();
    for width in [320, 390] {
        b.viewport(width, 800).await?;
        for path in STATISTICS_PAGES {
            explorer_at_rest(h, b, path).await?;
            let found = c
                .execute(
                    r#"const targets = [...document.querySelectorAll(
                           "main :is(a[href], button, select, input, summary, label[for], [tabindex]:not([tabindex='-1']))")]
                           .filter(t => !t.closest(".prose") && !t.matches(".bar"));
                       return targets.map(t => {
                           const r = t.getBoundingClientRect();
                           const text = (t.textContent.trim() || t.getAttribute("aria-label") || t.value || "").slice(0, 40);
                           const name = `<${t.localName}${t.className ? ` class="${t.className}"` : ""}${t.id ? ` id="${t.id}"` : ""}> "${text}"`;
                           const control = t.localName === "label" ? t.htmlFor : t.id || name;
                           return { name, control, x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
                       }).filter(t => t.width > 0 && t.height > 0);"#,
                    vec![],
                )
                .await
                .map_err(err("target boxes"))?;
            let targets: Vec<Target> =
                serde_json::from_value(found).map_err(err("target boxes"))?;
            ensure!(
                targets.iter().any(|t| t.name.contains("class=\"tile "))
                    && targets.iter().any(|t| t.name.contains("class=\"sort\""))
                    && targets.iter().any(|t| t.name.starts_with("<input")),
                "{path} at {width} px: the tiles, sort buttons or checkboxes were not found"
            );
            failures.extend(
                too_small(&targets)
                    .into_iter()
                    .map(|f| format!("{path} at {width} px: {f}")),
            );
        }
    }
    b.viewport(1280, 900).await?;
    ensure!(
        failures.is_empty(),
        "targets below 24 × 24 px without the spacing WCAG 2.5.8 allows:\n{}",
        failures.join("\n")
    );
    Ok(())
}

/// The colours of one graphical part and what lies behind it, as `#rrggbb`.
#[derive(Debug, serde::Deserialize)]
struct Pair {
    what: String,
    colour: String,
    behind: String,
}

/// WCAG 1.4.11's minimum for graphics and controls.
const MIN_NON_TEXT: f64 = 3.0;

/// The chart's bars, lines and key, the map's tiles, the borders of the
/// filter controls and the focus outline of every kind of control on the
/// statistics pages keep 3:1 against what lies behind them, in light and
/// dark mode, from the browser's computed styles.
pub async fn statistics_graphics_and_controls_keep_3_to_1(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme).await?;
        for path in STATISTICS_PAGES {
            explorer_at_rest(h, b, path).await?;
            // Keyboard use first, so that focus moved by script then shows
            // its outline as :focus-visible.
            press(c, fantoccini::key::Key::Tab).await?;
            let found = c
                .execute(COLOUR_PAIRS, vec![])
                .await
                .map_err(err("computed colours"))?;
            if let Some(error) = found["error"].as_str() {
                return Err(format!("{path} [{scheme}]: {error}"));
            }
            let pairs: Vec<Pair> =
                serde_json::from_value(found).map_err(err("computed colours"))?;
            ensure!(
                pairs.len() > 50,
                "{path} [{scheme}]: only {} colour pairs found",
                pairs.len()
            );
            for pair in pairs {
                let (Some(colour), Some(behind)) =
                    (Rgb::from_hex(&pair.colour), Rgb::from_hex(&pair.behind))
                else {
                    return Err(format!("{path} [{scheme}]: unreadable colours {pair:?}"));
                };
                let ratio = contrast(colour, behind);
                if ratio < MIN_NON_TEXT {
                    failures.push(format!(
                        "{path} [{scheme}] {}: {} on {} is {ratio:.2}:1",
                        pair.what, pair.colour, pair.behind
                    ));
                }
            }
        }
    }
    b.color_scheme("light").await?;
    ensure!(
        failures.is_empty(),
        "graphics and controls below 3:1:\n{}",
        failures.join("\n")
    );
    Ok(())
}

/// Reads, in the page, each graphical part's colour and the opaque colour
/// behind it (every background up the tree, painted in order), both turned
/// into `#rrggbb` by a canvas, which also resolves `color(srgb …)` from
/// `color-mix()`.
const COLOUR_PAIRS: &str = r##"
const canvas = document.createElement("canvas");
canvas.width = canvas.height = 1;
const ctx = canvas.getContext("2d", { willReadFrequently: true });
let unreadable = null;
const paint = colours => {
    ctx.clearRect(0, 0, 1, 1);
    for (const c of colours) {
        ctx.fillStyle = "#010203";
        ctx.fillStyle = c;
        if (ctx.fillStyle === "#010203" && c !== "rgb(1, 2, 3)") unreadable = c;
        ctx.fillRect(0, 0, 1, 1);
    }
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return "#" + [r, g, b].map(v => v.toString(16).padStart(2, "0")).join("");
};
const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.unshift(getComputedStyle(e).backgroundColor);
    return paint(layers);
};
const describe = el => `<${el.localName} class="${el.getAttribute("class") ?? ""}"> "${(el.textContent.trim() || el.getAttribute("aria-label") || "").slice(0, 30)}"`;
const pairs = [];
const add = (what, colour, under) => pairs.push({ what, colour: paint([behind(under), colour]), behind: behind(under) });
const all = css => [...document.querySelectorAll(css)];
for (const bar of all("[data-testid=trend] .bar:not(.bar--withheld)")) {
    const s = getComputedStyle(bar);
    add("bar " + describe(bar), s.fill === "none" ? s.stroke : s.fill, bar.closest("svg"));
}
for (const line of all(".average")) add("average line", getComputedStyle(line).stroke, line.closest("svg"));
for (const svg of all(".chart svg")) add("chart axis", getComputedStyle(svg).borderBottomColor, svg.parentElement);
for (const key of all(".key")) {
    const s = getComputedStyle(key);
    const colour = key.matches(".key--bar") ? s.backgroundColor : s.borderTopColor;
    add("legend key " + describe(key), colour, key.parentElement);
}
for (const tile of all(".tile")) add("tile border " + describe(tile), getComputedStyle(tile).borderTopColor, tile.closest(".tile-map"));
for (const control of all(".filters select, .filters input")) {
    add("border of " + describe(control) + (control.id ? "#" + control.id : ""), getComputedStyle(control).borderTopColor, control.parentElement);
}
for (const button of all(".filters button")) add("button " + describe(button), getComputedStyle(button).backgroundColor, button.parentElement);
const kinds = [".tile", "[data-testid=trend] .bar[tabindex='0']", ".filters select", ".filters input", ".filters summary",
    ".filters button", ".downloads a[href]", ".sort", ".as-table summary", "[data-testid=legend] a"];
for (const kind of kinds) {
    const el = document.querySelector(kind);
    if (!el) continue;
    el.focus();
    if (!el.matches(":focus-visible")) return { error: `${kind} shows no :focus-visible when focused after a key press` };
    const s = getComputedStyle(el);
    const svg = el instanceof SVGElement;
    if (!svg && s.outlineStyle === "none") return { error: `${kind} has no focus outline` };
    add("focus ring of " + describe(el), svg ? s.stroke : s.outlineColor, svg ? el.closest("svg") : el.parentElement);
}
document.activeElement.blur();
return unreadable ? { error: "the canvas cannot read " + unreadable } : pairs;
"##;

/// With JavaScript off, every page's footer links to the accessibility
/// statement in the page's language, and the link leads to it: its title,
/// and its sections (what was tested, known limits, reporting a problem,
/// the statement's date).
pub async fn accessibility_statement_is_linked_from_every_footer(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    for route in Route::all() {
        let lang = route.lang().unwrap_or(Lang::En);
        let file = h.root().join(route.file());
        let html = std::fs::read_to_string(&file).map_err(err(&file.display().to_string()))?;
        let footer = html.split("<footer").nth(1).unwrap_or_default();
        let statement = Route::Page(lang, Page::Accessibility).path();
        ensure!(
            footer.contains(&format!("href=\"{statement}\"")),
            "{}: the footer does not link to {statement}",
            route.path()
        );
    }
    for lang in Lang::ALL {
        for from in [
            Route::Page(lang, Page::Statistics),
            Route::NotFound(Some(lang)),
        ] {
            let url = h.url(&from.path());
            c.goto(&url).await.map_err(err(&url))?;
            click(c, "footer [data-testid=accessibility-link]").await?;
            let path = c
                .current_url()
                .await
                .map_err(err("current URL"))?
                .path()
                .to_owned();
            let statement = Route::Page(lang, Page::Accessibility).path();
            ensure!(
                path == statement,
                "{url}: the footer link led to {path}, expected {statement}"
            );
            let title = page_title(lang, Page::Accessibility);
            let h1 = text_of(c, "main h1").await?;
            ensure!(h1 == title, "{statement}: <h1> {h1:?}, expected {title:?}");
            let sections = c
                .execute(
                    "return document.querySelectorAll('main .prose h2').length",
                    vec![],
                )
                .await
                .map_err(err("sections"))?;
            ensure!(
                sections.as_u64() == Some(4),
                "{statement}: {sections} sections, expected 4 (tests, limits, reporting, date)"
            );
        }
    }
    Ok(())
}
