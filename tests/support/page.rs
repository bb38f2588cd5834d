//! Locators and actions on a page, shared by every area's scenarios: each
//! returns an `Outcome` (or what it read) whose error says what it looked for.

use fantoccini::{Client, Locator};
use std::time::Duration;

/// What a scenario or a step gives: `Err` says what went wrong.
pub type Outcome = Result<(), String>;

/// Fails the scenario with the message unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}
pub(crate) use ensure;

pub fn err<E: std::fmt::Display>(context: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{context}: {e}")
}

pub async fn text_of(c: &Client, css: &str) -> Result<String, String> {
    let el = c.find(Locator::Css(css)).await.map_err(err(css))?;
    el.text().await.map_err(err(css))
}

pub async fn wait_for(c: &Client, css: &str) -> Outcome {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .map(|_| ())
        .map_err(err(&format!("waiting for {css}")))
}

/// Whether boot.js has started the wasm and hydrated the islands.
pub async fn is_ready(c: &Client) -> Result<bool, String> {
    let ready = c
        .execute(
            "return document.documentElement.dataset.portal === 'ready'",
            vec![],
        )
        .await
        .map_err(err("ready marker"))?;
    Ok(ready.as_bool() == Some(true))
}

/// How many CSS px the page in view is wider than the viewport (0 when it
/// fits): its scroll width against the client width, not `innerWidth`,
/// which a mobile viewport zoomed out to fit a too-wide page grows with.
pub async fn sideways_excess(c: &Client) -> Result<i64, String> {
    c.execute(
        "const d = document.documentElement; return d.scrollWidth - d.clientWidth",
        vec![],
    )
    .await
    .map_err(err("scrollWidth"))?
    .as_i64()
    .ok_or_else(|| "scrollWidth is not a number".to_owned())
}

/// Presses `key` on the element in focus, as a keyboard user does.
pub async fn press(c: &Client, key: fantoccini::key::Key) -> Outcome {
    press_chord(c, &[key]).await
}

/// Presses `keys` together on the element in focus (a modifier first, as
/// in Shift+Tab).
pub async fn press_chord(c: &Client, keys: &[fantoccini::key::Key]) -> Outcome {
    c.active_element()
        .await
        .map_err(err("active element"))?
        .send_keys(&keys.iter().map(|&k| char::from(k)).collect::<String>())
        .await
        .map_err(err(&format!("{keys:?}")))
}

/// Clicks the first element `css` matches, scrolled to the middle of the
/// window first and once its position holds still: the figures' parts are
/// laid out only near the window (`content-visibility: auto`), so the parts
/// scrolled past take their real heights after a frame or two and would
/// move the element away from the point a click aims at. (Polled from
/// here: with JavaScript off, a page runs no animation frame callbacks.)
pub async fn click(c: &Client, css: &str) -> Outcome {
    let mut last = None;
    for scroll in [
        true, false, false, false, false, false, false, false, false, false,
    ] {
        let top = c
            .execute(
                "const [css, scroll] = arguments;
                 const element = document.querySelector(css);
                 if (element && scroll) element.scrollIntoView({ block: 'center' });
                 return element ? element.getBoundingClientRect().top : null;",
                vec![css.into(), scroll.into()],
            )
            .await
            .map_err(err(css))?
            .as_f64();
        if !scroll && top == last {
            break;
        }
        last = top;
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    c.find(Locator::Css(css))
        .await
        .map_err(err(css))?
        .click()
        .await
        .map_err(err(css))
}

/// Waits until boot.js has started the wasm and hydrated the islands.
pub async fn wait_ready(c: &Client) -> Outcome {
    wait_for(c, "html[data-portal=ready]").await
}

pub async fn wait_until(c: &Client, condition: &str) -> Outcome {
    let script = format!("return !!({condition})");
    for _ in 0..100 {
        let ok = c.execute(&script, vec![]).await.map_err(err(condition))?;
        if ok.as_bool() == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("timed out waiting until {condition}"))
}

/// Waits until the `i`th iframe of the page is as tall as its content
/// (within 3 px); returns whether it got there and the last (frame,
/// content) heights.
pub async fn frame_settles(c: &Client, i: usize) -> Result<(bool, (f64, f64)), String> {
    let mut last = (0.0, 0.0);
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let outer = c
            .execute(
                "return document.querySelectorAll('iframe')[arguments[0]].getBoundingClientRect().height",
                vec![serde_json::json!(i)],
            )
            .await
            .map_err(err("frame height"))?
            .as_f64()
            .unwrap_or(0.0);
        c.enter_frame(i as u16).await.map_err(err("enter frame"))?;
        let inner = c
            .execute(
                "return document.readyState === 'complete' ? document.documentElement.getBoundingClientRect().height : 0",
                vec![],
            )
            .await;
        c.enter_parent_frame().await.map_err(err("leave frame"))?;
        let inner = inner
            .map_err(err("content height"))?
            .as_f64()
            .unwrap_or(0.0);
        last = (outer, inner);
        if inner > 100.0 && (outer - inner).abs() <= 3.0 {
            return Ok((true, last));
        }
    }
    Ok((false, last))
}

/// Scrolls the `i`th iframe of the page into view, where a lazy frame
/// loads its page, and waits until the frame is as tall as its content
/// (see [`frame_settles`]); fails naming the frame (`what`) and the last
/// heights.
pub async fn frame_in_view_settles(c: &Client, i: usize, what: &str) -> Outcome {
    c.execute(
        "document.querySelectorAll('iframe')[arguments[0]].scrollIntoView()",
        vec![serde_json::json!(i)],
    )
    .await
    .map_err(err("scroll"))?;
    let (settled, (frame, content)) = frame_settles(c, i).await?;
    ensure!(settled, "{what}: frame {frame} px for content {content} px");
    Ok(())
}

/// Waits until the embed builder's snippet holds the frame's `title`, as
/// the builder writes it once the choices made have reached it.
pub async fn wait_snippet_title(c: &Client, title: &str) -> Outcome {
    wait_until(
        c,
        &format!(
            "document.querySelector('textarea[data-kind=script]').value.includes({:?})",
            format!("title=\"{title}\"")
        ),
    )
    .await
}
