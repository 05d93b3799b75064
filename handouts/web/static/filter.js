// Type to filter the drug list. Optional: without this script the list works as it is.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-filters]")) {
    const select = document.getElementById(input.dataset.filters);
    if (!select) continue;
    input.closest(".filter").hidden = false;
    input.addEventListener("input", () => {
      const wanted = input.value.trim().toLocaleLowerCase();
      let first = null;
      for (const option of select.options) {
        const shown = option.text.toLocaleLowerCase().includes(wanted) || option.value.includes(wanted);
        option.hidden = !shown;
        if (shown && !first) first = option;
      }
      if (first && (select.selectedOptions.length === 0 || select.selectedOptions[0].hidden)) first.selected = true;
    });
  }
});
