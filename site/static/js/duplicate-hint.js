// "Bestaat dit al?": while a scout types title and summary, show ideas and fieldlabs that look alike.
(function () {
    "use strict";
    var hint = document.querySelector("[data-duplicate-hint]");
    if (!hint) { return; }
    var title = document.getElementById("id_title");
    var summary = document.getElementById("id_summary");
    var list = hint.querySelector("ul");
    var timer = null;
    function update() {
        var text = (title.value + " " + summary.value).trim();
        if (text.length < 8) { hint.hidden = true; return; }
        var params = new URLSearchParams({q: text.slice(0, 400), page_size: "5"});
        fetch(hint.dataset.duplicateHint + "?" + params, {headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : {results: []}; })
            .then(function (data) {
                list.replaceChildren.apply(list, data.results.map(function (result) {
                    var item = document.createElement("li");
                    var link = document.createElement("a");
                    link.href = result.url;
                    link.target = "_blank";
                    link.rel = "noopener";
                    link.textContent = result.title;
                    item.appendChild(link);
                    return item;
                }));
                hint.hidden = data.results.length === 0;
            })
            .catch(function () { hint.hidden = true; });
    }
    [title, summary].forEach(function (field) {
        field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 400); });
    });
    update();
})();
