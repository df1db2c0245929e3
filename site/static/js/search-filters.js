// Search filters that apply as soon as a box is ticked or a sort order chosen. Without JavaScript
// the form works with its buttons; with it, the buttons are hidden and a hint says that changes
// apply at once (WCAG 3.2.2: the behaviour is announced before it happens).
//
// Applying reloads the page. Afterwards the focus goes back to the box or select that was changed,
// not to the results: a keyboard or screen-reader user who ticks several values goes on where they
// were instead of tabbing through the sidebar again, and a status message reads out the new
// number of results. When the changed control is gone, the focus goes to the results.
(function () {
    "use strict";
    var STORAGE_KEY = "veldwerk-changed-search-filter";
    var changed = takeRememberedChange();  // taken on every search page, so it never lingers
    var form = document.querySelector("form[data-apply-on-change]");
    if (!form) { return; }
    var hint = document.querySelector("[data-apply-hint]");

    document.querySelectorAll("[data-apply-button]").forEach(function (button) { button.hidden = true; });
    if (hint) {
        // Described once for the form and once for the sort select, which sits apart above the
        // results; not on every box, where a screen reader would repeat it at each one.
        hint.hidden = false;
        form.setAttribute("aria-describedby", hint.id);
        Array.prototype.forEach.call(form.elements, function (control) {
            if (!form.contains(control)) { control.setAttribute("aria-describedby", hint.id); }
        });
    }

    function remember(control) {
        try {
            sessionStorage.setItem(STORAGE_KEY, JSON.stringify({name: control.name, value: control.value}));
        } catch (error) { /* storage refused: the page still applies the change, focus starts at the top */ }
    }

    function takeRememberedChange() {
        try {
            var stored = sessionStorage.getItem(STORAGE_KEY);
            sessionStorage.removeItem(STORAGE_KEY);
            return stored && JSON.parse(stored);
        } catch (error) { return null; }
    }

    // A select linked with form="…" sits outside the form, so its change does not bubble to the form.
    document.addEventListener("change", function (event) {
        var control = event.target;
        if (control.form !== form || !(control.type === "checkbox" || control.tagName === "SELECT")) { return; }
        remember(control);
        form.requestSubmit();
    });

    if (!changed) { return; }
    var control = Array.prototype.find.call(form.elements, function (element) {
        return element.name === changed.name && (element.tagName === "SELECT" || element.value === changed.value);
    });
    (control || document.getElementById("resultaten")).focus();
    var status = document.querySelector("[data-results-status]");
    var heading = document.getElementById("results-heading");
    // Filled after the focus moved, so screen readers read the focused control first, then this.
    window.setTimeout(function () { status.textContent = heading.textContent; }, 500);
})();
