// Quiz time limit: keeps "about N minutes left" current. The page works without this file:
// the server writes the same text and enforces the deadline.
//
// The minutes text is NOT a live region, so screen readers are not interrupted every minute.
// Only two moments are announced, through the page's #announcer: 5 minutes and 1 minute left
// (and once when the time is up).
(function () {
  "use strict";

  var announced = {};

  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer || !text) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function tick() {
    var box = document.querySelector(".time-left[data-deadline]");
    if (!box) { return; }
    var deadline = Date.parse(box.getAttribute("data-deadline"));
    if (isNaN(deadline)) { return; }
    var seconds = (deadline - Date.now()) / 1000;
    var minutes = Math.ceil(seconds / 60);
    var text;
    if (seconds <= 0) {
      text = box.getAttribute("data-text-over");
    } else if (minutes > 1) {
      text = box.getAttribute("data-text-many").replace("__N__", String(minutes));
    } else if (seconds > 45) {
      text = box.getAttribute("data-text-one");
    } else {
      text = box.getAttribute("data-text-less");
    }
    // The server writes the deadline in its own time zone; show it in the learner's.
    var until = box.querySelector(".time-left__until");
    if (until && !until.hasAttribute("data-local")) {
      until.textContent = new Date(deadline).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      until.setAttribute("data-local", "");
    }
    var span = box.querySelector(".time-left__minutes");
    if (span && span.textContent !== text) { span.textContent = text; }

    var key = box.getAttribute("data-deadline");
    var state = announced[key] || (announced[key] = { start: minutes });
    // Announce a moment only when we saw it arrive, not when the page opened after it.
    if (minutes <= 5 && state.start > 5 && !state.five) {
      state.five = true;
      announce(box.getAttribute("data-say-five"));
    }
    if (minutes <= 1 && state.start > 1 && !state.one) {
      state.one = true;
      announce(box.getAttribute("data-say-one"));
    }
    if (seconds <= 0 && state.start > 0 && !state.over) {
      state.over = true;
      announce(box.getAttribute("data-say-over"));
    }
  }

  function start() {
    tick();
    window.setInterval(tick, 60 * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
