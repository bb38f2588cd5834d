// The embed builder (/{lang}/embed/): fills in the snippets and the previews
// for the widget, its view (a region or category and a period, for the data
// widgets), the release (always the latest, or a data widget's whole
// release as published in an archived one: /embed/{lang}/releases/{id}/{widget}/),
// language and colours chosen, and copies a snippet. The
// snippets come as templates from the page, which the prerender writes with
// the same code as the oEmbed documents. A classic script, so that it runs
// again when boot.js brings the page in by client-side navigation.
(() => {
  const form = document.querySelector("form[data-builder]");
  const source = document.getElementById("builder-data");
  if (!form || !source) return;
  const data = JSON.parse(source.textContent);
  // The base path the portal is served under ("" at the root of its host,
  // else "/portal" or the like): this script sits at the portal's root. The
  // snippets' origin in `data` already ends with it.
  const base = new URL(".", document.currentScript.src).pathname.slice(0, -1);
  const attribute = (text) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
  const status = form.querySelector("[data-copy-status]");

  const scope = form.elements.scope, period = form.elements.period, release = form.elements.release;
  const regions = form.querySelector("optgroup[data-regions]");

  // The latest choice: an answer that arrives after another choice is dropped.
  let asked = 0;
  const update = async () => {
    const { widget, lang, theme } = Object.fromEntries(new FormData(form));
    const chosen = data.widgets[widget];
    // Data widgets can be pinned to an archived release, their whole
    // release only; the others always show what the portal shows now.
    release.disabled = !chosen.pinnable;
    if (!chosen.pinnable) release.value = "";
    const pinned = release.value;
    // Data widgets have views by category and period, all but the map by
    // region too; for the others, and pinned, these choices are off.
    scope.disabled = period.disabled = !chosen.by_category || pinned !== "";
    regions.disabled = !chosen.by_region;
    if (scope.selectedOptions[0]?.parentElement === regions && !chosen.by_region) scope.value = "all";
    const narrowed = chosen.by_category && !pinned && (scope.value !== "all" || period.value !== "all");
    const page = pinned ? `/embed/${lang}/releases/${pinned}/${widget}/` : `/embed/${lang}/${widget}/${narrowed ? `${scope.value}/${period.value}/` : ""}`;
    const path = `${page}${theme === "auto" ? "" : `?theme=${theme}`}`;
    const fill = (title, height) => {
      const values = {
        "{src}": attribute(data.origin + path), "{title}": attribute(title), "{height}": String(height),
        "{show_all}": attribute(data.show_all[lang]),
      };
      for (const output of form.querySelectorAll("textarea[data-kind]")) {
        output.value = data.templates[output.dataset.kind].replace(/\{(src|title|height|show_all)\}/g, (key) => values[key]);
      }
      for (const frame of document.querySelectorAll("iframe[data-preview]")) frame.title = title;
    };
    fill(chosen.titles[lang], pinned ? chosen.pinned_height : chosen.height);
    for (const frame of document.querySelectorAll("iframe[data-preview]")) frame.src = base + path;
    status.textContent = "";
    // A view's title names it ("… · Kharkiv Oblast · Last 12 weeks", "… ·
    // Data release 2026-W40") and its frame is a little taller: its oEmbed
    // document has both, in the widget's language. Until it is in, or if it
    // cannot be read, the widget's own stand.
    const mine = ++asked;
    try {
      const oembed = await (await fetch(`${base}${page}oembed.json`)).json();
      if (mine === asked && typeof oembed.title === "string" && oembed.height > 0) fill(oembed.title, oembed.height);
    } catch {}
  };

  const copy = async (text, output) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      output.select();
      return document.execCommand("copy");
    }
  };

  form.addEventListener("change", update);
  form.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const output = form.querySelector(`textarea[data-kind="${button.dataset.copy}"]`);
    const said = (await copy(output.value, output)) ? data.copied : data.copy_failed;
    // Emptied first, so that a second copy is announced again.
    status.textContent = "";
    setTimeout(() => { status.textContent = said; }, 100);
  });
  form.querySelector("fieldset").hidden = false;
  for (const button of form.querySelectorAll("button[data-copy]")) button.hidden = false;
  update();
})();
