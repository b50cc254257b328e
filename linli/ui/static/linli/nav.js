/* The main menu folds behind a "Menu" button on narrow screens (linli.css, "Phone layout").
   Without JavaScript the menu simply stays open: nothing depends on this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".main-nav");
    var button = nav && nav.querySelector(".nav-toggle");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  });
})();
