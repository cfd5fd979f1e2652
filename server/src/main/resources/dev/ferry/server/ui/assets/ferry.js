// Ferry's dashboard: shows every <time datetime> in the browser's own zone and language, on load
// and after each htmx swap; copies commands to the clipboard. Everything else is server-rendered;
// htmx does the updates.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  function localize(root) {
    root.querySelectorAll("time[datetime]:not([data-local])").forEach(function (element) {
      var when = new Date(element.getAttribute("datetime"));
      if (!isNaN(when.getTime())) {
        element.textContent = format.format(when);
        element.title = element.getAttribute("datetime");
        element.setAttribute("data-local", "");
      }
    });
  }
  // A button with data-copy puts that text on the clipboard (the schedules page's trigger commands).
  function copy(event) {
    var button = event.target.closest("button[data-copy]");
    if (!button || !navigator.clipboard) {
      return;
    }
    var status = document.querySelector(".copy-status");
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.textContent = "Copied";
      if (status) { status.textContent = "Copied to the clipboard."; }
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }, function () {
      if (status) { status.textContent = "The browser did not allow copying; select the command instead."; }
    });
  }
  document.addEventListener("click", copy);
  document.addEventListener("DOMContentLoaded", function () { localize(document); });
  document.addEventListener("htmx:afterSwap", function (event) { localize(event.target); });
  // Out-of-band swaps (a run's new log lines) are not afterSwap's target.
  document.addEventListener("htmx:oobAfterSwap", function (event) { localize(event.detail.target || event.target); });
  // What a run's event stream swaps in (its live part and new log lines); the times shown already are skipped.
  document.addEventListener("htmx:sseMessage", function () { localize(document); });

  // The Logs filter's days are the browser's days, as its times are: a hidden field sends the zone.
  document.addEventListener("DOMContentLoaded", function () {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var field = document.querySelector("input[data-browser-zone]");
    if (!zone || !field) {
      return;
    }
    field.value = zone;
    document.querySelectorAll("[data-zone-name]").forEach(function (name) { name.textContent = zone; });
  });
})();
