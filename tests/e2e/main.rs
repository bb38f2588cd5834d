//! End-to-end tests: the release build in `dist/` (run `make build` first),
//! served by static-web-server with the repository's `serve.toml`, driven in
//! headless Chromium through ChromeDriver. No mocks: the real files, server,
//! headers and browser. nginx serves the same files with
//! `deploy/nginx.conf` for the header checks and one page load, and the
//! site built under a base path (`make dist-portal`) with
//! `deploy/nginx-portal.conf`; Caddy the same with `deploy/Caddyfile` and
//! `deploy/Caddyfile-portal`.
//!
//! A plain harness (not libtest) so that the server and the browser start
//! once, the scenarios run in order, and both are stopped at the end. It ends
//! with a `N passed, N failed` line and a non-zero exit on any failure.
//!
//! The scenarios are in one module per area of the site; the harness, the
//! page helpers and the expectations they share are in `tests/support/`.

#![expect(
    clippy::expect_used,
    reason = "a test fails by panicking, its helpers too"
)]

#[path = "../support/mod.rs"]
mod support;

mod accessibility;
mod archived;
mod base_path;
mod builder;
mod citations;
mod declaration;
mod explorer;
mod headers;
mod images;
mod navigation;
mod pinned;
mod releases;
mod statistics;
mod widgets;
mod wordpress;

use accessibility::{
    accessibility_statement_is_linked_from_every_footer, axe_finds_no_violations,
    keyboard_focus_is_visible, no_horizontal_scroll_from_320_to_1440_px,
    statistics_graphics_and_controls_keep_3_to_1, statistics_targets_are_at_least_24_px,
    trend_and_map_are_one_tab_stop_each,
};
use archived::{
    explorer_says_a_release_it_cannot_show_and_offers_the_latest,
    explorer_shows_an_archived_release_and_keeps_it_through_changes,
};
use base_path::{
    the_portal_works_under_a_base_path_behind_caddy,
    the_portal_works_under_a_base_path_behind_nginx,
};
use builder::embed_builder_makes_a_working_snippet;
use citations::{
    a_citation_shows_its_figure_two_releases_later, figure_citations_are_prerendered,
    figure_citations_in_the_explorer_match_the_model, headline_citations_are_prerendered,
};
use declaration::{
    declaration_is_citable_and_verifiable, hostile_markdown_is_inert,
    pillars_show_both_structures_and_the_figures,
};
use explorer::{
    explorer_announces_each_new_view_once, explorer_back_and_forward_step_through_the_filter,
    explorer_downloads_carry_metadata_and_withheld_cells,
    explorer_fetches_the_export_only_once_the_reader_explores, explorer_figures_match_the_model,
    explorer_names_and_ignores_invalid_query_values, explorer_region_page_keeps_its_region,
    explorer_view_survives_a_url_round_trip, failed_fetch_shows_error_and_retry_recovers,
    hostile_exports_get_the_same_verdict_natively_and_in_the_browser,
};
use headers::{
    a_notebook_on_another_origin_reads_the_data, caddy_server_headers_follow_the_config,
    nginx_server_headers_follow_the_config, no_console_errors_or_csp_violations_on_nginx,
    server_headers_follow_the_config,
};
use images::{
    an_explored_view_saves_its_svg_drawn_in_the_browser,
    figure_images_answer_on_pages_and_in_widgets,
};
use navigation::{
    javascript_off_every_route_reads_and_links_work, javascript_on_navigation_is_client_side,
    no_console_errors_or_csp_violations,
};
use pinned::{
    embed_builder_pins_a_widget_that_works_on_another_origin,
    pinned_widgets_read_without_javascript,
};
use releases::{
    a_downloaded_csv_verifies_offline_with_the_published_key,
    release_feeds_parse_and_their_links_answer,
    releases_page_shows_the_series_as_the_model_summarises_it,
};
use statistics::statistics_read_honestly_without_javascript;
use support::{Harness, JsMode};
use widgets::{
    widget_fallback_heights_show_all_of_it, widget_queries_lead_to_their_views,
    widget_views_read_without_javascript, widgets_read_without_javascript,
    widgets_size_themselves_on_another_origin,
};
use wordpress::wordpress_sizes_widgets_and_follows_their_links;

fn main() -> std::process::ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let harness = Harness::start().await;
        let js_on = harness.browser(JsMode::On).await;
        let js_off = harness.browser(JsMode::Off).await;
        let mut passed = 0;
        let mut failed = 0;
        // `cargo test --features e2e --test e2e -- NAME…` runs only the
        // scenarios whose names contain one of the NAMEs.
        let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
        let mut skipped = 0;
        macro_rules! run {
            ($browser:expr, $($scenario:ident),+ $(,)?) => {$(
                let started = std::time::Instant::now();
                if !only.is_empty() && !only.iter().any(|o| stringify!($scenario).contains(o.as_str())) {
                    skipped += 1;
                } else {
                    match $scenario(&harness, $browser).await {
                        Ok(()) => {
                            passed += 1;
                            println!("ok     {} ({:.1} s)", stringify!($scenario), started.elapsed().as_secs_f64());
                        }
                        Err(e) => {
                            failed += 1;
                            println!("FAILED {}: {e}", stringify!($scenario));
                        }
                    }
                }
            )+};
        }
        run!(
            &js_off,
            javascript_off_every_route_reads_and_links_work,
            declaration_is_citable_and_verifiable,
            pillars_show_both_structures_and_the_figures,
            statistics_read_honestly_without_javascript,
            figure_citations_are_prerendered,
            headline_citations_are_prerendered,
            accessibility_statement_is_linked_from_every_footer,
            releases_page_shows_the_series_as_the_model_summarises_it,
            release_feeds_parse_and_their_links_answer,
            a_downloaded_csv_verifies_offline_with_the_published_key,
            widgets_read_without_javascript,
            widget_views_read_without_javascript,
            widget_fallback_heights_show_all_of_it,
            pinned_widgets_read_without_javascript,
        );
        run!(
            &js_on,
            server_headers_follow_the_config,
            a_notebook_on_another_origin_reads_the_data,
            javascript_on_navigation_is_client_side,
            no_console_errors_or_csp_violations,
            nginx_server_headers_follow_the_config,
            no_console_errors_or_csp_violations_on_nginx,
            the_portal_works_under_a_base_path_behind_nginx,
            caddy_server_headers_follow_the_config,
            the_portal_works_under_a_base_path_behind_caddy,
            failed_fetch_shows_error_and_retry_recovers,
            hostile_exports_get_the_same_verdict_natively_and_in_the_browser,
            explorer_fetches_the_export_only_once_the_reader_explores,
            explorer_view_survives_a_url_round_trip,
            explorer_back_and_forward_step_through_the_filter,
            explorer_names_and_ignores_invalid_query_values,
            explorer_downloads_carry_metadata_and_withheld_cells,
            explorer_figures_match_the_model,
            explorer_region_page_keeps_its_region,
            explorer_announces_each_new_view_once,
            explorer_shows_an_archived_release_and_keeps_it_through_changes,
            explorer_says_a_release_it_cannot_show_and_offers_the_latest,
            figure_citations_in_the_explorer_match_the_model,
            a_citation_shows_its_figure_two_releases_later,
            figure_images_answer_on_pages_and_in_widgets,
            an_explored_view_saves_its_svg_drawn_in_the_browser,
            hostile_markdown_is_inert,
            no_horizontal_scroll_from_320_to_1440_px,
            keyboard_focus_is_visible,
            trend_and_map_are_one_tab_stop_each,
            statistics_targets_are_at_least_24_px,
            statistics_graphics_and_controls_keep_3_to_1,
            widgets_size_themselves_on_another_origin,
            wordpress_sizes_widgets_and_follows_their_links,
            widget_queries_lead_to_their_views,
            embed_builder_makes_a_working_snippet,
            embed_builder_pins_a_widget_that_works_on_another_origin,
            axe_finds_no_violations,
        );
        js_on.close().await;
        js_off.close().await;
        drop(harness);
        if skipped > 0 {
            println!("e2e: {skipped} scenarios left out (not named on the command line)");
        }
        println!("e2e: {passed} passed, {failed} failed");
        if passed + failed == 0 {
            println!("e2e: no scenario matches the names given");
        }
        if failed == 0 && passed > 0 {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::FAILURE
        }
    })
}
