/* A "print" button (the CSP keeps every script out of the templates). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-xn-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
