// Glossary terms in lessons: the server writes a link to the glossary followed by a hidden
// definition (learn.rendering.link_glossary_terms). Here each link becomes a disclosure
// button that shows the definition in place. Buttons answer to click, Enter and Space by
// themselves; Escape closes the definition. Without this file the links still work.
(function () {
  "use strict";

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a.term[data-definition]"), function (link) {
      var definition = document.getElementById(link.getAttribute("data-definition"));
      if (!definition) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "term";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", definition.id);
      button.textContent = link.textContent;
      link.parentNode.replaceChild(button, link);
    });
  }

  function setOpen(button, open) {
    var definition = document.getElementById(button.getAttribute("aria-controls"));
    if (!definition) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    definition.hidden = !open;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.term[aria-controls]");
    if (button) {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var active = document.activeElement;
    var definition = active && active.closest && active.closest(".term-definition");
    var button = definition ?
      document.querySelector('button.term[aria-controls="' + definition.id + '"]') :
      (active && active.matches && active.matches("button.term[aria-controls]") ? active : null);
    if (button && button.getAttribute("aria-expanded") === "true") {
      setOpen(button, false);
      button.focus();
      event.preventDefault();
    }
  });

  enhance(document);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target) { enhance(event.detail.target); }
  });
})();
