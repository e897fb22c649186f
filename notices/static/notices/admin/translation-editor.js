// wagtail-localize writes the translation editor's heading ("Suomi to Svenska translation")
// in English, outside gettext; this puts it in the editor's language once the editor renders.
(() => {
  "use strict";

  const ENGLISH_HEADING = /^(.+) to (.+) translation$/;

  function translateHeadings(root) {
    if (typeof window.gettext !== "function" || typeof window.interpolate !== "function") {
      return;
    }
    const format = window.gettext("%(source)s to %(target)s translation");
    if (format === "%(source)s to %(target)s translation") {
      return; // the admin speaks English: nothing to do
    }
    // Its action menu's toggle is read aloud as "More actions", also written outside gettext;
    // Wagtail's own catalogue has the words.
    const more = window.gettext("More actions");
    root.querySelectorAll(".w-sr-only").forEach((element) => {
      if (element.children.length === 0 && element.textContent.trim() === "More actions") {
        element.textContent = more;
      }
    });
    root.querySelectorAll("h1, h2, h3, h4, legend, summary, button").forEach((element) => {
      if (element.children.length > 0) {
        return;
      }
      const match = ENGLISH_HEADING.exec(element.textContent.trim());
      if (match) {
        element.textContent = window.interpolate(format, { source: match[1], target: match[2] }, true);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const editor = document.querySelector(".js-translation-editor");
    if (!editor) {
      return;
    }
    translateHeadings(editor);
    new MutationObserver(() => translateHeadings(editor)).observe(editor, {
      childList: true,
      subtree: true,
    });
  });
})();
