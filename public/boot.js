// Starts the portal in the browser. Loaded as an external module so that the
// Content-Security-Policy needs no 'unsafe-inline'.
//
// 1. Client-side navigation between the prerendered pages: a click on a link
//    to another portal page fetches that page's HTML and swaps <head> entries
//    and <body> in place, so the wasm, its state and `window` survive.
//    Back/forward, in-page #anchors and scroll positions behave as with full
//    page loads. If anything fails, the browser simply loads the URL.
// 2. The wasm islands: each <leptos-island> calls its exported hydration
//    function, on first load and after every navigation. The wasm is fetched
//    only by a page that has islands, and only after it has loaded, so it
//    never delays the text; pages without islands load none of it.
// 3. Roving focus: a group marked `data-roving` (the trend's weeks, the map's
//    tiles) is one stop in the tab order, and the arrow keys, Home and End
//    move within it. Without this script every item is a stop of its own.
// 4. A figure's "SVG" of a view the reader explored (data-figure-svg): the
//    module that draws it, figure-svg.js, is loaded on the first such click,
//    so that it weighs nothing on a page's load.

const boot = document.querySelector("script[data-wasm]");
let wasm = null;

function hydrateIslands() {
  if (!wasm) return;
  for (const island of document.querySelectorAll("leptos-island")) {
    if (island.$$hydrated) continue;
    island.$$hydrated = true;
    const hydrate = wasm[island.dataset.component];
    if (hydrate) hydrate(island);
    else console.error(`portal: no wasm export for island ${island.dataset.component}`);
  }
}

// Head entries that differ from page to page; everything else (stylesheet,
// scripts, preloads) is the same on every page and stays.
const PAGE_HEAD = "title, meta[name=description], meta[name=robots], link[rel=canonical], link[rel=alternate], meta[property]";

function samePage(a, b) {
  return a.origin === b.origin && a.pathname === b.pathname && a.search === b.search;
}

// The folder the portal is served from, "/" or a base path such as
// "/portal/": this script sits at its root.
const root = new URL(".", import.meta.url).pathname;

function isPortalPage(url) {
  if (url.origin !== location.origin || !url.pathname.startsWith(root)) return false;
  const path = url.pathname.slice(root.length - 1);
  if (path.startsWith("/embed/") || path.startsWith("/data/")) return false;
  return path.endsWith("/") || path.endsWith(".html");
}

// Whether two URLs name the same prerendered file and release: the query
// never selects another page, it is the state an island keeps in the URL,
// but its `release` (an archived release's figures) starts the page afresh.
function sameFile(a, b) {
  const release = (url) => url.searchParams.get("release");
  return a.origin === b.origin && a.pathname === b.pathname && release(a) === release(b);
}

let navigation = 0;
// The page whose content is on screen, to tell a popstate between pages from
// one within the page: between its #anchors, or between the query states an
// island pushed (the statistics filter), which the island restores itself.
let shown = new URL(location.href);

async function navigate(url, { push, scrollY }) {
  const current = ++navigation;
  let html;
  try {
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    if (!(response.ok || response.status === 404)) throw new Error(`HTTP ${response.status}`);
    html = await response.text();
  } catch {
    location.assign(url);
    return;
  }
  if (current !== navigation) return;
  const next = new DOMParser().parseFromString(html, "text/html");
  if (push) {
    history.replaceState({ scrollY: window.scrollY }, "");
    history.pushState({ scrollY: 0 }, "", url);
  }
  shown = new URL(location.href);
  document.documentElement.lang = next.documentElement.lang;
  for (const old of document.head.querySelectorAll(PAGE_HEAD)) old.remove();
  document.head.append(...next.head.querySelectorAll(PAGE_HEAD));
  document.body.replaceWith(document.adoptNode(next.body));
  // Scripts of the new page (parsed, so inert): run each as a fresh copy.
  for (const inert of document.body.querySelectorAll("script[src]")) {
    const script = document.createElement("script");
    script.src = inert.src;
    inert.replaceWith(script);
  }
  if (wasm) hydrateIslands();
  else if (hasIslands()) startIslands();
  const target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
  if (target) target.scrollIntoView();
  else window.scrollTo(0, scrollY ?? 0);
  document.getElementById("main")?.focus({ preventScroll: true });
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element && event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  if ((link.getAttribute("rel") || "").split(/\s+/).includes("external")) return;
  const url = new URL(link.href);
  if (!isPortalPage(url)) return;
  // An anchor on the same page: the browser scrolls to it by itself.
  if (samePage(url, new URL(location.href)) && url.hash) return;
  event.preventDefault();
  navigate(url, { push: true, scrollY: 0 });
});

window.addEventListener("popstate", (event) => {
  const url = new URL(location.href);
  if (sameFile(url, shown)) return;
  navigate(url, { push: false, scrollY: event.state?.scrollY });
});

// The item focused last is the group's one tab stop: whichever way focus
// comes in (Tab, a click, the arrow keys below), the others leave the tab
// order, and a redrawn group is set up again on its first focus.
document.addEventListener("focusin", (event) => {
  const group = event.target.closest?.("[data-roving]");
  if (!group) return;
  for (const item of group.querySelectorAll(group.dataset.roving)) {
    item.tabIndex = item === event.target ? 0 : -1;
  }
});

// Left and right step through the items in order, Home and End go to the
// first and last; in a group laid out in rows (`data-rows`: the map), up and
// down go to the nearest item in the row above or below. Elsewhere (the
// trend) they scroll the page as usual.
document.addEventListener("keydown", (event) => {
  const item = event.target;
  const group = item.closest?.("[data-roving]");
  if (!group || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const items = [...group.querySelectorAll(group.dataset.roving)];
  const at = items.indexOf(item);
  const next = at < 0 ? null
    : event.key === "Home" ? items[0]
    : event.key === "End" ? items.at(-1)
    : event.key === "ArrowLeft" ? items[at - 1]
    : event.key === "ArrowRight" ? items[at + 1]
    : !group.hasAttribute("data-rows") ? null
    : event.key === "ArrowUp" || event.key === "ArrowDown" ? nearestInRow(items, item, event.key === "ArrowDown")
    : null;
  if (!next) return;
  event.preventDefault();
  next.focus();
});

document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-figure-svg]");
  if (button) import(root + "figure-svg.js").then(async (m) => (await m.default(), m.download(button)));
});

// The item in the nearest row above or below `item` whose centre is closest
// to its own, if there is a row there.
function nearestInRow(items, item, below) {
  const from = item.getBoundingClientRect();
  const centre = from.left + from.width / 2;
  let best = null;
  let bestScore = Infinity;
  for (const other of items) {
    const box = other.getBoundingClientRect();
    const gap = below ? box.top - from.bottom : from.top - box.bottom;
    if (gap < -1) continue;
    const score = Math.round(gap) * 1e4 + Math.abs(box.left + box.width / 2 - centre);
    if (score < bestScore) [best, bestScore] = [other, score];
  }
  return best;
}

function hasIslands() {
  return document.querySelector("leptos-island") !== null;
}

let starting = null;
function startIslands() {
  starting ??= loadWasm();
  return starting;
}

async function loadWasm() {
  try {
    const module = await import(boot.dataset.js);
    await module.default({ module_or_path: fetch(boot.dataset.wasm, { priority: "low" }) });
    wasm = module;
    hydrateIslands();
    ready();
  } catch (error) {
    console.error("portal: the interactive parts could not start; the page still works without them.", error);
  }
}

// Lets tests and tools wait until the page is interactive.
function ready() {
  document.documentElement.dataset.portal = "ready";
}

// After the load event and the first contentful paint, when the browser is
// idle: the wasm never competes with the text for bandwidth or time.
function whenPaintedAndIdle() {
  const start = () => (hasIslands() ? startIslands() : ready());
  const idle = () => {
    if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 0);
  };
  if (!("PerformanceObserver" in window)) return idle();
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName("first-contentful-paint").length === 0) return;
    observer.disconnect();
    idle();
  });
  observer.observe({ type: "paint", buffered: true });
}
if (document.readyState === "complete") whenPaintedAndIdle();
else window.addEventListener("load", whenPaintedAndIdle, { once: true });
