// Host script for the portal's widgets: include it once on a page that frames
// them, and each widget's iframe takes the height of its content. It listens
// only to messages from the origin it was loaded from, and sizes only the
// iframe whose window sent the message.
(() => {
  if (window.sgtpEmbed) return;
  window.sgtpEmbed = true;
  const origin = new URL(document.currentScript.src).origin;
  const frames = document.getElementsByTagName("iframe");
  addEventListener("message", (event) => {
    const data = event.data;
    if (event.origin !== origin || !data || data.type !== "sgtp-embed:height") return;
    const height = Number(data.height);
    if (!(height > 0 && height < 20000)) return;
    for (const frame of frames) {
      if (frame.contentWindow !== event.source) continue;
      frame.style.width = "100%";
      frame.style.border = "0";
      frame.style.height = `${height}px`;
    }
  });
  // Widgets that loaded before this script have posted their heights
  // already: ask them again (a frame still loading posts on its own). One
  // frame per task: reaching a lazy frame's window first costs the browser
  // up to 16 ms on a slow phone, too much to do for all frames at once.
  const ask = (i) => {
    const frame = frames[i];
    if (!frame) return;
    if (new URL(frame.src, location.href).origin === origin) {
      frame.contentWindow?.postMessage({ type: "sgtp-embed:ask" }, "*");
    }
    setTimeout(ask, 0, i + 1);
  };
  setTimeout(ask, 0, 0);
})();
