// Time zone on signup: choose the device's own zone in the visible select, so the person
// sees what will be saved and can change it. Without this file the select keeps the site's
// zone, and the zone can be changed later in Account settings.
(function () {
  "use strict";

  function deviceZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function preselect() {
    var zone = deviceZone();
    Array.prototype.slice.call(document.querySelectorAll("select[data-detect-time-zone]")).forEach(
      function (select) {
        // Only a zone the list offers (old aliases such as Asia/Calcutta are not in it).
        var option = Array.prototype.slice.call(select.options).filter(function (item) {
          return item.value === zone;
        })[0];
        if (!option || select.value === zone) return;
        select.value = zone;
        var note = select.form && select.form.querySelector("[data-time-zone-note]");
        if (note) note.hidden = false;
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", preselect);
  } else {
    preselect();
  }
})();
