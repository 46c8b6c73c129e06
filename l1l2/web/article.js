// The article (l1l2 article): a reader who asks for less motion gets the clips paused on their poster, to
// play with their controls.
(function () {
  "use strict";
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  function apply() {
    for (const v of document.querySelectorAll("figure.clip video")) {
      if (still && still.matches) { v.autoplay = false; v.pause(); }
    }
  }
  apply();
  if (still && still.addEventListener) still.addEventListener("change", apply);
})();
