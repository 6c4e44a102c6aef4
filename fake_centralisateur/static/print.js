// "Imprimer" on the documents opens the browser's print dialog (no inline script: see the CSP).
document.querySelectorAll("[data-print]").forEach((link) => {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
});
