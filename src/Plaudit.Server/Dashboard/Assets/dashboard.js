// Progressive enhancement for the dashboard: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" checkboxes toggle the row checkboxes of their form.
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    const form = all.form;
    const rows = () => form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`);
    all.hidden = false;
    all.closest("[hidden]")?.removeAttribute("hidden");
    all.addEventListener("change", () => { for (const row of rows()) row.checked = all.checked; });
  }
  // Buttons that ask before they do something that cannot be undone.
  for (const button of document.querySelectorAll("button[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }
});
