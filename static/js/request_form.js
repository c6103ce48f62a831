// Request form: show only the options that apply. Without this script every field stays visible
// and the form works the same; hidden fields are ignored by the server when they do not apply.
(function () {
  "use strict";
  var form = document.getElementById("request-form");
  if (!form) return;
  var copyFields = document.getElementById("copy-fields");
  var legalFields = document.getElementById("legal-entity-fields");
  var representative = document.getElementById("representative-fields");

  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function hasError(block) {
    return block.querySelector(".has-error") !== null;
  }

  function update() {
    var access = checked("access_method");
    var type = checked("applicant_type");
    // Hide the copy options only once "melihat" is chosen, never while they carry an error.
    copyFields.hidden = access !== "" && access !== copyFields.dataset.showFor && !hasError(copyFields);
    legalFields.hidden = type !== legalFields.dataset.showFor && !hasError(legalFields);
    if (type === "kelompok_orang") representative.open = true;
  }

  form.addEventListener("change", update);
  update();

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
