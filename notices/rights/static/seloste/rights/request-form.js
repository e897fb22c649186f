// Moves focus to the error summary (or the rate-limit message) after a failed submit, so
// screen-reader and keyboard users land on what went wrong; its links then focus the field.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary") || document.getElementById("request-problem");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });
})();
