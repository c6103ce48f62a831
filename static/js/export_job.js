// Export job page: poll the status endpoint until the file is ready or the job failed.
(function () {
  "use strict";
  var root = document.getElementById("export-job");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var field = function (name) { return root.querySelector('[data-field="' + name + '"]'); };
  var bar = document.getElementById("export-progress");

  function show(status) {
    field("state_label").textContent = status.state_label;
    field("progress").textContent = status.progress;
    bar.value = status.progress;
    if (status.download_url) { field("download").hidden = false; }
    if (status.error) { field("error").textContent = status.error; field("error").hidden = false; }
    return status.state === "done" || status.state === "failed";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) { if (!show(status)) { window.setTimeout(poll, 2000); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
