// Runs in every widget page, as a classic script in <head> so that the theme
// applies before the first paint. The widget reads fully without it.
//
// 1. `?theme=light|dark` fixes the colour scheme (default: the reader's
//    system setting), so the frame's background never clashes with the host.
// 2. Inside a frame, posts the page's height to the host whenever it changes,
//    in two formats: {type: "sgtp-embed:height", height} for /embed.js, and
//    AMP's {sentinel: "amp", type: "embed-size", height} for <amp-iframe>.
//    A height is not secret, so any host may read it ("*").
(() => {
  const theme = new URLSearchParams(location.search).get("theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "sgtp-embed:height", height }, "*");
    window.parent.postMessage({ sentinel: "amp", type: "embed-size", height }, "*");
  };
  addEventListener("DOMContentLoaded", () => {
    new ResizeObserver(post).observe(document.documentElement);
  });
  addEventListener("load", post);
})();
