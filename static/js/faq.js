// The FAQ page: an answer's address (/faq/#slug) opens that answer's disclosure, on arrival
// and when the address changes, as browsers do not all open a <details> for a fragment.
(function () {
  "use strict";

  function openFromAddress() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var answer = id && document.getElementById(id);
    if (!answer || answer.tagName !== "DETAILS") return;
    answer.open = true;
    answer.scrollIntoView();
  }

  openFromAddress();
  window.addEventListener("hashchange", openFromAddress);
})();
