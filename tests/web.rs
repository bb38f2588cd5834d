//! Component tests in a real headless Chromium (wasm-bindgen-test): the
//! error notice as the browser parses it, and the statistics explorer
//! mounted into a scratch element around the parts its page gives it,
//! written by the page's own component and found through the page's
//! contract with the island.
//! Run with `cargo test --target wasm32-unknown-unknown --features hydrate --test web`.

#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking, its helpers too"
)]

use leptos::prelude::*;
use portal::api::{ApiError, EXPORT_URL};
use portal::components::explorer_contract::{
    field, ExplorerPage, Hook, CANONICAL, EXPLORER, FIGURES, FILTERS, LATER, RETRY, STATUS, VIEW,
};
use portal::components::{report_html, Cite, Html, Labels};
use portal::islands::statistics_explorer::status::error_notice;
use portal::islands::StatisticsExplorer;
use portal::locale::Texts;
use portal::model::digest::sha256_hex;
use portal::model::export::Export;
use portal::model::query::Query;
use portal::model::{Lang, Release};
use portal::pages::{ExplorerParts, Statistics};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The sample release the portal ships.
const SHIPPED: &str = include_str!("../public/data/export.json");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn scratch() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn find(root: &web_sys::Element, css: &str) -> Option<web_sys::Element> {
    root.query_selector(css).unwrap()
}

/// The selector of what `css` selects inside the part `hook`.
fn inside(hook: Hook, css: &str) -> String {
    format!("{} {css}", hook.selector)
}

fn text(root: &web_sys::Element, css: &str) -> String {
    find(root, css)
        .unwrap_or_else(|| panic!("no {css}"))
        .text_content()
        .unwrap_or_default()
}

/// Runs `body` as JavaScript with `args` bound to `names`.
fn js(names: &str, body: &str, args: &[JsValue]) -> JsValue {
    let f = js_sys::Function::new_with_args(names, body);
    let args: js_sys::Array = args.iter().collect();
    f.apply(&JsValue::NULL, &args).expect(body)
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to five seconds for `ready`.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..50 {
        if ready() {
            return;
        }
        sleep(100).await;
    }
    panic!("timed out waiting for {what}");
}

/// `error_notice`'s HTML, parsed by the browser into a scratch element.
fn notice(lang: Lang, error: &ApiError) -> web_sys::Element {
    let mut h = Html::new();
    error_notice(&mut h, &Texts::new(lang), error);
    let root = scratch();
    root.set_inner_html(&h.finish());
    find(&root, "[data-testid=load-error]").expect("the error view")
}

// Every way a load can fail is told apart, in the page's language, with the
// technical detail in English and a "Try again" button: the answers are
// made by a stub of the browser's fetch, the rest is the real explorer.
#[wasm_bindgen_test]
async fn each_failed_load_is_explained_with_a_retry_button() {
    let cases = [
        (
            "Promise.resolve(new Response('<!doctype html><p>Maintenance', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }))",
            "Le serveur a envoyé une page web au lieu du fichier de données.",
            "the server sent a web page (HTML) instead of the data file",
        ),
        (
            "Promise.resolve(new Response('<html><p>Maintenance', { status: 200, headers: { 'content-type': 'application/json' } }))",
            "Le serveur a envoyé une page web au lieu du fichier de données.",
            "the server sent a web page (HTML) instead of the data file",
        ),
        (
            "Promise.resolve(new Response('Bad gateway', { status: 502 }))",
            "Le serveur n’a pas pu fournir les données pour l’instant.",
            "the server answered HTTP 502",
        ),
        (
            "Promise.reject(new DOMException('signal timed out', 'TimeoutError'))",
            "Les données ont mis trop de temps à arriver.",
            "no complete answer within 20 seconds",
        ),
        (
            "Promise.reject(new TypeError('Failed to fetch'))",
            "Les données n’ont pas pu être chargées. Vérifiez votre connexion",
            "could not be loaded: TypeError: Failed to fetch",
        ),
        (
            "Promise.resolve(new Response('', { status: 404 }))",
            "Le fichier de données est introuvable.",
            "was not found (HTTP 404)",
        ),
    ];
    for (answer, message, detail) in cases {
        let _stub = StubbedExport::answer(answer);
        let (root, _mounted) = mount_explorer(Lang::Fr, release("r-1", "2026-01-05"), None);
        until(detail, || find(&root, "[data-testid=load-error]").is_some()).await;
        let notice = find(&root, &inside(STATUS, "[data-testid=load-error]")).unwrap();
        assert_eq!(
            notice.get_attribute("role"),
            None,
            "the status box announces it"
        );
        let said = notice.text_content().unwrap();
        assert!(said.starts_with(message), "{said:?}");
        let technical = find(&notice, ".notice__detail [lang=en]").expect("the detail");
        assert!(
            technical.text_content().unwrap().contains(detail),
            "{said:?}"
        );
        assert!(said.contains("Détail technique (en anglais)"), "{said:?}");
        let buttons = notice.query_selector_all("button").unwrap();
        assert_eq!(buttons.length(), 1, "{said:?}: one button");
        let retry = find(
            &notice,
            &format!("button{}[data-testid=retry]", RETRY.selector),
        )
        .expect("Try again");
        assert_eq!(retry.text_content().as_deref(), Some("Réessayer"));
        assert_eq!(
            retry.get_attribute("type").as_deref(),
            Some("button"),
            "a retry must not submit the filter form it may sit in"
        );
    }
}

// A file the server announces as larger than the limit is refused unread.
#[wasm_bindgen_test]
async fn a_file_announced_as_too_large_is_refused_unread() {
    let _stub = StubbedExport::answer(
        "Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json', 'content-length': '999999999' } }))",
    );
    let (root, _mounted) = mount_explorer(Lang::En, release("r-1", "2026-01-05"), None);
    until("the error view", || {
        find(&root, "[data-testid=load-error]").is_some()
    })
    .await;
    let said = text(&root, "[data-testid=load-error]");
    assert!(
        said.starts_with("The data file is not valid")
            && said.contains(
                "the file has at least 999999999 bytes, more than the 16777216 bytes allowed"
            ),
        "{said:?}"
    );
    assert!(find(&root, "[data-testid=retry]").is_none());
}

#[wasm_bindgen_test]
fn invalid_data_is_explained_without_a_retry() {
    let error = ApiError::Invalid {
        url: EXPORT_URL.into(),
        error: portal::model::DataError::UnsupportedVersion {
            found: 2,
            supported: 1,
        },
    };
    let notice = notice(Lang::Uk, &error);
    let said = notice.text_content().unwrap();
    assert!(said.contains("Файл даних недійсний"), "{said:?}");
    assert!(said.contains("schema_version 2"), "{said:?}");
    assert!(find(&notice, "button").is_none(), "retrying cannot help");
}

/// The parts the statistics page puts inside the explorer, as the
/// prerender writes them ([`ExplorerParts`]), for a page built from
/// `built` with the shipped sample's figures of the whole release.
fn page_parts(lang: Lang, built: Release, region: Option<&str>) -> String {
    let export = Export::parse(SHIPPED).unwrap();
    let query = Query::default();
    let statistics = Statistics {
        release: built,
        region: region.map(|code| (code.to_owned(), code.to_owned())),
        report: export.report(&query.resolve(&export)),
        labels: Labels::new(&export, lang),
        k: export.release.k,
        weeks: export.weeks().map(|w| w.to_string()).collect(),
        dataset: String::new(),
        cite: Cite::new(&export, &query, String::new(), Some(sha256_hex)),
        images: Vec::new(),
    };
    view! { <ExplorerParts lang=lang statistics=statistics/> }.to_html()
}

/// Whether the figures the page was prerendered with stand, not drawn
/// anew by the explorer: [`mount_explorer`] marks them
/// (`data-test-prerendered`).
fn prerendered_stand(root: &web_sys::Element) -> bool {
    find(root, &inside(FIGURES, "> [data-test-prerendered]")).is_some()
}

/// Mounts the explorer in the reactive root that the portal's wasm sets up
/// on start (islands need its shared context). Built in the browser, an
/// island leaves out its children (on a page they are the prerendered
/// HTML it hydrates around), so the page's boxes are put into its element
/// here, before its effects first run.
fn mount_explorer(
    lang: Lang,
    built: Release,
    region: Option<&str>,
) -> (web_sys::Element, impl Drop) {
    thread_local!(static STARTED: () = portal::start());
    STARTED.with(|_| ());
    // The explorer reads the page's contract from the document: the one of
    // an earlier test must not be found first.
    let earlier = document().query_selector_all(EXPLORER.selector).unwrap();
    for i in 0..earlier.length() {
        let el: web_sys::Element = earlier.item(i).unwrap().unchecked_into();
        el.remove_attribute(EXPLORER.name).unwrap();
    }
    let root = scratch();
    let parts = page_parts(lang, built.clone(), region);
    let page = ExplorerPage {
        texts: Texts::new(lang),
        built_id: built.release_id,
        built_at: built.generated_at,
        region: region.map(str::to_owned),
    };
    root.set_attribute(EXPLORER.name, &page.to_json()).unwrap();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <StatisticsExplorer>""</StatisticsExplorer> }
    });
    let island = root.first_element_child().expect("the explorer's element");
    island.set_inner_html(&parts);
    find(&root, FIGURES.selector)
        .and_then(|figures| figures.first_element_child())
        .expect("the prerendered figures")
        .set_attribute("data-test-prerendered", "")
        .unwrap();
    (root.into(), mounted)
}

/// A release generated on `day`, with data up to that day.
fn release(id: &str, day: &str) -> Release {
    Release::parse(&format!(
        r#"{{"schema_version":1,"release_id":"{id}","generated_at":"{day}T06:00:00Z","data_as_of":"{day}","sample":true}}"#,
    ))
    .unwrap()
}

/// How often the page has requested the export from the server.
fn export_fetches() -> u32 {
    js(
        "url",
        "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === url).length",
        &[EXPORT_URL.into()],
    )
    .as_f64()
    .unwrap() as u32
}

/// Answers requests for the export with `body` (every other request goes
/// to the server) until dropped.
struct StubbedExport;

impl StubbedExport {
    fn serve(body: &str) -> StubbedExport {
        js("body", "window.__exportBody = body", &[body.into()]);
        StubbedExport::answer(
            "Promise.resolve(new Response(window.__exportBody, { status: 200, headers: { 'content-type': 'application/json' } }))",
        )
    }

    /// Answers with the promise the JavaScript expression `answer` makes.
    fn answer(answer: &str) -> StubbedExport {
        js(
            "url",
            &format!(
                "window.__realFetch ??= window.fetch;
                 window.fetch = (input, init) => {{
                     const asked = new URL(typeof input === 'string' ? input : input.url, location.href);
                     if (asked.pathname !== url) return window.__realFetch(input, init);
                     return {answer};
                 }};"
            ),
            &[EXPORT_URL.into()],
        );
        StubbedExport
    }
}

impl Drop for StubbedExport {
    fn drop(&mut self) {
        js("", "window.fetch = window.__realFetch", &[]);
    }
}

// The test runner's server has no /data/export.json (and no release
// manifest, so the explorer asks for the export at once): the explorer's
// check must end in the error view (not spin or stay silent), the
// prerendered figures must stand, and "Try again" must fetch again.
#[wasm_bindgen_test]
async fn the_explorer_reports_an_export_the_server_lacks_and_tries_again() {
    let built = release("r-1", "2026-01-05");
    let before = export_fetches();
    let (root, _mounted) = mount_explorer(Lang::De, built, None);
    until("the error view", || {
        find(&root, &inside(STATUS, "[data-testid=load-error]")).is_some()
    })
    .await;
    let said = text(&root, "[data-testid=load-error]");
    assert!(
        said.contains("nicht gefunden") && said.contains(EXPORT_URL),
        "{said:?}"
    );
    // The browser lists a request's timing once its answer is complete,
    // which may be after the page has shown the error.
    until("one fetch", || export_fetches() == before + 1).await;
    assert!(
        find(&root, &format!("{} fieldset", FILTERS.selector))
            .unwrap()
            .has_attribute("disabled"),
        "the filters stay off without data"
    );
    assert!(prerendered_stand(&root), "the page's own figures stand");

    find(&root, "[data-testid=retry]")
        .expect("Try again")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("a second fetch", || export_fetches() == before + 2).await;
    until("the error view again", || {
        find(&root, "[data-testid=load-error]").is_some()
    })
    .await;
    assert!(find(&root, "[data-testid=release-loading]").is_none());
}

// With the export served, the check says the page is current, the page's
// own figures stay for its own view (`VIEW` empty: they are the
// export's), the filter form is on, and a change of period goes into the
// URL and draws the figures as the model reports them for that query; back
// draws the page's own view again.
#[wasm_bindgen_test]
async fn the_explorer_redraws_the_figures_for_a_changed_period_and_back_restores_them() {
    let export = Export::parse(SHIPPED).unwrap();
    let _stub = StubbedExport::serve(SHIPPED);
    let start = js("", "return location.href", &[]);
    let built = Release::from(&export.release);
    let (root, _mounted) = mount_explorer(Lang::En, built, None);
    until("the release check", || {
        find(&root, "[data-testid=release-current]").is_some()
    })
    .await;
    assert_eq!(
        text(&root, "[data-testid=release-current]"),
        "This is the latest published release."
    );
    let view = |root: &web_sys::Element| {
        find(root, FIGURES.selector)
            .unwrap()
            .get_attribute(VIEW.name)
    };
    // The figures as the explorer draws them, and as they are once every
    // part it leaves for later is opened (`LATER`) and closed again.
    let model = |query: &str| {
        let (query, ignored) = Query::parse(query, &export);
        assert!(ignored.is_empty());
        // The citations as the browser completes them: each with the
        // fingerprint computed here, natively.
        let origin = web_sys::window().unwrap().location().origin().unwrap();
        let cite = Cite::new(&export, &query, origin, Some(sha256_hex));
        let (drawn, later) = report_html(
            &Texts::new(Lang::En),
            &export.report(&query.resolve(&export)),
            &Labels::new(&export, Lang::En),
            export.release.k,
            (query.sort, true),
            &cite,
        );
        let mut opened = drawn.clone();
        for (i, part) in later.iter().enumerate() {
            opened = opened.replacen(&format!(" {}=\"{i}\">", LATER.name), &format!(">{part}"), 1);
        }
        let parsed = |html: &str| {
            let expected = scratch();
            expected.set_inner_html(html);
            expected.inner_html()
        };
        (parsed(&drawn), parsed(&opened))
    };
    // Opens every `<details>` in the figures, waits for the explorer to
    // write what it left for later and fingerprint the citations, and
    // closes them again.
    let open_all = |root: &web_sys::Element, open: bool| {
        js(
            "figures, open",
            "for (const d of figures.querySelectorAll('details')) d.open = open",
            &[find(root, FIGURES.selector).unwrap().into(), open.into()],
        );
    };
    let fingerprinted = |root: &web_sys::Element| {
        find(root, &inside(FIGURES, "[data-testid=cite]")).is_some()
            && find(root, &inside(FIGURES, CANONICAL.selector)).is_none()
    };
    until("the export in, for the page's own view", || {
        view(&root).as_deref() == Some("")
    })
    .await;
    assert!(
        prerendered_stand(&root),
        "the page's own figures of its own release stay"
    );
    let period = find(
        &root,
        &format!("{} select[name={}]", FILTERS.selector, field::PERIOD),
    )
    .expect("period");

    js(
        "select",
        "select.value = 'last-4'; select.dispatchEvent(new Event('change', { bubbles: true }))",
        &[period.into()],
    );
    until("the redrawn figures", || {
        view(&root).as_deref() == Some("period=last-4")
    })
    .await;
    until("their citations' fingerprints", || fingerprinted(&root)).await;
    // The history takes the step a frame after the figures are drawn.
    until("the view in the address", || {
        js("", "return location.search", &[]).as_string().as_deref() == Some("?period=last-4")
    })
    .await;
    let (drawn, opened) = model("period=last-4");
    assert_eq!(
        find(&root, FIGURES.selector).unwrap().inner_html(),
        drawn,
        "the figures of the last four weeks"
    );
    open_all(&root, true);
    until("the parts written and fingerprinted", || {
        find(&root, &inside(FIGURES, LATER.selector)).is_none() && fingerprinted(&root)
    })
    .await;
    open_all(&root, false);
    assert_eq!(
        find(&root, FIGURES.selector).unwrap().inner_html(),
        opened,
        "the figures of the last four weeks, every part opened"
    );
    let period: web_sys::HtmlSelectElement =
        find(&root, &format!("select[name={}]", field::PERIOD))
            .expect("the period field")
            .unchecked_into();
    assert_eq!(period.value(), "last-4", "the form shows the period chosen");

    js("", "history.back()", &[]);
    until("the page's own view", || view(&root).as_deref() == Some("")).await;
    until("its citations' fingerprints", || fingerprinted(&root)).await;
    assert_eq!(
        find(&root, FIGURES.selector).unwrap().inner_html(),
        model("").0
    );
    assert_eq!(js("", "return location.href", &[]), start);
}

// A release newer than the page is announced, and its figures replace the
// page's even for the default view.
#[wasm_bindgen_test]
async fn a_newer_release_is_announced_and_its_figures_shown() {
    let export = Export::parse(SHIPPED).unwrap();
    let _stub = StubbedExport::serve(SHIPPED);
    let built = release("sample-older", "2020-01-05");
    let (root, _mounted) = mount_explorer(Lang::De, built, None);
    until("the release check", || {
        find(&root, "[data-testid=release-newer]").is_some()
    })
    .await;
    let said = text(&root, "[data-testid=release-newer]");
    assert!(
        said.starts_with("Eine neuere Ausgabe liegt vor:")
            && said.contains(&export.release.release_id),
        "{said:?}"
    );
    until("the newer release's figures", || !prerendered_stand(&root)).await;
    assert!(find(&root, &inside(FIGURES, "[data-testid=funnel]")).is_some());
    assert_eq!(
        find(&root, FIGURES.selector)
            .unwrap()
            .get_attribute(VIEW.name)
            .as_deref(),
        Some(""),
        "the page's own view, of the newer release"
    );
}

// A release on the server that is not newer than the page's, or that
// lacks the page's region, is named, and the page's own figures stand with
// the filters off: an older file put back on the server never passes for
// the latest, and a region page never shows zeros for a missing region.
#[wasm_bindgen_test]
async fn a_release_not_newer_or_without_the_region_leaves_the_page_as_it_is() {
    let export = Export::parse(SHIPPED).unwrap();
    let _stub = StubbedExport::serve(SHIPPED);
    let cases = [
        (
            release("sample-later", "2099-01-05"),
            None,
            "release-not-newer",
            "Le fichier de données du serveur contient une publication qui n’est pas plus récente",
        ),
        (
            Release::from(&export.release),
            Some("UA-99"),
            "release-lacks-region",
            "Elle ne contient aucun chiffre pour cette région.",
        ),
        (
            release("sample-older", "2020-01-05"),
            Some("UA-99"),
            "release-lacks-region",
            "Une publication plus récente est parue",
        ),
    ];
    for (built, region, testid, words) in cases {
        let (root, _mounted) = mount_explorer(Lang::Fr, built, region);
        let status = inside(STATUS, &format!("[data-testid={testid}]"));
        until(testid, || find(&root, &status).is_some()).await;
        let said = text(&root, &status);
        assert!(
            said.contains(words)
                && said.contains(&export.release.release_id)
                && said.ends_with(
                    "Les chiffres ci-dessous restent ceux de la publication de cette page."
                ),
            "{said:?}"
        );
        assert!(prerendered_stand(&root));
        assert!(
            find(&root, &format!("{} fieldset", FILTERS.selector))
                .unwrap()
                .has_attribute("disabled"),
            "the filters stay off"
        );
    }
}

/// The export reader in the browser: the shipped sample reads the same as
/// natively, and a broken file is named by path and reason, or by what the
/// browser's JSON parser said.
#[wasm_bindgen_test]
fn the_browser_reads_the_export_through_its_own_json_parser() {
    use portal::model::count::Count;
    let text = include_str!("../public/data/export.json");
    let export = Export::parse(text).expect("the shipped sample reads in the browser");
    assert_eq!(export.regions.len(), 27);
    assert!(export.release.sample);
    let broken = text.replacen("\"sample\":true", "\"sample\":\"yes\"", 1);
    assert_ne!(broken, text, "the sample flag is where the test expects it");
    assert_eq!(
        Export::parse(&broken).unwrap_err().to_string(),
        "$.release.sample: is not true or false"
    );
    // The threshold rule holds in the browser too: under k = 100, the
    // sample's published counts from 5 to 99 are forbidden figures.
    let stricter = text.replacen("\"k\":5,", "\"k\":100,", 1);
    assert_ne!(stricter, text, "k is where the test expects it");
    let refusal = Export::parse(&stricter).unwrap_err().to_string();
    assert!(
        refusal.starts_with("$.cells.reported[") && refusal.contains("must be withheld (k = 100)"),
        "{refusal}"
    );
    // Counts are read an array at a time; what is not a count is still
    // named by its path, with the reason the native reader gives, and a
    // withheld count stays withheld.
    let cells = "\"cells\":{\"reported\":[0,0,0,";
    assert!(
        text.contains(cells),
        "the cells start where the test expects"
    );
    for (count, reason) in [
        (
            "\"0\"",
            "is not a count (a whole number, or null where withheld)",
        ),
        ("0.5", "count is not a whole number"),
        ("-1", "count is negative"),
        ("1e10", "count is larger than 1000000000"),
    ] {
        let changed = text.replacen(cells, &format!("\"cells\":{{\"reported\":[0,0,{count},"), 1);
        assert_eq!(
            Export::parse(&changed).unwrap_err().to_string(),
            format!("$.cells.reported[2]: {reason}")
        );
    }
    let nulls = text
        .split("\"reported\":[")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    assert_eq!(
        export
            .cells
            .reported
            .iter()
            .filter(|c| **c == Count::Suppressed)
            .count(),
        nulls.matches("null").count()
    );
    let truncated = &text[..text.len() / 2];
    assert!(Export::parse(truncated)
        .unwrap_err()
        .to_string()
        .starts_with("invalid JSON: "));
}

/// The release manifest in the browser: read like the export, through the
/// browser's JSON parser, with the same rules and messages as natively.
#[wasm_bindgen_test]
fn the_browser_reads_the_release_manifest_as_natively() {
    let text = include_str!("../public/data/release.json");
    let release = Release::parse(text).expect("the shipped manifest reads in the browser");
    let export = Export::parse(SHIPPED).unwrap();
    assert_eq!(release, Release::from(&export.release));
    for (from, to, error) in [
        (
            "\"sample\": true",
            "\"sample\": \"yes\"",
            "$.sample: is not true or false",
        ),
        (
            "\"schema_version\": 1",
            "\"schema_version\": 2",
            "schema_version 2 is not supported (this portal reads version 1)",
        ),
        (
            "\"sample\": true",
            "\"sample\": true, \"monitor\": \"x\"",
            "$.monitor: unknown field `monitor`",
        ),
    ] {
        let broken = text.replacen(from, to, 1);
        assert_ne!(broken, text, "{from} is where the test expects it");
        assert_eq!(Release::parse(&broken).unwrap_err().to_string(), error);
    }
    assert!(Release::parse(&text[..text.len() / 2])
        .unwrap_err()
        .to_string()
        .starts_with("invalid JSON: "));
}
