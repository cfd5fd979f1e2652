// Ferry's dashboard: shows every <time datetime> in the browser's own zone and language, on load
// and after each htmx swap. Everything else is server-rendered; htmx does the updates.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  function localize(root) {
    root.querySelectorAll("time[datetime]").forEach(function (element) {
      var when = new Date(element.getAttribute("datetime"));
      if (!isNaN(when.getTime())) {
        element.textContent = format.format(when);
        element.title = element.getAttribute("datetime");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localize(document); });
  document.addEventListener("htmx:afterSwap", function (event) { localize(event.target); });
  // Out-of-band swaps (a run's new log lines) are not afterSwap's target.
  document.addEventListener("htmx:oobAfterSwap", function (event) { localize(event.detail.target || event.target); });
})();
