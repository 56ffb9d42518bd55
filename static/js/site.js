// Progressive enhancement for every public page. Without this script the pages still work:
// the Menu link jumps to the menu, filters stay open and error links move focus as links do.
(function () {
  "use strict";

  // Below this width the listings show filters above the results (see hub.css).
  var NARROW = window.matchMedia("(max-width: 59.99rem)");

  // The header's Menu link becomes a button that shows and hides the menu.
  function enhanceMenu() {
    var link = document.querySelector("[data-menu-toggle]");
    if (!link) return;
    var menu = document.getElementById(link.getAttribute("href").slice(1));
    if (!menu) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("aria-controls", menu.id);
    // Someone who followed the link before the script ran finds the menu still open.
    var open = window.location.hash === "#" + menu.id;
    function show(isOpen) {
      open = isOpen;
      button.setAttribute("aria-expanded", String(isOpen));
      menu.classList.toggle("site-menu--open", isOpen);
    }
    menu.classList.add("site-menu--enhanced");
    show(open);
    link.replaceWith(button);
    button.addEventListener("click", function () {
      show(!open);
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) {
        show(false);
        button.focus();
      }
    });
  }

  // Filters are open without the script; on a narrow screen they fold behind their summary,
  // so the first result shows on the first screen. Turning a tablet round refolds or opens them.
  function fitFilters() {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      details.open = !NARROW.matches;
    });
  }

  // The error summary lists errors in the form's field order; the page may show the fields in
  // another order, and people expect the list to follow the page.
  function orderErrorLinks(summary) {
    var list = summary.querySelector("ul");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var targets = new Map();
    items.forEach(function (item) {
      var link = item.querySelector("a[href^='#']");
      targets.set(item, link && document.getElementById(link.hash.slice(1)));
    });
    items.sort(function (a, b) {
      var first = targets.get(a);
      var second = targets.get(b);
      if (!first || !second) return first ? 1 : second ? -1 : 0; // errors without a field first
      return first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    items.forEach(function (item) {
      list.appendChild(item);
    });
  }

  // Following an error link to a group of checkboxes or radios: focus the first option, but
  // show the whole group from its question (legend) and error, not the first box alone.
  function enhanceErrorLinks(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.hash.slice(1));
      if (!field) return;
      var group = field.closest("fieldset") || field.closest(".form-field") || field;
      event.preventDefault();
      group.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // Move focus where the page asks: the error summary after a failed submit, or the results
  // heading after filtering. Not when the address points somewhere else on the page.
  function moveFocus() {
    if (window.location.hash && window.location.hash !== "#") return;
    var target = document.querySelector("[data-autofocus]");
    if (target) target.focus();
  }

  enhanceMenu();
  fitFilters();
  NARROW.addEventListener("change", fitFilters);
  document.querySelectorAll("[data-error-summary]").forEach(function (summary) {
    orderErrorLinks(summary);
    enhanceErrorLinks(summary);
  });
  moveFocus();
})();
