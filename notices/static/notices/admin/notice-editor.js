// The notice editor asks for things where they matter: the legitimate-interest text only for a
// purpose based on legitimate interests, and the summary of changes when the editor publishes,
// not at the bottom of the form. Without this script every field stays in the form as it was.
(() => {
  "use strict";

  const gettext = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);
  const BASIS = '[data-contentpath="legal_basis"]';
  const INTEREST = '[data-contentpath="legitimate_interest"]';

  function showInterestFor(select) {
    const basis = select.closest(BASIS);
    const struct = basis && basis.parentElement;
    if (!struct) {
      return;
    }
    const interest = Array.from(struct.children).find((child) => child.matches(INTEREST));
    if (interest) {
      const shown = select.value === "legitimate_interests";
      interest.hidden = !shown;
      interest.style.display = shown ? "" : "none";
    }
  }

  function showInterests(root) {
    root.querySelectorAll(`${BASIS} select`).forEach(showInterestFor);
  }

  function askSummaryOnPublish() {
    const panel = document.querySelector(".seloste-this-version");
    const form = panel && panel.closest("form");
    if (!form) {
      return;
    }
    const dialog = document.createElement("dialog");
    dialog.className = "seloste-publish-dialog";
    dialog.setAttribute("aria-labelledby", "seloste-publish-title");
    const title = document.createElement("h2");
    title.id = "seloste-publish-title";
    title.textContent = gettext("Publish this version");
    const lead = document.createElement("p");
    lead.textContent = gettext(
      "Tell readers what changed. The summary is shown in the notice's version history.",
    );
    const actions = document.createElement("div");
    actions.className = "seloste-publish-dialog__actions";
    const publish = document.createElement("button");
    publish.type = "button";
    publish.className = "button";
    publish.textContent = gettext("Publish");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button-secondary";
    cancel.textContent = gettext("Cancel");
    actions.append(publish, cancel);
    // The panel's own fields move into the dialog; being still inside the form, they are
    // saved with every draft as before.
    dialog.append(title, lead, panel, actions);
    form.append(dialog);

    let pressed = null;
    let confirmed = false;
    document.addEventListener(
      "click",
      (event) => {
        const button = event.target.closest('button[name="action-publish"]');
        if (!button || button.form !== form || confirmed) {
          return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        pressed = button;
        dialog.showModal();
        const first = dialog.querySelector("textarea, input:not([type=hidden])");
        if (first) {
          first.focus();
        }
      },
      true,
    );
    publish.addEventListener("click", () => {
      confirmed = true;
      dialog.close();
      pressed.click();
    });
    cancel.addEventListener("click", () => dialog.close());
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches(`${BASIS} select`)) {
      showInterestFor(event.target);
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    showInterests(document);
    // Purposes added later (a new section or a new purpose) are drawn by Wagtail's scripts.
    let queued = false;
    new MutationObserver(() => {
      if (!queued) {
        queued = true;
        window.requestAnimationFrame(() => {
          queued = false;
          showInterests(document);
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
    askSummaryOnPublish();
  });
})();
