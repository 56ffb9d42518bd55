/*
 * The editor shows the fields of the kind chosen.
 *
 * A page whose edit form has a `kind` select can mark its panels with
 *   data-kind-panel="funding event"        the kinds the panel belongs to
 *   data-kind-requires="consultation funding" and data-kind-requires-field="deadline"
 *                                          the kinds for which that field is required.
 * Panels of other kinds are hidden (their values are kept and still sent), the chosen kind's
 * panels are expanded, and a field the kind requires is marked like Wagtail's required fields.
 * A panel holding an error message or a filled-in field is never hidden: a news post that still
 * carries a deadline shows it, so the editor can see it and clear it. The server's validation is unchanged and
 * remains the safety net: this only decides what the editor sees.
 */
(function () {
  "use strict";

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function expand(panel) {
    var toggle = panel.querySelector("[data-panel-toggle]");
    if (toggle && toggle.getAttribute("aria-expanded") === "false") {
      toggle.click();
    }
  }

  function hasValue(panel) {
    var fields = panel.querySelectorAll(
      "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, select"
    );
    return Array.prototype.some.call(fields, function (field) {
      return field.value.trim() !== "";
    });
  }

  function markRequired(form, panel, kind) {
    var name = panel.getAttribute("data-kind-requires-field");
    if (!name) return;
    var input = form.querySelector('[name="' + name + '"]');
    var label = input && input.id ? form.querySelector('label[for="' + input.id + '"]') : null;
    if (!input || !label) return;
    var required = words(panel.getAttribute("data-kind-requires")).indexOf(kind) !== -1;
    var mark = label.querySelector("[data-kind-required-mark]");
    if (required && !mark && !label.querySelector(".w-required-mark")) {
      mark = document.createElement("span");
      mark.className = "w-required-mark";
      mark.setAttribute("data-kind-required-mark", "");
      mark.textContent = "*";
      label.appendChild(mark);
    } else if (!required && mark) {
      mark.remove();
    }
    if (required) {
      input.setAttribute("aria-required", "true");
    } else {
      input.removeAttribute("aria-required");
    }
  }

  function apply(form, select) {
    var kind = select.value;
    form.querySelectorAll("[data-kind-panel]").forEach(function (panel) {
      var belongs = words(panel.getAttribute("data-kind-panel")).indexOf(kind) !== -1;
      var hasError = panel.querySelector(".error-message, .w-field--error") !== null;
      panel.hidden = !belongs && !hasError && !hasValue(panel);
      if (belongs) {
        expand(panel);
      }
      markRequired(form, panel, kind);
    });
  }

  function init() {
    var select = document.querySelector('form select[name="kind"]');
    if (!select || !select.form || !select.form.querySelector("[data-kind-panel]")) return;
    var form = select.form;
    // On load too: the kind's own panels open even where they start collapsed.
    apply(form, select);
    select.addEventListener("change", function () {
      apply(form, select);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      window.requestAnimationFrame(init);
    });
  } else {
    window.requestAnimationFrame(init);
  }
})();
