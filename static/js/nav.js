// The phone menu: the toggle shows and hides the main navigation. Without this script the
// navigation simply stays open (the button stays hidden), so nothing depends on it.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".nav-toggle");
  if (!toggle) {
    return;
  }
  header.classList.add("nav-collapsible");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = header.classList.toggle("nav-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
