/* Cookie consent in the browser. Every page is the same bytes for every visitor, so this script
   reads the visitor's consent cookie and applies it: it shows the banner only to those who have
   not chosen, loads Google Analytics and embedded media only after consent, clears a group's
   cookies and storage keys while it is not accepted, and sends choices without a reload (the
   forms also work without it). What it knows of the site's groups comes from the declarations,
   in the page's #cc-config; the rules are those of cookies/state.py. */
(function () {
  var doc = document, root = doc.documentElement, configElement = doc.getElementById("cc-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent), groups = config.groups, analytics = config.analytics;
  var privacySignal = navigator.globalPrivacyControl === true, analyticsLoaded;

  function each(selector, action, within) {
    (within || doc).querySelectorAll(selector).forEach(action);
  }

  // "group=version|_id=…|_d.group=seconds|…": django-cookie-consent's format and our keys.
  function consentCookie() {
    var values = {}, match = doc.cookie.match("(?:^|; )" + config.cookie + "=([^;]*)");
    (match ? match[1].replace(/"/g, "").split("|") : []).forEach(function (pair) {
      pair = pair.split("=");
      if (pair[1]) values[pair[0]] = pair[1];
    });
    return values;
  }

  // Per group: true (accepted), false (refused) or null (ask). Global Privacy Control refuses
  // unless the visitor opted in on the settings page.
  function groupState(values, name) {
    var value = values[name], samePolicy = values._p === config.policy;
    var age = (Date.now() / 1000 - (values["_d." + name] || Date.now() / 1000)) / 86400, state = null;
    if (value === undefined || age >= config.renewalDays) state = null;
    else if (value === config.decline) state = samePolicy || age < config.refusalQuietDays ? false : null;
    else if (samePolicy && value >= groups[name].version) state = true;
    return privacySignal && values._x !== "1" ? false : state;
  }

  // A declared name with a part in angle brackets (_ga_<container-id>) stands for every name
  // that starts like it.
  function declaredOnes(names, declared) {
    return names.filter(function (name) {
      return (declared || []).some(function (pattern) {
        return name === pattern || (pattern.indexOf("<") > 0 && name.indexOf(pattern.split("<")[0]) === 0);
      });
    });
  }

  // The group's cookies (host-only and on each parent domain) and its storage keys.
  function clearGroup(group) {
    var domains = [""], host = location.hostname.split(".");
    while (host.length > 1) domains.push(host.join(".")), host.shift();
    declaredOnes(doc.cookie.split("; ").map(function (pair) { return pair.split("=")[0]; }), group.cookie)
      .forEach(function (name) {
        domains.forEach(function (domain) {
          doc.cookie = name + "=;Max-Age=0;Path=/" + (domain && ";Domain=" + domain);
        });
      });
    ["local", "session"].forEach(function (kind) {
      try {
        var storage = window[kind + "Storage"];
        declaredOnes(Object.keys(storage), group[kind]).forEach(function (key) { storage.removeItem(key); });
      } catch (blocked) { /* storage is off in this browser: nothing kept to clear */ }
    });
  }

  function applyAnalytics(accepted, changed) {
    var id = analytics.id;
    window["ga-disable-" + id] = !accepted;
    if (changed || accepted && !analyticsLoaded) {
      gtag("consent", "update", { analytics_storage: accepted ? "granted" : "denied" });
    }
    if (accepted && !analyticsLoaded) {
      analyticsLoaded = true;
      gtag("js", new Date());
      gtag("config", id);
      var script = doc.createElement("script");
      script.async = true;
      script.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(id);
      doc.head.appendChild(script);
    }
  }

  // An embed waits in an inert <template> until it is loaded, and goes back on withdrawal.
  function showMedia(box, load, focus) {
    if (load && !box.loaded) {
      var content = box.querySelector("template").content.cloneNode(true);
      box.loaded = [].slice.call(content.childNodes);
      box.appendChild(content);
    } else if (!load && box.loaded) {
      box.loaded.forEach(function (node) { node.remove(); });
      box.loaded = null;
    }
    box.querySelector(".cc-media-placeholder").hidden = !!box.loaded;
    if (focus && box.querySelector("iframe")) box.querySelector("iframe").focus();
  }

  function apply(changed) {
    var values = consentCookie(), states = {}, decided = true, latest = 0;
    for (var name in groups) {
      states[name] = groupState(values, name);
      if (states[name] !== true) clearGroup(groups[name]);
      if (states[name] === null) decided = false;
    }
    if (analytics) applyAnalytics(states[analytics.group] === true, changed);
    each("[data-cc-media]", function (box) {
      if (states[box.dataset.ccMedia] || changed) showMedia(box, states[box.dataset.ccMedia]);
    });
    // The settings page: each group's state, the visitor's own consent id and the date of
    // their latest choice. The banner stays out of its way.
    each("[data-cc-state]", function (box) {
      var state = states[box.dataset.ccState];
      each("[data-cc-show]", function (text) {
        text.hidden = text.dataset.ccShow !== (state ? "accepted" : state === false ? "declined" : "undecided");
      }, box);
      decided = true;
    });
    for (var key in values) if (!key.indexOf("_d.")) latest = Math.max(latest, values[key]);
    each("[data-cc-record]", function (note) {
      note.hidden = !latest;
      note.querySelector("code").textContent = values._id;
      note.querySelector("strong").textContent = new Date(latest * 1000).toLocaleDateString(root.lang);
    });
    root.classList.toggle("cc-gpc", privacySignal);
    root.classList.toggle("cc-done", decided);
    // The banner floats over the page's bottom edge; room is kept below the content for it.
    var banner = doc.getElementById("cc-banner");
    if (banner && doc.body) doc.body.style.paddingBottom = decided ? "" : banner.offsetHeight + "px";
  }

  function send(form, button) {
    var data = new FormData(form), media = form.closest("[data-cc-media]");
    data.append(button.name, button.value);
    if (privacySignal) data.append("gpc", "1");
    if (!data.has("declaration_version")) data.append("declaration_version", config.declarationVersion);
    return fetch(config.decide, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-Cookie-Consent-Fetch": "1" }
    }).then(function (response) {
      if (!response.ok) throw response;
      apply(true);
      var status = doc.getElementById("cc-status");
      if (status) status.textContent = status.dataset.ccSaved;
      if (media) showMedia(media, true, true);
      else if (form.closest("#cc-banner")) (doc.getElementById("main") || doc.body).focus({ preventScroll: true });
    });
  }

  root.classList.add("cc-js");
  apply();
  doc.addEventListener("DOMContentLoaded", function () {
    var banner = doc.getElementById("cc-banner");
    // First in the document, as GOV.UK does: the first thing a keyboard or screen reader meets.
    if (banner) doc.body.prepend(banner);
    apply();
  });
  addEventListener("resize", function () { apply(); });
  doc.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cc-load]");
    if (button) showMedia(button.closest("[data-cc-media]"), true, true); // this once, no record
  });
  doc.addEventListener("submit", function (event) {
    var form = event.target, button = event.submitter;
    if (form.getAttribute("action") !== config.decide || form.plainPost || !button) return;
    event.preventDefault();
    send(form, button).catch(function () {
      // The server is the judge: fall back to the plain form post that works without us.
      form.plainPost = true;
      form.requestSubmit(button);
    });
  });
})();
