//! Component tests in a real headless Chromium (wasm-bindgen-test): each test
//! mounts a component into a scratch element and asserts on its nodes.
//! Run with `cargo test --target wasm32-unknown-unknown --features hydrate --test web`.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use portal::api::ApiError;
use portal::components::ErrorNotice;
use portal::islands::ReleaseStatus;
use portal::model::{Lang, Release};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn scratch() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn find(root: &web_sys::HtmlElement, css: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(css)
        .unwrap()
        .map(JsCast::unchecked_into)
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

#[wasm_bindgen_test]
async fn a_missing_file_is_explained_and_try_again_calls_back() {
    let root = scratch();
    let retries = RwSignal::new(0);
    let error = ApiError::NotFound {
        url: "/data/release.json".into(),
        status: 404,
    };
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ErrorNotice lang=Lang::En error=error on_retry=Callback::new(move |()| retries.update(|n| *n += 1))/> }
    });
    let notice = find(&root, "[data-testid=load-error]").expect("error view");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert!(notice.text_content().unwrap().contains("was not found"));
    let retry = find(&root, "[data-testid=retry]").expect("Try again button");
    assert_eq!(retry.text_content().as_deref(), Some("Try again"));
    retry.click();
    leptos::task::tick().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn invalid_data_is_not_offered_a_retry() {
    let root = scratch();
    let error = ApiError::Invalid {
        url: "/data/release.json".into(),
        error: portal::model::DataError::UnsupportedVersion {
            found: 2,
            supported: 1,
        },
    };
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ErrorNotice lang=Lang::Uk error=error on_retry=Callback::new(|()| ())/> }
    });
    let notice = find(&root, "[data-testid=load-error]").expect("error view");
    assert!(notice
        .text_content()
        .unwrap()
        .contains("Файл даних недійсний"));
    assert!(find(&root, "[data-testid=retry]").is_none());
}

#[wasm_bindgen_test]
async fn the_release_check_reports_an_export_the_server_lacks() {
    let root = scratch();
    let built = Release::parse(
        r#"{"schema_version":1,"release_id":"r-1","generated_at":"2026-11-23T06:00:00Z","data_as_of":"2026-11-22","sample":true}"#,
    )
    .unwrap();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ReleaseStatus lang=Lang::De built=built/> }
    });
    assert!(root
        .text_content()
        .unwrap()
        .contains("mit Datenstand 22. November 2026"));
    // The test runner's server has no /data/export.json: the check must end
    // in the error view, not spin or stay silent.
    for _ in 0..50 {
        if find(&root, "[data-testid=load-error]").is_some() {
            break;
        }
        sleep(100).await;
    }
    let notice = find(&root, "[data-testid=load-error]").expect("error view after a 404");
    let text = notice.text_content().unwrap();
    assert!(text.contains("nicht gefunden") && text.contains("/data/export.json"));
    assert!(find(&root, "[data-testid=retry]").is_some());
}

/// The export reader in the browser: the shipped sample reads the same as
/// natively, and a broken file is named by path and reason, or by what the
/// browser's JSON parser said.
#[wasm_bindgen_test]
fn the_browser_reads_the_export_through_its_own_json_parser() {
    use portal::model::export::Export;
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
    let truncated = &text[..text.len() / 2];
    assert!(Export::parse(truncated)
        .unwrap_err()
        .to_string()
        .starts_with("invalid JSON: "));
}
