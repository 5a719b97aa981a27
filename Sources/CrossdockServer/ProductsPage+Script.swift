extension ProductsPage {
    /// Refreshes the import progress from `/api/v1/status` every 2 s while the import runs. The page is
    /// complete without it: the server renders the same figures.
    static let progressScript: HTML = """
        (function () {
          var box = document.getElementById("import-status");
          if (!box || box.dataset.state !== "importing") { return; }
          var labels = { not_started: "Not started", importing: "Importing", complete: "Complete" };
          var shown = document.getElementById("import-done").textContent;
          function set(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }
          function count(n) { return Number(n).toLocaleString("en-GB"); }
          function remaining(s) {
            if (s === null) { return "time left unknown"; }
            if (s < 60) { return "under a minute left"; }
            var m = Math.ceil(s / 60);
            if (m < 60) { return "about " + m + " min left"; }
            return "about " + Math.floor(m / 60) + " h " + (m % 60) + " min left";
          }
          function refresh() {
            fetch("/api/v1/status", { headers: { Accept: "application/json" }, credentials: "same-origin" })
              .then(function (response) { return response.ok ? response.json() : null; })
              .then(function (status) {
                if (!status) { return; }
                var c = status.catalog, bar = document.getElementById("import-progress");
                if (c.total > 0) {
                  bar.max = c.total;
                  bar.value = c.imported;
                  bar.textContent = c.imported + " of " + c.total;
                }
                set("import-done", count(c.imported));
                set("import-total", count(c.total));
                set("import-rate", c.rate_per_second.toFixed(1) + " per second");
                set("import-eta", c.state === "complete" ? "done" : remaining(c.eta_seconds));
                set("import-problem-count", count(c.problems));
                var badge = document.getElementById("import-state");
                badge.textContent = labels[c.state] || c.state;
                badge.className = "badge " + c.state;
                box.dataset.state = c.state;
                if (count(c.imported) !== shown) { document.getElementById("import-reload").hidden = false; }
                if (c.state !== "importing") { clearInterval(timer); }
              })
              .catch(function () {});
          }
          var timer = setInterval(refresh, 2000);
        })();
        """
}
