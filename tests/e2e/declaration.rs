//! The declaration and the pillar map: citable, verifiable text in every
//! language, the pillars' links and figures, and hostile Markdown made inert.

use crate::support;
use crate::support::page::{ensure, err, sideways_excess, text_of, wait_ready, Outcome};
use crate::support::site::{figure_text, served_export};
use crate::support::{Browser, Harness};
use fantoccini::Locator;
use portal::model::{Lang, Page, Route};

/// The reader without JavaScript: in every language each provision has its
/// anchor, a citation with its permalink, and a fingerprint that is the
/// SHA-256 of the text the page shows; disputed provisions carry their
/// sources; the side-by-side page pairs the two languages by provision.
pub async fn declaration_is_citable_and_verifiable(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    for lang in Lang::ALL {
        let path = Route::Page(lang, Page::Declaration).path();
        let url = h.url(&path);
        c.goto(&url).await.map_err(err(&url))?;
        let provisions = c
            .execute(
                r#"return [...document.querySelectorAll("section.provision")].map(s => ({
                    id: s.id,
                    text: s.querySelector(".prose").textContent.split(/\s+/).filter(Boolean).join(" "),
                    short: s.querySelector("[data-testid=fingerprint]").textContent,
                    full: s.querySelector("[data-testid=sha256]").textContent,
                    citation: s.querySelector("[data-testid=citation]").textContent,
                    disputes: s.querySelectorAll(".dispute li cite").length,
                }))"#,
                vec![],
            )
            .await
            .map_err(err("provisions"))?;
        let provisions = provisions.as_array().cloned().unwrap_or_default();
        let ids: Vec<&str> = provisions.iter().filter_map(|p| p["id"].as_str()).collect();
        ensure!(
            ids == ["p1", "p2", "p3", "g1", "c1", "c2", "c3", "c4", "c5", "cell", "end"],
            "{url}: provisions {ids:?}"
        );
        for p in &provisions {
            let (id, text) = (
                p["id"].as_str().unwrap_or(""),
                p["text"].as_str().unwrap_or(""),
            );
            let full = p["full"].as_str().unwrap_or("");
            ensure!(
                full == portal::model::digest::sha256_hex(text.as_bytes()),
                "{url}#{id}: fingerprint {full} is not the SHA-256 of the shown text {text:?}"
            );
            ensure!(
                p["short"].as_str() == Some(&full[..12]),
                "{url}#{id}: short fingerprint"
            );
            let citation = p["citation"].as_str().unwrap_or("");
            ensure!(
                citation.contains(&format!("{path}#{id}")) && citation.ends_with(full),
                "{url}#{id}: citation {citation:?}"
            );
        }
        let sources_beside = |id: &str| {
            provisions
                .iter()
                .find(|p| p["id"] == id)
                .and_then(|p| p["disputes"].as_u64())
                .unwrap_or(0)
        };
        for (id, at_least) in [("p1", 1), ("c1", 2), ("c3", 2), ("end", 2)] {
            ensure!(
                sources_beside(id) >= at_least,
                "{url}#{id}: {} sources beside the disputed wording, expected {at_least}",
                sources_beside(id)
            );
        }
        let status = text_of(c, "[data-testid=text-status]").await?;
        ensure!(!status.is_empty(), "{url}: no status label");
        let diff = text_of(c, ".versions del").await?;
        ensure!(
            !diff.is_empty(),
            "{url}: no draft-to-final difference shown"
        );
    }
    let url = h.url(&Route::Compare(Lang::En, Lang::Uk).path());
    c.goto(&url).await.map_err(err(&url))?;
    let pairs = c
        .execute(
            r#"return [...document.querySelectorAll("section.pair[id]")].map(s =>
                [...s.querySelectorAll(".pair__col")].map(col => col.lang).join("/"))"#,
            vec![],
        )
        .await
        .map_err(err("pairs"))?;
    let pairs = pairs.as_array().cloned().unwrap_or_default();
    ensure!(
        pairs.len() == 11 && pairs.iter().all(|p| p == "en/uk"),
        "{url}: pairs {pairs:?}"
    );
    Ok(())
}

/// The pillar map without JavaScript, in every language: three pillars and
/// five components, every link to a provision landing on one, and the
/// monitoring pillar with the release's totals, labelled sample data; the
/// methodology states the release's k as the export has it.
pub async fn pillars_show_both_structures_and_the_figures(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let export = served_export(h)?;
    let lang = Lang::En;
    let expected: Vec<String> = export
        .headline()
        .funnel
        .iter()
        .map(|&total| figure_text(total, lang))
        .collect();
    for lang in Lang::ALL {
        let url = h.url(&Route::Page(lang, Page::Pillars).path());
        c.goto(&url).await.map_err(err(&url))?;
        let found = c
            .execute(
                r##"return {
                    pillars: document.querySelectorAll(".pillar").length,
                    components: document.querySelectorAll(".component").length,
                    targets: [...document.querySelectorAll("main a[href*='/declaration/#']")].map(a => a.hash.slice(1)),
                    figures: [...document.querySelectorAll("#pillar-monitoring [data-testid=headline] dd:not(.figure__cite)")].map(d => d.textContent),
                    sample: !!document.querySelector("#pillar-monitoring .sample-label"),
                }"##,
                vec![],
            )
            .await
            .map_err(err("pillars"))?;
        ensure!(
            found["pillars"] == 3 && found["components"] == 5,
            "{url}: {found}"
        );
        let targets: Vec<String> = found["targets"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        ensure!(targets.len() >= 8, "{url}: provision links {targets:?}");
        let reader = h.url(&Route::Page(lang, Page::Declaration).path());
        c.goto(&reader).await.map_err(err(&reader))?;
        for id in &targets {
            ensure!(
                c.find(Locator::Css(&format!("section.provision#{id}")))
                    .await
                    .is_ok(),
                "{url}: link to #{id}, which the reader lacks"
            );
        }
        if lang == Lang::En {
            let figures: Vec<String> = found["figures"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            ensure!(
                figures == expected,
                "{url}: figures {figures:?}, expected {expected:?}"
            );
        }
        ensure!(
            found["sample"] == true,
            "{url}: the figures are not labelled sample data"
        );
    }
    Ok(())
}

/// A hostile Markdown file through the real prerender step. Raw HTML
/// (scripts, event handlers, styles, frames, an image that would still be
/// fetched once sanitised) stops the build, naming the file and line. What
/// Markdown itself can express (event handlers and styles as heading
/// attributes, `javascript:` and `data:` links) and a 400-character word,
/// recorded as a new version of the text, are built: in Chromium nothing
/// of it runs or remains, and neither the reader nor the side-by-side pages
/// scroll sideways at 320 or 390 px.
pub async fn hostile_markdown_is_inert(h: &Harness, b: &Browser) -> Outcome {
    let c = &b.client;
    let work = tempfile::tempdir().map_err(err("temp dir"))?;
    let content = work.path().join("content");
    support::copy_dir(std::path::Path::new("content"), &content);
    let english = content.join("declaration/final/en.md");
    let shipped = std::fs::read_to_string(&english).map_err(err("en.md"))?;
    let front_end = shipped.find("\n+++\n").ok_or("no front matter")? + 5;
    let rest = &shipped[shipped.find("## A just").ok_or("no p2")?..];
    let dist = work.path().join("dist");
    support::copy_dir(&h.root().join("data"), &dist.join("data"));
    let prerender = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_prerender"))
            .arg(&dist)
            .args(["--content"])
            .arg(&content)
            .args(["--template", "target/index.template.html", "--local"])
            .args(["--cards-cache", "target"])
            .output()
            .map_err(err("prerender"))
    };
    let raw = [
        "## <script>window.__pwned = 1</script> The meeting {#p1}",
        "<script>window.__pwned = 3</script>",
        "<img src=x onerror=\"window.__pwned = 4\">",
        "<svg onload=\"window.__pwned = 5\"></svg>",
        "<p style=\"position:fixed;inset:0\">covered</p>",
        "<iframe src=\"https://example.org/\"></iframe><object data=x></object>",
        "<a href=\"#\" onmouseover=\"window.__pwned=9\">hover</a>",
    ];
    let head = &shipped[..front_end];
    for html in raw {
        let (body, line) = match html.starts_with("## ") {
            true => (html.to_owned(), head.lines().count() + 2),
            false => (
                format!("## The meeting {{#p1}}\n\n{html}"),
                head.lines().count() + 4,
            ),
        };
        std::fs::write(&english, format!("{head}\n{body}\n\n{rest}"))
            .map_err(err("write hostile en.md"))?;
        let out = prerender()?;
        let log = String::from_utf8_lossy(&out.stderr);
        ensure!(
            !out.status.success()
                && log.contains(&format!("declaration/final/en.md:{line}: raw HTML")),
            "raw HTML {html:?} was not refused at line {line}: {log}"
        );
    }
    let hostile = [
        "## The meeting {#p1 onclick=\"window.__pwned=2\" style=\"position:fixed;inset:0\"}",
        "covered",
        "[a](javascript:window.__pwned=6) [b](data:text/html,<script>alert(7)</script>) [c](JaVaScRiPt:alert(8))",
        &"A".repeat(400),
    ]
    .join("\n\n");
    std::fs::write(&english, format!("{head}\n{hostile}\n\n{rest}"))
        .map_err(err("write hostile en.md"))?;
    // An edited text is a new version, recorded as an editor would.
    let declaration = portal::content::declaration::load(&content).map_err(err("load"))?;
    let versions = portal::content::declaration::versions_path(&content);
    let mut list = std::fs::read_to_string(&versions).map_err(err("versions.toml"))?;
    list.push('\n');
    list.push_str(&portal::content::declaration::version_entry(
        &declaration,
        "2099-01-01",
        "Hostile test text",
    ));
    std::fs::write(&versions, list).map_err(err("versions.toml"))?;
    let out = prerender()?;
    ensure!(
        out.status.success(),
        "prerender failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = [
        "en/declaration/index.html",
        "en/declaration/compare/uk/index.html",
        "de/declaration/compare/en/index.html",
    ];
    let mut replaced = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(dist.join(page)).map_err(err(page))?;
        replaced.push(h.replace(page, &text));
    }
    b.take_logs().await?;
    let mut overflowing = Vec::new();
    for width in [320, 390] {
        b.viewport(width, 800).await?;
        for page in pages {
            let url = h.url(&format!("/{}", page.trim_end_matches("index.html")));
            c.goto(&url).await.map_err(err(&url))?;
            let excess = sideways_excess(c).await?;
            if excess > 0 {
                overflowing.push(format!("{url} at {width} px: {excess} px too wide"));
            }
        }
    }
    let url = h.url("/en/declaration/");
    c.goto(&url).await.map_err(err(&url))?;
    wait_ready(c).await?;
    c.execute(
        "document.querySelector('#p1 h2')?.dispatchEvent(new MouseEvent('click'))",
        vec![],
    )
    .await
    .map_err(err("click"))?;
    let found = c
        .execute(
            r#"const main = document.querySelector("main");
            return {
                pwned: window.__pwned === undefined ? null : window.__pwned,
                handlers: [...main.querySelectorAll("*")].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith("on")),
                styled: main.querySelectorAll("[style]").length,
                dangerous: main.querySelectorAll("script, iframe, object, embed, svg, img").length,
                links: [...main.querySelectorAll("a[href]")].map(a => a.getAttribute("href")).filter(h => /^\s*(javascript|data):/i.test(h)),
                kept: main.textContent.includes("covered") && main.textContent.includes("A".repeat(400)),
            }"#,
            vec![],
        )
        .await
        .map_err(err("inspect"))?;
    b.viewport(1280, 900).await?;
    drop(replaced);
    ensure!(found["pwned"].is_null(), "hostile script ran: {found}");
    ensure!(
        found["handlers"].as_array().is_some_and(Vec::is_empty)
            && found["styled"] == 0
            && found["dangerous"] == 0
            && found["links"].as_array().is_some_and(Vec::is_empty),
        "hostile markup survived: {found}"
    );
    ensure!(
        overflowing.is_empty(),
        "a long word scrolls the page sideways: {}",
        overflowing.join("; ")
    );
    ensure!(
        found["kept"] == true,
        "the text around the markup was lost: {found}"
    );
    let logs = b.take_logs().await?;
    ensure!(logs.is_empty(), "console: {logs:?}");
    Ok(())
}
