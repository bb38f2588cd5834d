//! The releases page and the release feeds, against the model's revision
//! summaries of the archive the site was built with.

use crate::support::page::{ensure, err, Outcome};
use crate::support::site::served_archive;
use crate::support::{Browser, Harness};
use portal::components::{revision_in_words, LARGEST_REVISIONS};
use portal::model::digest::sha256_hex;
use portal::model::revision::Revision;
use portal::model::route::feed_path;
use portal::model::{Lang, Page, Route};

/// The releases page without JavaScript, in every language: every release
/// of the archive, newest first, with its fingerprint, a link to its
/// figures on the statistics page, files that answer with the bytes the
/// page fingerprints, and what changed since the one
/// before in the very words and numbers the model gives; the revisions
/// list gives the largest revisions and the corrected figures, with
/// withheld counts as the symbol, and each correction links to its rows
/// and they to it.
pub async fn releases_page_shows_the_series_as_the_model_summarises_it(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    let archive = served_archive(h)?;
    for lang in Lang::ALL {
        let url = h.url(&Route::Page(lang, Page::Releases).path());
        c.goto(&url).await.map_err(err(&url))?;
        let shown = c
            .execute(
                r#"return [...document.querySelectorAll("section.release")].map(s => ({
                        id: s.id,
                        hash: s.querySelector(".release-facts .release__hash").textContent,
                        explore: s.querySelector("[data-testid=release-explore]")?.getAttribute("href") ?? null,
                        files: [...s.querySelectorAll(".release__files li")].map(li =>
                            [li.querySelector("a").getAttribute("href"), li.querySelector("code").textContent]),
                        lines: [...s.querySelectorAll(".revision__lines li")].map(li => li.textContent),
                        rows: [...s.querySelectorAll(".revisions li")].map(li => ({
                            id: li.id,
                            counts: [...li.querySelectorAll(".count")].map(x => [x.textContent, x.className]),
                            link: li.querySelector("a") && li.querySelector("a").getAttribute("href"),
                        })),
                        corrections: [...s.querySelectorAll(".correction")].map(x => ({
                            id: x.id,
                            figures: [...x.querySelectorAll("dd a")].map(a => a.getAttribute("href")),
                        })),
                    }));"#,
                vec![],
            )
            .await
            .map_err(err("releases"))?;
        let shown = shown.as_array().cloned().unwrap_or_default();
        ensure!(
            shown.len() == archive.len(),
            "{url}: {} releases shown, the archive has {}",
            shown.len(),
            archive.len()
        );
        for (n, section) in shown.iter().enumerate() {
            let i = archive.len() - 1 - n;
            let (release, export) = &archive[i];
            let id = &release.release_id;
            ensure!(
                section["id"] == id.as_str(),
                "{url}: release {n} is {}, expected {id}",
                section["id"]
            );
            ensure!(
                section["hash"] == release.sha256.as_str(),
                "{url} {id}: fingerprint {}",
                section["hash"]
            );
            let explore = format!(
                "{}?release={id}",
                Route::Page(lang, Page::Statistics).path()
            );
            ensure!(
                section["explore"] == explore.as_str()
                    && h.get(&h.url(&explore), &[]).status == 200,
                "{url} {id}: the link to its figures is {}, not {explore} answering 200",
                section["explore"]
            );
            for file in section["files"].as_array().into_iter().flatten() {
                let href = file[0].as_str().unwrap_or_default();
                let body = h.get(&h.url(href), &[]).body;
                ensure!(
                    file[1] == sha256_hex(body.as_bytes()).as_str(),
                    "{url} {id}: {href} does not have the SHA-256 shown"
                );
            }
            ensure!(
                section["files"].as_array().map(Vec::len) == Some(release.files.len()),
                "{url} {id}: files {}",
                section["files"]
            );
            let Some((_, before)) = i.checked_sub(1).map(|p| &archive[p]) else {
                ensure!(
                    section["lines"].as_array().is_some_and(Vec::is_empty),
                    "{url} {id}: the first release has changes"
                );
                continue;
            };
            let revision = Revision::between(before, export);
            let expected = revision_in_words(lang, &revision);
            ensure!(
                section["lines"] == serde_json::json!(expected),
                "{url} {id}: shown {}, the model says {expected:?}",
                section["lines"]
            );
            let rows = section["rows"].as_array().cloned().unwrap_or_default();
            let corrected = section["corrections"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["figures"].as_array().cloned().unwrap_or_default())
                .count();
            let largest = revision.largest(LARGEST_REVISIONS);
            ensure!(
                rows.len() >= largest.len() && rows.len() <= largest.len() + corrected,
                "{url} {id}: {} rows for {} revisions and {corrected} corrected figures",
                rows.len(),
                largest.len()
            );
            for (row, change) in rows.iter().zip(&largest) {
                let want = [change.before, change.after].map(|count| match count {
                    portal::model::count::Count::Value(n) => {
                        portal::model::format::number(u64::from(n), lang)
                    }
                    portal::model::count::Count::Suppressed => "x".to_owned(),
                });
                ensure!(
                    row["counts"][0][0] == want[0].as_str()
                        && row["counts"][1][0] == want[1].as_str(),
                    "{url} {id}: row {} shows {}, expected {want:?}",
                    row["id"],
                    row["counts"]
                );
            }
            for row in &rows {
                for count in row["counts"].as_array().into_iter().flatten() {
                    ensure!(
                        count[0] != "x"
                            || count[1]
                                .as_str()
                                .is_some_and(|c| c.contains("count--withheld")),
                        "{url} {id}: a withheld count not marked as such: {count}"
                    );
                }
            }
            for correction in section["corrections"].as_array().into_iter().flatten() {
                let anchor = correction["id"].as_str().unwrap_or_default();
                for figure in correction["figures"].as_array().into_iter().flatten() {
                    let target = figure.as_str().unwrap_or_default().trim_start_matches('#');
                    let row = rows.iter().find(|r| r["id"] == target);
                    ensure!(
                        row.is_some_and(|r| r["link"] == format!("#{anchor}").as_str()),
                        "{url} {id}: correction {anchor} names row {target}, which does not link back"
                    );
                }
            }
        }
        let corrections = shown
            .iter()
            .flat_map(|s| s["corrections"].as_array().cloned().unwrap_or_default())
            .count();
        ensure!(corrections > 0, "{url}: the sample correction is not shown");
    }
    Ok(())
}

/// Every language's feed: served as Atom, read back by a feed parser, one
/// entry per release and correction; every link in it (pointed at this
/// server instead of the public origin the site was built for) answers 200,
/// and a link to a part of the releases page lands on an element with that
/// id. Every page names the feed of its language in its head.
pub async fn release_feeds_parse_and_their_links_answer(h: &Harness, _: &Browser) -> Outcome {
    let archive = served_archive(h)?;
    for lang in Lang::ALL {
        let url = h.url(&feed_path(lang));
        let response = h.get(&url, &[]);
        ensure!(response.status == 200, "{url}: HTTP {}", response.status);
        let kind = response.header("content-type");
        ensure!(
            kind.starts_with("application/atom+xml"),
            "{url}: served as {kind}"
        );
        let feed: atom_syndication::Feed = response.body.parse().map_err(err(&url))?;
        let built_for = feed
            .id()
            .split(&format!("/{lang}/"))
            .next()
            .unwrap_or_default()
            .to_owned();
        let corrections = feed
            .entries()
            .iter()
            .filter(|e| e.id().contains("#correction-"))
            .count();
        ensure!(
            feed.entries().len() == archive.len() + corrections && corrections > 0,
            "{url}: {} entries for {} releases and {corrections} corrections",
            feed.entries().len(),
            archive.len()
        );
        let links = feed
            .links()
            .iter()
            .chain(feed.entries().iter().flat_map(|e| e.links()));
        for link in links {
            let here = link.href().replace(&built_for, &h.base);
            let (page, fragment) = here.split_once('#').unwrap_or((&here, ""));
            let response = h.get(page, &[]);
            ensure!(
                response.status == 200,
                "{url}: link {here} answers HTTP {}",
                response.status
            );
            ensure!(
                fragment.is_empty() || response.body.contains(&format!(" id=\"{fragment}\"")),
                "{url}: {here} has no element with id {fragment}"
            );
        }
    }
    for route in Route::all() {
        let page = h.get(&h.url(&route.path()), &[]).body;
        let head = page.split("</head>").next().unwrap_or_default();
        let lang = route.lang().unwrap_or(Lang::En);
        let feed = format!("{}\"", feed_path(lang));
        ensure!(
            head.matches("type=\"application/atom+xml\"").count() == 1 && head.contains(&feed),
            "{}: no single feed link to {} in its head",
            route.path(),
            feed_path(lang)
        );
    }
    Ok(())
}

/// The walk-through's last step, as a journalist takes it: the newest
/// release's `export.csv`, `SHA256SUMS` and `SHA256SUMS.minisig`,
/// downloaded through the releases page's links, checked in a folder of
/// their own with the commands the methodology page prints, as printed:
/// minisign verifies the list with the published key, sha256sum finds the
/// CSV in it, and finds a copy with one byte changed wrong.
pub async fn a_downloaded_csv_verifies_offline_with_the_published_key(
    h: &Harness,
    b: &Browser,
) -> Outcome {
    let c = &b.client;
    let url = h.url(&Route::Page(Lang::En, Page::Releases).path());
    c.goto(&url).await.map_err(err(&url))?;
    let links = c
        .execute(
            r#"const newest = document.querySelector("section.release");
               return [...newest.querySelectorAll(".release__files a, .release__signature a")]
                   .map(a => [a.textContent, a.getAttribute("href")]);"#,
            vec![],
        )
        .await
        .map_err(err("the newest release's files"))?;
    let links: Vec<(String, String)> = serde_json::from_value(links).map_err(err(&url))?;
    let dir = tempfile::tempdir().map_err(err("a folder"))?;
    for file in ["export.csv", "SHA256SUMS", "SHA256SUMS.minisig"] {
        let (_, href) = links
            .iter()
            .find(|(name, _)| name == file)
            .ok_or(format!("{url}: no link to the newest release's {file}"))?;
        let response = h.get(&h.url(href), &[]);
        ensure!(response.status == 200, "{href}: HTTP {}", response.status);
        std::fs::write(dir.path().join(file), response.body).map_err(err(file))?;
    }
    let url = h.url(&Route::Page(Lang::En, Page::Methodology).path());
    c.goto(&url).await.map_err(err(&url))?;
    let commands = c
        .execute(
            "return [...document.querySelectorAll('section[aria-labelledby=verify] ol pre.command')].map(p => p.textContent)",
            vec![],
        )
        .await
        .map_err(err("the commands"))?;
    let commands: Vec<String> = serde_json::from_value(commands).map_err(err(&url))?;
    let command = |start: &str| {
        commands
            .iter()
            .find(|c| c.starts_with(start))
            .cloned()
            .ok_or(format!("{url}: no command {start}…: {commands:?}"))
    };
    let (signature, sums) = (command("minisign ")?, command("sha256sum ")?);
    let run = |command: &str| {
        std::process::Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path())
            .output()
            .map(|out| {
                let said = String::from_utf8_lossy(&out.stdout).into_owned()
                    + &String::from_utf8_lossy(&out.stderr);
                (out.status.success(), said)
            })
            .map_err(err(command))
    };
    if std::process::Command::new("minisign")
        .arg("-v")
        .output()
        .is_err()
    {
        ensure!(
            std::env::var_os("CI").is_none(),
            "minisign is missing: scripts/install-tools.sh test installs it"
        );
        eprintln!("minisign is not installed: the signature is not checked");
    } else {
        let (ok, said) = run(&signature)?;
        ensure!(
            ok && said.contains("Signature and comment signature verified"),
            "{signature}: {said}"
        );
    }
    let (ok, said) = run(&sums)?;
    ensure!(ok && said.trim() == "export.csv: OK", "{sums}: {said}");
    let csv = dir.path().join("export.csv");
    let mut bytes = std::fs::read(&csv).map_err(err("export.csv"))?;
    let last = bytes.len().checked_sub(2).ok_or("an empty export.csv")?;
    bytes[last] ^= 1;
    std::fs::write(&csv, bytes).map_err(err("export.csv"))?;
    let (ok, said) = run(&sums)?;
    ensure!(
        !ok && said.contains("export.csv: FAILED"),
        "{sums}, one byte changed: {said}"
    );
    Ok(())
}
