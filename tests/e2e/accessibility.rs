//! Accessibility: axe on every route and widget in light and dark mode, no
//! sideways scrolling, a visible keyboard focus.

use crate::support::page::{ensure, err, wait_ready, Outcome};
use crate::support::site::served_export;
use crate::support::{Browser, Harness};
use portal::model::embed::WidgetView;
use portal::model::route::Widget;
use portal::model::{Lang, Route};

/// axe-core finds no violations on any route, in light and in dark mode.
pub async fn axe_finds_no_violations(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let axe = std::fs::read_to_string("node_modules/axe-core/axe.min.js")
        .map_err(err("node_modules/axe-core/axe.min.js (run make test)"))?;
    // Every route and widget, and the narrowed views where colours and
    // symbols vary most: every English map view (all five shades of tile),
    // and a region's sparse figures in the other data widgets.
    let export = served_export(h)?;
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
        .collect();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme).await?;
        for (path, portal_page) in &paths {
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
            let excess = c
                .execute(
                    "const d = document.documentElement; return d.scrollWidth - d.clientWidth",
                    vec![],
                )
                .await
                .map_err(err("scrollWidth"))?;
            if excess.as_i64() != Some(0) {
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
        c.active_element()
            .await
            .map_err(err("active element"))?
            .send_keys(&char::from(fantoccini::key::Key::Tab).to_string())
            .await
            .map_err(err("Tab"))?;
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
