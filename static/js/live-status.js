// Fills in the parts of cached pages that change by the minute (seats, "live now") from the
// uncached roadshow status endpoint. No inline script: the Content-Security-Policy allows none.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status-url");
  var marked = document.querySelectorAll("[data-session-status], [data-session-live]");
  if (!url || !marked.length) return;
  var ids = {};
  marked.forEach(function (el) {
    ids[el.getAttribute("data-session-status") || el.getAttribute("data-session-live")] = true;
  });
  fetch(url + "?ids=" + Object.keys(ids).join(","), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { sessions: {} }; })
    .then(function (data) {
      document.querySelectorAll("[data-session-status]").forEach(function (el) {
        var status = data.sessions[el.getAttribute("data-session-status")];
        if (status) el.textContent = status[el.getAttribute("data-show") || "seats"];
      });
      document.querySelectorAll("[data-session-live]").forEach(function (el) {
        var status = data.sessions[el.getAttribute("data-session-live")];
        el.hidden = !(status && status.live);
      });
    })
    .catch(function () { /* the page stays whole without the figures */ });
})();
