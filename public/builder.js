// The embed builder (/{lang}/embed/): fills in the snippets and the previews
// for the widget, language and colours chosen, and copies a snippet. The
// snippets come as templates from the page, which the prerender writes with
// the same code as the oEmbed documents. A classic script, so that it runs
// again when boot.js brings the page in by client-side navigation.
(() => {
  const form = document.querySelector("form[data-builder]");
  const source = document.getElementById("builder-data");
  if (!form || !source) return;
  const data = JSON.parse(source.textContent);
  const attribute = (text) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
  const status = form.querySelector("[data-copy-status]");

  const update = () => {
    const { widget, lang, theme } = Object.fromEntries(new FormData(form));
    const chosen = data.widgets[widget];
    const path = `/embed/${lang}/${widget}/${theme === "auto" ? "" : `?theme=${theme}`}`;
    const values = { "{src}": attribute(data.origin + path), "{title}": attribute(chosen.titles[lang]), "{height}": String(chosen.height) };
    for (const output of form.querySelectorAll("textarea[data-kind]")) {
      output.value = data.templates[output.dataset.kind].replace(/\{src\}|\{title\}|\{height\}/g, (key) => values[key]);
    }
    for (const frame of document.querySelectorAll("iframe[data-preview]")) {
      frame.src = path;
      frame.title = chosen.titles[lang];
    }
    status.textContent = "";
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
    status.textContent = (await copy(output.value, output)) ? data.copied : data.copy_failed;
  });
  form.querySelector("fieldset").hidden = false;
  for (const button of form.querySelectorAll("button[data-copy]")) button.hidden = false;
  update();
})();
