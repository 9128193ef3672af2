// Display settings: a change shows at once and is saved in the background. Without this
// file the same forms post normally and the server applies the settings on the next page.
(function () {
  "use strict";

  var root = document.documentElement;
  var saving = Promise.resolve();

  function forms() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-display-form]"));
  }

  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer || !text) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // Class names follow msportal/display.py: display-<setting>-<value>, "_" written as "-".
  function applyClass(key, value) {
    var prefix = "display-" + key.replace(/_/g, "-") + "-";
    Array.prototype.slice.call(root.classList).forEach(function (name) {
      if (name.indexOf(prefix) === 0) root.classList.remove(name);
    });
    root.classList.add(prefix + value);
  }

  // The panel and the full page can both be on screen: keep their radios in step.
  function check(key, value) {
    forms().forEach(function (form) {
      var radios = form.querySelectorAll('input[type="radio"][name="' + key + '"]');
      Array.prototype.forEach.call(radios, function (radio) { radio.checked = radio.value === value; });
    });
  }

  function valuesOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-display-setting]"), function (group) {
      var key = group.getAttribute("data-display-setting");
      var checked = group.querySelector('input[type="radio"]:checked');
      if (checked) values[key] = checked.value;
    });
    return values;
  }

  function save(form) {
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    var body = JSON.stringify(valuesOf(form));
    // One save at a time, in order, so the last choice is the one that is kept.
    saving = saving.then(function () {
      return fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": token ? token.value : ""
        },
        body: body
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        announce(form.getAttribute("data-msg-saved"));
      }).catch(function () {
        announce(form.getAttribute("data-msg-not-saved"));
      });
    });
  }

  function onChange(event) {
    var input = event.target;
    if (input.type !== "radio" || !input.checked) return;
    applyClass(input.name, input.value);
    check(input.name, input.value);
    save(event.currentTarget);
  }

  function onSubmit(event) {
    var form = event.currentTarget;
    var submitter = event.submitter || document.activeElement;
    event.preventDefault();
    if (submitter && submitter.name === "reset") {
      Array.prototype.forEach.call(form.querySelectorAll("[data-display-setting]"), function (group) {
        var key = group.getAttribute("data-display-setting");
        var value = group.getAttribute("data-default");
        applyClass(key, value);
        check(key, value);
      });
    }
    save(form);
  }

  function wire() {
    if (typeof window.fetch !== "function") return;
    forms().forEach(function (form) {
      form.addEventListener("change", onChange);
      form.addEventListener("submit", onSubmit);
    });
  }

  // Escape closes the open Display panel that focus is in, and focus goes back to its toggle.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var panel = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("details.display-panel[open]") : null;
    if (!panel) return;
    panel.open = false;
    var toggle = panel.querySelector("summary");
    if (toggle) toggle.focus();
    event.preventDefault();
  });

  // Printing: open closed disclosures (FAQ answers, quiz reviews) so paper shows them all.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("main details:not([open])"), function (el) {
      el.open = true;
      openedForPrint.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (el) { el.open = false; });
    openedForPrint = [];
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
