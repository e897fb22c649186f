/* Cookie consent in the browser: every page is the same bytes for every visitor, so this
   script reads the visitor's consent cookie and applies it. It loads Google Analytics only
   after consent, shows the banner only to those who have not chosen, and sends choices to
   the server without a reload (the forms also work without JavaScript). */
(function () {
  "use strict";
  var d = document, root = d.documentElement, el = d.getElementById("cc-config");
  if (!el) return;
  var cfg = JSON.parse(el.textContent), gpc = navigator.globalPrivacyControl === true;
  var loaded = false;

  function read() {
    var out = {}, m = d.cookie.match(new RegExp("(?:^|; )" + cfg.cookie + "=([^;]*)"));
    if (!m) return out;
    m[1].replace(/^"|"$/g, "").split("|").forEach(function (pair) {
      var p = pair.split("=");
      if (p.length === 2) out[p[0]] = p[1];
    });
    return out;
  }

  // true, false or null (not chosen) per optional group, by django-cookie-consent's rule.
  function states() {
    var c = read(), out = {}, current = c._p === cfg.policy;
    Object.keys(cfg.groups).forEach(function (g) {
      var v = current ? c[g] : undefined;
      var s = v === undefined ? null : v === cfg.decline ? false : v >= cfg.groups[g] ? true : null;
      // Global Privacy Control refuses, unless the visitor opted in on the settings page.
      if (gpc && s !== false && c._x !== "1") s = false;
      out[g] = s;
    });
    return out;
  }

  function decided(s) {
    return Object.keys(s).every(function (g) { return s[g] !== null; });
  }

  // Delete _ga and _ga_* by their exact names, host-only and on each parent domain.
  function wipe() {
    var parts = location.hostname.split("."), domains = [""];
    for (var i = 0; i < parts.length - 1; i++) domains.push(parts.slice(i).join("."));
    d.cookie.split("; ").forEach(function (c) {
      var name = c.split("=")[0];
      if (!/^_ga(_[A-Za-z0-9]+)?$/.test(name)) return;
      domains.forEach(function (dom) {
        d.cookie = name + "=; Max-Age=0; Path=/" + (dom ? "; Domain=" + dom : "");
      });
    });
  }

  function apply(s, changed) {
    var yes = s.analytics === true;
    if (cfg.ga) window["ga-disable-" + cfg.ga] = !yes;
    if (yes) {
      gtag("consent", "update", { analytics_storage: "granted" });
      if (!loaded && cfg.ga) {
        loaded = true;
        gtag("js", new Date());
        gtag("config", cfg.ga);
        var js = d.createElement("script");
        js.async = true;
        js.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(cfg.ga);
        d.head.appendChild(js);
      }
    } else {
      if (changed) gtag("consent", "update", { analytics_storage: "denied" });
      wipe();
    }
    // The settings page offers the same choices, so the banner stays out of its way.
    root.classList.toggle("cc-done", decided(s) || !!d.querySelector("[data-cc-state]"));
    show(s);
  }

  // The settings page: show each group's state and the Global Privacy Control note.
  function show(s) {
    d.querySelectorAll("[data-cc-state]").forEach(function (box) {
      var v = s[box.getAttribute("data-cc-state")];
      var want = v === true ? "accepted" : v === false ? "declined" : "undecided";
      box.querySelectorAll("[data-cc-show]").forEach(function (span) {
        span.hidden = span.getAttribute("data-cc-show") !== want;
      });
    });
    d.querySelectorAll("[data-cc-gpc]").forEach(function (note) { note.hidden = !gpc; });
    var b = d.getElementById("cc-banner");
    if (b && d.body) d.body.style.paddingBottom = root.classList.contains("cc-done") ? "" : b.offsetHeight + "px";
  }

  function send(form, button) {
    var data = new FormData(form);
    if (button && button.name) data.append(button.name, button.value);
    if (gpc) data.append("gpc", "1");
    var inBanner = form.closest("#cc-banner");
    return fetch(cfg.decide, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Cookie-Consent-Fetch": "1" }
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      apply(states(), true);
      var status = d.getElementById("cc-status");
      if (status) status.textContent = status.getAttribute("data-cc-saved");
      if (inBanner) (d.getElementById("main") || d.body).focus({ preventScroll: true });
    });
  }

  root.classList.add("cc-js");
  apply(states(), false);

  d.addEventListener("DOMContentLoaded", function () {
    var b = d.getElementById("cc-banner");
    // First in the document, as GOV.UK does: the first thing a keyboard or screen reader meets.
    if (b) d.body.insertBefore(b, d.body.firstChild);
    show(states());
  });
  window.addEventListener("resize", function () { show(states()); });

  d.addEventListener("submit", function (e) {
    var form = e.target, button = e.submitter;
    if (form.getAttribute("action") !== cfg.decide) return;
    e.preventDefault();
    send(form, button).catch(function () {
      // The server is the judge: fall back to the plain form post that works without us.
      if (button && button.name) {
        var input = d.createElement("input");
        input.type = "hidden"; input.name = button.name; input.value = button.value;
        form.appendChild(input);
      }
      form.submit();
    });
  });
})();
