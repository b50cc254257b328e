// A "Print" button for pages that have one (the voting receipt): shown only when scripts run;
// without them the browser's own Print works the same, thanks to the print styles.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
