// Suggestions for search boxes marked data-autocomplete: fills the input's <datalist>.
(function () {
    "use strict";
    document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
        var list = document.getElementById(input.getAttribute("list"));
        var timer = null;
        input.addEventListener("input", function () {
            clearTimeout(timer);
            var value = input.value.trim();
            if (value.length < 2) { return; }
            timer = setTimeout(function () {
                fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(value), {headers: {"Accept": "application/json"}})
                    .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
                    .then(function (data) {
                        list.replaceChildren.apply(list, data.suggestions.map(function (text) {
                            var option = document.createElement("option");
                            option.value = text;
                            return option;
                        }));
                    })
                    .catch(function () { /* suggestions are a convenience; typing goes on */ });
            }, 150);
        });
    });
})();
