// Optional enhancement only: every page works without it. Submits the language form on change.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("lang-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
});
