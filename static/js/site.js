// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // After htmx swaps content in, move focus to it and announce what changed, so keyboard
  // and screen-reader users know where they are.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) { return; } // a history restore swaps the whole page without a target
    // Live results (search as you type) must leave focus where the learner is typing.
    if (!target.hasAttribute("data-keep-focus")) {
      var focusEl = target.querySelector("[data-focus]") || target;
      if (!focusEl.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(focusEl.tagName)) {
        focusEl.setAttribute("tabindex", "-1");
      }
      focusEl.focus({ preventScroll: false });
    }
    var message = target.querySelector("[data-announce]");
    var announcer = document.getElementById("announcer");
    if (message && announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = message.getAttribute("data-announce"); }, 50);
    }
  });
})();
