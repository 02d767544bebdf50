/* Workbench behaviour that the CSP keeps out of the templates (no inline script). */
(function () {
  "use strict";

  // Ask before posting a form that issues a decision or closes a case.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-xn-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Window registration: show the identifier fields of the chosen applicant type.
  function showApplicantFields() {
    var checked = document.querySelector('input[name="applicant_kind"]:checked');
    if (!checked) {
      return;
    }
    document.querySelectorAll("[data-xn-applicant]").forEach(function (element) {
      element.classList.toggle("d-none", element.getAttribute("data-xn-applicant") !== checked.value);
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "applicant_kind") {
      showApplicantFields();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showApplicantFields);
  } else {
    showApplicantFields();
  }
})();
