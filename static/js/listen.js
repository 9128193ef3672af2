// "Listen": read a lesson or a quiz question aloud with the browser's own speech.
// Markup: templates/includes/_listen.html. Nothing is shown or spoken without a click.
(function () {
  "use strict";

  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;  // the buttons stay hidden
  }

  var synth = window.speechSynthesis;
  // Not read: marked by templates, the Listen buttons, citation numbers, hidden things.
  var SKIP = "[data-listen-skip], .listen, .citation, .visually-hidden, script, style, noscript, " +
    "template, [hidden], [aria-hidden='true']";
  var BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|DD|DETAILS|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LABEL|LEGEND|LI|OL|P|PRE|SECTION|SUMMARY|TABLE|TD|TH|TR|UL)$/;
  // Short pieces: some browsers stop speaking part-way through long ones.
  var MAX_CHUNK = 200;

  var active = null;  // the player that is speaking or paused
  var run = 0;        // bumped on every start and stop, so late events from old speech are ignored

  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (!announcer || !text) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function findTarget(container) {
    try {
      return document.querySelector(container.getAttribute("data-listen-target") || "");
    } catch (error) {
      return null;  // not a valid selector
    }
  }

  function blocksOf(target) {
    var blocks = [];
    var text = "";
    function flush() {
      var clean = text.replace(/\s+/g, " ").trim();
      if (clean) blocks.push(clean);
      text = "";
    }
    function walk(node) {
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === Node.TEXT_NODE) {
          text += child.nodeValue;
        } else if (child.nodeType === Node.ELEMENT_NODE && !child.matches(SKIP)) {
          var block = BLOCK.test(child.tagName);
          if (block) flush();
          if (child.tagName === "IMG" && child.alt) text += " " + child.alt + " ";
          walk(child);
          if (block) flush();
        }
      });
    }
    walk(target);
    flush();
    return blocks;
  }

  function chunksOf(block) {
    var sentences = block.match(/[^.!?]+(?:[.!?]+["'\u201d\u2019)\]]*|$)\s*/g) || [block];
    var chunks = [];
    var buffer = "";
    sentences.forEach(function (sentence) {
      if (buffer && (buffer + sentence).length > MAX_CHUNK) {
        chunks.push(buffer.trim());
        buffer = "";
      }
      while (sentence.length > MAX_CHUNK) {
        var cut = sentence.lastIndexOf(" ", MAX_CHUNK);
        if (cut < MAX_CHUNK / 2) cut = MAX_CHUNK;
        chunks.push(sentence.slice(0, cut).trim());
        sentence = sentence.slice(cut);
      }
      buffer += sentence;
    });
    if (buffer.trim()) chunks.push(buffer.trim());
    return chunks;
  }

  function player(container) {
    if (!container.msportalListen) {
      container.msportalListen = { container: container, state: "idle", chunks: [], index: 0 };
    }
    return container.msportalListen;
  }

  function button(p, action) {
    return p.container.querySelector('[data-listen-action="' + action + '"]');
  }

  // Pause and Stop do nothing while nothing is read: then they are aria-disabled and out of
  // the Tab order, so the way from Listen to the text is one Tab. Listen itself stays in
  // the Tab order, so focus stays where the learner pressed it; when reading stops, focus on
  // Pause or Stop goes back to Listen.
  function enable(control, on, tabbable) {
    if (!control) return;
    control.setAttribute("aria-disabled", String(!on));
    if (on || tabbable) control.removeAttribute("tabindex");
    else control.setAttribute("tabindex", "-1");
  }

  function render(p) {
    var play = button(p, "play");
    var pause = button(p, "pause");
    var stop = button(p, "stop");
    var focused = document.activeElement;
    enable(play, p.state === "idle", true);
    enable(pause, p.state !== "idle", false);
    if (pause) {
      pause.textContent = p.container.getAttribute(
        p.state === "paused" ? "data-label-resume" : "data-label-pause"
      );
    }
    enable(stop, p.state !== "idle", false);
    if (play && (focused === pause || focused === stop) && p.state === "idle") play.focus();
  }

  function message(p, name) {
    announce(p.container.getAttribute("data-msg-" + name));
  }

  function silence() {
    synth.cancel();
    if (synth.paused) synth.resume();  // a paused engine would swallow the next speech
  }

  function finish(p, name) {
    run += 1;
    silence();
    p.state = "idle";
    p.index = 0;
    if (active === p) active = null;
    render(p);
    if (name) message(p, name);
  }

  function speakNext(p, myRun) {
    if (myRun !== run) return;
    if (p.index >= p.chunks.length) {
      finish(p, "end");
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(p.chunks[p.index]);
    utterance.lang = document.documentElement.lang || "";
    utterance.onend = function () {
      if (myRun !== run) return;
      p.index += 1;
      speakNext(p, myRun);
    };
    utterance.onerror = function (event) {
      if (myRun !== run || event.error === "interrupted" || event.error === "canceled") return;
      // No voice installed, or the engine refused: say so rather than "stopped".
      finish(p, "failed");
    };
    synth.speak(utterance);
  }

  function start(p) {
    if (active && active !== p) finish(active, null);
    var target = findTarget(p.container);
    var chunks = [];
    if (target) {
      blocksOf(target).forEach(function (block) { chunks = chunks.concat(chunksOf(block)); });
    }
    if (!chunks.length) {
      message(p, "empty");
      return;
    }
    run += 1;
    silence();
    active = p;
    p.chunks = chunks;
    p.index = 0;
    p.state = "playing";
    render(p);
    message(p, "start");
    speakNext(p, run);
  }

  function togglePause(p) {
    if (p.state === "playing") {
      synth.pause();
      p.state = "paused";
      message(p, "pause");
    } else if (p.state === "paused") {
      synth.resume();
      p.state = "playing";
      message(p, "resume");
    }
    render(p);
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest(".listen [data-listen-action]") : null;
    if (!control || control.getAttribute("aria-disabled") === "true") return;
    var p = player(control.closest(".listen"));
    var action = control.getAttribute("data-listen-action");
    if (action === "play") start(p);
    else if (action === "pause") togglePause(p);
    else if (action === "stop" && p.state !== "idle") finish(p, "stop");
  });

  // Show the buttons only where there is something to read.
  function reveal() {
    Array.prototype.forEach.call(document.querySelectorAll(".listen[hidden]"), function (container) {
      if (findTarget(container)) {
        render(player(container));
        container.hidden = false;
      }
    });
  }

  // htmx swaps quiz questions: stop reading text that has gone, wire the new buttons.
  document.addEventListener("htmx:afterSwap", function () {
    if (active && !document.contains(active.container)) finish(active, null);
  });
  document.addEventListener("htmx:load", function () { reveal(); });
  // Some browsers keep speaking after the page has gone.
  window.addEventListener("pagehide", function () { synth.cancel(); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(); });
  } else {
    reveal();
  }
})();
