// Editors' admin: a live preview of Markdown fields, and numbering for new source rows.
// A static file because the Content-Security-Policy forbids inline scripts. Without it the
// form still works: the saved version is shown on the page after saving.
(function () {
  "use strict";

  var DELAY_MS = 800;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUpPreview(textarea) {
    var data = textarea.dataset;
    var box = document.createElement("section");
    box.className = "markdown-preview";
    box.setAttribute("aria-label", data.previewTitle);

    var bar = document.createElement("div");
    bar.className = "markdown-preview-bar";
    var heading = document.createElement("h3");
    heading.textContent = data.previewTitle;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = data.previewButton;
    var status = document.createElement("span");
    status.className = "markdown-preview-status";
    status.setAttribute("role", "status");
    bar.append(heading, button, status);

    var body = document.createElement("div");
    body.className = "markdown-preview-body";
    box.append(bar, body);
    (textarea.closest(".form-row") || textarea.parentNode).append(box);

    var timer = null;
    var latest = 0;

    function update(announce) {
      var request = ++latest;
      fetch(data.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
        body: new URLSearchParams({ source: textarea.value }),
      })
        .then(function (response) {
          return response.json().catch(function () { return {}; });
        })
        .then(function (result) {
          if (request !== latest) { return; } // A newer preview is on its way.
          if (typeof result.html === "string") {
            // Rendered and sanitised by the server (learn.rendering.render_markdown).
            body.innerHTML = result.html;
            status.textContent = announce ? data.previewDone : "";
          } else {
            status.textContent = result.error || data.previewProblem;
          }
        })
        .catch(function () {
          if (request === latest) { status.textContent = data.previewProblem; }
        });
    }

    button.addEventListener("click", function () { update(true); });
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { update(false); }, DELAY_MS);
    });
    update(false);
  }

  // A new source row gets the number after the highest row that names a source, so editors
  // rarely type numbers themselves.
  document.addEventListener("formset:added", function (event) {
    if (event.detail.formsetName !== "citations") { return; }
    var row = event.target;
    var own = row.querySelector("input[name$='-position']");
    var group = row.closest(".inline-group");
    if (!own || !group) { return; }
    var highest = 0;
    group.querySelectorAll("input[name$='-position']").forEach(function (input) {
      var reference = input.closest("tr, .inline-related");
      reference = reference && reference.querySelector("select[name$='-reference']");
      if (input !== own && reference && reference.value) {
        highest = Math.max(highest, parseInt(input.value, 10) || 0);
      }
    });
    own.value = String(highest + 1);
  });

  function init() {
    document.querySelectorAll("textarea[data-preview-url]").forEach(setUpPreview);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
