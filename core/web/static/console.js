// Optional enhancement only: every page works without it.
(function () {
  var KEY = "shequ.form";

  function sameAction(form) {
    var action = form.getAttribute("action") || "";
    var all = [];
    for (var i = 0; i < document.forms.length; i++) {
      if ((document.forms[i].getAttribute("action") || "") === action) all.push(document.forms[i]);
    }
    return { action: action, list: all };
  }

  function fieldKey(el) {
    return el.type === "checkbox" || el.type === "radio" ? el.name + "=" + el.value : el.name;
  }

  function skipped(el) {
    return !el.name || el.disabled || /^(password|hidden|file|submit|button|reset)$/.test(el.type);
  }

  // Forms keep what was typed when the server refuses it: just before a form is posted its
  // values are kept for this tab; the next page puts them back if it shows an error, and
  // forgets them either way.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.sessionStorage || (form.method || "").toLowerCase() !== "post") return;
    var values = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (skipped(el)) continue;
      values[fieldKey(el)] = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value;
    }
    var found = sameAction(form);
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ action: found.action, index: found.list.indexOf(form), values: values }));
    } catch (e) { /* storage full or disabled: nothing to keep */ }
  });

  function restore() {
    var raw = window.sessionStorage && sessionStorage.getItem(KEY);
    if (!raw) return;
    sessionStorage.removeItem(KEY);
    if (!document.querySelector(".flash.error")) return;
    var saved = JSON.parse(raw);
    var form = null;
    for (var i = 0, n = 0; i < document.forms.length; i++) {
      if ((document.forms[i].getAttribute("action") || "") !== saved.action) continue;
      if (n++ === saved.index) { form = document.forms[i]; break; }
    }
    if (!form) return;
    for (var j = 0; j < form.elements.length; j++) {
      var el = form.elements[j];
      if (skipped(el) || !(fieldKey(el) in saved.values)) continue;
      if (el.type === "checkbox" || el.type === "radio") el.checked = saved.values[fieldKey(el)];
      else el.value = saved.values[fieldKey(el)];
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("lang-select");
    if (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    }
    restore();
  });
})();
