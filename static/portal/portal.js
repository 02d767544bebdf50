/* The portal's small behaviours (the CSP keeps every script out of the templates). */
(function () {
  "use strict";

  // The "print" button of a service guide.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-xn-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
