// Runs in every widget page, as a classic script in <head> so that the theme
// applies before the first paint. The widget reads fully without it.
//
// 1. `?region=UA-63`, `?category=mortar` and `?period=last-4|last-12|last-52`
//    on a data widget's own page lead to the view the build prepared for
//    them (`{scope}/{period}/` below the page; `data-views` on <html> lists
//    the region and category codes). A query the build has no view for
//    (two values of a filter, a region and a type, `from`/`to` weeks) leaves
//    the whole release, with a note saying so, and the links to the full
//    view ([data-full-view]) take the query to the explorer, which shows
//    exactly that view.
// 2. `?theme=light|dark` fixes the colour scheme (default: the reader's
//    system setting), so the frame's background never clashes with the host.
// 3. Inside a frame, posts the page's height to the host whenever it changes,
//    in two formats: {type: "sgtp-embed:height", height} for /embed.js, and
//    AMP's {sentinel: "amp", type: "embed-size", height} for <amp-iframe>.
//    A height is not secret, so any host may read it ("*"), and the parent
//    may ask for it again with {type: "sgtp-embed:ask"}.
// 4. Framed by WordPress from the oEmbed document, whose frame URL ends in
//    `#?secret=…`, also speaks WordPress's embed protocol (its
//    wp-embed.js): {message: "height", value, secret} whenever the height
//    changes and when the host says {message: "ready", secret}, and
//    {message: "link", value: URL, secret} for a click on a link, which the
//    host opens in its own window if the URL is on the frame's host, since
//    WordPress's sandbox lets the frame open nothing itself.
(() => {
  const query = new URLSearchParams(location.search);
  const theme = query.get("theme");
  const views = document.documentElement.dataset.views;
  // One value of a filter, or "" for none; null for several (repeated, as a
  // form sends them, or listed with commas, as the explorer writes them).
  const one = (name) => {
    const values = query.getAll(name).join(",");
    return values.includes(",") ? null : values;
  };
  const region = one("region"), category = one("category"), period = one("period");
  const weeksChosen = query.has("from") || query.has("to");
  if (views !== undefined && (region !== "" || category !== "" || period !== "" || weeksChosen)) {
    const several = region === null || category === null || period === null;
    const scope = (region && category) || weeksChosen || several ? null : region || category || "all";
    const weeks = period || "all";
    if ((scope === "all" || views.split(" ").includes(scope)) && /^(all|last-(4|12|52))$/.test(weeks)) {
      const kept = theme ? `?theme=${encodeURIComponent(theme)}` : "";
      if (scope !== "all" || weeks !== "all") return location.replace(`${location.pathname}${scope}/${weeks}/${kept}`);
    } else {
      addEventListener("DOMContentLoaded", () => {
        document.querySelector("[data-unknown-view]")?.removeAttribute("hidden");
        query.delete("theme");
        for (const link of document.querySelectorAll("[data-full-view]")) {
          const url = new URL(link.href);
          url.search = query;
          link.href = url;
        }
      });
    }
  }
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  if (window.parent === window) return;
  // Read on each use: wp-embed.js gives a frame without one a secret by
  // changing its URL's fragment, which does not load the page again.
  const secret = () => /[#?&]secret=([a-zA-Z0-9]+)/.exec(location.hash)?.[1];
  const wordpress = (message, value) => {
    if (secret()) window.parent.postMessage({ message, value, secret: secret() }, "*");
  };
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "sgtp-embed:height", height }, "*");
    window.parent.postMessage({ sentinel: "amp", type: "embed-size", height }, "*");
    wordpress("height", height);
  };
  addEventListener("DOMContentLoaded", () => {
    new ResizeObserver(post).observe(document.documentElement);
  });
  const again = () => {
    last = 0;
    post();
  };
  // A message is lost if it goes before the host listens, and so is the
  // host's "ready" if it comes before this script runs (wp-embed.js sends
  // it once, at the host's DOMContentLoaded, whether the frame has loaded
  // or not): the height goes again a few times in the first seconds.
  addEventListener("load", () => {
    post();
    for (const delay of [500, 1500, 4000]) setTimeout(again, delay);
  });
  // A host script that arrives after the widget (a tag manager, a consent
  // banner) asks for the height.
  addEventListener("message", (event) => {
    const data = event.data;
    if (event.source !== window.parent) return;
    if (data?.type === "sgtp-embed:ask" || (data?.message === "ready" && data.secret === secret())) again();
  });
  addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    if (!link || !secret() || event.button || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    wordpress("link", link.href);
  });
})();
